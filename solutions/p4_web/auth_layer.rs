//! Authentication middleware as a tower `Layer` and `Service`.
//!
//! Tokens are JWT-like: `base64url(claims JSON) "." base64url(HMAC-SHA256 of
//! the first part)`, created by `sign`. Implement:
//! - `verify(token, key, now)`: `Malformed` unless there are exactly two
//!   base64url parts and the claims parse; `BadSignature` unless the MAC
//!   matches (compare in constant time); `Expired` when `now >= exp`;
//! - `AuthService::call`: read `Authorization: Bearer <token>` (the scheme is
//!   case-insensitive), verify it with the layer's key and clock, and either
//!   answer the error (401 with `WWW-Authenticate: Bearer`) without calling the
//!   inner service, or put a `CurrentUser` into the request's extensions and
//!   call the inner service;
//! - respect tower's contract: the inner service you call is the one that
//!   `poll_ready` said was ready.
//!
//! The router applies the layer to `/me` and `/admin` only; `/admin` also
//! needs the role `admin` (403 otherwise). `/public` needs nothing.

use axum::extract::{Extension, Request};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tower::{Layer, Service};

type HmacSha256 = Hmac<Sha256>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub role: String,
    /// Expiry, in seconds since the Unix epoch.
    pub exp: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CurrentUser {
    pub name: String,
    pub role: String,
}

#[derive(Debug, PartialEq, thiserror::Error)]
pub enum AuthError {
    #[error("missing bearer token")]
    Missing,
    #[error("malformed token")]
    Malformed,
    #[error("bad signature")]
    BadSignature,
    #[error("token expired")]
    Expired,
    #[error("forbidden")]
    Forbidden,
}

impl IntoResponse for AuthError {
    fn into_response(self) -> Response {
        let body = Json(serde_json::json!({ "error": self.to_string() }));
        match self {
            AuthError::Forbidden => (StatusCode::FORBIDDEN, body).into_response(),
            _ => (
                StatusCode::UNAUTHORIZED,
                [(header::WWW_AUTHENTICATE, "Bearer")],
                body,
            )
                .into_response(),
        }
    }
}

fn mac(key: &[u8]) -> HmacSha256 {
    HmacSha256::new_from_slice(key).expect("HMAC accepts keys of any length")
}

/// Creates a token for `claims` (given: this is what the identity service does).
pub fn sign(claims: &Claims, key: &[u8]) -> String {
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims).expect("claims serialize"));
    let mut mac = mac(key);
    mac.update(payload.as_bytes());
    let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    format!("{payload}.{signature}")
}

pub fn verify(token: &str, key: &[u8], now: u64) -> Result<Claims, AuthError> {
    let (payload, signature) = token.split_once('.').ok_or(AuthError::Malformed)?;
    if signature.contains('.') {
        return Err(AuthError::Malformed);
    }
    let signature = URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|_| AuthError::Malformed)?;
    let mut mac = mac(key);
    mac.update(payload.as_bytes());
    // `verify_slice` compares in constant time: `==` on the bytes would tell
    // an attacker, through timing, how many leading bytes were right.
    mac.verify_slice(&signature)
        .map_err(|_| AuthError::BadSignature)?;
    let json = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| AuthError::Malformed)?;
    let claims: Claims = serde_json::from_slice(&json).map_err(|_| AuthError::Malformed)?;
    if now >= claims.exp {
        return Err(AuthError::Expired);
    }
    Ok(claims)
}

fn bearer_token(req: &Request) -> Result<&str, AuthError> {
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .ok_or(AuthError::Missing)?
        .to_str()
        .map_err(|_| AuthError::Malformed)?;
    let (scheme, token) = value.split_once(' ').ok_or(AuthError::Malformed)?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(AuthError::Missing);
    }
    Ok(token.trim())
}

pub type Clock = Arc<dyn Fn() -> u64 + Send + Sync>;

#[derive(Clone)]
pub struct AuthLayer {
    key: Arc<[u8]>,
    clock: Clock,
}

impl AuthLayer {
    pub fn new(key: &[u8], clock: impl Fn() -> u64 + Send + Sync + 'static) -> Self {
        AuthLayer {
            key: key.into(),
            clock: Arc::new(clock),
        }
    }
}

