//! Keys on the timeline (and the zoom and scroll keys a project's Timeline tab shares).

use super::load::TimelineData;
use crate::domain::timeline::Scale;
use crate::tui::cursor::navigate;
use crate::tui::prelude::*;

pub fn open_timeline(app: &mut App) -> Vec<Effect> {
    app.screen = Screen::Timeline;
    vec![Effect::LoadTimeline]
}

/// Zoom, scroll and "today": the keys a project's Timeline tab shares with the timeline.
pub fn is_time_action(action: Action) -> bool {
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
pub fn time_action(app: &mut App, action: Action) -> bool {
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

/// Zoom, scroll, switch between the chart and the lists, open a project or milestone.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
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
            app.timeline.mode = crate::tui::app::TimelineMode::Slipped;
            app.timeline.list_cursor = Default::default();
            app.message = Some(format!(
                "slipped since {}",
                crate::domain::dates::display(app.timeline.since)
            ));
        }
        Action::Back if mode != crate::tui::app::TimelineMode::Gantt => {
            app.timeline.mode = crate::tui::app::TimelineMode::Gantt;
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
        _ if mode == crate::tui::app::TimelineMode::Gantt => {
            return crate::tui::screens::portfolio::update(app, action);
        }
        Action::Search | Action::Filter | Action::Sort | Action::ReverseSort => {
            return crate::tui::screens::portfolio::update(app, action);
        }
        _ => {
            let rows = super::lists::rows(app, mode);
            let (len, height) = (rows.len(), app.page_height);
            let cursor = &mut app.timeline.list_cursor;
            match action {
                _ if navigate(cursor, action, len, height) => {}
                Action::Open => {
                    if let Some(row) = rows.get(cursor.selected) {
                        app.back_to = Some(Screen::Timeline);
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

/// Every milestone read: shown, unless read in the background for a visit the user has
/// since left.
pub fn on_loaded(app: &mut App, data: TimelineData, ran: Ran) {
    if ran == Ran::InBackground && app.screen != Screen::Timeline {
        return;
    }
    app.timeline.milestones = data.milestones;
    app.timeline.moves = data.moves;
    app.timeline.since = data.since;
    app.timeline.loaded_at = Some((data.token, data.since));
}
