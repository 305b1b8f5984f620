//! `tutor watch`: the learner's main screen. It follows the learner's saves,
//! checks the current exercise on every save and shows the verdict, with
//! hints, the exercise list and progress per phase.
//!
//! Shape (as in rustlings and gitui): every thread sends into one channel of
//! [`app::Event`]s (terminal input, file saves, the checker's progress and
//! verdicts, signals) and the loop here owns all the state: draw, wait for
//! an event, update [`app::App`], carry out the effects it asks for.
//!
//! - `app`: the state and its rules, tested without a terminal.
//! - `view`: drawing, a function of the state; `text`: verdicts as styled text.
//! - `watcher`: notify, filtered and debounced; `worker`: the checker thread.
//!
//! The terminal is restored on every way out: a normal quit, `Ctrl-C` (a key
//! in raw mode), SIGTERM, SIGHUP and SIGINT (through the channel), a panic of
//! the main thread (the panic hook) or of another thread (reported as an
//! event, then a normal exit). Progress is saved after every change and
//! before leaving.

mod app;
mod text;
mod view;
mod watcher;
mod worker;

use std::collections::HashMap;
use std::io::{IsTerminal, Stdout, Write as _};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use crossterm::event::{Event as TermEvent, KeyEventKind};
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use self::app::{App, Effect, Event, JobId, Run, RunMsg, WatchMode};
use self::watcher::{Backend, Scope, Watcher};
use self::worker::Job;
use crate::cli::WatchArgs;
use crate::info::Course;
use crate::progress::Progress;
use crate::{commands, fsinfo, shipped, style};

/// How often the screen is redrawn while a check runs (for its timer); when
/// nothing runs, the loop sleeps until something happens.
const TICK: Duration = Duration::from_millis(500);

pub fn run(course: &Course, args: &WatchArgs) -> Result<ExitCode> {
    // The lock first: a second `tutor watch` is told why it cannot run.
    let (progress, notes) = Progress::open(course)?;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!(
            "tutor watch needs a terminal; `tutor run` checks one exercise and prints the verdict"
        );
    }
    shipped::ensure_snapshot(course)?;
    let course = Arc::new(course.clone());
    let (tx, rx) = mpsc::channel::<Event>();
    let mut notices = notes.0;

    // Saves: events, polling, or none (`--manual`).
    // TUTOR_POLL is a preference, so --manual on the command line wins over it.
    let poll = if args.poll {
        Some("--poll")
    } else {
        env_flag("TUTOR_POLL").then_some("TUTOR_POLL")
    };
    let (watcher, mode) = if args.manual {
        (None, WatchMode::Manual)
    } else {
        let backend = if let Some(asked) = poll {
            notices.push(format!("polling for changes ({asked})"));
            Backend::Polling(watcher::POLL_INTERVAL)
        } else if let Some(why) = fsinfo::events_unreliable(&course.root) {
            notices.push(format!("polling for changes every 0.5 s: {why}"));
            Backend::Polling(watcher::POLL_INTERVAL)
        } else {
            Backend::Events
        };
        let wtx = tx.clone();
        let (w, why) = Watcher::start(backend, move |m| {
            let _ = wtx.send(Event::Watch(m));
        })
        .context("starting the file watcher")?;
        if let Some(why) = why {
            notices.push(format!("polling for changes: {why}"));
        }
        let mode = if w.polling().is_some() {
            WatchMode::Polling
        } else {
            WatchMode::Events
        };
        (Some(w), mode)
    };

    // The checker.
    let (jobs_tx, jobs_rx) = mpsc::channel::<Job>();
    let runner = commands::runner_for(&course, true);
    let worker = spawn("checker", tx.clone(), {
        let (course, tx) = (course.clone(), tx.clone());
        move || worker::run(runner, course, jobs_rx, tx)
    })?;

    // Signals become events; the loop then leaves as on `q`.
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ])
    .context("installing signal handlers")?;
    let signals_handle = signals.handle();
    spawn("signal", tx.clone(), {
        let tx = tx.clone();
        move || {
            for _ in signals.forever() {
                if tx.send(Event::Signal).is_err() {
                    break;
                }
            }
        }
    })?;

    let mut term = Term::enter().context("setting up the terminal")?;
    let (gate_tx, gate_rx) = mpsc::channel::<()>();
    spawn("input", tx.clone(), {
        let tx = tx.clone();
        move || input(&tx, &gate_rx)
    })?;

    let mut app = App::new(course.clone(), progress, mode);
    app.color = style::enabled();
    if !notices.is_empty() {
        app.notice = Some(notices.join(" · "));
    }
    let size = term.terminal.size()?;
    app.resize(size.width, size.height);

    let mut cx = Cx {
        course: course.clone(),
        jobs: jobs_tx,
        flags: HashMap::new(),
        watcher,
        save_pending: false,
    };
    let outcome = event_loop(&mut app, &mut cx, &mut term, &rx, &gate_tx);

    // Leave: stop what runs, let the checker end, keep the progress.
    for flag in cx.flags.values() {
        flag.store(true, Ordering::Relaxed);
    }
    drop(cx);
    wait_for(&worker, Duration::from_secs(5));
    crate::runner::process::kill_all();
    let saved = app.progress.save();
    drop(term);
    signals_handle.close();
    outcome?;
    saved.context("saving your progress")?;
    let done = app.progress.done_count(&course);
    // After SIGHUP the terminal is gone: nothing to tell, and no panic.
    let _ = writeln!(
        std::io::stdout(),
        "{done}/{} exercises done. Run `tutor` to continue where you left off.",
        course.exercises.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// What the loop needs to carry out effects.
struct Cx {
    course: Arc<Course>,
    jobs: Sender<Job>,
    /// The stop flag of each job in flight.
    flags: HashMap<JobId, Arc<AtomicBool>>,
    watcher: Option<Watcher>,
    /// The progress changed; it is written after the next draw.
    save_pending: bool,
}

fn event_loop(
    app: &mut App,
    cx: &mut Cx,
    term: &mut Term,
    rx: &Receiver<Event>,
    gate: &Sender<()>,
) -> Result<()> {
    loop {
        if effects(app, cx, term)? {
            return Ok(());
        }
        app.now = Instant::now();
        term.terminal.draw(|f| f.render_widget(&*app, f.area()))?;
        // After drawing: a verdict is not kept waiting for the disk.
        if std::mem::take(&mut cx.save_pending)
            && let Err(e) = app.progress.save()
        {
            app.notice = Some(format!("your progress could not be saved: {e:#}"));
            continue;
        }
        let busy = app.checking() || matches!(app.run, Run::All { .. });
        let first = if busy {
            match rx.recv_timeout(TICK) {
                Ok(e) => Some(e),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => bail!("internal: every sender is gone"),
            }
        } else {
            Some(rx.recv().context("internal: every sender is gone")?)
        };
        // Take everything that is waiting before drawing again.
        let mut next = first;
        let mut taken = 0;
        while let Some(event) = next {
            app.now = Instant::now();
            match event {
                Event::Key(k) => {
                    app.on_key(k);
                    // Carry out the key's effects (the editor among them)
                    // before the input thread reads the terminal again.
                    let quit = effects(app, cx, term)?;
                    let _ = gate.send(());
                    if quit {
                        return Ok(());
                    }
                }
                Event::Resize(w, h) => app.resize(w, h),
                Event::Watch(watcher::Msg::Saved(path)) => app.on_saved(&path),
                Event::Watch(watcher::Msg::Stopped(why)) => {
                    let detail = LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()).take();
                    bail!("internal error: {why}: {}", detail.unwrap_or_default())
                }
                Event::Watch(watcher::Msg::Unreliable(why)) => {
                    if let Some(w) = &mut cx.watcher {
                        w.fall_back();
                    }
                    app.on_watch_problem(why);
                }
                Event::Run(msg) => {
                    if let Some(job) = finished_job(&msg) {
                        cx.flags.remove(&job);
                    }
                    app.on_run(msg);
                }
                Event::Signal => return Ok(()),
                Event::Fatal(why) => bail!("internal error: {why}"),
            }
            taken += 1;
            next = if taken < 512 {
                rx.try_recv().ok()
            } else {
                None
            };
        }
    }
}

