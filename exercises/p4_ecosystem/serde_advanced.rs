//! A service configuration read with serde: attributes and a hand-written `Visitor`.
//!
//! Make `Config` deserialize from the JSON the tests feed it:
//! - `port` defaults to 3000 and `log_level` to `"info"`; `redis_url` is optional
//!   and is left out of the output when it is `None`; `backends` defaults to empty;
//! - a misspelled key is an error, not silently ignored;
//! - `request_timeout` is a human duration such as `"1h30m"`, `"45s"` or `"250ms"`
//!   (default 30 s), and is written back in the same canonical form;
//! - `max_body` accepts a number (`1048576`) or a numeric string (`"1048576"`):
//!   write the `Visitor` in `string_or_number`;
//! - `backends` is a list of internally tagged objects: `{"kind": "http", ...}`.
//!
//! The tests check each rule, the error messages of bad inputs, and a round trip.

use serde::de::{Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::time::Duration;

// TODO: add the serde attributes that implement the rules above. Each rule
// is one attribute (or two); you should not need to write a Deserialize impl.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct Config {
    pub port: u16,
    pub database_url: String,
    pub redis_url: Option<String>,
    pub log_level: String,
    pub request_timeout: Duration,
    pub max_body: u64,
    pub backends: Vec<Backend>,
}

// A missing `weight` means 1.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub enum Backend {
    Http { url: String, weight: u32 },
    Unix { path: String },
}

/// Accepts `1048576` as well as `"1048576"`; rejects negative numbers, other
/// types and strings that are not a whole number.
pub fn string_or_number<'de, D>(deserializer: D) -> Result<u64, D::Error>
where
    D: Deserializer<'de>,
{
    // TODO: this visitor accepts nothing yet. Say what it expects (the text
    // ends up in every error message) and implement the `visit_*` methods for
    // the inputs it accepts.
    struct StringOrNumber;

    impl Visitor<'_> for StringOrNumber {
        type Value = u64;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("something")
        }
    }

    deserializer.deserialize_any(StringOrNumber)
}

/// `Duration` as `"1h30m"`: hours, minutes, seconds and milliseconds, largest first.
pub mod human_duration {
    use serde::{Deserializer, Serializer};
    use std::time::Duration;

    /// The canonical text of `d`: `"0s"` for zero, otherwise every non-zero unit
    /// from hours down to milliseconds (`"1h30m"`, `"1m0s"` is written `"1m"`).
    pub fn format(d: Duration) -> String {
        todo!("format {d:?}")
    }

    /// Parses a sequence of `<number><unit>` with units `h`, `m`, `s`, `ms`.
    pub fn parse(text: &str) -> Result<Duration, String> {
        todo!("parse {text:?}")
    }

