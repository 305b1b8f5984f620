//! Tutor-owned tests for `serde_advanced`: the same rules with other inputs.

#[path = "../serde_advanced.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex::*;
    use serde_json::json;
    use std::time::Duration;

    fn parse(v: serde_json::Value) -> Result<Config, serde_json::Error> {
        serde_json::from_value(v)
    }

    #[test]
    fn hidden_defaults_and_unknown_fields() {
        let cfg = parse(json!({ "database_url": "x", "max_body": "7" })).unwrap();
        assert_eq!((cfg.port, cfg.log_level.as_str()), (3000, "info"));
        assert_eq!(cfg.request_timeout, Duration::from_secs(30));
        assert_eq!(cfg.max_body, 7);
        let err =
            parse(json!({ "database_url": "x", "max_body": 1, "timeout": "1s" })).unwrap_err();
        assert!(err.to_string().contains("unknown field `timeout`"), "{err}");
    }

    #[test]
    fn hidden_string_or_number() {
        for (input, expected) in [
            (json!(0), 0),
            (json!("99"), 99),
            (json!(u64::MAX), u64::MAX),
        ] {
            let cfg = parse(json!({ "database_url": "x", "max_body": input })).unwrap();
            assert_eq!(cfg.max_body, expected);
        }
        for bad in [
            json!("-5"),
            json!(-5),
            json!(null),
            json!("1e3"),
            json!([1]),
        ] {
            let err = parse(json!({ "database_url": "x", "max_body": bad })).unwrap_err();
            assert!(
                err.to_string()
                    .contains("expected a byte count as a number or a numeric string"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn hidden_durations() {
        for (text, ms) in [
            ("3h", 10_800_000),
            ("1h1m1s1ms", 3_661_001),
            ("90s", 90_000),
        ] {
            let cfg = parse(json!({ "database_url": "x", "max_body": 1, "request_timeout": text }))
                .unwrap();
            assert_eq!(cfg.request_timeout, Duration::from_millis(ms), "{text}");
        }
        for bad in ["1d", "ms", "1h 30m", "-1s"] {
            let res = parse(json!({ "database_url": "x", "max_body": 1, "request_timeout": bad }));
            assert!(res.is_err(), "`{bad}` must be rejected");
        }
        let cfg =
            parse(json!({ "database_url": "x", "max_body": 1, "request_timeout": "90s" })).unwrap();
        let out = serde_json::to_value(&cfg).unwrap();
        assert_eq!(out["request_timeout"], "1m30s");
        assert!(out.get("redis_url").is_none());
    }

    #[test]
    fn hidden_tagged_backends() {
        let cfg = parse(json!({
            "database_url": "x", "max_body": 1,
            "backends": [{ "kind": "unix", "path": "/p" }, { "kind": "http", "url": "u" }]
        }))
        .unwrap();
        assert_eq!(
            cfg.backends,
            vec![
                Backend::Unix { path: "/p".into() },
                Backend::Http {
                    url: "u".into(),
                    weight: 1
                }
            ]
        );
        assert!(
            parse(json!({ "database_url": "x", "max_body": 1, "backends": [{ "path": "/p" }] }))
                .is_err(),
            "a backend without `kind` must be rejected"
        );
    }
}
