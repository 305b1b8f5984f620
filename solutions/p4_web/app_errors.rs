//! One error type for a web service, mapped to HTTP responses.
//!
//! Inside the service, errors are a `thiserror` enum, `AppError`, so handlers
//! can use `?` on database calls (`#[from]`). At the HTTP edge,
//! `impl IntoResponse for AppError` decides what the client sees:
//!
//! | error          | status | JSON body                                      |
//! |----------------|--------|------------------------------------------------|
//! | `Validation`   | 400    | `{"error": <Display>, "field": <field>}`       |
//! | `Unauthorized` | 401    | `{"error": <Display>}` + `WWW-Authenticate: ApiKey` |
//! | `NotFound`     | 404    | `{"error": <Display>}`                          |
//! | `Conflict`     | 409    | `{"error": <Display>}`                          |
//! | `Database`     | 500    | `{"error": "internal server error"}`, nothing more: |
//! |                |        | the details are for the logs, never for clients |
//!
//! The handlers also need two fixes: a taken email is a `Conflict`, and
//! `/admin/stats` requires the `x-api-key` header to match the configured key.
//!
//! At the binary's edge, `anyhow` is enough: `load_config` adds context to
//! each error so that `{:#}` prints the whole chain, e.g.
//! ``line 2: invalid port `80x`: invalid digit found in string``.

use anyhow::{Context, bail};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::sync::{Arc, Mutex};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("invalid {field}: {reason}")]
    Validation { field: &'static str, reason: String },
    #[error("{resource} not found")]
    NotFound { resource: String },
    #[error("{0} is already registered")]
    Conflict(String),
    #[error("missing or invalid API key")]
    Unauthorized,
}

pub type Result<T> = std::result::Result<T, AppError>;

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let message = self.to_string();
        match self {
            AppError::Validation { field, .. } => (
                StatusCode::BAD_REQUEST,
                Json(json!({ "error": message, "field": field })),
            )
                .into_response(),
            AppError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                [(header::WWW_AUTHENTICATE, "ApiKey")],
                Json(json!({ "error": message })),
            )
                .into_response(),
            AppError::NotFound { .. } => {
                (StatusCode::NOT_FOUND, Json(json!({ "error": message }))).into_response()
            }
            AppError::Conflict(_) => {
                (StatusCode::CONFLICT, Json(json!({ "error": message }))).into_response()
            }
            AppError::Database(_) => {
                // A real service logs `message` here (tracing::error!).
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Json(json!({ "error": "internal server error" })),
                )
                    .into_response()
            }
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub db: Arc<Mutex<Connection>>,
    pub api_key: String,
}

impl AppState {
    pub fn new(api_key: &str) -> AppState {
        let conn = Connection::open_in_memory().expect("an in-memory database");
        conn.execute_batch(
            "CREATE TABLE users (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                email TEXT NOT NULL UNIQUE
            );",
        )
        .expect("the schema");
        AppState {
            db: Arc::new(Mutex::new(conn)),
            api_key: api_key.to_string(),
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct NewUser {
    pub name: String,
    pub email: String,
}

#[derive(Debug, Serialize)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub email: String,
}

pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/users", post(create_user))
        .route("/users/{id}", get(get_user))
        .route("/admin/stats", get(stats))
        .with_state(state)
}

fn validate(user: &NewUser) -> Result<()> {
    let name = user.name.trim();
    if name.is_empty() || name.chars().count() > 50 {
        return Err(AppError::Validation {
            field: "name",
            reason: "must be 1 to 50 characters".into(),
        });
    }
    if !user.email.contains('@') {
        return Err(AppError::Validation {
            field: "email",
            reason: "must contain @".into(),
        });
    }
    Ok(())
}

async fn create_user(
    State(state): State<AppState>,
    Json(user): Json<NewUser>,
) -> Result<(StatusCode, Json<User>)> {
    validate(&user)?;
    let db = state.db.lock().unwrap();
    let inserted = db.execute(
        "INSERT INTO users (name, email) VALUES (?1, ?2)",
        params![user.name.trim(), user.email],
    );
    match inserted {
        Err(e)
            if e.sqlite_extended_error_code() == Some(rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE) =>
        {
            return Err(AppError::Conflict(user.email));
        }
        other => other?,
    };
    let created = User {
        id: db.last_insert_rowid(),
        name: user.name.trim().to_string(),
        email: user.email,
    };
    Ok((StatusCode::CREATED, Json(created)))
}

