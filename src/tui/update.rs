//! `update`: apply an action to the model and say what slow work (loads) the loop must run.
//! No terminal and no database here, so every action is testable on its own.

use std::collections::BTreeSet;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

use super::app::{
    App, FilterField, FormRequest, HISTORY_WINDOWS, Overlay, ProjectState, Screen, Tab,
    TriageState, Write,
};
use super::form::FormEvent;
use super::keymap::{Action, Context};
use crate::domain::timeline::Scale;
use crate::domain::{Rag, Stage};
use crate::store::edit::Entity;

/// Work the loop runs against the store, feeding the result back into the model.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadPortfolio,
    LoadProject(i64),
    /// Open a project on its Milestones tab with one milestone selected.
    OpenMilestone {
        project: i64,
        milestone: i64,
    },
    /// Every milestone and the recorded date moves, for the timeline and its lists.
    LoadTimeline,
    /// Load fresh rows and open a form on them.
    OpenForm(FormRequest),
    /// Run a write; on success close the form and reload what is on screen.
    Write(Write),
    Undo,
    Redo,
    /// Reload what is on screen, keeping selections (another user's change, or our own).
    Refresh,
    LoadHistory,
    /// Edit the focused long-text field in `$EDITOR` (the loop suspends the terminal).
    ExternalEditor,
    LoadRisks,
    LoadDesk,
    LoadReport,
    /// Write the previewed report to files and record the run.
    WriteReport,
}

pub fn handle_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    if app.overlay.is_some() {
        return handle_overlay_key(app, key);
    }
    let on_tab = |tab: Tab| {
        app.screen == Screen::Project && app.project.as_ref().is_some_and(|p| p.tab == tab)
    };
    let context = match app.screen {
        Screen::Welcome | Screen::Portfolio => Context::Portfolio,
        Screen::Timeline => Context::Timeline,
        // A project's Timeline and Risks tabs take the timeline's and the register's keys.
        Screen::Project if on_tab(Tab::Timeline) => Context::ProjectTimeline,
        Screen::Project if on_tab(Tab::Risks) => Context::ProjectRisks,
        Screen::Project => Context::Project,
        Screen::Triage => Context::Triage,
        Screen::History => Context::History,
        Screen::Risks => Context::Risks,
        Screen::Desk => Context::Desk,
        Screen::Report => Context::Report,
    };
    if app.screen == Screen::Risks && app.risks.map_focus {
        return heat_map_key(app, key);
    }
    let action = app.keymap.resolve(context, key);
    match action {
        Some(action) => update(app, action),
        None => Vec::new(),
    }
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    app.message = None;
    match action {
        Action::Quit => app.quit = true,
        Action::Help => app.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::Portfolio if app.screen != Screen::Welcome => app.screen = Screen::Portfolio,
        Action::Timeline if app.screen != Screen::Welcome => return open_timeline(app),
        Action::History => {
            app.screen = Screen::History;
            return vec![Effect::LoadHistory];
        }
        Action::Report if app.screen != Screen::Welcome => {
            app.screen = Screen::Report;
            app.report.scroll = 0;
            return vec![Effect::LoadReport];
        }
        Action::Desk if app.screen != Screen::Welcome => {
            app.screen = Screen::Desk;
            return vec![Effect::LoadDesk];
        }
        Action::Risks if app.screen != Screen::Welcome => {
            app.screen = Screen::Risks;
            return vec![Effect::LoadRisks];
        }
        Action::Settings if app.read_only => app.message = Some(read_only_note(app)),
        Action::Settings => return vec![Effect::OpenForm(FormRequest::Settings)],
        Action::Undo | Action::Redo if app.read_only => app.message = Some(read_only_note(app)),
        Action::Undo => return vec![Effect::Undo],
        Action::Redo => return vec![Effect::Redo],
        _ if is_edit_action(action) && app.read_only => app.message = Some(read_only_note(app)),
        Action::New if app.screen == Screen::Welcome => {
            return vec![Effect::OpenForm(FormRequest::NewProject)];
        }
        _ => match app.screen {
            Screen::Welcome => {}
            Screen::Portfolio => return portfolio_action(app, action),
            Screen::Timeline => return timeline_action(app, action),
            Screen::Project => return project_action(app, action),
            Screen::Triage => return triage_action(app, action),
            Screen::History => return history_action(app, action),
            Screen::Risks => return risks_action(app, action),
            Screen::Desk => return desk_action(app, action),
            Screen::Report => return report_action(app, action),
        },
    }
    Vec::new()
}

fn read_only_note(app: &App) -> String {
    match &app.read_only_reason {
        Some(why) => format!("read-only: {why}, so nothing can be changed"),
        None => "read-only: this work plan was opened with --read-only, so nothing can be changed"
            .to_string(),
    }
}

fn is_edit_action(action: Action) -> bool {
    matches!(
        action,
        Action::ChangeRag
            | Action::Edit
            | Action::New
            | Action::Archive
            | Action::MarkDone
            | Action::MoveDate
            | Action::ConfirmReviewed
            | Action::Reassess
            | Action::CloseReopen
            | Action::ToIssue
    )
}

/// With the heat map focused, arrows move its cell and the list follows.
fn heat_map_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let (l, i) = app.risks.cell.unwrap_or((3, 3));
    let cell = match key.code {
        KeyCode::Left | KeyCode::Char('h') => (l.saturating_sub(1).max(1), i),
        KeyCode::Right | KeyCode::Char('l') => ((l + 1).min(5), i),
        KeyCode::Up | KeyCode::Char('k') => (l, (i + 1).min(5)),
        KeyCode::Down | KeyCode::Char('j') => (l, i.saturating_sub(1).max(1)),
        KeyCode::Enter => {
            app.risks.map_focus = false;
            return Vec::new();
        }
        KeyCode::Esc | KeyCode::Char('M') => {
            app.risks.map_focus = false;
            app.risks.cell = None;
            app.risks.cursor = Default::default();
            app.risks.refresh_visible(&app.settings, app.page_height);
            return Vec::new();
        }
        _ => return Vec::new(),
    };
    app.risks.cell = Some(cell);
    app.risks.cursor = Default::default();
    app.risks.refresh_visible(&app.settings, app.page_height);
    Vec::new()
}

