//! Keys on the history view.

use super::load::HistoryData;
use super::state::HISTORY_WINDOWS;
use crate::tui::cursor::navigate;
use crate::tui::prelude::*;

/// Move, filter by user or by date, or go back.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
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

/// The audit trail read for the view's filters.
pub fn on_loaded(app: &mut App, data: HistoryData) {
    let h = &mut app.history;
    h.users = data.users;
    h.entries = data.entries;
    let (len, height) = (h.entries.len(), app.page_height);
    h.cursor.keep_visible(len, height);
}

/// The changes the view's filters select start here (None: all of them).
pub fn since(app: &App) -> Option<chrono::NaiveDateTime> {
    app.history
        .days
        .map(|d| (app.today - chrono::Duration::days(d)).and_time(chrono::NaiveTime::MIN))
}
