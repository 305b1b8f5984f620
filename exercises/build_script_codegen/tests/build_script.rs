//! The parser and the generator of `build.rs`, tested directly: the build
//! script is included here as a module.

#[allow(dead_code)]
#[path = "../build.rs"]
mod codegen;

use codegen::{Row, generate, parse};

fn row(code: u16, reason: &str, variant: &str) -> Row {
    Row {
        code,
        reason: reason.into(),
        variant: variant.into(),
    }
}

#[test]
fn rows_are_trimmed_and_sorted_by_code() {
    let text = "# a comment\n\n404,Not Found\n  200 , OK  \n\n   # indented comment\n101,Switching Protocols\n";
    assert_eq!(
        parse(text).unwrap(),
        [
            row(101, "Switching Protocols", "SwitchingProtocols"),
            row(200, "OK", "Ok"),
            row(404, "Not Found", "NotFound"),
        ]
    );
}

#[test]
fn variants_are_upper_camel_case() {
    let text = "\
203,Non-Authoritative Information
414,URI Too Long
418,I'm a teapot
431,Request Header Fields Too Large
299,Take 5
";
    let variants: Vec<String> = parse(text)
        .unwrap()
        .into_iter()
        .map(|r| r.variant)
        .collect();
    assert_eq!(
        variants,
        [
            "NonAuthoritativeInformation",
            "Take5",
            "UriTooLong",
            "ImATeapot",
            "RequestHeaderFieldsTooLarge",
        ]
    );
}

#[test]
fn the_reason_is_everything_after_the_first_comma() {
    assert_eq!(
        parse("299,Fine, thanks\n").unwrap(),
        [row(299, "Fine, thanks", "FineThanks")]
    );
}

/// The error for `text`, which must start with `line {line}:`.
fn error_at(text: &str, line: usize) -> String {
    let error = match parse(text) {
        Ok(rows) => panic!("{text:?} is malformed, but parsed as {rows:?}"),
        Err(error) => error,
    };
    assert!(
        error.starts_with(&format!("line {line}:")),
        "the error for {text:?} must start with `line {line}:`, got {error:?}"
    );
    error
}

#[test]
fn a_malformed_row_names_its_line() {
    error_at("200,OK\n404 Not Found\n", 2);
    error_at("# comment\n\n4o4,Not Found\n", 3);
    error_at(",Nothing\n", 1);
    error_at("99,Too Low\n", 1);
    error_at("600,Too High\n", 1);
    error_at("200,OK\n70000,Overflow\n", 2);
    error_at("200,OK\n201,\n", 2);
    error_at("200,OK\n201,   \n", 2);
    error_at("200,Caf\u{e9}\n", 1);
    error_at("200,OK\n201,3xx Thing\n", 2);
}

#[test]
fn a_repeated_code_or_variant_names_both_lines() {
    let error = error_at("200,OK\n201,Created\n\n200,Fine\n", 4);
    assert!(error.contains("line 1"), "{error}");
    let error = error_at("200,OK\n299,ok\n", 2);
    assert!(error.contains("line 1"), "{error}");
}

#[test]
fn an_empty_file_is_an_error() {
    assert!(parse("").is_err());
    assert!(parse("# only comments\n\n").is_err());
}

#[test]
fn generated_strings_are_rust_literals() {
    let rows = [row(299, r#"Say "cheese" \o/"#, "SayCheeseO")];
    let code = generate(&rows);
    assert!(
        code.contains(r#""Say \"cheese\" \\o/""#),
        "the reason must be escaped in the generated code:\n{code}"
    );
    assert!(!code.contains("Status::NotFound"), "only the given rows");
}