/// Risk writes shared by the register and a project's Risks tab.
fn risk_write_action(
    app: &mut App,
    action: Action,
    risk: &crate::domain::Risk,
) -> Option<Vec<Effect>> {
    use rusqlite::types::Value;
    // What the register showed for the fields these keys change: a colleague's change to
    // any other field merges.
    let loaded = [
        (
            "status",
            Value::Text(if risk.open { "open" } else { "closed" }.into()),
        ),
        ("kind", Value::Text(risk.kind.as_str().into())),
    ];
    let edit = |values: Vec<(&'static str, Value)>, reason: &str, label: String| Write::Edit {
        edit: crate::store::edit::Edit {
            entity: Entity::Risk,
            id: risk.id,
            expected_version: risk.version,
            loaded: loaded
                .iter()
                .filter(|(c, _)| values.iter().any(|(v, _)| v == c))
                .cloned()
                .collect(),
            values,
            reason: reason.to_string(),
        },
        label,
    };
    match action {
        Action::Reassess => Some(vec![Effect::OpenForm(FormRequest::Reassess(risk.id))]),
        Action::Edit => Some(vec![Effect::OpenForm(FormRequest::EditRisk(risk.id))]),
        Action::CloseReopen => {
            let (status, verb) = if risk.open {
                ("closed", "closed")
            } else {
                ("open", "re-opened")
            };
            Some(vec![Effect::Write(edit(
                vec![("status", Value::Text(status.into()))],
                verb,
                format!("{verb} {}", risk.code),
            ))])
        }
        Action::ToIssue if risk.kind == crate::domain::RiskKind::Issue => {
            app.message = Some(format!("{} is already an issue", risk.code));
            Some(Vec::new())
        }
        Action::ToIssue => {
            app.overlay = Some(Overlay::Confirm {
                text: format!(
                    "Has {} '{}' happened? It becomes an issue in the same register. (y/n)",
                    risk.code, risk.title
                ),
                write: Box::new(edit(
                    vec![("kind", Value::Text("issue".into()))],
                    "the risk has materialised",
                    format!("{} is now an issue", risk.code),
                )),
            });
            Some(Vec::new())
        }
        Action::Archive => {
            let what = format!("risk {} '{}'", risk.code, risk.title);
            app.overlay = Some(Overlay::Confirm {
                text: format!(
                    "{} {what}? (y/n)",
                    if risk.archived { "Restore" } else { "Archive" }
                ),
                write: Box::new(super::edits::archive_write(
                    Entity::Risk,
                    risk.id,
                    risk.version,
                    risk.archived,
                    &what,
                )),
            });
            Some(Vec::new())
        }
        _ => None,
    }
}

fn report_action(app: &mut App, action: Action) -> Vec<Effect> {
    let page = u16::try_from(app.page_height).unwrap_or(u16::MAX);
    let lines = u16::try_from(app.report.markdown.lines().count()).unwrap_or(u16::MAX);
    let last = lines.saturating_sub(page);
    let r = &mut app.report;
    match action {
        Action::Down => r.scroll = (r.scroll + 1).min(last),
        Action::Up => r.scroll = r.scroll.saturating_sub(1),
        Action::PageDown => r.scroll = (r.scroll + page).min(last),
        Action::PageUp => r.scroll = r.scroll.saturating_sub(page),
        Action::Top => r.scroll = 0,
        Action::Bottom => r.scroll = last,
        Action::WriteReport if app.read_only => app.message = Some(read_only_note(app)),
        Action::WriteReport => return vec![Effect::WriteReport],
        Action::Back | Action::NextView | Action::PrevView => app.screen = Screen::Portfolio,
        _ => {}
    }
    Vec::new()
}

fn desk_action(app: &mut App, action: Action) -> Vec<Effect> {
    let height = app.page_height;
    let len = app.desk.list().len();
    if navigate(&mut app.desk.cursor, action, len, height) {
        return Vec::new();
    }
    match action {
        Action::NextList => {
            app.desk.mode = app.desk.mode.next();
            app.desk.cursor = Default::default();
        }
        Action::New if app.read_only => app.message = Some(read_only_note(app)),
        Action::New => return vec![Effect::OpenForm(FormRequest::Snapshot)],
        Action::LinkCase if app.read_only => app.message = Some(read_only_note(app)),
        Action::LinkCase => {
            let selected = app
                .desk
                .list()
                .get(app.desk.cursor.selected)
                .and_then(|i| app.desk.cases.get(*i));
            match selected {
                Some(case) => return vec![Effect::OpenForm(FormRequest::LinkCase(case.id))],
                None => app.message = Some("select a case in a list first (v)".into()),
            }
        }
        Action::Open => {
            let code = app
                .desk
                .list()
                .get(app.desk.cursor.selected)
                .and_then(|i| app.desk.cases.get(*i))
                .and_then(|c| c.project_code.clone());
            match code.and_then(|code| app.portfolio.rows.iter().find(|r| r.code == code)) {
                Some(row) => return vec![Effect::LoadProject(row.id)],
                None => app.message = Some("this case is not linked to a project".into()),
            }
        }
        Action::Back | Action::NextView | Action::PrevView => app.screen = Screen::Portfolio,
        _ => {}
    }
    Vec::new()
}

fn risks_action(app: &mut App, action: Action) -> Vec<Effect> {
    let height = app.page_height;
    let len = app.risks.visible.len();
    if navigate(&mut app.risks.cursor, action, len, height) {
        return Vec::new();
    }
    if let Some(risk) = app.risks.selected().map(|r| r.risk.clone())
        && let Some(effects) = risk_write_action(app, action, &risk)
    {
        return effects;
    }
    let r = &mut app.risks;
    match action {
        Action::Scope => {
            r.filter.scope = r.filter.scope.next();
            r.cursor = Default::default();
            app.message = Some(format!("showing {}", r.filter.scope.label()));
        }
        Action::Basis => {
            r.basis = r.basis.next();
            r.cell = None;
            app.message = Some(format!("heat map: {} scores", r.basis.label()));
        }
        Action::MapFocus => {
            r.map_focus = true;
            let basis = r.basis;
            r.cell = r
                .selected()
                .and_then(|row| row.risk.rating(basis))
                .or(Some((3, 3)));
            r.cursor = Default::default();
        }
        Action::Open => {
            let id = r.selected().map(|row| row.risk.id);
            r.detail = if r.detail.is_some() { None } else { id };
        }
        Action::Back if r.detail.is_some() => r.detail = None,
        Action::Back if r.cell.is_some() => r.cell = None,
        Action::Back if !r.search.is_empty() => r.search.clear(),
        Action::Back => app.screen = Screen::Portfolio,
        Action::New => {
            let project = r
                .selected()
                .and_then(|row| row.risk.project_id)
                .filter(|_| r.filter.scope == super::risks::Scope::Project);
            return vec![Effect::OpenForm(FormRequest::NewRisk(project))];
        }
        Action::ShowArchived => r.filter.archived = !r.filter.archived,
        Action::Search => {
            let mut input = TextArea::new(vec![r.search.clone()]);
            input.move_cursor(ratatui_textarea::CursorMove::End);
            input.set_cursor_line_style(ratatui::style::Style::new());
            app.overlay = Some(Overlay::Search(Box::new(input)));
        }
        Action::Filter => app.overlay = Some(Overlay::Filter { field: 0 }),
        Action::NextView | Action::PrevView => app.screen = Screen::Portfolio,
        _ => {}
    }
    app.risks.refresh_visible(&app.settings, height);
    Vec::new()
}

/// Start triage: the red and amber projects of the current filter, worst first.
fn start_triage(app: &mut App) -> Vec<Effect> {
    let ids: Vec<i64> = app
        .portfolio
        .visible
        .iter()
        .filter_map(|i| app.portfolio.rows.get(*i))
        .filter(|r| {
            matches!(
                r.shown_rag(&app.settings),
                Rag::Red | Rag::AmberRed | Rag::Amber
            )
        })
        .map(|r| r.id)
        .collect();
    let Some(first) = ids.first().copied() else {
        app.message = Some("no red or amber projects in this filter".into());
        return Vec::new();
    };
    app.triage = Some(TriageState {
        ids,
        index: 0,
        reviewed: Default::default(),
    });
    app.screen = Screen::Triage;
    vec![Effect::LoadProject(first)]
}

