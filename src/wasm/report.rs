//! What a wasm check found: the checks that passed, and the first failure explained for the
//! learner.

use std::fmt;

use super::spec::{ByteSize, ExportSpec, Signature, group_digits};

/// The outcome of [`check`](super::check).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WasmReport {
    /// One line per check that passed, in order, for display.
    pub passed: Vec<String>,
    /// The first check that failed; `None` when every check passed.
    pub failure: Option<WasmFailure>,
}

/// Why a module failed its check. `Display` explains it to the learner: what was expected,
/// what happened, and where to look.
///
/// `call` fields hold the call as the learner would write it, in backticks, e.g.
/// `` `sum([1, 2, 3])` ``, followed by which repetition it was when the step repeats; `note` is
/// the step's `note` from `info.toml`.
#[derive(Clone, Debug, PartialEq)]
pub enum WasmFailure {
    /// The exercise's `[exercises.wasm]` table is inconsistent: a bug in the course.
    Spec {
        /// What is wrong and what to change.
        problem: String,
    },
    /// The file is not a valid WebAssembly module.
    InvalidModule {
        /// The validator's message.
        error: String,
    },
    /// The module imports something the host does not provide.
    UnexpectedImport {
        /// `module.name`.
        import: String,
        /// What it imports: `a function (i32) -> i32`, `a memory`, ...
        kind: String,
        /// What the host provides, as `module.name signature`.
        provided: Vec<String>,
    },
    /// The module imports a host function with another signature than the host's.
    ImportSignature {
        /// `module.name`.
        import: String,
        /// The host's signature.
        expected: Signature,
        /// The signature the module declared.
        found: Signature,
    },
    /// An expected export is missing.
    MissingExport {
        /// Its name.
        name: String,
        /// What was expected.
        expected: ExportSpec,
        /// The names the module does export.
        exports: Vec<String>,
    },
    /// An export has another type or signature than expected.
    WrongExport {
        /// Its name.
        name: String,
        /// What was expected.
        expected: ExportSpec,
        /// What it is, e.g. `a function (i32) -> i32`.
        found: String,
    },
    /// The module could not be instantiated (its start function trapped, or its initial
    /// memory is over the limit).
    Instantiation {
        /// The runtime's message.
        error: String,
    },
    /// A call trapped.
    Trap {
        /// The call that trapped.
        call: String,
        /// The trap message.
        message: String,
        /// What usually causes this trap in Rust code.
        explanation: String,
        /// The step's note.
        note: Option<String>,
    },
    /// A call used up its fuel: a runaway loop.
    OutOfFuel {
        /// The call.
        call: String,
        /// The fuel it had.
        fuel: u64,
        /// The step's note.
        note: Option<String>,
    },
    /// A call tried to grow the memory over `max_memory`.
    MemoryLimit {
        /// The call.
        call: String,
        /// The limit.
        limit: ByteSize,
        /// The size of the memory when it asked for more, in bytes.
        size: u64,
        /// The step's note.
        note: Option<String>,
    },
    /// The module's `alloc` gave the host memory it cannot use.
    BadAlloc {
        /// The call to `alloc`, e.g. `alloc(12, 4)`.
        alloc: String,
        /// The call whose argument was being allocated.
        call: String,
        /// What is wrong with the pointer, and the likely cause.
        problem: String,
    },
    /// Freeing a buffer through `dealloc` trapped: the allocator found it already freed, or
    /// its bookkeeping overwritten.
    FreeFailed {
        /// The call to `dealloc`, e.g. `dealloc(1024, 5, 1)`.
        dealloc: String,
        /// What was freed: "the string returned by", "argument 1 of".
        what: String,
        /// The call that returned or took that buffer.
        call: String,
        /// The trap message.
        message: String,
    },
    /// A call returned another value than expected.
    WrongResult {
        /// The call.
        call: String,
        /// The expected value.
        expected: String,
        /// What it returned.
        actual: String,
        /// The step's note.
        note: Option<String>,
    },
    /// A call returned another string than expected.
    WrongText {
        /// The call.
        call: String,
        /// The expected text.
        expected: String,
        /// The text it returned.
        actual: String,
        /// The step's note.
        note: Option<String>,
    },
    /// A buffer argument holds other data after the call than expected.
    WrongBuffer {
        /// The call.
        call: String,
        /// Which argument, from 1.
        arg: usize,
        /// The expected contents.
        expected: String,
        /// The contents.
        actual: String,
        /// The step's note.
        note: Option<String>,
    },
    /// A returned string cannot be read: outside the memory, or not UTF-8.
    BadString {
        /// The call.
        call: String,
        /// What is wrong.
        problem: String,
        /// The step's note.
        note: Option<String>,
    },
    /// The module made other calls to the host than expected.
    HostCalls {
        /// The call into the module during which the host calls were recorded.
        call: String,
        /// The expected host calls.
        expected: Vec<String>,
        /// The host calls made.
        actual: Vec<String>,
        /// The step's note.
        note: Option<String>,
    },
    /// The module called a host function with arguments the host cannot use.
    BadHostCall {
        /// The call into the module.
        call: String,
        /// The host function.
        import: String,
        /// What is wrong with its arguments.
        problem: String,
    },
    /// The module is over its size budget.
    TooBig {
        /// Its size in bytes.
        size: u64,
        /// The budget.
        max: ByteSize,
    },
}

