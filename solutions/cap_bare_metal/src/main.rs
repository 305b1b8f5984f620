//! Capstone: a bare-metal firmware with no runtime crate, and a command shell.
//!
//! Everything `cortex-m-rt` did for you in the earlier exercises is yours here:
//! the linker script (`link.ld`: where code, initialized and zeroed statics, and
//! never-initialized memory go), the vector table (the initial stack pointer and
//! one handler per exception, at fixed indexes), and the reset handler (copy
//! `.data` from flash to RAM, zero `.bss`, then call `main`).
//!
//! The firmware boots, prints its two canaries (a static initialized to 42 and
//! one initialized to 0), changes them, and runs a shell. A tutor-owned
//! "typist" stands in for a terminal: QEMU runs with no input attached, so the
//! SysTick exception delivers one keystroke of a script per millisecond into a
//! lock-free queue, as a UART receive interrupt would. `main` sleeps until a
//! keystroke arrives, feeds it to the shell (`src/shell.rs`) and prints through
//! UART0 (`src/uart.rs`). The script ends with `reboot`: a warm restart that
//! jumps back to the reset handler without resetting RAM. A boot counter kept
//! in the `.uninit` section tells the second boot apart; it prints the canaries
//! again (they must be back to 42 and 0) and exits.
//!
//! The check builds the firmware for `thumbv7m-none-eabi`, runs it in QEMU and
//! compares the UART output and the exit code (0) with the expected session. A
//! second check runs tests of the shell on the host.
//!
//! What is missing (the check's output shows one problem after the other):
//! - one entry of the vector table is in the wrong place;
//! - `RxQueue::push` and `pop`, the lock-free queue between SysTick and `main`;
//! - the reset handler initializes neither `.data` nor `.bss`, and `link.ld`
//!   neither stores the initial values of `.data` in flash nor defines the
//!   bounds the reset handler needs, and has no `.uninit` section (QEMU loads
//!   `.data` itself at power-up, which is why only the warm restart shows it);
//! - the shell (`src/shell.rs`) lacks line editing and the `add` and `peek`
//!   commands: its header is the specification.
#![no_std]
#![no_main]

mod shell;
mod uart;

use core::arch::asm;
use core::cell::UnsafeCell;
use core::fmt::Write;
use core::mem::MaybeUninit;
use core::panic::PanicInfo;
use core::ptr;
use core::sync::atomic::{AtomicU32, AtomicUsize, Ordering};

use shell::{Action, Board, Shell};
use uart::Uart0;

// ------------------------------------------------------------ vector table

/// One entry of the vector table: the initial stack pointer, a handler, or
/// nothing (reserved).
#[derive(Clone, Copy)]
#[repr(C)]
pub union Vector {
    stack_top: *const u32,
    reset: unsafe extern "C" fn() -> !,
    handler: unsafe extern "C" fn(),
    reserved: usize,
}

/// The table the core reads at address 0 (see `link.ld`): entry N is the
/// handler of exception N (1 = Reset, 2 = NMI, 3 = HardFault, ... 15 = SysTick).
#[repr(C)]
pub struct VectorTable([Vector; 16]);

// SAFETY: the table is immutable; its pointers are only read by the hardware.
unsafe impl Sync for VectorTable {}

unsafe extern "C" {
    /// End of RAM, defined by the linker script.
    static _stack_top: u32;
}

/// An entry for exception handler `f`.
const fn handler(f: unsafe extern "C" fn()) -> Vector {
    Vector { handler: f }
}
/// An entry for an exception without a handler of its own.
const DEFAULT: Vector = handler(default_handler);
/// An entry the architecture reserves.
const RESERVED: Vector = Vector { reserved: 0 };

#[unsafe(link_section = ".vector_table")]
#[unsafe(no_mangle)]
pub static VECTOR_TABLE: VectorTable = VectorTable([
    // 0: the initial stack pointer, loaded into SP at reset.
    Vector {
        stack_top: &raw const _stack_top,
    },
    Vector { reset: Reset }, // 1: Reset
    DEFAULT,                 // 2: NMI
    handler(hard_fault),     // 3: HardFault
    DEFAULT,                 // 4: MemManage
    DEFAULT,                 // 5: BusFault
    DEFAULT,                 // 6: UsageFault
    RESERVED,                // 7
    RESERVED,                // 8
    RESERVED,                // 9
    RESERVED,                // 10
    DEFAULT,                 // 11: SVCall
    DEFAULT,                 // 12: DebugMonitor
    RESERVED,                // 13
    DEFAULT,                 // 14: PendSV
    handler(sys_tick),       // 15: SysTick
]);

// ------------------------------------------------------------------- reset