fn triage_action(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(triage) = app.triage.as_mut() else {
        app.screen = Screen::Portfolio;
        return Vec::new();
    };
    let count = triage.ids.len();
    let current = triage.ids.get(triage.index).copied();
    match action {
        Action::NextProject | Action::Down | Action::PreviousProject | Action::Up => {
            let forward = matches!(action, Action::NextProject | Action::Down);
            if (forward && triage.index + 1 >= count) || (!forward && triage.index == 0) {
                app.message = Some(if forward {
                    format!("that was the last of {count}; Esc leaves triage")
                } else {
                    "this is the first project".to_string()
                });
                return Vec::new();
            }
            triage.index = if forward {
                triage.index + 1
            } else {
                triage.index - 1
            };
            return triage
                .ids
                .get(triage.index)
                .map(|id| vec![Effect::LoadProject(*id)])
                .unwrap_or_default();
        }
        Action::ConfirmReviewed => {
            if let Some(state) = app.project.as_ref() {
                return vec![Effect::Write(super::edits::reviewed_write(
                    &state.project,
                    app.now(),
                ))];
            }
        }
        Action::ChangeRag => {
            if let Some(id) = current {
                return vec![Effect::OpenForm(FormRequest::ChangeRag(id))];
            }
        }
        Action::MoveDate => {
            let today = app.today;
            let target = app.project.as_ref().and_then(|s| {
                s.milestones
                    .iter()
                    .find(|m| m.is_overdue(today))
                    .or_else(|| s.milestones.iter().find(|m| !m.is_done()))
                    .map(|m| m.id)
            });
            match target {
                Some(id) => return vec![Effect::OpenForm(FormRequest::MoveMilestone(id))],
                None => app.message = Some("no open milestone to move".into()),
            }
        }
        Action::Open => app.screen = Screen::Project,
        Action::Back => {
            app.screen = Screen::Portfolio;
            app.triage = None;
        }
        _ => {}
    }
    Vec::new()
}

fn history_action(app: &mut App, action: Action) -> Vec<Effect> {
    let h = &mut app.history;
    let len = h.entries.len();
    let height = app.page_height;
    match action {
        Action::CycleUser => {
            let i = match &h.user {
                None => 0,
                Some(u) => h
                    .users
                    .iter()
                    .position(|x| x == u)
                    .map(|i| i + 1)
                    .unwrap_or(0),
            };
            h.user = h.users.get(i).cloned();
            h.cursor = Default::default();
            return vec![Effect::LoadHistory];
        }
        Action::CycleWindow => {
            let i = HISTORY_WINDOWS
                .iter()
                .position(|w| *w == h.days)
                .unwrap_or(0);
            h.days = HISTORY_WINDOWS[(i + 1) % HISTORY_WINDOWS.len()];
            h.cursor = Default::default();
            return vec![Effect::LoadHistory];
        }
        _ if navigate(&mut h.cursor, action, len, height) => {}
        Action::Back | Action::PrevView | Action::NextView => app.screen = Screen::Portfolio,
        _ => {}
    }
    Vec::new()
}

fn open_timeline(app: &mut App) -> Vec<Effect> {
    app.screen = Screen::Timeline;
    vec![Effect::LoadTimeline]
}

/// Zoom, scroll and "today": the keys a project's Timeline tab shares with the timeline.
fn is_time_action(action: Action) -> bool {
    matches!(
        action,
        Action::ZoomIn
            | Action::ZoomOut
            | Action::ScrollBack
            | Action::ScrollOn
            | Action::PageBack
            | Action::PageOn
            | Action::Today
    )
}

/// Apply a zoom or scroll to the shared time window. Returns false for other actions.
fn time_action(app: &mut App, action: Action) -> bool {
    let width = app.chart_width.max(1);
    let t = &mut app.timeline;
    let scale = t.scale(app.today, width);
    let per = t.zoom.days_per_column();
    let shift = |columns: i64| Some(scale.start + chrono::Duration::days(columns * per));
    match action {
        Action::ZoomIn | Action::ZoomOut => {
            // Keep today where it is on screen when it is showing, else the middle.
            let (anchor, column) = match scale.column(app.today) {
                Some(c) => (app.today, i64::from(c)),
                None => (
                    scale.start + chrono::Duration::days(i64::from(width / 2) * per),
                    i64::from(width / 2),
                ),
            };
            t.zoom = t.zoom.step(action == Action::ZoomIn);
            let new_per = t.zoom.days_per_column();
            t.start = Some(anchor - chrono::Duration::days(column * new_per));
            app.message = Some(format!("zoom: {}", t.zoom.label()));
        }
        Action::ScrollBack => t.start = shift(-(i64::from(width) / 8).max(1)),
        Action::ScrollOn => t.start = shift((i64::from(width) / 8).max(1)),
        Action::PageBack => t.start = shift(-i64::from(width)),
        Action::PageOn => t.start = shift(i64::from(width)),
        Action::Today => t.start = Some(Scale::around(app.today, t.zoom, width).start),
        _ => return false,
    }
    true
}

fn timeline_action(app: &mut App, action: Action) -> Vec<Effect> {
    if time_action(app, action) {
        return Vec::new();
    }
    let mode = app.timeline.mode;
    match action {
        Action::NextList => {
            app.timeline.mode = mode.next();
            app.timeline.list_cursor = Default::default();
        }
        Action::SinceEarlier | Action::SinceLater => {
            let days = if action == Action::SinceEarlier {
                -30
            } else {
                30
            };
            let since = app.timeline.since + chrono::Duration::days(days);
            app.timeline.since = since.min(app.today);
            app.timeline.since_set = true;
            app.timeline.mode = super::app::TimelineMode::Slipped;
            app.timeline.list_cursor = Default::default();
            app.message = Some(format!(
                "slipped since {}",
                crate::domain::dates::display(app.timeline.since)
            ));
        }
        Action::Back if mode != super::app::TimelineMode::Gantt => {
            app.timeline.mode = super::app::TimelineMode::Gantt;
        }
        Action::Back => app.screen = Screen::Portfolio,
        Action::NextView => {
            app.screen = if app.project.is_some() {
                Screen::Project
            } else {
                Screen::Portfolio
            }
        }
        Action::PrevView => app.screen = Screen::Portfolio,
        _ if mode == super::app::TimelineMode::Gantt => return portfolio_action(app, action),
        Action::Search | Action::Filter | Action::Sort | Action::ReverseSort => {
            return portfolio_action(app, action);
        }
        _ => {
            let rows = super::lists::rows(app, mode);
            let (len, height) = (rows.len(), app.page_height);
            let cursor = &mut app.timeline.list_cursor;
            match action {
                _ if navigate(cursor, action, len, height) => {}
                Action::Open => {
                    if let Some(row) = rows.get(cursor.selected) {
                        return vec![Effect::OpenMilestone {
                            project: row.project_id,
                            milestone: row.milestone_id,
                        }];
                    }
                }
                _ => {}
            }
        }
    }
    Vec::new()
}

/// Move a list cursor for the movement actions; false for any other action.
fn navigate(cursor: &mut super::app::Cursor, action: Action, len: usize, height: usize) -> bool {
    let delta = match action {
        Action::Up => -1,
        Action::Down => 1,
        Action::PageUp => -(height as isize),
        Action::PageDown => height as isize,
        Action::Top => -(len as isize),
        Action::Bottom => len as isize,
        _ => return false,
    };
    cursor.move_by(delta, len, height);
    true
}

