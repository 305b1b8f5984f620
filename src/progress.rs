//! The learner's state, in `<course>/.tutor/`: which exercises are done, the
//! current one, hints revealed, intros seen. The only code that writes it.
//!
//! - Versioned JSON keyed by exercise name; names renamed in `info.toml`
//!   (`renamed_from`) are carried over, names that disappeared are kept aside
//!   so a rename later can bring them back.
//! - Written atomically: a temporary file in the same directory, fsync,
//!   rename, fsync of the directory; then the same content as `.bak`.
//! - A file that cannot be read is moved to `progress.json.corrupt-<time>`
//!   (never overwritten silently) and the last good `.bak` is restored.
//! - One writer at a time: `.tutor/lock`, an advisory file lock held for the
//!   life of the process that writes.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::info::Course;

pub const STATE_DIR: &str = ".tutor";
const FILE: &str = "progress.json";
const VERSION: u32 = 1;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    pub version: u32,
    /// The exercise the learner is on (by name).
    pub current: Option<String>,
    /// Done exercises, with the time (seconds since the epoch) they passed.
    pub done: BTreeMap<String, u64>,
    /// Hint parts revealed per exercise.
    #[serde(default)]
    pub hints: BTreeMap<String, usize>,
    #[serde(default)]
    pub welcome_seen: bool,
    /// Phases whose intro the learner has seen.
    #[serde(default)]
    pub intros_seen: BTreeSet<String>,
}

/// What loading found besides the state, for the learner to read.
#[derive(Debug, Default)]
pub struct Notes(pub Vec<String>);

/// The state file of a course, and the lock when this process may write it.
pub struct Progress {
    dir: PathBuf,
    pub state: State,
    lock: Option<File>,
}

impl Progress {
    /// Reads the state without taking the lock (for `list`, `hint`).
    pub fn read(course: &Course) -> Result<(Progress, Notes)> {
        let dir = course.root.join(STATE_DIR);
        let (state, notes) = load(&dir, course, false)?;
        Ok((
            Progress {
                dir,
                state,
                lock: None,
            },
            notes,
        ))
    }

    /// Takes the lock, then reads the state. A second writer is refused.
    pub fn open(course: &Course) -> Result<(Progress, Notes)> {
        let dir = course.root.join(STATE_DIR);
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let lock = lock(&dir)?;
        let (state, notes) = load(&dir, course, true)?;
        let mut p = Progress {
            dir,
            state,
            lock: Some(lock),
        };
        if !notes.0.is_empty() {
            p.save()?;
        }
        Ok((p, notes))
    }

    pub fn is_done(&self, name: &str) -> bool {
        self.state.done.contains_key(name)
    }

    pub fn set_done(&mut self, name: &str, done: bool) {
        if done {
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            self.state.done.entry(name.to_string()).or_insert(now);
        } else {
            self.state.done.remove(name);
        }
    }

    /// Index of the current exercise: the one recorded, or the first not done.
    pub fn current(&self, course: &Course) -> usize {
        self.state
            .current
            .as_deref()
            .and_then(|n| course.find(n))
            .unwrap_or_else(|| self.next_pending(course, None).unwrap_or(0))
    }

    pub fn set_current(&mut self, course: &Course, index: usize) {
        self.state.current = course.exercises.get(index).map(|e| e.name.clone());
    }

    /// The first exercise not done after `after` (wrapping around), or none.
    pub fn next_pending(&self, course: &Course, after: Option<usize>) -> Option<usize> {
        let n = course.exercises.len();
        let start = after.map_or(0, |i| i + 1);
        (0..n)
            .map(|k| (start + k) % n)
            .find(|&i| !self.is_done(&course.exercises[i].name))
    }

    pub fn done_count(&self, course: &Course) -> usize {
        course
            .exercises
            .iter()
            .filter(|e| self.is_done(&e.name))
            .count()
    }

    /// (done, total) for one phase.
    pub fn phase_counts(&self, course: &Course, phase: usize) -> (usize, usize) {
        let idx: Vec<usize> = course.phase_exercises(phase).collect();
        (
            idx.iter()
                .filter(|&&i| self.is_done(&course.exercises[i].name))
                .count(),
            idx.len(),
        )
    }

