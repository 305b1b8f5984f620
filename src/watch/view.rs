//! What `tutor watch` draws: a function of [`App`], nothing else. The main
//! screen (the exercise, the status of its check, the scrollable output, the
//! hint pane, progress per phase and overall, the keys), the exercise list,
//! and the windows over them (welcome, phase intro, final message, reset
//! confirmation). The layout functions are shared with the state, which
//! needs the sizes to keep scrolling within the text.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, BorderType, Borders, Clear, LineGauge, List, ListItem, ListState, Paragraph,
    StatefulWidget, Widget,
};

use super::app::{App, Filter, Popup, Row, Run, Screen, Shown, WatchMode};
use super::text;
use crate::verdict::{OutcomeKind, human_duration};

/// The parts of the main screen.
#[derive(Debug, Clone, Copy)]
pub struct MainAreas {
    pub header: Rect,
    pub status: Rect,
    pub rule: Rect,
    /// The output (the same as `hint` when the hint pane takes the whole body).
    pub body: Rect,
    pub hint_rule: Option<Rect>,
    pub hint: Option<Rect>,
    pub notice: Rect,
    pub gauges: Rect,
    pub strip: Rect,
    pub keys: Rect,
}

pub fn main_areas(area: Rect, app: &App) -> MainAreas {
    let h = area.height;
    let phases = app.course.phases.len() as u16;
    let header_h = if h >= 14 { 2 } else { 1 };
    let rule_h = u16::from(h >= 12);
    let notice_h = u16::from(app.notice.is_some() && h >= 8);
    let gauge_h = u16::from(h >= 10);
    let strip_h = u16::from(h >= 18 && phases > 1 && area.width >= 8 + phases * 3);
    let [header, status, rule, body, notice, gauges, strip, keys] = Layout::vertical([
        Constraint::Length(header_h),
        Constraint::Length(1),
        Constraint::Length(rule_h),
        Constraint::Min(1),
        Constraint::Length(notice_h),
        Constraint::Length(gauge_h),
        Constraint::Length(strip_h),
        Constraint::Length(1),
    ])
    .areas(area);
    // The hint pane takes what it needs, up to half the body; on a small
    // screen it takes the whole body.
    let (body, hint_rule, hint) = match &app.hint {
        None => (body, None, None),
        Some(_) if body.height >= 12 => {
            let wanted = hint_height(app, body.width) as u16;
            let hint_h = wanted.clamp(3, body.height / 2);
            let [out, r, hint] = Layout::vertical([
                Constraint::Min(1),
                Constraint::Length(1),
                Constraint::Length(hint_h),
            ])
            .areas(body);
            (out, Some(r), Some(hint))
        }
        Some(_) => (body, None, Some(body)),
    };
    MainAreas {
        header,
        status,
        rule,
        body,
        hint_rule,
        hint,
        notice,
        gauges,
        strip,
        keys,
    }
}

/// The parts of the list screen.
pub struct ListAreas {
    pub title: Rect,
    pub filter: Rect,
    pub list: Rect,
    pub keys: Rect,
}

pub fn list_areas(area: Rect) -> ListAreas {
    let [title, filter, list, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    ListAreas {
        title,
        filter,
        list,
        keys,
    }
}

/// The parts of a window over the screen.
pub struct PopupAreas {
    pub frame: Rect,
    pub text: Rect,
    pub footer: Rect,
}

pub fn popup_areas(area: Rect, app: &App) -> PopupAreas {
    let width = area.width.saturating_sub(4).clamp(area.width.min(20), 78);
    let inner_w = width.saturating_sub(4);
    let wanted = popup_height(app, inner_w) as u16 + 4;
    let height = wanted
        .min(area.height.saturating_sub(2))
        .max(area.height.min(5));
    let frame = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    let inner = Block::bordered().inner(frame);
    let inner = Rect::new(
        inner.x + 1,
        inner.y,
        inner.width.saturating_sub(2),
        inner.height,
    );
    let [text, footer] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    PopupAreas {
        frame,
        text,
        footer,
    }
}

// ---- content ---------------------------------------------------------------

/// The output area's text, before wrapping.
fn output_lines(app: &App) -> Vec<Line<'static>> {
    match &app.shown {
        Shown::Verdict { lines, .. } => lines.clone(),
        Shown::Error(e) => {
            let mut lines = vec![Line::from("The check could not run:".red().bold())];
            lines.extend(text::plain(e));
            lines
        }
        Shown::Nothing if app.mode == WatchMode::Manual && !app.checking() => {
            vec![Line::from(vec![
                "Press ".into(),
                "r".bold(),
                " to check this exercise.".into(),
            ])]
        }
        Shown::Nothing => vec![Line::from(format!(
            "Checking {}…",
            app.course.exercises[app.current].name
        ))],
    }
}

