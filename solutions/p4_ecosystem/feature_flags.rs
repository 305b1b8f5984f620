//! Cargo features must be additive.
//!
//! This module is a small report library with two optional parts, behind the
//! features `json` and `compression` of the package (see `[features]` in
//! `exercises/p4_ecosystem/Cargo.toml`). Cargo *unifies* features: if one crate
//! in a build enables `json` and another enables `compression`, the library is
//! compiled once with both. So every combination must compile, and turning a
//! feature on may add API but must never change or remove what others use.
//!
//! The tutor builds and tests this file four times: with both features (the
//! main check), with none, with `json` only and with `compression` only. Fix
//! the feature gates so that:
//! - `render(report, Format::Text)` is the text format in every build;
//! - `Format::Json` and `render_json` exist only with `json`;
//! - `export(.., compress: true)` compresses with `compression`, and without it
//!   fails with `ExportError::FeatureDisabled("compression")`;
//! - `enabled_features()` lists the features compiled in, in alphabetical order.

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub title: String,
    pub rows: Vec<(String, u64)>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Format {
    Text,
    #[cfg(feature = "json")]
    Json,
}

#[derive(Debug, PartialEq)]
pub enum ExportError {
    FeatureDisabled(&'static str),
}

pub fn render_text(report: &Report) -> String {
    let mut out = format!("# {}\n", report.title);
    for (name, value) in &report.rows {
        out.push_str(&format!("{name}: {value}\n"));
    }
    out
}

#[cfg(feature = "json")]
pub fn render_json(report: &Report) -> String {
    let rows: serde_json::Map<String, serde_json::Value> = report
        .rows
        .iter()
        .map(|(name, value)| (name.clone(), (*value).into()))
        .collect();
    serde_json::json!({ "title": report.title, "rows": rows }).to_string()
}

pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Text => render_text(report),
        #[cfg(feature = "json")]
        Format::Json => render_json(report),
    }
}

/// Run-length compression: a count byte (1..=255) before each byte value.
#[cfg(feature = "compression")]
pub mod compression {
    pub fn compress(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut iter = data.iter().copied().peekable();
        while let Some(byte) = iter.next() {
            let mut count: u8 = 1;
            while count < u8::MAX && iter.peek() == Some(&byte) {
                iter.next();
                count += 1;
            }
            out.extend([count, byte]);
        }
        out
    }

    pub fn decompress(data: &[u8]) -> Vec<u8> {
        data.chunks_exact(2)
            .flat_map(|pair| std::iter::repeat_n(pair[1], pair[0] as usize))
            .collect()
    }
}

pub fn export(report: &Report, format: Format, compress: bool) -> Result<Vec<u8>, ExportError> {
    let bytes = render(report, format).into_bytes();
    if !compress {
        return Ok(bytes);
    }
    #[cfg(feature = "compression")]
    {
        Ok(compression::compress(&bytes))
    }
    #[cfg(not(feature = "compression"))]
    {
        Err(ExportError::FeatureDisabled("compression"))
    }
}

pub fn enabled_features() -> Vec<&'static str> {
    let mut features = Vec::new();
    if cfg!(feature = "compression") {
        features.push("compression");
    }
    if cfg!(feature = "json") {
        features.push("json");
    }
    features
}

fn main() {
    let report = Report {
        title: "daily".into(),
        rows: vec![("visits".into(), 10)],
    };
    println!("features: {:?}", enabled_features());
    print!("{}", render(&report, Format::Text));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> Report {
        Report {
            title: "sales".into(),
            rows: vec![("apples".into(), 3), ("pears".into(), 1000)],
        }
    }

    #[test]
    fn text_is_text_in_every_build() {
        assert_eq!(
            render(&report(), Format::Text),
            "# sales\napples: 3\npears: 1000\n"
        );
    }

    #[test]
    fn plain_export_is_the_rendered_text() {
        let bytes = export(&report(), Format::Text, false).unwrap();
        assert_eq!(bytes, render_text(&report()).into_bytes());
    }

    #[test]
    fn enabled_features_match_the_build() {
        let mut expected = Vec::new();
        if cfg!(feature = "compression") {
            expected.push("compression");
        }
        if cfg!(feature = "json") {
            expected.push("json");
        }
        assert_eq!(enabled_features(), expected);
    }

    #[cfg(feature = "json")]
    #[test]
    fn json_format() {
        let v: serde_json::Value = serde_json::from_str(&render(&report(), Format::Json)).unwrap();
        assert_eq!(v["title"], "sales");
        assert_eq!(v["rows"]["pears"], 1000);
    }

    #[cfg(feature = "compression")]
    #[test]
    fn compressed_export_round_trips() {
        let text = render_text(&report());
        let packed = export(&report(), Format::Text, true).unwrap();
        assert_ne!(packed, text.as_bytes());
        assert_eq!(compression::decompress(&packed), text.into_bytes());
    }

    #[cfg(not(feature = "compression"))]
    #[test]
    fn compression_without_the_feature_is_a_clear_error() {
        assert_eq!(
            export(&report(), Format::Text, true),
            Err(ExportError::FeatureDisabled("compression"))
        );
    }

    #[cfg(all(feature = "json", feature = "compression"))]
    #[test]
    fn both_features_together() {
        let packed = export(&report(), Format::Json, true).unwrap();
        let json = String::from_utf8(compression::decompress(&packed)).unwrap();
        assert_eq!(json, render_json(&report()));
    }
}
