//! `tutor watch` end to end: the real binary in a real terminal (tmux), on a
//! fresh copy of the fixture course in `tests/fixtures/watch/`. It reads the
//! screen with `capture-pane`, edits exercise files as editors do, presses
//! keys with `send-keys`, and checks the progress file at the end.
//!
//! Every wait polls the screen until a generous deadline: nothing here
//! depends on how fast the machine is.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::common::{Course, TUTOR};

/// How long any one step may take (a cold build of the fixture is a second
/// or two; this is for very slow machines).
const DEADLINE: Duration = Duration::from_secs(180);

/// A tmux server of our own (its socket in a temporary directory, so
/// nothing is left behind), killed when dropped.
struct Tmux {
    socket: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl Tmux {
    fn available() -> bool {
        Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success())
    }

    /// Runs `command` in a detached 80x24 session.
    fn start(cwd: &Path, command: &str) -> Tmux {
        let dir = tempfile::Builder::new()
            .prefix("tutor-tmux-")
            .tempdir()
            .unwrap();
        let tmux = Tmux {
            socket: dir.path().join("socket"),
            _dir: dir,
        };
        let out = tmux.run(&[
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            "80",
            "-y",
            "24",
            "-c",
            &cwd.to_string_lossy(),
            command,
        ]);
        assert!(
            out.status.success(),
            "tmux new-session failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        tmux
    }

    fn run(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new("tmux");
        cmd.arg("-u")
            .arg("-S")
            .arg(&self.socket)
            .args(["-f", "/dev/null"])
            .args(args);
        // The server (started by the first command) passes its environment
        // on to the tutor: the same clean one as the other tests.
        for var in [
            "TMUX",
            "CARGO_TARGET_DIR",
            "TUTOR_COURSE",
            "TUTOR_FAULT",
            "TUTOR_POLL",
            "RUST_BACKTRACE",
            "NO_COLOR",
        ] {
            cmd.env_remove(var);
        }
        cmd.output().expect("tmux runs")
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend_from_slice(keys);
        assert!(self.run(&args).status.success(), "send-keys {keys:?}");
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "t"]).stdout).into_owned()
    }

    /// Polls the screen until it shows `text`; returns that screen.
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            if start.elapsed() > DEADLINE {
                panic!("the screen never showed {text:?}; it shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

fn shell_quote(p: &Path) -> String {
    format!("'{}'", p.to_string_lossy().replace('\'', r"'\''"))
}

#[test]
fn edit_to_the_solution_see_the_pass_and_move_on() {
    if !Tmux::available() {
        crate::common::skip(
            "tmux is not installed, and this test drives `tutor watch` in a real terminal \
             through tmux (apt install tmux)",
        );
        return;
    }
    let fixture = Course::new("watch");
    let course = fixture.dir.path();
    let command = format!(
        "{} watch --course {}; echo \"tutor exited with $?\"; sleep 600",
        shell_quote(Path::new(TUTOR)),
        shell_quote(course)
    );
    let tmux = Tmux::start(course, &command);

    // First start: the welcome text, then the first phase's intro.
    tmux.wait_for("Welcome to the watch fixtures");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Phase 1/2: Basics");
    tmux.keys(&["Enter"]);

    // The shipped exercise fails its tests.
    let screen = tmux.wait_for("2 of 2 tests failed");
    assert!(screen.contains("fx_add (1/3)"), "{screen}");

    // An in-place write of the solution: the verdict follows.
    let solution = std::fs::read(course.join("solutions/watch_fx/fx_add.rs")).unwrap();
    std::fs::write(course.join("exercises/watch_fx/fx_add.rs"), solution).unwrap();
    let screen = tmux.wait_for("passes");
    assert!(screen.contains("2 tests pass"), "{screen}");
    assert!(screen.contains("1/3 done"), "{screen}");

    // n: the next exercise, and its verdict.
    tmux.keys(&["n"]);
    let screen = tmux.wait_for("output differs from the expected output");
    assert!(screen.contains("fx_greet (2/3)"), "{screen}");

    // A vim-style save (write a new file, rename it over the old one).
    let target = course.join("exercises/watch_fx/fx_greet.rs");
    let solution = std::fs::read(course.join("solutions/watch_fx/fx_greet.rs")).unwrap();
    std::fs::rename(&target, course.join("exercises/watch_fx/fx_greet.rs~")).unwrap();
    std::fs::write(&target, solution).unwrap();
    std::fs::remove_file(course.join("exercises/watch_fx/fx_greet.rs~")).unwrap();
    tmux.wait_for("2/3 done");

    // q: the terminal is given back and the progress is kept.
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("tutor exited with 0");
    assert!(screen.contains("2/3 exercises done"), "{screen}");
    let progress =
        std::fs::read_to_string(course.join(".tutor/progress.json")).expect("progress was saved");
    assert!(progress.contains("\"fx_add\""), "{progress}");
    assert!(progress.contains("\"fx_greet\""), "{progress}");
    assert!(progress.contains("\"current\": \"fx_greet\""), "{progress}");
}

#[test]
fn a_second_watch_in_the_same_course_is_refused() {
    if !Tmux::available() {
        crate::common::skip("tmux is not installed (apt install tmux)");
        return;
    }
    let fixture = Course::new("watch");
    let course = fixture.dir.path();
    let command = format!(
        "{} watch --manual --course {}; echo \"tutor exited with $?\"; sleep 600",
        shell_quote(Path::new(TUTOR)),
        shell_quote(course)
    );
    let tmux = Tmux::start(course, &command);
    tmux.wait_for("Welcome to the watch fixtures");
    let second = fixture.tutor(&["watch"]);
    let stderr = second.stderr;
    assert_eq!(second.code, Some(2), "{stderr}");
    assert!(
        stderr.contains("another tutor is already running in this course"),
        "{stderr}"
    );
    // SIGTERM: the first one leaves cleanly. (The lock file holds its pid.)
    let pid = std::fs::read_to_string(course.join(".tutor/lock")).unwrap();
    let status = Command::new("kill")
        .args(["-TERM", pid.trim()])
        .status()
        .unwrap();
    assert!(status.success());
    let screen = tmux.wait_for("tutor exited with 0");
    assert!(screen.contains("0/3 exercises done"), "{screen}");
}