impl WasmFailure {
    /// A short stable name of the kind of failure, e.g. `wrong-result`.
    pub fn kind(&self) -> &'static str {
        match self {
            WasmFailure::Spec { .. } => "spec",
            WasmFailure::InvalidModule { .. } => "invalid-module",
            WasmFailure::UnexpectedImport { .. } => "unexpected-import",
            WasmFailure::ImportSignature { .. } => "import-signature",
            WasmFailure::MissingExport { .. } => "missing-export",
            WasmFailure::WrongExport { .. } => "wrong-export",
            WasmFailure::Instantiation { .. } => "instantiation",
            WasmFailure::Trap { .. } => "trap",
            WasmFailure::OutOfFuel { .. } => "out-of-fuel",
            WasmFailure::MemoryLimit { .. } => "memory-limit",
            WasmFailure::BadAlloc { .. } => "bad-alloc",
            WasmFailure::FreeFailed { .. } => "free-failed",
            WasmFailure::WrongResult { .. } | WasmFailure::WrongText { .. } => "wrong-result",
            WasmFailure::WrongBuffer { .. } => "wrong-buffer",
            WasmFailure::BadString { .. } => "bad-string",
            WasmFailure::HostCalls { .. } => "host-calls",
            WasmFailure::BadHostCall { .. } => "bad-host-call",
            WasmFailure::TooBig { .. } => "too-big",
        }
    }
}

const WASM32_TYPES: &str = "On wasm32, pointers, references, `usize`, `u32`, `i32` and `bool` \
    are passed as i32; `u64` and `i64` as i64; `f32` and `f64` as themselves.";

fn note_line(f: &mut fmt::Formatter<'_>, note: &Option<String>) -> fmt::Result {
    match note {
        Some(note) => write!(f, "\nThis step checks: {note}."),
        None => Ok(()),
    }
}

/// Texts this short are shown inline, quoted; longer ones as blocks of lines.
const INLINE: usize = 60;
/// The most lines of a text shown in a block.
const SHOWN_LINES: usize = 30;