/// How many lines the output takes at `width`.
pub fn output_height(app: &App, width: u16) -> usize {
    text::height(&output_lines(app), width)
}

/// The hint pane's text, before wrapping.
fn hint_lines(app: &App) -> Vec<Line<'static>> {
    let Some(h) = &app.hint else {
        return Vec::new();
    };
    let shown = app.hint_shown();
    let mut lines = Vec::new();
    for (i, part) in h.parts.iter().take(shown).enumerate() {
        if h.parts.len() > 1 {
            lines.push(Line::from(
                format!("── {}/{} ──", i + 1, h.parts.len()).dark_gray(),
            ));
        }
        lines.extend(text::prose(part));
    }
    lines.push(Line::from(
        if shown < h.parts.len() {
            "h: the next part · Esc: close"
        } else {
            "h or Esc: close"
        }
        .dark_gray(),
    ));
    lines
}

fn hint_wrapped(app: &App, width: u16) -> Vec<Line<'static>> {
    text::wrap_prose(&hint_lines(app), width)
}

pub fn hint_height(app: &App, width: u16) -> usize {
    hint_wrapped(app, width).len()
}

/// The wrapped line where hint part `part` (0-based) begins.
pub fn hint_part_start(app: &App, width: u16, part: usize) -> usize {
    hint_wrapped(app, width)
        .iter()
        .enumerate()
        .filter(|(_, l)| l.to_string().starts_with("── "))
        .map(|(i, _)| i)
        .nth(part)
        .unwrap_or(0)
}

/// Title, text and footer of the window on top.
fn popup_content(app: &App, popup: &Popup) -> (String, Vec<Line<'static>>, Line<'static>) {
    let course = &app.course;
    let cont = Line::from(vec![
        "Enter".bold(),
        " continue · ".dark_gray(),
        "j/k".bold(),
        " scroll · ".dark_gray(),
        "q".bold(),
        " quit".dark_gray(),
    ]);
    match popup {
        Popup::Welcome => (
            course.title.clone(),
            text::prose(course.welcome.as_deref().unwrap_or_default()),
            cont,
        ),
        Popup::Intro(p) => {
            let phase = &course.phases[*p];
            (
                format!("Phase {}/{}: {}", p + 1, course.phases.len(), phase.title),
                text::prose(phase.intro.as_deref().unwrap_or_default()),
                cont,
            )
        }
        Popup::Final => (
            "All done".into(),
            text::prose(
                course
                    .final_message
                    .as_deref()
                    .unwrap_or("Every exercise of the course passes. Well done!"),
            ),
            Line::from(vec![
                "Enter".bold(),
                " close · ".dark_gray(),
                "q".bold(),
                " quit".dark_gray(),
            ]),
        ),
        Popup::ConfirmReset(i) => {
            let ex = &course.exercises[*i];
            let files: Vec<String> = ex
                .learner_files()
                .map(|p| p.display().to_string())
                .collect();
            (
                format!("Reset {}?", ex.name),
                vec![
                    Line::from(format!(
                        "Replace {} with the shipped version?",
                        files.join(", ")
                    )),
                    Line::from("Your version is kept in .tutor/backup/."),
                ],
                Line::from(vec![
                    "y".bold(),
                    " reset · ".dark_gray(),
                    "any other key".bold(),
                    " keep it".dark_gray(),
                ]),
            )
        }
    }
}

