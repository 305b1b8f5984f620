//! `shipped.lock`: the git blob id of the shipped version of every file a
//! learner edits, one line each (`<id>  <path>`), written by `tutor dev lock`
//! and checked by `tutor dev check`.
//!
//! The build script embeds the shipped files in the tutor so `tutor reset`
//! works without git. It runs again whenever the course's `info.toml` or
//! solutions change (a `git pull` of a new course version), possibly after the
//! learner has edited exercises: then a file whose content no longer matches
//! its id is taken from git's object store by that id, and the learner's work
//! never becomes the "shipped" version. Shared by `build.rs` and the tutor,
//! so it uses nothing but std and `sha1_smol`.

/// The lock's file name, at the course root.
pub const LOCK_FILE: &str = "shipped.lock";

/// Git's id of a blob with this content: SHA-1 of `blob <len>\0<content>`.
pub fn blob_id(content: &[u8]) -> String {
    let mut h = sha1_smol::Sha1::new();
    h.update(format!("blob {}\0", content.len()).as_bytes());
    h.update(content);
    h.digest().to_string()
}

/// The entries of a lock: (id, path relative to the course root), in file
/// order. Blank lines and `#` comments are skipped, and so are malformed lines
/// (`dev check` reports the lock as out of date then).
pub fn parse(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let (id, path) = l.split_once(char::is_whitespace)?;
            let ok = id.len() == 40 && id.bytes().all(|b| b.is_ascii_hexdigit());
            ok.then(|| (id.to_ascii_lowercase(), path.trim().to_string()))
        })
        .collect()
}

/// The text of a lock for these (id, path) entries.
pub fn render(entries: &[(String, String)]) -> String {
    let mut out = String::from(
        "# The shipped version of every file a learner edits, by git blob id.\n\
         # Written by `tutor dev lock`; `tutor dev check` says when it is out of date.\n",
    );
    for (id, path) in entries {
        out.push_str(id);
        out.push_str("  ");
        out.push_str(path);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_gits() {
        // `printf 'hello\n' | git hash-object --stdin`
        assert_eq!(
            blob_id(b"hello\n"),
            "ce013625030ba8dba906f756967f9e9ca394464a"
        );
        // `git hash-object /dev/null`
        assert_eq!(blob_id(b""), "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
    }

    #[test]
    fn a_lock_reads_back_what_was_written() {
        let entries = vec![
            (blob_id(b"a"), "exercises/p/a.rs".to_string()),
            (blob_id(b"b"), "exercises/p/b c.rs".to_string()),
        ];
        assert_eq!(parse(&render(&entries)), entries);
        assert!(parse("# comment\n\nnot-an-id  x.rs\n").is_empty());
    }
}
