//! Tutor-owned tests for `unix_processes`, with other commands.

#[path = "../unix_processes.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex::*;
    use nix::sys::signal::Signal;
    use std::sync::mpsc;
    use std::thread;
    use std::time::Duration;

    fn run(stages: Vec<Vec<&'static str>>, input: &'static [u8]) -> (String, Vec<Exit>) {
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let refs: Vec<&[&str]> = stages.iter().map(Vec::as_slice).collect();
            let _ = tx.send(pipeline(&refs, input));
        });
        let (out, exits) = rx
            .recv_timeout(Duration::from_secs(5))
            .expect("the pipeline did not finish within 5 s")
            .unwrap();
        (String::from_utf8(out).unwrap(), exits)
    }

    #[test]
    fn hidden_stages_that_ignore_or_close_their_input() {
        let (out, exits) = run(
            vec![vec!["printf", "%s", "abc"], vec!["tr", "abc", "xyz"]],
            b"ignored",
        );
        assert_eq!(out, "xyz");
        assert_eq!(exits, vec![Exit::Code(0), Exit::Code(0)]);
        let (out, exits) = run(
            vec![vec!["sh", "-c", "exec 0<&-; echo closed"]],
            &[b'z'; 200_000],
        );
        assert_eq!(out, "closed\n");
        assert_eq!(exits, vec![Exit::Code(0)]);
    }

    #[test]
    fn hidden_signals_and_codes() {
        let (_, exits) = run(
            vec![
                vec!["sh", "-c", "kill -TERM $$"],
                vec!["sh", "-c", "cat >/dev/null; exit 42"],
            ],
            b"",
        );
        assert_eq!(exits, vec![Exit::Signal(Signal::SIGTERM), Exit::Code(42)]);
        let (out, exits) = run(
            vec![vec!["seq", "1", "100000"], vec!["head", "-n", "1"]],
            b"",
        );
        assert_eq!(out, "1\n");
        assert_eq!(exits, vec![Exit::Signal(Signal::SIGPIPE), Exit::Code(0)]);
    }

    #[test]
    fn hidden_timeouts() {
        assert_eq!(
            run_with_timeout(&["sleep", "3"], Duration::from_millis(50)).unwrap(),
            Exit::Signal(Signal::SIGTERM)
        );
        assert_eq!(
            run_with_timeout(&["true"], Duration::from_secs(3)).unwrap(),
            Exit::Code(0)
        );
        assert_eq!(
            run_with_timeout(&["no-such-program-either"], Duration::from_secs(3)).unwrap(),
            Exit::Code(127)
        );
    }
}
