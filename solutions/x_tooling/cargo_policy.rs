//! `cargo policy`: a cargo subcommand, cargo-deny in miniature.
//!
//! Cargo runs `cargo-policy` from your PATH when you type `cargo policy`, and
//! passes `policy` as the first argument: hence the `Cargo` enum below, with
//! `bin_name = "cargo"`. The subcommand reads the JSON of
//! `cargo metadata --format-version 1` (from `--metadata FILE`, or by running
//! cargo) and reports, for every package that is not a workspace member:
//!
//! * `license: NAME VERSION is EXPR` when its SPDX license expression is not
//!   satisfied by the `--allow`ed licenses. `A OR B` needs one of them, `A AND
//!   B` both, parentheses group, the old `A/B` means `A OR B`, and
//!   `A WITH exception` counts as `A`;
//! * `license: NAME VERSION has no license expression (license-file: FILE)`
//!   when it has none (`(no license file)` when it has no file either);
//! * `duplicate: NAME V1, V2` when several versions of one crate are in the
//!   graph, versions in semver order (`0.8.5` before `0.10.1`), unless the
//!   name is given to `--allow-duplicate`.
//!
//! License lines come first, then duplicate lines, each sorted by name; then
//! `N problems` (exit code 1) or `no problems` (exit code 0).

use clap::{Args, Parser};
use serde::Deserialize;

#[derive(Parser, Debug)]
#[command(name = "cargo", bin_name = "cargo")]
pub enum Cargo {
    /// Check licenses and duplicate versions in the dependency graph.
    Policy(PolicyArgs),
}

#[derive(Args, Debug)]
pub struct PolicyArgs {
    /// Read this `cargo metadata` output instead of running cargo.
    #[arg(long, value_name = "FILE")]
    pub metadata: Option<std::path::PathBuf>,
    /// An allowed SPDX license identifier (repeat for more).
    #[arg(long = "allow", value_name = "LICENSE")]
    pub allow: Vec<String>,
    /// A crate allowed to appear in several versions (repeat for more).
    #[arg(long = "allow-duplicate", value_name = "NAME")]
    pub allow_duplicate: Vec<String>,
}

#[derive(Deserialize, Debug)]
pub struct Metadata {
    pub packages: Vec<Package>,
    pub workspace_members: Vec<String>,
}

#[derive(Deserialize, Debug)]
pub struct Package {
    pub name: String,
    pub version: String,
    pub id: String,
    pub license: Option<String>,
    pub license_file: Option<String>,
}

/// Is the SPDX expression satisfied by the allowed licenses?
pub fn license_allowed(expression: &str, allowed: &[String]) -> bool {
    let spaced = expression
        .replace('(', " ( ")
        .replace(')', " ) ")
        .replace('/', " OR ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let mut parser = Spdx {
        tokens: &tokens,
        pos: 0,
        allowed,
    };
    parser.or() && parser.pos == tokens.len()
}

/// A recursive-descent evaluator: `or := and (OR and)*`,
/// `and := atom (AND atom)*`, `atom := ( or ) | ID [WITH ID]`.
struct Spdx<'a> {
    tokens: &'a [&'a str],
    pos: usize,
    allowed: &'a [String],
}

impl<'a> Spdx<'a> {
    fn peek(&self) -> Option<&'a str> {
        self.tokens.get(self.pos).copied()
    }

    fn or(&mut self) -> bool {
        let mut ok = self.and();
        while self.peek() == Some("OR") {
            self.pos += 1;
            // Evaluate both sides: the parser must consume every token.
            ok |= self.and();
        }
        ok
    }

    fn and(&mut self) -> bool {
        let mut ok = self.atom();
        while self.peek() == Some("AND") {
            self.pos += 1;
            ok &= self.atom();
        }
        ok
    }

    fn atom(&mut self) -> bool {
        match self.peek() {
            Some("(") => {
                self.pos += 1;
                let ok = self.or();
                if self.peek() == Some(")") {
                    self.pos += 1;
                    ok
                } else {
                    false
                }
            }
            Some(id) if !matches!(id, ")" | "OR" | "AND" | "WITH") => {
                self.pos += 1;
                if self.peek() == Some("WITH") {
                    self.pos += 2;
                }
                self.allowed.iter().any(|a| a == id)
            }
            _ => false,
        }
    }
}

/// `0.10.1` sorts after `0.8.5`: compare the numbers, not the text.
fn semver_key(version: &str) -> Vec<u64> {
    version
        .split(['-', '+'])
        .next()
        .unwrap_or_default()
        .split('.')
        .map(|n| n.parse().unwrap_or(0))
        .collect()
}

