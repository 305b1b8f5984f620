//! A lint of your own, over the syntax tree.
//!
//! Real rustc lints are `LateLintPass`es: besides the `check_expr` shown in
//! books they need `declare_lint!`, `declare_lint_pass!`, registration in a
//! driver, and nightly with the `rustc-dev` component (clippy lives in its own
//! repository; dylint loads lints as libraries). Many useful lints need only
//! the syntax, and `syn` (with `proc-macro2`'s `span-locations` for line and
//! column) parses any Rust file on stable. That is what this program does,
//! with two lints:
//!
//! * `unwrap_in_result`: a `.unwrap()` or `.expect(..)` call in the body of a
//!   function or method whose return type is a `Result` (any path ending in
//!   `Result`: `io::Result<()>` too): the function could use `?`. A closure
//!   and a nested `fn` are bodies of their own: `?` in them would not return
//!   from the outer function, so they are judged by their own signature (a
//!   closure has none: never flagged).
//! * `truncating_cast`: `x as T` where `x` is a plain variable whose integer
//!   type is written in the same function (a parameter, or a `let` with a type)
//!   and `T` is a narrower integer type. Syntax knows no other types: a
//!   variable shadowed by a `let` without a type is of unknown type, and
//!   `usize` counts as 64 bits.
//!
//! Output, sorted by position, one finding per two lines, clippy style:
//!
//! ```text
//! warning: used `unwrap()` in a function that returns `Result`
//!   --> fixtures/lint_input.rs:11:41
//! ```
//!
//! The column is that of the method name for calls, and of the variable for
//! casts (1-based). Then a last line `N warnings`. The tutor runs the program
//! on `fixtures/lint_input.rs` and compares with `lint_unwrap.expected`.

use syn::visit::{self, Visit};

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

#[derive(Default)]
struct Lint {
    findings: Vec<Finding>,
}

impl Lint {
    fn report(&mut self, span: proc_macro2::Span, message: String) {
        let start = span.start();
        self.findings.push(Finding {
            line: start.line,
            column: start.column + 1,
            message,
        });
    }
}

impl<'ast> Visit<'ast> for Lint {
    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        // TODO: only inside functions that return a `Result`, `expect` too,
        // and the `truncating_cast` lint.
        if call.method == "unwrap" {
            self.report(
                call.method.span(),
                "used `unwrap()` in a function that returns `Result`".to_string(),
            );
        }
        visit::visit_expr_method_call(self, call);
    }
}

pub fn lint(source: &str) -> syn::Result<Vec<Finding>> {
    let file = syn::parse_file(source)?;
    let mut lint = Lint::default();
    lint.visit_file(&file);
    lint.findings.sort();
    Ok(lint.findings)
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "fixtures/lint_input.rs".to_string());
    let source = match std::fs::read_to_string(&path) {
        Ok(source) => source,
        Err(err) => {
            eprintln!("error: cannot read {path}: {err}");
            std::process::exit(2);
        }
    };
    let findings = match lint(&source) {
        Ok(findings) => findings,
        Err(err) => {
            eprintln!("error: {path} does not parse: {err}");
            std::process::exit(2);
        }
    };
    for f in &findings {
        println!("warning: {}", f.message);
        println!("  --> {path}:{}:{}", f.line, f.column);
    }
    println!("{} warnings", findings.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(source: &str) -> Vec<(usize, String)> {
        lint(source)
            .unwrap()
            .into_iter()
            .map(|f| (f.line, f.message))
            .collect()
    }

    const UNWRAP: &str = "used `unwrap()` in a function that returns `Result`";
    const EXPECT: &str = "used `expect()` in a function that returns `Result`";

    #[test]
    fn unwrap_and_expect_in_a_result_function() {
        let src = "fn f() -> Result<(), E> {\n    a.unwrap();\n    b.expect(\"x\");\n    Ok(())\n}";
        assert_eq!(
            messages(src),
            [(2, UNWRAP.to_string()), (3, EXPECT.to_string())]
        );
    }

    #[test]
    fn other_return_types_are_fine() {
        assert!(messages("fn f() -> u8 { a.unwrap() }").is_empty());
        assert!(messages("fn f() { a.unwrap(); }").is_empty());
        assert!(messages("fn f() -> Option<u8> { a.unwrap() }").is_empty());
    }

    #[test]
    fn any_path_to_a_result() {
        assert_eq!(messages("fn f() -> io::Result<()> { a.unwrap() }").len(), 1);
        assert_eq!(
            messages("impl S { fn f(&self) -> Result<u8, E> { a.unwrap() } }").len(),
            1
        );
    }

    #[test]
    fn closures_and_nested_functions_are_bodies_of_their_own() {
        let src = "fn f() -> Result<(), E> {\n    let g = |x| x.unwrap();\n    fn h() -> u8 { a.unwrap() }\n    fn k() -> Result<(), E> { b.unwrap() }\n    c.unwrap();\n    Ok(())\n}";
        assert_eq!(
            messages(src),
            [(4, UNWRAP.to_string()), (5, UNWRAP.to_string())]
        );
    }

    #[test]
    fn narrowing_casts_of_typed_variables() {
        let src = "fn f(a: u64, b: i16) {\n    let c: usize = 1;\n    let _ = a as u32;\n    let _ = b as i8;\n    let _ = c as u16;\n    let _ = a as u128;\n    let _ = b as i64;\n}";
        assert_eq!(
            messages(src),
            [
                (
                    3,
                    "casting `u64` to `u32` may truncate the value".to_string()
                ),
                (
                    4,
                    "casting `i16` to `i8` may truncate the value".to_string()
                ),
                (
                    5,
                    "casting `usize` to `u16` may truncate the value".to_string()
                ),
            ]
        );
    }

    #[test]
    fn unknown_types_are_not_guessed() {
        let src = "fn f(a: u64) {\n    let a = a.min(3);\n    let _ = a as u8;\n    let _ = other as u8;\n    let _ = (1u64 + 2) as u8;\n}";
        assert!(messages(src).is_empty());
    }

    #[test]
    fn variables_belong_to_their_function() {
        let src = "fn f(a: u64) {}\nfn g() {\n    let _ = a as u8;\n}";
        assert!(messages(src).is_empty());
    }

    #[test]
    fn columns_point_at_the_method_and_the_variable() {
        let found =
            lint("fn f(x: u32) -> Result<u8, E> {\n    let y = x as u8;\n    z.unwrap()\n}")
                .unwrap();
        assert_eq!((found[0].line, found[0].column), (2, 13));
        assert_eq!((found[1].line, found[1].column), (3, 7));
    }
}
