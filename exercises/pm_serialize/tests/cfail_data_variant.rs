//! Misuse that must not compile: only unit variants are supported, and the
//! error must point at the data of the variant that has some.

#[path = "support/ser.rs"]
#[allow(dead_code)]
mod ser;

use pm_serialize::Serialize;

#[derive(Serialize)]
enum Event {
    Started,
    Progress(u32),
    Done,
}
