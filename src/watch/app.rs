//! The state of `tutor watch` and how it changes. Everything that happens
//! (a key, a save, a message from the checker) goes through one method of
//! [`App`], which updates the state and queues [`Effect`]s: what the loop
//! must do outside the state (start a check, write progress, open the
//! editor). Nothing here touches the terminal or starts a process, so every
//! rule is tested without either.
//!
//! The rules:
//! - A save, `r`, a reset or entering an exercise asks for a check. One check
//!   runs at a time; asking during a check stops it (unless it is still
//!   building dependencies, which would only start over) and checks again
//!   when it has stopped. A verdict that arrives after a newer request is
//!   dropped: only the verdict of the latest content is shown or recorded.
//! - A pass marks the exercise done, a failure marks it not done, a blocked
//!   check changes nothing (as `tutor run`). A pass never moves on by itself:
//!   the learner reads it and presses `n`, which goes to the next exercise
//!   not done. `n` works once the exercise passes (or is done, or blocked).
//! - After a pass, the next exercise is built in the background.
//! - The welcome text is shown once; a phase's intro when the learner first
//!   enters the phase; the final message when the last exercise is done.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::text;
use super::view;
use super::watcher;
use crate::info::Course;
use crate::progress::Progress;
use crate::runner::RunEvent;
use crate::runner::cargo::BuildEvent;
use crate::shipped::Restored;
use crate::verdict::{OutcomeKind, Verdict};

/// Identifies one job given to the checker.
pub type JobId = u64;

/// Everything the loop waits for, from every thread.
#[derive(Debug)]
pub enum Event {
    Key(KeyEvent),
    Resize(u16, u16),
    Watch(watcher::Msg),
    Run(RunMsg),
    /// SIGTERM, SIGHUP or SIGINT.
    Signal,
    /// A thread of ours panicked.
    Fatal(String),
}

/// What the checker thread reports.
#[derive(Debug)]
pub enum RunMsg {
    Progress {
        job: JobId,
        event: RunEvent,
    },
    Checked {
        job: JobId,
        index: usize,
        verdict: Verdict,
    },
    /// The check could not run at all (cargo missing, an I/O error).
    Failed {
        job: JobId,
        index: usize,
        error: String,
    },
    /// The job was stopped before it ended.
    Cancelled {
        job: JobId,
    },
    Warmed {
        job: JobId,
    },
    /// One verdict of "check all".
    AllOne {
        job: JobId,
        index: usize,
        verdict: Verdict,
    },
    AllDone {
        job: JobId,
        error: Option<String>,
    },
}

/// What the loop does for the state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Check {
        job: JobId,
        index: usize,
    },
    Warm {
        job: JobId,
        index: usize,
    },
    CheckAll {
        job: JobId,
    },
    Cancel(JobId),
    /// Watch the files of this exercise.
    Follow(usize),
    /// Restore the shipped files of this exercise, then call
    /// [`App::after_reset`].
    Reset(usize),
    /// Open this file in the learner's editor.
    Edit(PathBuf),
    /// Write the progress file.
    Save,
    Quit,
}

/// How saves reach the tutor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WatchMode {
    Events,
    Polling,
    /// Checks run on `r` only.
    Manual,
}

/// The check job in flight, if any.
#[derive(Debug, Clone)]
pub enum Run {
    Idle,
    Check {
        job: JobId,
        index: usize,
        started: Instant,
        build: BuildProgress,
    },
    All {
        job: JobId,
        started: Instant,
        done: usize,
        total: usize,
        passed: usize,
        blocked: usize,
        /// The batched builds that come before the first verdict.
        build: BuildProgress,
    },
}

/// What a build has done so far, for the status line.
#[derive(Debug, Clone, Default)]
pub struct BuildProgress {
    /// The runner's current step ("building x", "running the tests").
    pub step: String,
    /// Crates compiled (not already built) so far.
    pub compiled: usize,
    pub last: Option<String>,
    /// The last crate compiled was a dependency, not the exercise.
    pub in_deps: bool,
}

impl BuildProgress {
    fn update(&mut self, event: &RunEvent, own: &HashSet<String>) {
        match event {
            RunEvent::Step(s) => {
                self.step = s.clone();
                if !s.starts_with("building") && !s.starts_with("preparing") {
                    self.in_deps = false;
                }
            }
            RunEvent::Build(BuildEvent::Compiled { krate, fresh }) => {
                // An artifact that was already built says nothing about what
                // cargo compiles next: only a crate compiled now does.
                if !fresh {
                    self.in_deps = !own.contains(krate);
                    self.compiled += 1;
                    // Build scripts are all called this: not worth showing.
                    if krate != "build-script-build" {
                        self.last = Some(krate.clone());
                    }
                }
            }
            RunEvent::Build(BuildEvent::Waiting(s)) => self.step = s.clone(),
        }
    }
}

/// The background build of the exercise that comes next.
#[derive(Debug, Clone)]
pub struct Warm {
    pub job: JobId,
    pub index: usize,
    pub build: BuildProgress,
}

/// What the output area shows.
#[derive(Debug, Clone)]
pub enum Shown {
    /// Not checked yet in this session.
    Nothing,
    Verdict {
        verdict: Verdict,
        lines: Vec<Line<'static>>,
    },
    /// The check could not run.
    Error(String),
}

/// A window over the screen, first come first shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Popup {
    Welcome,
    /// A phase's intro (index into `course.phases`).
    Intro(usize),
    Final,
    /// "Reset this exercise?"
    ConfirmReset(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Main,
    List,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Filter {
    #[default]
    All,
    Pending,
    Done,
}

impl Filter {
    fn next(self) -> Filter {
        match self {
            Filter::All => Filter::Pending,
            Filter::Pending => Filter::Done,
            Filter::Done => Filter::All,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Filter::All => "all",
            Filter::Pending => "pending",
            Filter::Done => "done",
        }
    }
}

/// The exercise list's state.
#[derive(Debug, Clone, Default)]
pub struct ListState {
    pub filter: Filter,
    pub search: String,
    /// Typing into the search field.
    pub typing: bool,
    /// The selected exercise (an index into `course.exercises`).
    pub selected: Option<usize>,
    /// The first visible row.
    pub offset: usize,
}

/// A row of the list: a phase heading or an exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Phase(usize),
    Exercise(usize),
}

/// The hint pane: the hint's parts; how many are shown is in the progress.
#[derive(Debug, Clone)]
pub struct HintPane {
    pub index: usize,
    pub parts: Vec<String>,
}