fn portfolio_action(app: &mut App, action: Action) -> Vec<Effect> {
    let height = app.page_height;
    let len = app.portfolio.visible.len();
    let cursor = &mut app.portfolio.cursor;
    match action {
        _ if navigate(cursor, action, len, height) => {}
        Action::Open => {
            if let Some(row) = app.selected_row() {
                return vec![Effect::LoadProject(row.id)];
            }
        }
        Action::Back => {
            if !app.portfolio.search.is_empty() {
                app.portfolio.search.clear();
                app.refresh_visible();
                app.message = Some("search cleared".into());
            } else if !app.portfolio.filter.is_default() {
                app.portfolio.filter = Default::default();
                app.refresh_visible();
                app.message = Some("filter cleared".into());
            }
        }
        Action::Search => {
            let mut input = TextArea::new(vec![app.portfolio.search.clone()]);
            input.move_cursor(ratatui_textarea::CursorMove::End);
            input.set_cursor_line_style(ratatui::style::Style::new());
            app.overlay = Some(Overlay::Search(Box::new(input)));
        }
        Action::Filter => app.overlay = Some(Overlay::Filter { field: 0 }),
        Action::Triage => return start_triage(app),
        Action::ChangeRag | Action::Edit => {
            if let Some(row) = app.selected_row() {
                let request = if action == Action::ChangeRag {
                    FormRequest::ChangeRag(row.id)
                } else {
                    FormRequest::EditProject(row.id)
                };
                return vec![Effect::OpenForm(request)];
            }
        }
        Action::New => return vec![Effect::OpenForm(FormRequest::NewProject)],
        Action::Archive => {
            if let Some(row) = app.selected_row() {
                let verb = if row.archived { "Restore" } else { "Archive" };
                let text = format!(
                    "{verb} project {} · {}? {} (y/n)",
                    row.code,
                    row.name,
                    if row.archived {
                        "It returns to the work plan."
                    } else {
                        "It is hidden from the work plan and can be restored (A shows archived)."
                    }
                );
                let write = super::edits::archive_write(
                    Entity::Project,
                    row.id,
                    row.version,
                    row.archived,
                    &format!("project {}", row.code),
                );
                app.overlay = Some(Overlay::Confirm {
                    text,
                    write: Box::new(write),
                });
            }
        }
        Action::ShowArchived => {
            app.portfolio.filter.archived = !app.portfolio.filter.archived;
            app.portfolio.cursor = Default::default();
            app.refresh_visible();
            app.message = Some(if app.portfolio.filter.archived {
                "showing archived projects (x restores one)".into()
            } else {
                "archived projects hidden".into()
            });
        }
        Action::Sort => {
            app.portfolio.sort = app.portfolio.sort.next();
            app.refresh_visible();
            app.message = Some(format!("sorted by {}", app.portfolio.sort.label()));
        }
        Action::ReverseSort => {
            app.portfolio.reverse = !app.portfolio.reverse;
            app.refresh_visible();
            app.message = Some(format!(
                "sorted by {}{}",
                app.portfolio.sort.label(),
                if app.portfolio.reverse {
                    ", reversed"
                } else {
                    ""
                }
            ));
        }
        Action::NextView => return open_timeline(app),
        Action::PrevView if app.project.is_some() => app.screen = Screen::Project,
        Action::PrevView => return open_timeline(app),
        _ => {}
    }
    Vec::new()
}

fn project_action(app: &mut App, action: Action) -> Vec<Effect> {
    let height = app.page_height;
    if let Some(effects) = project_edit_action(app, action) {
        return effects;
    }
    let Some(project) = app.project.as_mut() else {
        app.screen = Screen::Portfolio;
        return Vec::new();
    };
    let len = project.rows_in_tab();
    if project.tab == Tab::Timeline && is_time_action(action) {
        // Scroll from the window the tab is showing, which may start at the project's start.
        if app.timeline.start.is_none() {
            let start = project.project.start_date;
            let width = app.chart_width.max(1);
            app.timeline.start = Some(app.timeline.project_scale(app.today, width, start).start);
        }
        time_action(app, action);
        return Vec::new();
    }
    match action {
        Action::Back => app.screen = Screen::Portfolio,
        Action::NextView | Action::PrevView => {
            project.tab = project.tab.step(action == Action::NextView);
            project.cursor = Default::default();
        }
        _ if navigate(&mut project.cursor, action, len, height) => {}
        Action::Open if project.tab == Tab::Overview => {
            project.tab = Tab::Milestones;
            project.cursor = Default::default();
        }
        _ => {}
    }
    Vec::new()
}

/// The selected milestone on the Milestones or Timeline tab.
fn selected_milestone(state: &ProjectState) -> Option<&crate::domain::Milestone> {
    match state.tab {
        Tab::Milestones => state.milestones.get(state.cursor.selected),
        Tab::Timeline => state
            .cursor
            .selected
            .checked_sub(1)
            .and_then(|i| state.milestones.get(i)),
        _ => None,
    }
}

/// Edits from a project's screen; `None` when the action is not an edit.
fn project_edit_action(app: &mut App, action: Action) -> Option<Vec<Effect>> {
    let state = app.project.as_ref()?;
    let project = state.project.id;
    let open = |r: FormRequest| Some(vec![Effect::OpenForm(r)]);
    match action {
        Action::ChangeRag => open(FormRequest::ChangeRag(project)),
        Action::Edit => match state.tab {
            Tab::Milestones | Tab::Timeline => match selected_milestone(state) {
                Some(m) => open(FormRequest::EditMilestone(m.id)),
                None if state.tab == Tab::Timeline => open(FormRequest::EditProject(project)),
                None => Some(Vec::new()),
            },
            Tab::Risks => state
                .risks
                .get(state.cursor.selected)
                .map(|r| vec![Effect::OpenForm(FormRequest::EditRisk(r.id))]),
            _ => open(FormRequest::EditProject(project)),
        },
        Action::New => match state.tab {
            Tab::Risks => open(FormRequest::NewRisk(Some(project))),
            _ => open(FormRequest::NewMilestone(project)),
        },
        Action::MarkDone | Action::MoveDate => {
            let Some(m) = selected_milestone(state) else {
                app.message = Some("select a milestone first (Milestones tab)".into());
                return Some(Vec::new());
            };
            if m.is_done() {
                app.message = Some(format!(
                    "'{}' is already done{}",
                    m.name,
                    if action == Action::MoveDate {
                        ": e edits its dates"
                    } else {
                        ""
                    }
                ));
                return Some(Vec::new());
            }
            open(if action == Action::MarkDone {
                FormRequest::MarkDone(m.id)
            } else {
                FormRequest::MoveMilestone(m.id)
            })
        }
        Action::Archive if state.tab == Tab::Cases => {
            let case = state.cases.get(state.cursor.selected)?;
            let text = format!(
                "Unlink case {} from {}? It stays on the service desk. (y/n)",
                case.reference, state.project.code
            );
            let write = Write::Edit {
                edit: crate::store::edit::Edit {
                    entity: Entity::Case,
                    id: case.id,
                    expected_version: case.version,
                    values: vec![("project_id", rusqlite::types::Value::Null)],
                    loaded: vec![(
                        "project_id",
                        rusqlite::types::Value::Integer(state.project.id),
                    )],
                    reason: format!("unlinked from {}", state.project.code),
                },
                label: format!("unlinked {}", case.reference),
            };
            app.overlay = Some(Overlay::Confirm {
                text,
                write: Box::new(write),
            });
            Some(Vec::new())
        }
        Action::Archive => {
            let (entity, id, version, archived, what) = match state.tab {
                Tab::Milestones | Tab::Timeline => {
                    let m = selected_milestone(state)?;
                    (
                        Entity::Milestone,
                        m.id,
                        m.version,
                        m.archived,
                        format!("milestone '{}'", m.name),
                    )
                }
                Tab::Risks => {
                    let r = state.risks.get(state.cursor.selected)?;
                    (
                        Entity::Risk,
                        r.id,
                        r.version,
                        r.archived,
                        format!("risk {} '{}'", r.code, r.title),
                    )
                }
                _ => {
                    let p = &state.project;
                    (
                        Entity::Project,
                        p.id,
                        p.version,
                        p.archived,
                        format!("project {}", p.code),
                    )
                }
            };
            let verb = if archived { "Restore" } else { "Archive" };
            let text = format!(
                "{verb} {what}? {} (y/n)",
                if archived {
                    "It comes back."
                } else {
                    "It is hidden and can be restored (A shows archived items)."
                }
            );
            app.overlay = Some(Overlay::Confirm {
                text,
                write: Box::new(super::edits::archive_write(
                    entity, id, version, archived, &what,
                )),
            });
            Some(Vec::new())
        }
        Action::ShowArchived => {
            let state = app.project.as_mut()?;
            state.show_archived = !state.show_archived;
            app.message = Some(if state.show_archived {
                "showing archived milestones and risks (x restores one)".into()
            } else {
                "archived items hidden".into()
            });
            Some(vec![Effect::Refresh])
        }
        Action::Triage => Some(start_triage(app)),
        Action::Reassess | Action::CloseReopen | Action::ToIssue if state.tab == Tab::Risks => {
            let risk = state.risks.get(state.cursor.selected)?.clone();
            risk_write_action(app, action, &risk)
        }
        _ => None,
    }
}

