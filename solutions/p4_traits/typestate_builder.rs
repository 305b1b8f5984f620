//! Type states: misuse that does not compile.
//!
//! Two APIs where the type system can rule out mistakes that would
//! otherwise be runtime errors:
//!
//! - `RequestBuilder<U, M>` builds an HTTP request. Its type parameters
//!   record whether the URL (`NoUrl`/`Url`) and the method
//!   (`NoMethod`/`Get`/`Post`) are set. `build` must exist only once both
//!   are, each may be set only once, and only a POST may have a body.
//! - `Matrix<R, C>` is an `R`×`C` matrix whose shape is part of its type
//!   (const generics). Multiplying shapes that do not match must not compile.
//!
//! The code below compiles and the tests pass, but the types do not protect
//! anything yet: everything is available in every state, and mistakes panic
//! at run time. The tutor checks that these misuses no longer compile:
//! building without a URL or without a method, setting the URL twice, a body
//! on a GET, and multiplying a 2×3 matrix by a 2×3 matrix. The states are zero-sized: the checks cost nothing at run
//! time.

use std::marker::PhantomData;
use std::ops::Mul;

// ---------------------------------------------------------------------------
// A typestate builder.

/// The URL is not set yet.
#[derive(Debug, Default)]
pub struct NoUrl;
/// The URL is set.
#[derive(Debug)]
pub struct Url(String);
/// The method is not set yet.
#[derive(Debug, Default)]
pub struct NoMethod;
#[derive(Debug)]
pub struct Get;
#[derive(Debug)]
pub struct Post;

/// The methods a request can be sent with.
pub trait HttpMethod {
    const NAME: &'static str;
}

impl HttpMethod for Get {
    const NAME: &'static str = "GET";
}

impl HttpMethod for Post {
    const NAME: &'static str = "POST";
}

/// A finished request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

#[derive(Debug)]
pub struct RequestBuilder<U, M> {
    url: U,
    method: PhantomData<M>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl RequestBuilder<NoUrl, NoMethod> {
    pub fn new() -> Self {
        RequestBuilder {
            url: NoUrl,
            method: PhantomData,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }
}

impl Default for RequestBuilder<NoUrl, NoMethod> {
    fn default() -> Self {
        Self::new()
    }
}

/// Available in every state.
impl<U, M> RequestBuilder<U, M> {
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
}

/// Only while the URL is not set.
impl<M> RequestBuilder<NoUrl, M> {
    pub fn url(self, url: &str) -> RequestBuilder<Url, M> {
        RequestBuilder {
            url: Url(url.to_string()),
            method: PhantomData,
            headers: self.headers,
            body: self.body,
        }
    }
}

/// Only while the method is not set.
impl<U> RequestBuilder<U, NoMethod> {
    pub fn get(self) -> RequestBuilder<U, Get> {
        self.with_method()
    }

    pub fn post(self) -> RequestBuilder<U, Post> {
        self.with_method()
    }

    fn with_method<M>(self) -> RequestBuilder<U, M> {
        RequestBuilder {
            url: self.url,
            method: PhantomData,
            headers: self.headers,
            body: self.body,
        }
    }
}

/// Only a POST has a body.
impl<U> RequestBuilder<U, Post> {
    pub fn body(mut self, body: &[u8]) -> Self {
        self.body = body.to_vec();
        self
    }
}

/// Only when both the URL and the method are set.
impl<M: HttpMethod> RequestBuilder<Url, M> {
    pub fn build(self) -> Request {
        Request {
            method: M::NAME,
            url: self.url.0,
            headers: self.headers,
            body: self.body,
        }
    }
}

// ---------------------------------------------------------------------------
// Shapes in types.

/// An `R`×`C` matrix of `f64`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Matrix<const R: usize, const C: usize> {
    pub cells: [[f64; C]; R],
}

impl<const R: usize, const C: usize> Matrix<R, C> {
    pub fn new(cells: [[f64; C]; R]) -> Self {
        Matrix { cells }
    }

    pub fn zero() -> Self {
        Matrix {
            cells: [[0.0; C]; R],
        }
    }

    pub fn transpose(&self) -> Matrix<C, R> {
        let mut t = Matrix::<C, R>::zero();
        for (i, row) in self.cells.iter().enumerate() {
            for (j, &x) in row.iter().enumerate() {
                t.cells[j][i] = x;
            }
        }
        t
    }
}

impl<const N: usize> Matrix<N, N> {
    /// Only square matrices have an identity.
    pub fn identity() -> Self {
        let mut m = Self::zero();
        for i in 0..N {
            m.cells[i][i] = 1.0;
        }
        m
    }
}

/// `R`×`C` times `C`×`K` is `R`×`K`: the inner sizes are the same `C`.
impl<const R: usize, const C: usize, const K: usize> Mul<&Matrix<C, K>> for &Matrix<R, C> {
    type Output = Matrix<R, K>;

    fn mul(self, rhs: &Matrix<C, K>) -> Matrix<R, K> {
        let mut out = Matrix::<R, K>::zero();
        for (out_row, row) in out.cells.iter_mut().zip(&self.cells) {
            for (k, cell) in out_row.iter_mut().enumerate() {
                *cell = row
                    .iter()
                    .zip(&rhs.cells)
                    .map(|(a, b_row)| a * b_row[k])
                    .sum();
            }
        }
        out
    }
}

fn main() {
    let request = RequestBuilder::new()
        .url("https://example.org/items")
        .header("accept", "application/json")
        .post()
        .body(b"{}")
        .build();
    println!("{request:?}");
    let a = Matrix::new([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
    println!("{:?}", &a * &a.transpose());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::size_of;

    #[test]
    fn builds_a_get() {
        let r = RequestBuilder::new()
            .header("a", "1")
            .get()
            .url("/items")
            .header("b", "2")
            .build();
        assert_eq!(
            r,
            Request {
                method: "GET",
                url: "/items".into(),
                headers: vec![("a".into(), "1".into()), ("b".into(), "2".into())],
                body: vec![],
            }
        );
    }

    #[test]
    fn builds_a_post_with_a_body() {
        let r = RequestBuilder::new()
            .url("/upload")
            .post()
            .body(b"data")
            .build();
        assert_eq!(r.method, "POST");
        assert_eq!(r.body, b"data");
    }

    #[test]
    fn states_cost_nothing() {
        assert_eq!(
            size_of::<RequestBuilder<Url, Post>>(),
            size_of::<RequestBuilder<Url, Get>>()
        );
        assert_eq!(
            size_of::<NoUrl>() + size_of::<Get>() + size_of::<NoMethod>(),
            0
        );
    }

    #[test]
    fn multiplies_matching_shapes() {
        let a = Matrix::new([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
        let b = Matrix::new([[7.0, 8.0], [9.0, 10.0], [11.0, 12.0]]);
        let c: Matrix<2, 2> = &a * &b;
        assert_eq!(c.cells, [[58.0, 64.0], [139.0, 154.0]]);
        let column = Matrix::new([[1.0], [1.0], [1.0]]);
        let sums: Matrix<2, 1> = &a * &column;
        assert_eq!(sums.cells, [[6.0], [15.0]]);
    }

    #[test]
    fn identity_and_transpose() {
        let a = Matrix::new([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
        assert_eq!(&a * &Matrix::<3, 3>::identity(), a);
        assert_eq!(&Matrix::<2, 2>::identity() * &a, a);
        let t: Matrix<3, 2> = a.transpose();
        assert_eq!(t.cells[2], [3.0, 6.0]);
        assert_eq!(t.transpose(), a);
    }
}