pub fn popup_height(app: &App, width: u16) -> usize {
    match app.popups.first() {
        Some(p) => text::wrap_prose(&popup_content(app, p).1, width).len(),
        None => 0,
    }
}

// ---- drawing ---------------------------------------------------------------

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.is_empty() {
            return;
        }
        match self.screen {
            Screen::Main => render_main(self, area, buf),
            Screen::List => render_list(self, area, buf),
        }
        if let Some(p) = self.popups.first() {
            render_popup(self, p, area, buf);
        }
        if !self.color {
            for cell in buf.content.iter_mut() {
                cell.fg = Color::Reset;
                cell.bg = Color::Reset;
            }
        }
    }
}

/// `left` and `right` on one line; `right` only when both fit.
fn two_sided(left: Line<'static>, right: Line<'static>, area: Rect, buf: &mut Buffer) {
    let rw = right.width() as u16;
    let lw = left.width() as u16;
    left.render(area, buf);
    if lw + 2 + rw <= area.width {
        right.render(Rect::new(area.right() - rw, area.y, rw, 1), buf);
    }
}

fn render_main(app: &App, area: Rect, buf: &mut Buffer) {
    let a = main_areas(area, app);
    let course = &app.course;
    let ex = &course.exercises[app.current];
    let phase = &course.phases[ex.phase];
    let done = app.progress.done_count(course);
    let total = course.exercises.len();
    let position = format!("{}/{}", app.current + 1, total);
    let mode = match app.mode {
        WatchMode::Events => Line::from("watching".dark_gray()),
        WatchMode::Polling => Line::from("polling".yellow()),
        WatchMode::Manual => Line::from("manual: r checks".yellow()),
    };

    // Header.
    if a.header.height >= 2 {
        let [l1, l2] = Layout::vertical([Constraint::Length(1); 2]).areas(a.header);
        two_sided(
            Line::from(vec![Span::styled(course.title.clone(), text::strong())]),
            Line::from(format!("{done}/{total} done")),
            l1,
            buf,
        );
        two_sided(
            Line::from(vec![
                Span::styled(phase.title.clone(), Style::new().fg(Color::Cyan)),
                " ▸ ".dark_gray(),
                Span::styled(ex.name.clone(), text::strong()),
                format!(" ({position})  ").dark_gray(),
                Span::raw(ex.path.display().to_string()),
            ]),
            mode,
            l2,
            buf,
        );
    } else {
        two_sided(
            Line::from(vec![
                Span::styled(ex.name.clone(), text::strong()),
                format!(" ({position}) ").dark_gray(),
                Span::raw(ex.path.display().to_string()),
            ]),
            Line::from(format!("{done}/{total}")),
            a.header,
            buf,
        );
    }

    status_line(app).render(a.status, buf);

    // Output.
    let lines = output_lines(app);
    let out_h = text::height(&lines, a.body.width);
    if a.rule.height > 0 {
        let pos = if out_h > a.body.height as usize {
            let last = (app.scroll + a.body.height as usize).min(out_h);
            format!(" {}-{} of {} · j/k scroll ", app.scroll + 1, last, out_h)
        } else {
            String::new()
        };
        rule(a.rule, " output ", &pos, buf);
    }
    if a.hint != Some(a.body) {
        let wrapped = text::wrap(&lines, a.body.width);
        let visible: Vec<Line> = wrapped
            .into_iter()
            .skip(app.scroll)
            .take(a.body.height as usize)
            .collect();
        Paragraph::new(visible).render(a.body, buf);
    }

    // Hint.
    if let (Some(h), Some(hint_area)) = (&app.hint, a.hint) {
        let parts = h.parts.len();
        let title = format!(" hint {}/{} ", app.hint_shown(), parts);
        if let Some(r) = a.hint_rule {
            rule(r, &title, "", buf);
        }
        let wrapped = hint_wrapped(app, hint_area.width);
        let visible: Vec<Line> = wrapped
            .into_iter()
            .skip(app.hint_scroll)
            .take(hint_area.height as usize)
            .collect();
        Paragraph::new(visible)
            .style(Style::new().fg(Color::LightYellow))
            .render(hint_area, buf);
    }

    if a.notice.height > 0
        && let Some(n) = &app.notice
    {
        Line::from(vec!["» ".yellow(), Span::raw(n.clone())]).render(a.notice, buf);
    }

    // Progress: this phase and the whole course, then every phase.
    if a.gauges.height > 0 {
        let [left, _, right] = Layout::horizontal([
            Constraint::Fill(1),
            Constraint::Length(2),
            Constraint::Fill(1),
        ])
        .areas(a.gauges);
        let (pd, pt) = app.progress.phase_counts(course, ex.phase);
        gauge(&format!("{} {pd}/{pt}", phase.title), pd, pt, left, buf);
        gauge(&format!("course {done}/{total}"), done, total, right, buf);
    }
    if a.strip.height > 0 {
        phase_strip(app, a.strip, buf);
    }

    key_line(app, a.keys.width).render(a.keys, buf);
}

