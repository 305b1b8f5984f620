//! Running one program with limits: its own process group, stdin closed, a
//! wall-clock timeout (and optionally an inactivity timeout) that kills the
//! whole group, output captured up to a cap while the pipes keep draining,
//! and cancellation from another thread. Nothing here knows about cargo.

use std::collections::VecDeque;
use std::ffi::{OsStr, OsString};
use std::io::Read;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// What to run: a value built before anything runs, so it can be shown and tested.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    pub program: OsString,
    pub args: Vec<OsString>,
    pub cwd: Option<PathBuf>,
    /// Variables to set (`Some`) or remove (`None`).
    pub env: Vec<(OsString, Option<OsString>)>,
}

impl Invocation {
    pub fn new(program: impl AsRef<OsStr>) -> Self {
        Invocation {
            program: program.as_ref().to_owned(),
            args: Vec::new(),
            cwd: None,
            env: Vec::new(),
        }
    }
    pub fn arg(mut self, a: impl AsRef<OsStr>) -> Self {
        self.args.push(a.as_ref().to_owned());
        self
    }
    pub fn args<I: IntoIterator<Item = S>, S: AsRef<OsStr>>(mut self, args: I) -> Self {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }
    pub fn cwd(mut self, dir: impl AsRef<Path>) -> Self {
        self.cwd = Some(dir.as_ref().to_path_buf());
        self
    }
    pub fn env(mut self, k: impl AsRef<OsStr>, v: impl AsRef<OsStr>) -> Self {
        self.env
            .push((k.as_ref().to_owned(), Some(v.as_ref().to_owned())));
        self
    }
    pub fn env_remove(mut self, k: impl AsRef<OsStr>) -> Self {
        self.env.push((k.as_ref().to_owned(), None));
        self
    }

    /// The command line, for messages ("ran: cargo test -p x --bin y").
    pub fn display(&self) -> String {
        let mut s = self.program.to_string_lossy().into_owned();
        for a in &self.args {
            let a = a.to_string_lossy();
            s.push(' ');
            if a.contains(' ') || a.is_empty() {
                s.push_str(&format!("'{a}'"));
            } else {
                s.push_str(&a);
            }
        }
        s
    }
}

/// How long a run may take and how much output is kept.
#[derive(Clone, Default)]
pub struct Limits {
    /// Wall-clock limit from the start.
    pub timeout: Option<Duration>,
    /// Limit on time without any output (for builds, which print as they go).
    pub idle_timeout: Option<Duration>,
    /// While the last stderr line makes this return true, the idle clock stops
    /// (cargo waiting on another cargo's lock is not the exercise's fault).
    pub waiting_line: Option<fn(&str) -> bool>,
    /// Bytes kept per stream (half from the start, half from the end); 1 MiB if 0.
    pub cap: usize,
    /// Set from another thread to stop the run.
    pub cancel: Option<Arc<AtomicBool>>,
    /// Stop a program that prints more than this (both streams together).
    pub max_output: Option<u64>,
}

/// Why a run was stopped before it ended by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    Timeout,
    Idle,
    Cancelled,
    /// It printed more than `Limits::max_output`.
    OutputLimit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Code(i32),
    Signal(i32),
}

/// A run that ended (by itself or stopped).
#[derive(Debug)]
pub struct Finished {
    pub exit: Exit,
    pub stopped: Option<Stop>,
    pub stdout: Captured,
    pub stderr: Captured,
    pub elapsed: Duration,
}

impl Finished {
    pub fn success(&self) -> bool {
        self.stopped.is_none() && self.exit == Exit::Code(0)
    }
}

/// Output kept within a cap: the first half and the last half, with a note of
/// what was left out in between.
#[derive(Debug, Default)]
pub struct Captured {
    head: Vec<u8>,
    tail: VecDeque<u8>,
    half: usize,
    pub total: u64,
}

impl Captured {
    fn new(cap: usize) -> Self {
        Captured {
            half: (cap / 2).max(1),
            ..Default::default()
        }
    }

    fn push(&mut self, mut data: &[u8]) {
        self.total += data.len() as u64;
        if self.head.len() < self.half {
            let n = (self.half - self.head.len()).min(data.len());
            self.head.extend_from_slice(&data[..n]);
            data = &data[n..];
        }
        if data.len() >= self.half {
            self.tail.clear();
            self.tail.extend(&data[data.len() - self.half..]);
        } else {
            let overflow = (self.tail.len() + data.len()).saturating_sub(self.half);
            self.tail.drain(..overflow);
            self.tail.extend(data);
        }
    }

    pub fn truncated(&self) -> bool {
        self.total > (self.head.len() + self.tail.len()) as u64
    }

