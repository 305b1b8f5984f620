//! A robust HTTP client for a small JSON API, with ureq.
//!
//! The course uses ureq (blocking, no TLS) instead of the seed's reqwest: it
//! builds in a fraction of the time, and these tests only talk to 127.0.0.1.
//! The ideas are the same in reqwest.
//!
//! Implement `ApiClient`:
//! - every call gives up after the `timeout` given to `new`, as `ApiError::Timeout`;
//! - `404` is `ApiError::NotFound`, other error statuses are `ApiError::Status(code)`,
//!   a body that is not the expected JSON is `ApiError::InvalidBody`;
//! - `get_user` retries a `503 Service Unavailable` up to `max_retries` times,
//!   waiting `backoff` between tries; `create_user` is not idempotent, so it
//!   never retries;
//! - requests send `Accept: application/json`.
//!
//! The tests run a tiny HTTP server on 127.0.0.1 (at the bottom of the file)
//! and check the result of each case and how many requests the server saw.

use serde::{Deserialize, Serialize};
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: u64,
    pub name: String,
}

#[derive(Debug, PartialEq, thiserror::Error)]
pub enum ApiError {
    #[error("not found")]
    NotFound,
    #[error("server answered with status {0}")]
    Status(u16),
    #[error("the server did not answer in time")]
    Timeout,
    #[error("invalid response body: {0}")]
    InvalidBody(String),
    #[error("transport error: {0}")]
    Transport(String),
}

pub struct ApiClient {
    agent: ureq::Agent,
    base: String,
    pub max_retries: u32,
    pub backoff: Duration,
}

impl ApiClient {
    /// A client for the API at `base` (e.g. `http://127.0.0.1:8080`).
    pub fn new(base: &str, timeout: Duration) -> Self {
        // TODO: configure the agent (`ureq::Agent::config_builder()`); this one
        // waits forever for a server that does not answer.
        let _ = timeout;
        ApiClient {
            agent: ureq::agent(),
            base: base.trim_end_matches('/').to_string(),
            max_retries: 2,
            backoff: Duration::from_millis(10),
        }
    }

    /// `GET /users/{id}`.
    pub fn get_user(&self, id: u64) -> Result<User, ApiError> {
        // TODO: map each kind of failure to its `ApiError`, send the Accept
        // header and retry 503s. Tip: `impl From<ureq::Error> for ApiError`
        // lets you use `?` everywhere.
        let url = format!("{}/users/{id}", self.base);
        let mut response = self
            .agent
            .get(&url)
            .call()
            .map_err(|e| ApiError::Transport(e.to_string()))?;
        response
            .body_mut()
            .read_json()
            .map_err(|e| ApiError::Transport(e.to_string()))
    }

    /// `POST /users` with `{"name": ...}`; the server answers `201` with the new user.
    pub fn create_user(&self, name: &str) -> Result<User, ApiError> {
        todo!("POST /users with {name:?}")
    }
}

