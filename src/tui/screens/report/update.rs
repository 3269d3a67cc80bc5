//! Keys on the report preview.

use crate::tui::prelude::*;

/// Scroll the preview, write it to files, or go back.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let page = u16::try_from(app.page_height).unwrap_or(u16::MAX);
    // Rows as drawn: long lines wrap, so the end is further than the line count says.
    let lines = u16::try_from(super::view::rows(&app.report.markdown, app.screen_width))
        .unwrap_or(u16::MAX);
    let last = lines.saturating_sub(page);
    let r = &mut app.report;
    match action {
        Action::Down => r.scroll = (r.scroll + 1).min(last),
        Action::Up => r.scroll = r.scroll.saturating_sub(1),
        Action::PageDown => r.scroll = (r.scroll + page).min(last),
        Action::PageUp => r.scroll = r.scroll.saturating_sub(page),
        Action::Top => r.scroll = 0,
        Action::Bottom => r.scroll = last,
        Action::WriteReport if app.read_only => app.message = Some(app.read_only_note()),
        Action::WriteReport => return vec![Effect::WriteReport],
        Action::Back | Action::NextView | Action::PrevView => app.screen = Screen::Portfolio,
        _ => {}
    }
    Vec::new()
}

/// What the report covers: today, for the organisation the portfolio is filtered to.
pub fn request(app: &App) -> crate::commands::report::ReportRequest {
    crate::commands::report::ReportRequest {
        today: app.today,
        now: app.now(),
        since: None,
        organisation: app.portfolio.filter.organisation.clone(),
        format: crate::report::Format::Md,
    }
}

/// The preview gathered.
pub fn on_loaded(app: &mut App, (markdown, since): (String, chrono::NaiveDate)) {
    app.report.markdown = markdown;
    app.report.since = Some(since);
}

/// The report's files written (or why not).
pub fn on_written(app: &mut App, written: Result<Vec<String>, String>) {
    app.message = Some(match written {
        Ok(files) => format!("Report written to {}", files.join(" and ")),
        Err(why) => why,
    });
}