    /// The kept text (lossy UTF-8), with a marker where output was dropped.
    pub fn text(&self) -> String {
        let mut s = String::from_utf8_lossy(&self.head).into_owned();
        let (a, b) = self.tail.as_slices();
        let tail = [a, b].concat();
        if self.truncated() {
            let dropped = self.total - (self.head.len() + tail.len()) as u64;
            s.push_str(&format!(
                "\n[... {} of output omitted ...]\n",
                human_bytes(dropped)
            ));
        }
        s.push_str(&String::from_utf8_lossy(&tail));
        s
    }
}

pub fn human_bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 30 => format!("{:.1} GiB", n as f64 / f64::from(1u32 << 30)),
        n if n >= 1 << 20 => format!("{:.1} MiB", n as f64 / f64::from(1u32 << 20)),
        n if n >= 1 << 10 => format!("{:.1} KiB", n as f64 / 1024.0),
        n => format!("{n} bytes"),
    }
}

enum Event {
    Out(Vec<u8>),
    Err(Vec<u8>),
    OutDone,
    ErrDone,
    Exited(std::process::ExitStatus),
}

/// Callbacks for complete lines as they arrive (cargo's JSON messages, progress).
#[derive(Default)]
pub struct Lines<'a> {
    pub stdout: Option<&'a mut dyn FnMut(&str)>,
    pub stderr: Option<&'a mut dyn FnMut(&str)>,
}

/// Longest line handed to a callback; longer ones are cut (a runaway program
/// printing without newlines must not exhaust memory).
const MAX_LINE: usize = 16 << 20;

