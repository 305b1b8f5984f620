//! Desugaring by hand: what the compiler turns `for`, `?` and closures into.
//!
//! Before type checking, rustc lowers the syntax tree to HIR, and much of the
//! syntax you write disappears on the way: a `for` loop becomes a `loop` over
//! `Iterator::next`, `?` becomes a `match` with an early `return`, a closure
//! becomes a struct of its captures with a `call`/`call_mut` method. (On
//! nightly, `cargo rustc -- -Zunpretty=hir` prints the lowered code.)
//!
//! Each `*_sugar` function below is the reference. Write the `*_desugared`
//! twin in the lowered form, and the structs `Counter` and `Adder` that the two
//! closures would become. The tests compare the twins; the tutor also checks
//! that the `*_desugared` functions and the two `impl` blocks use no `for`, no
//! `while`, no `?` and no closure.

use std::num::ParseIntError;

// ---------------------------------------------------------------- for loops

pub fn sum_until_negative_sugar(values: Vec<i32>) -> i32 {
    let mut sum = 0;
    for v in values {
        if v < 0 {
            break;
        }
        sum += v;
    }
    sum
}

/// `for PAT in EXPR { BODY }` is
/// `match IntoIterator::into_iter(EXPR) { mut iter => loop { match Iterator::next(&mut iter) { ... } } }`.
pub fn sum_until_negative_desugared(values: Vec<i32>) -> i32 {
    let _ = values;
    todo!()
}

// ------------------------------------------------------------ the ? operator

#[derive(Debug, PartialEq)]
pub struct Point {
    pub x: i64,
    pub y: i64,
}

#[derive(Debug, PartialEq)]
pub enum ParseError {
    MissingComma,
    Number(ParseIntError),
}

impl From<ParseIntError> for ParseError {
    fn from(e: ParseIntError) -> Self {
        ParseError::Number(e)
    }
}

pub fn parse_point_sugar(s: &str) -> Result<Point, ParseError> {
    let (x, y) = s.split_once(',').ok_or(ParseError::MissingComma)?;
    Ok(Point {
        x: x.trim().parse()?,
        y: y.trim().parse()?,
    })
}

/// `EXPR?` on a `Result` is a `match` that returns early with the error
/// converted by `From::from`.
pub fn parse_point_desugared(s: &str) -> Result<Point, ParseError> {
    let _ = s;
    todo!()
}

// ------------------------------------------------------------------ closures

/// A closure that owns its capture and changes it: `FnMut`.
pub fn counter_sugar(start: u32) -> impl FnMut() -> u32 {
    let mut count = start;
    move || {
        count += 1;
        count
    }
}

/// What `counter_sugar`'s closure is: a struct holding what it captured.
pub struct Counter {
    // TODO: the captured state.
}

impl Counter {
    pub fn call_mut(&mut self) -> u32 {
        todo!()
    }
}

pub fn counter_desugared(start: u32) -> Counter {
    let _ = start;
    todo!()
}

/// A closure that borrows its capture: `Fn`, tied to the lifetime of `n`.
pub fn adder_sugar(n: &i32) -> impl Fn(i32) -> i32 + '_ {
    |x| x + *n
}

/// What `adder_sugar`'s closure is.
pub struct Adder<'a> {
    // TODO: the captured reference.
    _todo: std::marker::PhantomData<&'a i32>,
}

impl Adder<'_> {
    pub fn call(&self, x: i32) -> i32 {
        let _ = x;
        todo!()
    }
}

pub fn adder_desugared(n: &i32) -> Adder<'_> {
    let _ = n;
    todo!()
}

fn main() {
    println!("{}", sum_until_negative_desugared(vec![1, 2, -1, 5]));
    println!("{:?}", parse_point_desugared("3, 4"));
    let mut c = counter_desugared(10);
    println!("{} {}", c.call_mut(), c.call_mut());
    println!("{}", adder_desugared(&5).call(1));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{size_of, size_of_val};

    #[test]
    fn for_loop_twin() {
        for input in [vec![], vec![1, 2, 3], vec![4, -1, 100], vec![-5, 1]] {
            assert_eq!(
                sum_until_negative_desugared(input.clone()),
                sum_until_negative_sugar(input)
            );
        }
    }

    #[test]
    fn question_mark_twin() {
        for input in ["3, 4", "-7,0", "3 4", "x,1", "1,", ""] {
            assert_eq!(
                parse_point_desugared(input),
                parse_point_sugar(input),
                "{input:?}"
            );
        }
    }

    #[test]
    fn the_error_goes_through_from() {
        assert!(matches!(
            parse_point_desugared("1,z"),
            Err(ParseError::Number(_))
        ));
    }

    #[test]
    fn counter_twin() {
        let mut sugar = counter_sugar(41);
        let mut desugared = counter_desugared(41);
        for _ in 0..3 {
            assert_eq!(desugared.call_mut(), sugar());
        }
    }

    #[test]
    fn counter_has_the_size_of_its_capture() {
        assert_eq!(size_of::<Counter>(), size_of_val(&counter_sugar(0)));
    }

    #[test]
    fn adder_twin() {
        let n = 40;
        let sugar = adder_sugar(&n);
        let desugared = adder_desugared(&n);
        assert_eq!(desugared.call(2), sugar(2));
        assert_eq!(desugared.call(-40), sugar(-40));
    }

    #[test]
    fn adder_holds_a_reference_not_a_copy() {
        let n = 1;
        assert_eq!(size_of::<Adder<'_>>(), size_of_val(&adder_sugar(&n)));
        assert_eq!(size_of::<Adder<'_>>(), size_of::<&i32>());
    }
}
