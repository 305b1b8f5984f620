//! Tutor-owned board support for `qemu_entry_panic`: a bank of fake temperature
//! sensors. Leave this file as it is: the expected output names a line in it.

/// The readings of one sensor bank, in tenths of a degree Celsius. Bank 1 has
/// every sensor disconnected.
pub fn read_bank(bank: usize) -> &'static [i32] {
    match bank {
        0 => &[215, 218, 221],
        _ => &[],
    }
}

/// The average of `readings`, rounded toward zero. Panics when there are none.
pub fn average(readings: &[i32]) -> i32 {
    assert!(!readings.is_empty(), "sensor bank has no readings");
    readings.iter().sum::<i32>() / readings.len() as i32
}
