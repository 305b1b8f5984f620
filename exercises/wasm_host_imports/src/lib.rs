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
    fn read_temp() -> i32;
    // TODO: the host's `set_heater` and `log`.
}

/// The target temperature, in tenths of a degree.
static TARGET: AtomicI32 = AtomicI32::new(200);
/// Whether the heater is on.
static HEATING: AtomicBool = AtomicBool::new(false);

/// Reads the temperature and switches the heater if it is too far from the target.
#[unsafe(no_mangle)]
pub extern "C" fn tick() {
    let temperature = unsafe { read_temp() };
    // TODO: switch the heater with hysteresis, and log each switch.
    let _ = (temperature, &HEATING);
}

/// Sets the target temperature, in tenths of a degree.
#[unsafe(no_mangle)]
pub extern "C" fn set_target(tenths: i32) {
    TARGET.store(tenths, Ordering::Relaxed);
    // TODO: log the new target.
}
