//! The on-disk format of one record, and its checksum.
//!
//! ```text
//! +--------+------+---------+-----------+-----+-------+
//! | crc32  | kind | key len | value len | key | value |
//! | u32 LE | u8   | u32 LE  | u32 LE    |     |       |
//! +--------+------+---------+-----------+-----+-------+
//! ```
//!
//! The CRC-32 (IEEE, the one of zip and PNG) covers everything after it.
//! `kind` is 1 for a put and 2 for a delete (a *tombstone*, with no value).

pub const HEADER: usize = 4 + 1 + 4 + 4;
pub const PUT: u8 = 1;
pub const DELETE: u8 = 2;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub key: Vec<u8>,
    /// `None` for a tombstone.
    pub value: Option<Vec<u8>>,
}

/// What `decode` finds at the start of a buffer.
#[derive(Debug, PartialEq, Eq)]
pub enum Decoded {
    /// A whole record, and how many bytes it took.
    Record(Record, usize),
    /// The buffer ends in the middle of a record: a write that a crash cut.
    Incomplete,
    /// The checksum does not match, or the kind is unknown.
    Corrupt,
}

/// CRC-32/IEEE (reflected, polynomial 0xEDB88320, initial value and final
/// XOR 0xFFFFFFFF), one byte at a time with a 256-entry table.
pub fn crc32(bytes: &[u8]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut table = [0u32; 256];
        let mut i = 0;
        while i < 256 {
            let mut c = i as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
                k += 1;
            }
            table[i] = c;
            i += 1;
        }
        table
    };
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc = TABLE[((crc ^ u32::from(b)) & 0xFF) as usize] ^ (crc >> 8);
    }
    crc ^ 0xFFFF_FFFF
}

pub fn encode(record: &Record) -> Vec<u8> {
    let value = record.value.as_deref().unwrap_or(&[]);
    let mut out = Vec::with_capacity(HEADER + record.key.len() + value.len());
    out.extend_from_slice(&[0; 4]); // the checksum, filled in below
    out.push(if record.value.is_some() { PUT } else { DELETE });
    out.extend_from_slice(&(record.key.len() as u32).to_le_bytes());
    out.extend_from_slice(&(value.len() as u32).to_le_bytes());
    out.extend_from_slice(&record.key);
    out.extend_from_slice(value);
    let crc = crc32(&out[4..]);
    out[..4].copy_from_slice(&crc.to_le_bytes());
    out
}

fn u32_at(buf: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(buf[at..at + 4].try_into().unwrap())
}

pub fn decode(buf: &[u8]) -> Decoded {
    if buf.len() < HEADER {
        return Decoded::Incomplete;
    }
    let crc = u32_at(buf, 0);
    let kind = buf[4];
    let key_len = u32_at(buf, 5) as usize;
    let value_len = u32_at(buf, 9) as usize;
    // Lengths are not trusted until the checksum says so: compute the end
    // without overflow, and only then look at the bytes.
    let Some(end) = HEADER
        .checked_add(key_len)
        .and_then(|n| n.checked_add(value_len))
    else {
        return Decoded::Corrupt;
    };
    if buf.len() < end {
        return Decoded::Incomplete;
    }
    if crc32(&buf[4..end]) != crc {
        return Decoded::Corrupt;
    }
    let key = buf[HEADER..HEADER + key_len].to_vec();
    let value = &buf[HEADER + key_len..end];
    let value = match kind {
        PUT => Some(value.to_vec()),
        DELETE if value.is_empty() => None,
        _ => return Decoded::Corrupt,
    };
    Decoded::Record(Record { key, value }, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_of_known_inputs() {
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(
            crc32(b"The quick brown fox jumps over the lazy dog"),
            0x414F_A339
        );
    }

    #[test]
    fn records_round_trip() {
        for record in [
            Record {
                key: b"k".to_vec(),
                value: Some(b"v".to_vec()),
            },
            Record {
                key: Vec::new(),
                value: Some(Vec::new()),
            },
            Record {
                key: b"gone".to_vec(),
                value: None,
            },
        ] {
            let bytes = encode(&record);
            assert_eq!(decode(&bytes), Decoded::Record(record, bytes.len()));
        }
    }

    #[test]
    fn a_cut_record_is_incomplete() {
        let bytes = encode(&Record {
            key: b"key".to_vec(),
            value: Some(b"value".to_vec()),
        });
        for cut in 0..bytes.len() {
            assert_eq!(decode(&bytes[..cut]), Decoded::Incomplete, "cut at {cut}");
        }
    }

    #[test]
    fn any_flipped_bit_is_caught() {
        let bytes = encode(&Record {
            key: b"key".to_vec(),
            value: Some(b"value".to_vec()),
        });
        for i in 0..bytes.len() {
            for bit in 0..8 {
                let mut bad = bytes.clone();
                bad[i] ^= 1 << bit;
                let decoded = decode(&bad);
                assert!(
                    !matches!(decoded, Decoded::Record(..)),
                    "byte {i} bit {bit} went unnoticed"
                );
            }
        }
    }
}