/// A horizontal rule with a title on the left and a note on the right.
fn rule(area: Rect, title: &str, note: &str, buf: &mut Buffer) {
    let fill =
        (area.width as usize).saturating_sub(title.chars().count() + note.chars().count() + 1);
    Line::from(vec![
        "─".dark_gray(),
        Span::styled(title.to_string(), Style::new().fg(Color::DarkGray).bold()),
        "─".repeat(fill).dark_gray(),
        note.to_string().dark_gray(),
    ])
    .render(area, buf);
}

fn gauge(label: &str, done: usize, total: usize, area: Rect, buf: &mut Buffer) {
    let ratio = if total == 0 {
        0.0
    } else {
        done as f64 / total as f64
    };
    LineGauge::default()
        .label(Line::from(label.to_string()))
        .ratio(ratio.clamp(0.0, 1.0))
        .filled_symbol("━")
        .unfilled_symbol("─")
        .filled_style(Style::new().fg(Color::Green))
        .unfilled_style(Style::new().fg(Color::DarkGray))
        .render(area, buf);
}

/// One small gauge per phase, the current one marked.
fn phase_strip(app: &App, area: Rect, buf: &mut Buffer) {
    let course = &app.course;
    let label = "phases ";
    Line::from(label.dark_gray()).render(area, buf);
    let n = course.phases.len() as u16;
    let avail = area.width.saturating_sub(label.len() as u16);
    if n == 0 || avail < n * 2 {
        return;
    }
    let current_phase = course.exercises[app.current].phase;
    let mut x = area.x + label.len() as u16;
    for (pi, _) in course.phases.iter().enumerate() {
        let i = pi as u16;
        // Spread the remainder over the first segments.
        let w = avail / n + u16::from(i < avail % n);
        let cells = w - 1;
        let (d, t) = app.progress.phase_counts(course, pi);
        // Full only when done; something shows as soon as one is done.
        let filled = match (d, t) {
            (_, 0) => 0,
            (d, t) if d == t => cells,
            (d, t) => ((usize::from(cells) * d).div_ceil(t) as u16).min(cells - 1),
        };
        let here = pi == current_phase;
        for c in 0..cells {
            let (sym, color) = if t == 0 {
                ("·", Color::DarkGray)
            } else if c < filled {
                ("▰", Color::Green)
            } else {
                ("▱", Color::DarkGray)
            };
            let mut style = Style::new().fg(color);
            if here {
                style = style.add_modifier(Modifier::BOLD);
                if c >= filled {
                    style = style.fg(Color::Yellow);
                }
            }
            buf[(x + c, area.y)].set_symbol(sym).set_style(style);
        }
        x += w;
    }
}

