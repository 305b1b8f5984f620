//! Tokens to a syntax tree, by recursive descent.
//!
//! ```text
//! program    = function*
//! function   = "fn" IDENT "(" (param ("," param)*)? ")" ("->" type)? block
//! param      = IDENT ":" type
//! type       = "int" | "bool"
//! block      = "{" stmt* expr? "}"
//! stmt       = "let" IDENT "=" expr ";" | IDENT "=" expr ";"
//!            | "while" expr block | expr ";"
//! expr       = additive (("<" | "<=" | ">" | ">=" | "==" | "!=") additive)?
//! additive   = term (("+" | "-") term)*
//! term       = unary (("*" | "/" | "%") unary)*
//! unary      = ("-" | "!") unary | primary
//! primary    = INT | "true" | "false" | IDENT | IDENT "(" args ")"
//!            | "(" expr ")" | block | "if" expr block ("else" (block | if))?
//! ```

use crate::Error;
use crate::ast::*;
use crate::lexer::{Tok, Token};

struct Parser<'t> {
    tokens: &'t [Token],
    pos: usize,
}

pub fn parse(tokens: &[Token]) -> Result<Program, Error> {
    let mut p = Parser { tokens, pos: 0 };
    let mut functions = Vec::new();
    while p.peek().is_some() {
        functions.push(p.function()?);
    }
    Ok(Program { functions })
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos).map(|t| &t.tok)
    }

    fn peek2(&self) -> Option<&Tok> {
        self.tokens.get(self.pos + 1).map(|t| &t.tok)
    }

    fn line(&self) -> usize {
        self.tokens
            .get(self.pos)
            .or(self.tokens.last())
            .map_or(1, |t| t.line)
    }

    fn error<T>(&self, message: impl Into<String>) -> Result<T, Error> {
        Err(Error::Syntax {
            line: self.line(),
            message: message.into(),
        })
    }

    fn eat(&mut self, tok: &Tok) -> bool {
        if self.peek() == Some(tok) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, tok: Tok) -> Result<(), Error> {
        if self.eat(&tok) {
            Ok(())
        } else {
            self.error(format!("expected {tok:?}, found {:?}", self.peek()))
        }
    }

    fn ident(&mut self) -> Result<String, Error> {
        match self.peek() {
            Some(Tok::Ident(name)) => {
                let name = name.clone();
                self.pos += 1;
                Ok(name)
            }
            other => self.error(format!("expected a name, found {other:?}")),
        }
    }

    fn ty(&mut self) -> Result<Type, Error> {
        if self.eat(&Tok::IntType) {
            Ok(Type::Int)
        } else if self.eat(&Tok::BoolType) {
            Ok(Type::Bool)
        } else {
            self.error(format!("expected a type, found {:?}", self.peek()))
        }
    }

    fn function(&mut self) -> Result<Function, Error> {
        let line = self.line();
        self.expect(Tok::Fn)?;
        let name = self.ident()?;
        self.expect(Tok::LParen)?;
        let mut params = Vec::new();
        if !self.eat(&Tok::RParen) {
            loop {
                let p = self.ident()?;
                self.expect(Tok::Colon)?;
                params.push((p, self.ty()?));
                if self.eat(&Tok::RParen) {
                    break;
                }
                self.expect(Tok::Comma)?;
            }
        }
        let ret = if self.eat(&Tok::Arrow) {
            self.ty()?
        } else {
            Type::Int
        };
        let body = self.block()?;
        Ok(Function {
            name,
            params,
            ret,
            body,
            locals: Vec::new(),
            line,
        })
    }

    fn node(&self, kind: ExprKind, line: usize) -> Expr {
        Expr {
            kind,
            ty: Type::Unknown,
            line,
        }
    }

    fn block(&mut self) -> Result<Expr, Error> {
        let line = self.line();
        self.expect(Tok::LBrace)?;
        let mut stmts = Vec::new();
        let mut tail = None;
        while !self.eat(&Tok::RBrace) {
            if self.peek().is_none() {
                return self.error("unclosed block");
            }
            if self.eat(&Tok::Let) {
                let name = self.ident()?;
                self.expect(Tok::Assign)?;
                let value = self.expr()?;
                self.expect(Tok::Semi)?;
                stmts.push(Stmt::Let {
                    name,
                    slot: 0,
                    value,
                });
                continue;
            }
            if matches!(self.peek(), Some(Tok::Ident(_))) && self.peek2() == Some(&Tok::Assign) {
                let name = self.ident()?;
                self.expect(Tok::Assign)?;
                let value = self.expr()?;
                self.expect(Tok::Semi)?;
                stmts.push(Stmt::Assign {
                    name,
                    slot: 0,
                    value,
                });
                continue;
            }
            let e = self.expr()?;
            let block_like = matches!(
                e.kind,
                ExprKind::While { .. } | ExprKind::If { .. } | ExprKind::Block { .. }
            );
            if self.eat(&Tok::Semi) || (block_like && self.peek() != Some(&Tok::RBrace)) {
                stmts.push(Stmt::Expr(e));
            } else if self.peek() == Some(&Tok::RBrace) {
                tail = Some(Box::new(e));
            } else {
                return self.error(format!("expected ; or }}, found {:?}", self.peek()));
            }
        }
        Ok(self.node(ExprKind::Block { stmts, tail }, line))
    }

    fn expr(&mut self) -> Result<Expr, Error> {
        let line = self.line();
        let lhs = self.additive()?;
        let op = match self.peek() {
            Some(Tok::Lt) => BinOp::Lt,
            Some(Tok::Le) => BinOp::Le,
            Some(Tok::Gt) => BinOp::Gt,
            Some(Tok::Ge) => BinOp::Ge,
            Some(Tok::EqEq) => BinOp::Eq,
            Some(Tok::Ne) => BinOp::Ne,
            _ => return Ok(lhs),
        };
        self.pos += 1;
        let rhs = self.additive()?;
        Ok(self.node(ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)), line))
    }

    fn additive(&mut self) -> Result<Expr, Error> {
        let line = self.line();
        let mut lhs = self.term()?;
        loop {
            let op = match self.peek() {
                Some(Tok::Plus) => BinOp::Add,
                Some(Tok::Minus) => BinOp::Sub,
                _ => return Ok(lhs),
            };
            self.pos += 1;
            let rhs = self.term()?;
            lhs = self.node(ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)), line);
        }
    }

    fn term(&mut self) -> Result<Expr, Error> {
        let line = self.line();
        let mut lhs = self.unary()?;
        loop {
            let op = match self.peek() {
                Some(Tok::Star) => BinOp::Mul,
                Some(Tok::Slash) => BinOp::Div,
                Some(Tok::Percent) => BinOp::Rem,
                _ => return Ok(lhs),
            };
            self.pos += 1;
            let rhs = self.unary()?;
            lhs = self.node(ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)), line);
        }
    }

    fn unary(&mut self) -> Result<Expr, Error> {
        let line = self.line();
        let op = if self.eat(&Tok::Minus) {
            UnOp::Neg
        } else if self.eat(&Tok::Bang) {
            UnOp::Not
        } else {
            return self.primary();
        };
        let operand = self.unary()?;
        Ok(self.node(ExprKind::Unary(op, Box::new(operand)), line))
    }

    fn primary(&mut self) -> Result<Expr, Error> {
        let line = self.line();
        let Some(tok) = self.peek().cloned() else {
            return self.error("unexpected end of input");
        };
        let kind = match tok {
            Tok::Int(n) => {
                self.pos += 1;
                ExprKind::Int(n)
            }
            Tok::True | Tok::False => {
                self.pos += 1;
                ExprKind::Bool(tok == Tok::True)
            }
            Tok::LParen => {
                self.pos += 1;
                let e = self.expr()?;
                self.expect(Tok::RParen)?;
                return Ok(e);
            }
            Tok::LBrace => return self.block(),
            Tok::If => return self.if_expr(),
            Tok::While => {
                self.pos += 1;
                let cond = self.expr()?;
                let body = self.block()?;
                ExprKind::While {
                    cond: Box::new(cond),
                    body: Box::new(body),
                }
            }
            Tok::Ident(name) => {
                self.pos += 1;
                if self.eat(&Tok::LParen) {
                    let mut args = Vec::new();
                    if !self.eat(&Tok::RParen) {
                        loop {
                            args.push(self.expr()?);
                            if self.eat(&Tok::RParen) {
                                break;
                            }
                            self.expect(Tok::Comma)?;
                        }
                    }
                    ExprKind::Call {
                        name,
                        index: 0,
                        args,
                    }
                } else {
                    ExprKind::Var { name, slot: 0 }
                }
            }
            other => return self.error(format!("unexpected {other:?}")),
        };
        Ok(self.node(kind, line))
    }

    fn if_expr(&mut self) -> Result<Expr, Error> {
        let line = self.line();
        self.expect(Tok::If)?;
        let cond = self.expr()?;
        let then = self.block()?;
        let otherwise = if self.eat(&Tok::Else) {
            if self.peek() == Some(&Tok::If) {
                Some(Box::new(self.if_expr()?))
            } else {
                Some(Box::new(self.block()?))
            }
        } else {
            None
        };
        Ok(self.node(
            ExprKind::If {
                cond: Box::new(cond),
                then: Box::new(then),
                otherwise,
            },
            line,
        ))
    }
}
