//! The host: loads a module in wasmi with fuel metering and a memory limit, provides the
//! imports the spec declares (recording every call), checks the exports and runs the steps.

use std::collections::HashMap;

use wasmi::{
    Config, Engine, Extern, ExternType, Func, FuncType, Instance, Linker, Memory, Module, Store,
    StoreLimits, StoreLimitsBuilder, TrapCode, Val, ValType,
};

use super::report::WasmFailure;
use super::spec::{
    Arg, ByteSize, ExportSpec, ImportSpec, Signature, Step, StringAbi, Value, WasmSpec, WasmType,
    group_digits, quote,
};

/// Runs every check of `spec` on `bytes`, pushing a line to `passed` for each that passes.
pub(super) fn run(
    bytes: &[u8],
    spec: &WasmSpec,
    passed: &mut Vec<String>,
) -> Result<(), WasmFailure> {
    let mut config = Config::default();
    config.consume_fuel(true);
    let engine = Engine::new(&config);
    let module = Module::new(&engine, bytes).map_err(|e| WasmFailure::InvalidModule {
        // The validator's messages may span lines (byte dumps): keep them on one.
        error: e
            .to_string()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    })?;
    passed.push(format!(
        "a valid WebAssembly module of {} bytes",
        group_digits(bytes.len() as u64)
    ));

    let linker = link_imports(&engine, &module, spec, passed)?;
    let names = check_exports(&module, spec, passed)?;

    let mut store = Store::new(
        &engine,
        HostState {
            // A refused memory.grow traps (GrowthOperationLimited) instead of returning -1, so
            // that the failure names the limit rather than the panic of a failed allocation.
            limits: StoreLimitsBuilder::new()
                .memory_size(usize::try_from(spec.max_memory.0).unwrap_or(usize::MAX))
                .trap_on_grow_failure(true)
                .build(),
            calls: Vec::new(),
            counts: HashMap::new(),
            problem: None,
        },
    );
    store.limiter(|state| &mut state.limits);
    store
        .set_fuel(spec.fuel)
        .expect("fuel metering is enabled in the engine's config");
    let instance = match linker.instantiate_and_start(&mut store, &module) {
        Ok(instance) => instance,
        Err(error) => {
            let initial = match module.get_export("memory") {
                Some(ExternType::Memory(ty)) => ty.minimum().saturating_mul(65_536),
                _ => 0,
            };
            let error = if initial > spec.max_memory.0 {
                format!(
                    "its memory starts at {}, over the limit of {} (the course's `max_memory` is too small)",
                    ByteSize(initial),
                    spec.max_memory
                )
            } else {
                error.to_string()
            };
            return Err(WasmFailure::Instantiation { error });
        }
    };
    let memory = instance.get_memory(&store, "memory");

    let mut session = Session {
        spec,
        names,
        store,
        instance,
        memory,
    };
    for step in &spec.steps {
        session.run_step(step, passed)?;
    }

    if let Some(max) = spec.max_bytes {
        let size = bytes.len() as u64;
        if size > max.0 {
            return Err(WasmFailure::TooBig { size, max });
        }
        passed.push(format!(
            "{} bytes, within the budget of {max}",
            group_digits(size)
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Host state: the memory limiter and the record of host calls

/// The data of the store.
struct HostState {
    limits: StoreLimits,
    /// The host calls made during the current call into the module.
    calls: Vec<Observed>,
    /// How many times each import has been called, for its `returns`.
    counts: HashMap<String, usize>,
    /// Set when a host function refused its arguments: (import, what is wrong).
    problem: Option<(String, String)>,
}

/// A value the module passed to the host or returned.
#[derive(Clone, Debug, PartialEq)]
enum Recorded {
    I32(i32),
    I64(i64),
    F32(f32),
    F64(f64),
    Text(String),
    Other(String),
}

/// A call the module made to a host function.
#[derive(Clone, Debug)]
struct Observed {
    import: String,
    args: Vec<Recorded>,
}

impl Recorded {
    fn from_val(v: &Val) -> Recorded {
        match v {
            Val::I32(n) => Recorded::I32(*n),
            Val::I64(n) => Recorded::I64(*n),
            Val::F32(x) => Recorded::F32(f32::from(*x)),
            Val::F64(x) => Recorded::F64(f64::from(*x)),
            other => Recorded::Other(format!("{:?}", other.ty())),
        }
    }

    /// Whether it is the value written in the spec. An `i32` matches whether the spec writes
    /// it signed or unsigned.
    fn matches(&self, expected: &Value) -> bool {
        match (expected, self) {
            (Value::Int(e), Recorded::I32(a)) => *e == i64::from(*a) || *e == i64::from(*a as u32),
            (Value::Int(e), Recorded::I64(a)) => e == a,
            (Value::Int(e), Recorded::F32(a)) => *e as f64 == f64::from(*a),
            (Value::Int(e), Recorded::F64(a)) => *e as f64 == *a,
            (Value::Float(e), Recorded::F32(a)) => close(*e, f64::from(*a), 1e-6),
            (Value::Float(e), Recorded::F64(a)) => close(*e, *a, 1e-12),
            (Value::Text(e), Recorded::Text(a)) => e == a,
            _ => false,
        }
    }

    /// The value as the learner would read it next to `expected`: an `i32` shown unsigned
    /// when the expectation is written unsigned above `i32::MAX`.
    fn show_like(&self, expected: Option<&Value>) -> String {
        match (self, expected) {
            (Recorded::I32(a), Some(Value::Int(e))) if *e > i64::from(i32::MAX) => {
                (*a as u32).to_string()
            }
            _ => self.to_string(),
        }
    }
}

fn close(expected: f64, actual: f64, relative: f64) -> bool {
    expected == actual
        || (expected.is_nan() && actual.is_nan())
        || (expected - actual).abs() <= relative * expected.abs().max(1.0)
}

impl std::fmt::Display for Recorded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Recorded::I32(n) => write!(f, "{n}"),
            Recorded::I64(n) => write!(f, "{n}"),
            Recorded::F32(x) => write!(f, "{x:?}"),
            Recorded::F64(x) => write!(f, "{x:?}"),
            Recorded::Text(s) => f.write_str(&quote(s)),
            Recorded::Other(s) => f.write_str(s),
        }
    }
}

impl std::fmt::Display for Observed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let args: Vec<String> = self.args.iter().map(ToString::to_string).collect();
        write!(f, "{}({})", self.import, args.join(", "))
    }
}

