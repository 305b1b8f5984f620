// A minimal reproducer.
//
// This program does not compile, and the error is hard to see among
// everything else. Before you report it (or ask for help), cut the program
// down to the smallest one that still fails with the same error: error[E0277]
// "... cannot be sent between threads safely", about an `Rc`. Delete whatever
// the error does not need: the configuration, the statistics, the formatting,
// the generic pool, the `RefCell`, the `Vec`.
//
// The tutor checks that this file still fails with that error, and that it
// has at most 15 lines of code (blank lines and comments do not count).

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;
use std::sync::mpsc;
use std::thread;

#[derive(Debug, Clone)]
struct Config {
    workers: usize,
    retries: u32,
    labels: HashMap<String, String>,
}

impl Config {
    fn parse(text: &str) -> Result<Config, String> {
        let mut config = Config {
            workers: 1,
            retries: 0,
            labels: HashMap::new(),
        };
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let (key, value) = line
                .split_once('=')
                .ok_or_else(|| format!("bad line: {line}"))?;
            match key.trim() {
                "workers" => config.workers = value.trim().parse().map_err(|e| format!("{e}"))?,
                "retries" => config.retries = value.trim().parse().map_err(|e| format!("{e}"))?,
                other => {
                    config
                        .labels
                        .insert(other.to_string(), value.trim().to_string());
                }
            }
        }
        Ok(config)
    }
}

#[derive(Default)]
struct Stats {
    done: usize,
    failed: usize,
}

impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} done, {} failed", self.done, self.failed)
    }
}

type Log = Rc<RefCell<Vec<String>>>;

struct Job {
    id: u32,
    payload: String,
    log: Log,
}

impl Job {
    fn run(&self, retries: u32) -> Result<usize, String> {
        for attempt in 0..=retries {
            self.log
                .borrow_mut()
                .push(format!("job {} attempt {attempt}", self.id));
            if !self.payload.is_empty() {
                return Ok(self.payload.len());
            }
        }
        Err(format!("job {} has no payload", self.id))
    }
}

struct Pool {
    handles: Vec<thread::JoinHandle<()>>,
}

impl Pool {
    fn new() -> Pool {
        Pool {
            handles: Vec::new(),
        }
    }

    fn submit<F: FnOnce() + Send + 'static>(&mut self, task: F) {
        self.handles.push(thread::spawn(task));
    }

    fn join(self) {
        for handle in self.handles {
            handle.join().expect("a worker panicked");
        }
    }
}

fn main() {
    let config = Config::parse("workers = 2\nretries = 1\nteam = infra").expect("valid config");
    let log: Log = Rc::new(RefCell::new(Vec::new()));
    let (tx, rx) = mpsc::channel();
    let mut pool = Pool::new();
    for id in 0..config.workers as u32 {
        let job = Job {
            id,
            payload: format!("payload {id}"),
            log: Rc::clone(&log),
        };
        let tx = tx.clone();
        let retries = config.retries;
        pool.submit(move || {
            let _ = tx.send(job.run(retries));
        });
    }
    drop(tx);
    pool.join();
    let mut stats = Stats::default();
    for result in rx {
        match result {
            Ok(_) => stats.done += 1,
            Err(_) => stats.failed += 1,
        }
    }
    println!("{stats}; {} log lines", log.borrow().len());
}
