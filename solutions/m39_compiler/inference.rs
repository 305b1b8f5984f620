//! Type inference and method resolution.
//!
//! Part 1. rustc infers types from how values are used, but some expressions
//! have many possible types: `collect()` can build any `FromIterator`,
//! `parse()` any `FromStr`, `sum()` any `Sum`. Fix the E0282/E0283 errors with
//! as few annotations as possible (one turbofish or one type on a `let` each):
//! find the one place that decides the rest.
//!
//! Part 2. `describe!(value)` gives the `Display` text of a value when it has
//! one, else its `Debug` text, else `"<opaque>"`, with no nightly
//! specialization. It relies on how method calls are resolved: the compiler
//! tries the receiver type as written, then with `&` added, then dereferenced
//! once, and so on, and takes the first step where some method fits. Place the
//! three impls so that each wins at its own step.

use std::fmt::{Debug, Display};

/// Sum of the comma-separated integers of `line` (`"1, 2,3"` is 6).
pub fn sum_of(line: &str) -> i64 {
    let numbers: Vec<i64> = line.split(',').map(|s| s.trim().parse().unwrap()).collect();
    numbers.iter().sum()
}

/// Mean of the values (NaN for none).
pub fn mean(values: &[f64]) -> f64 {
    let total: f64 = values.iter().sum();
    total / values.len() as f64
}

/// The distinct words of `text`, sorted.
pub fn distinct_words(text: &str) -> Vec<&str> {
    let set: std::collections::HashSet<&str> = text.split_whitespace().collect();
    let mut words = Vec::from_iter(set);
    words.sort();
    words
}

pub struct Wrap<'a, T>(pub &'a T);

pub trait ViaDisplay {
    fn describe(&self) -> String;
}

pub trait ViaDebug {
    fn describe(&self) -> String;
}

pub trait ViaNothing {
    fn describe(&self) -> String;
}

// The receiver is `&&&Wrap<T>`. Step 1 looks for a method whose `&self` is
// `&&&Wrap<T>`, i.e. an impl for `&&Wrap<T>`; after one deref, step 2 finds
// impls for `&Wrap<T>`; after another, step 3 finds impls for `Wrap<T>`.
impl<T: Display> ViaDisplay for &&Wrap<'_, T> {
    fn describe(&self) -> String {
        self.0.to_string()
    }
}

impl<T: Debug> ViaDebug for &Wrap<'_, T> {
    fn describe(&self) -> String {
        format!("{:?}", self.0)
    }
}

impl<T> ViaNothing for Wrap<'_, T> {
    fn describe(&self) -> String {
        "<opaque>".to_string()
    }
}

/// Keep this macro as it is: three `&` give the resolution three steps.
#[macro_export]
macro_rules! describe {
    ($value:expr) => {{
        #[allow(unused_imports)]
        use $crate::{ViaDebug as _, ViaDisplay as _, ViaNothing as _};
        (&&&$crate::Wrap(&$value)).describe()
    }};
}

fn main() {
    println!("{}", sum_of("1, 2, 3"));
    println!("{}", mean(&[1.0, 2.0]));
    println!("{:?}", distinct_words("b a b"));
    println!("{}", describe!(vec![1, 2]));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums() {
        assert_eq!(sum_of("1, 2,3"), 6);
        assert_eq!(sum_of("-4"), -4);
        assert_eq!(sum_of("4000000000, 4000000000"), 8_000_000_000);
    }

    #[test]
    fn means() {
        assert_eq!(mean(&[1.0, 2.0, 6.0]), 3.0);
        assert!(mean(&[]).is_nan());
    }

    #[test]
    fn words() {
        assert_eq!(
            distinct_words("the cat saw the dog"),
            ["cat", "dog", "saw", "the"]
        );
    }

    struct Opaque;

    #[derive(Debug)]
    struct OnlyDebug {
        _x: u8,
    }

    #[test]
    fn display_wins_over_debug() {
        assert_eq!(describe!(42), "42");
        assert_eq!(describe!("hi"), "hi");
        assert_eq!(describe!(String::from("s")), "s");
    }

    #[test]
    fn debug_when_there_is_no_display() {
        assert_eq!(describe!(vec![1, 2]), "[1, 2]");
        assert_eq!(describe!(Some('x')), "Some('x')");
        assert_eq!(describe!(OnlyDebug { _x: 1 }), "OnlyDebug { _x: 1 }");
    }

    #[test]
    fn opaque_otherwise() {
        assert_eq!(describe!(Opaque), "<opaque>");
    }
}
