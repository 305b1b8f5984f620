//! Chat rooms over WebSockets, with axum and a `broadcast` channel per room.
//!
//! `GET /ws/{room}?name=alice` upgrades to a WebSocket (a missing `name` is a
//! `400`, before any upgrade). In a room:
//! - every text frame a client sends reaches every *other* member of the same
//!   room as `{"kind":"message","from":"alice","text":"..."}`, and nobody in
//!   other rooms;
//! - the others see `{"kind":"joined","from":..}` when someone arrives and
//!   `{"kind":"left","from":..}` when their connection ends;
//! - a room exists while it has members: `Rooms::active()` lists them, and a
//!   room disappears when its last member leaves.
//!
//! Subscribe to the room *before* answering the upgrade: as soon as a client
//! has its `101 Switching Protocols`, it may expect to see what others send.
//! A member that falls behind (`RecvError::Lagged`) skips what it missed and
//! stays connected.
//!
//! The tests start the server on 127.0.0.1 (port 0) and connect real
//! WebSocket clients (tokio-tungstenite).

use axum::Router;
#[allow(unused_imports)]
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
#[allow(unused_imports)]
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
#[allow(unused_imports)]
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    Joined { from: String },
    Left { from: String },
    Message { from: String, text: String },
}

/// An event and the connection it came from, so nobody hears their own echo.
#[derive(Debug, Clone)]
struct Envelope {
    sender: u64,
    event: Event,
}

#[derive(Clone, Default)]
pub struct Rooms {
    rooms: Arc<Mutex<HashMap<String, broadcast::Sender<Envelope>>>>,
    next_id: Arc<AtomicU64>,
}

impl Rooms {
    /// The rooms that have members, sorted.
    pub fn active(&self) -> Vec<String> {
        let mut names: Vec<String> = self.rooms.lock().unwrap().keys().cloned().collect();
        names.sort();
        names
    }

    // TODO: joining and leaving a room.
}

#[derive(Deserialize)]
pub struct JoinParams {
    pub name: String,
}

pub fn app(rooms: Rooms) -> Router {
    Router::new()
        .route("/ws/{room}", get(join_room))
        .with_state(rooms)
}

async fn join_room(
    ws: WebSocketUpgrade,
    Path(room): Path<String>,
    State(rooms): State<Rooms>,
) -> Response {
    // TODO: rooms. For now this is an echo server.
    let _ = (room, rooms);
    ws.on_upgrade(echo)
}

async fn echo(mut socket: WebSocket) {
    while let Some(Ok(msg)) = socket.recv().await {
        if socket.send(msg).await.is_err() {
            break;
        }
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!("ws://{}/ws/lobby?name=you", listener.local_addr()?);
    axum::serve(listener, app(Rooms::default())).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::{SinkExt, StreamExt};
    use std::net::SocketAddr;
    use std::time::Duration;
    use tokio::net::TcpStream;
    use tokio::time::timeout;
    use tokio_tungstenite::tungstenite::Message as WsMessage;
    use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

    type Client = WebSocketStream<MaybeTlsStream<TcpStream>>;

    async fn start() -> (SocketAddr, Rooms) {
        let rooms = Rooms::default();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = app(rooms.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        (addr, rooms)
    }

    async fn connect(addr: SocketAddr, room: &str, name: &str) -> Client {
        let url = format!("ws://{addr}/ws/{room}?name={name}");
        let (client, _) = tokio_tungstenite::connect_async(url).await.unwrap();
        client
    }

    async fn next_event(client: &mut Client) -> Event {
        loop {
            let msg = timeout(Duration::from_secs(1), client.next())
                .await
                .expect("no event within a second")
                .expect("the connection ended")
                .unwrap();
            if let WsMessage::Text(text) = msg {
                return serde_json::from_str(&text).unwrap();
            }
        }
    }

    async fn nothing_within(client: &mut Client, ms: u64) {
        if let Ok(Some(Ok(msg))) = timeout(Duration::from_millis(ms), client.next()).await {
            panic!("unexpected message: {msg:?}");
        }
    }

    async fn say(client: &mut Client, text: &str) {
        client.send(WsMessage::Text(text.into())).await.unwrap();
    }

    fn msg(from: &str, text: &str) -> Event {
        Event::Message {
            from: from.into(),
            text: text.into(),
        }
    }

    #[tokio::test]
    async fn members_of_a_room_hear_each_other() {
        let (addr, _) = start().await;
        let mut alice = connect(addr, "rust", "alice").await;
        let mut bob = connect(addr, "rust", "bob").await;
        assert_eq!(
            next_event(&mut alice).await,
            Event::Joined { from: "bob".into() }
        );
        say(&mut alice, "hi bob").await;
        assert_eq!(next_event(&mut bob).await, msg("alice", "hi bob"));
        say(&mut bob, "hi alice").await;
        assert_eq!(next_event(&mut alice).await, msg("bob", "hi alice"));
    }

    #[tokio::test]
    async fn nobody_hears_their_own_echo() {
        let (addr, _) = start().await;
        let mut alice = connect(addr, "rust", "alice").await;
        let mut bob = connect(addr, "rust", "bob").await;
        next_event(&mut alice).await;
        say(&mut alice, "one").await;
        assert_eq!(next_event(&mut bob).await, msg("alice", "one"));
        nothing_within(&mut alice, 100).await;
    }

    #[tokio::test]
    async fn rooms_are_isolated() {
        let (addr, _) = start().await;
        let mut alice = connect(addr, "rust", "alice").await;
        let mut bob = connect(addr, "rust", "bob").await;
        let mut carol = connect(addr, "go", "carol").await;
        next_event(&mut alice).await;
        say(&mut alice, "rust only").await;
        say(&mut carol, "go only").await;
        assert_eq!(next_event(&mut bob).await, msg("alice", "rust only"));
        nothing_within(&mut carol, 100).await;
        nothing_within(&mut bob, 50).await;
    }

    #[tokio::test]
    async fn leaving_is_announced_and_empty_rooms_disappear() {
        let (addr, rooms) = start().await;
        let mut alice = connect(addr, "rust", "alice").await;
        let mut bob = connect(addr, "rust", "bob").await;
        next_event(&mut alice).await;
        assert_eq!(rooms.active(), vec!["rust".to_string()]);
        bob.close(None).await.unwrap();
        assert_eq!(
            next_event(&mut alice).await,
            Event::Left { from: "bob".into() }
        );
        drop(alice);
        for _ in 0..100 {
            if rooms.active().is_empty() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("rooms still active: {:?}", rooms.active());
    }

    #[tokio::test]
    async fn a_name_is_required() {
        let (addr, _) = start().await;
        let err = tokio_tungstenite::connect_async(format!("ws://{addr}/ws/rust"))
            .await
            .unwrap_err();
        match err {
            tokio_tungstenite::tungstenite::Error::Http(resp) => {
                assert_eq!(resp.status(), 400)
            }
            other => panic!("expected an HTTP 400, got {other:?}"),
        }
    }
}
