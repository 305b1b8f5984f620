//! The `[exercises.wasm]` table: what the tutor checks in a learner's module.
//!
//! Everything here is plain data read from `info.toml`; [`WasmSpec::validate`] checks that its
//! parts agree with each other (a step calls a declared export with the right number of
//! arguments, a host call names a declared import, ...) so that a course bug is reported when
//! the course is loaded, not as a learner's failure.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, de::value::MapAccessDeserializer};

/// The checks run on one WebAssembly module, in this order: the imports, the exports, the
/// steps (calls into the module, in order, on one instance) and the size budget. The first
/// failure stops the check.
///
/// ```toml
/// [exercises.wasm]
/// alloc = "alloc"
/// dealloc = "dealloc"
/// max_bytes = "16 KiB"
///
/// [exercises.wasm.exports]
/// memory = "memory"
/// alloc = "(i32, i32) -> i32"
/// sum = "(i32, i32) -> i64"
///
/// [exercises.wasm.imports]
/// "env.log" = { signature = "(i32, i32)", text = true }
///
/// [[exercises.wasm.steps]]
/// call = "sum"
/// args = [{ i32s = [1, 2, 3] }]
/// expect = 6
/// ```
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WasmSpec {
    /// Exports the module must have, by name: a function signature such as
    /// `"(i32, i32) -> i64"` (`"()"` for no parameters and no result), or `"memory"` for a
    /// linear memory. A name ending in `*` stands for the one export that starts with the rest
    /// (`"greet_*"` for wasm-bindgen's `greet_<hash>`). Other exports are allowed.
    #[serde(default)]
    pub exports: BTreeMap<String, ExportSpec>,

    /// The host functions the tutor provides, keyed `"module.name"` (`"env.log"`). A key ending
    /// in `*` provides every function whose `module.name` starts with what comes before the `*`
    /// (`"__wbindgen_placeholder__.*"`). The module may import only these: any other import
    /// fails the check as an unexpected import. Every call the module makes to them is
    /// recorded, for the steps' `host_calls`.
    #[serde(default)]
    pub imports: BTreeMap<String, ImportSpec>,

    /// The export the host calls to get memory for the strings and buffers it passes as
    /// arguments: `(size) -> ptr` or `(size, align) -> ptr`. Needed when a step has a string or
    /// buffer argument or reads a string result through `strings = "retptr"`.
    pub alloc: Option<String>,

    /// The export the host calls to give memory back: `(ptr, size)` or `(ptr, size, align)`.
    /// When it is set, the host frees its argument buffers after each call (see `free_args`)
    /// and the strings the module returns once it has read them (see `free_results`).
    pub dealloc: Option<String>,

    /// How a function hands a string back to the host, for steps whose `expect` is a string.
    /// `"packed"` (the default): the function returns an `i64` holding the pointer in its high
    /// 32 bits and the length in bytes in its low 32 bits. `"retptr"`: the function takes a
    /// pointer to 8 bytes as an extra first parameter, writes the pointer and the length there
    /// (two little-endian `u32`s) and returns nothing; the host allocates that space with
    /// `alloc`. This is how `extern "C"` returns a two-field struct on wasm32, and what
    /// wasm-bindgen generates.
    #[serde(default)]
    pub strings: StringAbi,

    /// Whether the host frees, through `dealloc`, each string a function returned once it has
    /// read it (the module gave it away). Set it to `false` when the module keeps ownership of
    /// the strings it returns, e.g. a buffer reused by every call. Default: `true`.
    #[serde(default = "yes")]
    pub free_results: bool,

    /// Whether the host frees, through `dealloc`, the buffers it allocated for a call's
    /// arguments once the call returned (the caller owns what it allocated). Set it to `false`
    /// when the module takes ownership of its arguments. Default: `true`.
    #[serde(default = "yes")]
    pub free_args: bool,

    /// The largest the `.wasm` file may be, in bytes (`2048`) or with a unit
    /// (`"2 KiB"`, `"1 MiB"`). Checked last, after the module has shown it works.
    pub max_bytes: Option<ByteSize>,

    /// The largest the module's linear memory may grow to. A module that asks for more is
    /// refused, and the call fails with an explanation (a leak usually). Default: `"16 MiB"`.
    #[serde(default = "default_max_memory")]
    pub max_memory: ByteSize,

    /// The fuel each call into the module gets (roughly one unit per instruction executed).
    /// A call that runs out is reported as a runaway loop. Default: 10 000 000.
    #[serde(default = "default_fuel")]
    pub fuel: u64,

    /// The calls made into the module, in order, on one instance: the state the module keeps
    /// in its memory carries over from one step to the next.
    #[serde(default)]
    pub steps: Vec<Step>,
}

