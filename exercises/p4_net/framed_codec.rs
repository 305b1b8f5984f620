//! A binary protocol on TCP: a length-prefixed frame codec with tokio-util.
//!
//! TCP delivers a stream of bytes, not messages: one `read` may return half a
//! frame, or three frames and a bit. A codec turns the stream back into
//! messages. The wire format of one frame:
//!
//! ```text
//! +----------------+--------+-----------------+
//! | length: u32 BE | kind u8| payload         |
//! +----------------+--------+-----------------+
//!                  |<------- length -------->|
//! ```
//!
//! kinds: 1 = `Ping(u64)`, 2 = `Pong(u64)` (8-byte big-endian payload),
//! 3 = `Data(bytes)`, 4 = `Close` (no payload).
//!
//! Fix `MessageCodec::decode`:
//! - an incomplete frame returns `Ok(None)` and leaves the buffer untouched
//!   (the header included), after reserving room for the rest;
//! - a length above `max_frame` is an error as soon as the header is there:
//!   never buffer megabytes because a peer says so;
//! - an empty frame, an unknown kind or a bad payload size is an error;
//! - bytes after a complete frame stay in the buffer for the next call.
//!
//! The tests decode byte by byte, through an in-memory pipe in small chunks,
//! and through a real TCP echo server on 127.0.0.1.

use bytes::{Buf, BufMut, Bytes, BytesMut};
use tokio_util::codec::{Decoder, Encoder};

#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    Ping(u64),
    Pong(u64),
    Data(Bytes),
    Close,
}

#[derive(Debug, thiserror::Error)]
pub enum CodecError {
    #[error("frame of {0} bytes is larger than the limit")]
    FrameTooLarge(usize),
    #[error("empty frame")]
    EmptyFrame,
    #[error("unknown message kind {0}")]
    UnknownKind(u8),
    #[error("bad payload for kind {kind}: {len} bytes")]
    BadPayload { kind: u8, len: usize },
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

pub struct MessageCodec {
    pub max_frame: usize,
}

impl Default for MessageCodec {
    fn default() -> Self {
        MessageCodec {
            max_frame: 64 * 1024,
        }
    }
}

const HEADER: usize = 4;

fn parse(mut frame: BytesMut) -> Result<Message, CodecError> {
    let kind = frame.get_u8();
    let len = frame.len();
    match (kind, len) {
        (1, 8) => Ok(Message::Ping(frame.get_u64())),
        (2, 8) => Ok(Message::Pong(frame.get_u64())),
        (3, _) => Ok(Message::Data(frame.freeze())),
        (4, 0) => Ok(Message::Close),
        (1..=4, _) => Err(CodecError::BadPayload { kind, len }),
        _ => Err(CodecError::UnknownKind(kind)),
    }
}

impl Decoder for MessageCodec {
    type Item = Message;
    type Error = CodecError;

    fn decode(&mut self, src: &mut BytesMut) -> Result<Option<Message>, CodecError> {
        // TODO: this works when every read brings whole frames.
        if src.len() < HEADER {
            return Ok(None);
        }
        let len = src.get_u32() as usize;
        if src.len() < len {
            return Ok(None);
        }
        parse(src.split_to(len)).map(Some)
    }
}

impl Encoder<Message> for MessageCodec {
    type Error = CodecError;

