//! Interrupts: a SysTick exception that counts milliseconds and a device
//! interrupt (`GPIOA`) pended through the NVIC, both sharing state with `main`.
//!
//! Handlers run in the middle of `main`, at any instruction. State they share
//! with `main` lives in a `static` that is safe to reach from both: a
//! `critical_section::Mutex<Cell<_>>` (borrowed only inside
//! `critical_section::with`, which masks interrupts) or an atomic.
//!
//! Make the program below print the expected report:
//! - `SysTick` adds one to `TICKS` on every exception, and `now_ms` reads it;
//! - `configure_systick` makes SysTick fire every millisecond: the core clock
//!   runs at 12 MHz, and a reload value of N gives a period of N + 1 cycles;
//! - `delay_ms` must keep working when the tick counter wraps around `u32::MAX`
//!   (`main` starts the counter just below it);
//! - `GPIOA` counts its runs in `GPIO_EVENTS`, and `main` unmasks it in the NVIC
//!   before pending it. A pended interrupt waits while a critical section runs.
//!
//! The check builds this file for `thumbv7m-none-eabi`, runs it in QEMU and
//! compares its output (and the exit code 0) with the expected one.
#![no_std]
#![no_main]

use core::cell::Cell;
use core::sync::atomic::{AtomicU32, Ordering};

use cortex_m::peripheral::syst::SystClkSource;
use cortex_m::peripheral::{NVIC, SYST};
use cortex_m_rt::{entry, exception};
use cortex_m_semihosting::{debug, hprintln};
use critical_section::Mutex;
use lm3s6965::{Interrupt, interrupt};
use panic_semihosting as _; // a panic prints its message and exits with code 1

/// Milliseconds since SysTick was started (wrapping).
static TICKS: Mutex<Cell<u32>> = Mutex::new(Cell::new(0));
/// How many times the GPIOA handler ran.
static GPIO_EVENTS: AtomicU32 = AtomicU32::new(0);

/// Core clock of the LM3S6965 as QEMU emulates it.
const CORE_CLOCK_HZ: u32 = 12_000_000;

#[exception]
fn SysTick() {
    // TODO: add one tick (wrapping) to TICKS.
}

#[interrupt]
fn GPIOA() {
    // TODO: count this run in GPIO_EVENTS.
}

/// Sets the tick counter (used by `main` to test the wrap-around).
fn set_ticks(ticks: u32) {
    critical_section::with(|cs| TICKS.borrow(cs).set(ticks));
}

/// The current tick count.
fn now_ms() -> u32 {
    todo!("read TICKS inside a critical section")
}

/// Makes SysTick raise its exception once per millisecond.
fn configure_systick(syst: &mut SYST) {
    // TODO: clock source, reload value, clear the current value, enable the
    // counter and its interrupt.
    let _ = (syst, SystClkSource::Core, CORE_CLOCK_HZ);
}

/// Waits at least `ms` milliseconds, sleeping between ticks.
fn delay_ms(ms: u32) {
    let start = now_ms();
    while now_ms() < start + ms {
        cortex_m::asm::wfi();
    }
}

#[entry]
fn main() -> ! {
    let mut cp = cortex_m::Peripherals::take().unwrap();
    configure_systick(&mut cp.SYST);
    hprintln!("SysTick reload value: {}", SYST::get_reload());

    set_ticks(u32::MAX - 4); // the counter wraps during the next delay
    let start = now_ms();
    delay_ms(10);
    let waited = now_ms().wrapping_sub(start);
    hprintln!("delay_ms(10) waited at least 10 ms: {}", waited >= 10);
    hprintln!("tick counter wrapped: {}", now_ms() < start);

    // TODO: unmask GPIOA in the NVIC (an `unsafe` call: unmasking can break a
    // critical section that relies on the interrupt staying masked).
    NVIC::pend(Interrupt::GPIOA);
    cortex_m::asm::isb();
    hprintln!(
        "GPIOA runs after one pend: {}",
        GPIO_EVENTS.load(Ordering::Relaxed)
    );
    let during = critical_section::with(|_| {
        NVIC::pend(Interrupt::GPIOA);
        cortex_m::asm::isb();
        GPIO_EVENTS.load(Ordering::Relaxed)
    });
    hprintln!("GPIOA runs inside a critical section: {during}");
    hprintln!(
        "GPIOA runs after it: {}",
        GPIO_EVENTS.load(Ordering::Relaxed)
    );

    debug::exit(debug::EXIT_SUCCESS);
    loop {
        cortex_m::asm::wfi();
    }
}