impl<S> Layer<S> for AuthLayer {
    type Service = AuthService<S>;

    fn layer(&self, inner: S) -> AuthService<S> {
        AuthService {
            inner,
            key: Arc::clone(&self.key),
            clock: Arc::clone(&self.clock),
        }
    }
}

#[derive(Clone)]
pub struct AuthService<S> {
    inner: S,
    key: Arc<[u8]>,
    clock: Clock,
}

impl<S> Service<Request> for AuthService<S>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut req: Request) -> Self::Future {
        let claims = bearer_token(&req).and_then(|token| verify(token, &self.key, (self.clock)()));
        match claims {
            Err(err) => Box::pin(async move { Ok(err.into_response()) }),
            Ok(claims) => {
                req.extensions_mut().insert(CurrentUser {
                    name: claims.sub,
                    role: claims.role,
                });
                // `self.inner` is the instance `poll_ready` prepared: take it,
                // and leave a fresh clone behind for the next request.
                let clone = self.inner.clone();
                let mut inner = std::mem::replace(&mut self.inner, clone);
                Box::pin(async move { inner.call(req).await })
            }
        }
    }
}

async fn public() -> &'static str {
    "hello, anyone"
}

async fn me(Extension(user): Extension<CurrentUser>) -> String {
    format!("{} ({})", user.name, user.role)
}

async fn admin(Extension(user): Extension<CurrentUser>) -> Result<String, AuthError> {
    if user.role != "admin" {
        return Err(AuthError::Forbidden);
    }
    Ok(format!("welcome, administrator {}", user.name))
}

