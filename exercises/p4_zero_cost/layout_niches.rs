//! Memory layout: niches, boxed variants, packed wire structs and cache lines.
//!
//! Four types whose layout matters, each with a target the tests measure:
//!
//! 1. `UserId`: ids start at 1, so 0 is free to mean "none". Make
//!    `Option<UserId>` as small as `UserId` (4 bytes): a *niche*.
//! 2. `Event`: one big variant makes every event big. Keep the variants and
//!    what `describe` prints, but bring `size_of::<Event>()` down to at most
//!    24 bytes.
//! 3. `WireHeader`: a 7-byte header read straight from the network, so it is
//!    `#[repr(C, packed)]` (no padding, alignment 1). Its fields may sit at
//!    unaligned addresses, and Rust forbids references to them.
//! 4. `CachePadded<T>`: two counters updated by two threads should not share
//!    a 64-byte cache line ("false sharing"). Make `CachePadded` aligned to
//!    64 bytes, so each one fills a line of its own.
//!
//! As shipped, this does not compile: fix the packed struct first.

use std::sync::atomic::{AtomicU64, Ordering};

/// A user id; 0 is never a valid id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UserId(u32);

impl UserId {
    /// `None` for 0.
    pub fn new(id: u32) -> Option<UserId> {
        if id == 0 { None } else { Some(UserId(id)) }
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

/// Something that happened in the interface.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Click {
        x: i32,
        y: i32,
    },
    Key(char),
    Paste(String),
    /// A whole palette: big, and rare.
    Palette([u32; 64]),
}

impl Event {
    pub fn palette(colors: [u32; 64]) -> Event {
        Event::Palette(colors)
    }

    pub fn describe(&self) -> String {
        match self {
            Event::Click { x, y } => format!("click at {x},{y}"),
            Event::Key(c) => format!("key {c:?}"),
            Event::Paste(text) => format!("paste of {} bytes", text.len()),
            Event::Palette(colors) => {
                format!(
                    "palette of {} colors starting with {:06x}",
                    colors.len(),
                    colors[0]
                )
            }
        }
    }
}

/// A message header as it arrives on the wire: kind (1 byte), length (4
/// bytes, little endian), flags (2 bytes, little endian).
#[repr(C, packed)]
#[derive(Debug, Clone, Copy)]
pub struct WireHeader {
    pub kind: u8,
    pub len: u32,
    pub flags: u16,
}

impl WireHeader {
    pub fn parse(bytes: [u8; 7]) -> WireHeader {
        WireHeader {
            kind: bytes[0],
            len: u32::from_le_bytes([bytes[1], bytes[2], bytes[3], bytes[4]]),
            flags: u16::from_le_bytes([bytes[5], bytes[6]]),
        }
    }

    pub fn to_bytes(self) -> [u8; 7] {
        // Copy the fields out (`{ self.len }` is a copy, not a reference).
        let (len, flags) = (self.len, self.flags);
        let [l0, l1, l2, l3] = len.to_le_bytes();
        let [f0, f1] = flags.to_le_bytes();
        [self.kind, l0, l1, l2, l3, f0, f1]
    }

    /// The payload length.
    pub fn len(&self) -> u32 {
        self.len
    }

    /// For logs: `kind 9, 64 bytes, flags 0x0005`.
    pub fn describe(&self) -> String {
        format!(
            "kind {}, {} bytes, flags {:#06x}",
            self.kind, self.len, self.flags
        )
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether flag bit `bit` is set.
    pub fn has_flag(&self, bit: u8) -> bool {
        let flags = self.flags;
        flags & (1 << bit) != 0
    }
}

/// A value alone on its 64-byte cache line.
#[derive(Debug, Default)]
pub struct CachePadded<T>(pub T);

/// One counter per thread.
#[derive(Debug, Default)]
pub struct Counters {
    pub per_thread: [CachePadded<AtomicU64>; 4],
}

impl Counters {
    pub fn add(&self, thread: usize, n: u64) {
        self.per_thread[thread].0.fetch_add(n, Ordering::Relaxed);
    }