/// The job a message ends, if it ends one.
fn finished_job(msg: &RunMsg) -> Option<JobId> {
    match msg {
        RunMsg::Progress { .. } | RunMsg::AllOne { .. } => None,
        RunMsg::Checked { job, .. }
        | RunMsg::Failed { job, .. }
        | RunMsg::Cancelled { job }
        | RunMsg::Warmed { job }
        | RunMsg::AllDone { job, .. } => Some(*job),
    }
}

/// Carries out the queued effects (and those they cause). True: quit.
fn effects(app: &mut App, cx: &mut Cx, term: &mut Term) -> Result<bool> {
    loop {
        let queued = app.take_effects();
        if queued.is_empty() {
            return Ok(false);
        }
        for effect in queued {
            match effect {
                Effect::Quit => return Ok(true),
                Effect::Check { job, index } => {
                    let cancel = cx.flag(job);
                    cx.send(Job::Check { job, index, cancel });
                }
                Effect::Warm { job, index } => {
                    let cancel = cx.flag(job);
                    cx.send(Job::Warm { job, index, cancel });
                }
                Effect::CheckAll { job } => {
                    let cancel = cx.flag(job);
                    cx.send(Job::CheckAll { job, cancel });
                }
                Effect::Cancel(job) => {
                    if let Some(f) = cx.flags.get(&job) {
                        f.store(true, Ordering::Relaxed);
                    }
                }
                Effect::Follow(index) => {
                    if let Some(w) = &mut cx.watcher
                        && let Some(why) = w.follow(Scope::of(&cx.course, index))
                    {
                        app.on_watch_problem(why);
                    }
                }
                Effect::Reset(index) => {
                    let ex = &cx.course.exercises[index];
                    if let Some(w) = &cx.watcher {
                        for rel in ex.learner_files() {
                            if let Some(content) = shipped::original(&cx.course, rel) {
                                w.expect(&cx.course.root.join(rel), &content);
                            }
                        }
                    }
                    app.after_reset(index, shipped::reset(&cx.course, ex));
                }
                Effect::Edit(path) => {
                    let result = term.edit(&path);
                    let size = term.terminal.size()?;
                    app.resize(size.width, size.height);
                    app.after_edit(result);
                }
                Effect::Save => cx.save_pending = true,
            }
        }
    }
}