// ---------------------------------------------------------------------------------------------
// Imports and exports

fn wasm_type(ty: &ValType) -> WasmType {
    match ty {
        ValType::I32 => WasmType::I32,
        ValType::I64 => WasmType::I64,
        ValType::F32 => WasmType::F32,
        ValType::F64 => WasmType::F64,
        ValType::V128 => WasmType::V128,
        ValType::FuncRef => WasmType::FuncRef,
        ValType::ExternRef => WasmType::ExternRef,
    }
}

fn signature(ty: &FuncType) -> Signature {
    Signature {
        params: ty.params().iter().map(wasm_type).collect(),
        results: ty.results().iter().map(wasm_type).collect(),
    }
}

fn describe(ty: &ExternType) -> String {
    match ty {
        ExternType::Func(f) => format!("a function {}", signature(f)),
        ExternType::Memory(_) => "a memory".into(),
        ExternType::Table(_) => "a table".into(),
        ExternType::Global(_) => "a global".into(),
    }
}

/// Checks the module's imports against the spec and defines a recording host function for
/// each.
fn link_imports(
    engine: &Engine,
    module: &Module,
    spec: &WasmSpec,
    passed: &mut Vec<String>,
) -> Result<Linker<HostState>, WasmFailure> {
    let mut linker = Linker::new(engine);
    let mut names = Vec::new();
    for import in module.imports() {
        let full = format!("{}.{}", import.module(), import.name());
        let unexpected = || WasmFailure::UnexpectedImport {
            import: full.clone(),
            kind: describe(import.ty()),
            provided: spec
                .imports
                .iter()
                .map(|(key, i)| match &i.signature {
                    Some(sig) => format!("{key} {sig}"),
                    None => key.clone(),
                })
                .collect(),
        };
        let Some((_, import_spec)) = spec.import_for(&full) else {
            return Err(unexpected());
        };
        let ExternType::Func(ty) = import.ty() else {
            return Err(unexpected());
        };
        let found = signature(ty);
        if let Some(expected) = &import_spec.signature
            && *expected != found
        {
            return Err(WasmFailure::ImportSignature {
                import: full,
                expected: expected.clone(),
                found,
            });
        }
        if import_spec.text && !found.params.starts_with(&[WasmType::I32, WasmType::I32]) {
            return Err(WasmFailure::ImportSignature {
                import: full,
                expected: Signature {
                    params: vec![WasmType::I32, WasmType::I32],
                    results: found.results.clone(),
                },
                found,
            });
        }
        define_host_func(
            &mut linker,
            import.module(),
            import.name(),
            ty.clone(),
            &full,
            import_spec,
        );
        names.push(full);
    }
    passed.push(if names.is_empty() {
        "imports nothing from the host".to_owned()
    } else {
        format!("imports only what the host provides: {}", names.join(", "))
    });
    Ok(linker)
}