fn status_line(app: &App) -> Line<'static> {
    let secs = |started: std::time::Instant| {
        let d = app.now.saturating_duration_since(started);
        format!("{} s", d.as_secs())
    };
    let mut spans: Vec<Span<'static>> = match &app.run {
        Run::All {
            started,
            done,
            total,
            passed,
            build,
            ..
        } => {
            let mut s = vec![
                "⟳ checking every exercise: ".cyan().bold(),
                format!("{done}/{total}, {passed} pass").into(),
            ];
            // Before the first verdict, the batched builds take the time.
            if *done == 0 && !build.step.is_empty() {
                let crates = match (&build.last, build.compiled) {
                    (Some(last), n) if n > 0 => format!(" ({n} compiled, last {last})"),
                    _ => String::new(),
                };
                s.push(format!(" · {}{crates}", build.step).into());
            }
            s.push(format!(" · {} · c stops", secs(*started)).dark_gray());
            s
        }
        Run::Check { started, build, .. } if app.checking() => {
            let mut s = vec!["⟳ checking… ".cyan().bold(), secs(*started).dark_gray()];
            let warm = app
                .warm
                .as_ref()
                .filter(|w| w.index == app.current && build.compiled == 0);
            let b = warm.map_or(build, |w| &w.build);
            if b.compiled > 0 && b.in_deps {
                s.push(
                    format!(
                        " · building dependencies: {} compiled, last {}",
                        b.compiled,
                        b.last.as_deref().unwrap_or("")
                    )
                    .into(),
                );
            } else if !b.step.is_empty() {
                s.push(format!(" · {}", b.step).dark_gray());
            }
            s
        }
        _ if app.checking() => vec!["⟳ checking…".cyan().bold()],
        _ => match &app.shown {
            Shown::Verdict { verdict, .. } => {
                let elapsed = format!("  {}", human_duration(verdict.elapsed)).dark_gray();
                match verdict.outcome.kind() {
                    OutcomeKind::Passed => vec![
                        "✓ passes".green().bold(),
                        " · press ".into(),
                        "n".bold(),
                        " for the next exercise".into(),
                        elapsed,
                    ],
                    OutcomeKind::Blocked => {
                        vec![format!("◌ {}", verdict.outcome.headline()).yellow().bold()]
                    }
                    _ => vec![
                        format!("✗ {}", verdict.outcome.headline()).red().bold(),
                        elapsed,
                    ],
                }
            }
            Shown::Error(_) => vec!["! the check could not run".red().bold()],
            Shown::Nothing if app.mode == WatchMode::Manual => vec!["press r to check".into()],
            Shown::Nothing => vec!["not checked yet".dark_gray()],
        },
    };
    if let Some(w) = app.warm.as_ref().filter(|w| w.index != app.current)
        && !app.checking()
    {
        let name = &app.course.exercises[w.index].name;
        let what = if w.build.compiled > 0 {
            format!(" · preparing {name} ({} compiled)", w.build.compiled)
        } else {
            format!(" · preparing {name}")
        };
        spans.push(what.dark_gray());
    }
    Line::from(spans)
}

fn key_line(app: &App, width: u16) -> Line<'static> {
    let keys: [(&str, &str, &str, bool); 8] = [
        ("h", "hint", "hint", true),
        ("l", "list", "list", true),
        ("n", "next", "next", app.can_advance()),
        ("r", "re-run", "run", true),
        ("c", "check all", "all", true),
        ("x", "reset", "reset", true),
        ("e", "edit", "edit", true),
        ("q", "quit", "quit", true),
    ];
    let mut spans = Vec::new();
    for (k, long, short, on) in keys {
        let (key_style, label_style) = if on {
            (Style::new().fg(Color::Cyan).bold(), Style::new())
        } else {
            (
                Style::new().fg(Color::DarkGray),
                Style::new().fg(Color::DarkGray),
            )
        };
        spans.push(Span::styled(k.to_string(), key_style));
        // Long labels, short ones, or the keys alone: every key stays visible.
        let label = match width {
            72.. => format!(" {long}  "),
            54.. => format!(" {short} "),
            _ => " ".into(),
        };
        spans.push(Span::styled(label, label_style));
    }
    Line::from(spans)
}