/// Runs `inv` to the end or until a limit stops it.
pub fn run(inv: &Invocation, limits: &Limits, mut lines: Lines) -> std::io::Result<Finished> {
    let mut cmd = std::process::Command::new(&inv.program);
    cmd.args(&inv.args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd.process_group(0);
    if let Some(dir) = &inv.cwd {
        cmd.current_dir(dir);
    }
    for (k, v) in &inv.env {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    let start = Instant::now();
    let mut child: Child = cmd.spawn().map_err(|e| {
        std::io::Error::new(
            e.kind(),
            format!("cannot start `{}`: {e}", inv.program.to_string_lossy()),
        )
    })?;
    let pid = child.id() as i32;
    live().push(pid);
    let _unregister = Unregister(pid);
    let (tx, rx) = mpsc::channel();
    let reader = |mut r: Box<dyn Read + Send>,
                  wrap: fn(Vec<u8>) -> Event,
                  done: Event,
                  tx: mpsc::Sender<Event>| {
        std::thread::spawn(move || {
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                match r.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if tx.send(wrap(buf[..n].to_vec())).is_err() {
                            break;
                        }
                    }
                }
            }
            let _ = tx.send(done);
        })
    };
    reader(
        Box::new(child.stdout.take().expect("piped")),
        Event::Out,
        Event::OutDone,
        tx.clone(),
    );
    reader(
        Box::new(child.stderr.take().expect("piped")),
        Event::Err,
        Event::ErrDone,
        tx.clone(),
    );
    std::thread::spawn(move || {
        if let Ok(status) = child.wait() {
            let _ = tx.send(Event::Exited(status));
        }
    });

    let cap = if limits.cap == 0 { 1 << 20 } else { limits.cap };
    let (mut out, mut err) = (Captured::new(cap), Captured::new(cap));
    let (mut out_line, mut err_line) = (Vec::new(), Vec::new());
    let mut waiting = false;
    let mut last_activity = Instant::now();
    let mut status = None;
    let mut stopped = None;
    let (mut out_done, mut err_done) = (false, false);
    let mut drain_deadline: Option<Instant> = None;
    let poll = if limits.cancel.is_some() {
        Duration::from_millis(25)
    } else {
        Duration::from_secs(3600)
    };

    while !(status.is_some() && out_done && err_done) {
        let now = Instant::now();
        if status.is_none() && stopped.is_none() {
            if limits
                .cancel
                .as_ref()
                .is_some_and(|c| c.load(Ordering::Relaxed))
            {
                stopped = Some(Stop::Cancelled);
            } else if limits.timeout.is_some_and(|t| now - start >= t) {
                stopped = Some(Stop::Timeout);
            } else if !waiting
                && limits
                    .idle_timeout
                    .is_some_and(|t| now - last_activity >= t)
            {
                stopped = Some(Stop::Idle);
            } else if limits.max_output.is_some_and(|m| out.total + err.total > m) {
                stopped = Some(Stop::OutputLimit);
            }
            if stopped.is_some() {
                kill_group(pid);
            }
        }
        if let Some(d) = drain_deadline
            && now >= d
        {
            break; // something outside the group holds the pipes open
        }
        let mut wait = poll;
        if status.is_none() && stopped.is_none() {
            if let Some(t) = limits.timeout {
                wait = wait.min((start + t).saturating_duration_since(now));
            }
            if let Some(t) = limits.idle_timeout.filter(|_| !waiting) {
                wait = wait.min((last_activity + t).saturating_duration_since(now));
            }
        }
        if let Some(d) = drain_deadline {
            wait = wait.min(d.saturating_duration_since(now));
        }
        match rx.recv_timeout(wait.max(Duration::from_millis(1))) {
            Ok(Event::Out(data)) => {
                last_activity = Instant::now();
                out.push(&data);
                feed_lines(&mut out_line, &data, &mut lines.stdout, &mut |_| {});
            }
            Ok(Event::Err(data)) => {
                last_activity = Instant::now();
                err.push(&data);
                let waiting_line = limits.waiting_line;
                feed_lines(&mut err_line, &data, &mut lines.stderr, &mut |l| {
                    waiting = waiting_line.is_some_and(|f| f(l));
                });
            }
            Ok(Event::OutDone) => out_done = true,
            Ok(Event::ErrDone) => err_done = true,
            Ok(Event::Exited(s)) => {
                status = Some(s);
                // Whatever the program left behind in its group goes too (a test
                // harness's children, cargo's rustc); then the pipes close.
                kill_group(pid);
                drain_deadline = Some(Instant::now() + Duration::from_secs(2));
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    flush_line(&mut out_line, &mut lines.stdout, &mut |_| {});
    flush_line(&mut err_line, &mut lines.stderr, &mut |_| {});
    let exit = match status {
        Some(s) => match (s.code(), s.signal()) {
            (Some(c), _) => Exit::Code(c),
            (None, Some(sig)) => Exit::Signal(sig),
            (None, None) => Exit::Code(-1),
        },
        None => Exit::Signal(libc::SIGKILL),
    };
    Ok(Finished {
        exit,
        stopped,
        stdout: out,
        stderr: err,
        elapsed: start.elapsed(),
    })
}

fn feed_lines(
    buf: &mut Vec<u8>,
    data: &[u8],
    cb: &mut Option<&mut dyn FnMut(&str)>,
    each: &mut dyn FnMut(&str),
) {
    for chunk in data.split_inclusive(|&b| b == b'\n') {
        if buf.len() < MAX_LINE {
            let room = MAX_LINE - buf.len();
            buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
        }
        if chunk.ends_with(b"\n") {
            flush_line(buf, cb, each);
        }
    }
}

fn flush_line(
    buf: &mut Vec<u8>,
    cb: &mut Option<&mut dyn FnMut(&str)>,
    each: &mut dyn FnMut(&str),
) {
    if buf.is_empty() {
        return;
    }
    let line = String::from_utf8_lossy(buf);
    let line = line.trim_end_matches(['\n', '\r']);
    each(line);
    if let Some(cb) = cb {
        cb(line);
    }
    buf.clear();
}

/// Takes a process group off [`LIVE`] when its run ends, however it ends.
struct Unregister(i32);

impl Drop for Unregister {
    fn drop(&mut self) {
        live().retain(|p| *p != self.0);
    }
}

/// The process groups of the programs running now, so that a tutor that is
/// interrupted (Ctrl-C, SIGTERM, a panic) can stop them: they are in groups of
/// their own, so the terminal's signals do not reach them.
static LIVE: std::sync::Mutex<Vec<i32>> = std::sync::Mutex::new(Vec::new());

fn live() -> std::sync::MutexGuard<'static, Vec<i32>> {
    LIVE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Kills every program started by [`run`] that is still running.
pub fn kill_all() {
    for pid in live().iter() {
        kill_group(*pid);
    }
}

/// Stops the running programs when the tutor gets SIGINT, SIGTERM or SIGHUP,
/// then exits as the signal asks (128 + its number). For the commands that
/// do not handle signals themselves (all but `watch`).
pub fn stop_children_on_signals() -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
    std::thread::Builder::new()
        .name("tutor-signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                kill_all();
                std::process::exit(128 + sig);
            }
        })?;
    Ok(())
}

fn kill_group(pid: i32) {
    // SAFETY: kill(2) with a negative pid signals the process group we created
    // for the child (process_group(0) makes its pid the group id).
    unsafe {
        libc::kill(-pid, libc::SIGKILL);
    }
}

