//! Tutor-owned host tests of the capstone's shell (`src/shell.rs`): the line
//! editor's edge cases and every command's errors. The shell's own tests run
//! here too.

#[cfg_attr(not(test), allow(dead_code))] // only the tests use the shell
#[path = "../src/shell.rs"]
mod shell;

fn main() {}

#[cfg(test)]
mod tests {
    use super::shell::{Action, Board, MAX_LINE, Shell};
    use std::string::String;
    use std::vec::Vec;

    struct Memory(Vec<u32>);

    impl Board for Memory {
        fn peek(&mut self, addr: u32) -> u32 {
            self.0.push(addr);
            0xC0FF_EE00 | (addr & 0xFF)
        }
    }

    fn session(input: &[u8]) -> (String, Vec<Action>, Vec<u32>) {
        let (mut shell, mut out, mut board) = (Shell::new(), String::new(), Memory(Vec::new()));
        let actions = input
            .iter()
            .map(|&b| shell.feed(b, &mut out, &mut board).unwrap())
            .collect();
        (out, actions, board.0)
    }

    #[test]
    fn a_line_of_exactly_max_bytes_is_accepted() {
        let mut input = b"echo ".to_vec();
        input.resize(MAX_LINE, b'x');
        let accepted = session(&[input.as_slice(), b"\r"].concat()).0;
        assert!(accepted.starts_with("> echo xxx"), "{accepted:?}");
        input.push(b'y');
        let rejected = session(&[input.as_slice(), b"\r"].concat()).0;
        assert_eq!(rejected, "error: line longer than 32 bytes\n");
    }

    #[test]
    fn backspace_does_not_rescue_an_overflowed_line() {
        let mut input = vec![b'a'; MAX_LINE + 3];
        input.extend_from_slice(&[0x7F; 10]);
        input.push(b'\r');
        assert_eq!(session(&input).0, "error: line longer than 32 bytes\n");
    }

    #[test]
    fn the_line_starts_fresh_after_an_error() {
        let mut input = vec![b'a'; MAX_LINE + 1];
        input.extend_from_slice(b"\rhelp\r");
        let out = session(&input).0;
        assert!(
            out.ends_with("> help\ncommands: help echo add peek reboot\n"),
            "{out:?}"
        );
    }

    #[test]
    fn control_and_non_ascii_bytes_are_ignored() {
        assert_eq!(session(b"he\x01l\x1bp\xC3\xA9\r").0, session(b"help\r").0);
    }

    #[test]
    fn backspace_on_an_empty_line_is_harmless() {
        assert_eq!(
            session(b"\x7f\x08\x7fadd 1 2\r").0,
            "> add 1 2\n1 + 2 = 3\n"
        );
    }

    #[test]
    fn add_handles_the_extremes() {
        assert!(session(b"add 4294967294 1\r").0.ends_with("= 4294967295\n"));
        assert!(session(b"add 0 0\r").0.ends_with("0 + 0 = 0\n"));
        assert!(session(b"add -1 2\r").0.ends_with("usage: add <a> <b>\n"));
        assert!(
            session(b"add 4294967296 0\r")
                .0
                .ends_with("usage: add <a> <b>\n")
        );
        assert!(session(b"add\r").0.ends_with("usage: add <a> <b>\n"));
    }

    #[test]
    fn peek_accepts_hex_with_or_without_prefix_and_reads_once() {
        let (out, _, reads) = session(b"peek 20000010\rpeek 0x4000C018\r");
        assert_eq!(
            out,
            "> peek 20000010\n0x20000010: 0xc0ffee10\n> peek 0x4000C018\n0x4000c018: 0xc0ffee18\n"
        );
        assert_eq!(reads, [0x2000_0010, 0x4000_C018]);
    }

    #[test]
    fn peek_never_reads_a_rejected_address() {
        let (out, _, reads) = session(b"peek 0x2\rpeek 0\rpeek\rpeek 0x10 0x20\rpeek 0x1_0\r");
        assert!(reads.is_empty(), "read {reads:x?}");
        let errors: Vec<&str> = out.lines().filter(|l| !l.starts_with('>')).collect();
        assert_eq!(
            errors,
            [
                "peek: address must be non-zero and 4-aligned",
                "peek: address must be non-zero and 4-aligned",
                "usage: peek <hex address>",
                "usage: peek <hex address>",
                "usage: peek <hex address>",
            ]
        );
    }

    #[test]
    fn only_reboot_asks_for_a_restart() {
        let (out, actions, _) = session(b"help\recho reboot\rreboot\r");
        assert!(out.ends_with("> reboot\nrebooting\n"));
        let reboots = actions.iter().filter(|&&a| a == Action::Reboot).count();
        assert_eq!(reboots, 1);
        assert_eq!(actions.last(), Some(&Action::Reboot));
    }

    #[test]
    fn echo_prints_everything_after_the_command() {
        assert_eq!(
            session(b"echo  two spaces\r").0,
            "> echo  two spaces\n two spaces\n"
        );
        // A tab is a control byte: ignored like the others.
        assert_eq!(session(b"echo a\tb\r").0, "> echo ab\nab\n");
    }
}
