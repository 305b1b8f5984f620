//! A `hashmap!` macro, like `vec!` for maps.
//!
//! `hashmap! { "a" => 1, "b" => 2 }` builds a `HashMap` with exactly enough
//! capacity for its entries. It must accept an empty map and a trailing comma,
//! and it must keep working when the caller's module shadows names the macro
//! uses (a macro expands where it is called, not where it is defined).

/// Counts its arguments at compile time: `count!(a b c)` is `3usize`.
#[macro_export]
macro_rules! count {
    () => { 0usize };
    ($head:tt $($tail:tt)*) => { 1usize + $crate::count!($($tail)*) };
}

#[macro_export]
macro_rules! hashmap {
    ($($key:expr => $value:expr),* $(,)?) => {{
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