    fn encode(&mut self, msg: Message, dst: &mut BytesMut) -> Result<(), CodecError> {
        let (kind, payload_len) = match &msg {
            Message::Ping(_) => (1, 8),
            Message::Pong(_) => (2, 8),
            Message::Data(b) => (3, b.len()),
            Message::Close => (4, 0),
        };
        let len = 1 + payload_len;
        if len > self.max_frame {
            return Err(CodecError::FrameTooLarge(len));
        }
        dst.reserve(HEADER + len);
        dst.put_u32(len as u32);
        dst.put_u8(kind);
        match msg {
            Message::Ping(n) | Message::Pong(n) => dst.put_u64(n),
            Message::Data(b) => dst.put_slice(&b),
            Message::Close => {}
        }
        Ok(())
    }
}

/// Serves one connection: answers `Ping(n)` with `Pong(n)`, echoes `Data`,
/// stops at `Close` (given).
pub async fn serve(stream: tokio::net::TcpStream) -> Result<(), CodecError> {
    use futures::{SinkExt, StreamExt};
    let mut framed = tokio_util::codec::Framed::new(stream, MessageCodec::default());
    while let Some(msg) = framed.next().await {
        match msg? {
            Message::Ping(n) => framed.send(Message::Pong(n)).await?,
            Message::Data(d) => framed.send(Message::Data(d)).await?,
            Message::Pong(_) => {}
            Message::Close => break,
        }
    }
    Ok(())
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    println!("listening on {}", listener.local_addr()?);
    loop {
        let (stream, _) = listener.accept().await?;
        tokio::spawn(serve(stream));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::{SinkExt, StreamExt};
    use tokio::io::AsyncWriteExt;
    use tokio_util::codec::{Framed, FramedRead};

    fn encoded(msgs: &[Message]) -> BytesMut {
        let mut buf = BytesMut::new();
        for m in msgs {
            MessageCodec::default().encode(m.clone(), &mut buf).unwrap();
        }
        buf
    }

    fn all() -> Vec<Message> {
        vec![
            Message::Ping(7),
            Message::Pong(u64::MAX),
            Message::Data(Bytes::from_static(b"hello")),
            Message::Data(Bytes::new()),
            Message::Close,
        ]
    }

    #[test]
    fn the_wire_format() {
        assert_eq!(
            &encoded(&[Message::Ping(1)])[..],
            &[0, 0, 0, 9, 1, 0, 0, 0, 0, 0, 0, 0, 1]
        );
        assert_eq!(&encoded(&[Message::Close])[..], &[0, 0, 0, 1, 4]);
    }

    #[test]
    fn whole_frames_decode_one_at_a_time() {
        let mut buf = encoded(&all());
        let mut codec = MessageCodec::default();
        for expected in all() {
            assert_eq!(codec.decode(&mut buf).unwrap(), Some(expected));
        }
        assert_eq!(codec.decode(&mut buf).unwrap(), None);
        assert!(buf.is_empty());
    }

    #[test]
    fn partial_frames_wait_for_more_bytes() {
        let bytes = encoded(&all());
        let mut codec = MessageCodec::default();
        let mut buf = BytesMut::new();
        let mut out = Vec::new();
        for b in bytes.iter() {
            buf.put_u8(*b);
            while let Some(m) = codec.decode(&mut buf).unwrap() {
                out.push(m);
            }
        }
        assert_eq!(out, all());
    }

    #[test]
    fn an_incomplete_frame_reserves_room_for_the_rest() {
        let mut buf = encoded(&[Message::Data(Bytes::from(vec![7u8; 10_000]))]);
        buf.truncate(10);
        let mut codec = MessageCodec::default();
        assert_eq!(codec.decode(&mut buf).unwrap(), None);
        assert_eq!(buf.len(), 10, "nothing consumed");
        assert!(buf.capacity() >= 4 + 10_001, "capacity {}", buf.capacity());
    }

    #[test]
    fn oversized_frames_fail_before_buffering() {
        let mut codec = MessageCodec { max_frame: 1000 };
        let mut buf = BytesMut::from(&1001u32.to_be_bytes()[..]);
        assert!(matches!(
            codec.decode(&mut buf),
            Err(CodecError::FrameTooLarge(1001))
        ));
        let big = Message::Data(Bytes::from(vec![0u8; 1000]));
        assert!(matches!(
            codec.encode(big, &mut BytesMut::new()),
            Err(CodecError::FrameTooLarge(1001))
        ));
    }

    #[test]
    fn malformed_frames_are_errors() {
        let mut codec = MessageCodec::default();
        for (bytes, what) in [
            (&[0u8, 0, 0, 0][..], "empty"),
            (&[0, 0, 0, 1, 9][..], "kind 9"),
            (&[0, 0, 0, 3, 1, 0, 0][..], "short ping"),
            (&[0, 0, 0, 2, 4, 0][..], "close with a payload"),
        ] {
            let mut buf = BytesMut::from(bytes);
            assert!(codec.decode(&mut buf).is_err(), "{what}");
        }
    }

    /// A frame that never completes must fail the test, not hang it.
    async fn within_two_seconds(test: impl std::future::Future<Output = ()>) {
        tokio::time::timeout(std::time::Duration::from_secs(2), test)
            .await
            .expect("no answer within 2 s: a frame was lost or never completed")
    }

    #[tokio::test]
    async fn a_stream_in_small_chunks() {
        within_two_seconds(async {
            let (mut writer, reader) = tokio::io::duplex(16);
            let bytes = encoded(&all());
            tokio::spawn(async move {
                for chunk in bytes.chunks(3) {
                    writer.write_all(chunk).await.unwrap();
                    tokio::task::yield_now().await;
                }
            });
            let got: Vec<Message> = FramedRead::new(reader, MessageCodec::default())
                .map(|m| m.unwrap())
                .collect()
                .await;
            assert_eq!(got, all());
        })
        .await;
    }

    #[tokio::test]
    async fn a_stream_cut_mid_frame_is_an_error() {
        within_two_seconds(async {
            let (mut writer, reader) = tokio::io::duplex(64);
            let bytes = encoded(&[Message::Ping(1), Message::Ping(2)]);
            writer.write_all(&bytes[..bytes.len() - 3]).await.unwrap();
            drop(writer);
            let mut frames = FramedRead::new(reader, MessageCodec::default());
            assert_eq!(frames.next().await.unwrap().unwrap(), Message::Ping(1));
            assert!(frames.next().await.unwrap().is_err());
        })
        .await;
    }

    #[tokio::test]
    async fn talks_to_a_tcp_server() {
        within_two_seconds(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            let server = tokio::spawn(async move {
                let (stream, _) = listener.accept().await.unwrap();
                serve(stream).await
            });
            let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
            let mut client = Framed::new(stream, MessageCodec::default());
            client.send(Message::Ping(42)).await.unwrap();
            assert_eq!(client.next().await.unwrap().unwrap(), Message::Pong(42));
            let blob = Bytes::from((0..50_000u32).map(|i| i as u8).collect::<Vec<_>>());
            client.send(Message::Data(blob.clone())).await.unwrap();
            assert_eq!(client.next().await.unwrap().unwrap(), Message::Data(blob));
            client.send(Message::Close).await.unwrap();
            server.await.unwrap().unwrap();
        })
        .await;
    }
}
