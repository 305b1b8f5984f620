//! Tutor-owned tests for the runtime and the tasks: every worker of a
//! runtime has its own name, runtimes alive at once number their workers
//! apart, and many documents analysed on the service's own runtime come back
//! in order with no clone of the analyzer left behind.
#[path = "../runtime_tasks.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use std::collections::BTreeSet;
    use std::sync::{Arc, Barrier};
    use std::thread;

    use crate::ex::{Analyzer, build_runtime, count_words};

    /// The names of `n` worker threads of `rt`, found by blocking `n` tasks
    /// on a barrier so that each one holds a worker of its own.
    fn worker_names(rt: &tokio::runtime::Runtime, n: usize) -> BTreeSet<String> {
        let barrier = Arc::new(Barrier::new(n));
        rt.block_on(async {
            let tasks: Vec<_> = (0..n)
                .map(|_| {
                    let barrier = Arc::clone(&barrier);
                    tokio::spawn(async move {
                        barrier.wait();
                        thread::current().name().unwrap_or("<unnamed>").to_string()
                    })
                })
                .collect();
            let mut names = BTreeSet::new();
            for t in tasks {
                names.insert(t.await.unwrap());
            }
            names
        })
    }

    #[test]
    fn every_worker_has_its_own_name() {
        let rt = build_runtime(3).unwrap();
        let names = worker_names(&rt, 3);
        assert_eq!(
            names,
            BTreeSet::from(["svc-worker-0", "svc-worker-1", "svc-worker-2"].map(String::from))
        );
    }

    #[test]
    fn two_live_runtimes_number_their_workers_apart() {
        let a = build_runtime(2).unwrap();
        let b = build_runtime(2).unwrap();
        let want = BTreeSet::from(["svc-worker-0", "svc-worker-1"].map(String::from));
        assert_eq!(worker_names(&b, 2), want);
        assert_eq!(worker_names(&a, 2), want);
    }

    #[test]
    fn many_documents_on_the_services_runtime() {
        let rt = build_runtime(2).unwrap();
        let docs: Vec<String> = (0..200).map(|i| "w ".repeat(i % 17)).collect();
        let analyzer: Analyzer = Arc::new(|doc| doc.split_whitespace().count());
        let ours = Arc::clone(&analyzer);
        let counts = rt.block_on(count_words(&docs, analyzer));
        let want: Vec<usize> = (0..200).map(|i| i % 17).collect();
        assert_eq!(counts, want);
        assert_eq!(
            Arc::strong_count(&ours),
            1,
            "every task dropped its clone of the analyzer"
        );
    }

    #[test]
    fn the_documents_can_be_dropped_right_after() {
        let rt = build_runtime(1).unwrap();
        let counts = {
            let docs = vec!["short lived".to_string(); 3];
            let analyzer: Analyzer = Arc::new(|doc| doc.len());
            rt.block_on(count_words(&docs, analyzer))
        };
        assert_eq!(counts, [11, 11, 11]);
    }
}