fn define_host_func(
    linker: &mut Linker<HostState>,
    module: &str,
    name: &str,
    ty: FuncType,
    full: &str,
    spec: &ImportSpec,
) {
    let full = full.to_owned();
    let text = spec.text;
    let returns = spec.returns.clone();
    let result_types = ty.results().to_vec();
    linker
        .func_new(module, name, ty, move |mut caller, params, results| {
            let mut args = Vec::new();
            let mut rest = params;
            if text {
                let (ptr, len) = (as_u32(&params[0]), as_u32(&params[1]));
                let memory = caller.get_export("memory").and_then(Extern::into_memory);
                let read = match memory {
                    Some(memory) => read_text(memory.data(&caller), ptr, len),
                    None => Err("a text argument, but the module exports no `memory`".to_owned()),
                };
                match read {
                    Ok(s) => args.push(Recorded::Text(s)),
                    Err(problem) => {
                        caller.data_mut().problem = Some((full.clone(), problem));
                        return Err(wasmi::Error::new("the host refused the call"));
                    }
                }
                rest = &params[2..];
            }
            args.extend(rest.iter().map(Recorded::from_val));
            let state = caller.data_mut();
            let count = state.counts.entry(full.clone()).or_default();
            let answer = returns.get(*count).or(returns.last());
            *count += 1;
            state.calls.push(Observed {
                import: full.clone(),
                args,
            });
            for (slot, ty) in results.iter_mut().zip(&result_types) {
                *slot = match answer {
                    Some(v) => to_val(v, wasm_type(ty)),
                    None => Val::default_for_ty(*ty),
                };
            }
            Ok(())
        })
        .expect("each import of a module is defined once");
}

fn as_u32(v: &Val) -> u32 {
    v.i32().unwrap_or_default() as u32
}

/// The UTF-8 text at `ptr..ptr + len` in `memory`, or what is wrong with it.
fn read_text(memory: &[u8], ptr: u32, len: u32) -> Result<String, String> {
    let bytes = slice(memory, ptr, len)?;
    String::from_utf8(bytes.to_vec())
        .map_err(|e| format!("text at {ptr} of length {len} that is not UTF-8 ({e})."))
}

fn slice(memory: &[u8], ptr: u32, len: u32) -> Result<&[u8], String> {
    let end = u64::from(ptr) + u64::from(len);
    if end > memory.len() as u64 {
        return Err(format!(
            "pointer {ptr} and length {len}, which end at {end}, past the end of the memory ({} bytes).",
            group_digits(memory.len() as u64)
        ));
    }
    Ok(&memory[ptr as usize..end as usize])
}

/// A spec value as a parameter of type `ty` (validated beforehand).
fn to_val(v: &Value, ty: WasmType) -> Val {
    match (v, ty) {
        (Value::Int(n), WasmType::I32) => Val::I32(*n as i32),
        (Value::Int(n), WasmType::I64) => Val::I64(*n),
        (Value::Int(n), WasmType::F32) => Val::F32((*n as f32).into()),
        (Value::Int(n), WasmType::F64) => Val::F64((*n as f64).into()),
        (Value::Float(x), WasmType::F32) => Val::F32((*x as f32).into()),
        (Value::Float(x), WasmType::F64) => Val::F64((*x).into()),
        (Value::Float(x), WasmType::I32) => Val::I32(*x as i32),
        (Value::Float(x), WasmType::I64) => Val::I64(*x as i64),
        _ => Val::I32(0),
    }
}

