//! Tutor-owned: edge cases for `borrowck_fixes.rs`, and the rule that the fixes
//! do not copy their way out of the borrow checker.

#[path = "../borrowck_fixes.rs"]
#[allow(dead_code)]
mod ex;

use syn::visit::{self, Visit};

const SOURCE: &str = include_str!("../borrowck_fixes.rs");

#[derive(Default)]
struct Copies(Vec<String>);

impl<'ast> Visit<'ast> for Copies {
    fn visit_item_mod(&mut self, _: &'ast syn::ItemMod) {
        // The learner's own tests may do anything.
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        let name = call.method.to_string();
        if ["clone", "cloned", "to_owned", "to_vec"].contains(&name.as_str()) {
            let line = call.method.span().start().line;
            self.0.push(format!("`.{name}()` on line {line}"));
        }
        visit::visit_expr_method_call(self, call);
    }

    fn visit_expr_unsafe(&mut self, block: &'ast syn::ExprUnsafe) {
        let line = block.unsafe_token.span.start().line;
        self.0.push(format!("`unsafe` on line {line}"));
        visit::visit_expr_unsafe(self, block);
    }
}

/// The copies and `unsafe` blocks found in the learner's code.
fn copies() -> Vec<String> {
    let file = syn::parse_file(SOURCE).expect("borrowck_fixes.rs parses");
    let mut copies = Copies::default();
    copies.visit_file(&file);
    copies.0
}

fn main() {
    for found in copies() {
        println!("{found}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn fixed_without_copies_or_unsafe() {
        let found = copies();
        assert!(found.is_empty(), "found {}", found.join(", "));
    }

    #[test]
    fn edge_cases_of_swap_ends() {
        let mut empty: [i32; 0] = [];
        ex::swap_ends(&mut empty);
        let mut one = [7];
        ex::swap_ends(&mut one);
        assert_eq!(one, [7]);
        let mut two = [1, 2];
        ex::swap_ends(&mut two);
        assert_eq!(two, [2, 1]);
    }

    #[test]
    fn doubles_of_doubles_are_not_doubled_again() {
        let mut v = vec![2];
        ex::append_doubles(&mut v);
        assert_eq!(v, [2, 4]);
        let mut empty = Vec::new();
        ex::append_doubles(&mut empty);
        assert!(empty.is_empty());
    }

    #[test]
    fn archiving_an_empty_inbox() {
        let mut archived = Vec::new();
        let inbox = ex::Inbox {
            messages: Vec::new(),
        };
        assert_eq!(ex::archive(inbox, &mut archived), 0);
        assert_eq!(archived.len(), 1);
    }

    #[test]
    fn an_existing_value_is_kept() {
        let mut map = HashMap::from([(3, "three".to_string())]);
        assert_eq!(ex::value_or_default(&mut map, 3), "three");
        assert_eq!(ex::shout_words(""), Vec::<String>::new());
    }
}