fn handle_overlay_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let Some(overlay) = app.overlay.as_mut() else {
        return Vec::new();
    };
    match overlay {
        Overlay::Form(open) => {
            return match open.form.handle_key(key) {
                FormEvent::None => Vec::new(),
                FormEvent::Cancel => {
                    app.overlay = None;
                    app.message = Some("nothing was saved".into());
                    Vec::new()
                }
                FormEvent::ExternalEditor => vec![Effect::ExternalEditor],
                FormEvent::Save => match super::edits::submit(open, app.today) {
                    Some(write) => vec![Effect::Write(write)],
                    None => Vec::new(),
                },
            };
        }
        Overlay::Confirm { write, .. } => {
            let write = (**write).clone();
            app.overlay = None;
            if matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
                return vec![Effect::Write(write)];
            }
            app.message = Some("nothing was changed".into());
        }
        Overlay::Conflict(conflict) => match key.code {
            KeyCode::Char('r') | KeyCode::Char('R') => {
                let mut write = conflict.write.clone();
                if let Write::Edit { edit, .. } = &mut write {
                    // On top of theirs: their values become what this edit expects to find.
                    edit.expected_version = conflict.version;
                    for (column, theirs) in &conflict.theirs {
                        edit.loaded.retain(|(c, _)| c != column);
                        edit.loaded.push((column, theirs.clone()));
                    }
                }
                app.overlay = None;
                return vec![Effect::Write(write)];
            }
            KeyCode::Char('d') | KeyCode::Char('D') | KeyCode::Esc => {
                app.overlay = None;
                app.message = Some("your change was dropped; their values stand".into());
                return vec![Effect::Refresh];
            }
            _ => {}
        },
        Overlay::Help { scroll } => match key.code {
            KeyCode::Down | KeyCode::Char('j') => *scroll = scroll.saturating_add(1),
            KeyCode::Up | KeyCode::Char('k') => *scroll = scroll.saturating_sub(1),
            _ => app.overlay = None,
        },
        Overlay::Search(input) => match key.code {
            KeyCode::Esc => {
                app.overlay = None;
                if app.screen == Screen::Risks {
                    app.risks.search.clear();
                    app.risks.refresh_visible(&app.settings, app.page_height);
                } else {
                    app.portfolio.search.clear();
                    app.refresh_visible();
                }
            }
            KeyCode::Enter => {
                app.overlay = None;
                let found = if app.screen == Screen::Risks {
                    app.risks.visible.len()
                } else {
                    app.portfolio.visible.len()
                };
                app.message = Some(format!(
                    "{found} match{}{}",
                    if found == 1 { "" } else { "es" },
                    if found > 0 {
                        " (Esc clears the search)"
                    } else {
                        ""
                    }
                ));
            }
            KeyCode::Up | KeyCode::Down => {
                let delta = if key.code == KeyCode::Up { -1 } else { 1 };
                let len = app.portfolio.visible.len();
                app.portfolio.cursor.move_by(delta, len, app.page_height);
            }
            _ => {
                // Ctrl-m and friends would insert newlines; a search is one line.
                if key.modifiers.contains(KeyModifiers::CONTROL)
                    && matches!(key.code, KeyCode::Char('m') | KeyCode::Char('j'))
                {
                    return Vec::new();
                }
                input.input(key);
                let text = input.lines().first().cloned().unwrap_or_default();
                if app.screen == Screen::Risks {
                    if text != app.risks.search {
                        app.risks.search = text;
                        app.risks.cursor = Default::default();
                        app.risks.refresh_visible(&app.settings, app.page_height);
                    }
                } else if text != app.portfolio.search {
                    app.portfolio.search = text;
                    app.portfolio.cursor = Default::default();
                    app.refresh_visible();
                }
            }
        },
        Overlay::Filter { field } => {
            let fields = FilterField::for_screen(app.screen);
            let count = fields.len();
            match key.code {
                KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q') | KeyCode::Char('f') => {
                    app.overlay = None
                }
                KeyCode::Down | KeyCode::Char('j') | KeyCode::Tab => *field = (*field + 1) % count,
                KeyCode::Up | KeyCode::Char('k') | KeyCode::BackTab => {
                    *field = (*field + count - 1) % count
                }
                KeyCode::Right | KeyCode::Char('l') | KeyCode::Char(' ') => {
                    let which = fields[*field];
                    cycle_filter(app, which, true);
                }
                KeyCode::Left | KeyCode::Char('h') => {
                    let which = fields[*field];
                    cycle_filter(app, which, false);
                }
                KeyCode::Backspace | KeyCode::Delete | KeyCode::Char('x') => {
                    let which = fields[*field];
                    clear_filter(app, which);
                }
                KeyCode::Char('c') => {
                    if app.screen == Screen::Risks {
                        app.risks.filter = Default::default();
                        app.risks.refresh_visible(&app.settings, app.page_height);
                    } else {
                        app.portfolio.filter = Default::default();
                        app.refresh_visible();
                    }
                }
                _ => {}
            }
        }
    }
    Vec::new()
}

