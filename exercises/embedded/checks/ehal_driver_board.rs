//! Tutor-owned check for `ehal_driver`: the learner's driver, built for the
//! microcontroller, drives three real GPIO pins of the emulated LM3S6965.
//!
//! The pins are PF0 (data), PF1 (clock) and PF2 (latch) of the PL061 GPIO port
//! F. After every level change the program reads the port back from the
//! hardware and feeds a model of two chained 74HC595 chips, then prints what
//! their outputs show.
#![no_std]
#![no_main]

#[path = "../ehal_driver.rs"]
mod ex;

use core::cell::RefCell;
use core::convert::Infallible;
use core::ptr;

use cortex_m_rt::entry;
use cortex_m_semihosting::{debug, hprintln};
use embedded_hal::digital::{ErrorType, OutputPin};
use lm3s6965 as _; // the interrupt vector table of the LM3S6965
use panic_semihosting as _; // a panic prints its message and exits with code 1

/// GPIO port F (a PL061).
const GPIOF: usize = 0x4002_5000;
/// Offsets: DATA is read and written through an address mask (bits 9:2 of the
/// address select the pins an access touches), 0x3FC reaches all eight pins.
const DATA_ALL: usize = 0x3FC;
const DIR: usize = 0x400;
const DEN: usize = 0x51C;

fn read(addr: usize) -> u32 {
    // SAFETY: only called with addresses of GPIO port F registers.
    unsafe { ptr::read_volatile(addr as *const u32) }
}

fn write(addr: usize, value: u32) {
    // SAFETY: only called with addresses of GPIO port F registers.
    unsafe { ptr::write_volatile(addr as *mut u32, value) }
}

/// Two chained 74HC595: a 16-bit shift register and its output latch.
#[derive(Default)]
struct Chain {
    clock: bool,
    latch: bool,
    shift: u16,
    outputs: u16,
    latch_pulses: u32,
}

impl Chain {
    /// Samples the port: PF0 data, PF1 clock, PF2 latch.
    fn sample(&mut self) {
        let port = read(GPIOF + DATA_ALL);
        let (data, clock, latch) = (port & 1 != 0, port & 2 != 0, port & 4 != 0);
        if clock && !self.clock {
            self.shift = (self.shift << 1) | u16::from(data);
        }
        if latch && !self.latch {
            self.outputs = self.shift;
            self.latch_pulses += 1;
        }
        (self.clock, self.latch) = (clock, latch);
    }
}

/// One output pin of port F; every change is sampled into the chip model.
struct GpioPin<'a> {
    bit: u32,
    chain: &'a RefCell<Chain>,
}

impl<'a> GpioPin<'a> {
    fn output(bit: u32, chain: &'a RefCell<Chain>) -> Self {
        write(GPIOF + DIR, read(GPIOF + DIR) | 1 << bit);
        write(GPIOF + DEN, read(GPIOF + DEN) | 1 << bit);
        GpioPin { bit, chain }
    }

    fn set(&mut self, high: bool) {
        let masked = GPIOF + ((1 << self.bit) << 2);
        write(masked, if high { 0xFF } else { 0 });
        self.chain.borrow_mut().sample();
    }
}

impl ErrorType for GpioPin<'_> {
    type Error = Infallible;
}

impl OutputPin for GpioPin<'_> {
    fn set_low(&mut self) -> Result<(), Infallible> {
        self.set(false);
        Ok(())
    }
    fn set_high(&mut self) -> Result<(), Infallible> {
        self.set(true);
        Ok(())
    }
}

#[entry]
fn main() -> ! {
    let chain = RefCell::new(Chain::default());
    let (data, clock, latch) = (
        GpioPin::output(0, &chain),
        GpioPin::output(1, &chain),
        GpioPin::output(2, &chain),
    );
    let mut sr = ex::ShiftRegister::new(data, clock, latch).unwrap();
    for byte in [0x01, 0x80, 0xA5] {
        sr.write(byte).unwrap();
        hprintln!(
            "write({byte:#04x}): outputs {:#06x}",
            chain.borrow().outputs
        );
    }
    sr.write_all(&[0x12, 0x34]).unwrap();
    let c = chain.borrow();
    hprintln!("write_all([0x12, 0x34]): outputs {:#06x}", c.outputs);
    hprintln!("latch pulses: {}", c.latch_pulses);
    hprintln!(
        "clock and latch idle: {}",
        read(GPIOF + DATA_ALL) & 0b110 == 0
    );
    debug::exit(debug::EXIT_SUCCESS);
    loop {
        cortex_m::asm::wfi();
    }
}
