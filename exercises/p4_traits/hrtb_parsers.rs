//! Parser combinators and higher-ranked trait bounds.
//!
//! A parser here is a function from the input to an optional pair: the value
//! it read and the input left over, which borrows from the input. A parser is
//! built once and used on many inputs, each with its *own* lifetime, so its
//! type must promise to work for every lifetime the caller may pick:
//! `for<'a> Fn(&'a str) -> PResult<'a, T>`, a higher-ranked trait bound.
//!
//! The combinators below were written with one lifetime parameter `'a`,
//! chosen when the parser is *built*. That compiles until a parser meets two
//! inputs, or goes into a `Box<dyn ..>`: the tests do both. Fix the
//! signatures, then implement `sep_by` (zero or more `p` separated by `sep`,
//! no trailing separator) and `alt_all` (the first parser that succeeds).
//!
//! Values are owned (`u64`, `String`, ...): only the leftover input borrows.

/// What a parser returns: the value and the input left over.
pub type PResult<'a, T> = Option<(T, &'a str)>;

/// A parser in a box, for tables of parsers.
pub type BoxedParser<T> = Box<dyn for<'a> Fn(&'a str) -> PResult<'a, T>>;

/// A decimal number that fits in a `u64`.
pub fn number(input: &str) -> PResult<'_, u64> {
    let end = input
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(input.len());
    let value = input[..end].parse().ok()?;
    Some((value, &input[end..]))
}

/// A name: a lowercase letter or `_`, then lowercase letters, digits or `_`.
pub fn ident(input: &str) -> PResult<'_, String> {
    let first = input.chars().next()?;
    if !(first.is_ascii_lowercase() || first == '_') {
        return None;
    }
    let end = input
        .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
        .unwrap_or(input.len());
    Some((input[..end].to_string(), &input[end..]))
}

/// Exactly the character `c`.
pub fn char_<'a>(c: char) -> impl Fn(&'a str) -> PResult<'a, char> {
    move |input: &'a str| Some((c, input.strip_prefix(c)?))
}

/// Exactly the text `expected`.
pub fn tag<'a>(expected: &'static str) -> impl Fn(&'a str) -> PResult<'a, &'static str> {
    move |input: &'a str| Some((expected, input.strip_prefix(expected)?))
}

/// `p`, its value transformed by `f`.
pub fn map<'a, P, F, A, B>(p: P, f: F) -> impl Fn(&'a str) -> PResult<'a, B>
where
    P: Fn(&'a str) -> PResult<'a, A>,
    F: Fn(A) -> B,
{
    move |input: &'a str| {
        let (a, rest) = p(input)?;
        Some((f(a), rest))
    }
}

/// `p` then `q`.
pub fn pair<'a, P, Q, A, B>(p: P, q: Q) -> impl Fn(&'a str) -> PResult<'a, (A, B)>
where
    P: Fn(&'a str) -> PResult<'a, A>,
    Q: Fn(&'a str) -> PResult<'a, B>,
{
    move |input: &'a str| {
        let (a, rest) = p(input)?;
        let (b, rest) = q(rest)?;
        Some(((a, b), rest))
    }
}

/// `p`, or else `q` on the same input.
pub fn alt<'a, P, Q, A>(p: P, q: Q) -> impl Fn(&'a str) -> PResult<'a, A>
where
    P: Fn(&'a str) -> PResult<'a, A>,
    Q: Fn(&'a str) -> PResult<'a, A>,
{
    move |input: &'a str| p(input).or_else(|| q(input))
}

/// `p` after any whitespace.
pub fn token<'a, P, A>(p: P) -> impl Fn(&'a str) -> PResult<'a, A>
where
    P: Fn(&'a str) -> PResult<'a, A>,
{
    move |input: &'a str| p(input.trim_start())
}

/// `open`, `p`, `close`; the value of `p`.
pub fn delimited<'a, O, P, C, X, A, Y>(
    open: O,
    p: P,
    close: C,
) -> impl Fn(&'a str) -> PResult<'a, A>
where
    O: Fn(&'a str) -> PResult<'a, X>,
    P: Fn(&'a str) -> PResult<'a, A>,
    C: Fn(&'a str) -> PResult<'a, Y>,
{
    move |input: &'a str| {
        let (_, rest) = open(input)?;
        let (a, rest) = p(rest)?;
        let (_, rest) = close(rest)?;
        Some((a, rest))
    }
}

/// Zero or more `p`, separated by `sep` (no separator after the last).
pub fn sep_by<'a, P, S, A, X>(p: P, sep: S) -> impl Fn(&'a str) -> PResult<'a, Vec<A>>
where
    P: Fn(&'a str) -> PResult<'a, A>,
    S: Fn(&'a str) -> PResult<'a, X>,
{
    move |input: &'a str| {
        // TODO
        let _ = (&p, &sep, input);
        None
    }
}

/// The first of `parsers` that succeeds.
pub fn alt_all<'a, T>(parsers: Vec<BoxedParser<T>>) -> impl Fn(&'a str) -> PResult<'a, T> {
    move |input: &'a str| {
        // TODO
        let _ = (&parsers, input);
        None
    }
}

/// A value of a small data language: `42`, `name`, `[1, [a, b], c]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Num(u64),
    Atom(String),
    List(Vec<Value>),
}