async fn get_user(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Json<User>> {
    let db = state.db.lock().unwrap();
    let user = db
        .query_row(
            "SELECT id, name, email FROM users WHERE id = ?1",
            params![id],
            |row| {
                Ok(User {
                    id: row.get(0)?,
                    name: row.get(1)?,
                    email: row.get(2)?,
                })
            },
        )
        .optional()?;
    user.map(Json).ok_or(AppError::NotFound {
        resource: format!("user {id}"),
    })
}

async fn stats(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<serde_json::Value>> {
    let key = headers.get("x-api-key").and_then(|v| v.to_str().ok());
    if key != Some(state.api_key.as_str()) {
        return Err(AppError::Unauthorized);
    }
    let db = state.db.lock().unwrap();
    let users: i64 = db.query_row("SELECT count(*) FROM users", [], |r| r.get(0))?;
    Ok(Json(json!({ "users": users })))
}

#[derive(Debug, PartialEq)]
pub struct Config {
    pub port: u16,
    pub api_key: String,
}

/// Reads `key = value` lines (`port` defaults to 3000, `api_key` is required);
/// blank lines and lines starting with `#` are skipped.
pub fn load_config(text: &str) -> anyhow::Result<Config> {
    let mut port = 3000;
    let mut api_key = None;
    for (index, line) in text.lines().enumerate() {
        let n = index + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line
            .split_once('=')
            .with_context(|| format!("line {n}: expected `key = value`"))?;
        let value = value.trim();
        match key.trim() {
            "port" => {
                port = value
                    .parse()
                    .with_context(|| format!("line {n}: invalid port `{value}`"))?;
            }
            "api_key" => api_key = Some(value.to_string()),
            other => bail!("line {n}: unknown key `{other}`"),
        }
    }
    let api_key = api_key.context("missing `api_key`")?;
    Ok(Config { port, api_key })
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config =
        load_config("port = 3000\napi_key = secret\n").context("reading the configuration")?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", config.port))
        .await
        .with_context(|| format!("binding port {}", config.port))?;
    axum::serve(listener, app(AppState::new(&config.api_key))).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::{Method, Request};
    use serde_json::Value;
    use tower::ServiceExt;

    async fn send(app: &Router, req: Request<Body>) -> (StatusCode, HeaderMap, Value) {
        let resp = app.clone().oneshot(req).await.unwrap();
        let (parts, body) = resp.into_parts();
        let bytes = axum::body::to_bytes(body, 1 << 20).await.unwrap();
        let json = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| panic!("not JSON: {:?}", String::from_utf8_lossy(&bytes)));
        (parts.status, parts.headers, json)
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

    fn get(uri: &str) -> Request<Body> {
        Request::builder().uri(uri).body(Body::empty()).unwrap()
    }

    #[tokio::test]
    async fn create_and_fetch() {
        let app = app(AppState::new("k"));
        let (status, _, body) = send(&app, post_user("Ada", "ada@example.com")).await;
        assert_eq!(status, StatusCode::CREATED);
        assert_eq!(body["id"], 1);
        let (status, _, body) = send(&app, get("/users/1")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["email"], "ada@example.com");
    }

    #[tokio::test]
    async fn validation_errors_name_the_field() {
        let app = app(AppState::new("k"));
        let (status, headers, body) = send(&app, post_user("Ada", "no-at-sign")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(headers[header::CONTENT_TYPE], "application/json");
        assert_eq!(
            body,
            json!({ "error": "invalid email: must contain @", "field": "email" })
        );
        let (status, _, body) = send(&app, post_user("  ", "a@b")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["field"], "name");
    }

    #[tokio::test]
    async fn missing_user_is_404() {
        let app = app(AppState::new("k"));
        let (status, _, body) = send(&app, get("/users/42")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(body, json!({ "error": "user 42 not found" }));
    }

    #[tokio::test]
    async fn duplicate_email_is_409() {
        let app = app(AppState::new("k"));
        send(&app, post_user("Ada", "ada@example.com")).await;
        let (status, _, body) = send(&app, post_user("Other", "ada@example.com")).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(
            body,
            json!({ "error": "ada@example.com is already registered" })
        );
    }

    #[tokio::test]
    async fn admin_needs_the_api_key() {
        let app = app(AppState::new("s3cret"));
        let (status, headers, body) = send(&app, get("/admin/stats")).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(headers[header::WWW_AUTHENTICATE], "ApiKey");
        assert_eq!(body, json!({ "error": "missing or invalid API key" }));
        let wrong = Request::builder()
            .uri("/admin/stats")
            .header("x-api-key", "guess")
            .body(Body::empty())
            .unwrap();
        assert_eq!(send(&app, wrong).await.0, StatusCode::UNAUTHORIZED);
        let right = Request::builder()
            .uri("/admin/stats")
            .header("x-api-key", "s3cret")
            .body(Body::empty())
            .unwrap();
        let (status, _, body) = send(&app, right).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, json!({ "users": 0 }));
    }

    #[tokio::test]
    async fn database_errors_do_not_leak() {
        let state = AppState::new("k");
        state
            .db
            .lock()
            .unwrap()
            .execute_batch("DROP TABLE users")
            .unwrap();
        let app = app(state);
        let (status, _, body) = send(&app, get("/users/1")).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(body, json!({ "error": "internal server error" }));
    }

    #[test]
    fn config_defaults_and_comments() {
        let cfg = load_config("# a comment\n\napi_key = abc\n").unwrap();
        assert_eq!(
            cfg,
            Config {
                port: 3000,
                api_key: "abc".into()
            }
        );
    }

    #[test]
    fn config_errors_carry_their_context() {
        let err = load_config("api_key = k\nport = 80x\n").unwrap_err();
        assert_eq!(
            format!("{err:#}"),
            "line 2: invalid port `80x`: invalid digit found in string"
        );
        assert!(
            err.root_cause()
                .downcast_ref::<std::num::ParseIntError>()
                .is_some()
        );
        let err = load_config("port = 8080").unwrap_err();
        assert_eq!(format!("{err:#}"), "missing `api_key`");
        let err = load_config("api_key = k\nhost = x").unwrap_err();
        assert_eq!(format!("{err:#}"), "line 2: unknown key `host`");
        let err = load_config("api_key").unwrap_err();
        assert_eq!(format!("{err:#}"), "line 1: expected `key = value`");
    }
}
