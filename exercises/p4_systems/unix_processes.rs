//! Unix processes by hand: fork, exec, pipes, wait and signals, with nix.
//!
//! `std::process::Command` does all of this for you; here you do it yourself
//! to see what it hides. Implement:
//! - `pipeline(stages, input)`: run the commands connected like the shell's
//!   `a | b | c`, write `input` to the first one's stdin, and return the last
//!   one's stdout and how each process ended. A program that cannot be
//!   executed ends with code 127, as in a shell.
//! - `run_with_timeout(argv, limit)`: run a command; if it is still running
//!   after `limit`, send it `SIGTERM`; return how it ended.
//! - `install_usr1_counter()`: count `SIGUSR1`s in `USR1_COUNT`.
//!
//! The traps the tests check: every pipe end a process does not use must be
//! closed (or a reader never sees end-of-file), pipes must not leak into the
//! children of *other* threads (the test harness runs tests in parallel), the
//! input must be written while the output is read (pipes hold only 64 KiB),
//! a child must get the default `SIGPIPE` back (Rust ignores it, and exec
//! keeps ignored signals ignored), and between `fork` and `exec` the child may
//! only make async-signal-safe calls: prepare every `CString` before forking.

use nix::fcntl::OFlag;
use nix::libc;
#[allow(unused_imports)]
use nix::sys::signal::{self, SaFlags, SigAction, SigHandler, SigSet, Signal};
#[allow(unused_imports)]
use nix::sys::wait::{WaitPidFlag, WaitStatus, waitpid};
use nix::unistd::{ForkResult, Pid, dup2_stdin, dup2_stdout, fork, pipe2};
use std::ffi::{CString, c_char};
#[allow(unused_imports)]
use std::io::{Read, Write};
use std::os::fd::OwnedFd;
#[allow(unused_imports)]
use std::sync::atomic::{AtomicUsize, Ordering};
#[allow(unused_imports)]
use std::thread;
#[allow(unused_imports)]
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Code(i32),
    Signal(Signal),
}

/// A command ready to exec: the strings and the NULL-terminated pointer array
/// `execvp` wants, built before `fork`.
struct Prepared {
    args: Vec<CString>,
}

impl Prepared {
    fn new(argv: &[&str]) -> nix::Result<Prepared> {
        let args = argv
            .iter()
            .map(|a| CString::new(*a).map_err(|_| nix::Error::EINVAL))
            .collect::<nix::Result<Vec<_>>>()?;
        if args.is_empty() {
            return Err(nix::Error::EINVAL);
        }
        Ok(Prepared { args })
    }

    fn pointers(&self) -> Vec<*const c_char> {
        self.args
            .iter()
            .map(|a| a.as_ptr())
            .chain(std::iter::once(std::ptr::null()))
            .collect()
    }
}

/// Forks a child that reads `stdin`, writes `stdout` and execs `cmd`.
fn spawn(cmd: &Prepared, stdin: Option<&OwnedFd>, stdout: Option<&OwnedFd>) -> nix::Result<Pid> {
    let argv = cmd.pointers();
    // SAFETY: the child only calls async-signal-safe functions (dup2, execvp,
    // _exit) on data prepared before the fork.
    match unsafe { fork() }? {
        ForkResult::Child => unsafe {
            if let Some(fd) = stdin
                && dup2_stdin(fd).is_err()
            {
                libc::_exit(126);
            }
            if let Some(fd) = stdout
                && dup2_stdout(fd).is_err()
            {
                libc::_exit(126);
            }
            // TODO: one signal disposition must be reset here (see the
            // SIGPIPE test).
            // Every other descriptor of ours has O_CLOEXEC and closes here.
            libc::execvp(argv[0], argv.as_ptr());
            libc::_exit(127)
        },
        ForkResult::Parent { child } => Ok(child),
    }
}

fn exit_of(status: WaitStatus) -> Exit {
    match status {
        WaitStatus::Exited(_, code) => Exit::Code(code),
        WaitStatus::Signaled(_, sig, _) => Exit::Signal(sig),
        other => panic!("unexpected wait status {other:?}"),
    }
}

/// Runs `stages` like `a | b | c`; returns the last stdout and every exit.
pub fn pipeline(stages: &[&[&str]], input: &[u8]) -> nix::Result<(Vec<u8>, Vec<Exit>)> {
    // TODO: prepare the commands, create the pipes (`pipe2`), spawn each
    // stage, close what the parent does not need, write the input from a
    // thread while reading the output, then `waitpid` every child.
    let _ = (stages, input, pipe2, OFlag::O_CLOEXEC, exit_of);
    todo!("pipeline")
}

/// Runs `argv`; sends `SIGTERM` if it still runs after `limit`.
pub fn run_with_timeout(argv: &[&str], limit: Duration) -> nix::Result<Exit> {
    // TODO: `waitpid` with `WaitPidFlag::WNOHANG` returns
    // `WaitStatus::StillAlive` while the child runs.
    todo!("run {argv:?} for at most {limit:?}")
}

pub static USR1_COUNT: AtomicUsize = AtomicUsize::new(0);

/// Installs a `SIGUSR1` handler that increments `USR1_COUNT`.
pub fn install_usr1_counter() -> nix::Result<()> {
    // TODO: an `extern "C" fn(libc::c_int)` handler and `signal::sigaction`.
    todo!("install the handler")
}

