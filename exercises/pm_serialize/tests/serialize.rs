//! Behaviour of `#[derive(Serialize)]`. Owned by the tutor: make these pass by
//! changing `src/lib.rs`. The runtime (trait `Serialize`, `Writer`) is in
//! `tests/support/ser.rs`.

#[path = "support/ser.rs"]
#[allow(dead_code)]
mod ser;

use pm_serialize::Serialize;
use ser::to_string;

#[derive(Serialize)]
struct Point {
    x: i32,
    y: i32,
}

#[test]
fn a_struct_is_an_object_with_its_fields_in_order() {
    assert_eq!(to_string(&Point { x: 1, y: -2 }), r#"{"x":1,"y":-2}"#);
}

#[derive(Serialize)]
struct User {
    #[ser(rename = "userName")]
    name: String,
    #[ser(skip)]
    #[allow(dead_code)]
    password: String,
    email: Option<String>,
    tags: Vec<&'static str>,
}

#[test]
fn rename_and_skip() {
    let user = User {
        name: "ann \"the admin\"".into(),
        password: "hunter2".into(),
        email: None,
        tags: vec!["a", "b"],
    };
    assert_eq!(
        to_string(&user),
        r#"{"userName":"ann \"the admin\"","email":null,"tags":["a","b"]}"#
    );
}

#[derive(Serialize)]
struct Rgb(u8, u8, u8);

#[derive(Serialize)]
struct Meters(u32);

#[derive(Serialize)]
struct Nothing;

#[test]
fn tuple_newtype_and_unit_structs() {
    assert_eq!(to_string(&Rgb(1, 2, 3)), "[1,2,3]");
    // A newtype is its inner value, as in serde.
    assert_eq!(to_string(&Meters(5)), "5");
    assert_eq!(to_string(&Nothing), "null");
}

#[derive(Serialize)]
enum Status {
    Active,
    #[ser(rename = "on-hold")]
    OnHold,
}

#[test]
fn unit_variants_are_strings() {
    assert_eq!(to_string(&Status::Active), r#""Active""#);
    assert_eq!(to_string(&vec![Status::OnHold]), r#"["on-hold"]"#);
}

#[derive(Serialize)]
struct Page<T> {
    items: Vec<T>,
    next: Option<u32>,
}

#[test]
fn generic_structs_and_nesting() {
    let page = Page {
        items: vec![Point { x: 0, y: 0 }, Point { x: 1, y: 1 }],
        next: Some(2),
    };
    assert_eq!(
        to_string(&page),
        r#"{"items":[{"x":0,"y":0},{"x":1,"y":1}],"next":2}"#
    );
}

#[derive(Serialize)]
struct Labelled<'a, T: Clone>
where
    T: Default,
{
    label: &'a str,
    value: T,
}

#[test]
fn lifetimes_bounds_and_where_clauses_are_kept() {
    let v = Labelled {
        label: "n",
        value: 7u8,
    };
    assert_eq!(to_string(&v), r#"{"label":"n","value":7}"#);
}

/// Not serializable at all.
#[derive(Default)]
struct Cache;

#[derive(Serialize)]
struct Cached<T, M> {
    id: T,
    #[ser(skip)]
    #[allow(dead_code)]
    memo: M,
}

#[test]
fn a_skipped_field_needs_no_serialize_impl() {
    let c = Cached {
        id: 3u64,
        memo: Cache,
    };
    assert_eq!(to_string(&c), r#"{"id":3}"#);
}
