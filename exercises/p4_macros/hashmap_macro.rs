//! A `hashmap!` macro, like `vec!` for maps.
//!
//! `hashmap! { "a" => 1, "b" => 2 }` builds a `HashMap` with exactly enough
//! capacity for its entries. It must accept an empty map and a trailing comma,
//! and it must keep working when the caller's module shadows names the macro
//! uses (a macro expands where it is called, not where it is defined).
//!
//! `count!` counts token trees into a constant; the tests also count 256 of
//! them, which is deeper than the compiler lets a macro recurse by default.

// TODO: a `count!` macro that counts its token trees at compile time, and a
// `hashmap!` that uses it to size the map. The version below works for the
// simplest call only: make every test pass.

#[macro_export]
macro_rules! count {
    ($($t:tt)*) => {
        0usize
    };
}

#[macro_export]
macro_rules! hashmap {
    ($($key:expr => $value:expr),*) => {{
        let mut map = HashMap::new();
        $(
            map.insert($key, $value);
        )*
        map
    }};
}

use std::collections::HashMap;

fn main() {
    let scores = hashmap! { "ferris" => 10, "corro" => 7 };
    let mut names: Vec<_> = scores.keys().collect();
    names.sort();
    println!("{names:?}");
}

#[cfg(test)]
mod tests {
    // Shadow the names a careless macro would rely on.
    #[allow(dead_code)]
    struct HashMap;
    #[allow(dead_code)]
    mod std {}

    #[test]
    fn builds_a_map() {
        let m = hashmap! { "a" => 1, "b" => 2 };
        assert_eq!(m.len(), 2);
        assert_eq!(m["a"], 1);
        assert_eq!(m["b"], 2);
    }

    #[test]
    fn trailing_comma() {
        let m = hashmap! {
            1 => "one",
            2 => "two",
        };
        assert_eq!(m.len(), 2);
    }

    #[test]
    fn empty_map() {
        let m: ::std::collections::HashMap<u8, u8> = hashmap! {};
        assert!(m.is_empty());
    }

    #[test]
    fn capacity_matches_the_entries() {
        let m = hashmap! { 'a' => 1, 'b' => 2, 'c' => 3, 'd' => 4, 'e' => 5 };
        assert!(m.capacity() >= 5);
        // Counting is done at compile time: this is a constant.
        const N: usize = count!(a b c);
        assert_eq!(N, 3);
    }

    #[test]
    fn counts_past_the_recursion_limit() {
        // 256 tokens: more than the default `recursion_limit` of 128, so a
        // count that recurses once per token does not compile.
        const N: usize = count!(
            x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x
            x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x
            x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x
            x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x
            x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x
            x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x
            x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x
            x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x
        );
        assert_eq!(N, 256);
    }

    #[test]
    fn keys_are_evaluated_once() {
        let mut calls = 0;
        let mut next = || {
            calls += 1;
            calls
        };
        let m = hashmap! { next() => "x", next() => "y" };
        assert_eq!(m.len(), 2);
        assert_eq!(calls, 2);
    }
}
