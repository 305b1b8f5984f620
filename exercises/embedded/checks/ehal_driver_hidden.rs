//! Tutor-owned tests for `ehal_driver`: every byte value, pins of different
//! types, and pin errors in the middle of a transfer.

#[path = "../ehal_driver.rs"]
mod ex;

fn main() {}

#[cfg(test)]
mod tests {
    use super::ex::ShiftRegister;
    use embedded_hal::digital::{Error, ErrorKind, ErrorType, OutputPin};
    use std::cell::{Cell, RefCell};
    use std::vec::Vec;

    #[derive(Debug, Clone, Copy, PartialEq)]
    struct PinError(&'static str);

    impl Error for PinError {
        fn kind(&self) -> ErrorKind {
            ErrorKind::Other
        }
    }

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Pin {
        Data,
        Clock,
        Latch,
    }

    type Log = RefCell<Vec<(Pin, bool)>>;

    /// A pin that records its level changes and fails on its `fail_at`-th one
    /// (counting from 1) while `armed` is set.
    struct FlakyPin<'a> {
        pin: Pin,
        log: &'a Log,
        changes: usize,
        fail_at: usize,
        armed: &'a Cell<bool>,
    }

    impl ErrorType for FlakyPin<'_> {
        type Error = PinError;
    }

    impl FlakyPin<'_> {
        fn set(&mut self, level: bool) -> Result<(), PinError> {
            self.changes += 1;
            if self.armed.get() && self.changes == self.fail_at {
                return Err(PinError("flaky"));
            }
            self.log.borrow_mut().push((self.pin, level));
            Ok(())
        }
    }

    impl OutputPin for FlakyPin<'_> {
        fn set_low(&mut self) -> Result<(), PinError> {
            self.set(false)
        }
        fn set_high(&mut self) -> Result<(), PinError> {
            self.set(true)
        }
    }

    /// A different pin type with the same error type: it only counts rising edges.
    struct EdgeCounter<'a> {
        high: bool,
        rising: &'a Cell<u32>,
    }

    impl ErrorType for EdgeCounter<'_> {
        type Error = PinError;
    }

    impl OutputPin for EdgeCounter<'_> {
        fn set_low(&mut self) -> Result<(), PinError> {
            self.high = false;
            Ok(())
        }
        fn set_high(&mut self) -> Result<(), PinError> {
            if !self.high {
                self.rising.set(self.rising.get() + 1);
            }
            self.high = true;
            Ok(())
        }
    }

    fn pin<'a>(pin: Pin, log: &'a Log, fail_at: usize, armed: &'a Cell<bool>) -> FlakyPin<'a> {
        FlakyPin {
            pin,
            log,
            changes: 0,
            fail_at,
            armed,
        }
    }

    /// The values latched by a 74HC595 chain (64-bit shift register) fed with `log`.
    fn latched(log: &[(Pin, bool)]) -> Vec<u64> {
        let (mut data, mut clock, mut latch, mut shift) = (false, false, false, 0u64);
        let mut out = Vec::new();
        for &(pin, level) in log {
            match pin {
                Pin::Data => data = level,
                Pin::Clock => {
                    if level && !clock {
                        shift = (shift << 1) | u64::from(data);
                    }
                    clock = level;
                }
                Pin::Latch => {
                    if level && !latch {
                        out.push(shift);
                    }
                    latch = level;
                }
            }
        }
        out
    }

    #[test]
    fn every_byte_value_is_latched_as_written() {
        let (log, armed) = (Log::default(), Cell::new(false));
        let mut sr = ShiftRegister::new(
            pin(Pin::Data, &log, 0, &armed),
            pin(Pin::Clock, &log, 0, &armed),
            pin(Pin::Latch, &log, 0, &armed),
        )
        .unwrap();
        for byte in 0..=255u8 {
            log.borrow_mut().clear();
            sr.write(byte).unwrap();
            let got = latched(&log.borrow());
            assert_eq!(got.len(), 1, "write({byte:#04x}) must latch exactly once");
            assert_eq!(got[0] & 0xFF, u64::from(byte), "write({byte:#04x})");
        }
    }

    #[test]
    fn pins_may_be_of_different_types() {
        let (log, armed, rising) = (Log::default(), Cell::new(false), Cell::new(0));
        let clock = EdgeCounter {
            high: true,
            rising: &rising,
        };
        let mut sr = ShiftRegister::new(
            pin(Pin::Data, &log, 0, &armed),
            clock,
            pin(Pin::Latch, &log, 0, &armed),
        )
        .unwrap();
        sr.write_all(&[1, 2, 3]).unwrap();
        assert_eq!(rising.get(), 24, "one clock pulse per bit");
    }

    #[test]
    fn a_data_error_stops_the_transfer_and_nothing_is_latched() {
        let (log, armed) = (Log::default(), Cell::new(false));
        let mut sr = ShiftRegister::new(
            pin(Pin::Data, &log, 3, &armed),
            pin(Pin::Clock, &log, 0, &armed),
            pin(Pin::Latch, &log, 0, &armed),
        )
        .unwrap();
        armed.set(true);
        log.borrow_mut().clear();
        assert_eq!(sr.write(0xAA), Err(PinError("flaky")));
        let log = log.borrow();
        assert!(
            latched(&log).is_empty(),
            "a failed transfer was latched: {log:?}"
        );
        let clocks = log.iter().filter(|&&e| e == (Pin::Clock, true)).count();
        assert_eq!(
            clocks, 2,
            "the transfer must stop at the failing bit: {log:?}"
        );
    }

    #[test]
    fn a_clock_error_in_write_all_latches_nothing() {
        let (log, armed) = (Log::default(), Cell::new(false));
        let mut sr = ShiftRegister::new(
            pin(Pin::Data, &log, 0, &armed),
            pin(Pin::Clock, &log, 20, &armed),
            pin(Pin::Latch, &log, 0, &armed),
        )
        .unwrap();
        armed.set(true);
        assert_eq!(sr.write_all(&[0xAB, 0xCD]), Err(PinError("flaky")));
        assert!(latched(&log.borrow()).is_empty());
    }

    #[test]
    fn the_driver_recovers_after_an_error() {
        let (log, armed) = (Log::default(), Cell::new(false));
        let mut sr = ShiftRegister::new(
            pin(Pin::Data, &log, 2, &armed),
            pin(Pin::Clock, &log, 0, &armed),
            pin(Pin::Latch, &log, 0, &armed),
        )
        .unwrap();
        armed.set(true);
        assert!(sr.write(0x0F).is_err());
        armed.set(false);
        sr.write(0x5A).unwrap();
        let got = latched(&log.borrow());
        assert_eq!(got.len(), 1);
        assert_eq!(got[0] & 0xFF, 0x5A);
    }

    #[test]
    fn an_error_while_going_idle_is_returned_by_new() {
        let (log, armed) = (Log::default(), Cell::new(true));
        let result = ShiftRegister::new(
            pin(Pin::Data, &log, 0, &armed),
            pin(Pin::Clock, &log, 0, &armed),
            pin(Pin::Latch, &log, 1, &armed),
        );
        assert_eq!(result.err(), Some(PinError("flaky")));
    }
}
