//! Tutor-owned tests for the parser combinators: parsers stored, shared and
//! reused across inputs of unrelated lifetimes, and the edge cases of
//! `sep_by` and `alt_all`.
#[path = "../hrtb_parsers.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use crate::ex::*;

    /// A parser kept in a struct, used long after it was built.
    struct Grammar {
        item: BoxedParser<Vec<u64>>,
    }

    fn grammar() -> Grammar {
        Grammar {
            item: Box::new(sep_by(token(number), token(char_('+')))),
        }
    }

    #[test]
    fn a_stored_parser_outlives_every_input() {
        let g = grammar();
        let mut totals = Vec::new();
        for line in ["1 + 2", "10", "", "4+4+4 rest"] {
            let owned = line.to_string();
            let (items, _) = (g.item)(&owned).unwrap();
            totals.push(items.iter().sum::<u64>());
        }
        assert_eq!(totals, [3, 10, 0, 12]);
        let leftover = {
            let input = String::from("5 + 6 + x");
            let (_, rest) = (g.item)(&input).unwrap();
            rest.to_string()
        };
        assert_eq!(
            leftover, " + x",
            "the separator before a failed item is not consumed"
        );
    }

    #[test]
    fn a_parser_is_shared_by_reference() {
        let word = token(ident);
        let by_ref = &word;
        let both = pair(by_ref, by_ref);
        assert_eq!(both(" ab cd!"), Some((("ab".into(), "cd".into()), "!")));
        assert_eq!(word("zz"), Some(("zz".into(), "")));
    }

    #[test]
    fn sep_by_with_a_separator_that_never_matches() {
        let p = sep_by(number, tag("::"));
        assert_eq!(p("1:2"), Some((vec![1], ":2")));
        assert_eq!(p("1::2::3::"), Some((vec![1, 2, 3], "::")));
    }

    #[test]
    fn alt_all_tries_in_order_and_empty_fails() {
        let first: Vec<BoxedParser<&'static str>> = vec![
            Box::new(map(tag("ab"), |_| "short")),
            Box::new(map(tag("abc"), |_| "long")),
        ];
        assert_eq!(alt_all(first)("abc"), Some(("short", "c")));
        let none: Vec<BoxedParser<u8>> = Vec::new();
        assert_eq!(alt_all(none)("anything"), None);
    }

    #[test]
    fn numbers_that_do_not_fit_are_rejected() {
        assert_eq!(number("18446744073709551615"), Some((u64::MAX, "")));
        assert_eq!(number("18446744073709551616"), None);
        assert_eq!(parse_value("[1, 99999999999999999999]"), None);
    }

    #[test]
    fn deep_nesting_and_whitespace() {
        let v = parse_value("[[[]] ,[ x1 ],_y]").unwrap();
        assert_eq!(
            v,
            Value::List(vec![
                Value::List(vec![Value::List(vec![])]),
                Value::List(vec![Value::Atom("x1".into())]),
                Value::Atom("_y".into()),
            ])
        );
        assert_eq!(parse_value("Upper"), None);
    }
}