/// The first code that runs, on power-up and on a warm restart.
///
/// # Safety
/// Only the core (through the vector table) and `warm_restart` call it, with a
/// fresh stack.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn Reset() -> ! {
    unsafe extern "C" {
        static mut _sdata: u32;
        static mut _edata: u32;
        static _sidata: u32;
        static mut _sbss: u32;
        static mut _ebss: u32;
    }
    // Word by word, with volatile accesses: nothing may be assumed about these
    // statics until they are initialized (cortex-m-rt does this part in
    // assembly, which is the strictly correct way).
    // SAFETY: the linker script defines these symbols as word-aligned bounds
    // of .data (in RAM and its image in flash) and of .bss.
    unsafe {
        let (mut dst, end, mut src) = (&raw mut _sdata, &raw mut _edata, &raw const _sidata);
        while dst < end {
            dst.write_volatile(src.read_volatile());
            dst = dst.add(1);
            src = src.add(1);
        }
        let (mut dst, end) = (&raw mut _sbss, &raw mut _ebss);
        while dst < end {
            dst.write_volatile(0);
            dst = dst.add(1);
        }
    }
    main()
}

/// Restarts the firmware without resetting RAM: a fresh stack, then `Reset`.
fn warm_restart() -> ! {
    systick_stop();
    // SAFETY: the stack is abandoned for good and `Reset` never returns.
    unsafe {
        asm!(
            "msr msp, {stack}",
            "bx {reset}",
            stack = in(reg) &raw const _stack_top,
            reset = in(reg) Reset as unsafe extern "C" fn() -> !,
            options(noreturn),
        )
    }
}

// ------------------------------------------------------------ boot counter

/// `[magic, count]`, in RAM that no reset handler touches.
#[unsafe(link_section = ".uninit.BOOTS")]
static mut BOOTS: MaybeUninit<[u32; 2]> = MaybeUninit::uninit();
const BOOT_MAGIC: u32 = 0xB007_C0DE;

/// Counts this boot: 1 after power-up, one more after each warm restart.
fn count_boot() -> u32 {
    let boots = (&raw mut BOOTS).cast::<u32>();
    // SAFETY: BOOTS is two words that only this function touches; reading
    // them through raw pointers never asserts they are initialized.
    unsafe {
        let count = if boots.read_volatile() == BOOT_MAGIC {
            boots.add(1).read_volatile() + 1
        } else {
            1
        };
        boots.write_volatile(BOOT_MAGIC);
        boots.add(1).write_volatile(count);
        count
    }
}

/// Goes to .data (non-zero initializer) and .bss (zero).
static DATA_CANARY: AtomicU32 = AtomicU32::new(42);
static BSS_CANARY: AtomicU32 = AtomicU32::new(0);

// ----------------------------------------------------- keystrokes (SysTick)

const SYST_CSR: *mut u32 = 0xE000_E010 as *mut u32;
const SYST_RVR: *mut u32 = 0xE000_E014 as *mut u32;
const SYST_CVR: *mut u32 = 0xE000_E018 as *mut u32;
/// Core clock of the LM3S6965 as QEMU emulates it.
const CORE_CLOCK_HZ: u32 = 12_000_000;

fn systick_start() {
    // SAFETY: SysTick registers; enable, interrupt, core clock.
    unsafe {
        SYST_RVR.write_volatile(CORE_CLOCK_HZ / 1_000 - 1);
        SYST_CVR.write_volatile(0);
        SYST_CSR.write_volatile(0b111);
    }
}

fn systick_stop() {
    // SAFETY: as in `systick_start`.
    unsafe { SYST_CSR.write_volatile(0) }
}

/// What the typist types: a whole session, one byte per SysTick.
const SCRIPT: &[u8] = b"help\r\
echo hello,  bare metal\r\
add 40 2\r\
add 4000000000 300000000\r\
peek 0x4000c018\r\
peek 0x4000c019\r\
ehco\x7f\x7f\x7fcho typo fixed\r\
echo this line is much longer than thirty-two bytes\r\
frobnicate\r\
reboot\r";

/// A single-producer (SysTick), single-consumer (`main`) queue of bytes.
///
/// `head` and `tail` count bytes popped and pushed since the start (wrapping);
/// byte `i` lives in `buf[i % N]`. The producer writes a slot, then publishes
/// it with a `Release` store of `tail`; the consumer reads `tail` with
/// `Acquire` before reading the slot, and gives the slot back the same way
/// through `head`. No critical section is needed.
pub struct RxQueue<const N: usize> {
    buf: UnsafeCell<[u8; N]>,
    head: AtomicUsize,
    tail: AtomicUsize,
}

// SAFETY: one producer and one consumer, synchronized through head and tail.
unsafe impl<const N: usize> Sync for RxQueue<N> {}

