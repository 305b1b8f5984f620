//! A declarative derive: `json_struct!` takes a struct definition, emits it
//! unchanged and implements `ToJson` for it.
//!
//! Implement `json_struct!` (at the bottom of the provided code). It must
//! accept what a real struct definition may contain:
//!
//! - outer attributes and doc comments, on the struct and on each field
//!   (`#[derive(..)]` must keep working);
//! - visibility on the struct and on each field (`pub`, `pub(crate)`, none);
//! - type parameters without bounds, `struct Page<T> { .. }`: the generated
//!   impl requires `T: ToJson`;
//! - no fields at all, and an optional trailing comma.
//!
//! The JSON object lists the fields in declaration order, keyed by the field
//! name; a raw identifier such as `r#type` is keyed `"type"`. The expansion
//! must not depend on what the caller has imported or shadowed. The tests
//! check the emitted JSON and that the struct still behaves like the one the
//! caller wrote.

// ---------------------------------------------------------------------------
// Provided: the runtime side. You do not need to change it.

/// A value that can write itself as JSON.
pub trait ToJson {
    /// Appends the JSON text of `self` to `out`.
    fn write_json(&self, out: &mut String);

    /// The JSON text of `self`.
    fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }
}

macro_rules! number_to_json {
    ($($t:ty),*) => {
        $(impl ToJson for $t {
            fn write_json(&self, out: &mut String) {
                out.push_str(&self.to_string());
            }
        })*
    };
}
number_to_json!(i8, i16, i32, i64, u8, u16, u32, u64, usize, isize);

impl ToJson for f64 {
    fn write_json(&self, out: &mut String) {
        if self.is_finite() {
            out.push_str(&self.to_string());
        } else {
            out.push_str("null");
        }
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl ToJson for str {
    fn write_json(&self, out: &mut String) {
        out.push('"');
        for c in self.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
                c => out.push(c),
            }
        }
        out.push('"');
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut String) {
        self.as_str().write_json(out);
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut String) {
        match self {
            Some(v) => v.write_json(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            v.write_json(out);
        }
        out.push(']');
    }
}

/// Writes a JSON object one field at a time, with the commas in between.
pub struct ObjectWriter<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> ObjectWriter<'a> {
    /// Starts an object (`{`).
    pub fn new(out: &'a mut String) -> Self {
        out.push('{');
        ObjectWriter { out, first: true }
    }

    /// Writes `"key":value`.
    pub fn field<T: ToJson + ?Sized>(&mut self, key: &str, value: &T) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        key.write_json(self.out);
        self.out.push(':');
        value.write_json(self.out);
    }

    /// Ends the object (`}`).
    pub fn finish(self) {
        self.out.push('}');
    }
}

