//! Type checking and name resolution.
//!
//! Fills in every `Expr::ty`, the local slot of every variable, the index of
//! every called function and each function's `locals`. Rules: arithmetic
//! takes and gives `int`; comparisons take two `int`s (`==` and `!=` also
//! two `bool`s) and give `bool`; `!` takes a `bool`; conditions are `bool`;
//! an `if` without `else` is `Unit`, with `else` both branches have one
//! type; a function body has the function's return type; `main` takes no
//! parameters and returns `int`.

use crate::Error;
use crate::ast::*;
use std::collections::HashMap;

struct Signature {
    index: u32,
    params: Vec<Type>,
    ret: Type,
}

struct Checker<'p> {
    signatures: &'p HashMap<String, Signature>,
    /// Innermost scope last: name → (slot, type).
    scopes: Vec<HashMap<String, (u32, Type)>>,
    params: u32,
    locals: Vec<Type>,
}

fn error<T>(line: usize, message: impl Into<String>) -> Result<T, Error> {
    Err(Error::Type {
        line,
        message: message.into(),
    })
}

pub fn check(program: &mut Program) -> Result<(), Error> {
    let mut signatures = HashMap::new();
    for (i, f) in program.functions.iter().enumerate() {
        let sig = Signature {
            index: i as u32,
            params: f.params.iter().map(|p| p.1).collect(),
            ret: f.ret,
        };
        if signatures.insert(f.name.clone(), sig).is_some() {
            return error(f.line, format!("function `{}` is defined twice", f.name));
        }
    }
    match signatures.get("main") {
        Some(main) if main.params.is_empty() && main.ret == Type::Int => {}
        Some(_) => return error(1, "`main` must take no parameters and return int"),
        None => return error(1, "no function `main`"),
    }
    for f in &mut program.functions {
        let mut scope = HashMap::new();
        for (slot, (name, ty)) in f.params.iter().enumerate() {
            scope.insert(name.clone(), (slot as u32, *ty));
        }
        let mut c = Checker {
            signatures: &signatures,
            scopes: vec![scope],
            params: f.params.len() as u32,
            locals: Vec::new(),
        };
        let ty = c.expr(&mut f.body)?;
        if ty != f.ret {
            return error(
                f.line,
                format!("`{}` returns {:?} but its body is {ty:?}", f.name, f.ret),
            );
        }
        f.locals = c.locals;
    }
    Ok(())
}

impl Checker<'_> {
    fn lookup(&self, name: &str, line: usize) -> Result<(u32, Type), Error> {
        match self.scopes.iter().rev().find_map(|s| s.get(name)) {
            Some(&found) => Ok(found),
            None => error(line, format!("unknown variable `{name}`")),
        }
    }

    fn expect(&mut self, e: &mut Expr, want: Type, what: &str) -> Result<(), Error> {
        let got = self.expr(e)?;
        if got == want {
            Ok(())
        } else {
            error(e.line, format!("{what} must be {want:?}, found {got:?}"))
        }
    }

    fn expr(&mut self, e: &mut Expr) -> Result<Type, Error> {
        let line = e.line;
        let ty = match &mut e.kind {
            ExprKind::Int(_) => Type::Int,
            ExprKind::Bool(_) => Type::Bool,
            ExprKind::Var { name, slot } => {
                let (s, ty) = self.lookup(name, line)?;
                *slot = s;
                ty
            }
            ExprKind::Unary(op, operand) => {
                let ty = match op {
                    UnOp::Neg => Type::Int,
                    UnOp::Not => Type::Bool,
                };
                self.expect(operand, ty, "the operand")?;
                ty
            }
            ExprKind::Binary(op, lhs, rhs) => {
                let l = self.expr(lhs)?;
                let r = self.expr(rhs)?;
                match op {
                    BinOp::Eq | BinOp::Ne if l == r && l != Type::Unit => Type::Bool,
                    _ if l != Type::Int || r != Type::Int => {
                        return error(line, format!("{op:?} on {l:?} and {r:?}"));
                    }
                    BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Rem => Type::Int,
                    _ => Type::Bool,
                }
            }
            ExprKind::Call { name, index, args } => {
                let Some(sig) = self.signatures.get(name.as_str()) else {
                    return error(line, format!("unknown function `{name}`"));
                };
                if sig.params.len() != args.len() {
                    return error(
                        line,
                        format!(
                            "`{name}` takes {} argument(s), {} given",
                            sig.params.len(),
                            args.len()
                        ),
                    );
                }
                *index = sig.index;
                let (params, ret) = (sig.params.clone(), sig.ret);
                for (arg, want) in args.iter_mut().zip(params) {
                    self.expect(arg, want, "an argument")?;
                }
                ret
            }
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => {
                self.expect(cond, Type::Bool, "a condition")?;
                let t = self.expr(then)?;
                match otherwise {
                    None => Type::Unit,
                    Some(o) => {
                        let other = self.expr(o)?;
                        if other != t {
                            return error(line, format!("if branches differ: {t:?} and {other:?}"));
                        }
                        t
                    }
                }
            }
            ExprKind::While { cond, body } => {
                self.expect(cond, Type::Bool, "a condition")?;
                self.expect(body, Type::Unit, "a loop body")?;
                Type::Unit
            }
            ExprKind::Block { stmts, tail } => {
                self.scopes.push(HashMap::new());
                for stmt in stmts {
                    self.stmt(stmt)?;
                }
                let ty = match tail {
                    Some(t) => self.expr(t)?,
                    None => Type::Unit,
                };
                self.scopes.pop();
                ty
            }
        };
        e.ty = ty;
        Ok(ty)
    }

    fn stmt(&mut self, stmt: &mut Stmt) -> Result<(), Error> {
        match stmt {
            Stmt::Let { name, slot, value } => {
                let ty = self.expr(value)?;
                if ty == Type::Unit {
                    return error(value.line, format!("`{name}` would have no value"));
                }
                *slot = self.params + self.locals.len() as u32;
                self.locals.push(ty);
                self.scopes
                    .last_mut()
                    .unwrap()
                    .insert(name.clone(), (*slot, ty));
            }
            Stmt::Assign { name, slot, value } => {
                let (s, ty) = self.lookup(name, value.line)?;
                *slot = s;
                self.expect(value, ty, "the assigned value")?;
            }
            Stmt::Expr(e) => {
                self.expr(e)?;
            }
        }
        Ok(())
    }
}
