//! Tutor-owned tests for `hex_color!`, `duration!` and `parse_hex_color`:
//! every byte value in both cases, the macros in `static`s and in a module
//! that shadows the names an expansion might lean on, and the largest
//! amounts that still fit.
#[path = "../const_validation.rs"]
#[allow(dead_code)]
mod ex;
#[allow(unused_imports)]
use ex::*;

fn main() {}

#[cfg(test)]
mod hidden {
    use std::time::Duration;

    use crate::ex::{Rgb, parse_hex_color};
    use crate::{duration, hex_color};

    #[test]
    fn every_byte_in_either_case() {
        for v in 0..=255u8 {
            let lower = format!("#{v:02x}{v:02x}{v:02x}");
            let mixed = format!("#{v:02X}{v:02x}{v:02X}");
            let want = Rgb { r: v, g: v, b: v };
            assert_eq!(parse_hex_color(&lower), want, "{lower}");
            assert_eq!(parse_hex_color(&mixed), want, "{mixed}");
        }
        assert_eq!(
            parse_hex_color("#0a1B2c"),
            Rgb {
                r: 0x0a,
                g: 0x1b,
                b: 0x2c
            }
        );
    }

    static ACCENT: Rgb = hex_color!("#C0FFEE");
    static TIMEOUT: Duration = duration!(3 min);

    #[test]
    fn in_statics() {
        assert_eq!(
            ACCENT,
            Rgb {
                r: 0xc0,
                g: 0xff,
                b: 0xee
            }
        );
        assert_eq!(TIMEOUT, Duration::from_secs(180));
    }

    mod shadowing {
        use crate::{duration, hex_color};

        // Names an expansion must not rely on, from the caller's module.
        #[allow(dead_code)]
        struct Duration;
        #[allow(dead_code)]
        struct Rgb;
        #[allow(dead_code)]
        fn parse_hex_color() {}
        #[allow(dead_code)]
        fn seconds() {}
        #[allow(dead_code)]
        mod core {}
        #[allow(dead_code)]
        mod std {}

        #[test]
        fn macros_expand_in_a_hostile_module() {
            let c = hex_color!("#010203");
            assert_eq!((c.r, c.g, c.b), (1, 2, 3));
            assert_eq!(duration!(1_500 ms).as_millis(), 1_500);
            assert_eq!(duration!(2 s).as_secs(), 2);
            assert_eq!(duration!(1 h).as_secs(), 3_600);
        }
    }

    #[test]
    fn the_largest_amounts_that_fit() {
        const MAX_H: u64 = u64::MAX / 3600;
        assert_eq!(duration!(5124095576030431 h).as_secs(), MAX_H * 3600);
        assert_eq!(MAX_H, 5_124_095_576_030_431);
        assert_eq!(
            duration!(307445734561825860 min).as_secs(),
            307_445_734_561_825_860 * 60
        );
        assert_eq!(duration!(18446744073709551615 s).as_secs(), u64::MAX);
    }
}
