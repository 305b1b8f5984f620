//! A JSON API with axum: routes, extractors and status codes.
//!
//! Build the routes of a small to-do service over shared in-memory state:
//! - `GET /items?offset=&limit=&done=` lists items in id order; `offset`
//!   defaults to 0, `limit` to 20 and must be at most 100 (else `400`); `done`
//!   filters when present;
//! - `GET /items/{id}` returns the item or `404`; a non-numeric id is `400`;
//! - `POST /items` with `{"title": ...}` answers `201 Created`, a `Location:
//!   /items/{id}` header and the new item; a blank title is `422`;
//! - `PATCH /items/{id}` with `{"title"?, "done"?}` updates what is given;
//! - `DELETE /items/{id}` answers `204`, or `404` if there was nothing to delete.
//!
//! The tests send requests straight to the `Router` with
//! `tower::ServiceExt::oneshot`: no socket, no port, no HTTP client.

#[allow(unused_imports)]
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
#[allow(unused_imports)]
use axum::{http::header, response::IntoResponse};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub id: u64,
    pub title: String,
    pub done: bool,
}

#[derive(Debug, Deserialize)]
pub struct NewItem {
    pub title: String,
}

#[derive(Debug, Deserialize)]
pub struct ItemPatch {
    pub title: Option<String>,
    pub done: Option<bool>,
}

#[derive(Debug, Deserialize)]
pub struct ListParams {
    #[serde(default)]
    pub offset: usize,
    #[serde(default = "default_limit")]
    pub limit: usize,
    pub done: Option<bool>,
}

fn default_limit() -> usize {
    20
}

pub const MAX_LIMIT: usize = 100;

#[derive(Default)]
struct Store {
    next_id: u64,
    items: BTreeMap<u64, Item>,
}

#[derive(Clone, Default)]
pub struct AppState {
    store: Arc<RwLock<Store>>,
}

pub fn app(state: AppState) -> Router {
    // This route table was written for axum 0.7.
    Router::new()
        .route("/items", get(list_items).post(create_item))
        .route(
            "/items/:id",
            get(get_item).patch(update_item).delete(delete_item),
        )
        .with_state(state)
}

// TODO: every handler below. Change their parameters (extractors) and return
// types as you need: anything that implements `IntoResponse` can be returned.

async fn list_items(State(state): State<AppState>) -> Json<Vec<Item>> {
    let store = state.store.read().unwrap();
    Json(store.items.values().cloned().collect())
}

async fn get_item(State(state): State<AppState>) -> StatusCode {
    let _ = state;
    StatusCode::NOT_IMPLEMENTED
}

async fn create_item(State(state): State<AppState>) -> StatusCode {
    let _ = state;
    StatusCode::NOT_IMPLEMENTED
}

async fn update_item(State(state): State<AppState>) -> StatusCode {
    let _ = state;
    StatusCode::NOT_IMPLEMENTED
}

