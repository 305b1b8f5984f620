//! The checker thread: owns the [`Runner`], takes one job at a time and
//! reports through the loop's channel. Each job carries its own stop flag,
//! which becomes the runner's `cancel` for the job's duration: setting it
//! stops cargo or the program in flight (their whole process group).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender};

use super::app::{Event, JobId, RunMsg};
use crate::info::Course;
use crate::runner::Runner;

/// Work for the checker.
pub enum Job {
    Check {
        job: JobId,
        index: usize,
        cancel: Arc<AtomicBool>,
    },
    /// Build an exercise ahead of time.
    Warm {
        job: JobId,
        index: usize,
        cancel: Arc<AtomicBool>,
    },
    CheckAll {
        job: JobId,
        cancel: Arc<AtomicBool>,
    },
}

/// Runs jobs until the sending side is dropped.
pub fn run(mut runner: Runner, course: Arc<Course>, jobs: Receiver<Job>, tx: Sender<Event>) {
    let send = |m: RunMsg| {
        let _ = tx.send(Event::Run(m));
    };
    for job in jobs {
        match job {
            Job::Check { job, index, cancel } => {
                if cancel.load(Ordering::Relaxed) {
                    send(RunMsg::Cancelled { job });
                    continue;
                }
                runner.cancel = Some(cancel.clone());
                // Builds made for "check all" are of older files.
                runner.clear_cache();
                let ex = &course.exercises[index];
                let result = runner.check(ex, &mut |event| send(RunMsg::Progress { job, event }));
                send(if cancel.load(Ordering::Relaxed) {
                    RunMsg::Cancelled { job }
                } else {
                    match result {
                        Ok(verdict) => RunMsg::Checked {
                            job,
                            index,
                            verdict,
                        },
                        Err(e) => RunMsg::Failed {
                            job,
                            index,
                            error: format!("{e:#}"),
                        },
                    }
                });
            }
            Job::Warm { job, index, cancel } => {
                if cancel.load(Ordering::Relaxed) {
                    send(RunMsg::Cancelled { job });
                    continue;
                }
                runner.cancel = Some(cancel.clone());
                let ex = &course.exercises[index];
                // A failure is expected (the exercise does not compile yet);
                // what matters is that its dependencies are built.
                let _ = runner.warm(ex, &mut |event| send(RunMsg::Progress { job, event }));
                send(if cancel.load(Ordering::Relaxed) {
                    RunMsg::Cancelled { job }
                } else {
                    RunMsg::Warmed { job }
                });
            }
            Job::CheckAll { job, cancel } => {
                if cancel.load(Ordering::Relaxed) {
                    send(RunMsg::Cancelled { job });
                    continue;
                }
                runner.cancel = Some(cancel.clone());
                runner.clear_cache();
                let error = check_all(&runner, &course, job, &cancel, &send).err();
                runner.clear_cache();
                send(if cancel.load(Ordering::Relaxed) {
                    RunMsg::Cancelled { job }
                } else {
                    RunMsg::AllDone {
                        job,
                        error: error.map(|e| format!("{e:#}")),
                    }
                });
            }
        }
    }
}

/// Every exercise: one batched build per package, then the checks, on as
/// many threads as there are cores (builds take turns anyway).
fn check_all(
    runner: &Runner,
    course: &Course,
    job: JobId,
    cancel: &AtomicBool,
    send: &(dyn Fn(RunMsg) + Sync),
) -> anyhow::Result<()> {
    let all: Vec<&crate::info::Exercise> = course.exercises.iter().collect();
    runner.prebuild(&all, &mut |event| send(RunMsg::Progress { job, event }))?;
    let indices: Vec<usize> = (0..all.len()).collect();
    let results = crate::commands::parallel(&indices, crate::commands::default_jobs(), |&i| {
        if cancel.load(Ordering::Relaxed) {
            return Ok(());
        }
        let verdict = runner.check(all[i], &mut |_| {})?;
        if !cancel.load(Ordering::Relaxed) {
            send(RunMsg::AllOne {
                job,
                index: i,
                verdict,
            });
        }
        Ok(())
    });
    results.into_iter().collect()
}
