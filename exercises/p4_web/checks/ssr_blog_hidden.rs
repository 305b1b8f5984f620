//! Tutor-owned tests for `ssr_blog`: slugs, escaping and configuration.

#[path = "../ssr_blog.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex::config::Config;
    use super::ex::repository::PostRepo;
    use super::ex::service::{BlogService, slugify};
    use super::ex::web::app;
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use tower::ServiceExt;

    #[test]
    fn hidden_slugs() {
        assert_eq!(slugify("A  B"), "a-b");
        assert_eq!(slugify("Ünïcode & Co."), "n-code-co");
        assert_eq!(slugify("x"), "x");
        assert_eq!(slugify(""), "post");
        assert_eq!(slugify("C++ > C"), "c-c");
    }

    #[test]
    fn hidden_config() {
        let v = |k: &str, val: &str| vec![(k.to_string(), val.to_string())];
        assert_eq!(
            Config::from_vars(v("APP_POSTS_PER_PAGE", "x"))
                .unwrap_err()
                .var,
            "APP_POSTS_PER_PAGE"
        );
        assert_eq!(
            Config::from_vars(v("APP_PORT", "-1")).unwrap_err().var,
            "APP_PORT"
        );
        assert_eq!(
            Config::from_vars(v("APP_PORT", "65535")).unwrap().port,
            65535
        );
        assert_eq!(
            Config::from_vars(v("APP_SITE_NAME", "Z"))
                .unwrap()
                .site_name,
            "Z"
        );
    }

    #[tokio::test]
    async fn hidden_escaping_everywhere() {
        let config = Config {
            port: 0,
            site_name: "<b>site</b>".into(),
            posts_per_page: 3,
        };
        let blog = BlogService::new(PostRepo::in_memory().unwrap(), 3);
        blog.publish("\"quotes\" & <tags>", "<img src=x onerror=alert(1)>")
            .unwrap();
        blog.publish("\"quotes\" & <tags>", "same title").unwrap();
        let router = app(&config, blog);
        for uri in [
            "/",
            "/posts/quotes-tags",
            "/posts/quotes-tags-2",
            "/missing",
        ] {
            let resp = router
                .clone()
                .oneshot(Request::builder().uri(uri).body(Body::empty()).unwrap())
                .await
                .unwrap();
            let status = resp.status();
            let html = String::from_utf8(
                axum::body::to_bytes(resp.into_body(), 1 << 20)
                    .await
                    .unwrap()
                    .to_vec(),
            )
            .unwrap();
            let expected = if uri == "/missing" {
                StatusCode::NOT_FOUND
            } else {
                StatusCode::OK
            };
            assert_eq!(status, expected, "{uri}");
            assert!(!html.contains("<b>site</b>"), "{uri}: {html}");
            assert!(
                !html.contains("<tags>") && !html.contains("<img"),
                "{uri}: {html}"
            );
        }
    }
}