fn render_list(app: &App, area: Rect, buf: &mut Buffer) {
    let a = list_areas(area);
    let course = &app.course;
    let done = app.progress.done_count(course);
    two_sided(
        Line::from(vec![
            Span::styled("Exercises", text::strong()),
            format!(" · {}", course.title).dark_gray(),
        ]),
        Line::from(format!("{done}/{} done", course.exercises.len())),
        a.title,
        buf,
    );
    let mut filter = vec!["show: ".dark_gray()];
    for f in [Filter::All, Filter::Pending, Filter::Done] {
        let s = format!(" {} ", f.label());
        filter.push(if f == app.list.filter {
            Span::styled(s, Style::new().add_modifier(Modifier::REVERSED))
        } else {
            Span::raw(s)
        });
    }
    filter.push("  search: ".dark_gray());
    let cursor = if app.list.typing { "▏" } else { "" };
    if app.list.search.is_empty() && !app.list.typing {
        filter.push("/".dark_gray());
    } else {
        filter.push(Span::styled(
            format!("{}{cursor}", app.list.search),
            Style::new().fg(Color::Yellow),
        ));
    }
    Line::from(filter).render(a.filter, buf);

    let rows = app.rows();
    let name_w = course
        .exercises
        .iter()
        .map(|e| e.name.len())
        .max()
        .unwrap_or(8)
        .min(28);
    let items: Vec<ListItem> = rows
        .iter()
        .map(|r| match *r {
            Row::Phase(pi) => {
                let (d, t) = app.progress.phase_counts(course, pi);
                ListItem::new(Line::from(vec![
                    Span::styled(
                        course.phases[pi].title.clone(),
                        Style::new().fg(Color::Cyan).bold(),
                    ),
                    format!("  {d}/{t} ").dark_gray(),
                    mini_bar(d, t, 10),
                ]))
            }
            Row::Exercise(i) => {
                let ex = &course.exercises[i];
                let is_done = app.progress.is_done(&ex.name);
                let mark = if is_done {
                    "✓".green()
                } else if i == app.current {
                    "▶".yellow()
                } else {
                    match app.results.get(&i) {
                        Some(OutcomeKind::Blocked) => "◌".yellow(),
                        Some(k) if *k != OutcomeKind::Passed => "✗".red(),
                        _ => "·".dark_gray(),
                    }
                };
                let mut spans = vec![
                    "  ".into(),
                    mark,
                    " ".into(),
                    Span::raw(format!("{:name_w$}", ex.name)),
                    "  ".into(),
                    ex.path.display().to_string().dark_gray(),
                ];
                if let Some(k) = app.results.get(&i)
                    && *k != OutcomeKind::Passed
                {
                    spans.push(format!("  {}", k.id()).dark_gray());
                }
                ListItem::new(Line::from(spans))
            }
        })
        .collect();
    if items.is_empty() {
        Line::from("  No exercise matches.".dark_gray()).render(a.list, buf);
    } else {
        let selected = app
            .list
            .selected
            .and_then(|s| rows.iter().position(|r| *r == Row::Exercise(s)));
        let mut state = ListState::default()
            .with_offset(app.list.offset)
            .with_selected(selected);
        StatefulWidget::render(
            List::new(items).highlight_style(Style::new().add_modifier(Modifier::REVERSED)),
            a.list,
            buf,
            &mut state,
        );
    }
    let keys: Line = if app.list.typing {
        Line::from(vec![
            "type to search · ".dark_gray(),
            "Enter".cyan().bold(),
            " keep · ".into(),
            "Esc".cyan().bold(),
            " clear".into(),
        ])
    } else {
        Line::from(vec![
            "↑↓".cyan().bold(),
            " move  ".into(),
            "Enter".cyan().bold(),
            " go to  ".into(),
            "f".cyan().bold(),
            " filter  ".into(),
            "/".cyan().bold(),
            " search  ".into(),
            "x".cyan().bold(),
            " reset  ".into(),
            "Esc".cyan().bold(),
            " back".into(),
        ])
    };
    keys.render(a.keys, buf);
}

