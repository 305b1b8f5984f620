//! Tutor-owned: the `*_desugared` functions and the `impl Counter` /
//! `impl Adder` blocks of `desugar.rs` must be written without the sugar they
//! replace. Reads the learner's file as text and walks its syntax tree.

use syn::visit::{self, Visit};

const SOURCE: &str = include_str!("../desugar.rs");

/// Sugar found inside the desugared code: (what, where).
#[derive(Default)]
struct Sugar {
    inside: Vec<String>,
    found: Vec<String>,
}

impl<'ast> Visit<'ast> for Sugar {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        if f.sig.ident.to_string().ends_with("_desugared") {
            self.inside.push(f.sig.ident.to_string());
            visit::visit_item_fn(self, f);
            self.inside.pop();
        }
    }

    fn visit_item_impl(&mut self, i: &'ast syn::ItemImpl) {
        if let syn::Type::Path(p) = &*i.self_ty {
            let name = p.path.segments.last().map(|s| s.ident.to_string());
            if matches!(name.as_deref(), Some("Counter" | "Adder")) {
                self.inside.push(format!("impl {}", name.unwrap()));
                visit::visit_item_impl(self, i);
                self.inside.pop();
            }
        }
    }

    fn visit_item_mod(&mut self, _: &'ast syn::ItemMod) {
        // The tests may use any syntax.
    }

    fn visit_expr(&mut self, e: &'ast syn::Expr) {
        if let Some(place) = self.inside.last() {
            let what = match e {
                syn::Expr::ForLoop(_) => Some("a `for` loop"),
                syn::Expr::While(_) => Some("a `while` loop"),
                syn::Expr::Try(_) => Some("the `?` operator"),
                syn::Expr::Closure(_) => Some("a closure"),
                syn::Expr::Async(_) => Some("an async block"),
                _ => None,
            };
            if let Some(what) = what {
                self.found.push(format!("{what} in `{place}`"));
            }
        }
        visit::visit_expr(self, e);
    }
}

fn scan() -> Sugar {
    let file = syn::parse_file(SOURCE).expect("desugar.rs parses");
    let mut sugar = Sugar::default();
    sugar.visit_file(&file);
    sugar
}

fn main() {
    for found in scan().found {
        println!("{found}");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn desugared_code_has_no_sugar_left() {
        let found = super::scan().found;
        assert!(found.is_empty(), "still sugared: {}", found.join(", "));
    }

    #[test]
    fn the_question_mark_twin_converts_with_from() {
        let source = super::SOURCE;
        let start = source
            .find("fn parse_point_desugared")
            .expect("parse_point_desugared exists");
        let body = &source[start..];
        let end = body.find("\n}\n").unwrap_or(body.len());
        assert!(
            body[..end].contains("From::from"),
            "`?` converts the error with `From::from`: write that call yourself"
        );
    }
}
