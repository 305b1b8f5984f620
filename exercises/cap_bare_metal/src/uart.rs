//! Transmit side of UART0, a PL011 at `0x4000_C000`, through volatile MMIO.

use core::fmt;
use core::ptr;

/// The base address of UART0 on the LM3S6965.
const UART0: usize = 0x4000_C000;
/// Flag register: transmit FIFO full.
const FR_TXFF: u32 = 1 << 5;
/// Control register: UART enable, transmit enable, receive enable.
const CR_ENABLE: u32 = (1 << 0) | (1 << 8) | (1 << 9);

#[repr(C)]
struct RegisterBlock {
    dr: u32,
    rsr_ecr: u32,
    _reserved0: [u32; 4],
    fr: u32,
    _reserved1: u32,
    ilpr: u32,
    ibrd: u32,
    fbrd: u32,
    lcrh: u32,
    cr: u32,
}

const _: () = assert!(core::mem::offset_of!(RegisterBlock, fr) == 0x18);
const _: () = assert!(core::mem::offset_of!(RegisterBlock, cr) == 0x30);

/// The only handle to UART0.
pub struct Uart0 {
    regs: *mut RegisterBlock,
}

impl Uart0 {
    /// # Safety
    /// At most one `Uart0` may exist at a time.
    pub unsafe fn new() -> Self {
        let regs = UART0 as *mut RegisterBlock;
        // SAFETY: UART0 is a PL011 at this address; we are its only user.
        unsafe {
            let cr = ptr::read_volatile(&raw const (*regs).cr);
            ptr::write_volatile(&raw mut (*regs).cr, cr | CR_ENABLE);
        }
        Uart0 { regs }
    }

    fn write_byte(&mut self, byte: u8) {
        // SAFETY: `regs` points at UART0 (see `new`).
        unsafe {
            while ptr::read_volatile(&raw const (*self.regs).fr) & FR_TXFF != 0 {}
            ptr::write_volatile(&raw mut (*self.regs).dr, u32::from(byte));
        }
    }
}

impl fmt::Write for Uart0 {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        s.bytes().for_each(|b| self.write_byte(b));
        Ok(())
    }
}
