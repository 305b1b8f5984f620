//! Inline assembly with `asm!` (x86_64).
//!
//! Three small functions where the instruction does something Rust has no
//! direct word for. Each has an `asm!` version for x86_64 and a portable
//! version for other machines (given; it is also what the tests compare
//! against). The `asm!` blocks below have bugs; fix them:
//!
//! - `add_u256`: 256-bit addition of four 64-bit limbs (least significant
//!   first) and the carry out. The carry of each limb must flow into the
//!   next: that is what `adc` (add with carry) is for.
//! - `mul_wide`: the full 128-bit product of two `u64`s as (low, high).
//!   `mul` multiplies `rax` by its operand and leaves the product in
//!   `rdx:rax`: name those registers explicitly.
//! - `cpu_vendor`: the 12-byte vendor string from `cpuid` leaf 0, found in
//!   `ebx`, `edx`, `ecx` (in that order). `rbx` belongs to the compiler and
//!   cannot be an operand: save and restore it around `cpuid`.
//!
//! The tutor also reads the assembly of each function: the instructions must
//! be in your `asm!` blocks (keep `#[unsafe(no_mangle)]` and
//! `#[inline(never)]`).

#[cfg(target_arch = "x86_64")]
use std::arch::asm;

/// `a + b` and the carry out; limbs are least significant first.
#[unsafe(no_mangle)]
#[inline(never)]
pub fn add_u256(a: [u64; 4], b: [u64; 4]) -> ([u64; 4], bool) {
    #[cfg(target_arch = "x86_64")]
    {
        let [mut r0, mut r1, mut r2, mut r3] = a;
        let carry: u8;
        // SAFETY: only registers are read and written.
        unsafe {
            asm!(
                "add {r0}, {b0}",
                "add {r1}, {b1}",
                "add {r2}, {b2}",
                "add {r3}, {b3}",
                "setc {carry}",
                r0 = inout(reg) r0,
                r1 = inout(reg) r1,
                r2 = inout(reg) r2,
                r3 = inout(reg) r3,
                b0 = in(reg) b[0],
                b1 = in(reg) b[1],
                b2 = in(reg) b[2],
                b3 = in(reg) b[3],
                carry = out(reg_byte) carry,
                options(pure, nomem, nostack),
            );
        }
        ([r0, r1, r2, r3], carry != 0)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        portable::add_u256(a, b)
    }
}

/// The full product `a * b` as (low 64 bits, high 64 bits).
#[unsafe(no_mangle)]
#[inline(never)]
pub fn mul_wide(a: u64, b: u64) -> (u64, u64) {
    #[cfg(target_arch = "x86_64")]
    {
        let low: u64;
        // SAFETY: only registers are read and written.
        unsafe {
            asm!(
                "imul {a}, {b}",
                a = inout(reg) a => low,
                b = in(reg) b,
                options(pure, nomem, nostack),
            );
        }
        (low, 0)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        portable::mul_wide(a, b)
    }
}

/// The CPU vendor, such as `GenuineIntel` or `AuthenticAMD`.
#[unsafe(no_mangle)]
#[inline(never)]
pub fn cpu_vendor() -> String {
    #[cfg(target_arch = "x86_64")]
    {
        let (ebx, ecx, edx): (u64, u32, u32);
        // SAFETY: cpuid is available on every x86_64 CPU; rbx is restored.
        unsafe {
            asm!(
                "mov {tmp}, rbx",
                "cpuid",
                "xchg {tmp}, rbx",
                tmp = out(reg) ebx,
                inout("eax") 0u32 => _,
                inout("ecx") 0u32 => ecx,
                out("edx") edx,
                options(nomem, nostack, preserves_flags),
            );
        }
        let mut bytes = Vec::with_capacity(12);
        for word in [ebx as u32, ecx, edx] {
            bytes.extend_from_slice(&word.to_le_bytes());
        }
        String::from_utf8_lossy(&bytes).into_owned()
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        portable::cpu_vendor()
    }
}

