//! Minimize allocations: summarize a 10 000-line log with a handful of them.
//!
//! `summarize(log)` counts lines per level and per module, finds the slowest
//! request (`latency_ms=`) and collects the messages of `ERROR` lines. The
//! summary borrows from the log (`&'a str`), so nothing in it needs a copy;
//! yet the code below allocates several times per line: a `Vec` of lines, a
//! `Vec` of fields per line, an uppercase copy of the level, a `Vec` per
//! `key=value` pair. Each allocation is a call into the allocator and
//! scattered memory; on a big log they dominate the run time.
//!
//! Bring it down to a few dozen allocations for the whole log, whatever its
//! length: iterate instead of collecting (`lines()`, `split(' ')`,
//! `split_once('=')`), compare without copying (`eq_ignore_ascii_case`), and
//! let only the summary's own map and vector allocate. A line that does not
//! follow the format (fewer than three fields) is skipped.
//!
//! The tests pin the results. `allocation_budget` measures with dhat's
//! testing mode (the test binary uses `dhat::Alloc`); a tutor-owned harness
//! counts the allocations again with its own allocator: at most 40.

use std::collections::HashMap;

#[derive(Debug, Default, PartialEq)]
pub struct Summary<'a> {
    pub lines: usize,
    /// ERROR, WARN, INFO, DEBUG, in that order.
    pub by_level: [usize; 4],
    pub by_module: HashMap<&'a str, usize>,
    /// The line with the largest `latency_ms`, and that latency.
    pub slowest: Option<(&'a str, u32)>,
    /// The message (after `module: `) of every ERROR line.
    pub errors: Vec<&'a str>,
}

const LEVELS: [&str; 4] = ["ERROR", "WARN", "INFO", "DEBUG"];

pub fn summarize(log: &str) -> Summary<'_> {
    let mut s = Summary::default();
    for line in log.lines() {
        let mut fields = line.splitn(4, ' ');
        let (Some(_time), Some(level), Some(module)) =
            (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let message = fields.next().unwrap_or("");
        s.lines += 1;
        let level = LEVELS.iter().position(|l| l.eq_ignore_ascii_case(level));
        if let Some(level) = level {
            s.by_level[level] += 1;
        }
        *s.by_module.entry(module.trim_end_matches(':')).or_default() += 1;
        for (key, value) in message.split(' ').filter_map(|kv| kv.split_once('=')) {
            if key == "latency_ms"
                && let Ok(ms) = value.parse::<u32>()
                && s.slowest.is_none_or(|(_, max)| ms > max)
            {
                s.slowest = Some((line, ms));
            }
        }
        if level == Some(0) {
            s.errors.push(message);
        }
    }
    s
}

/// A log of `lines` lines in the format `summarize` reads.
pub fn sample_log(lines: usize) -> String {
    let modules = ["http", "db", "auth", "cache", "queue", "mail"];
    let mut log = String::new();
    for i in 0..lines {
        let level = ["INFO", "info", "DEBUG", "WARN", "INFO", "ERROR", "INFO"][i % 7];
        let module = modules[(i * 7 + i / 3) % modules.len()];
        let latency = (i * 37 + 11) % 997;
        log.push_str(&format!(
            "2026-01-01T00:{:02}:{:02}Z {level} {module}: request {i} done user=u{} latency_ms={latency}\n",
            (i / 60) % 60,
            i % 60,
            i % 13
        ));
        if i % 500 == 0 {
            log.push_str("#corrupted\n");
        }
    }
    log
}

fn main() {
    let log = sample_log(10_000);
    let s = summarize(&log);
    println!(
        "{} lines, {} errors, slowest {:?}",
        s.lines,
        s.errors.len(),
        s.slowest.map(|(_, ms)| ms)
    );
}

#[cfg(test)]
#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str = "\
2026-01-01T00:00:00Z INFO http: GET / status=200 latency_ms=12
2026-01-01T00:00:01Z error db: connection lost retry=3
garbage
2026-01-01T00:00:02Z WARN http: slow GET /big latency_ms=950
2026-01-01T00:00:03Z DEBUG auth: token ok latency_ms=x

2026-01-01T00:00:04Z ERROR http: GET /boom latency_ms=7
";

    #[test]
    fn summarizes_a_small_log() {
        let s = summarize(LOG);
        assert_eq!(s.lines, 5);
        assert_eq!(s.by_level, [2, 1, 1, 1]);
        assert_eq!(s.by_module.len(), 3);
        assert_eq!(s.by_module["http"], 3);
        assert_eq!(s.by_module["db"], 1);
        assert_eq!(
            s.errors,
            ["connection lost retry=3", "GET /boom latency_ms=7"]
        );
        let (line, ms) = s.slowest.unwrap();
        assert_eq!(ms, 950);
        assert!(line.contains("/big"));
    }

    #[test]
    fn an_empty_log() {
        assert_eq!(summarize(""), Summary::default());
    }

    #[test]
    fn allocation_budget() {
        let log = sample_log(10_000);
        let _profiler = dhat::Profiler::builder().testing().build();
        let before = dhat::HeapStats::get();
        let s = summarize(&log);
        let after = dhat::HeapStats::get();
        assert_eq!(s.lines, 10_000);
        assert_eq!(s.errors.len(), 1428);
        let blocks = after.total_blocks - before.total_blocks;
        println!("summarize made {blocks} allocations");
        assert!(blocks <= 40, "{blocks} allocations for 10 000 lines");
    }
}
