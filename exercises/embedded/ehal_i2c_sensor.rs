//! An I2C driver written against embedded-hal 1.0: the TMP102 temperature
//! sensor, tested on the host with a hand-written mock bus.
//!
//! The TMP102 answers at a 7-bit address (0x48 by default) and has 16-bit
//! registers, sent most significant byte first, selected by a pointer byte:
//! 0x00 temperature (read-only), 0x01 configuration, 0x02 low limit, 0x03 high
//! limit. A register read is one bus transaction: write the pointer, then a
//! repeated start and read two bytes (`I2c::write_read`); a register write is
//! one `write` of the pointer and the two bytes.
//!
//! Temperatures (and limits) are 12-bit two's-complement numbers, left-aligned
//! in the 16-bit register (the low 4 bits are 0), in steps of 0.0625 °C. The
//! driver works in integer milli-degrees (no floating point on small MCUs):
//! a reading is rounded toward zero (`-0.0625 °C` is `-62` m°C).
//!
//! Fix `Tmp102` so that:
//! - `millicelsius` gives the right value for negative temperatures too;
//! - every register read is a single `write_read` transaction;
//! - `shutdown` sets the shutdown bit (bit 8 of the configuration register)
//!   and keeps every other configuration bit as it was;
//! - `set_alert_limits` refuses limits outside -55..=150 °C or with
//!   `low > high` (`Error::InvalidLimits`, before touching the bus), and
//!   otherwise writes both limits, rounded toward zero to a 0.0625 °C step;
//! - bus errors come back to the caller as `Error::Bus`.
//!
//! The tests below use a mock TMP102 on a mock bus; a tutor-owned check adds
//! more cases.

// The driver is used by the tests, not by this bin's empty `main`.
#![cfg_attr(not(test), allow(dead_code))]

use embedded_hal::i2c::I2c;

/// The TMP102's address with its ADD0 pin tied to ground.
pub const DEFAULT_ADDRESS: u8 = 0x48;

const TEMPERATURE: u8 = 0x00;
const CONFIGURATION: u8 = 0x01;
const T_LOW: u8 = 0x02;
const T_HIGH: u8 = 0x03;
/// Shutdown mode bit of the configuration register.
const SHUTDOWN: u16 = 1 << 8;

#[derive(Debug, PartialEq, Eq)]
pub enum Error<E> {
    /// The bus reported an error.
    Bus(E),
    /// Alert limits out of range, or `low > high`.
    InvalidLimits,
}

pub struct Tmp102<I2C> {
    i2c: I2C,
    address: u8,
}

impl<I2C: I2c> Tmp102<I2C> {
    pub fn new(i2c: I2C, address: u8) -> Self {
        Tmp102 { i2c, address }
    }

    /// The current temperature, in milli-degrees Celsius.
    pub fn millicelsius(&mut self) -> Result<i32, Error<I2C::Error>> {
        let raw = self.read_register(TEMPERATURE)?;
        let steps = i32::from(raw >> 4);
        Ok(steps * 625 / 10)
    }

    /// Puts the sensor in shutdown mode (it stops converting and draws less current).
    pub fn shutdown(&mut self) -> Result<(), Error<I2C::Error>> {
        self.write_register(CONFIGURATION, SHUTDOWN)
    }

    /// Sets the thresholds of the ALERT pin, in milli-degrees Celsius.
    pub fn set_alert_limits(&mut self, low: i32, high: i32) -> Result<(), Error<I2C::Error>> {
        self.write_register(T_LOW, (low * 10 / 625) as u16)?;
        self.write_register(T_HIGH, (high * 10 / 625) as u16)
    }

    /// Gives the bus back.
    pub fn release(self) -> I2C {
        self.i2c
    }

    fn read_register(&mut self, register: u8) -> Result<u16, Error<I2C::Error>> {
        let mut bytes = [0; 2];
        self.i2c
            .write(self.address, &[register])
            .map_err(Error::Bus)?;
        self.i2c
            .read(self.address, &mut bytes)
            .map_err(Error::Bus)?;
        Ok(u16::from_be_bytes(bytes))
    }

    fn write_register(&mut self, register: u8, value: u16) -> Result<(), Error<I2C::Error>> {
        let [high, low] = value.to_be_bytes();
        self.i2c
            .write(self.address, &[register, high, low])
            .map_err(Error::Bus)
    }
}

