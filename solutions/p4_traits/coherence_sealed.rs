//! Coherence: the orphan rule, its workarounds, and sealed traits.
//!
//! Coherence means there is at most one impl of a trait for a type in the
//! whole program. To guarantee it across crates, you may implement a trait
//! for a type only if the trait or the type is defined in your crate (the
//! *orphan rule*), and inherent methods only on your own types.
//!
//! Part 1 breaks both rules (errors E0117 and E0390). Fix them with the
//! standard workarounds, keeping what the tests use:
//!
//! - `Polyline`, a newtype around `Vec<Point>`, prints itself as
//!   `(0, 0) -> (3, 4)` and can be used like a slice of points (`len`,
//!   `iter`, indexing);
//! - `PointsExt`, an extension trait, gives every `[Point]` (and so every
//!   `Vec<Point>`) a `bounding_box`.
//!
//! Part 2: `Length<U>` converts between units through `Unit::METERS`, and
//! more units may be added *to this crate* later, together with new methods
//! on `Unit`. Adding a required method to a public trait breaks every
//! outside impl; seal the trait so that there are none: other crates can
//! *use* `Unit` but not implement it. The tutor checks that an outside impl
//! no longer compiles.

use std::fmt;
use std::marker::PhantomData;
use std::ops::{Add, Deref};

// ---------------------------------------------------------------------------
// Part 1: the orphan rule.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Point {
    pub x: i64,
    pub y: i64,
}

impl fmt::Display for Point {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({}, {})", self.x, self.y)
    }
}

/// A path through points. Our own type, so we may implement any trait for it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Polyline(pub Vec<Point>);

impl fmt::Display for Polyline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" -> ")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl From<Vec<Point>> for Polyline {
    fn from(points: Vec<Point>) -> Self {
        Polyline(points)
    }
}

/// The newtype is used like the slice it wraps.
impl Deref for Polyline {
    type Target = [Point];

    fn deref(&self) -> &[Point] {
        &self.0
    }
}

/// Methods for a type we do not own, through a trait we do own.
pub trait PointsExt {
    /// The smallest and the largest corner, or `None` for no points.
    fn bounding_box(&self) -> Option<(Point, Point)>;
}

impl PointsExt for [Point] {
    fn bounding_box(&self) -> Option<(Point, Point)> {
        let first = *self.first()?;
        Some(self.iter().fold((first, first), |(lo, hi), p| {
            (
                Point {
                    x: lo.x.min(p.x),
                    y: lo.y.min(p.y),
                },
                Point {
                    x: hi.x.max(p.x),
                    y: hi.y.max(p.y),
                },
            )
        }))
    }
}

// ---------------------------------------------------------------------------
// Part 2: a sealed trait.

mod sealed {
    /// Public, so it can be a supertrait of a public trait, but in a private
    /// module: no other crate can name it, so none can implement it.
    pub trait Sealed {}
}

/// A unit of length. Sealed: implemented only in this crate.
pub trait Unit: sealed::Sealed {
    const SYMBOL: &'static str;
    /// How many meters one of this unit is.
    const METERS: f64;
}

#[derive(Debug, Clone, Copy)]
pub struct Meters;
#[derive(Debug, Clone, Copy)]
pub struct Feet;
#[derive(Debug, Clone, Copy)]
pub struct Miles;

impl sealed::Sealed for Meters {}
impl sealed::Sealed for Feet {}
impl sealed::Sealed for Miles {}

impl Unit for Meters {
    const SYMBOL: &'static str = "m";
    const METERS: f64 = 1.0;
}

impl Unit for Feet {
    const SYMBOL: &'static str = "ft";
    const METERS: f64 = 0.3048;
}

impl Unit for Miles {
    const SYMBOL: &'static str = "mi";
    const METERS: f64 = 1609.344;
}

/// A length in unit `U`.
#[derive(Debug)]
pub struct Length<U: Unit> {
    value: f64,
    unit: PhantomData<U>,
}

// Written by hand: `#[derive(Clone, Copy, ..)]` would require `U: Clone`,
// `U: Copy`, ..., although only a `PhantomData<U>` is stored.
impl<U: Unit> Clone for Length<U> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<U: Unit> Copy for Length<U> {}

impl<U: Unit> PartialEq for Length<U> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<U: Unit> PartialOrd for Length<U> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        self.value.partial_cmp(&other.value)
    }
}

impl<U: Unit> Length<U> {
    pub fn new(value: f64) -> Self {
        Length {
            value,
            unit: PhantomData,
        }
    }

    pub fn value(self) -> f64 {
        self.value
    }

    /// The same length in unit `V`.
    pub fn to<V: Unit>(self) -> Length<V> {
        Length::new(self.value * U::METERS / V::METERS)
    }
}

/// Only lengths in the same unit add up.
impl<U: Unit> Add for Length<U> {
    type Output = Length<U>;

    fn add(self, other: Self) -> Self {
        Length::new(self.value + other.value)
    }
}

impl<U: Unit> fmt::Display for Length<U> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.value, U::SYMBOL)
    }
}

fn main() {
    let path = Polyline::from(vec![Point { x: 0, y: 0 }, Point { x: 3, y: 4 }]);
    println!("{path} spans {:?}", path.bounding_box());
    let run = Length::<Miles>::new(3.0);
    println!("{run} = {:.0}", run.to::<Meters>());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(x: i64, y: i64) -> Point {
        Point { x, y }
    }

    #[test]
    fn polylines_print_as_arrows() {
        let line = Polyline::from(vec![p(0, 0), p(3, 4), p(-1, 2)]);
        assert_eq!(line.to_string(), "(0, 0) -> (3, 4) -> (-1, 2)");
        assert_eq!(Polyline::default().to_string(), "");
    }

    #[test]
    fn polylines_act_like_slices() {
        let line = Polyline(vec![p(1, 1), p(2, 3)]);
        assert_eq!(line.len(), 2);
        assert_eq!(line[1], p(2, 3));
        assert_eq!(line.iter().map(|q| q.x).sum::<i64>(), 3);
    }

    #[test]
    fn bounding_boxes() {
        let points = vec![p(1, 5), p(-2, 3), p(4, -1)];
        assert_eq!(points.bounding_box(), Some((p(-2, -1), p(4, 5))));
        assert_eq!(points[..1].bounding_box(), Some((p(1, 5), p(1, 5))));
        let none: [Point; 0] = [];
        assert_eq!(none.bounding_box(), None);
        let line = Polyline(points);
        assert_eq!(line.bounding_box(), Some((p(-2, -1), p(4, 5))));
    }

    #[test]
    fn lengths_convert() {
        let mile = Length::<Miles>::new(1.0);
        assert!((mile.to::<Feet>().value() - 5280.0).abs() < 1e-9);
        assert!((mile.to::<Meters>().value() - 1609.344).abs() < 1e-9);
        let sum = Length::<Feet>::new(1.5) + Length::<Feet>::new(2.0);
        assert_eq!(sum.to_string(), "3.5 ft");
        assert!(Length::<Meters>::new(1.0) < Length::<Meters>::new(2.0));
    }

    #[test]
    fn a_generic_function_over_units() {
        fn describe<U: Unit>(l: Length<U>) -> String {
            format!("{l} ({:.1} m)", l.to::<Meters>().value())
        }
        assert_eq!(describe(Length::<Feet>::new(10.0)), "10 ft (3.0 m)");
    }
}
