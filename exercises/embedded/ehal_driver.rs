//! A driver written once against embedded-hal 1.0 traits, tested on the host
//! with mock pins and run on the board with real GPIO pins.
//!
//! `ShiftRegister` drives a 74HC595 shift register over three output pins: on
//! each rising edge of `clock` the chip shifts in the level of `data`, and on a
//! rising edge of `latch` it copies the shifted bits to its outputs. Chained
//! chips pass bits along, so `write_all(&[a, b])` shifts out both bytes and then
//! latches once: the outputs change together, without a glitch.
//!
//! Fix `ShiftRegister` so that:
//! - `new` puts the bus in its idle state: `clock` and `latch` low;
//! - bits go out most significant bit first (`0x80` lights output Q7);
//! - every byte is 8 clock pulses, and the latch pulses (high, then low) once per
//!   `write` / `write_all`, after the last clock pulse; the bus ends idle;
//! - a pin error stops the transfer at once and is returned, and nothing is
//!   latched after a failed transfer.
//!
//! The driver must stay portable: only `core` and `embedded_hal`, no `std`,
//! no allocation (a check program builds this file for the microcontroller).
//! The tests below run on the host with mock pins that record every level
//! change; a tutor-owned check adds more (error injection), and a program on
//! the emulated board drives real GPIO pins through your driver.

// The driver is used by the tests and by the board program, not by this bin's
// empty `main`.
#![cfg_attr(not(test), allow(dead_code))]

use embedded_hal::digital::OutputPin;

/// A 74HC595 (or a chain of them) on three output pins sharing one error type.
pub struct ShiftRegister<D, C, L> {
    data: D,
    clock: C,
    latch: L,
}

impl<D, C, L, E> ShiftRegister<D, C, L>
where
    D: OutputPin<Error = E>,
    C: OutputPin<Error = E>,
    L: OutputPin<Error = E>,
{
    /// Takes the pins and puts the bus in its idle state.
    pub fn new(data: D, clock: C, latch: L) -> Result<Self, E> {
        Ok(ShiftRegister { data, clock, latch })
    }

    /// Shifts out one byte and latches it.
    pub fn write(&mut self, byte: u8) -> Result<(), E> {
        self.latch.set_low()?;
        for bit in 0..8 {
            if byte & (1 << bit) != 0 {
                self.data.set_high()?;
            } else {
                self.data.set_low()?;
            }
            self.clock.set_high()?;
            self.clock.set_low()?;
        }
        self.latch.set_high()
    }

    /// Shifts out every byte, first byte first, then latches once.
    pub fn write_all(&mut self, bytes: &[u8]) -> Result<(), E> {
        for &byte in bytes {
            self.write(byte)?;
        }
        Ok(())
    }

    /// Gives the pins back.
    pub fn release(self) -> (D, C, L) {
        (self.data, self.clock, self.latch)
    }
}