    pub fn serialize<S: Serializer>(d: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
        todo!("{d:?}: write format(d) as a string")
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Duration, D::Error> {
        todo!("read a String and parse it")
    }
}

fn main() {
    let cfg: Config = serde_json::from_str(
        r#"{ "database_url": "sqlite::memory:", "request_timeout": "1h30m", "max_body": "1024" }"#,
    )
    .expect("a valid config");
    println!("{cfg:#?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(v: serde_json::Value) -> Result<Config, String> {
        serde_json::from_value(v).map_err(|e| format!("config rejected: {e}"))
    }

    #[test]
    fn defaults_fill_missing_fields() {
        let cfg = parse(json!({ "database_url": "db", "max_body": 10 })).unwrap();
        assert_eq!(cfg.port, 3000);
        assert_eq!(cfg.log_level, "info");
        assert_eq!(cfg.redis_url, None);
        assert_eq!(cfg.request_timeout, Duration::from_secs(30));
        assert!(cfg.backends.is_empty());
    }

    #[test]
    fn required_field_is_required() {
        let err = parse(json!({ "max_body": 10 })).unwrap_err();
        assert!(err.contains("missing field `database_url`"), "{err}");
    }

    #[test]
    fn unknown_fields_are_rejected() {
        let err = parse(json!({ "database_url": "db", "max_body": 1, "prot": 80 })).unwrap_err();
        assert!(err.contains("unknown field `prot`"), "{err}");
    }

    #[test]
    fn max_body_accepts_numbers_and_numeric_strings() {
        let a = parse(json!({ "database_url": "db", "max_body": 1048576 })).unwrap();
        let b = parse(json!({ "database_url": "db", "max_body": "1048576" })).unwrap();
        assert_eq!(a.max_body, 1_048_576);
        assert_eq!(b.max_body, 1_048_576);
    }

    #[test]
    fn max_body_rejects_garbage_with_a_clear_message() {
        for bad in [json!(-1), json!("12kb"), json!(true), json!(1.5)] {
            let err = parse(json!({ "database_url": "db", "max_body": bad })).unwrap_err();
            assert!(
                err.contains("expected a byte count as a number or a numeric string"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn durations_parse() {
        let cases = [
            ("1h30m", 5_400_000),
            ("45s", 45_000),
            ("250ms", 250),
            ("2m5s", 125_000),
            ("0s", 0),
        ];
        for (text, ms) in cases {
            let cfg =
                parse(json!({ "database_url": "db", "max_body": 1, "request_timeout": text }))
                    .unwrap();
            assert_eq!(cfg.request_timeout, Duration::from_millis(ms), "{text}");
        }
    }

    #[test]
    fn bad_durations_are_errors() {
        for text in ["", "10", "h", "5x", "1h30", "m5"] {
            let res =
                parse(json!({ "database_url": "db", "max_body": 1, "request_timeout": text }));
            assert!(res.is_err(), "`{text}` must be rejected");
        }
    }

    #[test]
    fn durations_serialize_canonically() {
        let cases = [
            (5_400_000, "1h30m"),
            (60_000, "1m"),
            (3_601_000, "1h1s"),
            (1_250, "1s250ms"),
            (0, "0s"),
        ];
        for (ms, text) in cases {
            let cfg = Config {
                port: 1,
                database_url: "db".into(),
                redis_url: None,
                log_level: "debug".into(),
                request_timeout: Duration::from_millis(ms),
                max_body: 1,
                backends: vec![],
            };
            let v = serde_json::to_value(&cfg).unwrap();
            assert_eq!(v["request_timeout"], text);
        }
    }

    #[test]
    fn backends_are_internally_tagged() {
        let cfg = parse(json!({
            "database_url": "db",
            "max_body": 1,
            "backends": [
                { "kind": "http", "url": "http://a", "weight": 3 },
                { "kind": "http", "url": "http://b" },
                { "kind": "unix", "path": "/run/app.sock" }
            ]
        }))
        .unwrap();
        assert_eq!(
            cfg.backends,
            vec![
                Backend::Http {
                    url: "http://a".into(),
                    weight: 3
                },
                Backend::Http {
                    url: "http://b".into(),
                    weight: 1
                },
                Backend::Unix {
                    path: "/run/app.sock".into()
                },
            ]
        );
        let err = parse(json!({
            "database_url": "db", "max_body": 1, "backends": [{ "kind": "ftp", "url": "x" }]
        }))
        .unwrap_err();
        assert!(err.contains("unknown variant `ftp`"), "{err}");
    }

    #[test]
    fn round_trip_and_optional_fields_are_skipped() {
        let cfg = parse(json!({
            "port": 8080,
            "database_url": "postgres://x",
            "log_level": "warn",
            "request_timeout": "1m30s",
            "max_body": "2048",
            "backends": [{ "kind": "unix", "path": "/s" }]
        }))
        .unwrap();
        let out = serde_json::to_value(&cfg).unwrap();
        assert!(
            out.get("redis_url").is_none(),
            "None must not be written: {out}"
        );
        assert_eq!(out["backends"][0]["kind"], "unix");
        assert_eq!(out["max_body"], 2048);
        let back: Config = serde_json::from_value(out).unwrap();
        assert_eq!(back, cfg);
    }
}