/// The lines of `text`, indented, without a newline after the last.
fn text_block(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    if text.is_empty() {
        return write!(f, "    (empty)");
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let shown: Vec<String> = lines
        .iter()
        .take(SHOWN_LINES)
        .map(|line| format!("    {line}"))
        .collect();
    write!(f, "{}", shown.join("\n"))?;
    if lines.len() > SHOWN_LINES {
        write!(f, "\n    … ({} more lines)", lines.len() - SHOWN_LINES)?;
    }
    Ok(())
}

/// `expected` and `actual` side by side, and where they first differ.
fn write_text_mismatch(
    f: &mut fmt::Formatter<'_>,
    call: &str,
    expected: &str,
    actual: &str,
) -> fmt::Result {
    let short = |s: &str| s.chars().count() <= INLINE && !s.contains('\n');
    if short(expected) && short(actual) {
        return write!(f, "{call} returned {actual:?}, expected {expected:?}.");
    }
    writeln!(f, "{call} returned:")?;
    text_block(f, actual)?;
    writeln!(f, "\nbut should return:")?;
    text_block(f, expected)?;
    if expected.is_empty() || actual.is_empty() {
        return Ok(());
    }
    writeln!(f)?;
    let (expected_lines, actual_lines): (Vec<&str>, Vec<&str>) =
        (expected.split('\n').collect(), actual.split('\n').collect());
    if expected_lines.len() > 1 || actual_lines.len() > 1 {
        let line = expected_lines
            .iter()
            .zip(&actual_lines)
            .position(|(e, a)| e != a)
            .unwrap_or(expected_lines.len().min(actual_lines.len()));
        match (expected_lines.get(line), actual_lines.get(line)) {
            (Some(e), Some(a)) => write!(
                f,
                "The first difference is on line {}: expected `{e}`, got `{a}`.",
                line + 1
            ),
            (Some(e), None) => write!(f, "Line {} is missing: `{e}`.", line + 1),
            (None, Some(a)) => write!(f, "Line {} is extra: `{a}`.", line + 1),
            (None, None) => Ok(()),
        }
    } else {
        let at = expected
            .chars()
            .zip(actual.chars())
            .position(|(e, a)| e != a)
            .unwrap_or(expected.chars().count().min(actual.chars().count()));
        let excerpt =
            |s: &str| -> String { s.chars().skip(at.saturating_sub(10)).take(30).collect() };
        write!(
            f,
            "They differ from character {}: expected `…{}`, got `…{}`.",
            at + 1,
            excerpt(expected),
            excerpt(actual)
        )
    }
}

fn calls_block(f: &mut fmt::Formatter<'_>, calls: &[String]) -> fmt::Result {
    if calls.is_empty() {
        return writeln!(f, "    (no calls)");
    }
    for call in calls {
        writeln!(f, "    {call}")?;
    }
    Ok(())
}

impl fmt::Display for WasmFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WasmFailure::Spec { problem } => write!(
                f,
                "This exercise's wasm check is misconfigured (a bug in the course, not in your code): {problem}"
            ),
            WasmFailure::InvalidModule { error } => write!(
                f,
                "The built file is not a valid WebAssembly module: {error}\n\
                 Check that the package is a `cdylib` built for wasm32-unknown-unknown."
            ),
            WasmFailure::UnexpectedImport {
                import,
                kind,
                provided,
            } => {
                writeln!(
                    f,
                    "The module imports `{import}` ({kind}), which the host does not provide."
                )?;
                if provided.is_empty() {
                    f.write_str(
                        "The host provides nothing to this module: it must not import anything.\n",
                    )?;
                } else {
                    writeln!(f, "The host provides:")?;
                    for p in provided {
                        writeln!(f, "    {p}")?;
                    }
                }
                f.write_str(
                    "A module can only start when the host provides every import. Check the module \
                     name (`#[link(wasm_import_module = \"...\")]`, \"env\" by default) and the \
                     function names in your `unsafe extern \"C\"` block. An import you did not \
                     write comes from code you call: std's printing, or a crate.",
                )
            }
            WasmFailure::ImportSignature {
                import,
                expected,
                found,
            } => write!(
                f,
                "The module imports `{import}` as {found}, but the host provides it as {expected}.\n\
                 Check the parameter and return types in your `unsafe extern \"C\"` block. {WASM32_TYPES}"
            ),
            WasmFailure::MissingExport {
                name,
                expected,
                exports,
            } => {
                match name.strip_suffix('*') {
                    Some(prefix) => writeln!(
                        f,
                        "The module exports nothing whose name starts with `{prefix}` ({expected})."
                    )?,
                    None => writeln!(f, "The module does not export `{name}` ({expected}).")?,
                }
                // Names starting with `__` are glue (the linker's, wasm-bindgen's): count them.
                let (glue, own): (Vec<&String>, Vec<&String>) =
                    exports.iter().partition(|n| n.starts_with("__"));
                let own: Vec<&str> = own.iter().map(|n| n.as_str()).collect();
                match (own.is_empty(), glue.len()) {
                    (true, 0) => f.write_str("It exports nothing at all.\n")?,
                    (false, 0) => writeln!(f, "It exports: {}.", own.join(", "))?,
                    (true, n) => writeln!(
                        f,
                        "It exports only {n} names starting with `__` (generated glue)."
                    )?,
                    (false, n) => writeln!(
                        f,
                        "It exports: {}, and {n} names starting with `__` (generated glue).",
                        own.join(", ")
                    )?,
                }
                f.write_str(
                    "A cdylib exports a function only when it is `pub extern \"C\"` and marked \
                     `#[unsafe(no_mangle)]`, or when `#[wasm_bindgen]` generates such an export for \
                     it; otherwise its name is mangled, or it is removed as unused.",
                )
            }
            WasmFailure::WrongExport {
                name,
                expected,
                found,
            } => {
                write!(
                    f,
                    "`{name}` is exported as {found}, but the host uses it as {expected}."
                )?;
                if matches!(expected, ExportSpec::Func(_)) && found.starts_with("a function") {
                    write!(
                        f,
                        "\n{WASM32_TYPES} A function that returns a struct by value takes a hidden \
                         pointer to the result as its first parameter instead."
                    )?;
                }
                Ok(())
            }
            WasmFailure::Instantiation { error } => {
                write!(f, "The module could not be instantiated: {error}")
            }
            WasmFailure::Trap {
                call,
                message,
                explanation,
                note,
            } => {
                write!(f, "{call} trapped: {message}.\n{explanation}")?;
                note_line(f, note)
            }
            WasmFailure::OutOfFuel { call, fuel, note } => {
                write!(
                    f,
                    "{call} did not finish: it ran out of fuel after {} units (about as many \
                     instructions). That is a runaway loop, or far more work than the task needs: look \
                     for a loop whose condition never changes, an index that is never advanced, a \
                     recursion without a base case, or one that computes the same values again and \
                     again.",
                    group_digits(*fuel)
                )?;
                note_line(f, note)
            }
            WasmFailure::MemoryLimit {
                call,
                limit,
                size,
                note,
            } => {
                write!(
                    f,
                    "{call} tried to grow the module's memory past the limit of {limit} (it had {}).\n\
                     Correct code stays far below it here. Memory that is allocated on every call and \
                     never given back adds up: check that `dealloc` really frees, and that every \
                     buffer is freed by whoever owns it.",
                    ByteSize(*size)
                )?;
                note_line(f, note)
            }
            WasmFailure::BadAlloc {
                alloc,
                call,
                problem,
            } => write!(
                f,
                "While passing the arguments of {call}, {alloc} {problem}"
            ),
            WasmFailure::FreeFailed {
                dealloc,
                what,
                call,
                message,
            } => write!(
                f,
                "The host freed {what} {call} with {dealloc}, and that trapped: {message}.\n\
                 The allocator found that memory already free, or its bookkeeping overwritten. \
                 Memory the module gives away must stay allocated until the host frees it: a \
                 `String` or `Vec` dropped at the end of the function frees it as the function \
                 returns (the host may still read the old bytes, by luck). Give it away with \
                 `Box::into_raw` or `std::mem::forget`, and never free, or write past, a buffer \
                 the host owns."
            ),
            WasmFailure::WrongResult {
                call,
                expected,
                actual,
                note,
            } => {
                write!(f, "{call} returned {actual}, expected {expected}.")?;
                note_line(f, note)
            }
            WasmFailure::WrongText {
                call,
                expected,
                actual,
                note,
            } => {
                write_text_mismatch(f, call, expected, actual)?;
                note_line(f, note)
            }
            WasmFailure::WrongBuffer {
                call,
                arg,
                expected,
                actual,
                note,
            } => {
                write!(
                    f,
                    "After {call}, argument {arg} holds {actual}, expected {expected}.\n\
                     The function changes that buffer in place, through the pointer it was given."
                )?;
                note_line(f, note)
            }
            WasmFailure::BadString {
                call,
                problem,
                note,
            } => {
                write!(f, "The string returned by {call} cannot be read: {problem}")?;
                note_line(f, note)
            }
            WasmFailure::HostCalls {
                call,
                expected,
                actual,
                note,
            } => {
                writeln!(f, "During {call}, the module should have called the host:")?;
                calls_block(f, expected)?;
                writeln!(f, "but it called:")?;
                calls_block(f, actual)?;
                let first_difference = expected
                    .iter()
                    .zip(actual)
                    .position(|(e, a)| e != a)
                    .unwrap_or(expected.len().min(actual.len()));
                match (expected.get(first_difference), actual.get(first_difference)) {
                    (Some(e), Some(a)) => write!(
                        f,
                        "The first difference is call {}: expected {e}, got {a}.",
                        first_difference + 1
                    )?,
                    (Some(e), None) => write!(f, "The expected host call {e} was not made.")?,
                    (None, Some(a)) => write!(f, "The call {a} was not expected.")?,
                    (None, None) => {}
                }
                note_line(f, note)
            }
            WasmFailure::BadHostCall {
                call,
                import,
                problem,
            } => write!(
                f,
                "During {call}, the module called `{import}` with {problem}\n\
                 Pass the pointer and the length in bytes of text that lives in the module's \
                 memory, e.g. `s.as_ptr()` and `s.len()` of a `&str` that is still alive."
            ),
            WasmFailure::TooBig { size, max } => {
                let over = size.saturating_sub(max.0);
                write!(
                    f,
                    "The module is {} bytes, over its budget of {max} by {} bytes.\n\
                     Everything the module can reach is linked into it: formatting (`format!`, \
                     `to_string()`, `{{}}` in a panic message), panicking paths (`unwrap`, slice \
                     indexing, `expect`) and the allocator each cost kilobytes. How it is built \
                     counts too: the profile's `opt-level`, `lto` and `codegen-units` decide what \
                     is optimized away, and `debug` and `strip` whether debug info and symbol \
                     names stay in the module.",
                    group_digits(*size),
                    group_digits(over)
                )
            }
        }
    }
}