async fn delete_item(State(state): State<AppState>) -> StatusCode {
    let _ = state;
    StatusCode::NOT_IMPLEMENTED
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app(AppState::default())).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::{Method, Request, Response};
    use serde_json::{Value, json};
    use tower::ServiceExt;

    async fn send(app: &Router, method: Method, uri: &str, body: Option<Value>) -> Response<Body> {
        let mut req = Request::builder().method(method).uri(uri);
        let body = match body {
            Some(v) => {
                req = req.header(header::CONTENT_TYPE, "application/json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        app.clone().oneshot(req.body(body).unwrap()).await.unwrap()
    }

    async fn json_body(resp: Response<Body>) -> Value {
        let bytes = axum::body::to_bytes(resp.into_body(), 1 << 20)
            .await
            .unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    async fn app_with(titles: &[&str]) -> Router {
        let app = app(AppState::default());
        for t in titles {
            let resp = send(&app, Method::POST, "/items", Some(json!({ "title": t }))).await;
            assert_eq!(resp.status(), StatusCode::CREATED);
        }
        app
    }

    #[tokio::test]
    async fn create_returns_201_location_and_item() {
        let app = app(AppState::default());
        let resp = send(
            &app,
            Method::POST,
            "/items",
            Some(json!({ "title": " milk " })),
        )
        .await;
        assert_eq!(resp.status(), StatusCode::CREATED);
        assert_eq!(resp.headers()[header::LOCATION], "/items/1");
        assert_eq!(
            json_body(resp).await,
            json!({ "id": 1, "title": "milk", "done": false })
        );
    }

    #[tokio::test]
    async fn blank_titles_and_bad_json_are_rejected() {
        let app = app(AppState::default());
        let resp = send(&app, Method::POST, "/items", Some(json!({ "title": "  " }))).await;
        assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let resp = send(&app, Method::POST, "/items", Some(json!({ "name": "x" }))).await;
        assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let resp = send(&app, Method::POST, "/items", None).await;
        assert_eq!(resp.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    }

    #[tokio::test]
    async fn get_one_item() {
        let app = app_with(&["a", "b"]).await;
        let resp = send(&app, Method::GET, "/items/2", None).await;
        assert_eq!(resp.status(), StatusCode::OK);
        assert_eq!(json_body(resp).await["title"], "b");
        let resp = send(&app, Method::GET, "/items/9", None).await;
        assert_eq!(resp.status(), StatusCode::NOT_FOUND);
        let resp = send(&app, Method::GET, "/items/two", None).await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    }

    #[tokio::test]
    async fn list_paginates_with_defaults() {
        let titles: Vec<String> = (1..=25).map(|i| format!("t{i}")).collect();
        let refs: Vec<&str> = titles.iter().map(String::as_str).collect();
        let app = app_with(&refs).await;
        let all = json_body(send(&app, Method::GET, "/items", None).await).await;
        assert_eq!(all.as_array().unwrap().len(), 20, "default limit");
        let page = json_body(send(&app, Method::GET, "/items?offset=22&limit=5", None).await).await;
        let ids: Vec<u64> = page
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_u64().unwrap())
            .collect();
        assert_eq!(ids, vec![23, 24, 25]);
        let resp = send(&app, Method::GET, "/items?limit=101", None).await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        let resp = send(&app, Method::GET, "/items?limit=lots", None).await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    }

    #[tokio::test]
    async fn patch_and_filter_by_done() {
        let app = app_with(&["a", "b", "c"]).await;
        let resp = send(
            &app,
            Method::PATCH,
            "/items/2",
            Some(json!({ "done": true })),
        )
        .await;
        assert_eq!(resp.status(), StatusCode::OK);
        assert_eq!(
            json_body(resp).await,
            json!({ "id": 2, "title": "b", "done": true })
        );
        let done = json_body(send(&app, Method::GET, "/items?done=true", None).await).await;
        assert_eq!(done, json!([{ "id": 2, "title": "b", "done": true }]));
        let open = json_body(send(&app, Method::GET, "/items?done=false", None).await).await;
        assert_eq!(open.as_array().unwrap().len(), 2);
        let resp = send(
            &app,
            Method::PATCH,
            "/items/7",
            Some(json!({ "done": true })),
        )
        .await;
        assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    }

    #[tokio::test]
    async fn delete_is_204_then_404() {
        let app = app_with(&["a"]).await;
        let resp = send(&app, Method::DELETE, "/items/1", None).await;
        assert_eq!(resp.status(), StatusCode::NO_CONTENT);
        let resp = send(&app, Method::DELETE, "/items/1", None).await;
        assert_eq!(resp.status(), StatusCode::NOT_FOUND);
        let resp = send(&app, Method::GET, "/items/1", None).await;
        assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    }

    #[tokio::test]
    async fn state_is_shared_between_clones_of_the_router() {
        let state = AppState::default();
        let a = app(state.clone());
        let b = app(state);
        send(&a, Method::POST, "/items", Some(json!({ "title": "x" }))).await;
        let resp = send(&b, Method::GET, "/items/1", None).await;
        assert_eq!(resp.status(), StatusCode::OK);
    }
}