/// Checks the expected exports; returns the name of the export each key of `exports` stands
/// for (a key ending in `*` stands for the one export whose name starts with the rest).
fn check_exports(
    module: &Module,
    spec: &WasmSpec,
    passed: &mut Vec<String>,
) -> Result<HashMap<String, String>, WasmFailure> {
    let all: Vec<String> = module.exports().map(|e| e.name().to_owned()).collect();
    let mut names = HashMap::new();
    for (key, expected) in &spec.exports {
        let name = match key.strip_suffix('*') {
            None => key.clone(),
            Some(prefix) => {
                let matching: Vec<&String> = all.iter().filter(|n| n.starts_with(prefix)).collect();
                match matching.as_slice() {
                    [one] => (*one).clone(),
                    [] => key.clone(),
                    several => {
                        return Err(WasmFailure::WrongExport {
                            name: key.clone(),
                            expected: expected.clone(),
                            found: format!(
                                "several exports ({}), where one was expected",
                                several
                                    .iter()
                                    .map(|n| format!("`{n}`"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        });
                    }
                }
            }
        };
        let Some(found) = module.get_export(&name) else {
            return Err(WasmFailure::MissingExport {
                name: key.clone(),
                expected: expected.clone(),
                exports: all,
            });
        };
        let ok = match (expected, &found) {
            (ExportSpec::Memory, ExternType::Memory(_)) => true,
            (ExportSpec::Func(sig), ExternType::Func(ty)) => *sig == signature(ty),
            _ => false,
        };
        if !ok {
            return Err(WasmFailure::WrongExport {
                name,
                expected: expected.clone(),
                found: describe(&found),
            });
        }
        passed.push(match expected {
            ExportSpec::Memory => format!("exports its memory as `{name}`"),
            ExportSpec::Func(sig) => format!("exports `{name}` {sig}"),
        });
        names.insert(key.clone(), name);
    }
    Ok(names)
}

// ---------------------------------------------------------------------------------------------
// Steps

struct Session<'a> {
    spec: &'a WasmSpec,
    /// The export each key of `spec.exports` stands for.
    names: HashMap<String, String>,
    store: Store<HostState>,
    instance: Instance,
    memory: Option<Memory>,
}

/// A host allocation made for one call: where, how many bytes, with which alignment.
#[derive(Clone, Copy)]
struct Allocation {
    ptr: u32,
    size: u32,
    align: u32,
}

impl Session<'_> {
    /// The function exported under `key` (a key of `spec.exports`).
    fn func(&self, key: &str) -> Func {
        let name = self.names.get(key).map_or(key, String::as_str);
        self.instance
            .get_func(&self.store, name)
            .expect("exports are checked before the steps run")
    }

    fn memory_data(&self) -> &[u8] {
        self.memory.map(|m| m.data(&self.store)).unwrap_or_default()
    }

    /// Calls `func` with fuel and a clean record of host calls; turns every way it can fail
    /// into a [`WasmFailure`] about `call`.
    fn call(
        &mut self,
        func: &Func,
        params: &[Val],
        call: &str,
        note: &Option<String>,
    ) -> Result<Vec<Val>, WasmFailure> {
        let ty = func.ty(&self.store);
        let mut results: Vec<Val> = ty
            .results()
            .iter()
            .map(|t| Val::default_for_ty(*t))
            .collect();
        self.store
            .set_fuel(self.spec.fuel)
            .expect("fuel metering is enabled in the engine's config");
        self.store.data_mut().problem = None;
        let outcome = func.call(&mut self.store, params, &mut results);
        let Err(error) = outcome else {
            return Ok(results);
        };
        if let Some((import, problem)) = self.store.data_mut().problem.take() {
            return Err(WasmFailure::BadHostCall {
                call: call.to_owned(),
                import,
                problem,
            });
        }
        Err(match error.as_trap_code() {
            Some(TrapCode::GrowthOperationLimited) => WasmFailure::MemoryLimit {
                call: call.to_owned(),
                limit: self.spec.max_memory,
                size: self.memory_data().len() as u64,
                note: note.clone(),
            },
            Some(TrapCode::OutOfFuel) => WasmFailure::OutOfFuel {
                call: call.to_owned(),
                fuel: self.spec.fuel,
                note: note.clone(),
            },
            Some(code) => WasmFailure::Trap {
                call: call.to_owned(),
                message: code.trap_message().to_owned(),
                explanation: explain_trap(code).to_owned(),
                note: note.clone(),
            },
            None => WasmFailure::Trap {
                call: call.to_owned(),
                message: error.to_string(),
                explanation: String::new(),
                note: note.clone(),
            },
        })
    }

    /// Asks the module's `alloc` for `size` bytes for an argument of `call`, and checks that
    /// the host can use them: not null, aligned, inside the memory, apart from the buffers
    /// already allocated for this call.
    fn alloc(
        &mut self,
        size: u32,
        align: u32,
        call: &str,
        live: &mut Vec<Allocation>,
    ) -> Result<Allocation, WasmFailure> {
        let name = self
            .spec
            .alloc
            .clone()
            .expect("validated: buffers need `alloc`");
        let func = self.func(&name);
        let takes_align = func.ty(&self.store).params().len() == 2;
        let (params, alloc_call) = if takes_align {
            (
                vec![Val::I32(size as i32), Val::I32(align as i32)],
                format!("`{name}({size}, {align})`"),
            )
        } else {
            (vec![Val::I32(size as i32)], format!("`{name}({size})`"))
        };
        let results = self.call(
            &func,
            &params,
            &format!("{alloc_call}, asked for an argument of {call},"),
            &None,
        )?;
        let ptr = as_u32(&results[0]);
        let bad = |problem: String| WasmFailure::BadAlloc {
            alloc: alloc_call.clone(),
            call: call.to_owned(),
            problem,
        };
        if size > 0 && ptr == 0 {
            return Err(bad(
                "returned 0, a null pointer: the host has nowhere to write the argument.".into(),
            ));
        }
        if takes_align && !ptr.is_multiple_of(align) {
            return Err(bad(format!(
                "returned {ptr}, which is not a multiple of {align}: the memory must be aligned as \
                 the host asked. Build the `Layout` from the size and the alignment you are given."
            )));
        }
        let memory_size = self.memory_data().len() as u64;
        let end = u64::from(ptr) + u64::from(size);
        if size > 0 && end > memory_size {
            return Err(bad(format!(
                "returned {ptr}, but {} from there would end at {end}, past the end of the memory ({} bytes).",
                plural(u64::from(size), "byte"),
                group_digits(memory_size)
            )));
        }
        if size > 0
            && let Some(other) = live.iter().find(|a| {
                a.size > 0
                    && u64::from(a.ptr) < end
                    && u64::from(ptr) < u64::from(a.ptr) + u64::from(a.size)
            })
        {
            return Err(bad(format!(
                "returned {ptr}, inside the {} at {} that it returned just before for \
                     this same call, which the host is still using. That first allocation was freed \
                     too early: a `Vec` or `Box` dropped at the end of `alloc` gives its memory back. \
                     Keep the allocation alive (`std::mem::forget`, `Box::into_raw`) until `dealloc` \
                     frees it.",
                plural(u64::from(other.size), "byte"),
                other.ptr
            )));
        }
        let allocation = Allocation { ptr, size, align };
        live.push(allocation);
        Ok(allocation)
    }

    /// Frees `allocation` (`what` it is: "the string returned", "argument 1") after `call`.
    fn dealloc(
        &mut self,
        allocation: Allocation,
        what: &str,
        call: &str,
    ) -> Result<(), WasmFailure> {
        let Some(name) = self.spec.dealloc.clone() else {
            return Ok(());
        };
        let func = self.func(&name);
        let takes_align = func.ty(&self.store).params().len() == 3;
        let Allocation { ptr, size, align } = allocation;
        let mut params = vec![Val::I32(ptr as i32), Val::I32(size as i32)];
        let mut dealloc_call = format!("`{name}({ptr}, {size}");
        if takes_align {
            params.push(Val::I32(align as i32));
            dealloc_call.push_str(&format!(", {align}"));
        }
        dealloc_call.push_str(")`");
        match self.call(&func, &params, &dealloc_call, &None) {
            Ok(_) => Ok(()),
            Err(WasmFailure::Trap { message, .. }) => Err(WasmFailure::FreeFailed {
                dealloc: dealloc_call,
                what: what.to_owned(),
                call: call.to_owned(),
                message,
            }),
            Err(other) => Err(other),
        }
    }

    fn write(&mut self, ptr: u32, bytes: &[u8]) {
        if let Some(memory) = self.memory {
            memory
                .write(&mut self.store, ptr as usize, bytes)
                .expect("alloc's pointer was checked to be inside the memory");
        }
    }

    fn run_step(&mut self, step: &Step, passed: &mut Vec<String>) -> Result<(), WasmFailure> {
        let func = self.func(&step.call);
        let ty = func.ty(&self.store);
        let wants_text = matches!(step.expect, Some(Value::Text(_)));
        let retptr = wants_text && self.spec.strings == StringAbi::Retptr;
        let mut last_result = String::new();
        let mut last_calls = Vec::new();
        for repetition in 1..=step.repeat {
            let call = if step.repeat > 1 {
                format!("`{step}` (call {repetition} of {})", step.repeat)
            } else {
                format!("`{step}`")
            };
            self.store.data_mut().calls.clear();
            let mut live = Vec::new();
            let mut params = Vec::new();
            let ret_area = if retptr {
                let area = self.alloc(8, 4, &call, &mut live)?;
                self.write(area.ptr, &[0; 8]);
                params.push(Val::I32(area.ptr as i32));
                Some(area)
            } else {
                None
            };
            let mut buffers = Vec::new();
            for (index, arg) in step.args.iter().enumerate() {
                match arg {
                    Arg::Value(v) => {
                        let ty = wasm_type(&ty.params()[params.len()]);
                        params.push(to_val(v, ty));
                    }
                    Arg::Buffer(buffer) => {
                        let bytes = buffer.data.to_bytes();
                        let allocation =
                            self.alloc(bytes.len() as u32, buffer.data.align(), &call, &mut live)?;
                        self.write(allocation.ptr, &bytes);
                        params.push(Val::I32(allocation.ptr as i32));
                        params.push(Val::I32(buffer.data.len_param() as i32));
                        buffers.push((index, allocation, buffer));
                    }
                }
            }

            let results = self.call(&func, &params, &call, &step.note)?;

            match &step.expect {
                Some(Value::Text(expected)) => {
                    let (ptr, len) = match ret_area {
                        Some(area) => {
                            let bytes = slice(self.memory_data(), area.ptr, 8)
                                .expect("the return area was checked")
                                .to_vec();
                            (
                                u32::from_le_bytes(bytes[..4].try_into().expect("4 bytes")),
                                u32::from_le_bytes(bytes[4..].try_into().expect("4 bytes")),
                            )
                        }
                        None => {
                            let packed = results[0].i64().unwrap_or_default() as u64;
                            ((packed >> 32) as u32, packed as u32)
                        }
                    };
                    let text = self.read_result_text(ptr, len, &call, step)?;
                    if text != *expected {
                        return Err(WasmFailure::WrongText {
                            call,
                            expected: expected.clone(),
                            actual: text,
                            note: step.note.clone(),
                        });
                    }
                    let frees_results = self.spec.free_results && self.spec.dealloc.is_some();
                    let inside = live.iter().find(|a| {
                        len > 0
                            && a.size > 0
                            && ptr < a.ptr.saturating_add(a.size)
                            && a.ptr < ptr.saturating_add(len)
                    });
                    if let (Some(buffer), true) = (inside, frees_results) {
                        return Err(WasmFailure::BadString {
                            call,
                            problem: format!(
                                "it lies inside the {} at {} that the host allocated for the \
                                 arguments, and frees itself after the call. The host frees the \
                                 string it gets back too: return a new allocation (an owned \
                                 `String` or `Box<str>` given away), not a slice of the input.",
                                plural(u64::from(buffer.size), "byte"),
                                buffer.ptr
                            ),
                            note: step.note.clone(),
                        });
                    }
                    last_result = format!(" = {}", quote(&text));
                    if self.spec.free_results {
                        self.dealloc(
                            Allocation {
                                ptr,
                                size: len,
                                align: 1,
                            },
                            "the string returned by",
                            &call,
                        )?;
                    }
                }
                Some(expected) => {
                    let actual = Recorded::from_val(&results[0]);
                    if !actual.matches(expected) {
                        return Err(WasmFailure::WrongResult {
                            call,
                            expected: expected.to_string(),
                            actual: actual.show_like(Some(expected)),
                            note: step.note.clone(),
                        });
                    }
                    last_result = format!(" = {}", actual.show_like(Some(expected)));
                }
                None => {}
            }

            for (index, allocation, buffer) in &buffers {
                let Some(after) = &buffer.after else {
                    continue;
                };
                let bytes = slice(self.memory_data(), allocation.ptr, allocation.size)
                    .expect("the buffer was checked to be inside the memory");
                let actual = buffer.data.like_from_bytes(bytes);
                if !after.same_as(&actual) {
                    return Err(WasmFailure::WrongBuffer {
                        call,
                        arg: index + 1,
                        expected: after.to_string(),
                        actual: actual.to_string(),
                        note: step.note.clone(),
                    });
                }
            }

            if let Some(expected) = &step.host_calls {
                let actual = &self.store.data().calls;
                let same = expected.len() == actual.len()
                    && expected.iter().zip(actual).all(|(e, a)| {
                        name_matches(&e.call, &a.import)
                            && e.args.len() == a.args.len()
                            && e.args.iter().zip(&a.args).all(|(e, a)| a.matches(e))
                    });
                if !same {
                    return Err(WasmFailure::HostCalls {
                        call,
                        expected: expected.iter().map(ToString::to_string).collect(),
                        actual: actual.iter().map(ToString::to_string).collect(),
                        note: step.note.clone(),
                    });
                }
            }

            last_calls = self
                .store
                .data()
                .calls
                .iter()
                .map(ToString::to_string)
                .collect();
            if let Some(area) = ret_area {
                self.dealloc(area, "the return area of", &call)?;
            }
            if self.spec.free_args {
                for (index, allocation, _) in buffers {
                    self.dealloc(allocation, &format!("argument {} of", index + 1), &call)?;
                }
            }
        }

        let mut line = step.to_string();
        if step.repeat > 1 {
            line.push_str(&format!(" ×{}", step.repeat));
        }
        line.push_str(&last_result);
        if step.host_calls.is_some() {
            if last_calls.is_empty() {
                line.push_str(", no host calls");
            } else {
                line.push_str(&format!(", host saw {}", last_calls.join(", ")));
            }
        }
        if let Some(note) = &step.note {
            line.push_str(&format!(" ({note})"));
        }
        passed.push(line);
        Ok(())
    }

    fn read_result_text(
        &self,
        ptr: u32,
        len: u32,
        call: &str,
        step: &Step,
    ) -> Result<String, WasmFailure> {
        let abi = match self.spec.strings {
            StringAbi::Packed => {
                "The function returns `((ptr as u64) << 32) | len as u64`: the pointer in the high \
                 32 bits, the length in bytes in the low 32."
            }
            StringAbi::Retptr => {
                "The function writes the pointer, then the length in bytes, as two `u32`s at the \
                 address it receives first."
            }
        };
        let bad = |problem: String| WasmFailure::BadString {
            call: call.to_owned(),
            problem: format!("{problem}\n{abi}"),
            note: step.note.clone(),
        };
        let bytes = slice(self.memory_data(), ptr, len).map_err(|e| bad(format!("it has {e}")))?;
        if ptr == 0 && len > 0 {
            return Err(bad(format!("its pointer is 0 (null), with length {len}.")));
        }
        String::from_utf8(bytes.to_vec()).map_err(|e| {
            bad(format!(
                "the {len} bytes at {ptr} are not UTF-8 ({e}); the first are {:?}.",
                &bytes[..bytes.len().min(16)]
            ))
        })
    }
}

/// `1 byte`, `2 bytes`.
fn plural(n: u64, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{} {unit}s", group_digits(n))
    }
}

