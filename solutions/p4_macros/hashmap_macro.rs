//! A `hashmap!` macro, like `vec!` for maps.
//!
//! `hashmap! { "a" => 1, "b" => 2 }` builds a `HashMap` with exactly enough
//! capacity for its entries. It must accept an empty map and a trailing comma,
//! and it must keep working when the caller's module shadows names the macro
//! uses (a macro expands where it is called, not where it is defined).
//!
//! `count!` counts token trees into a constant; the tests also count 256 of
//! them, which is deeper than the compiler lets a macro recurse by default.

/// Turns any token tree into `()`, so a list of tokens becomes a list of units.
#[doc(hidden)]
#[macro_export]
macro_rules! __unit {
    ($_t:tt) => {
        ()
    };
}

/// Counts its arguments at compile time: `count!(a b c)` is `3usize`.
///
/// The tokens become the elements of an array of `()`, and the length of that
/// array is a constant. Unlike a count that recurses once per token, this does
/// not run into the recursion limit on long inputs.
#[macro_export]
macro_rules! count {
    ($($t:tt)*) => {
        <[()]>::len(&[$($crate::__unit!($t)),*])
    };
}

#[macro_export]
macro_rules! hashmap {
    ($($key:expr => $value:expr),* $(,)?) => {{
        #[allow(unused_mut)]
        let mut map = ::std::collections::HashMap::with_capacity($crate::count!($($key)*));
        $(
            map.insert($key, $value);
        )*
        map
    }};
}

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