impl Cx {
    fn flag(&mut self, job: JobId) -> Arc<AtomicBool> {
        let flag = Arc::new(AtomicBool::new(false));
        self.flags.insert(job, flag.clone());
        flag
    }

    fn send(&self, job: Job) {
        // The checker only stops when this side is dropped.
        let _ = self.jobs.send(job);
    }
}

/// The terminal in raw mode on the alternate screen; dropping it restores it.
struct Term {
    terminal: Terminal<CrosstermBackend<Stdout>>,
}

fn restore_terminal() {
    let _ = crossterm::terminal::disable_raw_mode();
    let _ = crossterm::execute!(
        std::io::stdout(),
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

/// A panic message of a thread other than the main one, for its report.
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

impl Term {
    fn enter() -> Result<Term> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() == Some("main") {
                // Restore first, or the message is lost on the alternate screen.
                restore_terminal();
                // The checker will not outlive this thread to stop its programs.
                crate::runner::process::kill_all();
                previous(info);
            } else {
                // Printing now would scribble over the screen: the thread's
                // owner reports it once the terminal is restored.
                *LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()) = Some(info.to_string());
            }
        }));
        crossterm::terminal::enable_raw_mode()?;
        let mut stdout = std::io::stdout();
        if let Err(e) = crossterm::execute!(stdout, EnterAlternateScreen) {
            restore_terminal();
            return Err(e.into());
        }
        let terminal = Terminal::new(CrosstermBackend::new(stdout));
        match terminal {
            Ok(mut terminal) => {
                let _ = terminal.clear();
                Ok(Term { terminal })
            }
            Err(e) => {
                restore_terminal();
                Err(e.into())
            }
        }
    }

    /// Opens `path` in `$VISUAL` or `$EDITOR`, giving it the terminal meanwhile.
    fn edit(&mut self, path: &Path) -> Result<(), String> {
        let editor = ["VISUAL", "EDITOR"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.trim().is_empty())
            .ok_or("set $VISUAL or $EDITOR to open files from here (e.g. EDITOR=vim)")?;
        let mut words = editor.split_whitespace();
        let program = words.next().unwrap_or_default().to_string();
        let args: Vec<&str> = words.collect();
        restore_terminal();
        let status = std::process::Command::new(&program)
            .args(&args)
            .arg(path)
            .status();
        let back = crossterm::terminal::enable_raw_mode()
            .and_then(|()| crossterm::execute!(std::io::stdout(), EnterAlternateScreen))
            .and_then(|()| self.terminal.clear());
        if let Err(e) = back {
            return Err(format!("the terminal could not be set up again: {e}"));
        }
        match status {
            Ok(s) if s.success() => Ok(()),
            Ok(s) => Err(format!("{program} exited with {s}")),
            Err(e) => Err(format!("cannot start {program} ($VISUAL/$EDITOR): {e}")),
        }
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// Reads the terminal. After each key it waits for the loop's go-ahead, so
/// it never reads while the editor owns the terminal.
fn input(tx: &Sender<Event>, gate: &Receiver<()>) {
    loop {
        match crossterm::event::read() {
            Ok(TermEvent::Key(k)) if k.kind == KeyEventKind::Press => {
                if tx.send(Event::Key(k)).is_err() || gate.recv().is_err() {
                    return;
                }
            }
            Ok(TermEvent::Resize(w, h)) => {
                if tx.send(Event::Resize(w, h)).is_err() {
                    return;
                }
            }
            Ok(_) => {}
            Err(e) => {
                let _ = tx.send(Event::Fatal(format!("reading the terminal: {e}")));
                return;
            }
        }
    }
}

/// Starts a thread whose panic becomes an [`Event::Fatal`].
fn spawn(
    name: &str,
    tx: Sender<Event>,
    f: impl FnOnce() + Send + 'static,
) -> Result<JoinHandle<()>> {
    let label = name.to_string();
    std::thread::Builder::new()
        .name(format!("tutor-{name}"))
        .spawn(move || {
            if let Err(payload) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
                let msg = LAST_PANIC
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .take()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                let _ = tx.send(Event::Fatal(format!("the {label} thread panicked: {msg}")));
            }
        })
        .with_context(|| format!("starting the {name} thread"))
}

/// Waits for a thread to end, up to `limit`.
fn wait_for(handle: &JoinHandle<()>, limit: Duration) {
    let deadline = Instant::now() + limit;
    while !handle.is_finished() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A boolean environment variable as clap reads them (1, true, yes, on).
fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| {
        matches!(
            v.trim().to_ascii_lowercase().as_str(),
            "1" | "true" | "yes" | "on" | "y"
        )
    })
}