fn yes() -> bool {
    true
}

fn default_max_memory() -> ByteSize {
    ByteSize(16 * 1024 * 1024)
}

fn default_fuel() -> u64 {
    10_000_000
}

/// One call into the module (or several, with `repeat`) and what must come of it.
///
/// ```toml
/// [[exercises.wasm.steps]]
/// call = "shout"
/// args = ["héllo"]
/// expect = "HÉLLO!"
/// host_calls = [{ call = "env.log", args = ["shouting 5 chars"] }]
/// ```
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The exported function to call. It must be declared in `exports`.
    pub call: String,

    /// The arguments, one per entry: a number is passed as one parameter; a string, or a
    /// buffer such as `{ i32s = [1, 2] }`, is written into the module's memory through
    /// `alloc` and passed as two parameters, its pointer and its length (in bytes for a
    /// string and `bytes`, in elements for the other buffers).
    #[serde(default)]
    pub args: Vec<Arg>,

    /// The result the call must return: a number for a function that returns one number, or a
    /// string for a function that returns a string (see `strings`); a long string can be written
    /// `{ str = "ab", times = 1000 }`. No `expect`: the result is not checked.
    pub expect: Option<Value>,

    /// The exact calls the module must make to the host's functions during this call, in
    /// order. Absent: the host calls are not checked; `[]`: the module must not call the host.
    pub host_calls: Option<Vec<HostCall>>,

    /// How many times to make this call; each repetition is checked. Repeating a call that
    /// allocates shows a leak under `max_memory`. Default: 1.
    #[serde(default = "one")]
    pub repeat: u32,

    /// What this step checks, in a few words; shown to the learner when it fails
    /// ("an empty buffer", "two buffers alive at once").
    pub note: Option<String>,
}

fn one() -> u32 {
    1
}

/// A call the module must make to a host function.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostCall {
    /// The import, as `"module.name"`.
    pub call: String,
    /// Its arguments: numbers, and for an import declared with `text = true` the text it
    /// passed first.
    #[serde(default)]
    pub args: Vec<Value>,
}

/// A host function the tutor provides to the module.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportSpec {
    /// Its signature, e.g. `"(i32, i32)"`. Absent: any signature is accepted, and the host
    /// answers every call with zeros (or `returns`).
    pub signature: Option<Signature>,
    /// The first two parameters are a pointer and a length in bytes: the host reads that
    /// UTF-8 text from the module's memory and records it as the call's first argument. Text
    /// outside the memory or not UTF-8 fails the check.
    #[serde(default)]
    pub text: bool,
    /// What the host returns to the module, one value per call in order; once they run out
    /// the last one is repeated. Default: 0.
    #[serde(default)]
    pub returns: Vec<Value>,
}

/// How a function returns a string, for steps whose `expect` is a string.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StringAbi {
    /// One `i64` result: `(ptr << 32) | len`.
    #[default]
    Packed,
    /// A pointer to 8 bytes as an extra first parameter, where the function writes the
    /// pointer and the length as two little-endian `u32`s.
    Retptr,
}

/// A number or a string, as written in `info.toml`.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// An integer; it matches an `i32` result whether written signed (`-1`) or unsigned
    /// (`4294967295`).
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A string.
    Text(String),
}

/// One argument of a step.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// A number, passed as one parameter of the function's type.
    Value(Value),
    /// A string or a buffer written into memory and passed as pointer and length.
    Buffer(Buffer),
}

/// A string or an array that the host writes into the module's memory, written as a table
/// with one of `str`, `bytes`, `i32s`, `i64s`, `f32s`, `f64s`, optionally `after`, and
/// optionally `times` (the data, and `after`, repeated that many times: a long input written
/// short).
#[derive(Clone, Debug, PartialEq)]
pub struct Buffer {
    /// What is written.
    pub data: BufferData,
    /// What the buffer must hold once the call returned (for functions that write into a
    /// buffer they are given).
    pub after: Option<BufferData>,
}

/// The contents of a [`Buffer`].
#[derive(Clone, Debug, PartialEq)]
pub enum BufferData {
    /// UTF-8 text; its length is counted in bytes.
    Str(String),
    /// Raw bytes (they need not be UTF-8: a way to pass invalid text).
    Bytes(Vec<u8>),
    /// 32-bit integers, little-endian; values may be written signed or unsigned.
    I32s(Vec<i64>),
    /// 64-bit integers, little-endian.
    I64s(Vec<i64>),
    /// 32-bit floats.
    F32s(Vec<f64>),
    /// 64-bit floats.
    F64s(Vec<f64>),
}

