//! Tutor-owned tests for `websocket_room`: three members, two rooms.

#[path = "../websocket_room.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex::*;
    use futures::{SinkExt, StreamExt};
    use std::time::Duration;
    use tokio::time::timeout;
    use tokio_tungstenite::tungstenite::Message as WsMessage;

    #[tokio::test]
    async fn hidden_three_members_two_rooms() {
        let rooms = Rooms::default();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let router = app(rooms.clone());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        let connect = |room: &'static str, name: &'static str| async move {
            tokio_tungstenite::connect_async(format!("ws://{addr}/ws/{room}?name={name}"))
                .await
                .unwrap()
                .0
        };
        let mut a = connect("r1", "a").await;
        let mut b = connect("r1", "b").await;
        let mut c = connect("r1", "c").await;
        let mut d = connect("r2", "d").await;
        assert_eq!(rooms.active(), vec!["r1".to_string(), "r2".to_string()]);
        macro_rules! next {
            ($client:expr) => {{
                loop {
                    let msg = timeout(Duration::from_secs(1), $client.next())
                        .await
                        .expect("an event")
                        .unwrap()
                        .unwrap();
                    if let WsMessage::Text(t) = msg {
                        break serde_json::from_str::<Event>(&t).unwrap();
                    }
                }
            }};
        }
        assert_eq!(next!(a), Event::Joined { from: "b".into() });
        assert_eq!(next!(a), Event::Joined { from: "c".into() });
        assert_eq!(next!(b), Event::Joined { from: "c".into() });
        b.send(WsMessage::Text("from b".into())).await.unwrap();
        let expected = Event::Message {
            from: "b".into(),
            text: "from b".into(),
        };
        assert_eq!(next!(a), expected);
        assert_eq!(next!(c), expected);
        drop(d.close(None).await);
        drop(d);
        c.close(None).await.unwrap();
        assert_eq!(next!(a), Event::Left { from: "c".into() });
        assert_eq!(next!(b), Event::Left { from: "c".into() });
        for _ in 0..100 {
            if rooms.active() == vec!["r1".to_string()] {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("expected only r1 to remain, got {:?}", rooms.active());
    }
}
