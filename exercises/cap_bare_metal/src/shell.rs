//! The command shell: a line editor fed one received byte at a time, and the
//! commands. It touches no hardware (the `Board` trait stands for it), so it is
//! tested on the host.
//!
//! Line editing: printable ASCII (space to `~`) is added to the line; backspace
//! (0x08) or DEL (0x7F) removes the last character; `\r` or `\n` ends the line.
//! Other bytes are ignored. A line holds at most `MAX_LINE` bytes: once more
//! arrive, the whole line is rejected when it ends (`error: line longer than 32
//! bytes`). An empty line prints nothing. Otherwise the shell prints `> ` and
//! the line, then the command's output:
//!
//! - `help`: `commands: help echo add peek reboot`
//! - `echo <text>`: the text after `echo `, spaces kept (`echo` alone: an empty line)
//! - `add <a> <b>`: `<a> + <b> = <sum>` for decimal `u32`s; `add: overflow` when
//!   the sum does not fit; `usage: add <a> <b>` for anything else
//! - `peek <addr>`: the word at a hex address (`0x` optional), as
//!   `0x4000c018: 0x00000090`; `peek: address must be non-zero and 4-aligned`,
//!   or `usage: peek <hex address>`
//! - `reboot`: prints `rebooting` and asks the caller to restart
//! - anything else: `unknown command: <first word>`
//!
//! Words are separated by any amount of ASCII whitespace.

use core::fmt::{self, Write};

/// The longest line the shell accepts, in bytes.
pub const MAX_LINE: usize = 32;

/// What the shell needs from the machine.
pub trait Board {
    /// The 32-bit word at `addr`, which is non-zero and 4-aligned.
    fn peek(&mut self, addr: u32) -> u32;
}

/// What the caller must do after a byte was handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    None,
    Reboot,
}

pub struct Shell {
    line: [u8; MAX_LINE],
    len: usize,
}

impl Default for Shell {
    fn default() -> Self {
        Self::new()
    }
}

impl Shell {
    pub const fn new() -> Self {
        Shell {
            line: [0; MAX_LINE],
            len: 0,
        }
    }

    /// Handles one received byte, writing any output to `out`.
    pub fn feed(
        &mut self,
        byte: u8,
        out: &mut impl Write,
        board: &mut impl Board,
    ) -> Result<Action, fmt::Error> {
        // TODO: backspace and DEL, and lines that are too long.
        match byte {
            b'\r' | b'\n' => {
                let action = self.end_line(out, board);
                self.len = 0;
                action
            }
            b' '..=b'~' if self.len < MAX_LINE => {
                self.line[self.len] = byte;
                self.len += 1;
                Ok(Action::None)
            }
            _ => Ok(Action::None),
        }
    }

    fn end_line(&self, out: &mut impl Write, board: &mut impl Board) -> Result<Action, fmt::Error> {
        // Only printable ASCII is ever stored, so the line is valid UTF-8.
        let line = core::str::from_utf8(&self.line[..self.len]).map_err(|_| fmt::Error)?;
        if line.trim_ascii().is_empty() {
            return Ok(Action::None);
        }
        writeln!(out, "> {line}")?;
        execute(line, out, board)
    }
}

fn execute(line: &str, out: &mut impl Write, board: &mut impl Board) -> Result<Action, fmt::Error> {
    let mut words = line.split_ascii_whitespace();
    let command = words.next().unwrap_or_default();
    match command {
        "help" => writeln!(out, "commands: help echo add peek reboot")?,
        "echo" => {
            let rest = line.trim_ascii_start()["echo".len()..].strip_prefix(' ');
            writeln!(out, "{}", rest.unwrap_or_default())?;
        }
        // TODO: `add` and `peek`, with the errors the header lists (`board`
        // reads memory for `peek`).
        "reboot" => {
            writeln!(out, "rebooting")?;
            return Ok(Action::Reboot);
        }
        other => writeln!(out, "unknown command: {other}")?,
    }
    let _ = board;
    Ok(Action::None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::string::String;

    struct FakeBoard;

    impl Board for FakeBoard {
        fn peek(&mut self, addr: u32) -> u32 {
            addr.rotate_left(8)
        }
    }

    /// Feeds `input` and returns everything the shell printed, and the last action.
    fn run(input: &[u8]) -> (String, Action) {
        let (mut shell, mut out, mut action) = (Shell::new(), String::new(), Action::None);
        for &byte in input {
            action = shell.feed(byte, &mut out, &mut FakeBoard).unwrap();
        }
        (out, action)
    }

    #[test]
    fn echo_keeps_the_spacing() {
        assert_eq!(run(b"echo a  b\r").0, "> echo a  b\na  b\n");
        assert_eq!(run(b"echo\r").0, "> echo\n\n");
    }

    #[test]
    fn backspace_edits_the_line() {
        assert_eq!(run(b"ehco\x7f\x7f\x7fcho hi\r").0, "> echo hi\nhi\n");
        assert_eq!(run(b"\x08\x08help\r").0, run(b"help\r").0);
    }

    #[test]
    fn add_checks_its_arguments_and_overflow() {
        assert_eq!(run(b"add 40 2\r").0, "> add 40 2\n40 + 2 = 42\n");
        assert_eq!(
            run(b"add 4294967295 1\r").0,
            "> add 4294967295 1\nadd: overflow\n"
        );
        assert!(run(b"add 1\r").0.ends_with("usage: add <a> <b>\n"));
        assert!(run(b"add 1 x\r").0.ends_with("usage: add <a> <b>\n"));
        assert!(run(b"add 1 2 3\r").0.ends_with("usage: add <a> <b>\n"));
    }

    #[test]
    fn peek_reads_aligned_addresses_only() {
        assert_eq!(
            run(b"peek 0x100\r").0,
            "> peek 0x100\n0x00000100: 0x00010000\n"
        );
        assert!(run(b"peek 102\r").0.ends_with("non-zero and 4-aligned\n"));
        assert!(run(b"peek 0\r").0.ends_with("non-zero and 4-aligned\n"));
        assert!(run(b"peek zz\r").0.ends_with("usage: peek <hex address>\n"));
    }

    #[test]
    fn long_lines_are_rejected_whole() {
        let (out, _) = run(b"echo this line is much longer than thirty-two bytes\rhelp\r");
        assert_eq!(
            out,
            "error: line longer than 32 bytes\n> help\ncommands: help echo add peek reboot\n"
        );
    }

    #[test]
    fn reboot_is_an_action() {
        assert_eq!(
            run(b"reboot\r"),
            ("> reboot\nrebooting\n".into(), Action::Reboot)
        );
    }

    #[test]
    fn empty_lines_and_crlf_print_nothing_extra() {
        assert_eq!(run(b"\r\n  \r\n").0, "");
        assert_eq!(run(b"help\r\n").0, run(b"help\r").0);
    }

    #[test]
    fn unknown_commands_are_named() {
        assert_eq!(
            run(b"  frob nicate\r").0,
            ">   frob nicate\nunknown command: frob\n"
        );
    }
}
