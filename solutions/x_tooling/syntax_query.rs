//! A syntax-tree query tool: the outline an editor shows, and call sites.
//!
//! rust-analyzer's crates (`ra_ap_syntax`) give a lossless syntax tree, but
//! their API changes often (`SourceFile::parse` now takes an edition) and they
//! take a while to build. `syn` with `proc-macro2`'s `span-locations` feature
//! parses a whole file on stable and knows the line and column of each token.
//!
//! Implement:
//!
//! * `outline(source)`: every named item, in source order, with its kind and
//!   its qualified path, the way an editor's outline names them:
//!   `mod` → `"geometry"`; items inside it → `"geometry::Point"`;
//!   methods of `impl Point` (also `impl<T> Stack<T>`) → `"Point::area"`;
//!   methods of `impl Display for Point` → `"<Point as Display>::fmt"`;
//!   functions nested in a function body → `"outer::inner"`;
//!   a trait and its methods → `"Shape"`, `"Shape::area"`;
//!   `macro_rules! name` → kind `macro`. The position is that of the name.
//! * `calls(source, method)`: every `.method(..)` call, with the position of
//!   the method name and the path of the function it is in (closures belong
//!   to their function; outside any function, `""`).
//!
//! Kinds: `mod`, `fn`, `method`, `struct`, `enum`, `trait`, `const`, `macro`.

use syn::visit::{self, Visit};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub kind: &'static str,
    pub path: String,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub line: usize,
    pub column: usize,
    pub function: String,
}

/// Walks the tree once, keeping the path of where it is.
struct Walker<'q> {
    /// Path segments of the enclosing modules, types and functions.
    scope: Vec<String>,
    /// Paths of the enclosing functions, innermost last.
    functions: Vec<String>,
    symbols: Vec<Symbol>,
    method: Option<&'q str>,
    calls: Vec<Call>,
}

impl Walker<'_> {
    fn new(method: Option<&str>) -> Walker<'_> {
        Walker {
            scope: Vec::new(),
            functions: Vec::new(),
            symbols: Vec::new(),
            method,
            calls: Vec::new(),
        }
    }

    fn path_of(&self, name: &str) -> String {
        let mut parts = self.scope.clone();
        parts.push(name.to_string());
        parts.join("::")
    }

    /// Records a symbol; returns its path.
    fn symbol(&mut self, kind: &'static str, ident: &syn::Ident) -> String {
        let start = ident.span().start();
        let path = self.path_of(&ident.to_string());
        self.symbols.push(Symbol {
            kind,
            path: path.clone(),
            line: start.line,
            column: start.column + 1,
        });
        path
    }

    /// Visits `inner` with `segment` added to the scope.
    fn within(&mut self, segment: String, inner: impl FnOnce(&mut Self)) {
        self.scope.push(segment);
        inner(self);
        self.scope.pop();
    }

    /// Visits a function body: a scope, and the function of the calls in it.
    fn function(&mut self, kind: &'static str, ident: &syn::Ident, inner: impl FnOnce(&mut Self)) {
        let path = self.symbol(kind, ident);
        self.functions.push(path);
        self.within(ident.to_string(), inner);
        self.functions.pop();
    }
}

fn last_ident(path: &syn::Path) -> String {
    path.segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default()
}

impl<'ast> Visit<'ast> for Walker<'_> {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        self.symbol("mod", &m.ident);
        self.within(m.ident.to_string(), |w| visit::visit_item_mod(w, m));
    }

    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.function("fn", &f.sig.ident, |w| visit::visit_item_fn(w, f));
    }

    fn visit_item_struct(&mut self, s: &'ast syn::ItemStruct) {
        self.symbol("struct", &s.ident);
        visit::visit_item_struct(self, s);
    }

    fn visit_item_enum(&mut self, e: &'ast syn::ItemEnum) {
        self.symbol("enum", &e.ident);
        visit::visit_item_enum(self, e);
    }

    fn visit_item_const(&mut self, c: &'ast syn::ItemConst) {
        self.symbol("const", &c.ident);
        visit::visit_item_const(self, c);
    }

    fn visit_item_macro(&mut self, m: &'ast syn::ItemMacro) {
        if let Some(ident) = &m.ident {
            self.symbol("macro", ident);
        }
        visit::visit_item_macro(self, m);
    }

    fn visit_item_trait(&mut self, t: &'ast syn::ItemTrait) {
        self.symbol("trait", &t.ident);
        self.within(t.ident.to_string(), |w| visit::visit_item_trait(w, t));
    }

    fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
        self.function("method", &f.sig.ident, |w| visit::visit_trait_item_fn(w, f));
    }

    fn visit_item_impl(&mut self, i: &'ast syn::ItemImpl) {
        let self_ty = match &*i.self_ty {
            syn::Type::Path(p) => last_ident(&p.path),
            _ => "_".to_string(),
        };
        let segment = match &i.trait_ {
            Some((trait_path, _)) => format!("<{self_ty} as {}>", last_ident(trait_path)),
            None => self_ty,
        };
        self.within(segment, |w| visit::visit_item_impl(w, i));
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.function("method", &f.sig.ident, |w| visit::visit_impl_item_fn(w, f));
    }

    fn visit_impl_item_const(&mut self, c: &'ast syn::ImplItemConst) {
        self.symbol("const", &c.ident);
        visit::visit_impl_item_const(self, c);
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        if self.method.is_some_and(|m| call.method == m) {
            let start = call.method.span().start();
            self.calls.push(Call {
                line: start.line,
                column: start.column + 1,
                function: self.functions.last().cloned().unwrap_or_default(),
            });
        }
        visit::visit_expr_method_call(self, call);
    }
}

