//! Data parallelism with rayon: a grep over many files, in parallel, with
//! the same output as the sequential version.
//!
//! `search(files, is_match)` returns every matching line as a `Hit`, in file
//! order then line order, exactly as a sequential loop would. `word_counts`
//! counts words over all files. Make both run on rayon's thread pool:
//! - `par_iter` over the files, `flat_map_iter` (or `map` + `collect`) keeps
//!   the input order in the output: no `Mutex<Vec<_>>` that threads push
//!   into in whatever order they finish;
//! - counting is a `fold` (a map per thread) then a `reduce` (merge maps).
//!
//! The tests compare with a sequential reference, run the search inside a
//! 4-thread pool and check that several threads did the matching, and that
//! the output is the same on every run.

#[allow(unused_imports)]
use rayon::prelude::*;
use std::collections::HashMap;

pub struct SourceFile {
    pub path: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub path: String,
    /// 1-based.
    pub line: usize,
    pub text: String,
}

// TODO: run on rayon's pool; the output must not change.
pub fn search<M>(files: &[SourceFile], is_match: M) -> Vec<Hit>
where
    M: Fn(&str) -> bool + Sync,
{
    let mut hits = Vec::new();
    for file in files {
        for (i, line) in file.text.lines().enumerate() {
            if is_match(line) {
                hits.push(Hit {
                    path: file.path.clone(),
                    line: i + 1,
                    text: line.to_string(),
                });
            }
        }
    }
    hits
}

// TODO: in parallel too: a map per thread, then merge the maps.
pub fn word_counts(files: &[SourceFile]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for file in files {
        for word in file.text.split_whitespace() {
            *counts.entry(word.to_string()).or_default() += 1;
        }
    }
    counts
}

/// `n` files of generated text.
pub fn sample_files(n: usize) -> Vec<SourceFile> {
    let words = ["fn", "let", "mut", "match", "impl", "todo", "unsafe", "pub"];
    (0..n)
        .map(|f| SourceFile {
            path: format!("src/file{f}.rs"),
            text: (0..40)
                .map(|l| {
                    (0..6)
                        .map(|w| words[(f * 31 + l * 7 + w * 3) % words.len()])
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect::<Vec<_>>()
                .join("\n"),
        })
        .collect()
}

fn main() {
    let files = sample_files(200);
    let hits = search(&files, |line| line.contains("todo"));
    let counts = word_counts(&files);
    println!(
        "{} lines mention todo; `unsafe` appears {} times",
        hits.len(),
        counts.get("unsafe").copied().unwrap_or(0)
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::sync::Mutex;
    use std::time::Duration;

    fn sequential(files: &[SourceFile], needle: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        for f in files {
            for (i, line) in f.text.lines().enumerate() {
                if line.contains(needle) {
                    hits.push(Hit {
                        path: f.path.clone(),
                        line: i + 1,
                        text: line.to_string(),
                    });
                }
            }
        }
        hits
    }

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
    }

    #[test]
    fn same_hits_in_the_same_order() {
        let files = sample_files(300);
        let expected = sequential(&files, "unsafe");
        assert!(!expected.is_empty());
        let pool = pool(4);
        for _ in 0..10 {
            let got = pool.install(|| search(&files, |l| l.contains("unsafe")));
            assert_eq!(got, expected);
        }
    }

    #[test]
    fn the_work_is_shared_between_threads() {
        let files = sample_files(64);
        let threads = Mutex::new(HashSet::new());
        let hits = pool(4).install(|| {
            search(&files, |line| {
                threads
                    .lock()
                    .unwrap()
                    .insert(rayon::current_thread_index());
                std::thread::sleep(Duration::from_micros(200));
                line.starts_with("fn")
            })
        });
        assert_eq!(
            hits,
            sequential(&files, "fn")
                .into_iter()
                .filter(|h| h.text.starts_with("fn"))
                .collect::<Vec<_>>()
        );
        let used = threads.into_inner().unwrap().len();
        assert!(used > 1, "all the matching ran on {used} thread");
    }

    #[test]
    fn counts_every_word() {
        let files = sample_files(100);
        let mut expected: HashMap<String, usize> = HashMap::new();
        for f in &files {
            for w in f.text.split_whitespace() {
                *expected.entry(w.to_string()).or_default() += 1;
            }
        }
        assert_eq!(pool(4).install(|| word_counts(&files)), expected);
    }

    #[test]
    fn no_files() {
        assert!(search(&[], |_| true).is_empty());
        assert!(word_counts(&[]).is_empty());
    }
}
