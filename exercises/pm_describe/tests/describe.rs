//! Behaviour of `#[derive(Describe)]`. Owned by the tutor: make these pass by
//! changing `src/lib.rs`.

use pm_describe::Describe;

#[derive(Describe)]
#[allow(dead_code)]
struct Point {
    x: i32,
    y: i32,
}

#[derive(Describe)]
#[allow(dead_code)]
struct Pair(u8, &'static str);

#[derive(Describe)]
struct Marker;

#[derive(Describe)]
struct NoFields {}

#[derive(Describe)]
#[allow(dead_code)]
enum Shape {
    Circle(f64),
    Rect { w: f64, h: f64 },
    Empty,
}

#[derive(Describe)]
#[allow(dead_code)]
enum Level {
    Low = 1,
    High = 10,
}

#[derive(Describe)]
#[allow(dead_code)]
enum Never {}

#[derive(Describe)]
#[allow(dead_code)]
struct Keywords {
    r#type: u8,
    r#fn: bool,
}

#[derive(Describe)]
#[allow(dead_code)]
struct Window<'a, T: Clone, const N: usize>
where
    T: Default,
{
    items: &'a [T; N],
}

#[test]
fn named_struct() {
    assert_eq!(Point::DESCRIPTION, "struct Point { x, y }");
}

#[test]
fn tuple_struct() {
    assert_eq!(Pair::DESCRIPTION, "struct Pair(_, _)");
}

#[test]
fn unit_struct_and_empty_braces() {
    assert_eq!(Marker::DESCRIPTION, "struct Marker");
    assert_eq!(NoFields::DESCRIPTION, "struct NoFields {}");
}

#[test]
fn enum_with_every_kind_of_variant() {
    assert_eq!(
        Shape::DESCRIPTION,
        "enum Shape { Circle(_), Rect { w, h }, Empty }"
    );
    assert_eq!(Level::DESCRIPTION, "enum Level { Low, High }");
    assert_eq!(Never::DESCRIPTION, "enum Never {}");
}

#[test]
fn raw_identifiers_are_printed_without_r_hash() {
    assert_eq!(Keywords::DESCRIPTION, "struct Keywords { type, fn }");
}

#[test]
fn generic_types_get_an_impl_too() {
    assert_eq!(
        Window::<'static, u8, 3>::DESCRIPTION,
        "struct Window { items }"
    );
}

#[test]
fn the_description_is_a_compile_time_constant() {
    const D: &str = Point::DESCRIPTION;
    assert!(D.starts_with("struct"));
}

#[test]
fn variant_name_of_a_value() {
    assert_eq!(Shape::Circle(1.0).variant_name(), "Circle");
    assert_eq!(Shape::Rect { w: 1.0, h: 2.0 }.variant_name(), "Rect");
    assert_eq!(Shape::Empty.variant_name(), "Empty");
    assert_eq!(Level::High.variant_name(), "High");
}

#[test]
fn variant_name_of_a_struct_is_its_name() {
    assert_eq!(Point { x: 1, y: 2 }.variant_name(), "Point");
    assert_eq!(Marker.variant_name(), "Marker");
}
