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

fn block_type(ty: Type) -> BlockType {
    val_type(ty).map_or(BlockType::Empty, BlockType::Result)
}

pub fn compile(program: &Program) -> Vec<u8> {
    let mut types = TypeSection::new();
    let mut functions = FunctionSection::new();
    let mut exports = ExportSection::new();
    let mut code = CodeSection::new();
    for (index, f) in program.functions.iter().enumerate() {
        let index = index as u32;
        let params: Vec<ValType> = f.params.iter().filter_map(|p| val_type(p.1)).collect();
        types.ty().function(params, val_type(f.ret));
        functions.function(index);
        exports.export(&f.name, ExportKind::Func, index);
        let locals = f.locals.iter().map(|&ty| (1, val_type(ty).unwrap()));
        let mut body = WasmFunction::new(locals);
        expr(&mut body.instructions(), &f.body);
        body.instructions().end();
        code.function(&body);
    }
    let mut module = Module::new();
    module
        .section(&types)
        .section(&functions)
        .section(&exports)
        .section(&code);
    module.finish()
}

fn expr(out: &mut InstructionSink<'_>, e: &Expr) {
    match &e.kind {
        ExprKind::Int(n) => {
            out.i64_const(*n);
        }
        ExprKind::Bool(b) => {
            out.i32_const(i32::from(*b));
        }
        ExprKind::Var { slot, .. } => {
            out.local_get(*slot);
        }
        ExprKind::Unary(UnOp::Neg, operand) => {
            out.i64_const(0);
            expr(out, operand);
            out.i64_sub();
        }
        ExprKind::Unary(UnOp::Not, operand) => {
            expr(out, operand);
            out.i32_eqz();
        }
        ExprKind::Binary(op, lhs, rhs) => {
            expr(out, lhs);
            expr(out, rhs);
            let bools = lhs.ty == Type::Bool;
            match op {
                BinOp::Add => out.i64_add(),
                BinOp::Sub => out.i64_sub(),
                BinOp::Mul => out.i64_mul(),
                BinOp::Div => out.i64_div_s(),
                BinOp::Rem => out.i64_rem_s(),
                BinOp::Lt => out.i64_lt_s(),
                BinOp::Le => out.i64_le_s(),
                BinOp::Gt => out.i64_gt_s(),
                BinOp::Ge => out.i64_ge_s(),
                BinOp::Eq if bools => out.i32_eq(),
                BinOp::Ne if bools => out.i32_ne(),
                BinOp::Eq => out.i64_eq(),
                BinOp::Ne => out.i64_ne(),
            };
        }
        ExprKind::Call { index, args, .. } => {
            for arg in args {
                expr(out, arg);
            }
            out.call(*index);
        }
        ExprKind::If {
            cond,
            then,
            otherwise,
        } => {
            expr(out, cond);
            out.if_(block_type(e.ty));
            expr(out, then);
            if let Some(other) = otherwise {
                out.else_();
                expr(out, other);
            }
            out.end();
        }
        ExprKind::While { cond, body } => {
            out.block(BlockType::Empty);
            out.loop_(BlockType::Empty);
            expr(out, cond);
            out.i32_eqz();
            out.br_if(1);
            expr(out, body);
            out.br(0);
            out.end();
            out.end();
        }
        ExprKind::Block { stmts, tail } => {
            for s in stmts {
                stmt(out, s);
            }
            if let Some(t) = tail {
                expr(out, t);
            }
        }
    }
}

fn stmt(out: &mut InstructionSink<'_>, s: &Stmt) {
    match s {
        Stmt::Let { slot, value, .. } | Stmt::Assign { slot, value, .. } => {
            expr(out, value);
            out.local_set(*slot);
        }
        Stmt::Expr(e) => {
            expr(out, e);
            if val_type(e.ty).is_some() {
                out.drop();
            }
        }
    }
}