fn main() -> nix::Result<()> {
    let (out, exits) = pipeline(&[&["sort"], &["uniq", "-c"]], b"b\na\nb\n")?;
    print!("{}", String::from_utf8_lossy(&out));
    println!("{exits:?}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    /// Kills the processes this test program started that still run.
    fn kill_leftover_children() {
        let me = std::process::id();
        for entry in std::fs::read_dir("/proc").unwrap().flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
                continue;
            };
            // "pid (name) state ppid ..."
            let fields = &stat[stat.rfind(')').unwrap() + 2..];
            if fields.split(' ').nth(1) == Some(&me.to_string()) {
                let _ = signal::kill(Pid::from_raw(pid), Signal::SIGKILL);
            }
        }
    }

    /// Runs `pipeline` with a time limit, so a forgotten pipe end fails the
    /// test instead of hanging it.
    fn run(stages: &[&[&str]], input: &[u8]) -> nix::Result<(String, Vec<Exit>)> {
        let stages: Vec<Vec<String>> = stages
            .iter()
            .map(|s| s.iter().map(|a| a.to_string()).collect())
            .collect();
        let input = input.to_vec();
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let argv: Vec<Vec<&str>> = stages
                .iter()
                .map(|s| s.iter().map(String::as_str).collect())
                .collect();
            let refs: Vec<&[&str]> = argv.iter().map(Vec::as_slice).collect();
            let _ = tx.send(pipeline(&refs, &input));
        });
        match rx.recv_timeout(Duration::from_secs(5)) {
            Ok(result) => result.map(|(out, exits)| (String::from_utf8(out).unwrap(), exits)),
            Err(mpsc::RecvTimeoutError::Disconnected) => panic!("pipeline panicked (see above)"),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                kill_leftover_children();
                panic!(
                    "the pipeline did not finish within 5 s: some pipe end is still open, \
                     in the parent or inherited by a child, so a reader never sees \
                     end-of-file or a writer never gets SIGPIPE"
                );
            }
        }
    }

    #[test]
    fn one_stage() {
        let (out, exits) = run(&[&["tr", "a-z", "A-Z"]], b"hello").unwrap();
        assert_eq!(out, "HELLO");
        assert_eq!(exits, vec![Exit::Code(0)]);
    }

    #[test]
    fn three_stages() {
        let (out, exits) = run(&[&["sort"], &["uniq"], &["wc", "-l"]], b"b\na\nb\nc\na\n").unwrap();
        assert_eq!(out.trim(), "3");
        assert_eq!(exits, vec![Exit::Code(0); 3]);
    }

    #[test]
    fn exit_codes_and_missing_programs() {
        let (out, exits) = run(
            &[
                &["sh", "-c", "cat; exit 3"],
                &["no-such-program-here"],
                &["cat"],
            ],
            b"x",
        )
        .unwrap();
        assert_eq!(out, "");
        assert_eq!(exits, vec![Exit::Code(3), Exit::Code(127), Exit::Code(0)]);
    }

    #[test]
    fn an_early_reader_exit_ends_the_writer_with_sigpipe() {
        let (out, exits) = run(&[&["yes"], &["head", "-n", "2"]], b"").unwrap();
        assert_eq!(out, "y\ny\n");
        assert_eq!(exits, vec![Exit::Signal(Signal::SIGPIPE), Exit::Code(0)]);
    }

    #[test]
    fn large_input_does_not_deadlock() {
        let input: Vec<u8> = (0..1_000_000u32).map(|i| b'a' + (i % 26) as u8).collect();
        let (out, exits) = run(&[&["cat"], &["cat"]], &input).unwrap();
        assert_eq!(out.len(), input.len());
        assert!(out.as_bytes() == input);
        assert_eq!(exits, vec![Exit::Code(0), Exit::Code(0)]);
    }

    #[test]
    fn pipelines_in_parallel_threads_all_finish() {
        let handles: Vec<_> = (0..6)
            .map(|i| {
                thread::spawn(move || {
                    let input = format!("line {i}\n").repeat(100);
                    run(&[&["cat"], &["wc", "-l"]], input.as_bytes())
                })
            })
            .collect();
        for handle in handles {
            let (out, _) = handle.join().unwrap().unwrap();
            assert_eq!(out.trim(), "100");
        }
    }

    #[test]
    fn the_parent_keeps_no_descriptor() {
        let count = || std::fs::read_dir("/proc/self/fd").unwrap().count();
        // Other tests open descriptors in parallel: retry until a quiet moment.
        for _ in 0..50 {
            let before = count();
            run(&[&["true"]], b"").unwrap();
            if count() == before {
                return;
            }
        }
        panic!("every call to pipeline leaves descriptors open");
    }

    #[test]
    fn timeouts_terminate_the_child() {
        let start = Instant::now();
        let exit = run_with_timeout(&["sleep", "5"], Duration::from_millis(100)).unwrap();
        assert_eq!(exit, Exit::Signal(Signal::SIGTERM));
        assert!(start.elapsed() < Duration::from_secs(2));
        let exit = run_with_timeout(&["sh", "-c", "exit 7"], Duration::from_secs(5)).unwrap();
        assert_eq!(exit, Exit::Code(7));
    }

    #[test]
    fn usr1_is_counted() {
        install_usr1_counter().unwrap();
        let before = USR1_COUNT.load(Ordering::SeqCst);
        for _ in 0..3 {
            signal::raise(Signal::SIGUSR1).unwrap();
        }
        assert_eq!(USR1_COUNT.load(Ordering::SeqCst) - before, 3);
    }

    #[test]
    fn nul_bytes_in_arguments_are_rejected() {
        assert_eq!(
            pipeline(&[&["echo", "a\0b"]], b"").unwrap_err(),
            nix::Error::EINVAL
        );
    }
}