/// An expected export: a function with this signature, or a memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportSpec {
    /// A function.
    Func(Signature),
    /// A linear memory.
    Memory,
}

/// A WebAssembly function signature, written `"(i32, i32) -> i64"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    /// The parameter types.
    pub params: Vec<WasmType>,
    /// The result types.
    pub results: Vec<WasmType>,
}

/// A WebAssembly value type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WasmType {
    /// 32-bit integer (also pointers, `usize`, `u32`, `bool` and `char` on wasm32).
    I32,
    /// 64-bit integer.
    I64,
    /// 32-bit float.
    F32,
    /// 64-bit float.
    F64,
    /// 128-bit SIMD vector.
    V128,
    /// A function reference.
    FuncRef,
    /// An opaque host reference.
    ExternRef,
}

/// A size in bytes, written as a number of bytes or with a unit: `"64 KiB"`, `"2 MiB"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ByteSize(pub u64);

// ---------------------------------------------------------------------------------------------
// Display

impl fmt::Display for WasmType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            WasmType::I32 => "i32",
            WasmType::I64 => "i64",
            WasmType::F32 => "f32",
            WasmType::F64 => "f64",
            WasmType::V128 => "v128",
            WasmType::FuncRef => "funcref",
            WasmType::ExternRef => "externref",
        })
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({})", join(&self.params))?;
        match self.results.as_slice() {
            [] => Ok(()),
            [one] => write!(f, " -> {one}"),
            many => write!(f, " -> ({})", join(many)),
        }
    }
}

fn join(types: &[WasmType]) -> String {
    types
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for ExportSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportSpec::Func(sig) => write!(f, "a function {sig}"),
            ExportSpec::Memory => f.write_str("a memory"),
        }
    }
}

impl fmt::Display for ByteSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const KIB: u64 = 1024;
        const MIB: u64 = 1024 * 1024;
        let n = self.0;
        if n >= MIB && n.is_multiple_of(MIB) {
            write!(f, "{} MiB", n / MIB)
        } else if n >= KIB && n.is_multiple_of(KIB) {
            write!(f, "{} KiB", n / KIB)
        } else {
            write!(f, "{} bytes", group_digits(n))
        }
    }
}

/// `1234567` as `1,234,567`.
pub(crate) fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Int(n) => write!(f, "{n}"),
            Value::Float(x) => write!(f, "{x:?}"),
            Value::Text(s) => write!(f, "{}", quote(s)),
        }
    }
}

/// A string as the learner would write it in Rust, shortened when it is long.
pub(crate) fn quote(s: &str) -> String {
    const SHOWN: usize = 40;
    if s.chars().count() <= SHOWN {
        format!("{s:?}")
    } else {
        let head: String = s.chars().take(SHOWN).collect();
        format!("{head:?}… ({} bytes)", group_digits(s.len() as u64))
    }
}

impl fmt::Display for BufferData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn list<T: fmt::Display>(f: &mut fmt::Formatter<'_>, items: &[T]) -> fmt::Result {
            const SHOWN: usize = 8;
            let shown: Vec<String> = items.iter().take(SHOWN).map(T::to_string).collect();
            if items.len() > SHOWN {
                write!(f, "[{}, … ({} items)]", shown.join(", "), items.len())
            } else {
                write!(f, "[{}]", shown.join(", "))
            }
        }
        match self {
            BufferData::Str(s) => f.write_str(&quote(s)),
            BufferData::Bytes(b) => {
                let hex: Vec<String> = b.iter().map(|b| format!("0x{b:02x}")).collect();
                list(f, &hex)
            }
            BufferData::I32s(v) | BufferData::I64s(v) => list(f, v),
            BufferData::F32s(v) | BufferData::F64s(v) => {
                let shown: Vec<String> = v.iter().map(|x| format!("{x:?}")).collect();
                list(f, &shown)
            }
        }
    }
}

impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Value(v) => v.fmt(f),
            Arg::Buffer(b) => b.data.fmt(f),
        }
    }
}

impl fmt::Display for HostCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let args: Vec<String> = self.args.iter().map(ToString::to_string).collect();
        write!(f, "{}({})", self.call, args.join(", "))
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let args: Vec<String> = self.args.iter().map(ToString::to_string).collect();
        // `greet_*` (a generated, hashed name) reads as `greet`.
        let name = match self.call.strip_suffix('*') {
            Some(prefix) => prefix.trim_end_matches('_'),
            None => &self.call,
        };
        write!(f, "{name}({})", args.join(", "))
    }
}

// ---------------------------------------------------------------------------------------------
// Parsing

