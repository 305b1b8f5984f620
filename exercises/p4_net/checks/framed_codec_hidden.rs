//! Tutor-owned tests for `framed_codec`: other limits, one byte at a time.

#[path = "../framed_codec.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex::*;
    use bytes::{BufMut, Bytes, BytesMut};
    use tokio_util::codec::{Decoder, Encoder};

    #[test]
    fn hidden_limits_and_leftovers() {
        let mut codec = MessageCodec { max_frame: 9 };
        let mut buf = BytesMut::new();
        codec
            .encode(Message::Data(Bytes::from_static(b"12345678")), &mut buf)
            .unwrap();
        codec.encode(Message::Ping(3), &mut buf).unwrap();
        buf.put_slice(&[0, 0, 0]);
        assert_eq!(
            codec.decode(&mut buf).unwrap(),
            Some(Message::Data(Bytes::from_static(b"12345678")))
        );
        assert_eq!(codec.decode(&mut buf).unwrap(), Some(Message::Ping(3)));
        assert_eq!(codec.decode(&mut buf).unwrap(), None);
        assert_eq!(&buf[..], &[0, 0, 0], "a partial header stays");
        buf.put_u8(10);
        assert!(matches!(
            codec.decode(&mut buf),
            Err(CodecError::FrameTooLarge(10))
        ));
        let mut buf = BytesMut::from(&[0u8, 0, 0, 9, 2, 0, 0][..]);
        assert_eq!(codec.decode(&mut buf).unwrap(), None);
        assert_eq!(buf.len(), 7);
        buf.put_slice(&[0, 0, 0, 0, 0, 5]);
        assert_eq!(codec.decode(&mut buf).unwrap(), Some(Message::Pong(5)));
        let mut buf = BytesMut::from(&[0u8, 0, 0, 1, 0][..]);
        assert!(matches!(
            codec.decode(&mut buf),
            Err(CodecError::UnknownKind(0))
        ));
    }

    #[test]
    fn hidden_byte_by_byte() {
        let msgs = vec![
            Message::Close,
            Message::Data(Bytes::from(vec![9u8; 300])),
            Message::Pong(0),
        ];
        let mut wire = BytesMut::new();
        for m in &msgs {
            MessageCodec::default()
                .encode(m.clone(), &mut wire)
                .unwrap();
        }
        let mut codec = MessageCodec::default();
        let mut buf = BytesMut::new();
        let mut got = Vec::new();
        for b in wire.iter() {
            buf.put_u8(*b);
            if let Some(m) = codec.decode(&mut buf).unwrap() {
                got.push(m);
            }
        }
        assert_eq!(got, msgs);
        assert!(buf.is_empty());
    }
}
