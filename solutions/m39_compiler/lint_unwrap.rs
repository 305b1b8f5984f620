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

use std::collections::HashMap;
use syn::spanned::Spanned;
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
    /// One entry per body being visited: does it return a `Result`?
    returns_result: Vec<bool>,
    /// One map per function: variable name → its integer type, when written.
    variables: Vec<HashMap<String, String>>,
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

    /// Visits a function body with its own context.
    fn in_function(&mut self, sig: &syn::Signature, visit_body: impl FnOnce(&mut Self)) {
        let returns_result = match &sig.output {
            syn::ReturnType::Type(_, ty) => last_segment(ty).is_some_and(|s| s == "Result"),
            syn::ReturnType::Default => false,
        };
        let mut variables = HashMap::new();
        for input in &sig.inputs {
            if let syn::FnArg::Typed(arg) = input {
                declare(&mut variables, &arg.pat, Some(&arg.ty));
            }
        }
        self.returns_result.push(returns_result);
        self.variables.push(variables);
        visit_body(self);
        self.variables.pop();
        self.returns_result.pop();
    }
}

/// The last identifier of a path type: `Result` for `io::Result<()>`.
fn last_segment(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// Bits of an integer type, `usize` as 64.
fn int_width(ty: &str) -> Option<u32> {
    match ty {
        "u8" | "i8" => Some(8),
        "u16" | "i16" => Some(16),
        "u32" | "i32" => Some(32),
        "u64" | "i64" | "usize" | "isize" => Some(64),
        "u128" | "i128" => Some(128),
        _ => None,
    }
}

/// Records (or forgets, when its type is unknown) the variable bound by `pat`.
fn declare(variables: &mut HashMap<String, String>, pat: &syn::Pat, ty: Option<&syn::Type>) {
    match pat {
        syn::Pat::Type(typed) => declare(variables, &typed.pat, Some(&typed.ty)),
        syn::Pat::Ident(ident) => {
            let name = ident.ident.to_string();
            match ty.and_then(last_segment).filter(|t| int_width(t).is_some()) {
                Some(int) => variables.insert(name, int),
                None => variables.remove(&name),
            };
        }
        _ => {}
    }
}

impl<'ast> Visit<'ast> for Lint {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.in_function(&f.sig, |lint| visit::visit_item_fn(lint, f));
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.in_function(&f.sig, |lint| visit::visit_impl_item_fn(lint, f));
    }

    fn visit_expr_closure(&mut self, c: &'ast syn::ExprClosure) {
        // A closure has no signature to use `?` with: never flagged.
        self.returns_result.push(false);
        visit::visit_expr_closure(self, c);
        self.returns_result.pop();
    }

    fn visit_local(&mut self, local: &'ast syn::Local) {
        // The initializer sees the variables as they were before this `let`.
        visit::visit_local(self, local);
        if let Some(variables) = self.variables.last_mut() {
            declare(variables, &local.pat, None);
        }
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        let in_result = self.returns_result.last() == Some(&true);
        if in_result && (call.method == "unwrap" || call.method == "expect") {
            self.report(
                call.method.span(),
                format!(
                    "used `{}()` in a function that returns `Result`",
                    call.method
                ),
            );
        }
        visit::visit_expr_method_call(self, call);
    }

    fn visit_expr_cast(&mut self, cast: &'ast syn::ExprCast) {
        if let syn::Expr::Path(path) = &*cast.expr
            && let Some(name) = path.path.get_ident()
            && let Some(from) = self.variables.last().and_then(|v| v.get(&name.to_string()))
            && let Some(to) = last_segment(&cast.ty)
            && let (Some(from_bits), Some(to_bits)) = (int_width(from), int_width(&to))
            && to_bits < from_bits
        {
            let message = format!("casting `{from}` to `{to}` may truncate the value");
            self.report(cast.expr.span(), message);
        }
        visit::visit_expr_cast(self, cast);
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