impl std::str::FromStr for WasmType {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "i32" => WasmType::I32,
            "i64" => WasmType::I64,
            "f32" => WasmType::F32,
            "f64" => WasmType::F64,
            "v128" => WasmType::V128,
            "funcref" => WasmType::FuncRef,
            "externref" => WasmType::ExternRef,
            "u32" | "usize" | "isize" | "bool" | "u8" | "i8" | "u16" | "i16" | "char" => {
                return Err(format!(
                    "`{s}` is not a WebAssembly type: on wasm32 it is passed as `i32`"
                ));
            }
            "u64" => return Err("`u64` is not a WebAssembly type: it is passed as `i64`".into()),
            other => {
                return Err(format!(
                    "unknown type `{other}`: the types are i32, i64, f32, f64, v128, funcref and externref"
                ));
            }
        })
    }
}

impl std::str::FromStr for Signature {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let usage = || {
            format!(
                "`{text}` is not a function signature: write it like \"(i32, i32) -> i64\", \"(i32)\" or \"()\""
            )
        };
        let s = text.trim();
        let (params, rest) = parse_list(s).ok_or_else(usage)?;
        let rest = rest.trim();
        let results = if rest.is_empty() {
            Vec::new()
        } else {
            let after = rest.strip_prefix("->").ok_or_else(usage)?.trim();
            if after.starts_with('(') {
                let (results, tail) = parse_list(after).ok_or_else(usage)?;
                if !tail.trim().is_empty() {
                    return Err(usage());
                }
                results
            } else if after.is_empty() {
                return Err(usage());
            } else {
                vec![after.to_owned()]
            }
        };
        let types = |names: Vec<String>| -> Result<Vec<WasmType>, String> {
            names.iter().map(|n| n.parse()).collect()
        };
        Ok(Signature {
            params: types(params)?,
            results: types(results)?,
        })
    }
}

/// `"(a, b) rest"` → `(["a", "b"], " rest")`.
fn parse_list(s: &str) -> Option<(Vec<String>, &str)> {
    let inner_and_rest = s.strip_prefix('(')?;
    let close = inner_and_rest.find(')')?;
    let inner = inner_and_rest[..close].trim();
    let items = if inner.is_empty() {
        Vec::new()
    } else {
        inner.split(',').map(|t| t.trim().to_owned()).collect()
    };
    if items.iter().any(String::is_empty) {
        return None;
    }
    Some((items, &inner_and_rest[close + 1..]))
}

impl std::str::FromStr for ExportSpec {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        if s.trim() == "memory" {
            Ok(ExportSpec::Memory)
        } else {
            s.parse().map(ExportSpec::Func).map_err(|e| {
                if s.trim_start().starts_with('(') {
                    e
                } else {
                    format!(
                        "`{s}` is neither \"memory\" nor a function signature like \"(i32) -> i32\""
                    )
                }
            })
        }
    }
}

impl std::str::FromStr for ByteSize {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let s = text.trim();
        let split = s
            .find(|c: char| !(c.is_ascii_digit() || c == '_'))
            .unwrap_or(s.len());
        let (number, unit) = s.split_at(split);
        let number: u64 = number.replace('_', "").parse().map_err(|_| {
            format!("`{text}` is not a size: write it like 2048, \"64 KiB\" or \"2 MiB\"")
        })?;
        let scale = match unit.trim() {
            "" | "B" | "bytes" => 1,
            "KiB" => 1024,
            "MiB" => 1024 * 1024,
            other => {
                return Err(format!(
                    "unknown unit `{other}` in `{text}`: use bytes, KiB or MiB"
                ));
            }
        };
        number
            .checked_mul(scale)
            .map(ByteSize)
            .ok_or_else(|| format!("`{text}` is too large"))
    }
}

/// Implements `Deserialize` through `FromStr` for types written as one string.
macro_rules! deserialize_from_str {
    ($ty:ty, $expecting:literal) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: de::Error>(self, s: &str) -> Result<$ty, E> {
                        s.parse().map_err(E::custom)
                    }
                }
                d.deserialize_str(V)
            }
        }
    };
}

deserialize_from_str!(Signature, "a function signature like \"(i32, i32) -> i64\"");
deserialize_from_str!(
    ExportSpec,
    "\"memory\" or a function signature like \"(i32, i32) -> i64\""
);

