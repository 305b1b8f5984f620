//! Data-driven tests: every case of `testdata/cases.toml` runs a small module, written in WAT
//! next to it, through [`check`] with a spec written as in `info.toml`.

use std::path::Path;

use serde::Deserialize;

use super::spec::{ByteSize, Signature};
use super::{WasmSpec, check};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    /// A WAT file in `testdata/`.
    module: Option<String>,
    /// Raw bytes instead of a module.
    bytes: Option<String>,
    /// "pass", a failure kind, or "parse-error".
    outcome: String,
    #[serde(default)]
    mentions: Vec<String>,
    spec: toml::Table,
}

fn testdata() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src/wasm/testdata"))
}

/// Runs one case; `Err` says how it went wrong.
fn run_case(case: &Case) -> Result<(), String> {
    let bytes = match (&case.module, &case.bytes) {
        (Some(file), None) => {
            let text = std::fs::read_to_string(testdata().join(file))
                .map_err(|e| format!("cannot read {file}: {e}"))?;
            wat::parse_str(&text).map_err(|e| format!("{file} is not valid WAT: {e}"))?
        }
        (None, Some(raw)) => raw.as_bytes().to_vec(),
        _ => return Err("give either `module` or `bytes`".into()),
    };
    let parsed = WasmSpec::deserialize(toml::Value::Table(case.spec.clone()));
    let (outcome, text) = match parsed {
        Err(e) => ("parse-error".to_owned(), e.to_string()),
        Ok(spec) => {
            let report = check(&bytes, &spec);
            match &report.failure {
                None => ("pass".to_owned(), report.passed.join("\n")),
                Some(failure) => (failure.kind().to_owned(), failure.to_string()),
            }
        }
    };
    if outcome != case.outcome {
        return Err(format!(
            "expected outcome `{}`, got `{outcome}`:\n{text}",
            case.outcome
        ));
    }
    let missing: Vec<&String> = case
        .mentions
        .iter()
        .filter(|m| !text.contains(m.as_str()))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "the {outcome} text does not mention {missing:?}:\n{text}"
        ));
    }
    Ok(())
}

#[test]
fn cases() {
    let text = std::fs::read_to_string(testdata().join("cases.toml")).expect("cases.toml");
    let cases: Cases = toml::from_str(&text).expect("cases.toml parses");
    let failures: Vec<String> = cases
        .case
        .iter()
        .filter_map(|case| {
            run_case(case)
                .err()
                .map(|e| format!("case `{}`: {e}", case.name))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.case.len(),
        failures.join("\n\n")
    );
}

#[test]
fn signatures_round_trip() {
    for text in ["()", "(i32)", "(i32, i64) -> f64", "() -> (i32, i32)"] {
        let sig: Signature = text.parse().expect(text);
        assert_eq!(sig.to_string(), text);
    }
    let sig: Signature = "( i32 ,i32 )->i32".parse().expect("spaces are free");
    assert_eq!(sig.to_string(), "(i32, i32) -> i32");
    for bad in [
        "",
        "i32",
        "(i32",
        "(i32,) -> i32",
        "(i32) ->",
        "(i32) -> i32 i32",
        "(i32) i32",
    ] {
        assert!(bad.parse::<Signature>().is_err(), "{bad:?} parsed");
    }
}

#[test]
fn sizes_read_with_units() {
    let size = |s: &str| s.parse::<ByteSize>().map(|b| b.0);
    assert_eq!(size("2048"), Ok(2048));
    assert_eq!(size("64 KiB"), Ok(65_536));
    assert_eq!(size("2MiB"), Ok(2 * 1024 * 1024));
    assert_eq!(size("1_000 bytes"), Ok(1000));
    assert!(size("2 KB").is_err());
    assert!(size("KiB").is_err());
    assert_eq!(ByteSize(65_536).to_string(), "64 KiB");
    assert_eq!(ByteSize(1_234_567).to_string(), "1,234,567 bytes");
}
