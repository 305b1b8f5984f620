//! Tutor-owned tests for `http_client`: status mapping, timeouts and retries.

#[path = "../http_client.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex::test_server::{Reply, TestServer};
    use super::ex::*;
    use std::time::{Duration, Instant};

    #[test]
    fn hidden_statuses() {
        let server = TestServer::start(|req| match req.path.as_str() {
            "/users/10" => Reply::json(200, r#"{"id":10,"name":"ten"}"#),
            "/users/11" => Reply::json(404, "{}"),
            "/users/12" => Reply::json(403, "{}"),
            _ => Reply::json(200, "not json"),
        });
        let client = ApiClient::new(&server.url(), Duration::from_secs(2));
        assert_eq!(client.get_user(10).unwrap().name, "ten");
        assert_eq!(client.get_user(11), Err(ApiError::NotFound));
        assert_eq!(client.get_user(12), Err(ApiError::Status(403)));
        assert!(matches!(client.get_user(13), Err(ApiError::InvalidBody(_))));
        assert_eq!(server.requests().len(), 4, "no retries for these");
        assert!(
            server
                .requests()
                .iter()
                .all(|r| r.header("accept").as_deref() == Some("application/json"))
        );
    }

    #[test]
    fn hidden_timeout_applies_to_every_call() {
        let server = TestServer::start(|req| {
            if req.method == "POST" {
                Reply::json(201, r#"{"id":1,"name":"x"}"#).after_ms(500)
            } else {
                Reply::json(200, r#"{"id":1,"name":"x"}"#).after_ms(500)
            }
        });
        let client = ApiClient::new(&server.url(), Duration::from_millis(80));
        let start = Instant::now();
        assert_eq!(client.get_user(1), Err(ApiError::Timeout));
        assert_eq!(client.create_user("x"), Err(ApiError::Timeout));
        assert!(start.elapsed() < Duration::from_millis(450));
    }

    #[test]
    fn hidden_retry_budget() {
        let server = TestServer::start(|req| {
            if req.index < 5 {
                Reply::json(503, "{}")
            } else {
                Reply::json(200, r#"{"id":2,"name":"late"}"#)
            }
        });
        let mut client = ApiClient::new(&server.url(), Duration::from_secs(2));
        client.max_retries = 1;
        client.backoff = Duration::from_millis(1);
        assert_eq!(client.get_user(2), Err(ApiError::Status(503)));
        assert_eq!(server.requests().len(), 2);
        client.max_retries = 5;
        assert_eq!(client.get_user(2).unwrap().name, "late");
        assert_eq!(server.requests().len(), 6);
    }
}
