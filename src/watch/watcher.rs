//! Which saves `tutor watch` reacts to. The watcher owns its notify handle and
//! one thread that turns raw file-system events into [`Msg::Saved`]: one per
//! new content of a file the current exercise is made of.
//!
//! - It watches directories, never single files: editors that save by
//!   renaming (vim, neovim, helix, JetBrains' safe write) replace the file, and
//!   a watch on the file itself dies with the first save.
//! - Only the current exercise's files count ([`Scope`]); editor droppings
//!   (`*~`, `4913`, `.swp`, `___jb_*`), `target/`, `rustc-ice-*.txt` and the
//!   tutor's own `.tutor/` never do ([`ignored`]).
//! - Debounce: an event that says a write is complete (the file was closed
//!   after writing, or renamed into place) settles after a few milliseconds;
//!   anything else waits for the file to be quiet. Then the file is read
//!   again; an empty file (an editor truncated it and has not written yet) or
//!   one whose content was already seen is skipped.
//! - When events cannot arrive (network and virtual file systems, the inotify
//!   limit) it polls the same directories instead, and says why.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
use notify::{EventKind, RecursiveMode};

use crate::info::Course;

/// How long to wait after an event that says the write is complete, to take
/// the events that come with it in one go.
const SETTLE: Duration = Duration::from_millis(2);
/// How long a file must be quiet after an event that does not say the write
/// is complete (data written, file created or moved away).
const QUIET: Duration = Duration::from_millis(60);
/// A file written continuously is read at least this often.
const MAX_WAIT: Duration = Duration::from_millis(1000);
/// The polling interval when events cannot arrive.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// What the watcher reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    /// A file of the current exercise has new, non-empty content.
    Saved(PathBuf),
    /// Events stopped being reliable (the inotify limit was reached while
    /// watching); the loop should call [`Watcher::fall_back`].
    Unreliable(String),
    /// The watcher's thread ended: no save will be reported any more.
    Stopped(String),
}

/// The files of one exercise, as the watcher sees them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// Files the learner edits, absolute.
    pub files: Vec<PathBuf>,
    /// Directories in which every `.rs` and `.toml` file counts: the package
    /// of an exercise that is its own crate. Absolute.
    pub trees: Vec<PathBuf>,
}

impl Scope {
    /// The learner files of exercise `index`, its package's `Cargo.toml`, and
    /// the whole package when no other exercise shares it.
    pub fn of(course: &Course, index: usize) -> Scope {
        let ex = &course.exercises[index];
        let root = &course.root;
        let mut files: Vec<PathBuf> = ex.learner_files().map(|p| root.join(p)).collect();
        files.push(root.join(ex.package.manifest()));
        let alone = course
            .exercises
            .iter()
            .filter(|e| e.package.name == ex.package.name)
            .count()
            == 1;
        let trees = if alone && !ex.package.dir.as_os_str().is_empty() {
            vec![root.join(&ex.package.dir)]
        } else {
            Vec::new()
        };
        Scope { files, trees }
    }

    /// Whether a change to `path` concerns this exercise.
    pub fn wants(&self, path: &Path) -> bool {
        if self.files.iter().any(|f| f == path) {
            return true;
        }
        let source = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("rs" | "toml")
        );
        // Only the part inside the package decides: a course that lives under
        // a directory called `target` is still watched.
        source
            && self
                .trees
                .iter()
                .any(|t| path.strip_prefix(t).is_ok_and(|rel| !ignored(rel)))
    }

    /// The directories to watch, each with how deep.
    pub fn dirs(&self) -> Vec<(PathBuf, RecursiveMode)> {
        let mut dirs: Vec<(PathBuf, RecursiveMode)> = self
            .trees
            .iter()
            .map(|t| (t.clone(), RecursiveMode::Recursive))
            .collect();
        for f in &self.files {
            let Some(parent) = f.parent() else { continue };
            let covered = dirs.iter().any(|(d, mode)| {
                d == parent || (*mode == RecursiveMode::Recursive && parent.starts_with(d))
            });
            if !covered {
                dirs.push((parent.to_path_buf(), RecursiveMode::NonRecursive));
            }
        }
        dirs
    }
}

