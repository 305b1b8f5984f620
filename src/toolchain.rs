//! What the machine has: the Rust toolchain and its targets, QEMU, valgrind,
//! node, rustfmt. Each missing piece comes with the exact command that
//! installs it. Probes run lazily, once per process.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The result of looking for a tool.
#[derive(Debug, Clone)]
pub enum Found {
    Yes(PathBuf),
    No { reason: String, fixes: Vec<String> },
}

/// Probes, cached for the life of the process.
#[derive(Default)]
pub struct Toolchain {
    root: PathBuf,
    sysroot: OnceLock<Option<PathBuf>>,
    cross_sysroot: OnceLock<Option<(String, PathBuf)>>,
}

/// The private folder `scripts/provision-cross.sh` installs QEMU into.
pub fn private_cache() -> Option<PathBuf> {
    let base = match std::env::var_os("XDG_CACHE_HOME") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => PathBuf::from(std::env::var_os("HOME")?).join(".cache"),
    };
    Some(base.join("tutor").join("cross"))
}

impl Toolchain {
    pub fn new(course_root: &Path) -> Self {
        Toolchain {
            root: course_root.to_path_buf(),
            ..Default::default()
        }
    }

    /// The sysroot of the toolchain cargo uses in this course.
    pub fn sysroot(&self) -> Option<&Path> {
        self.sysroot
            .get_or_init(|| rustc_sysroot(&self.root, None))
            .as_deref()
    }

    fn cross(&self) -> Option<&(String, PathBuf)> {
        self.cross_sysroot
            .get_or_init(|| {
                let tc = std::env::var("TUTOR_CROSS_TOOLCHAIN")
                    .ok()
                    .filter(|s| !s.is_empty())?;
                let sysroot = rustc_sysroot(&self.root, Some(&tc))?;
                Some((tc, sysroot))
            })
            .as_ref()
    }

    /// Whether `triple` can be built, and with which toolchain: `Ok(None)` is
    /// the default one, `Ok(Some(name))` a rustup toolchain named by
    /// `TUTOR_CROSS_TOOLCHAIN` (a machine where rustup cannot download targets).
    pub fn target(&self, triple: &str) -> Result<Option<String>, (String, Vec<String>)> {
        let has = |sysroot: &Path| {
            sysroot
                .join("lib/rustlib")
                .join(triple)
                .join("lib")
                .is_dir()
        };
        if self.sysroot().is_some_and(has) {
            return Ok(None);
        }
        if let Some((tc, sysroot)) = self.cross()
            && has(sysroot)
        {
            return Ok(Some(tc.clone()));
        }
        Err((
            format!("the Rust target {triple} is not installed"),
            vec![
                format!("rustup target add {triple}"),
                "where rustup cannot download targets: bash scripts/provision-cross.sh, then export the \
                 TUTOR_CROSS_TOOLCHAIN it prints"
                    .into(),
            ],
        ))
    }

    /// The fallback toolchain to build `triple` with, when `TUTOR_CROSS_TOOLCHAIN`
    /// is set and the course's own toolchain lacks the target. Without that
    /// setting it answers `None` at once, without running rustc.
    pub fn fallback_for(&self, triple: &str) -> Option<String> {
        std::env::var_os("TUTOR_CROSS_TOOLCHAIN").filter(|t| !t.is_empty())?;
        self.target(triple).ok().flatten()
    }

    pub fn qemu(&self) -> Found {
        if let Some(p) = std::env::var_os("TUTOR_QEMU").filter(|p| !p.is_empty()) {
            let p = PathBuf::from(p);
            return if p.is_file() {
                Found::Yes(p)
            } else {
                Found::No {
                    reason: format!("TUTOR_QEMU is set to {}, which does not exist", p.display()),
                    fixes: vec!["unset TUTOR_QEMU, or point it at a qemu-system-arm binary".into()],
                }
            };
        }
        if let Ok(p) = which::which("qemu-system-arm") {
            return Found::Yes(p);
        }
        if let Some(p) = private_cache().map(|c| c.join("qemu/bin/qemu-system-arm"))
            && p.is_file()
        {
            return Found::Yes(p);
        }
        Found::No {
            reason: "qemu-system-arm is not installed".into(),
            fixes: vec![
                "sudo apt install qemu-system-arm   (Debian, Ubuntu)".into(),
                "sudo dnf install qemu-system-arm   (Fedora)".into(),
                "brew install qemu   (macOS)".into(),
                "or a private copy, without touching the system: bash scripts/provision-cross.sh"
                    .into(),
            ],
        }
    }

    pub fn valgrind(&self) -> Found {
        tool(
            "valgrind",
            "valgrind counts instructions for this check",
            &[
                "sudo apt install valgrind   (Debian, Ubuntu)",
                "sudo dnf install valgrind   (Fedora)",
            ],
        )
    }

    pub fn rustfmt(&self) -> Found {
        tool(
            "rustfmt",
            "rustfmt is not installed",
            &["rustup component add rustfmt"],
        )
    }

    pub fn clippy(&self) -> Found {
        tool(
            "cargo-clippy",
            "clippy is not installed",
            &["rustup component add clippy"],
        )
    }
}

impl Toolchain {
    pub fn node(&self) -> Found {
        tool(
            "node",
            "Node.js (the WASI host for wasm32-wasip1 programs) is not installed",
            &[
                "sudo apt install nodejs   (Debian, Ubuntu)",
                "brew install node   (macOS)",
            ],
        )
    }
}

fn tool(name: &str, reason: &str, fixes: &[&str]) -> Found {
    match which::which(name) {
        Ok(p) => Found::Yes(p),
        Err(_) => Found::No {
            reason: reason.into(),
            fixes: fixes.iter().map(|s| s.to_string()).collect(),
        },
    }
}

fn rustc_sysroot(root: &Path, toolchain: Option<&str>) -> Option<PathBuf> {
    let mut cmd = Command::new("rustc");
    if let Some(tc) = toolchain {
        cmd.arg(format!("+{tc}"));
    }
    let out = cmd
        .args(["--print", "sysroot"])
        .current_dir(root)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let s = String::from_utf8(out.stdout).ok()?;
    Some(PathBuf::from(s.trim()))
}

/// The host's architecture as Rust names it (`x86_64`, `aarch64`).
pub fn host_arch() -> &'static str {
    std::env::consts::ARCH
}
