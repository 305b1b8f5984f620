//! HTTP status codes, generated at build time from `status_codes.csv`.
//!
//! `build.rs` writes `generated.rs` into `OUT_DIR`; this file includes it and
//! adds what does not depend on the data. You do not need to change it: the
//! exercise is `build.rs`.

use std::fmt;

include!(concat!(env!("OUT_DIR"), "/generated.rs"));

/// The class of a status: the first digit of its code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Informational,
    Success,
    Redirection,
    ClientError,
    ServerError,
}

impl Status {
    pub const fn class(self) -> Class {
        match self.code() / 100 {
            1 => Class::Informational,
            2 => Class::Success,
            3 => Class::Redirection,
            4 => Class::ClientError,
            _ => Class::ServerError,
        }
    }
}

/// `404 Not Found`.
impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code(), self.reason())
    }
}

/// A code that is not in the data file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownStatus(pub u16);

impl fmt::Display for UnknownStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown HTTP status {}", self.0)
    }
}

impl std::error::Error for UnknownStatus {}

impl TryFrom<u16> for Status {
    type Error = UnknownStatus;

    fn try_from(code: u16) -> Result<Status, UnknownStatus> {
        Status::from_code(code).ok_or(UnknownStatus(code))
    }
}

/// The reason phrase of a code, found by binary search in `TABLE` (which is
/// why it must be sorted by code).
pub fn reason_phrase(code: u16) -> Option<&'static str> {
    TABLE
        .binary_search_by_key(&code, |&(c, _)| c)
        .ok()
        .map(|i| TABLE[i].1)
}
