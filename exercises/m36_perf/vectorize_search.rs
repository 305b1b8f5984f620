//! Read the assembly: a loop with an early exit is not vectorized.
//!
//! `find_byte` returns the index of the first `needle` in `haystack`, like
//! `memchr`. Written with `position`, it compares one byte per iteration:
//! the loop may stop after any byte, and LLVM does not vectorize loops with
//! such data-dependent exits. Look for yourself:
//! `cargo rustc -p m36_perf --bin vectorize_search --profile perf -- --emit=asm`
//! (or `cargo asm`, from cargo-show-asm) and read the body of `find_byte`.
//!
//! Restructure the loop so that the hot part has no exit inside: take the
//! haystack in fixed-size blocks (`chunks_exact`, converted to `&[u8; 32]`),
//! ask "is the needle anywhere in this block?" with a reduction that looks at
//! every byte (a `fold` of `acc | (b == needle)`), and search byte by byte
//! only inside the block that answered yes, and in the remainder. LLVM turns
//! the fixed-size reduction into packed compares (`pcmpeqb`) of 16 bytes at
//! a time. This is the idea behind the `memchr` crate.
//!
//! The tests check every position in many lengths; the `asm` check reads
//! `find_byte`'s assembly (built with the `perf` profile) for `pcmpeqb`.

#[unsafe(no_mangle)]
#[inline(never)]
pub fn find_byte(haystack: &[u8], needle: u8) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

fn main() {
    let text = b"the quick brown fox jumps over the lazy dog".repeat(100);
    println!("first 'z' at {:?}", find_byte(&text, b'z'));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_position() {
        for len in 0..100 {
            for at in 0..len {
                let mut hay = vec![b'.'; len];
                hay[at] = b'x';
                assert_eq!(find_byte(&hay, b'x'), Some(at), "len {len}, at {at}");
            }
            assert_eq!(find_byte(&vec![b'.'; len], b'x'), None, "len {len}");
        }
    }

    #[test]
    fn the_first_of_several() {
        let mut hay = vec![0u8; 1000];
        for at in [700, 33, 999, 64] {
            hay[at] = 0xFF;
        }
        assert_eq!(find_byte(&hay, 0xFF), Some(33));
        assert_eq!(find_byte(&hay, 0), Some(0));
        assert_eq!(find_byte(&hay[34..], 0xFF), Some(30));
    }

    #[test]
    fn every_byte_value() {
        let hay: Vec<u8> = (0..=255).rev().collect();
        for b in 0..=255u8 {
            assert_eq!(find_byte(&hay, b), Some(255 - b as usize));
        }
    }
}
