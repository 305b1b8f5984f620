//! Tutor-owned tests for `rayon_parallel`: the search must run on several
//! threads and still give the sequential order.
#![allow(dead_code)]

#[path = "../rayon_parallel.rs"]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex::{sample_files, search};
    use std::collections::HashSet;
    use std::sync::Mutex;
    use std::time::Duration;

    #[test]
    fn hidden_parallel_and_ordered() {
        let files = sample_files(128);
        let threads = Mutex::new(HashSet::new());
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap();
        let hits = pool.install(|| {
            search(&files, |line| {
                threads
                    .lock()
                    .unwrap()
                    .insert(rayon::current_thread_index());
                std::thread::sleep(Duration::from_micros(100));
                line.contains("match")
            })
        });
        assert!(
            threads.into_inner().unwrap().len() > 1,
            "one thread did all the work"
        );
        let mut expected = Vec::new();
        for f in &files {
            for (i, line) in f.text.lines().enumerate() {
                if line.contains("match") {
                    expected.push((f.path.clone(), i + 1));
                }
            }
        }
        let got: Vec<(String, usize)> = hits.into_iter().map(|h| (h.path, h.line)).collect();
        assert_eq!(got, expected);
    }
}
