//! Capstone: a small language compiled to WebAssembly, and run.
//!
//! The language has `int` (64-bit) and `bool` values, functions, `let`,
//! assignment, `if`/`else` as an expression, `while` and recursion:
//!
//! ```text
//! fn fib(n: int) -> int { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }
//! fn main() -> int { let i = 0; let sum = 0; while i < 10 { sum = sum + fib(i); i = i + 1; } sum }
//! ```
//!
//! The pipeline: `lexer` (text to tokens), `parser` (tokens to a syntax tree,
//! `ast`), `check` (types, and where every variable lives), `codegen` (the
//! tree to a WebAssembly module, with the `wasm-encoder` crate) and `run`
//! (the module in the `wasmi` interpreter, with fuel so that an endless loop
//! stops). Everything is written but `codegen`: that is yours. Every function
//! becomes a wasm function exported under its name; `int` is `i64`, `bool`
//! is `i32`; `Unit` leaves nothing on the stack.
//!
//! The tests compile and run programs: arithmetic and precedence, variables
//! and shadowing, loops, recursion, booleans, calls with several arguments,
//! and errors (a division by zero traps, an endless loop runs out of fuel,
//! type errors are found before any code is generated).
//!
//! Where to go from here: a heap and a mark-and-sweep collector for
//! strings or arrays in the module's linear memory, or a JIT.

mod ast;
mod check;
mod codegen;
mod lexer;
mod parser;

use wasmi::{Config, Engine, Linker, Module, Store, Val};

#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    Syntax {
        line: usize,
        message: String,
    },
    Type {
        line: usize,
        message: String,
    },
    /// The program stopped at run time: a trap, or out of fuel.
    Runtime(String),
}

/// Compiles a program to the bytes of a WebAssembly module.
pub fn compile(source: &str) -> Result<Vec<u8>, Error> {
    let tokens = lexer::lex(source)?;
    let mut program = parser::parse(&tokens)?;
    check::check(&mut program)?;
    Ok(codegen::compile(&program))
}

/// Fuel for one run: about that many wasm instructions.
const FUEL: u64 = 2_000_000;

/// Compiles `source` and calls its function `name` with `args` (all `int`).
pub fn call(source: &str, name: &str, args: &[i64]) -> Result<i64, Error> {
    let wasm = compile(source)?;
    let mut config = Config::default();
    config.consume_fuel(true);
    let engine = Engine::new(&config);
    let module = Module::new(&engine, &wasm[..])
        .map_err(|e| Error::Runtime(format!("invalid module: {e}")))?;
    let mut store = Store::new(&engine, ());
    store
        .set_fuel(FUEL)
        .map_err(|e| Error::Runtime(e.to_string()))?;
    let instance = Linker::<()>::new(&engine)
        .instantiate_and_start(&mut store, &module)
        .map_err(|e| Error::Runtime(e.to_string()))?;
    let func = instance
        .get_func(&store, name)
        .ok_or_else(|| Error::Runtime(format!("no exported function `{name}`")))?;
    let params: Vec<Val> = args.iter().map(|&a| Val::I64(a)).collect();
    let mut results = [Val::I64(0)];
    func.call(&mut store, &params, &mut results)
        .map_err(|e| Error::Runtime(e.to_string()))?;
    match results[0] {
        Val::I64(v) => Ok(v),
        ref other => Err(Error::Runtime(format!("unexpected result {other:?}"))),
    }
}

/// Compiles and runs `main`.
pub fn run(source: &str) -> Result<i64, Error> {
    call(source, "main", &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn main_of(body: &str) -> Result<i64, Error> {
        run(&format!("fn main() -> int {{ {body} }}"))
    }

    #[test]
    fn arithmetic_and_precedence() {
        assert_eq!(main_of("1 + 2 * 3 - 8 / 4 % 3"), Ok(5));
        assert_eq!(main_of("(1 + 2) * 3"), Ok(9));
        assert_eq!(main_of("-7 / 2"), Ok(-3));
        assert_eq!(main_of("-7 % 3"), Ok(-1));
        assert_eq!(main_of("--5 - -5"), Ok(10));
    }

    #[test]
    fn variables_shadowing_and_assignment() {
        assert_eq!(
            main_of("let x = 1; let y = x + 1; let x = y * 10; x + y"),
            Ok(22)
        );
        assert_eq!(main_of("let x = 1; { let x = 5; x = x + 1; } x"), Ok(1));
        assert_eq!(main_of("let x = 1; { x = 7; } x"), Ok(7));
    }

    #[test]
    fn loops() {
        assert_eq!(
            main_of("let i = 0; let sum = 0; while i <= 100 { sum = sum + i; i = i + 1; } sum"),
            Ok(5050)
        );
        assert_eq!(main_of("while false { } 3"), Ok(3));
    }

    #[test]
    fn booleans_and_if_expressions() {
        assert_eq!(main_of("if 3 < 4 { 10 } else { 20 }"), Ok(10));
        assert_eq!(main_of("if !(1 == 2) { 1 } else { 0 }"), Ok(1));
        assert_eq!(
            main_of("let b = 2 >= 3; if b == false { 7 } else { 8 }"),
            Ok(7)
        );
        assert_eq!(
            main_of("let x = 0; if x != 0 { x = 1; } else if x == 0 { x = 2; } x"),
            Ok(2)
        );
        assert_eq!(main_of("let n = 5; if n > 3 { n = 0; } n"), Ok(0));
    }

    #[test]
    fn functions_and_recursion() {
        let src = "
            fn fib(n: int) -> int { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }
            fn gcd(a: int, b: int) -> int { while b != 0 { let t = b; b = a % b; a = t; } a }
            fn is_even(n: int) -> bool { n % 2 == 0 }
            fn main() -> int { if is_even(gcd(84, 36)) { fib(20) } else { 0 } }
        ";
        assert_eq!(run(src), Ok(6765));
        assert_eq!(call(src, "gcd", &[1071, 462]), Ok(21));
        assert_eq!(call(src, "fib", &[22]), Ok(17711));
    }

    #[test]
    fn statements_drop_their_values() {
        assert_eq!(main_of("1 + 1; 2; if true { 3 } else { 4 }; 5"), Ok(5));
    }

    #[test]
    fn runtime_errors() {
        assert!(matches!(
            main_of("let z = 0; 1 / z"),
            Err(Error::Runtime(_))
        ));
        assert!(matches!(
            main_of("while true { } 0"),
            Err(Error::Runtime(_))
        ));
    }

    #[test]
    fn type_errors_come_first() {
        assert!(matches!(main_of("1 + true"), Err(Error::Type { .. })));
        assert!(matches!(
            main_of("if 1 { 2 } else { 3 }"),
            Err(Error::Type { .. })
        ));
        assert!(matches!(main_of("y"), Err(Error::Type { .. })));
        assert!(matches!(main_of("f(1)"), Err(Error::Type { .. })));
        assert!(matches!(
            run("fn main() -> int { 1 } fn main() -> int { 2 }"),
            Err(Error::Type { .. })
        ));
        assert!(matches!(main_of("let x = 1 +;"), Err(Error::Syntax { .. })));
    }
}
