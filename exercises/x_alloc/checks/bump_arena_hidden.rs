//! Tutor-owned tests for `bump_arena`: alignment, capacity and padding on a
//! long mixed sequence of types.
#![allow(dead_code)]

#[path = "../bump_arena.rs"]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex::Arena;

    #[repr(align(32))]
    struct Wide([u8; 3]);

    fn range<T>(r: &T) -> (usize, usize) {
        let start = r as *const T as usize;
        (start, start + std::mem::size_of::<T>())
    }

    #[test]
    fn hidden_mixed_types_fill_the_arena_exactly() {
        let arena = Arena::with_capacity(1000);
        let mut spans = Vec::new();
        let mut i = 0u32;
        loop {
            let span = match i % 4 {
                0 => arena.try_alloc(i as u8).map(|r| range(r)).ok(),
                1 => arena.try_alloc(Wide([i as u8; 3])).map(|r| range(r)).ok(),
                2 => arena.try_alloc(i as u64).map(|r| range(r)).ok(),
                _ => arena.try_alloc([i as u16; 3]).map(|r| range(r)).ok(),
            };
            let Some(span) = span else { break };
            let align = [1, 32, 8, 2][i as usize % 4];
            assert_eq!(span.0 % align, 0, "value {i} is misaligned");
            spans.push(span);
            i += 1;
        }
        assert!(
            spans.len() > 20,
            "only {} values fit in 1000 bytes",
            spans.len()
        );
        for pair in spans.windows(2) {
            assert!(pair[0].1 <= pair[1].0, "values overlap");
        }
        assert!(arena.used() <= arena.capacity());
        // The failed allocation took nothing: a byte still fits if any is left.
        if arena.used() < arena.capacity() {
            assert!(arena.try_alloc(0u8).is_ok());
        }
    }
}