    /// Writes the state atomically. Needs the lock.
    pub fn save(&mut self) -> Result<()> {
        if self.lock.is_none() {
            bail!("internal: progress saved without the lock");
        }
        self.state.version = VERSION;
        let mut json = serde_json::to_vec_pretty(&self.state)?;
        json.push(b'\n');
        write_atomic(&self.dir, FILE, &json)?;
        write_atomic(&self.dir, &format!("{FILE}.bak"), &json)?;
        Ok(())
    }
}

/// Holding the lock file open keeps the lock; the pid in it is for messages.
fn lock(dir: &Path) -> Result<File> {
    let path = dir.join("lock");
    let mut f = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .with_context(|| format!("opening {}", path.display()))?;
    match f.try_lock() {
        Ok(()) => {
            f.set_len(0)?;
            writeln!(f, "{}", std::process::id())?;
            Ok(f)
        }
        Err(std::fs::TryLockError::WouldBlock) => {
            let mut pid = String::new();
            let _ = f.read_to_string(&mut pid);
            let pid = pid.trim();
            let who = if pid.is_empty() {
                String::new()
            } else {
                format!(" (process {pid})")
            };
            bail!(
                "another tutor is already running in this course{who}.\n\
                 Use that one (or quit it) and try again; `tutor list` and `tutor hint` work alongside it"
            )
        }
        Err(std::fs::TryLockError::Error(e)) => {
            Err(e).with_context(|| format!("locking {}", path.display()))
        }
    }
}

fn load(dir: &Path, course: &Course, can_fix: bool) -> Result<(State, Notes)> {
    let path = dir.join(FILE);
    let mut notes = Notes::default();
    let mut state = match read_state(&path) {
        Ok(Some(s)) => s,
        Ok(None) => State {
            version: VERSION,
            ..Default::default()
        },
        Err(why) => {
            let bak = dir.join(format!("{FILE}.bak"));
            let restored = read_state(&bak).ok().flatten();
            if can_fix {
                let stamp = SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs());
                let aside = dir.join(format!("{FILE}.corrupt-{stamp}"));
                std::fs::rename(&path, &aside)
                    .with_context(|| format!("moving {} aside", path.display()))?;
                let then = match &restored {
                    Some(_) => "restored the last good copy (progress.json.bak)",
                    None => {
                        "there is no good copy: starting fresh; `tutor verify` re-checks your exercises and \
                             records the ones that pass"
                    }
                };
                notes.0.push(format!(
                    "your progress file could not be read ({why}); it was moved to {} and {then}",
                    aside.display()
                ));
            } else {
                notes.0.push(format!(
                    "your progress file could not be read ({why}); showing the last good copy"
                ));
            }
            restored.unwrap_or_default()
        }
    };
    if state.version > VERSION {
        bail!(
            "{} was written by a newer tutor (format {}); update the tutor to continue",
            path.display(),
            state.version
        );
    }
    migrate(&mut state, course);
    Ok((state, notes))
}

fn read_state(path: &Path) -> std::result::Result<Option<State>, String> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| e.to_string()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.to_string()),
    }
}

/// Carries progress recorded under an old name (`renamed_from`) to the new one.
fn migrate(state: &mut State, course: &Course) {
    for ex in &course.exercises {
        for old in &ex.renamed_from {
            if let Some(t) = state.done.remove(old) {
                state.done.entry(ex.name.clone()).or_insert(t);
            }
            if let Some(h) = state.hints.remove(old) {
                state.hints.entry(ex.name.clone()).or_insert(h);
            }
            if state.current.as_deref() == Some(old.as_str()) {
                state.current = Some(ex.name.clone());
            }
        }
    }
}

/// Temporary file in the same directory, fsync, rename over, fsync the directory.
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    fault_point("before-rename");
    let target = dir.join(name);
    tmp.persist(&target)
        .map_err(|e| e.error)
        .with_context(|| format!("writing {}", target.display()))?;
    File::open(dir)
        .and_then(|d| d.sync_all())
        .with_context(|| format!("syncing {}", dir.display()))?;
    Ok(())
}

/// Fault injection for the crash-safety tests (debug builds only): with
/// `TUTOR_FAULT=<point>`, the process dies at that point, as a crash would.
fn fault_point(point: &str) {
    if cfg!(debug_assertions) && std::env::var("TUTOR_FAULT").is_ok_and(|p| p == point) {
        std::process::abort();
    }
}