/// The values a filter field can take, from the data ("any" first).
pub fn filter_choices(app: &App, field: FilterField) -> Vec<Option<String>> {
    let rows = &app.portfolio.rows;
    let risks = &app.risks.rows;
    let on_risks = app.screen == Screen::Risks;
    let distinct = |values: &mut dyn Iterator<Item = String>| -> Vec<Option<String>> {
        let set: BTreeSet<String> = values.filter(|v| !v.trim().is_empty()).collect();
        std::iter::once(None)
            .chain(set.into_iter().map(Some))
            .collect()
    };
    let fixed = |values: &[&str]| -> Vec<Option<String>> {
        std::iter::once(None)
            .chain(values.iter().map(|v| Some(v.to_string())))
            .collect()
    };
    match field {
        FilterField::Organisation if on_risks => {
            distinct(&mut risks.iter().flat_map(|r| r.organisations.iter().cloned()))
        }
        FilterField::Organisation => {
            distinct(&mut rows.iter().flat_map(|r| r.organisations.iter().cloned()))
        }
        FilterField::Theme if on_risks => {
            distinct(&mut risks.iter().filter_map(|r| r.theme.clone()))
        }
        FilterField::Theme => distinct(&mut rows.iter().filter_map(|r| r.theme.clone())),
        FilterField::Manager => distinct(&mut rows.iter().map(|r| r.manager.clone())),
        FilterField::Stage => std::iter::once(None)
            .chain(Stage::ALL.iter().map(|s| Some(s.as_str().to_string())))
            .collect(),
        FilterField::Rag => std::iter::once(None)
            .chain(
                app.settings
                    .rag_scale
                    .values()
                    .iter()
                    .chain([Rag::Unrated].iter())
                    .map(|r| Some(r.as_str().to_string())),
            )
            .collect(),
        FilterField::Mine => vec![None, Some("yes".to_string())],
        FilterField::Scope => vec![None, Some("corporate".into()), Some("project".into())],
        FilterField::Project => {
            distinct(&mut risks.iter().filter_map(|r| r.risk.project_code.clone()))
        }
        FilterField::Owner => distinct(&mut risks.iter().map(|r| r.risk.owner.clone())),
        FilterField::Band => fixed(&["Low", "Medium", "High", "Very high"]),
        FilterField::Status => vec![None, Some("closed".into())],
        FilterField::Kind => fixed(&["risk", "issue"]),
    }
}

/// The field's current value as `filter_choices` writes it.
pub fn filter_value(app: &App, field: FilterField) -> Option<String> {
    let f = &app.portfolio.filter;
    let r = &app.risks.filter;
    let on_risks = app.screen == Screen::Risks;
    match field {
        FilterField::Organisation if on_risks => r.organisation.clone(),
        FilterField::Theme if on_risks => r.theme.clone(),
        FilterField::Organisation => f.organisation.clone(),
        FilterField::Theme => f.theme.clone(),
        FilterField::Manager => f.manager.clone(),
        FilterField::Stage => f.stage.map(|s| s.as_str().to_string()),
        FilterField::Rag => f.rag.map(|r| r.as_str().to_string()),
        FilterField::Mine => f.mine.then(|| "yes".to_string()),
        FilterField::Scope => match r.scope {
            super::risks::Scope::All => None,
            super::risks::Scope::Corporate => Some("corporate".into()),
            super::risks::Scope::Project => Some("project".into()),
        },
        FilterField::Project => r.project.clone(),
        FilterField::Owner => r.owner.clone(),
        FilterField::Band => r.band.map(|b| b.label().to_string()),
        FilterField::Status => r.closed.then(|| "closed".to_string()),
        FilterField::Kind => r.kind.map(|k| k.as_str().to_string()),
    }
}

fn cycle_filter(app: &mut App, field: FilterField, forward: bool) {
    let choices = filter_choices(app, field);
    let current = filter_value(app, field);
    let i = choices.iter().position(|c| *c == current).unwrap_or(0);
    let n = choices.len().max(1);
    let next = choices
        .get(if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        })
        .cloned()
        .flatten();
    set_filter(app, field, next);
}

fn clear_filter(app: &mut App, field: FilterField) {
    set_filter(app, field, None);
}