/// Files no save of the learner's can be about: build output, the tutor's
/// own state, editors' temporary files, compiler crash reports. `path` is
/// relative to the directory being watched.
pub fn ignored(path: &Path) -> bool {
    let in_ignored_dir = path.components().any(|c| {
        let c = c.as_os_str();
        c == "target" || c == ".tutor" || c == ".git"
    });
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return true;
    };
    in_ignored_dir
        || name.ends_with('~')
        || name == "4913"
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.contains("___jb_")
        || name.starts_with("rustc-ice-")
        || name.starts_with(".#")
        || (name.starts_with('.') && name.ends_with(".tmp"))
}

/// How the watcher learns about changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// File-system events (inotify on Linux).
    Events,
    /// Reading the watched directories every `interval`.
    Polling(Duration),
}

/// What the debounce thread shares with the watcher's owner.
#[derive(Default)]
struct Shared {
    scope: Scope,
    /// A hash of the last content seen for each file.
    known: HashMap<PathBuf, u64>,
    polling: bool,
}

/// The notify handle, the directories it watches, and the thread that turns
/// its events into [`Msg`]s.
pub struct Watcher {
    backend: Box<dyn notify::Watcher + Send>,
    raw: Sender<notify::Result<notify::Event>>,
    shared: Arc<Mutex<Shared>>,
    watched: Vec<(PathBuf, RecursiveMode)>,
    polling: Option<Duration>,
}

fn lock(shared: &Mutex<Shared>) -> MutexGuard<'_, Shared> {
    shared.lock().unwrap_or_else(|e| e.into_inner())
}

impl Watcher {
    /// Starts watching with `backend`; `out` receives the messages (on the
    /// watcher's thread). With `Backend::Events`, a watcher that cannot be
    /// created falls back to polling: the second value says why.
    pub fn start(
        backend: Backend,
        out: impl Fn(Msg) + Send + 'static,
    ) -> std::io::Result<(Watcher, Option<String>)> {
        let (raw_tx, raw_rx) = mpsc::channel();
        let shared = Arc::new(Mutex::new(Shared::default()));
        let (handle, polling, why): (Box<dyn notify::Watcher + Send>, _, _) = match backend {
            Backend::Events => match notify::recommended_watcher(raw_tx.clone()) {
                Ok(w) => (Box::new(w), None, None),
                Err(e) => {
                    let why = match &e.kind {
                        notify::ErrorKind::Io(io) if io.raw_os_error() == Some(libc::EMFILE) => {
                            let limit = crate::fsinfo::inotify_limits()
                                .map(|(_, instances)| format!(" ({instances})"))
                                .unwrap_or_default();
                            format!(
                                "the limit of inotify instances{limit} is reached; to raise it: \
                                 sudo sysctl fs.inotify.max_user_instances=512"
                            )
                        }
                        _ => format!("file-system events are not available ({e})"),
                    };
                    (
                        poller(raw_tx.clone(), POLL_INTERVAL),
                        Some(POLL_INTERVAL),
                        Some(why),
                    )
                }
            },
            Backend::Polling(interval) => (poller(raw_tx.clone(), interval), Some(interval), None),
        };
        lock(&shared).polling = polling.is_some();
        let thread_shared = shared.clone();
        std::thread::Builder::new()
            .name("tutor-watcher".into())
            .spawn(move || {
                let run = || debounce(&raw_rx, &thread_shared, &out);
                if std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).is_err() {
                    out(Msg::Stopped("the file watcher stopped (a panic)".into()));
                }
            })?;
        Ok((
            Watcher {
                backend: handle,
                raw: raw_tx,
                shared,
                watched: Vec::new(),
                polling,
            },
            why,
        ))
    }

    /// Whether the watcher polls (and how often).
    pub fn polling(&self) -> Option<Duration> {
        self.polling
    }

    /// Follows the files of another exercise: watches its directories and
    /// remembers the content of its files as already seen. Returns why it
    /// switched to polling, if it had to.
    pub fn follow(&mut self, scope: Scope) -> Option<String> {
        let dirs = scope.dirs();
        {
            let mut shared = lock(&self.shared);
            for f in &scope.files {
                if let Some(h) = content_hash(f) {
                    shared.known.insert(f.clone(), h);
                }
            }
            shared.scope = scope;
        }
        for (dir, mode) in std::mem::take(&mut self.watched) {
            if !dirs.contains(&(dir.clone(), mode)) {
                let _ = self.backend.unwatch(&dir);
            } else {
                self.watched.push((dir, mode));
            }
        }
        let mut fell_back = None;
        for (dir, mode) in dirs {
            if self.watched.contains(&(dir.clone(), mode)) {
                continue;
            }
            match self.backend.watch(&dir, mode) {
                Ok(()) => self.watched.push((dir, mode)),
                Err(e) if matches!(e.kind, notify::ErrorKind::MaxFilesWatch) => {
                    // Poll this directory and all the others (the ones
                    // still to come are added to the poller below).
                    self.watched.push((dir, mode));
                    self.fall_back();
                    fell_back = Some(limit_reached());
                }
                // A directory that does not exist (yet) has nothing to save.
                Err(_) => {}
            }
        }
        fell_back
    }

    /// Switches to polling the same directories.
    pub fn fall_back(&mut self) {
        if self.polling.is_some() {
            return;
        }
        self.backend = poller(self.raw.clone(), POLL_INTERVAL);
        self.polling = Some(POLL_INTERVAL);
        lock(&self.shared).polling = true;
        for (dir, mode) in &self.watched {
            let _ = self.backend.watch(dir, *mode);
        }
    }

    /// The tutor is about to write `content` to `path` (a reset): that
    /// content is not a save of the learner's.
    pub fn expect(&self, path: &Path, content: &[u8]) {
        lock(&self.shared)
            .known
            .insert(path.to_path_buf(), hash(content));
    }
}

