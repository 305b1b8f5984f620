//! Tutor-owned: `sum` and `all_below` on many lengths and contents.
#[path = "../autovectorize.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex;

    fn values(seed: u32, n: usize) -> Vec<f32> {
        let mut x = seed | 1;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                (x % 20_000) as f32 / 100.0 - 50.0
            })
            .collect()
    }

    #[test]
    fn sums_are_close_for_every_length() {
        for n in 0..200 {
            let v = values(n as u32 + 1, n);
            let exact: f64 = v.iter().map(|&x| f64::from(x)).sum();
            let scale: f64 = v.iter().map(|&x| f64::from(x.abs())).sum::<f64>().max(1.0);
            let got = f64::from(ex::sum(&v));
            assert!(
                (got - exact).abs() <= 1e-5 * scale,
                "n = {n}: {got} vs {exact}"
            );
        }
    }

    #[test]
    fn all_below_matches_the_obvious_loop() {
        for n in 0..200 {
            let mut v = values(n as u32 + 7, n);
            for limit in [-60.0, 0.0, 49.5, 60.0] {
                let expected = v.iter().all(|&x| x < limit);
                assert_eq!(ex::all_below(&v, limit), expected, "n = {n}, limit {limit}");
            }
            if n > 0 {
                v[n / 3] = f32::NAN;
                assert!(!ex::all_below(&v, 100.0), "n = {n}: NaN at {}", n / 3);
            }
        }
    }
}