/// Whether an expected host call name (`module.name`, or a prefix ending in `*`) names the
/// import that was called.
fn name_matches(expected: &str, actual: &str) -> bool {
    match expected.strip_suffix('*') {
        Some(prefix) => actual.starts_with(prefix),
        None => expected == actual,
    }
}

fn explain_trap(code: TrapCode) -> &'static str {
    match code {
        TrapCode::UnreachableCodeReached => {
            "In a module built with panic = \"abort\", a panic ends as this `unreachable` \
             instruction. Look on this path for an `unwrap()` or `expect()` that fails, an index \
             out of bounds, an arithmetic overflow, a `todo!()` or `unimplemented!()`, or an \
             allocation that failed."
        }
        TrapCode::MemoryOutOfBounds => {
            "The module read or wrote outside its linear memory: a pointer or a length is wrong. \
             Is a length counted in bytes or in elements? Is the pointer still the one the host \
             passed?"
        }
        TrapCode::IntegerDivisionByZero => "An integer was divided by zero.",
        TrapCode::IntegerOverflow => "A signed division overflowed (`i32::MIN / -1`).",
        TrapCode::StackOverflow => {
            "The call stack overflowed: a recursion that never ends, or that goes too deep."
        }
        TrapCode::IndirectCallToNull | TrapCode::TableOutOfBounds | TrapCode::BadSignature => {
            "A call through a function pointer or a trait object went wrong."
        }
        TrapCode::BadConversionToInteger => {
            "A float was converted to an integer it does not fit (or NaN) by an instruction that traps."
        }
        _ => "",
    }
}