/// The whole state of the watch screen.
pub struct App {
    pub course: Arc<Course>,
    pub progress: Progress,
    pub current: usize,
    pub mode: WatchMode,
    pub screen: Screen,
    pub popups: Vec<Popup>,
    pub popup_scroll: usize,
    pub run: Run,
    /// Check the current exercise again once the worker is free.
    pub rerun: bool,
    pub warm: Option<Warm>,
    /// Exercises built ahead in this session (not built again).
    warmed: HashSet<usize>,
    pub shown: Shown,
    pub scroll: usize,
    pub hint: Option<HintPane>,
    pub hint_scroll: usize,
    pub list: ListState,
    /// A line for the learner, until the next key.
    pub notice: Option<String>,
    /// Verdicts of this session, for the list.
    pub results: HashMap<usize, OutcomeKind>,
    /// Colours on (off with NO_COLOR or `--color never`).
    pub color: bool,
    /// The terminal's size.
    pub size: Rect,
    /// The time the view shows durations against.
    pub now: Instant,
    final_shown: bool,
    next_job: JobId,
    effects: Vec<Effect>,
}

impl App {
    /// The state at start-up; the effects to run first are queued.
    pub fn new(course: Arc<Course>, mut progress: Progress, mode: WatchMode) -> App {
        let current = progress.current(&course);
        let recorded = progress.state.current.clone();
        progress.set_current(&course, current);
        let mut app = App {
            course,
            progress,
            current,
            mode,
            screen: Screen::Main,
            popups: Vec::new(),
            popup_scroll: 0,
            run: Run::Idle,
            rerun: false,
            warm: None,
            warmed: HashSet::new(),
            shown: Shown::Nothing,
            scroll: 0,
            hint: None,
            hint_scroll: 0,
            list: ListState::default(),
            notice: None,
            results: HashMap::new(),
            color: true,
            size: Rect::new(0, 0, 80, 24),
            now: Instant::now(),
            final_shown: false,
            next_job: 1,
            effects: Vec::new(),
        };
        if recorded != app.progress.state.current {
            app.effects.push(Effect::Save);
        }
        if !app.progress.state.welcome_seen && app.course.welcome.is_some() {
            app.popups.push(Popup::Welcome);
        }
        app.intro_if_new();
        if app.all_done() {
            app.show_final();
        }
        app.effects.push(Effect::Follow(current));
        app.request_check();
        app
    }

