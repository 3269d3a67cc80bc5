//! A milestone's detail (`Enter` on the Milestones tab): its owner, status, baseline, forecast
//! and actual dates, its notes, and every move of its dates with when, who, from and to, and
//! why, newest first; scrolled when long.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::state::{ProjectState, Tab};
use crate::domain::Milestone;
use crate::domain::dates::{display, display_time};
use crate::domain::project::MilestoneMove;
use crate::tui::app::App;
use crate::tui::views::scrolled::{self, field, heading, more};
use crate::tui::views::widgets::{clean, signed_days};

/// The milestone whose detail is open on the Milestones tab, if any.
fn shown(state: &ProjectState) -> Option<&Milestone> {
    let detail = state.detail.filter(|_| state.tab == Tab::Milestones)?;
    state.milestones.iter().find(|m| m.id == detail.id)
}

fn date_or_dash(d: Option<NaiveDate>) -> String {
    d.map(display).unwrap_or_else(|| "—".to_string())
}

fn status(app: &App, m: &Milestone) -> String {
    if m.archived {
        "Archived (x restores it)".to_string()
    } else if let Some(done) = m.actual_date {
        format!("Done on {}", display(done))
    } else if m.is_overdue(app.today) {
        "Overdue".to_string()
    } else if m.is_due_soon(app.today, app.settings.due_soon_days) {
        "Due soon".to_string()
    } else {
        "Open".to_string()
    }
}

/// One move: when, which date, from and to (and by how much), who; then why.
fn move_lines(mv: &MilestoneMove) -> [Line<'static>; 2] {
    let by = mv
        .moved_days()
        .map(|d| format!(" ({})", signed_days(d)))
        .unwrap_or_default();
    let reason = if mv.reason.trim().is_empty() {
        "(no reason recorded)".to_string()
    } else {
        clean(&mv.reason)
    };
    [
        Line::raw(format!(
            "  {} · {} {} → {}{by} · {}",
            display_time(mv.changed_at),
            mv.field.as_str(),
            date_or_dash(mv.old_date),
            date_or_dash(mv.new_date),
            clean(&mv.changed_by)
        )),
        Line::raw(format!("    {reason}")),
    ]
}

/// The detail's text.
fn lines(app: &App, state: &ProjectState, m: &Milestone) -> Vec<Line<'static>> {
    let theme = &app.theme;
    // The slip against the baseline, beside the date it is measured to.
    let slip = m
        .slippage_days()
        .filter(|d| *d != 0)
        .map(|d| format!(" ({} against baseline)", signed_days(d)))
        .unwrap_or_default();
    let forecast = match (m.forecast_date, m.baseline_date) {
        (None, Some(_)) => "— (forecast on its baseline)".to_string(),
        (forecast, _) if m.is_done() => date_or_dash(forecast),
        (forecast, _) => format!("{}{slip}", date_or_dash(forecast)),
    };
    let actual = match m.actual_date {
        Some(done) => format!("{}{slip}", display(done)),
        None => "—".to_string(),
    };
    let mut lines = vec![
        field(theme, "Milestone", clean(&m.name)),
        field(theme, "Owner", clean(&m.owner)),
        field(theme, "Status", status(app, m)),
        field(theme, "Baseline", date_or_dash(m.baseline_date)),
        field(theme, "Forecast", forecast),
        field(theme, "Actual", actual),
    ];
    let mut notes = m.notes.lines().filter(|l| !l.trim().is_empty());
    lines.push(field(
        theme,
        "Notes",
        notes.next().map(clean).unwrap_or_default(),
    ));
    lines.extend(notes.map(|l| more(clean(l))));
    let moves: Vec<&MilestoneMove> = state.moves_of(m.id).collect();
    let title = match moves.len() {
        0 => "No date moves recorded.".to_string(),
        1 => "1 date move".to_string(),
        n => format!("{n} date moves, newest first"),
    };
    lines.extend(heading(theme, title));
    for mv in moves {
        lines.extend(move_lines(mv));
    }
    lines
}

/// Rows the open milestone detail takes at `width` columns (0 when none is open): how far
/// it can scroll.
pub fn rows(app: &App, state: &ProjectState, width: u16) -> usize {
    shown(state).map_or(0, |m| scrolled::rows(&lines(app, state, m), width))
}

/// Draw the open milestone detail in `area`; false when none is open (the tab draws its list).
pub fn draw(frame: &mut Frame<'_>, app: &App, state: &ProjectState, area: Rect) -> bool {
    let (Some(m), Some(detail)) = (shown(state), state.detail) else {
        return false;
    };
    scrolled::draw(
        frame,
        &app.theme,
        area,
        "Milestone",
        lines(app, state, m),
        detail.scroll,
    );
    true
}