pub fn app(key: &[u8], clock: impl Fn() -> u64 + Send + Sync + 'static) -> Router {
    Router::new()
        .route("/me", get(me))
        .route("/admin", get(admin))
        .route_layer(AuthLayer::new(key, clock))
        .route("/public", get(public))
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let key = b"change me";
    let token = sign(
        &Claims {
            sub: "ferris".into(),
            role: "admin".into(),
            exp: u64::MAX,
        },
        key,
    );
    println!("try: curl -H 'Authorization: Bearer {token}' http://127.0.0.1:3000/me");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    axum::serve(listener, app(key, || 0)).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use tower::ServiceExt;

    const KEY: &[u8] = b"test key";
    const NOW: u64 = 1_700_000_000;

    fn token(sub: &str, role: &str, exp: u64) -> String {
        sign(
            &Claims {
                sub: sub.into(),
                role: role.into(),
                exp,
            },
            KEY,
        )
    }

    async fn get(uri: &str, auth: Option<&str>) -> (StatusCode, Option<String>, String) {
        let mut req = Request::builder().uri(uri);
        if let Some(auth) = auth {
            req = req.header(header::AUTHORIZATION, auth);
        }
        let resp = app(KEY, || NOW)
            .oneshot(req.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = resp.status();
        let challenge = resp
            .headers()
            .get(header::WWW_AUTHENTICATE)
            .map(|v| v.to_str().unwrap().to_string());
        let body = axum::body::to_bytes(resp.into_body(), 1 << 16)
            .await
            .unwrap();
        (status, challenge, String::from_utf8(body.to_vec()).unwrap())
    }

    #[test]
    fn verify_accepts_a_fresh_token() {
        let claims = verify(&token("ada", "user", NOW + 60), KEY, NOW).unwrap();
        assert_eq!(claims.sub, "ada");
    }

    #[test]
    fn verify_rejects_expired_tokens_at_the_boundary() {
        assert_eq!(
            verify(&token("ada", "user", NOW), KEY, NOW),
            Err(AuthError::Expired)
        );
        assert!(verify(&token("ada", "user", NOW + 1), KEY, NOW).is_ok());
    }

    #[test]
    fn verify_rejects_tampering_and_other_keys() {
        let good = token("ada", "user", NOW + 60);
        let (_, sig) = good.split_once('.').unwrap();
        let forged_claims = URL_SAFE_NO_PAD.encode(
            serde_json::to_vec(&Claims {
                sub: "ada".into(),
                role: "admin".into(),
                exp: NOW + 60,
            })
            .unwrap(),
        );
        assert_eq!(
            verify(&format!("{forged_claims}.{sig}"), KEY, NOW),
            Err(AuthError::BadSignature)
        );
        assert_eq!(
            verify(&good, b"other key", NOW),
            Err(AuthError::BadSignature)
        );
    }

    #[test]
    fn verify_rejects_malformed_tokens() {
        let good = token("ada", "user", NOW + 60);
        for bad in [
            "".to_string(),
            "abc".to_string(),
            format!("{good}.extra"),
            "a.!!!".to_string(),
        ] {
            assert_eq!(verify(&bad, KEY, NOW), Err(AuthError::Malformed), "{bad}");
        }
        // A valid MAC over something that is not JSON claims.
        let payload = URL_SAFE_NO_PAD.encode(b"not json");
        let mut m = mac(KEY);
        m.update(payload.as_bytes());
        let sig = URL_SAFE_NO_PAD.encode(m.finalize().into_bytes());
        assert_eq!(
            verify(&format!("{payload}.{sig}"), KEY, NOW),
            Err(AuthError::Malformed)
        );
    }

    #[tokio::test]
    async fn public_route_needs_no_token() {
        let (status, _, body) = get("/public", None).await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, "hello, anyone"));
    }

    #[tokio::test]
    async fn missing_expired_or_forged_tokens_are_401() {
        let (status, challenge, _) = get("/me", None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(challenge.as_deref(), Some("Bearer"));
        let basic = get("/me", Some("Basic YWRhOnB3")).await;
        assert_eq!(basic.0, StatusCode::UNAUTHORIZED);
        let expired = token("ada", "user", NOW - 1);
        let (status, _, _) = get("/me", Some(&format!("Bearer {expired}"))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (status, _, _) = get("/me", Some("Bearer not-a-token")).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }

    #[tokio::test]
    async fn valid_token_reaches_the_handler_with_the_user() {
        let t = token("ada", "user", NOW + 60);
        let (status, _, body) = get("/me", Some(&format!("Bearer {t}"))).await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, "ada (user)"));
        let (status, _, _) = get("/me", Some(&format!("bearer {t}"))).await;
        assert_eq!(status, StatusCode::OK, "the scheme is case-insensitive");
    }

    #[tokio::test]
    async fn admin_needs_the_admin_role() {
        let user = token("ada", "user", NOW + 60);
        let (status, _, _) = get("/admin", Some(&format!("Bearer {user}"))).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let root = token("root", "admin", NOW + 60);
        let (status, _, body) = get("/admin", Some(&format!("Bearer {root}"))).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, "welcome, administrator root");
    }

    /// An inner service that insists on tower's contract: `call` only on the
    /// instance that `poll_ready` prepared. Its clones start not ready.
    struct StrictInner {
        ready: bool,
    }

    impl Clone for StrictInner {
        fn clone(&self) -> Self {
            StrictInner { ready: false }
        }
    }

    impl Service<Request> for StrictInner {
        type Response = Response;
        type Error = Infallible;
        type Future = std::future::Ready<Result<Response, Infallible>>;

        fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
            self.ready = true;
            Poll::Ready(Ok(()))
        }

        fn call(&mut self, req: Request) -> Self::Future {
            assert!(self.ready, "call() on a service that was not polled ready");
            self.ready = false;
            let user = req.extensions().get::<CurrentUser>().cloned();
            std::future::ready(Ok(format!("{user:?}").into_response()))
        }
    }

    #[tokio::test]
    async fn calls_the_inner_service_that_was_polled_ready() {
        let mut service = AuthLayer::new(KEY, || NOW).layer(StrictInner { ready: false });
        for name in ["a", "b"] {
            let t = token(name, "user", NOW + 5);
            let req = Request::builder()
                .header(header::AUTHORIZATION, format!("Bearer {t}"))
                .body(Body::empty())
                .unwrap();
            let resp = service.ready().await.unwrap().call(req).await.unwrap();
            assert_eq!(resp.status(), StatusCode::OK);
        }
    }
}
