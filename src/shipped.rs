//! The shipped version of exercise files, and `reset`.
//!
//! For the bundled course the shipped files are embedded in the binary at
//! build time (see build.rs). For any other course, the tutor keeps a copy in
//! `.tutor/shipped/`, taken the first time it opens the course. Before a reset
//! overwrites a learner's file, the file is saved in `.tutor/backup/`.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result};

use crate::info::{Course, Exercise};
use crate::progress::{STATE_DIR, write_atomic};
use crate::shipped_lock;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/shipped.rs"));
}

/// Whether `course` is the course this binary was built from.
pub fn is_bundled(course: &Course) -> bool {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.canonicalize().is_ok_and(|h| h == course.root)
}

fn snapshot_dir(course: &Course) -> PathBuf {
    course.root.join(STATE_DIR).join("shipped")
}

/// The shipped content of a learner file.
pub fn original<'a>(course: &Course, rel: &Path) -> Option<Cow<'a, [u8]>> {
    if is_bundled(course) {
        let key = rel.to_string_lossy().replace('\\', "/");
        if let Some((_, bytes)) = embedded::FILES.iter().find(|(p, _)| *p == key) {
            return Some(Cow::Borrowed(bytes));
        }
    }
    std::fs::read(snapshot_dir(course).join(rel))
        .ok()
        .map(Cow::Owned)
}

/// Keeps a copy of every learner file not yet copied (courses not embedded).
/// Called when a course is opened for writing, before any check runs.
pub fn ensure_snapshot(course: &Course) -> Result<()> {
    if is_bundled(course) {
        return Ok(());
    }
    let dir = snapshot_dir(course);
    for ex in &course.exercises {
        for rel in ex.learner_files() {
            let copy = dir.join(rel);
            if copy.exists() {
                continue;
            }
            let parent = copy.parent().expect("a file has a parent");
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
            let bytes = std::fs::read(course.root.join(rel))
                .with_context(|| format!("reading {}", rel.display()))?;
            let name = copy
                .file_name()
                .expect("a file name")
                .to_string_lossy()
                .into_owned();
            write_atomic(parent, &name, &bytes)?;
        }
    }
    Ok(())
}

/// The lock's entries for the course's files as they are now: every file a
/// learner edits, by path.
fn lock_entries(course: &Course) -> Result<Vec<(String, String)>> {
    let mut paths: Vec<String> = course
        .exercises
        .iter()
        .flat_map(|e| e.learner_files())
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .map(|rel| {
            let bytes =
                std::fs::read(course.root.join(&rel)).with_context(|| format!("reading {rel}"))?;
            Ok((shipped_lock::blob_id(&bytes), rel))
        })
        .collect()
}

/// Writes `shipped.lock` for the course as it is now (`tutor dev lock`);
/// returns how many files it lists.
pub fn write_lock(course: &Course) -> Result<usize> {
    let entries = lock_entries(course)?;
    write_atomic(
        &course.root,
        shipped_lock::LOCK_FILE,
        shipped_lock::render(&entries).as_bytes(),
    )?;
    Ok(entries.len())
}

/// What is wrong with `shipped.lock` (for `dev check`): the bundled course
/// must have one that lists every learner file with its current content;
/// another course is checked only if it has one.
pub fn lock_problems(course: &Course) -> Vec<String> {
    let path = course.root.join(shipped_lock::LOCK_FILE);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return if is_bundled(course) {
            vec![format!(
                "{} is missing: `tutor reset` needs it to know the shipped files; run `tutor dev lock`",
                shipped_lock::LOCK_FILE
            )]
        } else {
            Vec::new()
        };
    };
    let want = match lock_entries(course) {
        Ok(w) => w,
        Err(e) => return vec![format!("{e:#}")],
    };
    let have = shipped_lock::parse(&text);
    let differ: Vec<&str> = want
        .iter()
        .filter(|w| !have.contains(w))
        .map(|(_, p)| p.as_str())
        .chain(
            have.iter()
                .filter(|h| !want.iter().any(|w| w.1 == h.1))
                .map(|(_, p)| p.as_str()),
        )
        .collect();
    if differ.is_empty() {
        return Vec::new();
    }
    vec![format!(
        "{} is out of date for {} file(s) (e.g. {}): after changing exercises, run `tutor dev lock` and \
         commit it with them",
        shipped_lock::LOCK_FILE,
        differ.len(),
        differ[0]
    )]
}

/// Embedded copies that differ from the files on disk (for `dev check`).
pub fn stale_embedded(course: &Course) -> Vec<String> {
    if !is_bundled(course) {
        return Vec::new();
    }
    embedded::FILES
        .iter()
        .filter(|(p, bytes)| std::fs::read(course.root.join(p)).is_ok_and(|disk| disk != *bytes))
        .map(|(p, _)| p.to_string())
        .collect()
}

/// What a reset did to one file.
pub struct Restored {
    pub file: PathBuf,
    /// Where the learner's version was saved, if it differed.
    pub backup: Option<PathBuf>,
}

/// Restores the shipped version of every learner file of `ex`.
pub fn reset(course: &Course, ex: &Exercise) -> Result<Vec<Restored>> {
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut done = Vec::new();
    for rel in ex.learner_files() {
        let shipped = original(course, rel).with_context(|| {
            format!(
                "the shipped version of {} is not known (no embedded or saved copy)",
                rel.display()
            )
        })?;
        let path = course.root.join(rel);
        let current = std::fs::read(&path).ok();
        if current.as_deref() == Some(&shipped[..]) {
            done.push(Restored {
                file: rel.clone(),
                backup: None,
            });
            continue;
        }
        let mut backup = None;
        if let Some(cur) = current {
            let dir = course
                .root
                .join(STATE_DIR)
                .join("backup")
                .join(format!("{}-{stamp}", ex.name));
            std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
            let name = rel
                .file_name()
                .expect("a file name")
                .to_string_lossy()
                .into_owned();
            write_atomic(&dir, &name, &cur)?;
            backup = Some(dir.join(name));
        }
        let parent = path.parent().expect("a file has a parent");
        let name = path
            .file_name()
            .expect("a file name")
            .to_string_lossy()
            .into_owned();
        write_atomic(parent, &name, &shipped)?;
        done.push(Restored {
            file: rel.clone(),
            backup,
        });
    }
    Ok(done)
}