fn mini_bar(done: usize, total: usize, width: usize) -> Span<'static> {
    let filled = (width * done).checked_div(total).unwrap_or(0).min(width);
    Span::styled(
        format!("{}{}", "━".repeat(filled), "─".repeat(width - filled)),
        Style::new().fg(if done == total {
            Color::Green
        } else {
            Color::DarkGray
        }),
    )
}

fn render_popup(app: &App, popup: &Popup, area: Rect, buf: &mut Buffer) {
    let a = popup_areas(area, app);
    let (title, lines, footer) = popup_content(app, popup);
    Clear.render(a.frame, buf);
    let border = match popup {
        Popup::ConfirmReset(_) => Color::Red,
        Popup::Final => Color::Green,
        _ => Color::Cyan,
    };
    Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(Style::new().fg(border))
        .title(Span::styled(format!(" {title} "), text::strong()))
        .render(a.frame, buf);
    let wrapped = text::wrap_prose(&lines, a.text.width);
    let visible: Vec<Line> = wrapped
        .into_iter()
        .skip(app.popup_scroll)
        .take(a.text.height as usize)
        .collect();
    Paragraph::new(visible).render(a.text, buf);
    footer.render(a.footer, buf);
}

#[cfg(test)]
mod tests {
    use super::super::app::tests::{app, build_error, code, failing, key, passing, verdict};
    use super::super::app::{App, RunMsg};
    use super::*;
    use crate::verdict::Outcome;
    use crossterm::event::KeyCode;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use std::time::Duration;

    fn draw(app: &mut App, width: u16, height: u16) -> Terminal<TestBackend> {
        app.resize(width, height);
        let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
        t.draw(|f| f.render_widget(&*app, f.area())).unwrap();
        t
    }

    /// The check of the current exercise reports `v`.
    fn with_verdict(app: &mut App, v: crate::verdict::Verdict) {
        let Run::Check { job, index, .. } = app.run else {
            panic!("no check")
        };
        if index != app.current {
            // The check of the exercise left behind stops first.
            app.on_run(RunMsg::Cancelled { job });
            return with_verdict(app, v);
        }
        app.on_run(RunMsg::Checked {
            job,
            index,
            verdict: v,
        });
        app.take_effects();
    }

    #[test]
    fn compile_error() {
        let mut app = app();
        app.enter(2);
        with_verdict(&mut app, build_error("fx_square"));
        insta::assert_snapshot!(draw(&mut app, 80, 24).backend());
    }

    #[test]
    fn failing_test() {
        let mut app = app();
        with_verdict(&mut app, failing("fx_add"));
        insta::assert_snapshot!(draw(&mut app, 80, 24).backend());
    }

    #[test]
    fn pass() {
        let mut app = app();
        with_verdict(&mut app, passing("fx_add"));
        insta::assert_snapshot!(draw(&mut app, 80, 24).backend());
    }

    #[test]
    fn timeout() {
        let mut app = app();
        with_verdict(
            &mut app,
            verdict(
                "fx_add",
                Outcome::TimedOut {
                    what: "the tests".into(),
                    verb: "finish",
                    after: Duration::from_secs(10),
                    advice: "a test may loop forever or wait for something that never comes; \
                             still running: tests::adds_one"
                        .into(),
                    output: "running 2 tests\ntest tests::adds_zero ... ok\n".into(),
                },
            ),
        );
        insta::assert_snapshot!(draw(&mut app, 80, 24).backend());
    }

