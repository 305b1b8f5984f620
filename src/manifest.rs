//! Just enough of a package's `Cargo.toml` to know its name and its targets,
//! read directly (not through `cargo metadata`, which would cost a cargo
//! process on every start-up). Target discovery follows cargo's rules.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::diag::Located;

/// An exercise package: a workspace member, or a standalone workspace.
#[derive(Debug, Clone)]
pub struct Package {
    pub name: String,
    /// Directory of the package, relative to the course root ("" for the root).
    pub dir: PathBuf,
    /// `true` when the package is its own workspace (built with `--manifest-path`).
    pub standalone: bool,
    pub edition: String,
    pub targets: Vec<Target>,
    /// Whether the package depends on any other crate. `cargo check` is
    /// cheap only without dependencies: with them it builds a second,
    /// metadata-only copy of every one.
    pub has_dependencies: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TargetKind {
    Lib,
    Bin,
    Test,
    Bench,
}

/// A cargo target of a package.
#[derive(Debug, Clone)]
pub struct Target {
    pub kind: TargetKind,
    pub name: String,
    /// Relative to the course root.
    pub path: PathBuf,
}

impl Package {
    pub fn target(&self, kind: TargetKind, name: &str) -> Option<&Target> {
        self.targets
            .iter()
            .find(|t| t.kind == kind && t.name == name)
    }
    pub fn target_for_path(&self, path: &Path) -> Option<&Target> {
        self.targets.iter().find(|t| t.path == path)
    }
    pub fn lib(&self) -> Option<&Target> {
        self.targets.iter().find(|t| t.kind == TargetKind::Lib)
    }
    pub fn manifest(&self) -> PathBuf {
        self.dir.join("Cargo.toml")
    }
}

#[derive(Deserialize)]
struct RawManifest {
    package: Option<RawPackage>,
    lib: Option<RawTarget>,
    #[serde(default)]
    bin: Vec<RawTarget>,
    #[serde(default)]
    test: Vec<RawTarget>,
    #[serde(default)]
    bench: Vec<RawTarget>,
    workspace: Option<RawWorkspace>,
    dependencies: Option<toml::Table>,
    #[serde(rename = "build-dependencies")]
    build_dependencies: Option<toml::Table>,
    #[serde(rename = "dev-dependencies")]
    dev_dependencies: Option<toml::Table>,
    /// `[target.'cfg(..)'.dependencies]`
    target: Option<toml::Table>,
}

#[derive(Deserialize)]
struct RawPackage {
    name: String,
    edition: Option<toml::Value>,
    autobins: Option<bool>,
    autotests: Option<bool>,
    autobenches: Option<bool>,
    autolib: Option<bool>,
}

#[derive(Deserialize)]
struct RawTarget {
    name: Option<String>,
    path: Option<String>,
}

#[derive(Deserialize)]
struct RawWorkspace {
    package: Option<RawWorkspacePackage>,
}

#[derive(Deserialize)]
struct RawWorkspacePackage {
    edition: Option<String>,
}

/// Reads packages once per run; many exercises share one package.
#[derive(Default)]
pub struct Packages {
    by_dir: HashMap<PathBuf, Result<Arc<Package>, Located>>,
}

impl Packages {
    /// The package that owns `file` (relative to `root`): the nearest directory
    /// at or above it with a `Cargo.toml` that has a `[package]`.
    pub fn owner_of(&mut self, root: &Path, file: &Path) -> Result<Arc<Package>, Located> {
        let mut dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
        loop {
            if root.join(&dir).join("Cargo.toml").is_file() {
                let pkg = self
                    .by_dir
                    .entry(dir.clone())
                    .or_insert_with(|| read_package(root, &dir).map(Arc::new))
                    .clone();
                match pkg {
                    Ok(p) => return Ok(p),
                    Err(e) if e.message.starts_with(NO_PACKAGE) => {}
                    Err(e) => return Err(e),
                }
            }
            if dir.as_os_str().is_empty() {
                return Err(Located::file(
                    &root.join(file),
                    "this file is not inside a cargo package (no Cargo.toml with a [package] above it)",
                ));
            }
            dir = dir.parent().map(Path::to_path_buf).unwrap_or_default();
        }
    }
}

const NO_PACKAGE: &str = "no [package]";

fn read_package(root: &Path, dir: &Path) -> Result<Package, Located> {
    let path = root.join(dir).join("Cargo.toml");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Located::file(&path, format!("cannot read the manifest: {e}")))?;
    let raw: RawManifest = toml::from_str(&text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        Located::at(
            &path,
            &text,
            span,
            format!("invalid Cargo.toml: {}", e.message()),
        )
    })?;
    let Some(pkg) = raw.package else {
        return Err(Located::file(
            &path,
            format!("{NO_PACKAGE} in this manifest"),
        ));
    };
    let standalone = raw.workspace.is_some() && !dir.as_os_str().is_empty();
    let edition = match pkg.edition {
        Some(toml::Value::String(e)) => e,
        Some(toml::Value::Table(_)) => workspace_edition(root).unwrap_or_else(|| "2021".into()),
        _ => "2015".into(),
    };
    let abs = root.join(dir);
    let rel = |p: &str| dir.join(p);
    let mut targets = Vec::new();

    // Library.
    let lib_path = raw.lib.as_ref().and_then(|l| l.path.clone()).or_else(|| {
        (pkg.autolib != Some(false) && abs.join("src/lib.rs").is_file())
            .then(|| "src/lib.rs".into())
    });
    if let Some(p) = lib_path {
        let name = raw
            .lib
            .as_ref()
            .and_then(|l| l.name.clone())
            .unwrap_or_else(|| pkg.name.replace('-', "_"));
        targets.push(Target {
            kind: TargetKind::Lib,
            name,
            path: rel(&p),
        });
    }

    let declared = |list: &[RawTarget],
                    kind: TargetKind,
                    default_dir: &str,
                    targets: &mut Vec<Target>| {
        for t in list {
            let name = t.name.clone().unwrap_or_else(|| pkg.name.clone());
            let path = t.path.clone().unwrap_or_else(|| {
                if kind == TargetKind::Bin && name == pkg.name && abs.join("src/main.rs").is_file()
                {
                    "src/main.rs".into()
                } else {
                    format!("{default_dir}/{name}.rs")
                }
            });
            targets.push(Target {
                kind,
                name,
                path: rel(&path),
            });
        }
    };
    declared(&raw.bin, TargetKind::Bin, "src/bin", &mut targets);
    declared(&raw.test, TargetKind::Test, "tests", &mut targets);
    declared(&raw.bench, TargetKind::Bench, "benches", &mut targets);

    // Auto-discovered targets, unless declared already.
    if pkg.autobins != Some(false) {
        if abs.join("src/main.rs").is_file() {
            push_auto(&mut targets, TargetKind::Bin, &pkg.name, rel("src/main.rs"));
        }
        discover(&abs, "src/bin", dir, TargetKind::Bin, &mut targets);
    }
    if pkg.autotests != Some(false) {
        discover(&abs, "tests", dir, TargetKind::Test, &mut targets);
    }
    if pkg.autobenches != Some(false) {
        discover(&abs, "benches", dir, TargetKind::Bench, &mut targets);
    }
    let some = |t: &Option<toml::Table>| t.as_ref().is_some_and(|t| !t.is_empty());
    let has_dependencies = some(&raw.dependencies)
        || some(&raw.build_dependencies)
        || some(&raw.dev_dependencies)
        || some(&raw.target);
    Ok(Package {
        name: pkg.name,
        dir: dir.to_path_buf(),
        standalone,
        edition,
        targets,
        has_dependencies,
    })
}

