//! Tutor-owned tests for `auth_layer`: verification edge cases, and the
//! inner service is never reached by an unauthenticated request.

#[path = "../auth_layer.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex::*;
    use axum::body::Body;
    use axum::extract::Request;
    use axum::http::{StatusCode, header};
    use axum::response::{IntoResponse, Response};
    use std::convert::Infallible;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tower::{Layer, Service, ServiceExt};

    const KEY: &[u8] = b"hidden key";

    fn claims(sub: &str, exp: u64) -> Claims {
        Claims {
            sub: sub.into(),
            role: "user".into(),
            exp,
        }
    }

    #[test]
    fn hidden_verify() {
        let t = sign(&claims("zed", 100), KEY);
        assert_eq!(verify(&t, KEY, 99).unwrap(), claims("zed", 100));
        assert_eq!(verify(&t, KEY, 100), Err(AuthError::Expired));
        assert_eq!(verify(&t, KEY, u64::MAX), Err(AuthError::Expired));
        let (p, s) = t.split_once('.').unwrap();
        assert!(verify(&format!("{s}.{p}"), KEY, 0).is_err());
        assert_eq!(
            verify(&format!("{p}."), KEY, 0),
            Err(AuthError::BadSignature)
        );
        assert_eq!(
            verify(&format!("{p}.{s}="), KEY, 0),
            Err(AuthError::Malformed)
        );
        let mut bad = s.to_string().into_bytes();
        bad[0] = if bad[0] == b'A' { b'B' } else { b'A' };
        let bad = String::from_utf8(bad).unwrap();
        assert_eq!(
            verify(&format!("{p}.{bad}"), KEY, 0),
            Err(AuthError::BadSignature)
        );
    }

    #[derive(Clone)]
    struct Counting(Arc<AtomicUsize>);

    impl Service<Request> for Counting {
        type Response = Response;
        type Error = Infallible;
        type Future = std::future::Ready<Result<Response, Infallible>>;

        fn poll_ready(
            &mut self,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Result<(), Infallible>> {
            std::task::Poll::Ready(Ok(()))
        }

        fn call(&mut self, req: Request) -> Self::Future {
            self.0.fetch_add(1, Ordering::SeqCst);
            let user = req
                .extensions()
                .get::<CurrentUser>()
                .cloned()
                .expect("a CurrentUser");
            std::future::ready(Ok(user.name.into_response()))
        }
    }

    #[tokio::test]
    async fn hidden_inner_only_for_valid_tokens() {
        let calls = Arc::new(AtomicUsize::new(0));
        let service = AuthLayer::new(KEY, || 50).layer(Counting(calls.clone()));
        let good = sign(&claims("kim", 60), KEY);
        let cases = [
            (None, StatusCode::UNAUTHORIZED),
            (Some("Bearer".to_string()), StatusCode::UNAUTHORIZED),
            (Some(format!("Token {good}")), StatusCode::UNAUTHORIZED),
            (
                Some(format!("Bearer {}", sign(&claims("kim", 50), KEY))),
                StatusCode::UNAUTHORIZED,
            ),
            (
                Some(format!("Bearer {}", sign(&claims("kim", 60), b"other"))),
                StatusCode::UNAUTHORIZED,
            ),
            (Some(format!("BEARER {good}")), StatusCode::OK),
        ];
        for (auth, expected) in cases {
            let mut req = Request::builder();
            if let Some(auth) = &auth {
                req = req.header(header::AUTHORIZATION, auth);
            }
            let resp = service
                .clone()
                .oneshot(req.body(Body::empty()).unwrap())
                .await
                .unwrap();
            assert_eq!(resp.status(), expected, "{auth:?}");
            if expected == StatusCode::UNAUTHORIZED {
                assert_eq!(resp.headers()[header::WWW_AUTHENTICATE], "Bearer");
            }
        }
        assert_eq!(
            calls.load(Ordering::SeqCst),
            1,
            "only the valid request reaches the inner service"
        );
    }
}
