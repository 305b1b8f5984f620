//! Reading MIR: where do overflow checks come from?
//!
//! The "simplified MIR" of `x * 2 + 1` often shown in books is
//! `_0 = Add(Mul(_1, 2), 1)`. The real debug MIR is different: see it with
//!
//! ```text
//! cargo rustc -p m39_compiler --bin mir_overflow -- --emit=mir=mir_overflow.mir
//! ```
//!
//! (stable; `#[rustc_dump_mir]` is an internal attribute of rustc's own test
//! suite, not something to put in your code). Search the file for
//! `fn fnv1a(`: every `*` became a `MulWithOverflow` followed by an
//! `assert(!move (_n.1: bool), "attempt to compute ... which would overflow")`
//! terminator, a branch that panics in debug builds.
//!
//! `fnv1a` is the 32-bit FNV-1a hash. The algorithm *means* its multiplication
//! to wrap around modulo 2^32, so in a debug build it panics on most inputs.
//! Make it compute the real FNV-1a hash in every build. The tutor checks the
//! tests, and that the MIR of `fnv1a` has no overflow assert left.

const OFFSET_BASIS: u32 = 0x811c_9dc5;
const PRIME: u32 = 0x0100_0193;

pub fn fnv1a(bytes: &[u8]) -> u32 {
    let mut hash = OFFSET_BASIS;
    for &byte in bytes {
        hash ^= u32::from(byte);
        hash = hash * PRIME;
    }
    hash
}

fn main() {
    for word in ["", "a", "foobar"] {
        println!("fnv1a({word:?}) = {:#010x}", fnv1a(word.as_bytes()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_input_is_the_offset_basis() {
        assert_eq!(fnv1a(b""), 0x811c_9dc5);
    }

    #[test]
    fn published_test_vectors() {
        assert_eq!(fnv1a(b"a"), 0xe40c_292c);
        assert_eq!(fnv1a(b"foobar"), 0xbf9c_f968);
    }

    #[test]
    fn every_byte_value() {
        let all: Vec<u8> = (0..=255).collect();
        let h = fnv1a(&all);
        assert_ne!(h, fnv1a(&all[1..]));
        assert_eq!(h, fnv1a(&all));
    }
}
