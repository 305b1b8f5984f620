//! The API that `build.rs` generates from `status_codes.csv`.

use build_script_codegen::{Class, Status, TABLE, UnknownStatus, reason_phrase};

/// Every variant by name. This `match` has no `_` arm: it stops compiling if
/// the generated enum lacks a status of the data file or has one too many.
fn name(status: Status) -> &'static str {
    match status {
        Status::Continue => "Continue",
        Status::SwitchingProtocols => "SwitchingProtocols",
        Status::Ok => "Ok",
        Status::Created => "Created",
        Status::Accepted => "Accepted",
        Status::NonAuthoritativeInformation => "NonAuthoritativeInformation",
        Status::NoContent => "NoContent",
        Status::PartialContent => "PartialContent",
        Status::MovedPermanently => "MovedPermanently",
        Status::Found => "Found",
        Status::SeeOther => "SeeOther",
        Status::NotModified => "NotModified",
        Status::TemporaryRedirect => "TemporaryRedirect",
        Status::PermanentRedirect => "PermanentRedirect",
        Status::BadRequest => "BadRequest",
        Status::Unauthorized => "Unauthorized",
        Status::Forbidden => "Forbidden",
        Status::NotFound => "NotFound",
        Status::MethodNotAllowed => "MethodNotAllowed",
        Status::NotAcceptable => "NotAcceptable",
        Status::RequestTimeout => "RequestTimeout",
        Status::Conflict => "Conflict",
        Status::Gone => "Gone",
        Status::PreconditionFailed => "PreconditionFailed",
        Status::ContentTooLarge => "ContentTooLarge",
        Status::UriTooLong => "UriTooLong",
        Status::UnsupportedMediaType => "UnsupportedMediaType",
        Status::ImATeapot => "ImATeapot",
        Status::UnprocessableContent => "UnprocessableContent",
        Status::PreconditionRequired => "PreconditionRequired",
        Status::TooManyRequests => "TooManyRequests",
        Status::RequestHeaderFieldsTooLarge => "RequestHeaderFieldsTooLarge",
        Status::InternalServerError => "InternalServerError",
        Status::NotImplemented => "NotImplemented",
        Status::BadGateway => "BadGateway",
        Status::ServiceUnavailable => "ServiceUnavailable",
        Status::GatewayTimeout => "GatewayTimeout",
        Status::NetworkAuthenticationRequired => "NetworkAuthenticationRequired",
    }
}

#[test]
fn every_row_is_a_variant_in_code_order() {
    assert_eq!(Status::ALL.len(), 38);
    let names: Vec<&str> = Status::ALL.iter().map(|&s| name(s)).collect();
    assert_eq!(names[..3], ["Continue", "SwitchingProtocols", "Ok"]);
    assert_eq!(
        names[names.len() - 2..],
        ["GatewayTimeout", "NetworkAuthenticationRequired"]
    );
    assert!(
        Status::ALL.windows(2).all(|w| w[0].code() < w[1].code()),
        "ALL is sorted by code"
    );
    assert!(Status::ALL.is_sorted(), "Ord follows the codes");
}

#[test]
fn codes_and_reasons_come_from_the_data() {
    assert_eq!(Status::NotFound.code(), 404);
    assert_eq!(Status::NotFound.reason(), "Not Found");
    assert_eq!(Status::Ok.reason(), "OK");
    assert_eq!(Status::UriTooLong.reason(), "URI Too Long");
    assert_eq!(Status::ImATeapot.code(), 418);
    assert_eq!(Status::ImATeapot.reason(), "I'm a teapot");
    assert_eq!(
        Status::NonAuthoritativeInformation.reason(),
        "Non-Authoritative Information"
    );
    assert_eq!(Status::NotFound as u16, 404, "the discriminant is the code");
    assert_eq!(
        Status::ServiceUnavailable.to_string(),
        "503 Service Unavailable"
    );
}

#[test]
fn lookups_by_code() {
    assert_eq!(Status::from_code(200), Some(Status::Ok));
    assert_eq!(Status::from_code(418), Some(Status::ImATeapot));
    assert_eq!(
        Status::from_code(511),
        Some(Status::NetworkAuthenticationRequired)
    );
    for missing in [0, 99, 205, 299, 600, u16::MAX] {
        assert_eq!(Status::from_code(missing), None, "{missing}");
    }
    assert_eq!(Status::try_from(404), Ok(Status::NotFound));
    assert_eq!(Status::try_from(207), Err(UnknownStatus(207)));
    for status in Status::ALL {
        assert_eq!(Status::from_code(status.code()), Some(status));
    }
    assert_eq!(Status::NotFound.class(), Class::ClientError);
    assert_eq!(Status::Continue.class(), Class::Informational);
}

#[test]
fn the_table_is_sorted_and_usable_in_constants() {
    // All of this is evaluated by the compiler.
    const STATUSES: usize = TABLE.len();
    const NOT_FOUND: u16 = Status::NotFound.code();
    const TEAPOT: Option<Status> = Status::from_code(418);
    const TEAPOT_REASON: &str = Status::ImATeapot.reason();
    assert_eq!((STATUSES, NOT_FOUND), (38, 404));
    assert_eq!(
        (TEAPOT, TEAPOT_REASON),
        (Some(Status::ImATeapot), "I'm a teapot")
    );

    assert!(TABLE.windows(2).all(|w| w[0].0 < w[1].0), "sorted by code");
    for (status, &(code, reason)) in Status::ALL.iter().zip(&TABLE) {
        assert_eq!((status.code(), status.reason()), (code, reason));
    }
    // `reason_phrase` searches TABLE by bisection: it relies on the order.
    assert_eq!(reason_phrase(418), Some("I'm a teapot"));
    assert_eq!(reason_phrase(431), Some("Request Header Fields Too Large"));
    assert_eq!(reason_phrase(100), Some("Continue"));
    assert_eq!(reason_phrase(207), None);
}

#[test]
fn the_build_script_reruns_when_the_data_changes() {
    // Cargo keeps what the build script printed next to its OUT_DIR.
    let out_dir = std::path::Path::new(env!("OUT_DIR"));
    let printed = out_dir.parent().unwrap().join("output");
    let printed = std::fs::read_to_string(&printed)
        .unwrap_or_else(|e| panic!("reading {}: {e}", printed.display()));
    let watches_the_data = printed.lines().any(|line| {
        let rest = line
            .strip_prefix("cargo::rerun-if-changed=")
            .or_else(|| line.strip_prefix("cargo:rerun-if-changed="));
        rest.is_some_and(|path| path.ends_with("status_codes.csv"))
    });
    assert!(
        watches_the_data,
        "the build script did not print `cargo::rerun-if-changed=status_codes.csv`; it printed:\n{printed}"
    );
}
