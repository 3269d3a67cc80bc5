//! A case's detail (`Enter` on the breached or warning list): its reference, kind, priority,
//! state, organisation, linked project and summary; its SLA clock; every hold with its reason;
//! and its whole state history. Scrolled when long; `p` opens the linked project.

use chrono::Duration;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::domain::CaseState;
use crate::domain::dates::display_time;
use crate::domain::sla::{DeskCase, SlaClock, holds};
use crate::tui::app::App;
use crate::tui::views::scrolled::{self, field, heading};
use crate::tui::views::widgets::clean;

/// Hours as the lists' clock shows them: `61 h`.
fn hours(d: Duration) -> String {
    format!("{:.0} h", d.num_minutes().max(0) as f64 / 60.0)
}

/// How long a hold lasted: minutes, hours, or from two days on, days and hours.
fn length(d: Duration) -> String {
    let minutes = d.num_minutes().max(0);
    match minutes {
        ..=59 => format!("{minutes} min"),
        60..=2879 => hours(d),
        _ => format!("{} days {} h", minutes / 1440, minutes % 1440 / 60),
    }
}

/// A state as the desk words it: `on-hold: Awaiting vendor`.
fn state_text(state: CaseState, hold_reason: &str) -> String {
    if state == CaseState::OnHold && !hold_reason.trim().is_empty() {
        format!("{}: {}", state.as_str(), clean(hold_reason))
    } else {
        state.as_str().to_string()
    }
}

/// `61 h of a 24 h target · 256% used · breached`: the hours without the time on hold.
fn clock_text(clock: &SlaClock) -> String {
    match (clock.target_hours, clock.percent()) {
        (Some(target), Some(percent)) => format!(
            "{} of a {target} h target · {percent}% used · {}",
            hours(clock.elapsed),
            clock.status.label()
        ),
        _ => format!("{} · {}", hours(clock.elapsed), clock.status.label()),
    }
}

/// The linked project: its code and name (from the portfolio), and how to open it.
fn project_text(app: &App, case: &DeskCase) -> String {
    match case.project_code.as_deref() {
        Some(code) => {
            let name = app
                .portfolio
                .rows
                .iter()
                .find(|r| r.code == code)
                .map(|r| format!(" {}", clean(&r.name)))
                .unwrap_or_default();
            format!("{}{name} · p opens it", clean(code))
        }
        None => "not linked · L links it to a project".to_string(),
    }
}

fn lines(app: &App, case: &DeskCase) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let now = app.now();
    let end = case.clock_end(now);
    let clock = case.sla(now, &app.settings);
    let mut lines = vec![
        field(
            theme,
            "Case",
            format!(
                "{} · {} · P{}",
                clean(&case.reference),
                case.kind.as_str(),
                case.priority
            ),
        ),
        field(theme, "State", state_text(case.state, &case.hold_reason)),
        field(
            theme,
            "Organisation",
            case.organisation.as_deref().map(clean).unwrap_or_default(),
        ),
        field(theme, "Project", project_text(app, case)),
        field(theme, "Summary", clean(&case.summary)),
        field(
            theme,
            "Opened",
            format!(
                "{} · {} days ago",
                display_time(case.opened_at),
                case.age_days(now)
            ),
        ),
    ];
    if let Some(resolved) = case.resolved_at {
        lines.push(field(theme, "Resolved", display_time(resolved)));
    }
    lines.push(field(theme, "SLA clock", clock_text(&clock)));
    if clock.on_hold > Duration::zero() {
        lines.push(field(
            theme,
            "On hold",
            format!("{}, not counted in the clock", length(clock.on_hold)),
        ));
    }
    let stops = holds(&case.history);
    lines.extend(heading(
        theme,
        match stops.len() {
            0 => "No holds: the clock has run since opening.".to_string(),
            n => format!("Holds ({n}, {} in all)", length(clock.on_hold)),
        },
    ));
    for hold in &stops {
        let to = hold
            .to
            .map(display_time)
            .unwrap_or_else(|| "still on hold".to_string());
        let reason = if hold.reason.trim().is_empty() {
            "(no reason recorded)".to_string()
        } else {
            clean(&hold.reason)
        };
        lines.push(Line::raw(format!(
            "  {} – {to} · {} · {reason}",
            display_time(hold.from),
            length(hold.length(end))
        )));
    }
    lines.extend(heading(
        theme,
        if case.history.is_empty() {
            "No state history recorded.".to_string()
        } else {
            "State history, oldest first".to_string()
        },
    ));
    for change in &case.history {
        lines.push(Line::raw(format!(
            "  {}  {}",
            display_time(change.at),
            state_text(change.state, &change.hold_reason)
        )));
    }
    lines
}

/// Rows the open case detail takes at `width` columns (0 when none is open): how far it can
/// scroll.
pub fn rows(app: &App, width: u16) -> usize {
    app.desk
        .detail_case()
        .map_or(0, |case| scrolled::rows(&lines(app, case), width))
}

/// Draw the open case detail in `area`; false when none is open (the list is drawn).
pub fn draw(frame: &mut Frame<'_>, app: &App, area: Rect) -> bool {
    let (Some(case), Some(detail)) = (app.desk.detail_case(), app.desk.detail) else {
        return false;
    };
    scrolled::draw(
        frame,
        &app.theme,
        area,
        &format!("Case {}", clean(&case.reference)),
        lines(app, case),
        detail.scroll,
    );
    true
}