/// The same functions in plain Rust, for other machines and for the tests.
pub mod portable {
    pub fn add_u256(a: [u64; 4], b: [u64; 4]) -> ([u64; 4], bool) {
        let mut out = [0; 4];
        let mut carry = false;
        for i in 0..4 {
            let (s1, c1) = a[i].overflowing_add(b[i]);
            let (s2, c2) = s1.overflowing_add(u64::from(carry));
            out[i] = s2;
            carry = c1 || c2;
        }
        (out, carry)
    }

    pub fn mul_wide(a: u64, b: u64) -> (u64, u64) {
        let p = u128::from(a) * u128::from(b);
        (p as u64, (p >> 64) as u64)
    }

    pub fn cpu_vendor() -> String {
        "unknown".to_string()
    }
}

fn main() {
    println!("{:?}", add_u256([u64::MAX, 1, 0, 0], [1, 0, 0, 0]));
    println!("{:?}", mul_wide(u64::MAX, u64::MAX));
    println!("{}", cpu_vendor());
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: u64 = u64::MAX;

    /// A deterministic stream of interesting limbs.
    fn limbs(seed: u64) -> impl Iterator<Item = u64> {
        let mut x = seed | 1;
        std::iter::repeat_with(move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            match x % 4 {
                0 => MAX,
                1 => 0,
                _ => x,
            }
        })
    }

    #[test]
    fn adds_without_carries() {
        assert_eq!(
            add_u256([1, 2, 3, 4], [10, 20, 30, 40]),
            ([11, 22, 33, 44], false)
        );
    }

    #[test]
    fn carries_ripple_through_every_limb() {
        assert_eq!(
            add_u256([MAX, 0, 0, 0], [1, 0, 0, 0]),
            ([0, 1, 0, 0], false)
        );
        assert_eq!(
            add_u256([MAX, MAX, MAX, 0], [1, 0, 0, 0]),
            ([0, 0, 0, 1], false)
        );
        assert_eq!(add_u256([MAX; 4], [1, 0, 0, 0]), ([0; 4], true));
        assert_eq!(
            add_u256([MAX; 4], [MAX; 4]),
            ([MAX - 1, MAX, MAX, MAX], true)
        );
        assert_eq!(add_u256([0, 0, 0, MAX], [0, 0, 0, 1]), ([0; 4], true));
    }

    #[test]
    fn adds_like_the_portable_version() {
        let mut l = limbs(42);
        for _ in 0..1000 {
            let a = [(); 4].map(|_| l.next().unwrap());
            let b = [(); 4].map(|_| l.next().unwrap());
            assert_eq!(add_u256(a, b), portable::add_u256(a, b), "{a:x?} + {b:x?}");
        }
    }

    #[test]
    fn wide_products() {
        assert_eq!(mul_wide(6, 7), (42, 0));
        assert_eq!(mul_wide(MAX, 2), (MAX - 1, 1));
        assert_eq!(mul_wide(MAX, MAX), (1, MAX - 1));
        assert_eq!(mul_wide(1 << 32, 1 << 32), (0, 1));
        let mut l = limbs(7);
        for _ in 0..1000 {
            let (a, b) = (l.next().unwrap(), l.next().unwrap());
            assert_eq!(mul_wide(a, b), portable::mul_wide(a, b), "{a:x} * {b:x}");
        }
    }

    #[test]
    #[cfg(target_arch = "x86_64")]
    fn the_vendor_string() {
        #[allow(unused_unsafe)]
        // SAFETY: cpuid is available on every x86_64 CPU.
        let r = unsafe { std::arch::x86_64::__cpuid(0) };
        let mut expected = Vec::new();
        for word in [r.ebx, r.edx, r.ecx] {
            expected.extend_from_slice(&word.to_le_bytes());
        }
        let expected = String::from_utf8(expected).expect("an ASCII vendor name");
        assert_eq!(cpu_vendor(), expected);
    }
}