impl<'de> Deserialize<'de> for ByteSize {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = ByteSize;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a size: a number of bytes, or a string like \"64 KiB\" or \"2 MiB\"")
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<ByteSize, E> {
                u64::try_from(n)
                    .map(ByteSize)
                    .map_err(|_| E::custom("a size cannot be negative"))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<ByteSize, E> {
                Ok(ByteSize(n))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<ByteSize, E> {
                s.parse().map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, a string, or { str = \"...\", times = N }")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Value, A::Error> {
        let text = RepeatedText::deserialize(MapAccessDeserializer::new(map))?;
        Ok(Value::Text(text.str.repeat(text.times)))
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Int(n))
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Value, E> {
        // Above i64::MAX: the same 64 bits, read as signed.
        Ok(Value::Int(n as i64))
    }
    fn visit_f64<E: de::Error>(self, x: f64) -> Result<Value, E> {
        Ok(Value::Float(x))
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Int(i64::from(b)))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Value, E> {
        Ok(Value::Text(s.to_owned()))
    }
}

impl<'de> Deserialize<'de> for Arg {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Arg;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a number, a string, or a buffer such as { i32s = [1, 2] } or { bytes = [255] }",
                )
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Arg, E> {
                ValueVisitor.visit_i64(n).map(Arg::Value)
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Arg, E> {
                ValueVisitor.visit_u64(n).map(Arg::Value)
            }
            fn visit_f64<E: de::Error>(self, x: f64) -> Result<Arg, E> {
                ValueVisitor.visit_f64(x).map(Arg::Value)
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<Arg, E> {
                ValueVisitor.visit_bool(b).map(Arg::Value)
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Arg, E> {
                Ok(Arg::Buffer(Buffer {
                    data: BufferData::Str(s.to_owned()),
                    after: None,
                }))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Arg, A::Error> {
                let raw = RawBuffer::deserialize(MapAccessDeserializer::new(map))?;
                raw.into_buffer()
                    .map(Arg::Buffer)
                    .map_err(de::Error::custom)
            }
        }
        d.deserialize_any(V)
    }
}

/// The table form of a buffer argument, before checking that it has exactly one kind.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBuffer {
    str: Option<String>,
    bytes: Option<Vec<u8>>,
    i32s: Option<Vec<i64>>,
    i64s: Option<Vec<i64>>,
    f32s: Option<Vec<f64>>,
    f64s: Option<Vec<f64>>,
    after: Option<AfterValues>,
    times: Option<usize>,
}

/// `{ str = "ab", times = 3 }`: a long text written short.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RepeatedText {
    str: String,
    times: usize,
}

/// `after = "text"` or `after = [1, 2, 3]`.
enum AfterValues {
    Text(String),
    Numbers(Vec<Value>),
}

impl<'de> Deserialize<'de> for AfterValues {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = AfterValues;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an array of numbers")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<AfterValues, E> {
                Ok(AfterValues::Text(s.to_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<AfterValues, A::Error> {
                let mut items = Vec::new();
                while let Some(v) = seq.next_element::<Value>()? {
                    items.push(v);
                }
                Ok(AfterValues::Numbers(items))
            }
        }
        d.deserialize_any(V)
    }
}

impl RawBuffer {
    fn into_buffer(self) -> Result<Buffer, String> {
        let RawBuffer {
            str,
            bytes,
            i32s,
            i64s,
            f32s,
            f64s,
            after,
            times,
        } = self;
        let mut kinds = Vec::new();
        if let Some(s) = str {
            kinds.push(BufferData::Str(s));
        }
        if let Some(b) = bytes {
            kinds.push(BufferData::Bytes(b));
        }
        if let Some(v) = i32s {
            check_i32_range(&v)?;
            kinds.push(BufferData::I32s(v));
        }
        if let Some(v) = i64s {
            kinds.push(BufferData::I64s(v));
        }
        if let Some(v) = f32s {
            kinds.push(BufferData::F32s(v));
        }
        if let Some(v) = f64s {
            kinds.push(BufferData::F64s(v));
        }
        if kinds.len() != 1 {
            return Err(
                "a buffer argument has exactly one of `str`, `bytes`, `i32s`, `i64s`, `f32s`, `f64s`"
                    .into(),
            );
        }
        let times = times.unwrap_or(1);
        let data = kinds.remove(0).repeated(times);
        let after = after
            .map(|a| after_like(&data, a).map(|after| after.repeated(times)))
            .transpose()?;
        Ok(Buffer { data, after })
    }
}

fn check_i32_range(values: &[i64]) -> Result<(), String> {
    match values
        .iter()
        .find(|&&n| n < i64::from(i32::MIN) || n > i64::from(u32::MAX))
    {
        Some(n) => Err(format!("{n} does not fit in 32 bits")),
        None => Ok(()),
    }
}

/// Reads `after` as the same kind of data as the buffer.
fn after_like(data: &BufferData, after: AfterValues) -> Result<BufferData, String> {
    let ints = |values: Vec<Value>| -> Result<Vec<i64>, String> {
        values
            .into_iter()
            .map(|v| match v {
                Value::Int(n) => Ok(n),
                other => Err(format!("`after` holds integers here, not {other}")),
            })
            .collect()
    };
    let floats = |values: Vec<Value>| -> Result<Vec<f64>, String> {
        values
            .into_iter()
            .map(|v| match v {
                Value::Int(n) => Ok(n as f64),
                Value::Float(x) => Ok(x),
                other @ Value::Text(_) => Err(format!("`after` holds numbers here, not {other}")),
            })
            .collect()
    };
    Ok(match (data, after) {
        (BufferData::Str(_), AfterValues::Text(s)) => BufferData::Str(s),
        (BufferData::Bytes(_), AfterValues::Numbers(v)) => BufferData::Bytes(
            ints(v)?
                .into_iter()
                .map(|n| u8::try_from(n).map_err(|_| format!("{n} is not a byte")))
                .collect::<Result<_, _>>()?,
        ),
        (BufferData::I32s(_), AfterValues::Numbers(v)) => {
            let v = ints(v)?;
            check_i32_range(&v)?;
            BufferData::I32s(v)
        }
        (BufferData::I64s(_), AfterValues::Numbers(v)) => BufferData::I64s(ints(v)?),
        (BufferData::F32s(_), AfterValues::Numbers(v)) => BufferData::F32s(floats(v)?),
        (BufferData::F64s(_), AfterValues::Numbers(v)) => BufferData::F64s(floats(v)?),
        (BufferData::Str(_), AfterValues::Numbers(_)) => {
            return Err("`after` of a `str` buffer is a string".into());
        }
        (_, AfterValues::Text(_)) => {
            return Err("`after` of an array buffer is an array of numbers".into());
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Sizes and layout of buffers

impl BufferData {
    /// The data `times` times over.
    fn repeated(self, times: usize) -> BufferData {
        match self {
            BufferData::Str(s) => BufferData::Str(s.repeat(times)),
            BufferData::Bytes(b) => BufferData::Bytes(b.repeat(times)),
            BufferData::I32s(v) => BufferData::I32s(v.repeat(times)),
            BufferData::I64s(v) => BufferData::I64s(v.repeat(times)),
            BufferData::F32s(v) => BufferData::F32s(v.repeat(times)),
            BufferData::F64s(v) => BufferData::F64s(v.repeat(times)),
        }
    }

    /// The bytes written into memory.
    pub fn to_bytes(&self) -> Vec<u8> {
        match self {
            BufferData::Str(s) => s.as_bytes().to_vec(),
            BufferData::Bytes(b) => b.clone(),
            BufferData::I32s(v) => v.iter().flat_map(|&n| (n as u32).to_le_bytes()).collect(),
            BufferData::I64s(v) => v.iter().flat_map(|&n| n.to_le_bytes()).collect(),
            BufferData::F32s(v) => v.iter().flat_map(|&x| (x as f32).to_le_bytes()).collect(),
            BufferData::F64s(v) => v.iter().flat_map(|&x| x.to_le_bytes()).collect(),
        }
    }

    /// The length passed to the function: bytes for text and bytes, elements otherwise.
    pub fn len_param(&self) -> usize {
        match self {
            BufferData::Str(s) => s.len(),
            BufferData::Bytes(b) => b.len(),
            BufferData::I32s(v) | BufferData::I64s(v) => v.len(),
            BufferData::F32s(v) | BufferData::F64s(v) => v.len(),
        }
    }

    /// The alignment of one element.
    pub fn align(&self) -> u32 {
        match self {
            BufferData::Str(_) | BufferData::Bytes(_) => 1,
            BufferData::I32s(_) | BufferData::F32s(_) => 4,
            BufferData::I64s(_) | BufferData::F64s(_) => 8,
        }
    }

    /// Reads bytes back as the same kind of data (used for `after`).
    pub fn like_from_bytes(&self, bytes: &[u8]) -> BufferData {
        match self {
            BufferData::Str(_) => BufferData::Str(String::from_utf8_lossy(bytes).into_owned()),
            BufferData::Bytes(_) => BufferData::Bytes(bytes.to_vec()),
            BufferData::I32s(v) => BufferData::I32s(
                bytes
                    .chunks_exact(4)
                    .zip(v)
                    .map(|(c, &written)| {
                        let n = i32::from_le_bytes(c.try_into().expect("4 bytes"));
                        // Show it the way the expectation is written.
                        if written > i64::from(i32::MAX) || n >= 0 {
                            i64::from(n as u32)
                        } else {
                            i64::from(n)
                        }
                    })
                    .collect(),
            ),
            BufferData::I64s(_) => BufferData::I64s(
                bytes
                    .chunks_exact(8)
                    .map(|c| i64::from_le_bytes(c.try_into().expect("8 bytes")))
                    .collect(),
            ),
            BufferData::F32s(_) => BufferData::F32s(
                bytes
                    .chunks_exact(4)
                    .map(|c| f64::from(f32::from_le_bytes(c.try_into().expect("4 bytes"))))
                    .collect(),
            ),
            BufferData::F64s(_) => BufferData::F64s(
                bytes
                    .chunks_exact(8)
                    .map(|c| f64::from_le_bytes(c.try_into().expect("8 bytes")))
                    .collect(),
            ),
        }
    }

    /// Whether two buffers hold the same data (as written in memory).
    pub fn same_as(&self, other: &BufferData) -> bool {
        self.to_bytes() == other.to_bytes()
    }
}

// ---------------------------------------------------------------------------------------------
// Validation

impl WasmSpec {
    /// Checks that the parts of the spec agree: each step calls a declared function export
    /// with as many arguments as it has parameters, results are expected with a fitting type,
    /// `alloc` and `dealloc` are declared with a usable signature, host calls name declared
    /// imports. The error says what to change in `info.toml`.
    pub fn validate(&self) -> Result<(), String> {
        let func = |name: &str, role: &str| -> Result<&Signature, String> {
            match self.exports.get(name) {
                Some(ExportSpec::Func(sig)) => Ok(sig),
                Some(ExportSpec::Memory) => Err(format!(
                    "{role} `{name}` is declared as a memory in `exports`"
                )),
                None => Err(format!(
                    "{role} `{name}` is not declared in `exports`: add its signature there"
                )),
            }
        };
        let needs_memory = self.steps.iter().any(|s| {
            matches!(s.expect, Some(Value::Text(_)))
                || s.args.iter().any(|a| matches!(a, Arg::Buffer(_)))
        });
        if needs_memory && !self.exports.values().any(|e| *e == ExportSpec::Memory) {
            return Err(
                "the steps pass data through memory: declare `memory = \"memory\"` in `exports`"
                    .into(),
            );
        }
        if let Some(alloc) = &self.alloc {
            let sig = func(alloc, "`alloc`")?;
            let ok = matches!(
                sig.params.as_slice(),
                [WasmType::I32] | [WasmType::I32, WasmType::I32]
            ) && sig.results == [WasmType::I32];
            if !ok {
                return Err(format!(
                    "`alloc` `{alloc}` must be \"(i32) -> i32\" (size) or \"(i32, i32) -> i32\" (size, align), not \"{sig}\""
                ));
            }
        }
        if let Some(dealloc) = &self.dealloc {
            let sig = func(dealloc, "`dealloc`")?;
            let ok = matches!(
                sig.params.as_slice(),
                [WasmType::I32, WasmType::I32] | [WasmType::I32, WasmType::I32, WasmType::I32]
            ) && sig.results.is_empty();
            if !ok {
                return Err(format!(
                    "`dealloc` `{dealloc}` must be \"(i32, i32)\" (ptr, size) or \"(i32, i32, i32)\" (ptr, size, align), not \"{sig}\""
                ));
            }
        }
        for (key, import) in &self.imports {
            let Some((module, name)) = key.split_once('.') else {
                return Err(format!(
                    "import `{key}` must be written \"module.name\", e.g. \"env.log\""
                ));
            };
            if module.is_empty() || name.is_empty() {
                return Err(format!("import `{key}` must be written \"module.name\""));
            }
            if key.contains('*') && !key.ends_with('*') || key.matches('*').count() > 1 {
                return Err(format!("import `{key}`: a `*` may only end the key"));
            }
            if import.text
                && let Some(sig) = &import.signature
                && !sig.params.starts_with(&[WasmType::I32, WasmType::I32])
            {
                return Err(format!(
                    "import `{key}` has `text = true`, so its first two parameters are (i32, i32), not \"{sig}\""
                ));
            }
            if import.returns.iter().any(|v| matches!(v, Value::Text(_))) {
                return Err(format!("import `{key}`: `returns` holds numbers"));
            }
        }
        if self.max_memory.0 < 65_536 {
            return Err("`max_memory` must be at least one page, 64 KiB".into());
        }
        for (i, step) in self.steps.iter().enumerate() {
            let at = format!("step {} (`{}`)", i + 1, step.call);
            let sig = func(&step.call, &format!("{at}: function"))?;
            let string_result = matches!(step.expect, Some(Value::Text(_)));
            let retptr = string_result && self.strings == StringAbi::Retptr;
            let mut params = usize::from(retptr);
            for arg in &step.args {
                params += match arg {
                    Arg::Value(Value::Text(_)) => {
                        return Err(format!("{at}: a string argument is written as a buffer"));
                    }
                    Arg::Value(_) => 1,
                    Arg::Buffer(_) => 2,
                };
            }
            if params != sig.params.len() {
                return Err(format!(
                    "{at}: its arguments make {params} parameters (a string or buffer counts 2: pointer and length{}), but `{}` is declared \"{sig}\"",
                    if retptr {
                        "; `strings = \"retptr\"` adds 1"
                    } else {
                        ""
                    },
                    step.call
                ));
            }
            let mut index = usize::from(retptr);
            for arg in &step.args {
                match arg {
                    Arg::Value(v) => {
                        let ty = sig.params[index];
                        let fits = matches!(
                            (v, ty),
                            (
                                Value::Int(_),
                                WasmType::I32 | WasmType::I64 | WasmType::F32 | WasmType::F64
                            ) | (Value::Float(_), WasmType::F32 | WasmType::F64)
                        );
                        if !fits {
                            return Err(format!("{at}: argument {v} cannot be passed as {ty}"));
                        }
                        if let (Value::Int(n), WasmType::I32) = (v, ty) {
                            check_i32_range(&[*n]).map_err(|e| format!("{at}: {e}"))?;
                        }
                        index += 1;
                    }
                    Arg::Buffer(_) => {
                        if sig.params[index..index + 2] != [WasmType::I32, WasmType::I32] {
                            return Err(format!(
                                "{at}: a string or buffer is passed as (i32, i32), but `{}` is declared \"{sig}\"",
                                step.call
                            ));
                        }
                        if self.alloc.is_none() {
                            return Err(format!(
                                "{at} passes a string or buffer: set `alloc` to the export that allocates it"
                            ));
                        }
                        index += 2;
                    }
                }
            }
            match &step.expect {
                None => {}
                Some(Value::Text(_)) => match self.strings {
                    StringAbi::Packed if sig.results != [WasmType::I64] => {
                        return Err(format!(
                            "{at} expects a string, returned packed in an i64, but `{}` is declared \"{sig}\"",
                            step.call
                        ));
                    }
                    StringAbi::Retptr
                        if !sig.results.is_empty()
                            || sig.params.first() != Some(&WasmType::I32) =>
                    {
                        return Err(format!(
                            "{at} expects a string through a return pointer (first parameter i32, no result), but `{}` is declared \"{sig}\"",
                            step.call
                        ));
                    }
                    StringAbi::Retptr if self.alloc.is_none() => {
                        return Err(format!(
                            "{at}: `strings = \"retptr\"` needs `alloc` to allocate the return area"
                        ));
                    }
                    _ => {}
                },
                Some(v) => {
                    if sig.results.len() != 1 {
                        return Err(format!(
                            "{at} expects {v}, but `{}` returns {} values",
                            step.call,
                            sig.results.len()
                        ));
                    }
                    let ty = sig.results[0];
                    let fits = matches!(
                        (v, ty),
                        (
                            Value::Int(_),
                            WasmType::I32 | WasmType::I64 | WasmType::F32 | WasmType::F64
                        ) | (Value::Float(_), WasmType::F32 | WasmType::F64)
                    );
                    if !fits {
                        return Err(format!(
                            "{at} expects {v}, but `{}` returns {ty}",
                            step.call
                        ));
                    }
                }
            }
            if step.repeat == 0 {
                return Err(format!("{at}: `repeat` is at least 1"));
            }
            for call in step.host_calls.iter().flatten() {
                if self.import_for(&call.call).is_none() {
                    return Err(format!(
                        "{at}: host call `{}` is not declared in `imports`",
                        call.call
                    ));
                }
            }
        }
        Ok(())
    }

    /// The declared import that provides `module.name`: the exact key, else the longest
    /// matching `prefix*` key.
    pub fn import_for(&self, full_name: &str) -> Option<(&str, &ImportSpec)> {
        if let Some((key, spec)) = self.imports.get_key_value(full_name) {
            return Some((key.as_str(), spec));
        }
        self.imports
            .iter()
            .filter_map(|(key, spec)| {
                let prefix = key.strip_suffix('*')?;
                full_name
                    .starts_with(prefix)
                    .then_some((prefix.len(), key.as_str(), spec))
            })
            .max_by_key(|(len, _, _)| *len)
            .map(|(_, key, spec)| (key, spec))
    }
}
