//! Tutor-owned: the `asm!` versions against plain Rust on many inputs.
#[path = "../inline_asm.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex;

    fn reference_add(a: [u64; 4], b: [u64; 4]) -> ([u64; 4], bool) {
        let mut out = [0; 4];
        let mut carry = 0u128;
        for i in 0..4 {
            let s = u128::from(a[i]) + u128::from(b[i]) + carry;
            out[i] = s as u64;
            carry = s >> 64;
        }
        (out, carry == 1)
    }

    /// Limbs that make carries likely: all ones, zero, one, or random.
    fn limbs(mut x: u64) -> impl Iterator<Item = u64> {
        std::iter::repeat_with(move || {
            x ^= x << 7;
            x ^= x >> 9;
            match x % 5 {
                0 => u64::MAX,
                1 => 0,
                2 => 1,
                _ => x,
            }
        })
    }

    #[test]
    fn add_u256_matches_wide_arithmetic() {
        let mut l = limbs(0x9E37_79B9_7F4A_7C15);
        for _ in 0..5000 {
            let a = [(); 4].map(|_| l.next().unwrap());
            let b = [(); 4].map(|_| l.next().unwrap());
            assert_eq!(ex::add_u256(a, b), reference_add(a, b), "{a:x?} + {b:x?}");
        }
    }

    #[test]
    fn mul_wide_matches_u128() {
        let mut l = limbs(0xD1B5_4A32_D192_ED03);
        for _ in 0..5000 {
            let (a, b) = (l.next().unwrap(), l.next().unwrap());
            let p = u128::from(a) * u128::from(b);
            assert_eq!(
                ex::mul_wide(a, b),
                (p as u64, (p >> 64) as u64),
                "{a:x} * {b:x}"
            );
        }
    }

    #[test]
    fn the_vendor_is_twelve_printable_bytes() {
        let vendor = ex::cpu_vendor();
        if cfg!(target_arch = "x86_64") {
            assert_eq!(vendor.len(), 12, "{vendor:?}");
            assert!(
                vendor.bytes().all(|b| b.is_ascii_graphic() || b == b' '),
                "{vendor:?}"
            );
            assert_eq!(vendor, ex::cpu_vendor(), "the same every time");
        }
    }
}