fn poller(
    raw: Sender<notify::Result<notify::Event>>,
    interval: Duration,
) -> Box<dyn notify::Watcher + Send> {
    // Comparing contents: the poller's modification times have a resolution
    // of one second, and two saves can happen within one.
    let config = notify::Config::default()
        .with_poll_interval(interval)
        .with_compare_contents(true);
    Box::new(notify::PollWatcher::new(raw, config).expect("a poll watcher can always be created"))
}

/// The message for an exhausted inotify limit, with the fix.
fn limit_reached() -> String {
    let limit = crate::fsinfo::inotify_limits()
        .map(|(watches, _)| format!(" ({watches})"))
        .unwrap_or_default();
    format!(
        "the limit of inotify watches{limit} is reached; to raise it: \
         sudo sysctl fs.inotify.max_user_watches=524288"
    )
}

fn hash(bytes: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

fn content_hash(path: &Path) -> Option<u64> {
    std::fs::read(path).ok().map(|b| hash(&b))
}

/// How far along a write is, as far as the events tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    /// Data was written, or the file was created or moved away: more may come.
    Writing,
    /// The file was closed after writing, or renamed into place.
    Complete,
}

/// What an event says about each of its paths (`None`: nothing to react to).
fn stage_of(kind: &EventKind, polling: bool) -> Option<Stage> {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => Some(Stage::Complete),
        // Reads (rustc opening the file) change nothing.
        EventKind::Access(_) => None,
        _ if polling => Some(Stage::Complete),
        EventKind::Modify(ModifyKind::Metadata(_)) => None,
        EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both)) => {
            Some(Stage::Complete)
        }
        _ => Some(Stage::Writing),
    }
}

/// The watcher's thread: waits (without a timeout when nothing is pending,
/// so an idle watcher costs nothing), gathers the paths that changed until
/// they settle, then reports the ones with new content.
fn debounce(
    raw: &Receiver<notify::Result<notify::Event>>,
    shared: &Mutex<Shared>,
    out: &dyn Fn(Msg),
) {
    let mut pending: HashMap<PathBuf, Stage> = HashMap::new();
    let mut first = Instant::now();
    let mut last_event = Instant::now();
    loop {
        let event = if pending.is_empty() {
            match raw.recv() {
                Ok(e) => e,
                Err(_) => return,
            }
        } else {
            let settle = if pending.values().all(|s| *s == Stage::Complete) {
                SETTLE
            } else {
                QUIET
            };
            let deadline = (last_event + settle).min(first + MAX_WAIT);
            match raw.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(e) => e,
                Err(RecvTimeoutError::Timeout) => {
                    report(&mut pending, shared, out);
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => return,
            }
        };
        let event = match event {
            Ok(e) => e,
            Err(e) => {
                if matches!(e.kind, notify::ErrorKind::MaxFilesWatch) {
                    out(Msg::Unreliable(limit_reached()));
                }
                continue;
            }
        };
        let guard = lock(shared);
        let Some(stage) = stage_of(&event.kind, guard.polling) else {
            continue;
        };
        // A rename reported with both paths concerns the second one.
        let paths = match event.kind {
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => &event.paths[1..],
            _ => &event.paths[..],
        };
        for p in paths {
            if !guard.scope.wants(p) {
                continue;
            }
            if pending.is_empty() {
                first = Instant::now();
            }
            last_event = Instant::now();
            let s = pending.entry(p.clone()).or_insert(stage);
            // A new write after a complete one starts over.
            *s = stage;
        }
    }
}