fn push_auto(targets: &mut Vec<Target>, kind: TargetKind, name: &str, path: PathBuf) {
    if !targets
        .iter()
        .any(|t| t.kind == kind && (t.name == name || t.path == path))
    {
        targets.push(Target {
            kind,
            name: name.to_string(),
            path,
        });
    }
}

fn discover(abs: &Path, sub: &str, dir: &Path, kind: TargetKind, targets: &mut Vec<Target>) {
    let Ok(entries) = std::fs::read_dir(abs.join(sub)) else {
        return;
    };
    let mut found: Vec<(String, PathBuf)> = Vec::new();
    for entry in entries.flatten() {
        let p = entry.path();
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if p.is_file() && file_name.ends_with(".rs") {
            found.push((
                file_name.trim_end_matches(".rs").to_string(),
                dir.join(sub).join(&file_name),
            ));
        } else if p.join("main.rs").is_file() {
            found.push((
                file_name.clone(),
                dir.join(sub).join(&file_name).join("main.rs"),
            ));
        }
    }
    found.sort();
    for (name, path) in found {
        push_auto(targets, kind, &name, path);
    }
}

fn workspace_edition(root: &Path) -> Option<String> {
    let text = std::fs::read_to_string(root.join("Cargo.toml")).ok()?;
    let raw: RawManifest = toml::from_str(&text).ok()?;
    raw.workspace?.package?.edition
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    #[test]
    fn declared_and_discovered_targets() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path();
        write(
            root,
            "exercises/p/Cargo.toml",
            "[package]\nname = \"p\"\nedition = \"2024\"\nautobins = false\n[[bin]]\nname = \"a\"\npath = \"a.rs\"\n",
        );
        write(root, "exercises/p/a.rs", "fn main() {}");
        write(root, "exercises/p/tests/ui.rs", "");
        let pkg = Packages::default()
            .owner_of(root, Path::new("exercises/p/a.rs"))
            .unwrap();
        assert_eq!(pkg.name, "p");
        assert_eq!(pkg.dir, Path::new("exercises/p"));
        assert!(!pkg.standalone);
        assert_eq!(pkg.edition, "2024");
        let a = pkg.target_for_path(Path::new("exercises/p/a.rs")).unwrap();
        assert_eq!((a.kind, a.name.as_str()), (TargetKind::Bin, "a"));
        assert!(pkg.target(TargetKind::Test, "ui").is_some());
    }

    #[test]
    fn proc_macro_crate_has_a_lib_and_standalone_is_detected() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path();
        write(
            root,
            "exercises/pm/Cargo.toml",
            "[package]\nname = \"pm-x\"\n[lib]\nproc-macro = true\n[workspace]\n",
        );
        write(root, "exercises/pm/src/lib.rs", "");
        let pkg = Packages::default()
            .owner_of(root, Path::new("exercises/pm/src/lib.rs"))
            .unwrap();
        assert!(pkg.standalone);
        let lib = pkg.lib().unwrap();
        assert_eq!(lib.name, "pm_x");
        assert_eq!(lib.path, Path::new("exercises/pm/src/lib.rs"));
    }

    #[test]
    fn a_bad_manifest_is_located() {
        let d = tempfile::tempdir().unwrap();
        write(d.path(), "e/Cargo.toml", "[package]\nname = 3\n");
        write(d.path(), "e/x.rs", "");
        let err = Packages::default()
            .owner_of(d.path(), Path::new("e/x.rs"))
            .unwrap_err();
        assert_eq!(err.line, 2, "{err}");
    }
}
