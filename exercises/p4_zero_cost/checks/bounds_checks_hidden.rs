//! Tutor-owned: the three functions against straightforward reference
//! versions, on many lengths and contents.
#[path = "../bounds_checks.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex;

    /// A deterministic byte sequence (xorshift).
    fn bytes(seed: u64, n: usize) -> Vec<u8> {
        let mut x = seed | 1;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect()
    }

    #[test]
    fn dot_matches_the_reference() {
        for n in 0..40 {
            let a: Vec<f32> = bytes(n as u64, n)
                .iter()
                .map(|&b| f32::from(b) / 16.0)
                .collect();
            let b: Vec<f32> = bytes(n as u64 + 99, n)
                .iter()
                .map(|&b| f32::from(b) / 16.0)
                .collect();
            // Small integers over 16: every product and sum is exact.
            let expected: f32 = (0..n).map(|i| a[i] * b[i]).sum();
            assert_eq!(ex::dot(&a, &b), expected, "n = {n}");
        }
    }

    #[test]
    fn blur3_matches_the_reference() {
        for n in 0..40 {
            let src = bytes(n as u64 + 7, n);
            let mut expected = src.clone();
            for i in 1..n.saturating_sub(1) {
                let sum = u16::from(src[i - 1]) + u16::from(src[i]) + u16::from(src[i + 1]);
                expected[i] = (sum / 3) as u8;
            }
            let mut dst = vec![0xAA; n];
            ex::blur3(&src, &mut dst);
            assert_eq!(dst, expected, "n = {n}");
        }
    }

    #[test]
    fn to_gray_matches_the_reference() {
        for n in 0..40 {
            let rgb = bytes(n as u64 + 3, 3 * n);
            let expected: Vec<u8> = rgb
                .chunks(3)
                .map(|p| {
                    ((77 * u32::from(p[0]) + 150 * u32::from(p[1]) + 29 * u32::from(p[2])) >> 8)
                        as u8
                })
                .collect();
            let mut gray = vec![0; n];
            ex::to_gray(&rgb, &mut gray);
            assert_eq!(gray, expected, "n = {n}");
        }
    }

    #[test]
    #[should_panic]
    fn blur3_rejects_different_lengths() {
        ex::blur3(&[1, 2, 3], &mut [0; 2]);
    }

    #[test]
    #[should_panic]
    fn to_gray_rejects_a_partial_pixel() {
        ex::to_gray(&[1, 2, 3, 4, 5], &mut [0; 2]);
    }
}
