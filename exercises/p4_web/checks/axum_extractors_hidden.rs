//! Tutor-owned tests for `axum_extractors`: the same API, other requests.

#[path = "../axum_extractors.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex::*;
    use axum::Router;
    use axum::body::Body;
    use axum::http::{Method, Request, StatusCode, header};
    use serde_json::{Value, json};
    use tower::ServiceExt;

    async fn send(
        app: &Router,
        method: Method,
        uri: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value, Option<String>) {
        let mut req = Request::builder().method(method).uri(uri);
        let body = match body {
            Some(v) => {
                req = req.header(header::CONTENT_TYPE, "application/json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        let resp = app.clone().oneshot(req.body(body).unwrap()).await.unwrap();
        let status = resp.status();
        let location = resp
            .headers()
            .get(header::LOCATION)
            .map(|v| v.to_str().unwrap().to_string());
        let bytes = axum::body::to_bytes(resp.into_body(), 1 << 20)
            .await
            .unwrap();
        let value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        (status, value, location)
    }

    #[tokio::test]
    async fn hidden_full_flow() {
        let app = app(AppState::default());
        for i in 0..7 {
            let (status, item, location) = send(
                &app,
                Method::POST,
                "/items",
                Some(json!({ "title": format!("n{i}") })),
            )
            .await;
            assert_eq!(status, StatusCode::CREATED);
            assert_eq!(
                location.as_deref(),
                Some(format!("/items/{}", i + 1).as_str())
            );
            assert_eq!(item["done"], false);
        }
        let (status, _, _) = send(
            &app,
            Method::PATCH,
            "/items/3",
            Some(json!({ "title": "renamed", "done": true })),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let (status, _, _) = send(
            &app,
            Method::PATCH,
            "/items/4",
            Some(json!({ "title": "" })),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (_, item, _) = send(&app, Method::GET, "/items/4", None).await;
        assert_eq!(item["title"], "n3", "a rejected patch changes nothing");
        let (status, _, _) = send(&app, Method::DELETE, "/items/5", None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (_, page, _) = send(&app, Method::GET, "/items?offset=2&limit=3", None).await;
        let ids: Vec<u64> = page
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_u64().unwrap())
            .collect();
        assert_eq!(ids, vec![3, 4, 6]);
        let (_, done, _) = send(&app, Method::GET, "/items?done=true&limit=100", None).await;
        assert_eq!(done, json!([{ "id": 3, "title": "renamed", "done": true }]));
        let (_, none, _) = send(&app, Method::GET, "/items?offset=50", None).await;
        assert_eq!(none, json!([]));
        let (status, _, _) = send(&app, Method::GET, "/items?offset=-1", None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (status, _, _) = send(&app, Method::DELETE, "/items/x", None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }
}