fn set_filter(app: &mut App, field: FilterField, value: Option<String>) {
    use crate::domain::{RiskBand, RiskKind};
    if app.screen == Screen::Risks {
        let r = &mut app.risks.filter;
        match field {
            FilterField::Organisation => r.organisation = value,
            FilterField::Theme => r.theme = value,
            FilterField::Project => r.project = value,
            FilterField::Owner => r.owner = value,
            FilterField::Scope => {
                r.scope = match value.as_deref() {
                    Some("corporate") => super::risks::Scope::Corporate,
                    Some("project") => super::risks::Scope::Project,
                    _ => super::risks::Scope::All,
                }
            }
            FilterField::Band => {
                r.band = [
                    RiskBand::Low,
                    RiskBand::Medium,
                    RiskBand::High,
                    RiskBand::VeryHigh,
                ]
                .into_iter()
                .find(|b| Some(b.label()) == value.as_deref())
            }
            FilterField::Status => r.closed = value.is_some(),
            FilterField::Kind => r.kind = value.and_then(|v| v.parse::<RiskKind>().ok()),
            _ => {}
        }
        app.risks.cursor = Default::default();
        app.risks.refresh_visible(&app.settings, app.page_height);
        return;
    }
    let f = &mut app.portfolio.filter;
    match field {
        FilterField::Organisation => f.organisation = value,
        FilterField::Theme => f.theme = value,
        FilterField::Manager => f.manager = value,
        FilterField::Stage => f.stage = value.and_then(|v| v.parse().ok()),
        FilterField::Rag => f.rag = value.and_then(|v| v.parse().ok()),
        FilterField::Mine => f.mine = value.is_some(),
        _ => {}
    }
    app.portfolio.cursor = Default::default();
    app.refresh_visible();
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::triage::PortfolioRow;
    use crate::domain::{Milestone, Project, Settings};
    use crate::tui::app::{AppContext, ProjectState};
    use crate::tui::keymap::Keymap;
    use crate::tui::theme::Theme;

    fn app() -> App {
        let context = AppContext {
            today: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            user: "Ann".into(),
            db_label: "t.db".into(),
            read_only: false,
            keymap: Keymap::default(),
            theme: Theme::mono(),
        };
        let mut app = App::new(context, Settings::default());
        let row = |id: i64, code: &str, name: &str, rag: Rag, manager: &str| PortfolioRow {
            id,
            code: code.into(),
            name: name.into(),
            rag,
            stage: Stage::InDelivery,
            manager: manager.into(),
            organisations: vec![
                if id % 2 == 0 {
                    "Holmwick"
                } else {
                    "Brackenford"
                }
                .into(),
            ],
            ..PortfolioRow::default()
        };
        app.set_rows(vec![
            row(1, "P-1", "Webchat", Rag::Green, "Bob"),
            row(2, "P-2", "Firewall replacement", Rag::Red, "Ann"),
            row(3, "P-3", "Telephony", Rag::Amber, "Cat"),
        ]);
        app
    }

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn selected(app: &App) -> &str {
        &app.selected_row().unwrap().code
    }

    #[test]
    fn rows_arrive_in_triage_order_and_the_cursor_moves() {
        let mut app = app();
        assert_eq!(selected(&app), "P-2");
        update(&mut app, Action::Down);
        assert_eq!(selected(&app), "P-3");
        update(&mut app, Action::Bottom);
        assert_eq!(selected(&app), "P-1");
        update(&mut app, Action::Down);
        assert_eq!(selected(&app), "P-1", "stops at the last row");
        update(&mut app, Action::Top);
        assert_eq!(selected(&app), "P-2");
        update(&mut app, Action::Up);
        assert_eq!(selected(&app), "P-2");
    }

    #[test]
    fn open_asks_for_the_project_and_back_returns() {
        let mut app = app();
        update(&mut app, Action::Down);
        assert_eq!(update(&mut app, Action::Open), vec![Effect::LoadProject(3)]);
        app.project = Some(ProjectState {
            project: Project::default(),
            history: vec![],
            milestones: vec![Milestone::default(), Milestone::default()],
            risks: vec![],
            cases: vec![],
            audit: vec![],
            tab: Tab::Overview,
            cursor: Default::default(),
            show_archived: false,
        });
        app.screen = Screen::Project;
        update(&mut app, Action::NextView);
        update(&mut app, Action::NextView);
        assert_eq!(app.project.as_ref().unwrap().tab, Tab::Milestones);
        update(&mut app, Action::Down);
        assert_eq!(app.project.as_ref().unwrap().cursor.selected, 1);
        update(&mut app, Action::PrevView);
        update(&mut app, Action::PrevView);
        assert_eq!(app.project.as_ref().unwrap().tab, Tab::Overview);
        update(&mut app, Action::Back);
        assert_eq!(app.screen, Screen::Portfolio);
        assert_eq!(
            selected(&app),
            "P-3",
            "the selection survives the round trip"
        );
        update(&mut app, Action::PrevView);
        assert_eq!(
            app.screen,
            Screen::Project,
            "Shift-Tab returns to the open project"
        );
        update(&mut app, Action::Back);
        assert_eq!(
            update(&mut app, Action::NextView),
            vec![Effect::LoadTimeline]
        );
        assert_eq!(app.screen, Screen::Timeline, "Tab goes on to the timeline");
    }

    #[test]
    fn typing_a_search_narrows_and_esc_clears_it() {
        let mut app = app();
        handle_key(&mut app, key(KeyCode::Char('/')));
        assert!(matches!(app.overlay, Some(Overlay::Search(_))));
        for c in "tele".chars() {
            handle_key(&mut app, key(KeyCode::Char(c)));
        }
        assert_eq!(app.portfolio.search, "tele");
        assert_eq!(app.portfolio.visible.len(), 1);
        assert_eq!(selected(&app), "P-3");
        handle_key(&mut app, key(KeyCode::Backspace));
        assert_eq!(app.portfolio.search, "tel");
        handle_key(&mut app, key(KeyCode::Enter));
        assert!(app.overlay.is_none());
        assert!(app.message.as_deref().unwrap().starts_with("1 match"));
        handle_key(&mut app, key(KeyCode::Esc));
        assert_eq!(app.portfolio.visible.len(), 3);
        assert_eq!(app.message.as_deref(), Some("search cleared"));
    }

    #[test]
    fn the_filter_dialog_cycles_values_from_the_data() {
        let mut app = app();
        update(&mut app, Action::Filter);
        handle_key(&mut app, key(KeyCode::Char('l')));
        assert_eq!(
            app.portfolio.filter.organisation.as_deref(),
            Some("Brackenford")
        );
        assert_eq!(app.portfolio.visible.len(), 2);
        handle_key(&mut app, key(KeyCode::Char('l')));
        assert_eq!(
            app.portfolio.filter.organisation.as_deref(),
            Some("Holmwick")
        );
        handle_key(&mut app, key(KeyCode::Char('l')));
        assert_eq!(app.portfolio.filter.organisation, None, "wraps to any");
        for _ in 0..3 {
            handle_key(&mut app, key(KeyCode::Char('j')));
        }
        handle_key(&mut app, key(KeyCode::Char('l')));
        assert_eq!(app.portfolio.filter.rag, Some(Rag::Red));
        handle_key(&mut app, key(KeyCode::Char('j')));
        handle_key(&mut app, key(KeyCode::Char('j')));
        handle_key(&mut app, key(KeyCode::Char(' ')));
        assert!(app.portfolio.filter.mine);
        assert_eq!(app.portfolio.visible.len(), 1, "Ann's red project");
        handle_key(&mut app, key(KeyCode::Char('c')));
        assert!(app.portfolio.filter.is_default());
        handle_key(&mut app, key(KeyCode::Esc));
        assert!(app.overlay.is_none());
    }

    #[test]
    fn sort_cycles_and_reverses_and_quit_quits() {
        let mut app = app();
        update(&mut app, Action::Sort);
        assert_eq!(app.portfolio.sort, crate::domain::filter::SortKey::Code);
        assert_eq!(selected(&app), "P-1");
        update(&mut app, Action::ReverseSort);
        app.portfolio.cursor = Default::default();
        assert_eq!(selected(&app), "P-3");
        assert!(!app.quit);
        handle_key(&mut app, key(KeyCode::Char('q')));
        assert!(app.quit);
    }

    #[test]
    fn timeline_keys_zoom_scroll_and_switch_lists() {
        use crate::domain::timeline::Zoom;
        use crate::tui::app::TimelineMode;
        let mut app = app();
        app.chart_width = 50;
        assert_eq!(
            update(&mut app, Action::Timeline),
            vec![Effect::LoadTimeline]
        );
        assert_eq!(app.screen, Screen::Timeline);
        let start = app.timeline.scale(app.today, 50).start;
        update(&mut app, Action::ScrollOn);
        assert_eq!(
            app.timeline.start,
            Some(start + chrono::Duration::days(6 * 4))
        );
        update(&mut app, Action::PageBack);
        assert_eq!(
            app.timeline.start,
            Some(start + chrono::Duration::days(6 * 4 - 50 * 4))
        );
        update(&mut app, Action::Today);
        assert_eq!(app.timeline.start, Some(start));
        update(&mut app, Action::ZoomOut);
        assert_eq!(app.timeline.zoom, Zoom::Quarters);
        assert_eq!(app.message.as_deref(), Some("zoom: quarters"));
        let scale = app.timeline.scale(app.today, 50);
        assert_eq!(scale.column(app.today), Some(10), "today stays put");
        update(&mut app, Action::NextList);
        assert_eq!(app.timeline.mode, TimelineMode::Overdue);
        update(&mut app, Action::Back);
        assert_eq!(
            app.timeline.mode,
            TimelineMode::Gantt,
            "Esc returns to the chart first"
        );
        update(&mut app, Action::Down);
        assert_eq!(
            selected(&app),
            "P-3",
            "the chart shares the portfolio's cursor"
        );
        assert_eq!(update(&mut app, Action::Open), vec![Effect::LoadProject(3)]);
        let since = app.timeline.since;
        update(&mut app, Action::SinceEarlier);
        assert_eq!(app.timeline.since, since - chrono::Duration::days(30));
        assert_eq!(app.timeline.mode, TimelineMode::Slipped);
        for _ in 0..5 {
            update(&mut app, Action::SinceLater);
        }
        assert_eq!(app.timeline.since, app.today, "never after today");
        update(&mut app, Action::Back);
        update(&mut app, Action::Back);
        assert_eq!(app.screen, Screen::Portfolio);
    }

    #[test]
    fn edit_keys_ask_for_forms_on_fresh_rows() {
        let mut app = app();
        assert_eq!(
            update(&mut app, Action::ChangeRag),
            vec![Effect::OpenForm(FormRequest::ChangeRag(2))]
        );
        assert_eq!(
            update(&mut app, Action::Edit),
            vec![Effect::OpenForm(FormRequest::EditProject(2))]
        );
        assert_eq!(
            update(&mut app, Action::New),
            vec![Effect::OpenForm(FormRequest::NewProject)]
        );
        assert_eq!(update(&mut app, Action::Undo), vec![Effect::Undo]);
        let ctrl_r = KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL);
        assert_eq!(handle_key(&mut app, ctrl_r), vec![Effect::Redo]);
    }

    #[test]
    fn archiving_asks_first_and_names_what_goes() {
        let mut app = app();
        assert!(update(&mut app, Action::Archive).is_empty());
        let Some(Overlay::Confirm { text, .. }) = &app.overlay else {
            panic!("a confirmation")
        };
        assert!(
            text.contains("Archive project P-2 · Firewall replacement?"),
            "{text}"
        );
        assert!(handle_key(&mut app, key(KeyCode::Char('n'))).is_empty());
        assert!(app.overlay.is_none());
        update(&mut app, Action::Archive);
        let effects = handle_key(&mut app, key(KeyCode::Char('y')));
        let [Effect::Write(Write::Edit { edit, .. })] = effects.as_slice() else {
            panic!("{effects:?}")
        };
        assert_eq!(
            edit.values,
            vec![("archived", rusqlite::types::Value::Integer(1))]
        );
        update(&mut app, Action::ShowArchived);
        assert!(app.portfolio.filter.archived);
        assert!(app.portfolio.visible.is_empty(), "nothing is archived yet");
    }

    #[test]
    fn read_only_explains_why_edit_keys_do_nothing() {
        let mut app = app();
        app.read_only = true;
        for action in [
            Action::ChangeRag,
            Action::Edit,
            Action::New,
            Action::Archive,
            Action::Undo,
        ] {
            assert!(update(&mut app, action).is_empty(), "{action:?}");
            assert!(app.message.as_deref().unwrap().starts_with("read-only"));
        }
        assert!(app.overlay.is_none());
    }

    #[test]
    fn triage_steps_through_red_and_amber_only() {
        let mut app = app();
        assert_eq!(
            update(&mut app, Action::Triage),
            vec![Effect::LoadProject(2)]
        );
        assert_eq!(app.screen, Screen::Triage);
        assert_eq!(
            app.triage.as_ref().unwrap().ids,
            vec![2, 3],
            "red then amber; green left out"
        );
        assert_eq!(
            handle_key(&mut app, key(KeyCode::Char(' '))),
            vec![Effect::LoadProject(3)]
        );
        assert!(
            handle_key(&mut app, key(KeyCode::Char('n'))).is_empty(),
            "no more"
        );
        assert!(app.message.as_deref().unwrap().contains("last of 2"));
        assert_eq!(
            handle_key(&mut app, key(KeyCode::Char('p'))),
            vec![Effect::LoadProject(2)]
        );
        app.project = Some(ProjectState {
            project: Project {
                id: 2,
                code: "P-2".into(),
                version: 4,
                ..Project::default()
            },
            history: vec![],
            milestones: vec![],
            risks: vec![],
            cases: vec![],
            audit: vec![],
            tab: Tab::Overview,
            cursor: Default::default(),
            show_archived: false,
        });
        let effects = handle_key(&mut app, key(KeyCode::Char('c')));
        let [Effect::Write(Write::Edit { edit, label })] = effects.as_slice() else {
            panic!("{effects:?}")
        };
        assert_eq!(edit.expected_version, 4);
        assert_eq!(edit.values[0].0, "last_reviewed_at");
        assert_eq!(label, "P-2 reviewed, unchanged");
        assert_eq!(
            handle_key(&mut app, key(KeyCode::Char('r'))),
            vec![Effect::OpenForm(FormRequest::ChangeRag(2))]
        );
        handle_key(&mut app, key(KeyCode::Esc));
        assert_eq!(app.screen, Screen::Portfolio);
        assert!(app.triage.is_none());
    }

    #[test]
    fn history_view_filters_by_user_and_date() {
        let mut app = app();
        assert_eq!(
            handle_key(&mut app, key(KeyCode::Char('6'))),
            vec![Effect::LoadHistory]
        );
        assert_eq!(app.screen, Screen::History);
        app.history.users = vec!["Ann".into(), "Bob".into()];
        assert_eq!(
            handle_key(&mut app, key(KeyCode::Char('f'))),
            vec![Effect::LoadHistory]
        );
        assert_eq!(app.history.user.as_deref(), Some("Ann"));
        handle_key(&mut app, key(KeyCode::Char('f')));
        assert_eq!(app.history.user.as_deref(), Some("Bob"));
        handle_key(&mut app, key(KeyCode::Char('f')));
        assert_eq!(app.history.user, None, "back to everyone");
        handle_key(&mut app, key(KeyCode::Char('w')));
        assert_eq!(app.history.days, Some(1));
        handle_key(&mut app, key(KeyCode::Char('w')));
        assert_eq!(app.history.days, Some(7));
    }

    #[test]
    fn a_form_saves_only_when_valid_and_a_conflict_can_be_reapplied() {
        let mut app = app();
        app.settings.rag_scale = crate::domain::RagScale::Three;
        let project = Project {
            id: 2,
            code: "P-2".into(),
            name: "Firewall".into(),
            rag: Rag::Green,
            version: 4,
            ..Project::default()
        };
        app.overlay = Some(Overlay::Form(Box::new(super::super::edits::rag_form(
            &app, &project,
        ))));
        handle_key(&mut app, key(KeyCode::Left));
        assert!(
            handle_key(&mut app, key(KeyCode::Enter)).is_empty(),
            "amber needs a reason"
        );
        let Some(Overlay::Form(open)) = &app.overlay else {
            panic!("the form stays open")
        };
        assert!(open.form.field("rag_reason").unwrap().error.is_some());
        for c in "Supplier late".chars() {
            handle_key(&mut app, key(KeyCode::Char(c)));
        }
        let effects = handle_key(&mut app, key(KeyCode::Enter));
        let [Effect::Write(write)] = effects.as_slice() else {
            panic!("{effects:?}")
        };
        app.overlay = Some(Overlay::Conflict(Box::new(crate::tui::app::Conflict {
            write: write.clone(),
            version: 9,
            theirs: vec![],
        })));
        let effects = handle_key(&mut app, key(KeyCode::Char('r')));
        let [Effect::Write(Write::Edit { edit, .. })] = effects.as_slice() else {
            panic!("{effects:?}")
        };
        assert_eq!(edit.expected_version, 9, "re-applied on top of theirs");
        app.overlay = Some(Overlay::Conflict(Box::new(crate::tui::app::Conflict {
            write: write.clone(),
            version: 9,
            theirs: vec![],
        })));
        assert_eq!(
            handle_key(&mut app, key(KeyCode::Char('d'))),
            vec![Effect::Refresh]
        );
        assert!(app.message.as_deref().unwrap().contains("dropped"));
    }

    #[test]
    fn help_opens_and_any_key_closes_it() {
        let mut app = app();
        handle_key(&mut app, key(KeyCode::Char('?')));
        assert!(matches!(app.overlay, Some(Overlay::Help { .. })));
        handle_key(&mut app, key(KeyCode::Char('j')));
        assert!(matches!(app.overlay, Some(Overlay::Help { scroll: 1 })));
        handle_key(&mut app, key(KeyCode::Char('q')));
        assert!(app.overlay.is_none());
        assert!(!app.quit, "q closed help rather than quitting");
    }
}