/// One value, after optional whitespace.
pub fn value(input: &str) -> PResult<'_, Value> {
    // `value` is a fn item: its elided lifetime makes it higher-ranked, so
    // it can be passed to the combinators, even from inside itself.
    let list = delimited(
        token(char_('[')),
        sep_by(value, token(char_(','))),
        token(char_(']')),
    );
    let scalar = alt(map(number, Value::Num), map(ident, Value::Atom));
    alt(map(list, Value::List), token(scalar))(input)
}

/// A whole input holding one value (surrounding whitespace is fine).
pub fn parse_value(input: &str) -> Option<Value> {
    match value(input)? {
        (v, rest) if rest.trim().is_empty() => Some(v),
        _ => None,
    }
}

fn main() {
    println!("{:?}", parse_value("[1, [a, b], c]"));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn atom(s: &str) -> Value {
        Value::Atom(s.to_string())
    }

    #[test]
    fn primitives() {
        assert_eq!(number("42abc"), Some((42, "abc")));
        assert_eq!(number("x"), None);
        assert_eq!(number("99999999999999999999"), None, "does not fit");
        assert_eq!(
            ident("snake_case2 rest"),
            Some(("snake_case2".into(), " rest"))
        );
        assert_eq!(ident("2x"), None);
        assert_eq!(char_('[')("[1]"), Some(('[', "1]")));
        assert_eq!(tag("let")("let x"), Some(("let", " x")));
    }

    #[test]
    fn combinators() {
        let p = pair(token(number), token(ident));
        assert_eq!(p("  7  up!"), Some(((7, "up".into()), "!")));
        let digits_or_name = alt(map(number, |n| n.to_string()), ident);
        assert_eq!(digits_or_name("12"), Some(("12".into(), "")));
        assert_eq!(digits_or_name("ab"), Some(("ab".into(), "")));
        assert_eq!(digits_or_name("!"), None);
    }

    #[test]
    fn separated_lists() {
        let numbers = sep_by(token(number), token(char_(',')));
        assert_eq!(numbers("1, 2 ,3;"), Some((vec![1, 2, 3], ";")));
        assert_eq!(numbers(""), Some((vec![], "")));
        assert_eq!(numbers("x"), Some((vec![], "x")));
        // A trailing separator is not consumed.
        assert_eq!(numbers("1, 2,"), Some((vec![1, 2], ",")));
    }

    #[test]
    fn nested_values() {
        assert_eq!(
            parse_value(" [1, [a, b], c ] "),
            Some(Value::List(vec![
                Value::Num(1),
                Value::List(vec![atom("a"), atom("b")]),
                atom("c"),
            ]))
        );
        assert_eq!(parse_value("[]"), Some(Value::List(vec![])));
        assert_eq!(parse_value("[1, 2"), None);
        assert_eq!(parse_value("[1,,2]"), None);
        assert_eq!(parse_value("[1] x"), None);
    }

    #[test]
    fn one_parser_many_inputs() {
        // Built once, used on inputs that each live for one iteration.
        let list = delimited(
            token(char_('[')),
            sep_by(token(number), token(char_(','))),
            token(char_(']')),
        );
        let mut sums = Vec::new();
        for n in 1..=3 {
            let input = format!("[{}]", vec!["7"; n].join(", "));
            let (numbers, rest) = list(&input).unwrap();
            assert_eq!(rest, "");
            sums.push(numbers.iter().sum::<u64>());
        }
        assert_eq!(sums, [7, 14, 21]);
    }

    #[derive(Debug, PartialEq, Eq)]
    enum Keyword {
        Let,
        Fn,
        Loop,
    }

    #[test]
    fn tables_of_boxed_parsers() {
        let table: Vec<BoxedParser<Keyword>> = vec![
            Box::new(map(tag("let"), |_| Keyword::Let)),
            Box::new(map(tag("fn"), |_| Keyword::Fn)),
            Box::new(map(tag("loop"), |_| Keyword::Loop)),
        ];
        let keyword = token(alt_all(table));
        assert_eq!(keyword(" loop {"), Some((Keyword::Loop, " {")));
        assert_eq!(keyword("fn f"), Some((Keyword::Fn, " f")));
        assert_eq!(keyword("while"), None);
        let owned = String::from("let x = 1");
        assert_eq!(keyword(&owned), Some((Keyword::Let, " x = 1")));
    }
}
