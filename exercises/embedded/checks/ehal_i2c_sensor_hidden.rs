//! Tutor-owned tests for `ehal_i2c_sensor`: every temperature code, rounding
//! of limits, the transactions on the bus, and bus errors in the middle of an
//! operation.

#[path = "../ehal_i2c_sensor.rs"]
mod ex;

fn main() {}

#[cfg(test)]
mod tests {
    use super::ex::{DEFAULT_ADDRESS, Error, Tmp102};
    use embedded_hal::i2c::{ErrorKind, ErrorType, I2c, Operation};
    use std::vec::Vec;

    #[derive(Debug, Clone, PartialEq)]
    enum Op {
        Write(Vec<u8>),
        Read(usize),
    }

    /// A TMP102 that records every transaction and can fail the N-th one.
    struct Bus {
        registers: [u16; 4],
        pointer: usize,
        log: Vec<Vec<Op>>,
        fail_transaction: Option<usize>,
    }

    impl Bus {
        fn new(registers: [u16; 4]) -> Self {
            Bus {
                registers,
                pointer: 0,
                log: Vec::new(),
                fail_transaction: None,
            }
        }
    }

    impl ErrorType for Bus {
        type Error = ErrorKind;
    }

    impl I2c for Bus {
        fn transaction(&mut self, address: u8, ops: &mut [Operation<'_>]) -> Result<(), ErrorKind> {
            assert_eq!(address, DEFAULT_ADDRESS);
            let mut record = Vec::new();
            for op in ops.iter() {
                record.push(match op {
                    Operation::Write(bytes) => Op::Write(bytes.to_vec()),
                    Operation::Read(buffer) => Op::Read(buffer.len()),
                });
            }
            self.log.push(record);
            if self.fail_transaction == Some(self.log.len()) {
                return Err(ErrorKind::ArbitrationLoss);
            }
            for op in ops {
                match op {
                    Operation::Write(bytes) => {
                        self.pointer = usize::from(bytes[0] & 0b11);
                        if let [_, high, low] = bytes[..] {
                            self.registers[self.pointer] = u16::from_be_bytes([high, low]);
                        }
                    }
                    Operation::Read(buffer) => {
                        let bytes = self.registers[self.pointer].to_be_bytes();
                        buffer.copy_from_slice(&bytes[..buffer.len()]);
                    }
                }
            }
            Ok(())
        }
    }

    #[test]
    fn every_temperature_code_converts() {
        for code in 0..4096u16 {
            let signed = if code >= 2048 {
                i32::from(code) - 4096
            } else {
                i32::from(code)
            };
            let expected = (f64::from(signed) * 62.5).trunc() as i32;
            let mut sensor = Tmp102::new(Bus::new([code << 4, 0, 0, 0]), DEFAULT_ADDRESS);
            assert_eq!(sensor.millicelsius(), Ok(expected), "code {code:#05x}");
        }
    }

    #[test]
    fn a_reading_is_a_write_then_a_read_in_one_transaction() {
        let mut sensor = Tmp102::new(Bus::new([0x1900, 0, 0, 0]), DEFAULT_ADDRESS);
        sensor.millicelsius().unwrap();
        assert_eq!(sensor.release().log, [[Op::Write(vec![0x00]), Op::Read(2)]]);
    }

    #[test]
    fn limits_round_toward_zero_and_cover_the_whole_range() {
        let mut sensor = Tmp102::new(Bus::new([0; 4]), DEFAULT_ADDRESS);
        sensor.set_alert_limits(-10_030, 25_070).unwrap();
        sensor.set_alert_limits(-55_000, 150_000).unwrap();
        sensor.set_alert_limits(21_000, 21_000).unwrap();
        let log = sensor.release().log;
        let writes: Vec<&Op> = log.iter().flatten().collect();
        assert_eq!(
            writes,
            [
                &Op::Write(vec![0x02, 0xF6, 0x00]),
                &Op::Write(vec![0x03, 0x19, 0x10]),
                &Op::Write(vec![0x02, 0xC9, 0x00]),
                &Op::Write(vec![0x03, 0x96, 0x00]),
                &Op::Write(vec![0x02, 0x15, 0x00]),
                &Op::Write(vec![0x03, 0x15, 0x00]),
            ]
        );
    }

    #[test]
    fn shutdown_is_read_modify_write() {
        let mut sensor = Tmp102::new(Bus::new([0, 0x60A0, 0, 0]), DEFAULT_ADDRESS);
        sensor.shutdown().unwrap();
        sensor.shutdown().unwrap();
        let bus = sensor.release();
        assert_eq!(bus.registers[1], 0x61A0);
        assert_eq!(bus.log[0], [Op::Write(vec![0x01]), Op::Read(2)]);
        assert_eq!(bus.log[1], [Op::Write(vec![0x01, 0x61, 0xA0])]);
    }

    #[test]
    fn a_failed_configuration_read_writes_nothing() {
        let mut bus = Bus::new([0, 0x60A0, 0, 0]);
        bus.fail_transaction = Some(1);
        let mut sensor = Tmp102::new(bus, DEFAULT_ADDRESS);
        assert_eq!(
            sensor.shutdown(),
            Err(Error::Bus(ErrorKind::ArbitrationLoss))
        );
        let bus = sensor.release();
        assert_eq!(bus.log.len(), 1, "no write after a failed read");
        assert_eq!(bus.registers[1], 0x60A0);
    }

    #[test]
    fn an_error_on_the_second_limit_is_reported() {
        let mut bus = Bus::new([0; 4]);
        bus.fail_transaction = Some(2);
        let mut sensor = Tmp102::new(bus, DEFAULT_ADDRESS);
        assert_eq!(
            sensor.set_alert_limits(0, 1_000),
            Err(Error::Bus(ErrorKind::ArbitrationLoss))
        );
    }
}