/// Reads every pending file and reports those with new, non-empty content.
fn report(pending: &mut HashMap<PathBuf, Stage>, shared: &Mutex<Shared>, out: &dyn Fn(Msg)) {
    let mut saved = Vec::new();
    {
        let mut guard = lock(shared);
        for (path, _) in pending.drain() {
            let Ok(bytes) = std::fs::read(&path) else {
                continue; // moved away and not (yet) back
            };
            if bytes.is_empty() {
                continue; // truncated; the write that follows is another event
            }
            let h = hash(&bytes);
            if guard.known.insert(path.clone(), h) != Some(h) {
                saved.push(path);
            }
        }
    }
    saved.sort();
    for path in saved {
        out(Msg::Saved(path));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// Long enough for any machine; the tests never wait for it unless
    /// something is broken.
    const DEADLINE: Duration = Duration::from_secs(20);

    struct Fixture {
        dir: tempfile::TempDir,
        watcher: Watcher,
        rx: Receiver<Msg>,
    }

    impl Fixture {
        fn new(backend: Backend) -> Fixture {
            let dir = tempfile::tempdir().unwrap();
            let root = dir.path().canonicalize().unwrap();
            fs::create_dir_all(root.join("exercises/pkg")).unwrap();
            fs::write(root.join("exercises/pkg/ex.rs"), "fn main() {}\n").unwrap();
            fs::write(root.join("exercises/pkg/other.rs"), "fn other() {}\n").unwrap();
            let (tx, rx) = mpsc::channel();
            let (mut watcher, why) = Watcher::start(backend, move |m| {
                let _ = tx.send(m);
            })
            .unwrap();
            assert_eq!(why, None);
            watcher.follow(Scope {
                files: vec![root.join("exercises/pkg/ex.rs")],
                trees: vec![],
            });
            Fixture { dir, watcher, rx }
        }

        fn path(&self, rel: &str) -> PathBuf {
            self.dir.path().canonicalize().unwrap().join(rel)
        }

        fn ex(&self) -> PathBuf {
            self.path("exercises/pkg/ex.rs")
        }

        /// The next message, or a failure after the deadline.
        fn next(&self) -> Msg {
            self.rx
                .recv_timeout(DEADLINE)
                .expect("the watcher reported nothing")
        }

        /// Waits until the file's content is reported.
        fn expect_saved(&self) {
            assert_eq!(self.next(), Msg::Saved(self.ex()));
        }

        /// Nothing (more) is reported, for longer than any debounce.
        fn expect_quiet(&self) {
            if let Ok(m) = self.rx.recv_timeout(3 * APART) {
                panic!("nothing should have been reported, got {m:?}");
            }
        }
    }

    #[test]
    fn in_place_write_is_seen() {
        let f = Fixture::new(Backend::Events);
        fs::write(f.ex(), "fn main() { println!(\"1\"); }\n").unwrap();
        f.expect_saved();
        // Truncate, then write (as VS Code does): one save, never the empty file.
        let file = fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(f.ex())
            .unwrap();
        drop(file);
        fs::write(f.ex(), "fn main() { println!(\"2\"); }\n").unwrap();
        f.expect_saved();
        assert_eq!(fs::read_to_string(f.ex()).unwrap().len(), 29);
    }

    #[test]
    fn vim_rename_save_is_seen_every_time() {
        let f = Fixture::new(Backend::Events);
        for i in 0..3 {
            // vim: probe file 4913, rename the original to a backup, write a
            // new file, remove the backup.
            let probe = f.path("exercises/pkg/4913");
            fs::write(&probe, "").unwrap();
            fs::remove_file(&probe).unwrap();
            let backup = f.path("exercises/pkg/ex.rs~");
            fs::rename(f.ex(), &backup).unwrap();
            fs::write(f.ex(), format!("fn main() {{ let _ = {i}; }}\n")).unwrap();
            fs::remove_file(&backup).unwrap();
            f.expect_saved();
        }
    }

    #[test]
    fn helix_style_rename_into_place_is_seen() {
        let f = Fixture::new(Backend::Events);
        let tmp = f.path("exercises/pkg/.ex.rs.swp");
        fs::write(&tmp, "fn main() { /* new */ }\n").unwrap();
        fs::rename(&tmp, f.ex()).unwrap();
        f.expect_saved();
    }

    #[test]
    fn jetbrains_safe_write_is_seen() {
        let f = Fixture::new(Backend::Events);
        for i in 0..2 {
            let tmp = f.path("exercises/pkg/ex.rs___jb_tmp___");
            let old = f.path("exercises/pkg/ex.rs___jb_old___");
            fs::write(&tmp, format!("fn main() {{ let _ = {i}; }}\n")).unwrap();
            fs::rename(f.ex(), &old).unwrap();
            fs::rename(&tmp, f.ex()).unwrap();
            fs::remove_file(&old).unwrap();
            f.expect_saved();
        }
    }

    /// Longer than the debounce, so each write is a batch of its own and a
    /// wrongly reported one would be a message of its own.
    const APART: Duration = Duration::from_millis(150);

    #[test]
    fn unchanged_empty_and_foreign_files_are_skipped() {
        let f = Fixture::new(Backend::Events);
        // The same content as before, an empty file, another exercise's file
        // and editor droppings: none is a save. The write after them is, and
        // it is the only thing reported.
        fs::write(f.ex(), "fn main() {}\n").unwrap();
        std::thread::sleep(APART);
        fs::write(f.ex(), "").unwrap();
        std::thread::sleep(APART);
        fs::write(f.path("exercises/pkg/other.rs"), "fn other() { 1; }\n").unwrap();
        fs::write(f.path("exercises/pkg/ex.rs~"), "backup\n").unwrap();
        fs::write(f.path("exercises/pkg/rustc-ice-2024.txt"), "ice\n").unwrap();
        std::thread::sleep(APART);
        fs::write(f.ex(), "fn main() { 2; }\n").unwrap();
        f.expect_saved();
        f.expect_quiet();
    }

    #[test]
    fn two_saves_during_one_run_the_second_is_not_lost() {
        // Nobody reads the channel while the two saves happen (the loop is
        // busy with a check). Each content is read and reported by itself.
        let f = Fixture::new(Backend::Events);
        let wait_until_read = |content: &[u8]| {
            let deadline = Instant::now() + DEADLINE;
            while lock(&f.watcher.shared).known.get(&f.ex()) != Some(&hash(content)) {
                assert!(Instant::now() < deadline, "the watcher never read the save");
                std::thread::sleep(Duration::from_millis(5));
            }
        };
        fs::write(f.ex(), "fn main() { 1; }\n").unwrap();
        wait_until_read(b"fn main() { 1; }\n");
        fs::write(f.ex(), "fn main() { 2; }\n").unwrap();
        wait_until_read(b"fn main() { 2; }\n");
        // Now the loop is free again, and finds both saves waiting.
        f.expect_saved();
        f.expect_saved();
        f.expect_quiet();
    }

    #[test]
    fn expected_writes_are_not_saves() {
        let f = Fixture::new(Backend::Events);
        f.watcher.expect(&f.ex(), b"fn main() { reset(); }\n");
        fs::write(f.ex(), "fn main() { reset(); }\n").unwrap();
        f.expect_quiet();
        fs::write(f.ex(), "fn main() { mine(); }\n").unwrap();
        f.expect_saved();
        f.expect_quiet();
    }

    #[test]
    fn polling_sees_saves_within_the_same_second() {
        let f = Fixture::new(Backend::Polling(Duration::from_millis(50)));
        assert!(f.watcher.polling().is_some());
        fs::write(f.ex(), "fn main() { 1; }\n").unwrap();
        f.expect_saved();
        // Same size, same second: only the content differs.
        fs::write(f.ex(), "fn main() { 2; }\n").unwrap();
        f.expect_saved();
        let backup = f.path("exercises/pkg/ex.rs~");
        fs::rename(f.ex(), &backup).unwrap();
        fs::write(f.ex(), "fn main() { 3; }\n").unwrap();
        f.expect_saved();
    }

    #[test]
    fn falling_back_to_polling_keeps_watching() {
        let mut f = Fixture::new(Backend::Events);
        f.watcher.fall_back();
        assert!(f.watcher.polling().is_some());
        fs::write(f.ex(), "fn main() { 1; }\n").unwrap();
        f.expect_saved();
    }

    #[test]
    fn following_another_exercise_moves_the_watch() {
        let mut f = Fixture::new(Backend::Events);
        fs::create_dir_all(f.path("exercises/own/src")).unwrap();
        fs::write(f.path("exercises/own/src/lib.rs"), "// lib\n").unwrap();
        f.watcher.follow(Scope {
            files: vec![f.path("exercises/own/src/lib.rs")],
            trees: vec![f.path("exercises/own")],
        });
        // The old exercise's file does not count any more; a new module of
        // the package does.
        fs::write(f.ex(), "fn main() { old(); }\n").unwrap();
        fs::write(f.path("exercises/own/src/helper.rs"), "pub fn h() {}\n").unwrap();
        assert_eq!(f.next(), Msg::Saved(f.path("exercises/own/src/helper.rs")));
    }

    #[test]
    fn reading_skips_unchanged_empty_and_missing_files() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("ex.rs");
        let shared = Mutex::new(Shared::default());
        let seen = std::cell::RefCell::new(Vec::new());
        let read = |content: Option<&str>| {
            match content {
                Some(c) => fs::write(&file, c).unwrap(),
                None => {
                    let _ = fs::remove_file(&file);
                }
            }
            let mut pending = HashMap::from([(file.clone(), Stage::Complete)]);
            report(&mut pending, &shared, &|m| seen.borrow_mut().push(m));
            seen.borrow_mut().drain(..).count()
        };
        assert_eq!(read(Some("a")), 1, "new content");
        assert_eq!(read(Some("a")), 0, "unchanged");
        assert_eq!(read(Some("")), 0, "empty (truncated, not written yet)");
        assert_eq!(read(None), 0, "moved away");
        assert_eq!(read(Some("a")), 0, "back as it was");
        assert_eq!(read(Some("b")), 1, "changed");
    }

    #[test]
    fn ignored_names() {
        for p in [
            "x.rs~",
            "4913",
            ".x.rs.swp",
            "x.rs___jb_tmp___",
            "x.rs___jb_old___",
            "rustc-ice-2025-01-01T00_00_00-123.txt",
            "target/debug/x.rs",
            ".tutor/progress.json",
            ".x.rs.abc123.tmp",
        ] {
            assert!(ignored(Path::new(p)), "{p}");
        }
        assert!(!ignored(Path::new("src/x.rs")));
        assert!(!ignored(Path::new("Cargo.toml")));
    }

    #[test]
    fn scope_directories() {
        let scope = Scope {
            files: vec!["/c/e/own/src/lib.rs".into(), "/c/e/p/x.rs".into()],
            trees: vec!["/c/e/own".into()],
        };
        assert_eq!(
            scope.dirs(),
            vec![
                ("/c/e/own".into(), RecursiveMode::Recursive),
                ("/c/e/p".into(), RecursiveMode::NonRecursive),
            ]
        );
        assert!(scope.wants(Path::new("/c/e/own/tests/t.rs")));
        assert!(!scope.wants(Path::new("/c/e/own/notes.md")));
        assert!(!scope.wants(Path::new("/c/e/own/target/debug/build/out.rs")));
        assert!(!scope.wants(Path::new("/c/e/own/src/lib.rs~")));
        assert!(!scope.wants(Path::new("/c/e/p/y.rs")));
    }

    #[test]
    fn a_course_under_a_directory_called_target_is_watched() {
        // Regression: the whole path was searched for `target`, so every save
        // of a course kept in ~/target/ (or a CI's target/ dir) was ignored.
        let scope = Scope {
            files: vec!["/home/u/target/course/exercises/p/x.rs".into()],
            trees: vec!["/home/u/target/course/exercises/own".into()],
        };
        assert!(scope.wants(Path::new("/home/u/target/course/exercises/p/x.rs")));
        assert!(scope.wants(Path::new("/home/u/target/course/exercises/own/src/lib.rs")));
    }
}