/// What a signal means, for a learner reading why their program died.
pub fn explain_signal(sig: i32) -> String {
    match sig {
        libc::SIGSEGV => "segmentation fault (SIGSEGV): an invalid memory access, usually from `unsafe` code \
                          (a dangling or misaligned pointer, an out-of-bounds raw access) or a stack overflow"
            .into(),
        libc::SIGABRT => "aborted (SIGABRT): the program called abort, e.g. a stack overflow, a panic while \
                          panicking, a failed allocation or `panic = \"abort\"`"
            .into(),
        libc::SIGBUS => "bus error (SIGBUS): a misaligned or unmapped memory access, usually from `unsafe` code".into(),
        libc::SIGILL => "illegal instruction (SIGILL): often `std::process::abort`, `core::intrinsics::abort` or \
                         an instruction this CPU does not have"
            .into(),
        libc::SIGFPE => "arithmetic exception (SIGFPE)".into(),
        libc::SIGKILL => "killed (SIGKILL): by the timeout, by you, or by the system when it ran out of memory".into(),
        libc::SIGTERM => "terminated (SIGTERM)".into(),
        libc::SIGPIPE => "broken pipe (SIGPIPE)".into(),
        other => format!("killed by signal {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str) -> Invocation {
        Invocation::new("sh").arg("-c").arg(script)
    }

    #[test]
    fn captures_output_and_exit_code() {
        let f = run(
            &sh("echo out; echo err >&2; exit 3"),
            &Limits::default(),
            Lines::default(),
        )
        .unwrap();
        assert_eq!(f.exit, Exit::Code(3));
        assert_eq!(f.stdout.text(), "out\n");
        assert_eq!(f.stderr.text(), "err\n");
        assert!(f.stopped.is_none());
    }

    #[test]
    fn timeout_kills_the_whole_group() {
        let limits = Limits {
            timeout: Some(Duration::from_millis(300)),
            ..Default::default()
        };
        // The grandchild would keep the pipe open for 30 s if it survived.
        let f = run(
            &sh("sleep 30 & sleep 30; echo never"),
            &limits,
            Lines::default(),
        )
        .unwrap();
        assert_eq!(f.stopped, Some(Stop::Timeout));
        assert!(f.elapsed < Duration::from_secs(5), "{:?}", f.elapsed);
        assert_eq!(f.stdout.text(), "");
    }

    #[test]
    fn huge_output_is_capped_but_drained() {
        let limits = Limits {
            cap: 1000,
            ..Default::default()
        };
        let f = run(
            &sh("yes 0123456789 | head -c 5000000; echo; echo END"),
            &limits,
            Lines::default(),
        )
        .unwrap();
        assert_eq!(f.exit, Exit::Code(0));
        assert!(f.stdout.truncated());
        assert!(f.stdout.total > 5_000_000);
        let text = f.stdout.text();
        assert!(text.starts_with("0123456789\n"));
        assert!(text.ends_with("END\n"), "{}", &text[text.len() - 40..]);
        assert!(text.contains("of output omitted"));
        assert!(text.len() < 1200);
    }

    #[test]
    fn a_flood_of_output_is_stopped() {
        let limits = Limits {
            max_output: Some(1 << 20),
            cap: 1000,
            ..Default::default()
        };
        let f = run(&sh("yes flood"), &limits, Lines::default()).unwrap();
        assert_eq!(f.stopped, Some(Stop::OutputLimit));
        assert!(f.stdout.total > 1 << 20);
        assert!(f.stdout.text().starts_with("flood\n"));
    }

    #[test]
    fn idle_timeout_and_waiting_lines() {
        let limits = Limits {
            idle_timeout: Some(Duration::from_millis(300)),
            waiting_line: Some(|l| l.contains("Blocking")),
            ..Default::default()
        };
        let f = run(&sh("echo x; sleep 5"), &limits, Lines::default()).unwrap();
        assert_eq!(f.stopped, Some(Stop::Idle));
        let f = run(
            &sh("echo Blocking >&2; sleep 0.6; echo done"),
            &limits,
            Lines::default(),
        )
        .unwrap();
        assert!(f.stopped.is_none(), "waiting on a lock is not idleness");
        assert_eq!(f.stdout.text(), "done\n");
    }

    #[test]
    fn lines_arrive_whole_and_cancel_stops() {
        let mut got = Vec::new();
        let mut cb = |l: &str| got.push(l.to_string());
        let lines = Lines {
            stdout: Some(&mut cb),
            stderr: None,
        };
        run(
            &sh("printf 'a\\nb'; sleep 0.1; printf 'c\\nd\\n'"),
            &Limits::default(),
            lines,
        )
        .unwrap();
        assert_eq!(got, ["a", "bc", "d"]);

        let cancel = Arc::new(AtomicBool::new(false));
        let limits = Limits {
            cancel: Some(cancel.clone()),
            ..Default::default()
        };
        let c2 = cancel.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            c2.store(true, Ordering::Relaxed);
        });
        let f = run(&sh("sleep 20"), &limits, Lines::default()).unwrap();
        assert_eq!(f.stopped, Some(Stop::Cancelled));
    }

    #[test]
    fn signals_are_reported() {
        let f = run(&sh("kill -SEGV $$"), &Limits::default(), Lines::default()).unwrap();
        assert_eq!(f.exit, Exit::Signal(libc::SIGSEGV));
        assert!(explain_signal(libc::SIGSEGV).contains("segmentation fault"));
    }
}
