//! HTTP/1.0 over the runtime's sockets: read one request, answer, close.
//!
//! A request is a request line (`METHOD PATH VERSION`), header lines, an
//! empty line (`\r\n\r\n` ends the head), then `Content-Length` bytes of
//! body. A client may send all of that in one packet or byte by byte: read
//! into a buffer until the head is complete, then until the body is.
//!
//! Routes:
//! - `GET /health` → `200` with the body `ok`;
//! - `POST /echo` → `200` with the request's body;
//! - `GET /sleep?ms=N` → waits N milliseconds with `sleep` (other requests
//!   go on meanwhile), then `200` with `slept N`;
//! - anything else → `404`; a request that cannot be parsed → `400`.
//!
//! Responses are `HTTP/1.0 <code> <reason>\r\nContent-Length: <n>\r\n\r\n<body>`.

use crate::net::{TcpListener, TcpStream};
use crate::runtime::{sleep, spawn};
use std::io;
use std::time::Duration;

/// Largest head and body accepted (anything larger gets a 400).
pub const MAX_HEAD: usize = 8 * 1024;
pub const MAX_BODY: usize = 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// The value of a header; names compare case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A request's method, path and headers.
pub type Head = (String, String, Vec<(String, String)>);

/// Parses the head (everything before the empty line, without it).
pub fn parse_head(head: &str) -> Option<Head> {
    let mut lines = head.split("\r\n");
    let mut parts = lines.next()?.split(' ');
    let (method, path, version) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || method.is_empty() || !path.starts_with('/') {
        return None;
    }
    if !version.starts_with("HTTP/1.") {
        return None;
    }
    let mut headers = Vec::new();
    for line in lines {
        let (name, value) = line.split_once(':')?;
        if name.is_empty() || name.contains(' ') {
            return None;
        }
        headers.push((name.to_string(), value.trim().to_string()));
    }
    Some((method.to_string(), path.to_string(), headers))
}

/// Reads one request; `Ok(None)` when it is malformed or too large.
// TODO: read into a buffer until it holds `\r\n\r\n` (at most `MAX_HEAD`
// bytes), parse the head with `parse_head`, then read until the body has
// `Content-Length` bytes (at most `MAX_BODY`). A stream that ends early is
// `Ok(None)`.
pub async fn read_request(stream: &mut TcpStream) -> io::Result<Option<Request>> {
    let _ = stream;
    todo!("read_request")
}

/// The status code and body for a request.
pub async fn respond(request: &Request) -> (u16, Vec<u8>) {
    let (path, query) = request.path.split_once('?').unwrap_or((&request.path, ""));
    match (request.method.as_str(), path) {
        ("GET", "/health") => (200, b"ok".to_vec()),
        ("POST", "/echo") => (200, request.body.clone()),
        ("GET", "/sleep") => {
            let ms = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("ms="))
                .and_then(|v| v.parse::<u64>().ok());
            match ms {
                Some(ms) => {
                    sleep(Duration::from_millis(ms)).await;
                    (200, format!("slept {ms}").into_bytes())
                }
                None => (400, b"ms missing".to_vec()),
            }
        }
        _ => (404, b"not found".to_vec()),
    }
}

fn reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        _ => "Unknown",
    }
}

/// Serves one connection: one request, one response.
pub async fn handle(mut stream: TcpStream) -> io::Result<()> {
    let (code, body) = match read_request(&mut stream).await? {
        Some(request) => respond(&request).await,
        None => (400, b"bad request".to_vec()),
    };
    let head = format!(
        "HTTP/1.0 {code} {}\r\nContent-Length: {}\r\n\r\n",
        reason(code),
        body.len()
    );
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(&body).await
}

/// Accepts `connections` clients, each served by its own task; returns how
/// many were served without an I/O error.
pub async fn serve(mut listener: TcpListener, connections: usize) -> io::Result<usize> {
    let mut handles = Vec::new();
    for _ in 0..connections {
        let stream = listener.accept().await?;
        handles.push(spawn(handle(stream)));
    }
    let mut served = 0;
    for h in handles {
        if h.await.is_ok() {
            served += 1;
        }
    }
    Ok(served)
}
