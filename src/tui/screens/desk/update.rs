//! Keys on the service desk.

use super::state::Desk;
use crate::tui::cursor::navigate;
use crate::tui::detail::{self, Detail};
use crate::tui::prelude::*;

/// Move, switch list, open a case's detail, link a case, record a month's counts, open a
/// linked project.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    if detail_key(app, action) {
        return Vec::new();
    }
    let height = app.page_height;
    let len = app.desk.list().len();
    if navigate(&mut app.desk.cursor, action, len, height) {
        return Vec::new();
    }
    match action {
        Action::NextList => {
            app.desk.mode = app.desk.mode.next();
            app.desk.cursor = Default::default();
            app.desk.detail = None;
        }
        Action::New if app.read_only => app.message = Some(app.read_only_note()),
        Action::New => return vec![Effect::OpenForm(EditKind::Snapshot)],
        Action::LinkCase if app.read_only => app.message = Some(app.read_only_note()),
        Action::LinkCase => match app.desk.selected() {
            Some(case) => return vec![Effect::OpenForm(EditKind::LinkCase(case.id))],
            None => app.message = Some("select a case in a list first (v)".into()),
        },
        Action::Open => match app.desk.selected().map(|case| case.id) {
            Some(id) => app.desk.detail = Some(Detail::of(id)),
            None => app.message = Some("select a case in a list first (v)".into()),
        },
        Action::OpenProject => {
            let code = app.desk.selected().and_then(|c| c.project_code.clone());
            match code.and_then(|code| app.portfolio.rows.iter().find(|r| r.code == code)) {
                Some(row) => {
                    // Esc on the project comes back here, to the same case.
                    app.back_to = Some(Screen::Desk);
                    return vec![Effect::LoadProject(row.id)];
                }
                None => app.message = Some("this case is not linked to a project".into()),
            }
        }
        Action::Back | Action::NextView | Action::PrevView => app.screen = Screen::Portfolio,
        _ => {}
    }
    Vec::new()
}

/// A key while a case's detail is open: the list keys scroll it (the selection stays), `Esc`
/// or `Enter` closes it. False when no detail is open, or for any other key (`p` opens the
/// case's project, `L` links it, `v` moves on to the next list).
fn detail_key(app: &mut App, action: Action) -> bool {
    // The detail sits under a rule below the line of lists: the list's height and a row.
    let rows = super::case_detail::rows(app, app.screen_width);
    let height = app.page_height + 1;
    detail::key(&mut app.desk.detail, action, rows, height)
}

/// The counts from the sums, while the open cases are read: what the open cases tell (from
/// an earlier read, if any) stays until they are read again.
pub fn on_counts(app: &mut App, counts: Desk) {
    let old = std::mem::take(&mut app.desk.summary);
    let mut summary = counts.summary;
    if app.desk.queue_loaded {
        summary.ageing = old.ageing;
        summary.oldest_incident = old.oldest_incident;
        summary.breached = old.breached;
        summary.warning = old.warning;
        summary.breached_total = old.breached_total;
        summary.warning_total = old.warning_total;
    }
    app.desk.summary = summary;
    app.desk.loaded = true;
}

/// The desk's figures counted.
pub fn on_loaded(app: &mut App, loaded: Desk) {
    app.desk.summary = loaded.summary;
    app.desk.cases = loaded.cases;
    app.desk.loaded = true;
    app.desk.queue_loaded = true;
    // An open case detail stays open while the case is still listed.
    if app.desk.detail_case().is_none() {
        app.desk.detail = None;
    }
    let (len, height) = (app.desk.list().len(), app.page_height);
    app.desk.cursor.keep_visible(len, height);
}
