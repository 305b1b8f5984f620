//! Remembered build failures. Cargo remembers what it built, but not what
//! failed: every `verify --all` of a course whose exercises mostly do not
//! compile yet would run rustc on each of them again, with the same errors.
//!
//! A failure is remembered with a key that covers everything the build read:
//! the content of every file of the course (outside `target/`, `.git/` and
//! `.tutor/`), the `rustc -vV` of its toolchain, the tutor's `--config` values
//! and the environment variables that change a build. Any difference and the
//! record does not apply. Records live in the target directory, so removing it
//! forgets them with the builds.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::cargo::{BuildOutput, BuildReq};
use crate::verdict::Diagnostic;

const FILE: &str = "tutor-failures.json";

/// Environment variables that change what a build does.
const BUILD_ENV: &[&str] = &[
    "RUSTFLAGS",
    "CARGO_ENCODED_RUSTFLAGS",
    "CARGO_BUILD_RUSTFLAGS",
    "RUSTC",
    "RUSTC_WRAPPER",
    "RUSTC_WORKSPACE_WRAPPER",
    "RUSTUP_TOOLCHAIN",
    "CARGO_HOME",
    "TUTOR_CROSS_TOOLCHAIN",
];

#[derive(Serialize, Deserialize, Default)]
struct Stored {
    /// The inputs the records were made with.
    inputs: u64,
    records: HashMap<String, Record>,
}

#[derive(Serialize, Deserialize, Clone)]
struct Record {
    diagnostics: Vec<(String, Diagnostic)>,
    stderr: String,
    command: String,
}

pub struct FailCache {
    path: PathBuf,
    inputs: u64,
    records: HashMap<String, Record>,
    changed: bool,
}

impl FailCache {
    /// The records that still apply to the course in `root` as it is now.
    pub fn load(root: &Path, target_dir: &Path, config: &[String]) -> FailCache {
        let inputs = inputs_key(root, config);
        let path = target_dir.join(FILE);
        let stored: Stored = std::fs::read(&path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        let records = if stored.inputs == inputs {
            stored.records
        } else {
            HashMap::new()
        };
        FailCache {
            path,
            inputs,
            changed: false,
            records,
        }
    }

    pub fn get(&self, req: &BuildReq) -> Option<BuildOutput> {
        self.records.get(&key(req)).map(|r| BuildOutput {
            success: false,
            artifacts: Vec::new(),
            diagnostics: r.diagnostics.clone(),
            stderr: r.stderr.clone(),
            stopped: None,
            elapsed: Default::default(),
            command: r.command.clone(),
        })
    }

    /// Remembers a failed build. A stopped one proves nothing, and a missing
    /// target platform is the machine's state, which the key does not cover
    /// (`rustup target add` changes no file of the course): neither is kept.
    pub fn remember(&mut self, req: &BuildReq, out: &BuildOutput) {
        if out.success || out.stopped.is_some() || out.target_missing() {
            return;
        }
        let record = Record {
            diagnostics: out.diagnostics.clone(),
            stderr: out.stderr.clone(),
            command: out.command.clone(),
        };
        self.records.insert(key(req), record);
        self.changed = true;
    }

    pub fn save(&self) {
        if !self.changed {
            return;
        }
        let stored = Stored {
            inputs: self.inputs,
            records: self.records.clone(),
        };
        if let (Some(dir), Ok(json)) = (self.path.parent(), serde_json::to_vec(&stored)) {
            // A cache: losing it costs a rebuild, so a failed write is ignored.
            let _ = std::fs::create_dir_all(dir);
            let _ = crate::progress::write_atomic(dir, FILE, &json);
        }
    }
}

fn key(req: &BuildReq) -> String {
    format!("{req:?}")
}

/// A hash of everything a build of the course reads.
fn inputs_key(root: &Path, config: &[String]) -> u64 {
    let mut h = DefaultHasher::new();
    config.hash(&mut h);
    for var in BUILD_ENV {
        std::env::var_os(var).hash(&mut h);
    }
    let rustc = std::process::Command::new("rustc")
        .arg("-vV")
        .current_dir(root)
        .output();
    rustc.map(|o| o.stdout).unwrap_or_default().hash(&mut h);
    let mut files = Vec::new();
    collect(root, Path::new(""), &mut files);
    files.sort();
    for rel in files {
        rel.hash(&mut h);
        std::fs::read(root.join(&rel))
            .unwrap_or_default()
            .hash(&mut h);
    }
    h.finish()
}

fn collect(root: &Path, rel: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(root.join(rel)) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        if name == "target" || name == ".git" || name == crate::progress::STATE_DIR {
            continue;
        }
        let rel = rel.join(&name);
        match e.file_type() {
            Ok(t) if t.is_dir() => collect(root, &rel, out),
            Ok(t) if t.is_file() => out.push(rel),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::info::TargetSel;
    use crate::runner::cargo::Mode;

    fn req() -> BuildReq {
        BuildReq {
            package: "p".into(),
            package_dir: "p".into(),
            standalone: false,
            targets: vec![TargetSel::Bin("x".into())],
            mode: Mode::Test,
            profile: None,
            triple: None,
            features: vec![],
            config: None,
            toolchain: None,
            keep_going: false,
        }
    }

    #[test]
    fn a_failure_applies_until_a_file_changes() {
        let course = tempfile::tempdir().unwrap();
        let target = tempfile::tempdir().unwrap();
        std::fs::write(course.path().join("x.rs"), "fn main() { oops }").unwrap();
        let failed = BuildOutput {
            success: false,
            stderr: "boom".into(),
            ..Default::default()
        };

        let mut cache = FailCache::load(course.path(), target.path(), &[]);
        assert!(cache.get(&req()).is_none());
        cache.remember(&req(), &failed);
        cache.save();

        let cache = FailCache::load(course.path(), target.path(), &[]);
        assert_eq!(cache.get(&req()).unwrap().stderr, "boom");
        let other_config = FailCache::load(course.path(), target.path(), &["x=1".into()]);
        assert!(other_config.get(&req()).is_none());

        std::fs::write(course.path().join("x.rs"), "fn main() {}").unwrap();
        let cache = FailCache::load(course.path(), target.path(), &[]);
        assert!(
            cache.get(&req()).is_none(),
            "an edit makes the record stale"
        );
    }
}
