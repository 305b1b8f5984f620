//! Tutor-owned tests for `app_errors`: every mapping, on other inputs.

#[path = "../app_errors.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex::*;
    use axum::Router;
    use axum::body::Body;
    use axum::http::{Method, Request, StatusCode, header};
    use axum::response::IntoResponse;
    use serde_json::{Value, json};
    use tower::ServiceExt;

    async fn body_of(resp: axum::response::Response) -> (StatusCode, Value) {
        let status = resp.status();
        let bytes = axum::body::to_bytes(resp.into_body(), 1 << 20)
            .await
            .unwrap();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    async fn send(app: &Router, req: Request<Body>) -> (StatusCode, Value) {
        body_of(app.clone().oneshot(req).await.unwrap()).await
    }

    fn post_user(name: &str, email: &str) -> Request<Body> {
        Request::builder()
            .method(Method::POST)
            .uri("/users")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(
                json!({ "name": name, "email": email }).to_string(),
            ))
            .unwrap()
    }

    #[tokio::test]
    async fn hidden_each_variant_maps_to_its_response() {
        let cases = [
            (
                AppError::Validation {
                    field: "age",
                    reason: "too old".into(),
                },
                StatusCode::BAD_REQUEST,
                json!({ "error": "invalid age: too old", "field": "age" }),
            ),
            (
                AppError::NotFound {
                    resource: "post 7".into(),
                },
                StatusCode::NOT_FOUND,
                json!({ "error": "post 7 not found" }),
            ),
            (
                AppError::Conflict("x@y".into()),
                StatusCode::CONFLICT,
                json!({ "error": "x@y is already registered" }),
            ),
            (
                AppError::Database(rusqlite::Error::QueryReturnedNoRows),
                StatusCode::INTERNAL_SERVER_ERROR,
                json!({ "error": "internal server error" }),
            ),
        ];
        for (err, status, body) in cases {
            assert_eq!(body_of(err.into_response()).await, (status, body));
        }
        let resp = AppError::Unauthorized.into_response();
        assert_eq!(resp.headers()[header::WWW_AUTHENTICATE], "ApiKey");
        assert_eq!(body_of(resp).await.0, StatusCode::UNAUTHORIZED);
    }

    #[tokio::test]
    async fn hidden_handlers() {
        let state = AppState::new("key-2");
        let app = app(state.clone());
        assert_eq!(
            send(&app, post_user("Bo", "bo@x")).await.0,
            StatusCode::CREATED
        );
        let (status, body) = send(&app, post_user("Bo", "bo@x")).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::CONFLICT, Some("bo@x is already registered"))
        );
        let (status, body) = send(&app, post_user(&"n".repeat(51), "n@x")).await;
        assert_eq!(
            (status, body["field"].as_str()),
            (StatusCode::BAD_REQUEST, Some("name"))
        );
        let stats = |key: &str| {
            Request::builder()
                .uri("/admin/stats")
                .header("x-api-key", key)
                .body(Body::empty())
                .unwrap()
        };
        assert_eq!(send(&app, stats("key-1")).await.0, StatusCode::UNAUTHORIZED);
        assert_eq!(
            send(&app, stats("key-2")).await,
            (StatusCode::OK, json!({ "users": 1 }))
        );
        state
            .db
            .lock()
            .unwrap()
            .execute_batch("DROP TABLE users")
            .unwrap();
        let (status, body) = send(&app, post_user("Cy", "cy@x")).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(body, json!({ "error": "internal server error" }));
        assert_eq!(
            send(&app, stats("key-2")).await.0,
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }

    #[test]
    fn hidden_config_context() {
        let err = load_config("# c\napi_key = k\n\nport = 70000\n").unwrap_err();
        assert_eq!(
            format!("{err:#}"),
            "line 4: invalid port `70000`: number too large to fit in target type"
        );
        assert_eq!(err.chain().count(), 2);
        assert_eq!(
            load_config("port=1\napi_key=z").unwrap(),
            Config {
                port: 1,
                api_key: "z".into()
            }
        );
    }
}
