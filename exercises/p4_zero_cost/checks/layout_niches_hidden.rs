//! Tutor-owned tests for the layouts: the niche and the padding hold inside
//! other types too, packed headers round-trip every value, and the padded
//! counters add up under four threads.
#[path = "../layout_niches.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use std::mem::{align_of, size_of};
    use std::sync::atomic::AtomicU64;

    use crate::ex::{CachePadded, Counters, Event, UserId, WireHeader};

    #[test]
    fn the_niche_holds_inside_other_types() {
        assert_eq!(size_of::<[Option<UserId>; 8]>(), 32);
        assert_eq!(size_of::<(Option<UserId>, Option<UserId>)>(), 8);
        let ids: Vec<Option<UserId>> = (0..5).map(UserId::new).collect();
        assert_eq!(ids.iter().flatten().map(|id| id.get()).sum::<u32>(), 10);
    }

    #[test]
    fn padding_rounds_up_to_whole_lines() {
        assert_eq!(size_of::<CachePadded<[u8; 64]>>(), 64);
        assert_eq!(size_of::<CachePadded<[u8; 65]>>(), 128);
        assert_eq!(align_of::<CachePadded<u8>>(), 64);
        let v: Vec<CachePadded<u64>> = (0..3).map(CachePadded).collect();
        for (i, c) in v.iter().enumerate() {
            assert_eq!(c as *const _ as usize % 64, 0, "element {i} starts a line");
            assert_eq!(c.0, i as u64);
        }
        assert_eq!(size_of::<Counters>(), 4 * 64);
        assert_eq!(size_of::<CachePadded<AtomicU64>>(), 64);
    }

    #[test]
    fn counters_add_up_across_threads() {
        let counters = Counters::default();
        std::thread::scope(|s| {
            for t in 0..4 {
                let counters = &counters;
                s.spawn(move || {
                    for _ in 0..10_000 {
                        counters.add(t, t as u64 + 1);
                    }
                });
            }
        });
        assert_eq!(counters.total(), 10_000 * (1 + 2 + 3 + 4));
    }

    #[test]
    fn headers_round_trip_at_any_offset_and_value() {
        let mut buffer = vec![0xAA];
        buffer.extend([7, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);
        let bytes: [u8; 7] = buffer[1..8].try_into().unwrap();
        let h = WireHeader::parse(bytes);
        assert_eq!(h.len(), u32::MAX);
        assert!((0..16).all(|bit| h.has_flag(bit)));
        assert_eq!(h.to_bytes(), bytes);
        assert_eq!(h.describe(), "kind 7, 4294967295 bytes, flags 0xffff");
        for bit in 0..16 {
            let flags = 1u16 << bit;
            let [f0, f1] = flags.to_le_bytes();
            let h = WireHeader::parse([1, 0, 0, 0, 0, f0, f1]);
            assert!(h.has_flag(bit as u8) && h.is_empty());
            assert_eq!((0..16).filter(|&b| h.has_flag(b)).count(), 1, "bit {bit}");
        }
    }

    #[test]
    fn a_cloned_palette_is_a_copy() {
        let mut colors = [0u32; 64];
        colors[0] = 0x123456;
        let a = Event::palette(colors);
        let b = a.clone();
        colors[0] = 0xabcdef;
        assert_eq!(a, b);
        assert_ne!(a, Event::palette(colors));
        assert_eq!(b.describe(), "palette of 64 colors starting with 123456");
        let many = vec![Event::Key('x'); 1000];
        assert!(size_of::<Event>() * many.len() <= 24_000);
    }
}
