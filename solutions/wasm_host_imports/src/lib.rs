//! Host imports: a thermostat whose sensor, relay and log belong to the host.
//!
//! A module can call functions that its host provides: it declares them in an
//! `unsafe extern "C"` block, and the host links them in when it loads the module. This
//! module's host provides three functions, in the import module `env`:
//!
//! - `read_temp() -> i32`: the temperature now, in tenths of a degree (215 is 21.5 °C);
//! - `set_heater(on: i32)`: switches the heater on (1) or off (0);
//! - `log(ptr, len)`: writes one line of UTF-8 text, read from the module's memory, to the
//!   host's log.
//!
//! Implement the two exports:
//!
//! - `tick()`: reads the temperature once, then switches the heater with a hysteresis of
//!   0.5 °C: on when it is more than 0.5 °C below the target, off when it is more than 0.5 °C
//!   above, otherwise left as it is. Each switch is logged: `heater on at 19.0°C`.
//! - `set_target(tenths)`: sets the target (20.0 °C at start) and logs `target 21.5°C`.
//!
//! The checks call `tick` and `set_target` in turn on one instance, feed `read_temp` a
//! sequence of temperatures, and compare every call your module makes to the host with the
//! calls expected, in order: a tick that switches nothing calls only `read_temp`. They go
//! below zero too, where -0.5 °C is logged as `-0.5°C`.

use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};

#[link(wasm_import_module = "env")]
unsafe extern "C" {
    /// Safe to call: it takes nothing and returns a number.
    safe fn read_temp() -> i32;
    safe fn set_heater(on: i32);
    /// Unsafe: the host reads `len` bytes at `ptr`, which must be valid UTF-8.
    fn log(ptr: *const u8, len: usize);
}

/// Writes one line to the host's log.
fn log_line(line: &str) {
    // SAFETY: `line` is valid UTF-8 and stays alive during the call.
    unsafe { log(line.as_ptr(), line.len()) }
}

/// Half a degree, in tenths.
const HYSTERESIS: i32 = 5;

/// The target temperature, in tenths of a degree.
static TARGET: AtomicI32 = AtomicI32::new(200);
/// Whether the heater is on.
static HEATING: AtomicBool = AtomicBool::new(false);

/// `-5` as `-0.5°C`: the sign is kept even when the whole degrees are 0.
fn celsius(tenths: i32) -> String {
    let sign = if tenths < 0 { "-" } else { "" };
    let abs = tenths.unsigned_abs();
    format!("{sign}{}.{}°C", abs / 10, abs % 10)
}

/// Reads the temperature and switches the heater if it is too far from the target.
#[unsafe(no_mangle)]
pub extern "C" fn tick() {
    let temperature = read_temp();
    let target = TARGET.load(Ordering::Relaxed);
    let heating = HEATING.load(Ordering::Relaxed);
    let switch_to = if !heating && temperature < target - HYSTERESIS {
        true
    } else if heating && temperature > target + HYSTERESIS {
        false
    } else {
        return;
    };
    HEATING.store(switch_to, Ordering::Relaxed);
    set_heater(i32::from(switch_to));
    let state = if switch_to { "on" } else { "off" };
    log_line(&format!("heater {state} at {}", celsius(temperature)));
}

/// Sets the target temperature, in tenths of a degree.
#[unsafe(no_mangle)]
pub extern "C" fn set_target(tenths: i32) {
    TARGET.store(tenths, Ordering::Relaxed);
    log_line(&format!("target {}", celsius(tenths)));
}