impl<const N: usize> Default for RxQueue<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> RxQueue<N> {
    pub const fn new() -> Self {
        RxQueue {
            buf: UnsafeCell::new([0; N]),
            head: AtomicUsize::new(0),
            tail: AtomicUsize::new(0),
        }
    }

    /// Producer side: false when the queue is full.
    pub fn push(&self, byte: u8) -> bool {
        let tail = self.tail.load(Ordering::Relaxed);
        let head = self.head.load(Ordering::Acquire);
        if tail.wrapping_sub(head) == N {
            return false;
        }
        // SAFETY: slot `tail` is not visible to the consumer until `tail` moves.
        unsafe { (*self.buf.get())[tail % N] = byte };
        self.tail.store(tail.wrapping_add(1), Ordering::Release);
        true
    }

    /// Consumer side.
    pub fn pop(&self) -> Option<u8> {
        let head = self.head.load(Ordering::Relaxed);
        let tail = self.tail.load(Ordering::Acquire);
        if head == tail {
            return None;
        }
        // SAFETY: slot `head` was published by the producer's Release store.
        let byte = unsafe { (*self.buf.get())[head % N] };
        self.head.store(head.wrapping_add(1), Ordering::Release);
        Some(byte)
    }
}

static RX: RxQueue<8> = RxQueue::new();
static TYPED: AtomicUsize = AtomicUsize::new(0);

/// Exception 15: types the next byte of the script, when there is room.
unsafe extern "C" fn sys_tick() {
    let next = TYPED.load(Ordering::Relaxed);
    if let Some(&byte) = SCRIPT.get(next)
        && RX.push(byte)
    {
        TYPED.store(next + 1, Ordering::Relaxed);
    }
}

// -------------------------------------------------------------------- main

struct Machine;

impl Board for Machine {
    fn peek(&mut self, addr: u32) -> u32 {
        // SAFETY: the shell only asks for non-zero, aligned addresses; an
        // unmapped one faults, and the fault handler reports it.
        unsafe { ptr::read_volatile(addr as usize as *const u32) }
    }
}

fn main() -> ! {
    let boot = count_boot();
    // SAFETY: the only UART handle outside the panic and fault handlers, which
    // never return to this code.
    let mut uart = unsafe { Uart0::new() };
    let (data, bss) = (
        DATA_CANARY.load(Ordering::Relaxed),
        BSS_CANARY.load(Ordering::Relaxed),
    );
    let _ = writeln!(uart, "boot {boot}: data={data} bss={bss}");
    DATA_CANARY.fetch_add(1, Ordering::Relaxed);
    BSS_CANARY.store(0xDEAD, Ordering::Relaxed);
    if boot > 1 {
        let _ = writeln!(uart, "bye");
        exit(true);
    }

    let mut shell = Shell::new();
    systick_start();
    loop {
        match RX.pop() {
            Some(byte) => {
                if let Ok(Action::Reboot) = shell.feed(byte, &mut uart, &mut Machine) {
                    warm_restart();
                }
            }
            None => wait_for_interrupt(),
        }
    }
}

// ------------------------------------------------------- faults and exits

/// Sleeps until an interrupt or exception is pending.
fn wait_for_interrupt() {
    // SAFETY: `wfi` only pauses the core.
    unsafe { asm!("wfi", options(nomem, nostack)) }
}

/// Ends the emulation through semihosting (SYS_EXIT): code 0 or 1.
fn exit(success: bool) -> ! {
    const SYS_EXIT: u32 = 0x18;
    const APPLICATION_EXIT: u32 = 0x2_0026;
    const RUNTIME_ERROR: u32 = 0x2_0023;
    let reason = if success {
        APPLICATION_EXIT
    } else {
        RUNTIME_ERROR
    };
    // SAFETY: a semihosting call; QEMU ends the program.
    unsafe { asm!("bkpt 0xAB", in("r0") SYS_EXIT, in("r1") reason, options(nostack)) };
    loop {
        wait_for_interrupt();
    }
}

/// A handle for the handlers below, which end the program: they may ignore
/// the UART handle `main` holds.
fn report(args: core::fmt::Arguments) -> ! {
    // SAFETY: see above; nothing else runs after this.
    let mut uart = unsafe { Uart0::new() };
    let _ = uart.write_fmt(args);
    exit(false)
}

/// Every exception without its own handler.
unsafe extern "C" fn default_handler() {
    let ipsr: u32;
    // SAFETY: reads the number of the active exception.
    unsafe { asm!("mrs {}, IPSR", out(reg) ipsr, options(nomem, nostack)) };
    report(format_args!("unhandled exception {}\n", ipsr & 0x1FF));
}

unsafe extern "C" fn hard_fault() {
    report(format_args!("HardFault\n"));
}

#[panic_handler]
fn panic(info: &PanicInfo) -> ! {
    report(format_args!("{info}\n"));
}
