//! Tutor-owned tests for the runtime and the analysis tasks: every worker
//! has its own number (not one fixed name), the analyses run on Tokio's
//! blocking pool of the runtime that was built, and `count_words` leaves no
//! task or copy of the analyzer behind; two runtimes alive at once number
//! their workers apart.
#[path = "../runtime_tasks.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use std::collections::BTreeSet;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Barrier, Mutex};
    use std::thread;
    use std::time::{Duration, Instant};

    use crate::ex::{Analyzer, build_runtime, count_words};

    /// The names of the threads that ran `workers` tasks, each of which
    /// keeps its thread busy until all have started: so each ran on a
    /// worker of its own.
    fn names_of_busy_workers(workers: usize) -> Vec<String> {
        let rt = build_runtime(workers).unwrap();
        let started = Arc::new(AtomicUsize::new(0));
        let names = Arc::new(Mutex::new(Vec::new()));
        let tasks: Vec<_> = (0..workers)
            .map(|_| {
                let (started, names) = (Arc::clone(&started), Arc::clone(&names));
                rt.spawn(async move {
                    let name = thread::current().name().map(String::from);
                    names.lock().unwrap().push(name.unwrap_or_default());
                    started.fetch_add(1, Ordering::SeqCst);
                    let deadline = Instant::now() + Duration::from_secs(10);
                    while started.load(Ordering::SeqCst) < workers {
                        assert!(
                            Instant::now() < deadline,
                            "{workers} tasks never ran at once on {workers} workers"
                        );
                        thread::sleep(Duration::from_millis(1));
                    }
                })
            })
            .collect();
        rt.block_on(async {
            for task in tasks {
                task.await.unwrap();
            }
        });
        let mut names = names.lock().unwrap().clone();
        names.sort();
        names
    }

    #[test]
    fn each_worker_has_its_own_number() {
        assert_eq!(
            names_of_busy_workers(3),
            ["svc-worker-0", "svc-worker-1", "svc-worker-2"],
            "three workers are named svc-worker-0, -1 and -2, one name each"
        );
    }

    #[test]
    fn numbers_go_past_nine() {
        let mut expected: Vec<String> = (0..12).map(|n| format!("svc-worker-{n}")).collect();
        expected.sort();
        assert_eq!(names_of_busy_workers(12), expected);
    }

    #[test]
    fn analyses_run_on_the_blocking_pool_of_the_runtime() {
        let rt = build_runtime(1).unwrap();
        // With one worker, every spawned task runs on that one thread.
        let worker = rt.block_on(async {
            tokio::spawn(async { thread::current().id() })
                .await
                .unwrap()
        });
        let seen = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&seen);
        let analyzer: Analyzer = Arc::new(move |doc| {
            // Threads of Tokio's blocking pool are inside the runtime; a
            // thread of one's own (`std::thread::spawn`) is not.
            let in_runtime = tokio::runtime::Handle::try_current().is_ok();
            record
                .lock()
                .unwrap()
                .push((thread::current().id(), in_runtime));
            doc.len()
        });
        let docs: Vec<String> = ["a", "bb", "ccc"].map(String::from).to_vec();
        assert_eq!(rt.block_on(count_words(&docs, analyzer)), [1, 2, 3]);
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 3, "the analyzer runs once per document");
        let here = thread::current().id();
        for (id, in_runtime) in seen.iter() {
            assert!(*id != worker, "an analysis ran on the worker thread");
            assert!(*id != here, "an analysis ran inside block_on's thread");
            assert!(
                in_runtime,
                "an analysis ran on a thread outside the runtime, not on its blocking pool"
            );
        }
    }

    #[tokio::test]
    async fn many_documents_one_call_each_in_order() {
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&calls);
        let analyzer: Analyzer = Arc::new(move |doc| {
            counter.fetch_add(1, Ordering::SeqCst);
            doc.len()
        });
        // Repeated and empty documents, in an order unlike their lengths.
        let docs: Vec<String> = (0..200).map(|i| "x".repeat((i * 7) % 13)).collect();
        let expected: Vec<usize> = docs.iter().map(String::len).collect();
        assert_eq!(count_words(&docs, Arc::clone(&analyzer)).await, expected);
        assert_eq!(calls.load(Ordering::SeqCst), 200);
        assert_eq!(
            Arc::strong_count(&analyzer),
            1,
            "once count_words returns, no task still holds the analyzer"
        );
    }

    #[tokio::test]
    async fn no_documents_no_analysis() {
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&calls);
        let analyzer: Analyzer = Arc::new(move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
            0
        });
        assert!(count_words(&[], Arc::clone(&analyzer)).await.is_empty());
        assert_eq!(calls.load(Ordering::SeqCst), 0);
        assert_eq!(Arc::strong_count(&analyzer), 1);
    }

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
    fn two_live_runtimes_number_their_workers_apart() {
        let a = build_runtime(2).unwrap();
        let b = build_runtime(2).unwrap();
        let want = BTreeSet::from(["svc-worker-0", "svc-worker-1"].map(String::from));
        assert_eq!(worker_names(&b, 2), want);
        assert_eq!(worker_names(&a, 2), want);
    }
}
