//! Your first firmware: an entry point, output over semihosting, and a panic
//! handler that reports the panic instead of hanging.
//!
//! This program runs on an emulated Cortex-M3 (QEMU's `lm3s6965evb` board). It
//! prints the average temperature of two sensor banks. The second bank has no
//! readings, so `sensors::average` panics. As shipped, the panic handler is the
//! classic `loop {}`: the board hangs without a word and the tutor has to kill
//! QEMU.
//!
//! Write a `#[panic_handler]` that prints the panic with `hprintln!` (the
//! `Display` of `PanicInfo` shows where it happened and the message) and then
//! ends the program with a failure exit code through semihosting.
//!
//! The check builds this file for `thumbv7m-none-eabi`, runs it in QEMU and
//! compares what it prints, and its exit code (1), with the expected ones.
#![no_std]
#![no_main]

use board::sensors;
use core::panic::PanicInfo;
use cortex_m_rt::entry;
use cortex_m_semihosting::{debug, hprintln};
use lm3s6965 as _; // the interrupt vector table of the LM3S6965

// `#[entry]` makes this the function cortex-m-rt's reset handler calls once RAM
// is initialized; it must never return.
#[entry]
fn main() -> ! {
    for bank in 0..2 {
        let readings = sensors::read_bank(bank);
        hprintln!("bank {bank}: {} readings", readings.len());
        let avg = sensors::average(readings);
        hprintln!("bank {bank}: average {}.{} C", avg / 10, avg % 10);
    }
    debug::exit(debug::EXIT_SUCCESS);
    loop {
        cortex_m::asm::wfi();
    }
}

// Report where and why, then stop the emulator with a failure exit code.
#[panic_handler]
fn panic(info: &PanicInfo) -> ! {
    hprintln!("{info}");
    debug::exit(debug::EXIT_FAILURE);
    loop {
        cortex_m::asm::wfi();
    }
}
