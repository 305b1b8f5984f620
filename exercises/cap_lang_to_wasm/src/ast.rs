//! The syntax tree. The parser builds it; the checker fills in the types,
//! the local slots and the function indices that code generation needs.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    Int,
    Bool,
    /// The type of a statement, of `while`, and of a block with no value.
    Unit,
    /// Before the checker has run.
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnOp {
    Neg,
    Not,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    /// Set by the checker.
    pub ty: Type,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Int(i64),
    Bool(bool),
    /// `slot` is the wasm local the variable lives in (set by the checker).
    Var {
        name: String,
        slot: u32,
    },
    Unary(UnOp, Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `index` is the callee's function index (set by the checker).
    Call {
        name: String,
        index: u32,
        args: Vec<Expr>,
    },
    If {
        cond: Box<Expr>,
        then: Box<Expr>,
        otherwise: Option<Box<Expr>>,
    },
    While {
        cond: Box<Expr>,
        body: Box<Expr>,
    },
    Block {
        stmts: Vec<Stmt>,
        tail: Option<Box<Expr>>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Stmt {
    /// `let name = value;` — `slot` is a new local (set by the checker).
    Let {
        name: String,
        slot: u32,
        value: Expr,
    },
    /// `name = value;`
    Assign {
        name: String,
        slot: u32,
        value: Expr,
    },
    /// An expression whose value, if any, is dropped.
    Expr(Expr),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    pub name: String,
    pub params: Vec<(String, Type)>,
    pub ret: Type,
    pub body: Expr,
    /// The types of the locals after the parameters, one per `let` (set by
    /// the checker). Local `params.len() + i` has type `locals[i]`.
    pub locals: Vec<Type>,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    pub functions: Vec<Function>,
}
