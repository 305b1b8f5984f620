//! The checked syntax tree to a WebAssembly module.
//!
//! Function `i` of the program is wasm function `i`, with type `i`, exported
//! under its name. Its parameters are wasm locals `0..params`, and the
//! checker numbered every `let` after them (`Function::locals` gives their
//! types). `int` is `i64`, `bool` is `i32`, and a `Unit` expression leaves
//! nothing on the operand stack.
//!
//! The instructions each construct needs (see `wasm_encoder::InstructionSink`):
//! - literals: `i64_const`, `i32_const`; variables: `local_get`/`local_set`;
//! - `int` arithmetic: `i64_add`, `i64_sub`, `i64_mul`, `i64_div_s` (traps on
//!   division by zero), `i64_rem_s`; negation is `0 - x`;
//! - comparisons give an `i32`: `i64_lt_s`, `i64_le_s`, `i64_gt_s`,
//!   `i64_ge_s`, `i64_eq`, `i64_ne`, and `i32_eq`/`i32_ne` for two `bool`s;
//!   `!` is `i32_eqz`;
//! - `if`: the condition, then `if_(BlockType)` (the block type is the
//!   expression's type, or `Empty`), the branch, `else_`, the other, `end`;
//! - `while`: `block`, `loop_`, the condition, `i32_eqz`, `br_if(1)` (leave
//!   the block), the body, `br(0)` (back to the loop), `end`, `end`;
//! - a statement whose expression has a value must `drop` it.

// The names you will need; remove the `allow`s as you use them.
#![allow(unused_imports, dead_code)]

use crate::ast::*;
use wasm_encoder::{
    BlockType, CodeSection, ExportKind, ExportSection, Function as WasmFunction, FunctionSection,
    InstructionSink, Module, TypeSection, ValType,
};

/// The wasm type of a value of `ty`; `None` for `Unit`.
fn val_type(ty: Type) -> Option<ValType> {
    match ty {
        Type::Int => Some(ValType::I64),
        Type::Bool => Some(ValType::I32),
        Type::Unit | Type::Unknown => None,
    }
}

/// TODO: the module: for each function of the program a type, a function,
/// an export and a body. `WasmFunction::new(locals)` takes `(count, type)`
/// pairs for the locals after the parameters; every body ends with `end`.
pub fn compile(program: &Program) -> Vec<u8> {
    let _ = program;
    todo!("codegen::compile")
}
