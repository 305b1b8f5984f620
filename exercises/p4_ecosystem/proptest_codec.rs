//! Property-based testing with proptest: let the machine find the bug.
//!
//! `Rle` is a run-length codec: `b"aaab"` encodes as `[3, b'a', 1, b'b']`, a
//! count byte (1 to 255) before each byte value. It passes the example tests
//! below, and it has a bug. Instead of guessing more examples, write the
//! properties every correct codec has, and a strategy that generates inputs
//! likely to break one:
//! - `runs()`: byte vectors made of runs, some longer than 255 bytes (a plain
//!   `vec(any::<u8>(), ..)` almost never repeats a byte);
//! - `prop_roundtrip`: `decode(encode(x)) == x`;
//! - `prop_canonical`: no count is 0, and a run is only split when it is full:
//!   two neighbouring pairs with the same byte mean the first has count 255;
//! - `prop_decode_total`: `decode` never panics on arbitrary bytes, and rejects
//!   an odd length or a zero count with an error.
//!
//! When the properties find the bug (proptest shrinks it to a small input), fix
//! `Rle`. The tutor also runs your properties against broken codecs of its own:
//! each must be caught.

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

#[derive(Debug, PartialEq)]
pub enum DecodeError {
    OddLength,
    ZeroCount { at: usize },
}

pub trait Codec {
    fn encode(data: &[u8]) -> Vec<u8>;
    fn decode(encoded: &[u8]) -> Result<Vec<u8>, DecodeError>;
}

pub struct Rle;

impl Codec for Rle {
    fn encode(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut iter = data.iter().copied().peekable();
        while let Some(byte) = iter.next() {
            let mut count: u8 = 1;
            while iter.peek() == Some(&byte) {
                iter.next();
                count = count.wrapping_add(1);
            }
            out.extend([count, byte]);
        }
        out
    }

    fn decode(encoded: &[u8]) -> Result<Vec<u8>, DecodeError> {
        if !encoded.len().is_multiple_of(2) {
            return Err(DecodeError::OddLength);
        }
        let mut out = Vec::new();
        for (i, pair) in encoded.chunks_exact(2).enumerate() {
            let (count, byte) = (pair[0], pair[1]);
            if count == 0 {
                return Err(DecodeError::ZeroCount { at: 2 * i });
            }
            out.extend(std::iter::repeat_n(byte, count as usize));
        }
        Ok(out)
    }
}

// TODO: the strategy and the three properties.

/// Byte vectors made of runs, some of them longer than 255 bytes.
pub fn runs() -> impl Strategy<Value = Vec<u8>> {
    // `Just` always yields the same value: replace it with a real strategy.
    Just(Vec::new())
}

/// `decode(encode(x)) == x`.
pub fn prop_roundtrip<C: Codec>(data: &[u8]) -> Result<(), TestCaseError> {
    todo!("roundtrip of {} bytes", data.len())
}

/// No zero count; neighbouring pairs share a byte only when the first is full.
pub fn prop_canonical<C: Codec>(data: &[u8]) -> Result<(), TestCaseError> {
    todo!("canonical encoding of {} bytes", data.len())
}

/// `decode` never panics: odd lengths and zero counts are errors.
pub fn prop_decode_total<C: Codec>(bytes: &[u8]) -> Result<(), TestCaseError> {
    todo!("decode {} arbitrary bytes", bytes.len())
}

fn main() {
    let data = b"aaaabbbc";
    let encoded = Rle::encode(data);
    println!("{encoded:?} -> {:?}", Rle::decode(&encoded));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples() {
        assert_eq!(Rle::encode(b""), Vec::<u8>::new());
        assert_eq!(Rle::encode(b"aaab"), vec![3, b'a', 1, b'b']);
        assert_eq!(Rle::decode(&[2, b'x', 1, b'y']), Ok(b"xxy".to_vec()));
        assert_eq!(Rle::decode(&[2]), Err(DecodeError::OddLength));
    }

    #[test]
    fn the_strategy_makes_long_runs_and_repeated_neighbours() {
        use proptest::strategy::ValueTree;
        use proptest::test_runner::TestRunner;
        let mut runner = TestRunner::deterministic();
        let mut longest = 0;
        for _ in 0..200 {
            let value = runs().new_tree(&mut runner).unwrap().current();
            let mut run = 0;
            for (i, b) in value.iter().enumerate() {
                run = if i > 0 && value[i - 1] == *b {
                    run + 1
                } else {
                    1
                };
                longest = longest.max(run);
            }
        }
        assert!(longest > 255, "the longest run generated was {longest}");
    }

    proptest! {
        // No `proptest-regressions/` files next to the exercise.
        #![proptest_config(ProptestConfig {
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn roundtrip(data in runs()) {
            prop_roundtrip::<Rle>(&data)?;
        }

        #[test]
        fn canonical(data in runs()) {
            prop_canonical::<Rle>(&data)?;
        }

        #[test]
        fn decode_is_total(bytes in prop::collection::vec(any::<u8>(), 0..40)) {
            prop_decode_total::<Rle>(&bytes)?;
        }
    }
}