    /// The effects queued since the last call, in order.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    pub fn ex(&self) -> &crate::info::Exercise {
        &self.course.exercises[self.current]
    }

    fn job(&mut self) -> JobId {
        self.next_job += 1;
        self.next_job
    }

    fn all_done(&self) -> bool {
        self.progress.done_count(&self.course) == self.course.exercises.len()
    }

    fn save(&mut self) {
        if !self.effects.contains(&Effect::Save) {
            self.effects.push(Effect::Save);
        }
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = Rect::new(0, 0, width, height);
        self.clamp_scrolls();
    }

    // ---- checks -----------------------------------------------------------

    /// Checks the current exercise now, or as soon as the worker is free.
    pub fn request_check(&mut self) {
        match &mut self.run {
            Run::Idle => self.start_check(),
            Run::Check {
                job, index, build, ..
            } => {
                let job = *job;
                // Building dependencies is never wasted: let it finish, then
                // check again. Anything else is stale: stop it.
                let keep = *index == self.current && build.in_deps;
                self.rerun = true;
                if !keep {
                    self.effects.push(Effect::Cancel(job));
                }
            }
            Run::All { .. } => self.rerun = true,
        }
    }

    fn start_check(&mut self) {
        self.rerun = false;
        let job = self.job();
        if let Some(w) = &self.warm
            && w.index != self.current
        {
            // The background build of another exercise would only delay this.
            self.effects.push(Effect::Cancel(w.job));
        }
        self.effects.push(Effect::Check {
            job,
            index: self.current,
        });
        self.run = Run::Check {
            job,
            index: self.current,
            started: self.now,
            build: BuildProgress::default(),
        };
    }

    /// Names of the crates that are the exercise itself (not dependencies).
    fn own_crates(&self, index: usize) -> HashSet<String> {
        let ex = &self.course.exercises[index];
        let mut own: HashSet<String> = [ex.name.clone(), ex.package.name.replace('-', "_")]
            .into_iter()
            .collect();
        for c in &ex.checks {
            if let crate::info::TargetSel::Bin(n)
            | crate::info::TargetSel::Test(n)
            | crate::info::TargetSel::Bench(n) = &c.target
            {
                own.insert(n.clone());
            }
        }
        own
    }

    /// Whether `n` may move on from the current exercise.
    pub fn can_advance(&self) -> bool {
        let shown_ok = match &self.shown {
            Shown::Verdict { verdict, .. } => verdict.is_pass() || verdict.is_blocked(),
            _ => false,
        };
        shown_ok || self.progress.is_done(&self.ex().name)
    }

    /// Whether the current exercise is being checked (or will be shortly).
    pub fn checking(&self) -> bool {
        self.rerun || matches!(self.run, Run::Check { .. })
    }

    pub fn on_run(&mut self, msg: RunMsg) {
        match msg {
            RunMsg::Progress { job, event } => {
                let own_check = match &self.run {
                    Run::Check { job: j, index, .. } if *j == job => Some(*index),
                    _ => None,
                };
                if let Some(index) = own_check {
                    let own = self.own_crates(index);
                    if let Run::Check { build, .. } = &mut self.run {
                        let was_in_deps = build.in_deps;
                        build.update(&event, &own);
                        // A save arrived while dependencies built: they are
                        // done now, and the rest of this check is stale.
                        if was_in_deps && !build.in_deps && self.rerun {
                            self.effects.push(Effect::Cancel(job));
                        }
                    }
                } else if let Run::All { job: j, build, .. } = &mut self.run
                    && *j == job
                {
                    build.update(&event, &HashSet::new());
                } else if let Some(w) = self.warm.as_ref().filter(|w| w.job == job) {
                    let own = self.own_crates(w.index);
                    if let Some(w) = &mut self.warm {
                        w.build.update(&event, &own);
                    }
                }
            }
            RunMsg::Checked {
                job,
                index,
                verdict,
            } => {
                if !self.is_check(job) {
                    return;
                }
                self.run = Run::Idle;
                if self.rerun && index == self.current {
                    // The file changed since: this verdict is stale.
                    self.start_check();
                    return;
                }
                self.apply(index, verdict);
                if self.rerun {
                    self.start_check();
                }
            }
            RunMsg::Failed { job, index, error } => {
                if !self.is_check(job) {
                    return;
                }
                self.run = Run::Idle;
                if index == self.current {
                    self.shown = Shown::Error(error);
                    self.scroll = 0;
                }
                if self.rerun {
                    self.start_check();
                }
            }
            RunMsg::Cancelled { job } => {
                if self.warm.as_ref().is_some_and(|w| w.job == job) {
                    self.warm = None;
                }
                let was_check = self.is_check(job);
                let was_all = matches!(self.run, Run::All { job: j, .. } if j == job);
                if was_check || was_all {
                    self.run = Run::Idle;
                    if was_all {
                        self.notice = Some("stopped checking all exercises".into());
                    }
                    if self.rerun {
                        self.start_check();
                    }
                }
            }
            RunMsg::Warmed { job } => {
                if let Some(w) = self.warm.take_if(|w| w.job == job) {
                    self.warmed.insert(w.index);
                }
            }
            RunMsg::AllOne {
                job,
                index,
                verdict,
            } => {
                let Run::All {
                    job: j,
                    done,
                    passed,
                    blocked,
                    ..
                } = &mut self.run
                else {
                    return;
                };
                if *j != job {
                    return;
                }
                *done += 1;
                *passed += usize::from(verdict.is_pass());
                *blocked += usize::from(verdict.is_blocked());
                self.record(index, &verdict);
                if index == self.current {
                    self.show(verdict);
                }
            }
            RunMsg::AllDone { job, error } => {
                let Run::All {
                    job: j,
                    done,
                    passed,
                    blocked,
                    ..
                } = self.run
                else {
                    return;
                };
                if j != job {
                    return;
                }
                self.run = Run::Idle;
                self.notice = Some(match error {
                    Some(e) => format!("checking all exercises stopped: {e}"),
                    None => {
                        let mut s = format!(
                            "checked {done}: {passed} pass, {} not yet",
                            done - passed - blocked
                        );
                        if blocked > 0 {
                            s.push_str(&format!(", {blocked} blocked"));
                        }
                        s
                    }
                });
                if self.all_done() {
                    self.show_final();
                }
                if self.rerun {
                    self.start_check();
                }
            }
        }
    }

    fn is_check(&self, job: JobId) -> bool {
        matches!(self.run, Run::Check { job: j, .. } if j == job)
    }

    /// A verdict of the latest content of exercise `index`.
    fn apply(&mut self, index: usize, verdict: Verdict) {
        let pass = verdict.is_pass();
        self.record(index, &verdict);
        if index != self.current {
            return;
        }
        self.show(verdict);
        if pass {
            if self.all_done() {
                self.show_final();
            } else if let Some(next) = self
                .progress
                .next_pending(&self.course, Some(self.current))
                .filter(|&n| n != self.current && !self.warmed.contains(&n))
                && self.warm.as_ref().is_none_or(|w| w.index != next)
            {
                let job = self.job();
                self.effects.push(Effect::Warm { job, index: next });
                self.warm = Some(Warm {
                    job,
                    index: next,
                    build: BuildProgress::default(),
                });
            }
        }
    }

    /// Progress as `tutor run` records it.
    fn record(&mut self, index: usize, verdict: &Verdict) {
        self.results.insert(index, verdict.outcome.kind());
        if verdict.is_blocked() {
            return;
        }
        let name = self.course.exercises[index].name.clone();
        if self.progress.is_done(&name) != verdict.is_pass() {
            self.progress.set_done(&name, verdict.is_pass());
            self.save();
        }
    }

    fn show(&mut self, verdict: Verdict) {
        let lines = text::verdict(&verdict).lines;
        self.shown = Shown::Verdict { verdict, lines };
        self.scroll = 0;
    }

    fn show_final(&mut self) {
        if !self.final_shown {
            self.final_shown = true;
            self.popups.push(Popup::Final);
        }
    }

    // ---- saves and resets -------------------------------------------------

    /// A file of the current exercise has new content.
    pub fn on_saved(&mut self, path: &Path) {
        if self.mode == WatchMode::Manual {
            return;
        }
        if watcher::Scope::of(&self.course, self.current).wants(path) {
            self.request_check();
        }
    }

    pub fn on_watch_problem(&mut self, why: String) {
        self.mode = WatchMode::Polling;
        self.notice = Some(format!("polling for changes: {why}"));
    }

    pub fn after_reset(&mut self, index: usize, result: anyhow::Result<Vec<Restored>>) {
        let name = self.course.exercises[index].name.clone();
        match result {
            Ok(restored) => {
                let backups: Vec<String> = restored
                    .iter()
                    .filter_map(|r| r.backup.as_ref())
                    .map(|b| {
                        b.strip_prefix(&self.course.root)
                            .unwrap_or(b)
                            .display()
                            .to_string()
                    })
                    .collect();
                self.notice = Some(if backups.is_empty() {
                    format!("{name} was already as shipped")
                } else {
                    format!("{name} reset; your version: {}", backups.join(", "))
                });
                self.results.remove(&index);
                if self.progress.is_done(&name) {
                    self.progress.set_done(&name, false);
                    self.save();
                }
                if index == self.current {
                    self.request_check();
                }
            }
            Err(e) => self.notice = Some(format!("could not reset {name}: {e:#}")),
        }
    }

    pub fn after_edit(&mut self, result: Result<(), String>) {
        if let Err(e) = result {
            self.notice = Some(e);
        }
    }

    // ---- moving around ----------------------------------------------------

    /// Makes `index` the current exercise and checks it.
    pub fn enter(&mut self, index: usize) {
        self.current = index;
        self.progress.set_current(&self.course, index);
        self.save();
        self.shown = Shown::Nothing;
        self.scroll = 0;
        self.hint = None;
        self.hint_scroll = 0;
        self.effects.push(Effect::Follow(index));
        self.intro_if_new();
        self.request_check();
    }

    fn intro_if_new(&mut self) {
        let phase = self.ex().phase;
        let p = &self.course.phases[phase];
        if p.intro.is_some() && !self.progress.state.intros_seen.contains(&p.id) {
            let popup = Popup::Intro(phase);
            if !self.popups.contains(&popup) {
                self.popups.push(popup);
            }
        }
    }

    fn next(&mut self) {
        if !self.can_advance() {
            self.notice = Some("n moves on once this exercise passes".into());
            return;
        }
        match self.progress.next_pending(&self.course, Some(self.current)) {
            Some(next) if next != self.current => self.enter(next),
            _ if self.all_done() => {
                self.final_shown = false;
                self.show_final();
            }
            _ => self.notice = Some("this is the last exercise not done yet".into()),
        }
    }

    fn toggle_hint(&mut self) {
        let name = self.ex().name.clone();
        let seen = self.progress.state.hints.get(&name).copied().unwrap_or(0);
        match &self.hint {
            Some(h) if h.index == self.current => {
                if seen < h.parts.len() {
                    self.progress.state.hints.insert(name, seen + 1);
                    self.save();
                    // Show the new part at the top of the pane.
                    self.hint_scroll = self.hint_part_line(seen);
                    self.clamp_scrolls();
                } else {
                    self.hint = None;
                }
            }
            _ => {
                let parts = match crate::commands::hint::load_parts(&self.course, &self.ex().hint) {
                    Ok(p) => p,
                    Err(e) => {
                        self.notice = Some(format!("cannot read the hint: {e:#}"));
                        return;
                    }
                };
                if parts.is_empty() {
                    self.notice = Some(format!("there is no hint for {name}"));
                    return;
                }
                if seen == 0 {
                    self.progress.state.hints.insert(name, 1);
                    self.save();
                }
                self.hint = Some(HintPane {
                    index: self.current,
                    parts,
                });
                self.hint_scroll = 0;
            }
        }
    }

    /// How many hint parts are shown.
    pub fn hint_shown(&self) -> usize {
        match &self.hint {
            Some(h) => self
                .progress
                .state
                .hints
                .get(&self.course.exercises[h.index].name)
                .copied()
                .unwrap_or(1)
                .clamp(1, h.parts.len()),
            None => 0,
        }
    }

    /// The line (in the hint pane's wrapped text) where part `part` starts.
    fn hint_part_line(&self, part: usize) -> usize {
        let area = view::main_areas(self.size, self);
        let width = area.hint.unwrap_or(area.body).width;
        view::hint_part_start(self, width, part)
    }

    // ---- keys -------------------------------------------------------------

    pub fn on_key(&mut self, key: KeyEvent) {
        if key.kind != KeyEventKind::Press {
            return;
        }
        if key.modifiers.contains(KeyModifiers::CONTROL)
            && matches!(key.code, KeyCode::Char('c' | 'd'))
        {
            self.effects.push(Effect::Quit);
            return;
        }
        if !self.popups.is_empty() {
            self.popup_key(key);
            return;
        }
        match self.screen {
            Screen::Main => self.main_key(key),
            Screen::List => self.list_key(key),
        }
    }

    fn popup_key(&mut self, key: KeyEvent) {
        let popup = self.popups[0].clone();
        if let Popup::ConfirmReset(index) = popup {
            self.close_popup();
            if matches!(key.code, KeyCode::Char('y' | 'Y')) {
                self.effects.push(Effect::Reset(index));
            } else {
                self.notice = Some("nothing was reset".into());
            }
            return;
        }
        match key.code {
            KeyCode::Enter | KeyCode::Esc | KeyCode::Char(' ') => {
                match popup {
                    Popup::Welcome => self.progress.state.welcome_seen = true,
                    Popup::Intro(p) => {
                        let id = self.course.phases[p].id.clone();
                        self.progress.state.intros_seen.insert(id);
                    }
                    Popup::Final | Popup::ConfirmReset(_) => {}
                }
                if popup != Popup::Final {
                    self.save();
                }
                self.close_popup();
            }
            KeyCode::Char('q') => self.effects.push(Effect::Quit),
            _ => self.scroll_key(key, Scrolled::Popup),
        }
    }

    fn close_popup(&mut self) {
        self.popups.remove(0);
        self.popup_scroll = 0;
    }

    fn main_key(&mut self, key: KeyEvent) {
        self.notice = None;
        match key.code {
            KeyCode::Char('q') => self.effects.push(Effect::Quit),
            KeyCode::Char('h') => self.toggle_hint(),
            KeyCode::Esc => self.hint = None,
            KeyCode::Char('l') => self.open_list(),
            KeyCode::Char('n') => self.next(),
            KeyCode::Char('r') => self.request_check(),
            KeyCode::Char('c') => self.check_all(),
            KeyCode::Char('x') => self.popups.push(Popup::ConfirmReset(self.current)),
            KeyCode::Char('e') => {
                let path = self.course.root.join(&self.ex().path);
                self.effects.push(Effect::Edit(path));
            }
            _ => {
                let target = if self.hint.is_some() {
                    Scrolled::Hint
                } else {
                    Scrolled::Output
                };
                self.scroll_key(key, target);
            }
        }
    }

    fn check_all(&mut self) {
        match self.run {
            Run::All { job, .. } => self.effects.push(Effect::Cancel(job)),
            _ => {
                if let Run::Check { job, .. } = self.run {
                    self.effects.push(Effect::Cancel(job));
                }
                if let Some(w) = self.warm.take() {
                    self.effects.push(Effect::Cancel(w.job));
                }
                self.rerun = false;
                let job = self.job();
                self.effects.push(Effect::CheckAll { job });
                self.run = Run::All {
                    job,
                    started: self.now,
                    done: 0,
                    total: self.course.exercises.len(),
                    passed: 0,
                    blocked: 0,
                    build: BuildProgress::default(),
                };
            }
        }
    }

    fn scroll_key(&mut self, key: KeyEvent, what: Scrolled) {
        let page = self.viewport(what).height.saturating_sub(1).max(1) as usize;
        let pos = match what {
            Scrolled::Output => &mut self.scroll,
            Scrolled::Hint => &mut self.hint_scroll,
            Scrolled::Popup => &mut self.popup_scroll,
        };
        match key.code {
            KeyCode::Down | KeyCode::Char('j') => *pos += 1,
            KeyCode::Up | KeyCode::Char('k') => *pos = pos.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ' | 'f') => *pos += page,
            KeyCode::PageUp | KeyCode::Char('b') => *pos = pos.saturating_sub(page),
            KeyCode::Home | KeyCode::Char('g') => *pos = 0,
            KeyCode::End | KeyCode::Char('G') => *pos = usize::MAX,
            _ => return,
        }
        self.clamp_scrolls();
    }

    fn viewport(&self, what: Scrolled) -> Rect {
        match what {
            Scrolled::Output => view::main_areas(self.size, self).body,
            Scrolled::Hint => {
                let a = view::main_areas(self.size, self);
                a.hint.unwrap_or(a.body)
            }
            Scrolled::Popup => view::popup_areas(self.size, self).text,
        }
    }

    /// Keeps every scroll position within its text.
    pub fn clamp_scrolls(&mut self) {
        let out = self.viewport(Scrolled::Output);
        let max = view::output_height(self, out.width).saturating_sub(out.height as usize);
        self.scroll = self.scroll.min(max);
        if self.hint.is_some() {
            let area = self.viewport(Scrolled::Hint);
            let max = view::hint_height(self, area.width).saturating_sub(area.height as usize);
            self.hint_scroll = self.hint_scroll.min(max);
        }
        if !self.popups.is_empty() {
            let area = self.viewport(Scrolled::Popup);
            let max = view::popup_height(self, area.width).saturating_sub(area.height as usize);
            self.popup_scroll = self.popup_scroll.min(max);
        }
    }

    // ---- the list ---------------------------------------------------------

    fn open_list(&mut self) {
        self.screen = Screen::List;
        self.list.typing = false;
        self.list.selected = Some(self.current);
        if !self.rows().contains(&Row::Exercise(self.current)) {
            self.list.selected = self.first_exercise_row();
        }
        self.list.offset = 0;
        self.keep_selection_visible();
    }

    /// The rows the list shows, after the filter and the search.
    pub fn rows(&self) -> Vec<Row> {
        let search = self.list.search.to_lowercase();
        let mut rows = Vec::new();
        for (pi, _) in self.course.phases.iter().enumerate() {
            let exercises: Vec<usize> = self
                .course
                .phase_exercises(pi)
                .filter(|&i| {
                    let ex = &self.course.exercises[i];
                    let done = self.progress.is_done(&ex.name);
                    let by_filter = match self.list.filter {
                        Filter::All => true,
                        Filter::Pending => !done,
                        Filter::Done => done,
                    };
                    by_filter
                        && (search.is_empty()
                            || ex.name.to_lowercase().contains(&search)
                            || ex.path.to_string_lossy().to_lowercase().contains(&search))
                })
                .collect();
            if !exercises.is_empty() {
                rows.push(Row::Phase(pi));
                rows.extend(exercises.into_iter().map(Row::Exercise));
            }
        }
        rows
    }

    fn first_exercise_row(&self) -> Option<usize> {
        self.rows().into_iter().find_map(|r| match r {
            Row::Exercise(i) => Some(i),
            Row::Phase(_) => None,
        })
    }

    /// Moves the selection by `delta` exercises (phase rows are skipped).
    fn move_selection(&mut self, delta: isize) {
        let exercises: Vec<usize> = self
            .rows()
            .into_iter()
            .filter_map(|r| match r {
                Row::Exercise(i) => Some(i),
                Row::Phase(_) => None,
            })
            .collect();
        if exercises.is_empty() {
            self.list.selected = None;
            return;
        }
        let pos = self
            .list
            .selected
            .and_then(|s| exercises.iter().position(|&i| i == s))
            .unwrap_or(0) as isize;
        let new = (pos + delta).clamp(0, exercises.len() as isize - 1) as usize;
        self.list.selected = Some(exercises[new]);
        self.keep_selection_visible();
    }

    fn keep_selection_visible(&mut self) {
        let rows = self.rows();
        let height = view::list_areas(self.size).list.height as usize;
        let Some(row) = self
            .list
            .selected
            .and_then(|s| rows.iter().position(|r| *r == Row::Exercise(s)))
        else {
            self.list.offset = 0;
            return;
        };
        // Show the phase heading above the first exercise of a phase too.
        let top = if row > 0 && matches!(rows[row - 1], Row::Phase(_)) {
            row - 1
        } else {
            row
        };
        if top < self.list.offset {
            self.list.offset = top;
        } else if height > 0 && row >= self.list.offset + height {
            self.list.offset = row + 1 - height;
        }
        self.list.offset = self
            .list
            .offset
            .min(rows.len().saturating_sub(height.max(1)));
    }

    /// After the filter or the search changed: keep the selection if it is
    /// still shown, or take the first exercise shown.
    fn refilter(&mut self) {
        let rows = self.rows();
        if !self
            .list
            .selected
            .is_some_and(|s| rows.contains(&Row::Exercise(s)))
        {
            self.list.selected = self.first_exercise_row();
        }
        self.list.offset = 0;
        self.keep_selection_visible();
    }

    fn list_key(&mut self, key: KeyEvent) {
        self.notice = None;
        if self.list.typing {
            match key.code {
                KeyCode::Char(c) => {
                    self.list.search.push(c);
                    self.refilter();
                    return;
                }
                KeyCode::Backspace => {
                    self.list.search.pop();
                    self.refilter();
                    return;
                }
                KeyCode::Enter => {
                    self.list.typing = false;
                    return;
                }
                KeyCode::Esc => {
                    self.list.typing = false;
                    self.list.search.clear();
                    self.refilter();
                    return;
                }
                _ => {}
            }
        }
        let page = view::list_areas(self.size)
            .list
            .height
            .saturating_sub(1)
            .max(1) as isize;
        match key.code {
            KeyCode::Esc | KeyCode::Char('q' | 'l') => self.screen = Screen::Main,
            KeyCode::Down | KeyCode::Char('j') => self.move_selection(1),
            KeyCode::Up | KeyCode::Char('k') => self.move_selection(-1),
            KeyCode::PageDown => self.move_selection(page),
            KeyCode::PageUp => self.move_selection(-page),
            KeyCode::Home | KeyCode::Char('g') => self.move_selection(isize::MIN / 2),
            KeyCode::End | KeyCode::Char('G') => self.move_selection(isize::MAX / 2),
            KeyCode::Char('f') => {
                self.list.filter = self.list.filter.next();
                self.refilter();
            }
            KeyCode::Char('/') => self.list.typing = true,
            KeyCode::Char('x') => {
                if let Some(i) = self.list.selected {
                    self.popups.push(Popup::ConfirmReset(i));
                }
            }
            KeyCode::Enter => {
                if let Some(i) = self.list.selected {
                    self.screen = Screen::Main;
                    if i != self.current {
                        self.enter(i);
                    }
                }
            }
            _ => {}
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Scrolled {
    Output,
    Hint,
    Popup,
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use crate::verdict::{Diagnostic, FailedTest, Outcome};
    use std::time::Duration;

    /// The fixture course of the watch tests.
    pub fn fixture() -> Arc<Course> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/watch");
        Arc::new(Course::load(&root).expect("the fixture course loads"))
    }

    /// The fixture course's progress as on a first start (whatever a
    /// stray `.tutor/` in the fixture holds).
    pub fn fresh(course: &Course) -> Progress {
        let (mut progress, _) = Progress::read(course).unwrap();
        progress.state = Default::default();
        progress
    }

    /// An app on the fixture course, nothing done, popups seen.
    pub fn app() -> App {
        let course = fixture();
        let mut progress = fresh(&course);
        progress.state.welcome_seen = true;
        for p in &course.phases {
            progress.state.intros_seen.insert(p.id.clone());
        }
        let mut app = App::new(course, progress, WatchMode::Events);
        app.take_effects();
        app
    }

    pub fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    pub fn code(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    pub fn verdict(name: &str, outcome: Outcome) -> Verdict {
        Verdict {
            exercise: name.into(),
            outcome,
            passed: Vec::new(),
            warnings: Vec::new(),
            elapsed: Duration::from_millis(150),
        }
    }

    pub fn failing(name: &str) -> Verdict {
        verdict(
            name,
            Outcome::TestsFailed {
                target: name.into(),
                failed: vec![FailedTest {
                    name: "tests::adds_one".into(),
                    output:
                        "thread 'tests::adds_one' panicked at exercises/watch_fx/fx_add.rs:9:9:\n\
                             assertion `left == right` failed\n  left: 1\n right: 2\n"
                            .into(),
                }],
                passed: 1,
                unexpected_pass: false,
                output: String::new(),
            },
        )
    }

    pub fn passing(name: &str) -> Verdict {
        let mut v = verdict(name, Outcome::Passed);
        v.passed = vec!["2 tests pass".into()];
        v
    }

    pub fn build_error(name: &str) -> Verdict {
        verdict(
            name,
            Outcome::BuildError {
                target: format!("exercises/watch_fx/{name}.rs"),
                diagnostics: vec![Diagnostic {
                    level: "error".into(),
                    code: Some("E0308".into()),
                    message: "mismatched types".into(),
                    rendered: "\x1b[1m\x1b[38;5;9merror[E0308]\x1b[0m\x1b[1m: mismatched types\x1b[0m\n \
                               \x1b[1m\x1b[38;5;12m--> \x1b[0mexercises/watch_fx/fx_square.rs:3:5\n  \
                               \x1b[1m\x1b[38;5;12m|\x1b[0m\n\x1b[1m\x1b[38;5;12m3\x1b[0m \
                               \x1b[1m\x1b[38;5;12m|\x1b[0m     x * x as u64\n  \
                               \x1b[1m\x1b[38;5;12m|\x1b[0m     \x1b[1m\x1b[38;5;9m^^^^^^^^^^^^\x1b[0m \
                               \x1b[1m\x1b[38;5;9mexpected `u32`, found `u64`\x1b[0m\n"
                        .into(),
                    file: Some("exercises/watch_fx/fx_square.rs".into()),
                    line: 3,
                    column: 5,
                    children: vec![],
                }],
                stderr: String::new(),
            },
        )
    }

    /// The job of the check in flight.
    fn check_job(app: &App) -> JobId {
        match app.run {
            Run::Check { job, .. } => job,
            ref other => panic!("no check running: {other:?}"),
        }
    }

    #[test]
    fn start_checks_the_current_exercise_and_watches_it() {
        let course = fixture();
        let progress = fresh(&course);
        let mut app = App::new(course, progress, WatchMode::Events);
        let effects = app.take_effects();
        assert!(effects.contains(&Effect::Follow(0)), "{effects:?}");
        assert!(
            effects
                .iter()
                .any(|e| matches!(e, Effect::Check { index: 0, .. })),
            "{effects:?}"
        );
        // First time: the welcome, then the first phase's intro.
        assert_eq!(app.popups, [Popup::Welcome, Popup::Intro(0)]);
        app.on_key(code(KeyCode::Enter));
        assert!(app.progress.state.welcome_seen);
        app.on_key(code(KeyCode::Enter));
        assert!(app.progress.state.intros_seen.contains("basics"));
        assert!(app.popups.is_empty());
        assert!(app.take_effects().contains(&Effect::Save));
    }

    #[test]
    fn a_pass_is_recorded_but_does_not_move_on() {
        let mut app = app();
        let job = check_job(&app);
        app.on_run(RunMsg::Checked {
            job,
            index: 0,
            verdict: passing("fx_add"),
        });
        assert_eq!(app.current, 0);
        assert!(app.progress.is_done("fx_add"));
        let effects = app.take_effects();
        assert!(effects.contains(&Effect::Save));
        // The next exercise is built in the background.
        assert!(
            effects
                .iter()
                .any(|e| matches!(e, Effect::Warm { index: 1, .. })),
            "{effects:?}"
        );
        assert!(app.can_advance());
    }

    #[test]
    fn n_moves_only_after_a_pass() {
        let mut app = app();
        let job = check_job(&app);
        app.on_run(RunMsg::Checked {
            job,
            index: 0,
            verdict: failing("fx_add"),
        });
        app.on_key(key('n'));
        assert_eq!(app.current, 0);
        assert!(app.notice.as_deref().unwrap().contains("passes"));
        app.on_key(key('r'));
        let job = check_job(&app);
        app.on_run(RunMsg::Checked {
            job,
            index: 0,
            verdict: passing("fx_add"),
        });
        app.take_effects();
        app.on_key(key('n'));
        assert_eq!(app.current, 1);
        assert_eq!(app.progress.state.current.as_deref(), Some("fx_greet"));
        let effects = app.take_effects();
        assert!(effects.contains(&Effect::Follow(1)));
        assert!(
            effects
                .iter()
                .any(|e| matches!(e, Effect::Check { index: 1, .. }))
        );
    }

    #[test]
    fn n_skips_exercises_already_done_and_shows_new_phase_intros() {
        let course = fixture();
        let mut progress = fresh(&course);
        progress.state.welcome_seen = true;
        progress.state.intros_seen.insert("basics".into());
        progress.set_done("fx_greet", true);
        let mut app = App::new(course, progress, WatchMode::Events);
        let job = check_job(&app);
        app.on_run(RunMsg::Checked {
            job,
            index: 0,
            verdict: passing("fx_add"),
        });
        app.on_key(key('n'));
        assert_eq!(app.current, 2, "fx_greet is done: straight to fx_square");
        assert_eq!(app.popups, [Popup::Intro(1)]);
    }

    #[test]
    fn the_last_pass_shows_the_final_message() {
        let course = fixture();
        let mut progress = fresh(&course);
        progress.state.welcome_seen = true;
        progress.state.intros_seen = course.phases.iter().map(|p| p.id.clone()).collect();
        progress.set_done("fx_add", true);
        progress.set_done("fx_greet", true);
        progress.state.current = Some("fx_square".into());
        let mut app = App::new(course, progress, WatchMode::Events);
        let job = check_job(&app);
        app.on_run(RunMsg::Checked {
            job,
            index: 2,
            verdict: passing("fx_square"),
        });
        assert_eq!(app.popups, [Popup::Final]);
        app.on_key(code(KeyCode::Enter));
        assert!(app.popups.is_empty());
        // n has nowhere to go: the final message again.
        app.on_key(key('n'));
        assert_eq!(app.popups, [Popup::Final]);
    }

    #[test]
    fn a_save_during_a_run_stops_it_and_checks_again() {
        let mut app = app();
        let first = check_job(&app);
        let saved = app.course.root.join("exercises/watch_fx/fx_add.rs");
        app.on_saved(&saved);
        assert_eq!(app.take_effects(), [Effect::Cancel(first)]);
        // A second save while the first is being stopped adds nothing.
        app.on_saved(&saved);
        app.take_effects();
        // The stopped run reports; the check starts again.
        app.on_run(RunMsg::Cancelled { job: first });
        let second = check_job(&app);
        assert_ne!(first, second);
        assert_eq!(
            app.take_effects(),
            [Effect::Check {
                job: second,
                index: 0
            }]
        );
        assert!(!app.rerun);
    }

    #[test]
    fn a_verdict_that_raced_a_save_is_dropped() {
        let mut app = app();
        let first = check_job(&app);
        let saved = app.course.root.join("exercises/watch_fx/fx_add.rs");
        app.on_saved(&saved);
        app.take_effects();
        // The run ended just before it could be stopped: its verdict is of
        // the old content, so it is neither shown nor recorded.
        app.on_run(RunMsg::Checked {
            job: first,
            index: 0,
            verdict: passing("fx_add"),
        });
        assert!(!app.progress.is_done("fx_add"));
        assert!(matches!(app.shown, Shown::Nothing));
        let second = check_job(&app);
        app.on_run(RunMsg::Checked {
            job: second,
            index: 0,
            verdict: failing("fx_add"),
        });
        assert!(matches!(&app.shown, Shown::Verdict { verdict, .. } if !verdict.is_pass()));
    }

    #[test]
    fn a_save_while_dependencies_build_waits_for_them() {
        let mut app = app();
        let job = check_job(&app);
        app.on_run(RunMsg::Progress {
            job,
            event: RunEvent::Build(BuildEvent::Compiled {
                krate: "serde".into(),
                fresh: false,
            }),
        });
        app.on_saved(&app.course.root.join("exercises/watch_fx/fx_add.rs"));
        assert!(app.take_effects().is_empty(), "the build goes on");
        assert!(app.rerun);
        app.on_run(RunMsg::Checked {
            job,
            index: 0,
            verdict: build_error("fx_add"),
        });
        assert!(matches!(app.run, Run::Check { .. }), "checked again");
    }

    #[test]
    fn a_save_after_dependencies_that_were_already_built_stops_the_check() {
        let mut app = app();
        let job = check_job(&app);
        app.on_run(RunMsg::Progress {
            job,
            event: RunEvent::Build(BuildEvent::Compiled {
                krate: "serde".into(),
                fresh: true,
            }),
        });
        app.on_saved(&app.course.root.join("exercises/watch_fx/fx_add.rs"));
        assert!(
            matches!(app.take_effects()[..], [Effect::Cancel(j)] if j == job),
            "rustc is compiling the old version of the exercise: stop it"
        );
    }

    #[test]
    fn a_save_that_waited_for_dependencies_stops_the_check_once_they_are_built() {
        let mut app = app();
        let job = check_job(&app);
        let compiled = |krate: &str| RunMsg::Progress {
            job,
            event: RunEvent::Build(BuildEvent::Compiled {
                krate: krate.into(),
                fresh: false,
            }),
        };
        app.on_run(compiled("serde"));
        app.on_saved(&app.course.root.join("exercises/watch_fx/fx_add.rs"));
        assert!(
            app.take_effects().is_empty(),
            "the dependency build goes on"
        );
        app.on_run(compiled("fx_add"));
        assert!(
            matches!(app.take_effects()[..], [Effect::Cancel(j)] if j == job),
            "the dependencies are built: the rest of the old check is stale"
        );
    }

    #[test]
    fn saves_of_other_files_are_ignored() {
        let mut app = app();
        let job = check_job(&app);
        app.on_run(RunMsg::Checked {
            job,
            index: 0,
            verdict: failing("fx_add"),
        });
        app.take_effects();
        app.on_saved(&app.course.root.join("exercises/watch_fx/fx_greet.rs"));
        assert!(app.take_effects().is_empty());
        app.on_saved(&app.course.root.join("exercises/watch_fx/fx_add.rs"));
        assert_eq!(app.take_effects().len(), 1);
    }

    #[test]
    fn manual_mode_checks_on_r_only() {
        let course = fixture();
        let progress = fresh(&course);
        let mut app = App::new(course, progress, WatchMode::Manual);
        let job = check_job(&app);
        app.on_run(RunMsg::Checked {
            job,
            index: 0,
            verdict: failing("fx_add"),
        });
        app.take_effects();
        app.on_saved(&app.course.root.join("exercises/watch_fx/fx_add.rs"));
        assert!(app.take_effects().is_empty());
        app.popups.clear();
        app.on_key(key('r'));
        assert!(matches!(
            app.take_effects()[..],
            [Effect::Check { index: 0, .. }]
        ));
    }

    #[test]
    fn hint_reveals_one_more_part_per_press() {
        let mut app = app();
        app.on_key(key('h'));
        assert_eq!(app.hint_shown(), 1);
        assert_eq!(app.progress.state.hints.get("fx_add"), Some(&1));
        app.on_key(key('h'));
        assert_eq!(app.hint_shown(), 2);
        // All parts shown: the next press closes the pane.
        app.on_key(key('h'));
        assert!(app.hint.is_none());
        // Opening it again shows what was seen.
        app.on_key(key('h'));
        assert_eq!(app.hint_shown(), 2);
        assert!(app.take_effects().contains(&Effect::Save));
    }

    #[test]
    fn reset_asks_first() {
        let mut app = app();
        app.on_key(key('x'));
        assert_eq!(app.popups, [Popup::ConfirmReset(0)]);
        app.on_key(key('n'));
        assert!(app.popups.is_empty());
        assert!(!app.take_effects().contains(&Effect::Reset(0)));
        app.on_key(key('x'));
        app.on_key(key('y'));
        assert_eq!(app.take_effects(), [Effect::Reset(0)]);
    }

    #[test]
    fn a_reset_marks_the_exercise_not_done_and_checks_it() {
        let mut app = app();
        let job = check_job(&app);
        app.on_run(RunMsg::Checked {
            job,
            index: 0,
            verdict: passing("fx_add"),
        });
        app.take_effects();
        app.after_reset(
            0,
            Ok(vec![Restored {
                file: "exercises/watch_fx/fx_add.rs".into(),
                backup: Some(app.course.root.join(".tutor/backup/fx_add-1/fx_add.rs")),
            }]),
        );
        assert!(!app.progress.is_done("fx_add"));
        assert!(
            app.notice
                .as_deref()
                .unwrap()
                .contains(".tutor/backup/fx_add-1")
        );
        let effects = app.take_effects();
        assert!(effects.contains(&Effect::Save));
        assert!(
            effects
                .iter()
                .any(|e| matches!(e, Effect::Check { index: 0, .. }))
        );
    }

    #[test]
    fn list_filters_searches_and_jumps() {
        let mut app = app();
        app.progress.set_done("fx_add", true);
        app.on_key(key('l'));
        assert_eq!(app.screen, Screen::List);
        assert_eq!(app.list.selected, Some(0));
        app.on_key(key('f')); // pending only
        assert_eq!(
            app.rows(),
            [
                Row::Phase(0),
                Row::Exercise(1),
                Row::Phase(1),
                Row::Exercise(2)
            ]
        );
        assert_eq!(app.list.selected, Some(1));
        app.on_key(key('f')); // done only
        assert_eq!(app.rows(), [Row::Phase(0), Row::Exercise(0)]);
        app.on_key(key('f')); // all
        app.on_key(key('/'));
        for c in "squ".chars() {
            app.on_key(key(c));
        }
        app.on_key(code(KeyCode::Enter));
        assert_eq!(app.rows(), [Row::Phase(1), Row::Exercise(2)]);
        assert_eq!(app.list.selected, Some(2));
        app.take_effects();
        app.on_key(code(KeyCode::Enter));
        assert_eq!(app.screen, Screen::Main);
        assert_eq!(app.current, 2);
        assert!(app.take_effects().contains(&Effect::Follow(2)));
    }

    #[test]
    fn list_moves_skip_phase_headings() {
        let mut app = app();
        app.on_key(key('l'));
        app.on_key(key('j'));
        app.on_key(key('j'));
        assert_eq!(app.list.selected, Some(2));
        app.on_key(key('j'));
        assert_eq!(app.list.selected, Some(2));
        app.on_key(code(KeyCode::Home));
        assert_eq!(app.list.selected, Some(0));
        app.on_key(key('x'));
        assert_eq!(app.popups, [Popup::ConfirmReset(0)]);
        app.on_key(code(KeyCode::Esc));
        app.on_key(code(KeyCode::Esc));
        assert_eq!(app.screen, Screen::Main);
    }

    #[test]
    fn check_all_records_every_verdict_and_then_checks_a_pending_save() {
        let mut app = app();
        let first = check_job(&app);
        app.on_key(key('c'));
        let effects = app.take_effects();
        let Run::All { job, .. } = app.run else {
            panic!("not checking all")
        };
        assert_eq!(effects, [Effect::Cancel(first), Effect::CheckAll { job }]);
        // The cancelled check reports late: it changes nothing.
        app.on_run(RunMsg::Cancelled { job: first });
        assert!(matches!(app.run, Run::All { .. }));
        app.on_run(RunMsg::AllOne {
            job,
            index: 1,
            verdict: passing("fx_greet"),
        });
        app.on_saved(&app.course.root.join("exercises/watch_fx/fx_add.rs"));
        app.on_run(RunMsg::AllOne {
            job,
            index: 0,
            verdict: failing("fx_add"),
        });
        app.on_run(RunMsg::AllDone { job, error: None });
        assert!(app.progress.is_done("fx_greet"));
        assert_eq!(app.results.get(&0), Some(&OutcomeKind::TestsFailed));
        assert!(app.notice.as_deref().unwrap().contains("checked 2"));
        // The save made during the run is checked now.
        assert!(matches!(app.run, Run::Check { index: 0, .. }));
    }

    #[test]
    fn blocked_exercises_can_be_skipped_and_are_not_recorded() {
        let mut app = app();
        let job = check_job(&app);
        app.on_run(RunMsg::Checked {
            job,
            index: 0,
            verdict: verdict(
                "fx_add",
                Outcome::Blocked {
                    reason: "qemu-system-arm is not installed".into(),
                    fixes: vec!["sudo apt install qemu-system-arm".into()],
                },
            ),
        });
        assert!(!app.progress.is_done("fx_add"));
        assert!(app.can_advance());
        app.on_key(key('n'));
        assert_eq!(app.current, 1);
    }

    #[test]
    fn quit_keys() {
        for k in [
            key('q'),
            KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
        ] {
            let mut app = app();
            app.on_key(k);
            assert!(app.take_effects().contains(&Effect::Quit));
        }
        // Key releases (Windows) do nothing.
        let mut app = app();
        let mut release = key('q');
        release.kind = KeyEventKind::Release;
        app.on_key(release);
        assert!(app.take_effects().is_empty());
    }

    #[test]
    fn scrolling_stays_within_the_output() {
        let mut app = app();
        let job = check_job(&app);
        let mut v = failing("fx_add");
        if let Outcome::TestsFailed { failed, .. } = &mut v.outcome {
            failed[0].output = (0..100).map(|i| format!("line {i}\n")).collect();
        }
        app.on_run(RunMsg::Checked {
            job,
            index: 0,
            verdict: v,
        });
        app.on_key(code(KeyCode::End));
        let body = view::main_areas(app.size, &app).body;
        let max = view::output_height(&app, body.width) - body.height as usize;
        assert_eq!(app.scroll, max);
        app.on_key(key('k'));
        assert_eq!(app.scroll, max - 1);
        app.on_key(key('g'));
        assert_eq!(app.scroll, 0);
    }
}
