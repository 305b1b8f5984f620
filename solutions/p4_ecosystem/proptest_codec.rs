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
            while count < u8::MAX && iter.peek() == Some(&byte) {
                iter.next();
                count += 1;
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

/// Vectors made of up to 6 runs of 1 to 600 equal bytes, from a small alphabet
/// so that neighbouring runs often share a byte.
pub fn runs() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec((0u8..4, 1usize..600), 0..6).prop_map(|runs| {
        runs.into_iter()
            .flat_map(|(byte, len)| std::iter::repeat_n(byte, len))
            .collect()
    })
}

pub fn prop_roundtrip<C: Codec>(data: &[u8]) -> Result<(), TestCaseError> {
    let encoded = C::encode(data);
    prop_assert_eq!(C::decode(&encoded), Ok(data.to_vec()));
    Ok(())
}

pub fn prop_canonical<C: Codec>(data: &[u8]) -> Result<(), TestCaseError> {
    let encoded = C::encode(data);
    prop_assert!(encoded.len() % 2 == 0, "odd encoding {:?}", encoded);
    let pairs: Vec<&[u8]> = encoded.chunks(2).collect();
    for (i, pair) in pairs.iter().enumerate() {
        prop_assert!(pair[0] > 0, "zero count at pair {}", i);
        if let Some(next) = pairs.get(i + 1) {
            prop_assert!(
                pair[1] != next[1] || pair[0] == u8::MAX,
                "run of {:?} split at pair {} although it was not full",
                pair[1],
                i
            );
        }
    }
    Ok(())
}

pub fn prop_decode_total<C: Codec>(bytes: &[u8]) -> Result<(), TestCaseError> {
    let result = C::decode(bytes);
    if bytes.len() % 2 == 1 {
        prop_assert_eq!(result, Err(DecodeError::OddLength));
    } else if let Some(at) = bytes.chunks(2).position(|pair| pair[0] == 0) {
        prop_assert_eq!(result, Err(DecodeError::ZeroCount { at: 2 * at }));
    } else {
        let expected: usize = bytes.chunks(2).map(|pair| pair[0] as usize).sum();
        prop_assert_eq!(result.map(|v| v.len()), Ok(expected));
    }
    Ok(())
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
