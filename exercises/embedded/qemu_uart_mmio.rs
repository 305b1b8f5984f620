//! A volatile MMIO driver for the LM3S6965's UART0, a PL011 at `0x4000_C000`.
//!
//! On this board, bytes written to UART0's data register appear on QEMU's
//! standard output. Finish the driver so `main` can print through it:
//!
//! - `RegisterBlock` must match the PL011 register map (offsets in bytes):
//!   `DR` 0x00, `RSR/ECR` 0x04, reserved 0x08..0x18, `FR` 0x18, reserved 0x1C,
//!   `ILPR` 0x20, `IBRD` 0x24, `FBRD` 0x28, `LCRH` 0x2C, `CR` 0x30. As shipped,
//!   the reserved words are missing, so every field after `RSR/ECR` sits at the
//!   wrong address.
//! - Registers are reached only through raw pointers (`&raw mut (*regs).dr`)
//!   with `read_volatile` / `write_volatile`: never create a `&` or `&mut` to
//!   device memory, and never let the compiler merge or drop an access.
//! - `write_byte` waits while the transmit FIFO is full (`FR` bit 5, `TXFF`),
//!   then writes the byte to `DR`; `fmt::Write` sends a whole string.
//!
//! The check builds this file for `thumbv7m-none-eabi`, runs it in QEMU and
//! compares the UART output (and the exit code 0) with the expected one: the
//! first line shows the `FR` and `CR` values your driver reads back.
#![no_std]
#![no_main]

use core::fmt::{self, Write};
use core::ptr;
use cortex_m_rt::entry;
use cortex_m_semihosting::debug;
use lm3s6965 as _; // the interrupt vector table of the LM3S6965
use panic_semihosting as _; // a panic prints its message and exits with code 1

/// The base address of UART0 on the LM3S6965.
const UART0: usize = 0x4000_C000;

/// Flag register bits.
const FR_TXFF: u32 = 1 << 5;
/// Control register bits: UART enable, transmit enable, receive enable.
const CR_UARTEN: u32 = 1 << 0;
const CR_TXE: u32 = 1 << 8;
const CR_RXE: u32 = 1 << 9;

/// The PL011's registers, in address order.
// TODO: add the reserved words so that each field lands on its offset.
#[repr(C)]
struct RegisterBlock {
    dr: u32,
    rsr_ecr: u32,
    fr: u32,
    ilpr: u32,
    ibrd: u32,
    fbrd: u32,
    lcrh: u32,
    cr: u32,
}

/// A handle to one PL011. Owning it means being the only writer of its registers.
struct Uart {
    regs: *mut RegisterBlock,
}

impl Uart {
    /// # Safety
    /// `base` must be the address of a PL011, and no other `Uart` may use it.
    unsafe fn new(base: usize) -> Self {
        Uart {
            regs: base as *mut RegisterBlock,
        }
    }

    /// The flag register.
    fn flags(&self) -> u32 {
        // SAFETY: `regs` points at a PL011 (see `new`); volatile read of FR.
        unsafe { ptr::read_volatile(&raw const (*self.regs).fr) }
    }

    /// The control register.
    fn control(&self) -> u32 {
        // SAFETY: as in `flags`.
        unsafe { ptr::read_volatile(&raw const (*self.regs).cr) }
    }

    /// Enables the UART and its transmitter and receiver, keeping the other
    /// control bits as they are.
    fn enable(&mut self) {
        let cr = self.control();
        // SAFETY: as in `flags`; we own the UART, so nobody races this update.
        unsafe { ptr::write_volatile(&raw mut (*self.regs).cr, cr | CR_UARTEN | CR_TXE | CR_RXE) }
    }

    /// Sends one byte: waits while the transmit FIFO is full, then writes `DR`.
    fn write_byte(&mut self, byte: u8) {
        // TODO: poll FR until TXFF is clear, then write the byte to DR, both
        // with volatile accesses through raw pointers.
        let _ = (byte, FR_TXFF);
        todo!("write_byte")
    }
}

impl Write for Uart {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for byte in s.bytes() {
            self.write_byte(byte);
        }
        Ok(())
    }
}

#[entry]
fn main() -> ! {
    // SAFETY: UART0 is a PL011 at this address, and this is its only handle.
    let mut uart = unsafe { Uart::new(UART0) };
    uart.enable();
    let (fr, cr) = (uart.flags(), uart.control());
    writeln!(uart, "UART0: fr={fr:#04x} cr={cr:#05x}").unwrap();
    writeln!(uart, "hello from the PL011 at {UART0:#x}").unwrap();
    for n in [1u32, 2, 3] {
        writeln!(uart, "{n} * 7 = {}", n * 7).unwrap();
    }
    debug::exit(debug::EXIT_SUCCESS);
    loop {
        cortex_m::asm::wfi();
    }
}