// In the checks this file is a module of another program: `main` is unused there.
#[allow(dead_code)]
fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use core::convert::Infallible;
    use std::cell::RefCell;
    use std::vec::Vec;

    /// Which pin changed, and to which level.
    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Event {
        Data(bool),
        Clock(bool),
        Latch(bool),
    }

    /// An output pin that records its level changes in a shared log.
    struct MockPin<'a> {
        log: &'a RefCell<Vec<Event>>,
        event: fn(bool) -> Event,
    }

    impl embedded_hal::digital::ErrorType for MockPin<'_> {
        type Error = Infallible;
    }

    impl OutputPin for MockPin<'_> {
        fn set_low(&mut self) -> Result<(), Infallible> {
            self.log.borrow_mut().push((self.event)(false));
            Ok(())
        }
        fn set_high(&mut self) -> Result<(), Infallible> {
            self.log.borrow_mut().push((self.event)(true));
            Ok(())
        }
    }

    fn pins(log: &RefCell<Vec<Event>>) -> (MockPin<'_>, MockPin<'_>, MockPin<'_>) {
        (
            MockPin {
                log,
                event: Event::Data,
            },
            MockPin {
                log,
                event: Event::Clock,
            },
            MockPin {
                log,
                event: Event::Latch,
            },
        )
    }

    /// Replays the log through a model of the 74HC595: the bits it shifted in,
    /// the bytes each latch pulse showed, and the final clock and latch levels.
    struct Model {
        latched: Vec<u64>,
        shifted_bits: usize,
        clock: bool,
        latch: bool,
    }

    fn replay(log: &[Event]) -> Model {
        let (mut data, mut clock, mut latch) = (false, false, false);
        let (mut shift, mut bits) = (0u64, 0);
        let mut latched = Vec::new();
        for &event in log {
            match event {
                Event::Data(level) => data = level,
                Event::Clock(level) => {
                    if level && !clock {
                        shift = (shift << 1) | u64::from(data);
                        bits += 1;
                    }
                    clock = level;
                }
                Event::Latch(level) => {
                    if level && !latch {
                        latched.push(shift);
                    }
                    latch = level;
                }
            }
        }
        Model {
            latched,
            shifted_bits: bits,
            clock,
            latch,
        }
    }

    #[test]
    fn new_leaves_the_bus_idle() {
        let log = RefCell::new(Vec::new());
        let (d, c, l) = pins(&log);
        let _sr = ShiftRegister::new(d, c, l).unwrap();
        let log = log.borrow();
        assert!(
            log.contains(&Event::Clock(false)),
            "clock not driven low: {log:?}"
        );
        assert!(
            log.contains(&Event::Latch(false)),
            "latch not driven low: {log:?}"
        );
        assert_eq!(replay(&log).latched, [], "nothing may be latched yet");
    }

    #[test]
    fn bits_go_out_msb_first() {
        let log = RefCell::new(Vec::new());
        let (d, c, l) = pins(&log);
        let mut sr = ShiftRegister::new(d, c, l).unwrap();
        sr.write(0b1000_0110).unwrap();
        let model = replay(&log.borrow());
        assert_eq!(model.shifted_bits, 8);
        assert_eq!(model.latched, [0b1000_0110]);
    }

    #[test]
    fn each_write_ends_idle_and_latches_once() {
        let log = RefCell::new(Vec::new());
        let (d, c, l) = pins(&log);
        let mut sr = ShiftRegister::new(d, c, l).unwrap();
        sr.write(0xA5).unwrap();
        sr.write(0x3C).unwrap();
        let model = replay(&log.borrow());
        assert_eq!(model.latched, [0xA5, 0xA53C], "one latch pulse per write");
        assert!(!model.clock && !model.latch, "the bus must end idle");
    }

    #[test]
    fn write_all_latches_once_after_every_byte() {
        let log = RefCell::new(Vec::new());
        let (d, c, l) = pins(&log);
        let mut sr = ShiftRegister::new(d, c, l).unwrap();
        sr.write_all(&[0x12, 0x34, 0x56]).unwrap();
        let model = replay(&log.borrow());
        assert_eq!(model.shifted_bits, 24);
        assert_eq!(model.latched, [0x12_34_56]);
    }

    #[test]
    fn write_all_of_nothing_changes_nothing() {
        let log = RefCell::new(Vec::new());
        let (d, c, l) = pins(&log);
        let mut sr = ShiftRegister::new(d, c, l).unwrap();
        let before = log.borrow().len();
        sr.write_all(&[]).unwrap();
        assert_eq!(
            log.borrow().len(),
            before,
            "no pin may move for an empty slice"
        );
    }

    #[test]
    fn release_returns_the_pins() {
        let log = RefCell::new(Vec::new());
        let (d, c, l) = pins(&log);
        let sr = ShiftRegister::new(d, c, l).unwrap();
        let (mut d, _c, _l) = sr.release();
        d.set_high().unwrap();
        assert_eq!(log.borrow().last(), Some(&Event::Data(true)));
    }
}