    pub fn total(&self) -> u64 {
        self.per_thread
            .iter()
            .map(|c| c.0.load(Ordering::Relaxed))
            .sum()
    }
}

fn main() {
    println!("Option<UserId>: {} bytes", size_of::<Option<UserId>>());
    println!("Event: {} bytes", size_of::<Event>());
    println!("WireHeader: {} bytes", size_of::<WireHeader>());
    println!(
        "CachePadded<AtomicU64>: {} bytes",
        size_of::<CachePadded<AtomicU64>>()
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{align_of, size_of};

    #[test]
    fn user_ids() {
        assert_eq!(UserId::new(0), None);
        assert_eq!(UserId::new(42).map(UserId::get), Some(42));
        assert_eq!(UserId::new(u32::MAX).unwrap().get(), u32::MAX);
    }

    #[test]
    fn an_optional_id_costs_nothing_extra() {
        assert_eq!(size_of::<UserId>(), 4);
        assert_eq!(size_of::<Option<UserId>>(), 4);
    }

    #[test]
    fn events_are_small() {
        assert!(
            size_of::<Event>() <= 24,
            "Event is {} bytes",
            size_of::<Event>()
        );
        // A String is 24 bytes and has a niche of its own.
        assert_eq!(size_of::<Option<Event>>(), size_of::<Event>());
    }

    #[test]
    fn events_describe_themselves() {
        assert_eq!(Event::Click { x: 3, y: -4 }.describe(), "click at 3,-4");
        assert_eq!(Event::Key('q').describe(), "key 'q'");
        assert_eq!(Event::Paste("abc".into()).describe(), "paste of 3 bytes");
        let mut colors = [0; 64];
        colors[0] = 0xff8800;
        assert_eq!(
            Event::palette(colors).describe(),
            "palette of 64 colors starting with ff8800"
        );
        assert_eq!(Event::palette(colors), Event::palette(colors));
    }

    #[test]
    fn the_wire_header_has_no_padding() {
        assert_eq!(size_of::<WireHeader>(), 7);
        assert_eq!(align_of::<WireHeader>(), 1);
        assert_eq!(std::mem::offset_of!(WireHeader, len), 1);
        assert_eq!(std::mem::offset_of!(WireHeader, flags), 5);
    }

    #[test]
    fn wire_headers_round_trip() {
        let bytes = [9, 0x10, 0x20, 0x30, 0x40, 0b101, 0x80];
        let h = WireHeader::parse(bytes);
        assert_eq!(h.kind, 9);
        assert_eq!(h.len(), 0x4030_2010);
        assert!(!h.is_empty());
        assert!(h.has_flag(0) && !h.has_flag(1) && h.has_flag(2) && h.has_flag(15));
        assert_eq!(h.to_bytes(), bytes);
        assert!(WireHeader::parse([0; 7]).is_empty());
        assert_eq!(
            WireHeader::parse([2, 64, 0, 0, 0, 5, 0]).describe(),
            "kind 2, 64 bytes, flags 0x0005"
        );
    }

    #[test]
    fn padded_values_fill_a_cache_line() {
        assert_eq!(align_of::<CachePadded<AtomicU64>>(), 64);
        assert_eq!(size_of::<CachePadded<u8>>(), 64);
        let counters = Counters::default();
        let a = &counters.per_thread[0] as *const _ as usize;
        let b = &counters.per_thread[1] as *const _ as usize;
        assert_eq!(a % 64, 0);
        assert!(b - a >= 64, "neighbours share a cache line");
    }

    #[test]
    fn counters_count() {
        let counters = Counters::default();
        std::thread::scope(|s| {
            for t in 0..4 {
                let counters = &counters;
                s.spawn(move || {
                    for _ in 0..1000 {
                        counters.add(t, 1);
                    }
                });
            }
        });
        assert_eq!(counters.total(), 4000);
    }
}