    #[test]
    fn wrong_output() {
        let mut app = app();
        app.enter(1);
        with_verdict(
            &mut app,
            verdict(
                "fx_greet",
                Outcome::WrongOutput {
                    expected: "Hello, tutor!\n".into(),
                    actual: "Hello, World\n".into(),
                    expected_code: 0,
                    code: Some(0),
                    stderr: String::new(),
                },
            ),
        );
        insta::assert_snapshot!(draw(&mut app, 80, 24).backend());
    }

    #[test]
    fn blocked() {
        let mut app = app();
        with_verdict(
            &mut app,
            verdict(
                "fx_add",
                Outcome::Blocked {
                    reason: "the thumbv7m-none-eabi target is not installed".into(),
                    fixes: vec!["rustup target add thumbv7m-none-eabi".into()],
                },
            ),
        );
        insta::assert_snapshot!(draw(&mut app, 80, 24).backend());
    }

    #[test]
    fn list_with_filter() {
        let mut app = app();
        with_verdict(&mut app, passing("fx_add"));
        app.on_key(key('l'));
        app.on_key(key('f'));
        insta::assert_snapshot!(draw(&mut app, 80, 24).backend());
    }

    #[test]
    fn hint_shown() {
        let mut app = app();
        with_verdict(&mut app, failing("fx_add"));
        app.on_key(key('h'));
        app.on_key(key('h'));
        insta::assert_snapshot!(draw(&mut app, 80, 24).backend());
    }

    #[test]
    fn narrow_terminal() {
        let mut app = app();
        with_verdict(&mut app, failing("fx_add"));
        insta::assert_snapshot!(draw(&mut app, 40, 12).backend());
    }

    #[test]
    fn building_dependencies() {
        let mut app = app();
        let Run::Check { job, .. } = app.run else {
            panic!()
        };
        for krate in ["proc_macro2", "quote", "syn"] {
            app.on_run(RunMsg::Progress {
                job,
                event: crate::runner::RunEvent::Build(crate::runner::cargo::BuildEvent::Compiled {
                    krate: krate.into(),
                    fresh: false,
                }),
            });
        }
        app.now += Duration::from_secs(3);
        insta::assert_snapshot!(draw(&mut app, 80, 24).backend());
    }

    #[test]
    fn check_all_shows_its_builds() {
        let mut app = app();
        with_verdict(&mut app, failing("fx_add"));
        app.on_key(key('c'));
        let Run::All { job, .. } = app.run else {
            panic!("c starts checking all")
        };
        let progress = |event| RunMsg::Progress { job, event };
        app.on_run(progress(crate::runner::RunEvent::Step(
            "building 2 targets of watch_fx".into(),
        )));
        app.on_run(progress(crate::runner::RunEvent::Build(
            crate::runner::cargo::BuildEvent::Compiled {
                krate: "serde".into(),
                fresh: false,
            },
        )));
        let screen = format!("{}", draw(&mut app, 100, 24).backend());
        assert!(
            screen
                .contains("0/3, 0 pass · building 2 targets of watch_fx (1 compiled, last serde)"),
            "{screen}"
        );
    }

    #[test]
    fn welcome_popup() {
        let course = super::super::app::tests::fixture();
        let progress = super::super::app::tests::fresh(&course);
        let mut app = App::new(course, progress, super::super::app::WatchMode::Polling);
        insta::assert_snapshot!(draw(&mut app, 80, 24).backend());
        app.on_key(code(KeyCode::Enter));
        let t = draw(&mut app, 80, 24);
        let screen = format!("{}", t.backend());
        assert!(screen.contains("Phase 1/2: Basics"), "{screen}");
    }

    #[test]
    fn any_size_draws() {
        let mut app = app();
        with_verdict(&mut app, failing("fx_add"));
        app.on_key(key('h'));
        for (w, h) in [(1, 1), (5, 3), (20, 6), (30, 10), (200, 60)] {
            draw(&mut app, w, h);
            app.on_key(key('l'));
            draw(&mut app, w, h);
            app.on_key(code(KeyCode::Esc));
            app.on_key(key('x'));
            draw(&mut app, w, h);
            app.on_key(key('n'));
        }
    }
}