fn main() {
    let client = ApiClient::new("http://127.0.0.1:9", Duration::from_millis(200));
    println!("{:?}", client.get_user(1));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;
    use test_server::{Reply, TestServer};

    fn user_json(id: u64, name: &str) -> String {
        format!(r#"{{"id":{id},"name":"{name}"}}"#)
    }

    #[test]
    fn gets_a_user() {
        let server = TestServer::start(|req| {
            assert_eq!(req.method, "GET");
            assert_eq!(req.path, "/users/7");
            Reply::json(200, &user_json(7, "ferris"))
        });
        let client = ApiClient::new(&server.url(), Duration::from_secs(2));
        let user = client.get_user(7).unwrap();
        assert_eq!(
            user,
            User {
                id: 7,
                name: "ferris".into()
            }
        );
        let seen = server.requests();
        assert_eq!(
            seen[0].header("accept").as_deref(),
            Some("application/json")
        );
    }

    #[test]
    fn not_found_and_other_statuses() {
        let server = TestServer::start(|req| match req.path.as_str() {
            "/users/1" => Reply::json(404, r#"{"error":"no such user"}"#),
            _ => Reply::json(500, r#"{"error":"boom"}"#),
        });
        let client = ApiClient::new(&server.url(), Duration::from_secs(2));
        assert_eq!(client.get_user(1), Err(ApiError::NotFound));
        assert_eq!(client.get_user(2), Err(ApiError::Status(500)));
        assert_eq!(server.requests().len(), 2, "500 is not retried");
    }

    #[test]
    fn invalid_json_is_an_invalid_body() {
        let server = TestServer::start(|_| Reply::json(200, r#"{"id":"seven"}"#));
        let client = ApiClient::new(&server.url(), Duration::from_secs(2));
        assert!(matches!(client.get_user(7), Err(ApiError::InvalidBody(_))));
    }

    #[test]
    fn slow_server_times_out() {
        let server = TestServer::start(|_| Reply::json(200, &user_json(1, "slow")).after_ms(600));
        let client = ApiClient::new(&server.url(), Duration::from_millis(100));
        let start = Instant::now();
        assert_eq!(client.get_user(1), Err(ApiError::Timeout));
        assert!(
            start.elapsed() < Duration::from_millis(400),
            "{:?}",
            start.elapsed()
        );
    }

    #[test]
    fn retries_503_then_succeeds() {
        let server = TestServer::start(|req| {
            if req.index < 2 {
                Reply::json(503, r#"{"error":"busy"}"#)
            } else {
                Reply::json(200, &user_json(3, "third time"))
            }
        });
        let client = ApiClient::new(&server.url(), Duration::from_secs(2));
        assert_eq!(client.get_user(3).unwrap().name, "third time");
        assert_eq!(server.requests().len(), 3);
    }

    #[test]
    fn gives_up_after_max_retries() {
        let server = TestServer::start(|_| Reply::json(503, "{}"));
        let mut client = ApiClient::new(&server.url(), Duration::from_secs(2));
        client.max_retries = 3;
        client.backoff = Duration::from_millis(1);
        assert_eq!(client.get_user(3), Err(ApiError::Status(503)));
        assert_eq!(server.requests().len(), 4, "one try and three retries");
    }

    #[test]
    fn creates_a_user_and_never_retries_a_post() {
        let server = TestServer::start(|req| {
            if req.method == "POST" && req.index == 0 {
                let body: serde_json::Value = serde_json::from_str(&req.body).unwrap();
                Reply::json(201, &user_json(42, body["name"].as_str().unwrap()))
            } else {
                Reply::json(503, "{}")
            }
        });
        let client = ApiClient::new(&server.url(), Duration::from_secs(2));
        let user = client.create_user("corro").unwrap();
        assert_eq!(
            user,
            User {
                id: 42,
                name: "corro".into()
            }
        );
        assert_eq!(client.create_user("again"), Err(ApiError::Status(503)));
        assert_eq!(server.requests().len(), 2, "a POST must not be retried");
        assert_eq!(server.requests()[0].path, "/users");
    }

    #[test]
    fn connection_refused_is_a_transport_error() {
        // Bind and drop a listener: nothing listens on that port any more.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let client = ApiClient::new(&format!("http://127.0.0.1:{port}"), Duration::from_secs(2));
        assert!(matches!(client.get_user(1), Err(ApiError::Transport(_))));
    }
}

/// A minimal HTTP/1.1 server for the tests (given; you do not need to change it).
/// Each connection carries one request and is closed after the reply.
#[cfg(test)]
pub mod test_server {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpListener;
    use std::sync::{Arc, Mutex};
    use std::thread;
    use std::time::Duration;

    #[derive(Debug, Clone)]
    pub struct Request {
        /// 0 for the first request the server received, 1 for the next, ...
        pub index: usize,
        pub method: String,
        pub path: String,
        pub headers: Vec<(String, String)>,
        pub body: String,
    }

    impl Request {
        pub fn header(&self, name: &str) -> Option<String> {
            self.headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
        }
    }

    pub struct Reply {
        status: u16,
        body: String,
        delay: Duration,
    }

    impl Reply {
        pub fn json(status: u16, body: &str) -> Reply {
            Reply {
                status,
                body: body.to_string(),
                delay: Duration::ZERO,
            }
        }

        pub fn after_ms(mut self, ms: u64) -> Reply {
            self.delay = Duration::from_millis(ms);
            self
        }
    }

    pub struct TestServer {
        port: u16,
        requests: Arc<Mutex<Vec<Request>>>,
    }

    impl TestServer {
        pub fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> TestServer {
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            let port = listener.local_addr().unwrap().port();
            let requests = Arc::new(Mutex::new(Vec::new()));
            let seen = Arc::clone(&requests);
            let handler = Arc::new(handler);
            thread::spawn(move || {
                for stream in listener.incoming() {
                    let Ok(mut stream) = stream else { return };
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        continue;
                    }
                    let mut parts = line.split_whitespace();
                    let method = parts.next().unwrap_or_default().to_string();
                    let path = parts.next().unwrap_or_default().to_string();
                    let mut headers = Vec::new();
                    loop {
                        let mut h = String::new();
                        reader.read_line(&mut h).unwrap();
                        let h = h.trim_end();
                        if h.is_empty() {
                            break;
                        }
                        if let Some((k, v)) = h.split_once(':') {
                            headers.push((k.trim().to_string(), v.trim().to_string()));
                        }
                    }
                    let len = headers
                        .iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                        .and_then(|(_, v)| v.parse().ok())
                        .unwrap_or(0);
                    let mut body = vec![0; len];
                    reader.read_exact(&mut body).unwrap();
                    let request = {
                        let mut seen = seen.lock().unwrap();
                        let request = Request {
                            index: seen.len(),
                            method,
                            path,
                            headers,
                            body: String::from_utf8_lossy(&body).into_owned(),
                        };
                        seen.push(request.clone());
                        request
                    };
                    let handler = Arc::clone(&handler);
                    thread::spawn(move || {
                        let reply = handler(&request);
                        thread::sleep(reply.delay);
                        let head = format!(
                            "HTTP/1.1 {} X\r\ncontent-type: application/json\r\n\
                             content-length: {}\r\nconnection: close\r\n\r\n",
                            reply.status,
                            reply.body.len()
                        );
                        let _ = stream.write_all(head.as_bytes());
                        let _ = stream.write_all(reply.body.as_bytes());
                    });
                }
            });
            TestServer { port, requests }
        }

        pub fn url(&self) -> String {
            format!("http://127.0.0.1:{}", self.port)
        }

        pub fn requests(&self) -> Vec<Request> {
            self.requests.lock().unwrap().clone()
        }
    }
}