/// The JSON key of a field: its name, without the `r#` of a raw identifier.
pub fn field_key(name: &'static str) -> &'static str {
    name.strip_prefix("r#").unwrap_or(name)
}

// ---------------------------------------------------------------------------
// Your part.

#[macro_export]
macro_rules! json_struct {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident $(< $($param:ident),+ $(,)? >)? {
            $(
                $(#[$field_meta:meta])*
                $field_vis:vis $field:ident : $ty:ty
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis struct $name $(< $($param),+ >)? {
            $(
                $(#[$field_meta])*
                $field_vis $field: $ty,
            )*
        }

        impl $(< $($param: $crate::ToJson),+ >)? $crate::ToJson for $name $(< $($param),+ >)? {
            fn write_json(&self, out: &mut ::std::string::String) {
                #[allow(unused_mut)]
                let mut object = $crate::ObjectWriter::new(out);
                $(
                    object.field(
                        $crate::field_key(::core::stringify!($field)),
                        &self.$field,
                    );
                )*
                object.finish();
            }
        }
    };
}

mod model {
    json_struct! {
        /// A user of the service.
        #[derive(Debug, Clone, PartialEq)]
        pub struct User {
            pub id: u32,
            /// The name shown in the interface.
            pub name: String,
            pub email: Option<String>,
        }
    }
}

fn main() {
    let user = model::User {
        id: 7,
        name: "Ferris".into(),
        email: None,
    };
    println!("{}", ToJson::to_json(&user));
}

#[cfg(test)]
mod tests {
    use super::ToJson;

    mod shop {
        // The expansion must not rely on these names.
        #[allow(dead_code)]
        trait ToJson {}
        #[allow(dead_code)]
        struct ObjectWriter;

        json_struct! {
            /// An item in a shop.
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct Item {
                /// Stock keeping unit.
                pub sku: String,
                pub price_cents: u64,
                pub(crate) tags: Vec<String>,
            }
        }

        json_struct! {
            #[derive(Debug)]
            pub struct Order {
                pub id: u32,
                pub items: Vec<Item>,
                pub note: Option<String>,
                pub paid: bool,
            }
        }

        json_struct! {
            pub struct Page<T> {
                pub total: usize,
                pub items: Vec<T>,
            }
        }

        json_struct! {
            pub struct Pair<A, B,> {
                pub left: A,
                pub right: B
            }
        }

        json_struct! {
            #[derive(Default)]
            pub struct Empty {}
        }

        json_struct! {
            pub struct Event {
                pub r#type: String,
                pub r#ref: u32,
            }
        }
    }

    use shop::{Empty, Event, Item, Order, Page, Pair};

    fn item(sku: &str, price_cents: u64) -> Item {
        Item {
            sku: sku.into(),
            price_cents,
            tags: vec![],
        }
    }

    #[test]
    fn fields_in_declaration_order() {
        let it = Item {
            sku: "A-1".into(),
            price_cents: 250,
            tags: vec!["new".into(), "sale".into()],
        };
        assert_eq!(
            it.to_json(),
            r#"{"sku":"A-1","price_cents":250,"tags":["new","sale"]}"#
        );
    }

    #[test]
    fn attributes_are_kept() {
        let it = item("B-2", 100);
        assert_eq!(it.clone(), it);
        assert_eq!(
            Item::default().to_json(),
            r#"{"sku":"","price_cents":0,"tags":[]}"#
        );
        assert!(format!("{it:?}").starts_with("Item {"));
    }

    #[test]
    fn nested_structs_and_options() {
        let order = Order {
            id: 1,
            items: vec![item("A", 1), item("B", 2)],
            note: None,
            paid: true,
        };
        assert_eq!(
            order.to_json(),
            r#"{"id":1,"items":[{"sku":"A","price_cents":1,"tags":[]},{"sku":"B","price_cents":2,"tags":[]}],"note":null,"paid":true}"#
        );
    }

    #[test]
    fn strings_are_escaped() {
        let it = item("say \"hi\"\n", 0);
        assert!(it.to_json().starts_with(r#"{"sku":"say \"hi\"\n","#));
    }

    #[test]
    fn generic_structs() {
        let page = Page {
            total: 10,
            items: vec![item("A", 1)],
        };
        assert_eq!(
            page.to_json(),
            r#"{"total":10,"items":[{"sku":"A","price_cents":1,"tags":[]}]}"#
        );
        let numbers = Page {
            total: 2,
            items: vec![1u8, 2],
        };
        assert_eq!(numbers.to_json(), r#"{"total":2,"items":[1,2]}"#);
        let pair = Pair {
            left: "l".to_string(),
            right: Some(1.5),
        };
        assert_eq!(pair.to_json(), r#"{"left":"l","right":1.5}"#);
    }

    #[test]
    fn empty_struct() {
        assert_eq!(Empty::default().to_json(), "{}");
    }

    #[test]
    fn raw_identifiers() {
        let e = Event {
            r#type: "click".into(),
            r#ref: 3,
        };
        assert_eq!(e.to_json(), r#"{"type":"click","ref":3}"#);
    }
}