// In the tutor's check this file is a module of another program: `main` is unused there.
#[allow(dead_code)]
fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use embedded_hal::i2c::{ErrorKind, ErrorType, NoAcknowledgeSource, Operation};

    /// A TMP102 on a bus: its four registers, its pointer, and how many bus
    /// transactions it saw.
    struct MockBus {
        address: u8,
        registers: [u16; 4],
        pointer: usize,
        transactions: usize,
    }

    impl MockBus {
        fn with_temperature(raw: u16) -> Self {
            MockBus {
                address: DEFAULT_ADDRESS,
                registers: [raw, 0x60A0, 0x4B00, 0x5000],
                pointer: 0,
                transactions: 0,
            }
        }
    }

    impl ErrorType for MockBus {
        type Error = ErrorKind;
    }

    impl I2c for MockBus {
        fn transaction(&mut self, address: u8, ops: &mut [Operation<'_>]) -> Result<(), ErrorKind> {
            self.transactions += 1;
            if address != self.address {
                return Err(ErrorKind::NoAcknowledge(NoAcknowledgeSource::Address));
            }
            for op in ops {
                match op {
                    Operation::Write(bytes) => {
                        let (&pointer, value) = bytes.split_first().ok_or(ErrorKind::Other)?;
                        self.pointer = usize::from(pointer & 0b11);
                        if let [high, low] = value {
                            assert_ne!(self.pointer, 0, "the temperature register is read-only");
                            self.registers[self.pointer] = u16::from_be_bytes([*high, *low]);
                        }
                    }
                    Operation::Read(buffer) => {
                        let bytes = self.registers[self.pointer].to_be_bytes();
                        for (i, byte) in buffer.iter_mut().enumerate() {
                            *byte = bytes[i % 2];
                        }
                    }
                }
            }
            Ok(())
        }
    }

    fn read(raw: u16) -> i32 {
        Tmp102::new(MockBus::with_temperature(raw), DEFAULT_ADDRESS)
            .millicelsius()
            .unwrap()
    }

    #[test]
    fn positive_temperatures() {
        assert_eq!(read(0x0000), 0);
        assert_eq!(read(0x1900), 25_000);
        assert_eq!(read(0x0010), 62);
        assert_eq!(read(0x7FF0), 127_937);
    }

    #[test]
    fn negative_temperatures() {
        assert_eq!(read(0xFFF0), -62);
        assert_eq!(read(0xE700), -25_000);
        assert_eq!(read(0xC900), -55_000);
    }

    #[test]
    fn a_register_read_is_one_transaction() {
        let mut sensor = Tmp102::new(MockBus::with_temperature(0x1900), DEFAULT_ADDRESS);
        sensor.millicelsius().unwrap();
        assert_eq!(sensor.release().transactions, 1, "use write_read");
    }

    #[test]
    fn shutdown_keeps_the_other_configuration_bits() {
        let mut sensor = Tmp102::new(MockBus::with_temperature(0), DEFAULT_ADDRESS);
        sensor.shutdown().unwrap();
        assert_eq!(sensor.release().registers[1], 0x61A0);
    }

    #[test]
    fn alert_limits_are_written_left_aligned() {
        let mut sensor = Tmp102::new(MockBus::with_temperature(0), DEFAULT_ADDRESS);
        sensor.set_alert_limits(-10_000, 80_000).unwrap();
        let bus = sensor.release();
        assert_eq!(bus.registers[2], 0xF600);
        assert_eq!(bus.registers[3], 0x5000);
    }

    #[test]
    fn invalid_limits_are_refused_without_bus_traffic() {
        let mut sensor = Tmp102::new(MockBus::with_temperature(0), DEFAULT_ADDRESS);
        assert_eq!(
            sensor.set_alert_limits(30_000, 20_000),
            Err(Error::InvalidLimits)
        );
        assert_eq!(
            sensor.set_alert_limits(-56_000, 0),
            Err(Error::InvalidLimits)
        );
        assert_eq!(
            sensor.set_alert_limits(0, 150_001),
            Err(Error::InvalidLimits)
        );
        assert_eq!(sensor.release().transactions, 0);
    }

    #[test]
    fn a_missing_sensor_is_a_bus_error() {
        let mut sensor = Tmp102::new(MockBus::with_temperature(0), 0x49);
        assert_eq!(
            sensor.millicelsius(),
            Err(Error::Bus(ErrorKind::NoAcknowledge(
                NoAcknowledgeSource::Address
            )))
        );
    }
}