/// The report lines, without the final count.
pub fn problems(metadata: &Metadata, args: &PolicyArgs) -> Vec<String> {
    let mut packages: Vec<&Package> = metadata
        .packages
        .iter()
        .filter(|p| !metadata.workspace_members.contains(&p.id))
        .collect();
    packages
        .sort_by(|a, b| (&a.name, semver_key(&a.version)).cmp(&(&b.name, semver_key(&b.version))));

    let mut lines = Vec::new();
    for p in &packages {
        match &p.license {
            Some(license) if license_allowed(license, &args.allow) => {}
            Some(license) => lines.push(format!("license: {} {} is {license}", p.name, p.version)),
            None => {
                let file = match &p.license_file {
                    Some(file) => format!("license-file: {file}"),
                    None => "no license file".to_string(),
                };
                lines.push(format!(
                    "license: {} {} has no license expression ({file})",
                    p.name, p.version
                ));
            }
        }
    }
    for group in packages.chunk_by(|a, b| a.name == b.name) {
        let name = &group[0].name;
        if group.len() > 1 && !args.allow_duplicate.contains(name) {
            let versions: Vec<&str> = group.iter().map(|p| p.version.as_str()).collect();
            lines.push(format!("duplicate: {name} {}", versions.join(", ")));
        }
    }
    lines
}

fn load(args: &PolicyArgs) -> Result<Metadata, String> {
    let json = match &args.metadata {
        Some(path) => std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?,
        None => {
            let out = std::process::Command::new("cargo")
                .args(["metadata", "--format-version", "1"])
                .output()
                .map_err(|e| format!("cannot run cargo: {e}"))?;
            if !out.status.success() {
                return Err(String::from_utf8_lossy(&out.stderr).into_owned());
            }
            String::from_utf8(out.stdout).map_err(|e| e.to_string())?
        }
    };
    serde_json::from_str(&json).map_err(|e| format!("not cargo metadata JSON: {e}"))
}

fn main() {
    let Cargo::Policy(args) = Cargo::parse();
    let metadata = match load(&args) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    let lines = problems(&metadata, &args);
    for line in &lines {
        println!("{line}");
    }
    if lines.is_empty() {
        println!("no problems");
    } else {
        println!("{} problems", lines.len());
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = include_str!("fixtures/metadata.json");

    fn allowed(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn args(argv: &[&str]) -> PolicyArgs {
        let Cargo::Policy(args) = Cargo::try_parse_from(argv).unwrap();
        args
    }

    #[test]
    fn parsed_as_a_cargo_subcommand() {
        let a = args(&["cargo", "policy", "--allow", "MIT", "--allow", "ISC"]);
        assert_eq!(a.allow, ["MIT", "ISC"]);
        assert!(a.metadata.is_none());
        assert!(Cargo::try_parse_from(["cargo", "audit"]).is_err());
    }

    #[test]
    fn or_needs_one_and_needs_all() {
        let ok = allowed(&["MIT", "Apache-2.0"]);
        assert!(license_allowed("MIT", &ok));
        assert!(license_allowed("MIT OR GPL-3.0-only", &ok));
        assert!(license_allowed("GPL-3.0-only OR Apache-2.0", &ok));
        assert!(!license_allowed("MIT AND ISC", &ok));
        assert!(license_allowed("MIT AND Apache-2.0", &ok));
        assert!(!license_allowed("GPL-3.0-only", &ok));
    }

    #[test]
    fn parentheses_slash_and_with() {
        let ok = allowed(&["MIT", "Unicode-3.0"]);
        assert!(license_allowed("(MIT OR Apache-2.0) AND Unicode-3.0", &ok));
        assert!(!license_allowed("(ISC OR Apache-2.0) AND Unicode-3.0", &ok));
        assert!(license_allowed("Apache-2.0/MIT", &ok));
        assert!(license_allowed("MIT WITH LLVM-exception", &ok));
        assert!(!license_allowed("Apache-2.0 WITH LLVM-exception", &ok));
    }

    #[test]
    fn the_report_on_the_fixture() {
        let metadata: Metadata = serde_json::from_str(FIXTURE).unwrap();
        let a = args(&[
            "cargo",
            "policy",
            "--allow",
            "MIT",
            "--allow",
            "Apache-2.0",
            "--allow",
            "Unicode-3.0",
            "--allow-duplicate",
            "syn",
        ]);
        assert_eq!(
            problems(&metadata, &a),
            [
                "license: gpl-thing 2.0.0 is GPL-3.0-only",
                "license: mystery 0.3.0 has no license expression (license-file: LICENSE.txt)",
                "license: ring 0.17.14 is Apache-2.0 AND ISC",
                "duplicate: rand 0.8.5, 0.10.1",
            ]
        );
    }

    #[test]
    fn nothing_to_report() {
        let metadata: Metadata = serde_json::from_str(
            r#"{"packages": [
                {"name": "a", "version": "1.0.0", "id": "a", "license": "MIT", "license_file": null},
                {"name": "me", "version": "0.1.0", "id": "me", "license": null, "license_file": null}
            ], "workspace_members": ["me"]}"#,
        )
        .unwrap();
        assert!(problems(&metadata, &args(&["cargo", "policy", "--allow", "MIT"])).is_empty());
    }

    #[test]
    fn a_package_without_any_license_information() {
        let metadata: Metadata = serde_json::from_str(
            r#"{"packages": [{"name": "x", "version": "0.0.1", "id": "x", "license": null, "license_file": null}],
                "workspace_members": []}"#,
        )
        .unwrap();
        assert_eq!(
            problems(&metadata, &args(&["cargo", "policy"])),
            ["license: x 0.0.1 has no license expression (no license file)"]
        );
    }
}
