//! Tutor-owned: your properties, run against broken codecs. Each must be caught,
//! and your fixed `Rle` must pass.

#[path = "../proptest_codec.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex::*;
    use proptest::prelude::*;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

    fn runner() -> TestRunner {
        let config = Config {
            cases: 256,
            failure_persistence: None,
            ..Config::default()
        };
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha))
    }

    /// Whether any of the learner's properties fails for `C`.
    fn caught<C: Codec>() -> bool {
        let roundtrip = runner().run(&runs(), |d| prop_roundtrip::<C>(&d)).is_err();
        let canonical = runner().run(&runs(), |d| prop_canonical::<C>(&d)).is_err();
        let total = runner()
            .run(&prop::collection::vec(any::<u8>(), 0..40), |b| {
                prop_decode_total::<C>(&b)
            })
            .is_err();
        roundtrip || canonical || total
    }

    fn encode_with_cap(data: &[u8], cap: u8, wrap: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let mut iter = data.iter().copied().peekable();
        while let Some(byte) = iter.next() {
            let mut count: u8 = 1;
            while (wrap || count < cap) && iter.peek() == Some(&byte) {
                iter.next();
                count = count.wrapping_add(1);
            }
            out.extend([count, byte]);
        }
        out
    }

    fn good_decode(encoded: &[u8]) -> Result<Vec<u8>, DecodeError> {
        if !encoded.len().is_multiple_of(2) {
            return Err(DecodeError::OddLength);
        }
        let mut out = Vec::new();
        for (i, pair) in encoded.chunks(2).enumerate() {
            if pair[0] == 0 {
                return Err(DecodeError::ZeroCount { at: 2 * i });
            }
            out.extend(std::iter::repeat_n(pair[1], pair[0] as usize));
        }
        Ok(out)
    }

    macro_rules! mutant {
        ($name:ident, encode = $enc:expr, decode = $dec:expr) => {
            struct $name;
            impl Codec for $name {
                fn encode(data: &[u8]) -> Vec<u8> {
                    ($enc)(data)
                }
                fn decode(encoded: &[u8]) -> Result<Vec<u8>, DecodeError> {
                    ($dec)(encoded)
                }
            }
        };
    }

    mutant!(
        Reference,
        encode = |d| encode_with_cap(d, 255, false),
        decode = good_decode
    );
    mutant!(
        WrappingCount,
        encode = |d| encode_with_cap(d, 255, true),
        decode = good_decode
    );
    mutant!(
        SplitsEarly,
        encode = |d| encode_with_cap(d, 200, false),
        decode = good_decode
    );
    mutant!(
        NeverMerges,
        encode = |d: &[u8]| d.iter().flat_map(|&b| [1, b]).collect(),
        decode = good_decode
    );
    mutant!(
        PanicsOnOddLength,
        encode = |d| encode_with_cap(d, 255, false),
        decode = |e: &[u8]| {
            let mut out = Vec::new();
            for pair in e.chunks(2) {
                if pair[0] == 0 {
                    return Err(DecodeError::ZeroCount { at: 0 });
                }
                out.extend(std::iter::repeat_n(pair[1], pair[0] as usize));
            }
            Ok(out)
        }
    );
    mutant!(
        AcceptsZeroCounts,
        encode = |d| encode_with_cap(d, 255, false),
        decode = |e: &[u8]| {
            if !e.len().is_multiple_of(2) {
                return Err(DecodeError::OddLength);
            }
            Ok(e.chunks(2)
                .flat_map(|p| std::iter::repeat_n(p[1], p[0] as usize))
                .collect())
        }
    );
    mutant!(
        DropsTheLastRun,
        encode = |d| encode_with_cap(d, 255, false),
        decode = |e: &[u8]| {
            let mut out = good_decode(e)?;
            if let Some(pair) = e.rchunks(2).next() {
                out.truncate(out.len() - pair[0] as usize);
            }
            Ok(out)
        }
    );

    #[test]
    fn a_correct_codec_passes_your_properties() {
        assert!(
            !caught::<Reference>(),
            "your properties reject a correct codec"
        );
    }

    #[test]
    fn your_fixed_rle_passes_your_properties() {
        assert!(!caught::<Rle>(), "Rle still fails a property");
    }

    #[test]
    fn catches_a_count_that_wraps_past_255() {
        assert!(caught::<WrappingCount>());
    }

    #[test]
    fn catches_runs_split_before_they_are_full() {
        assert!(caught::<SplitsEarly>());
    }

    #[test]
    fn catches_an_encoder_that_never_merges() {
        assert!(caught::<NeverMerges>());
    }

    #[test]
    fn catches_a_decoder_that_panics() {
        assert!(caught::<PanicsOnOddLength>());
    }

    #[test]
    fn catches_a_decoder_that_accepts_zero_counts() {
        assert!(caught::<AcceptsZeroCounts>());
    }

    #[test]
    fn catches_a_decoder_that_drops_the_last_run() {
        assert!(caught::<DropsTheLastRun>());
    }
}
