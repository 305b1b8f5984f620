//! The serialization runtime that `#[derive(Serialize)]` targets. Owned by the
//! tutor. A proc-macro crate can export only macros, so the trait lives in the
//! user's crate, at `crate::ser` (serde lets you move it with
//! `#[serde(crate = "...")]`; here the path is fixed).

/// Writes compact JSON. It inserts the commas itself.
#[derive(Default)]
pub struct Writer {
    out: String,
    /// One entry per open object or array: has it got an element yet?
    open: Vec<bool>,
    after_key: bool,
}

impl Writer {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn finish(self) -> String {
        self.out
    }

    fn separate(&mut self) {
        if self.after_key {
            self.after_key = false;
            return;
        }
        if let Some(has_element) = self.open.last_mut() {
            if *has_element {
                self.out.push(',');
            }
            *has_element = true;
        }
    }

    pub fn begin_object(&mut self) {
        self.separate();
        self.out.push('{');
        self.open.push(false);
    }

    /// The key of the next value of the object being written.
    pub fn key(&mut self, key: &str) {
        self.separate();
        self.write_str(key);
        self.out.push(':');
        self.after_key = true;
    }

    pub fn end_object(&mut self) {
        self.open.pop();
        self.out.push('}');
    }

    pub fn begin_array(&mut self) {
        self.separate();
        self.out.push('[');
        self.open.push(false);
    }

    pub fn end_array(&mut self) {
        self.open.pop();
        self.out.push(']');
    }

    pub fn null(&mut self) {
        self.separate();
        self.out.push_str("null");
    }

    pub fn number(&mut self, n: impl std::fmt::Display) {
        self.separate();
        self.out.push_str(&n.to_string());
    }

    pub fn bool(&mut self, b: bool) {
        self.separate();
        self.out.push_str(if b { "true" } else { "false" });
    }

    pub fn string(&mut self, s: &str) {
        self.separate();
        self.write_str(s);
    }

    fn write_str(&mut self, s: &str) {
        self.out.push('"');
        for c in s.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                c if (c as u32) < 0x20 => self.out.push_str(&format!("\\u{:04x}", c as u32)),
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }
}

pub trait Serialize {
    fn serialize(&self, out: &mut Writer);
}

/// Serializes one value to a JSON string.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = Writer::new();
    value.serialize(&mut out);
    out.finish()
}

macro_rules! numbers {
    ($($t:ty)*) => {
        $(impl Serialize for $t {
            fn serialize(&self, out: &mut Writer) {
                out.number(self);
            }
        })*
    };
}
numbers!(u8 u16 u32 u64 usize i8 i16 i32 i64 isize);

impl Serialize for bool {
    fn serialize(&self, out: &mut Writer) {
        out.bool(*self);
    }
}

impl Serialize for str {
    fn serialize(&self, out: &mut Writer) {
        out.string(self);
    }
}

impl Serialize for String {
    fn serialize(&self, out: &mut Writer) {
        out.string(self);
    }
}

impl<T: Serialize + ?Sized> Serialize for &T {
    fn serialize(&self, out: &mut Writer) {
        (**self).serialize(out);
    }
}

impl<T: Serialize> Serialize for Option<T> {
    fn serialize(&self, out: &mut Writer) {
        match self {
            Some(value) => value.serialize(out),
            None => out.null(),
        }
    }
}

impl<T: Serialize> Serialize for [T] {
    fn serialize(&self, out: &mut Writer) {
        out.begin_array();
        for item in self {
            item.serialize(out);
        }
        out.end_array();
    }
}

impl<T: Serialize> Serialize for Vec<T> {
    fn serialize(&self, out: &mut Writer) {
        self.as_slice().serialize(out);
    }
}
