//! Tutor-owned tests for the CRC tables: every polynomial agrees with a
//! bit-by-bit reference on varied data, the hasher keeps going after
//! `finish`, and everything the exercise promises is usable in constants.
#[path = "../const_tables.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use crate::ex::{Crc32, Crc32C, Crc32Iso, Hasher, make_table};

    /// CRC-32K (Koopman), reflected: a polynomial the exercise never names.
    const KOOPMAN: u32 = 0xEB31_D82E;

    /// The CRC one bit at a time, without a table.
    fn reference(poly: u32, data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &byte in data {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ poly
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    /// Reproducible bytes of every value.
    fn data(len: usize, seed: u32) -> Vec<u8> {
        let mut x = seed | 1;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                (x >> 24) as u8
            })
            .collect()
    }

    #[test]
    fn every_polynomial_agrees_with_the_bitwise_reference() {
        for len in [0, 1, 2, 3, 15, 64, 255, 1000] {
            let d = data(len, len as u32 + 7);
            assert_eq!(
                Crc32Iso::checksum(&d),
                reference(0xEDB8_8320, &d),
                "ISO, {len} bytes"
            );
            assert_eq!(
                Crc32C::checksum(&d),
                reference(0x82F6_3B78, &d),
                "C, {len} bytes"
            );
            assert_eq!(
                Crc32::<KOOPMAN>::checksum(&d),
                reference(KOOPMAN, &d),
                "K, {len} bytes"
            );
        }
    }

    #[test]
    fn the_table_of_any_polynomial() {
        let table = make_table(KOOPMAN);
        for (i, &entry) in table.iter().enumerate() {
            // Entry i is the CRC register after feeding byte i into zero.
            let mut crc = i as u32;
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ KOOPMAN
                } else {
                    crc >> 1
                };
            }
            assert_eq!(entry, crc, "entry {i}");
        }
        assert_eq!(Crc32::<KOOPMAN>::TABLE, table);
        assert_eq!(make_table(0), [0; 256]);
    }

    #[test]
    fn finish_does_not_end_the_hasher() {
        let mut h = Hasher::<0xEDB8_8320>::default();
        assert_eq!(h.finish(), 0, "nothing written yet");
        h.write(b"1234");
        let partial = h.finish();
        assert_eq!(partial, h.finish(), "finish twice, same answer");
        assert_eq!(partial, Crc32Iso::checksum(b"1234"));
        h.write(b"");
        h.write(b"56789");
        assert_eq!(h.finish(), 0xCBF4_3926);
    }

    #[test]
    fn one_byte_at_a_time() {
        let d = data(300, 99);
        let mut h = Hasher::<KOOPMAN>::new();
        for b in &d {
            h.write(std::slice::from_ref(b));
        }
        assert_eq!(h.finish(), reference(KOOPMAN, &d));
    }

    // Evaluated by the compiler: a `checksum` or `Hasher::new` that is not a
    // `const fn` does not build.
    const EMPTY: Hasher<KOOPMAN> = Hasher::new();
    const CHECK_K: u32 = Crc32::<KOOPMAN>::checksum(b"123456789");

    #[test]
    fn in_constants_for_a_new_polynomial() {
        assert_eq!(CHECK_K, 0x2D3D_D0AE);
        assert_eq!(EMPTY.finish(), 0);
    }
}