pub fn outline(source: &str) -> syn::Result<Vec<Symbol>> {
    let file = syn::parse_file(source)?;
    let mut walker = Walker::new(None);
    walker.visit_file(&file);
    Ok(walker.symbols)
}

pub fn calls(source: &str, method: &str) -> syn::Result<Vec<Call>> {
    let file = syn::parse_file(source)?;
    let mut walker = Walker::new(Some(method));
    walker.visit_file(&file);
    Ok(walker.calls)
}

/// `syntax_query outline FILE` or `syntax_query calls METHOD FILE`.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (query, file) = match args.as_slice() {
        [q, file] if q == "outline" => (None, file),
        [q, method, file] if q == "calls" => (Some(method.as_str()), file),
        _ => {
            eprintln!("usage: syntax_query outline FILE | syntax_query calls METHOD FILE");
            std::process::exit(2);
        }
    };
    let source = std::fs::read_to_string(file).unwrap_or_else(|err| {
        eprintln!("error: cannot read {file}: {err}");
        std::process::exit(2);
    });
    let result = match query {
        None => outline(&source).map(|symbols| {
            for s in symbols {
                println!("{}:{}:{} {} {}", file, s.line, s.column, s.kind, s.path);
            }
        }),
        Some(method) => calls(&source, method).map(|calls| {
            for c in calls {
                println!("{}:{}:{} in {}", file, c.line, c.column, c.function);
            }
        }),
    };
    if let Err(err) = result {
        eprintln!("error: {file} does not parse: {err}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(source: &str) -> Vec<(&'static str, String)> {
        outline(source)
            .unwrap()
            .into_iter()
            .map(|s| (s.kind, s.path))
            .collect()
    }

    fn owned(v: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
        v.iter().map(|&(k, p)| (k, p.to_string())).collect()
    }

    #[test]
    fn top_level_items_of_every_kind() {
        let src = "struct A; enum B { X } trait C {} const D: u8 = 0; fn e() {}\nmacro_rules! m { () => {} }";
        assert_eq!(
            paths(src),
            owned(&[
                ("struct", "A"),
                ("enum", "B"),
                ("trait", "C"),
                ("const", "D"),
                ("fn", "e"),
                ("macro", "m"),
            ])
        );
    }

    #[test]
    fn modules_qualify_their_items() {
        let src = "mod a { pub mod b { pub fn f() {} } fn g() {} }";
        assert_eq!(
            paths(src),
            owned(&[
                ("mod", "a"),
                ("mod", "a::b"),
                ("fn", "a::b::f"),
                ("fn", "a::g")
            ])
        );
    }

    #[test]
    fn methods_of_inherent_and_trait_impls() {
        let src = "struct Point;\n\
                   impl Point { fn area(&self) -> f64 { 0.0 } const ORIGIN: u8 = 0; }\n\
                   impl std::fmt::Display for Point { fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result { Ok(()) } }\n\
                   struct Stack<T>(Vec<T>);\n\
                   impl<T: Clone> Stack<T> { fn push(&mut self, t: T) {} }";
        assert_eq!(
            paths(src),
            owned(&[
                ("struct", "Point"),
                ("method", "Point::area"),
                ("const", "Point::ORIGIN"),
                ("method", "<Point as Display>::fmt"),
                ("struct", "Stack"),
                ("method", "Stack::push"),
            ])
        );
    }

    #[test]
    fn trait_methods_and_nested_functions() {
        let src = "trait Shape { fn area(&self) -> f64; fn name(&self) -> &str { \"?\" } }\n\
                   fn outer() { fn inner() {} inner(); }\n\
                   mod m { impl super::X { fn go() {} } }";
        assert_eq!(
            paths(src),
            owned(&[
                ("trait", "Shape"),
                ("method", "Shape::area"),
                ("method", "Shape::name"),
                ("fn", "outer"),
                ("fn", "outer::inner"),
                ("mod", "m"),
                ("method", "m::X::go"),
            ])
        );
    }

    #[test]
    fn positions_are_those_of_the_names() {
        let symbols = outline("mod geo {\n    pub struct Point;\n}").unwrap();
        assert_eq!((symbols[0].line, symbols[0].column), (1, 5));
        assert_eq!((symbols[1].line, symbols[1].column), (2, 16));
    }

    #[test]
    fn call_sites_with_their_function() {
        let src = "fn a() {\n    x.unwrap();\n    let f = |y: Option<u8>| y.unwrap();\n}\n\
                   impl S { fn b(&self) { self.v.unwrap_or(1); self.w.unwrap(); } }\n\
                   const C: u8 = X.unwrap();";
        let found = calls(src, "unwrap").unwrap();
        let summary: Vec<(usize, usize, &str)> = found
            .iter()
            .map(|c| (c.line, c.column, c.function.as_str()))
            .collect();
        assert_eq!(
            summary,
            [(2, 7, "a"), (3, 31, "a"), (5, 52, "S::b"), (6, 17, "")]
        );
    }
}
