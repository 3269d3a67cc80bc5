//! Gathering the report (in the background on a large plan) and writing it to files.

use chrono::NaiveDate;

use crate::io::safe_write::{Protected, write_bytes};
use crate::report::{Block, Format};
use crate::store::{Store, StoreError};
use crate::tui::background;
use crate::tui::memory;
use crate::tui::prelude::*;

fn report_request(
    app: &App,
    format: crate::report::Format,
) -> crate::commands::report::ReportRequest {
    crate::commands::report::ReportRequest {
        today: app.today,
        since: None,
        organisation: app.portfolio.filter.organisation.clone(),
        format,
    }
}

pub fn load_report(app: &mut App, store: &Store) -> Result<(), StoreError> {
    if app.report.pending.is_running() {
        return Ok(());
    }
    let request = report_request(app, crate::report::Format::Md);
    let work = move |store: &Store| crate::commands::report::render(store, &request);
    if large_report(app, store)? {
        memory::release_large_views(app, memory::Keep::Report);
        app.report.pending.start(store.path(), work);
        return Ok(());
    }
    match work(store) {
        Ok(report) => show_report(app, report),
        Err(e) => app.message = Some(e.to_string()),
    }
    Ok(())
}

/// Write the report beside the database file, as Markdown and HTML, and record the run. On a
/// large plan its content is gathered in the background and written when it arrives.
pub fn write_report(app: &mut App, store: &mut Store) -> Result<(), StoreError> {
    if app.report.writing.is_running() {
        app.message = Some("The report is already being written".into());
        return Ok(());
    }
    let request = report_request(app, crate::report::Format::Md);
    let work = move |store: &Store| crate::commands::report::build_blocks(store, &request);
    if large_report(app, store)? {
        app.report.writing.start(store.path(), work);
        app.message = Some("Writing the report…".into());
        return Ok(());
    }
    match work(store) {
        Ok(built) => save_report(app, store, built),
        Err(e) => {
            app.message = Some(e.to_string());
            Ok(())
        }
    }
}

/// Whether the report's content is gathered in the background.
fn large_report(app: &App, store: &Store) -> Result<bool, StoreError> {
    Ok(
        background::in_background(store, store.case_high_water()?, app.background.cases)
            || background::in_background(
                store,
                store.project_high_water()?,
                app.background.projects,
            ),
    )
}

pub fn show_report(app: &mut App, (markdown, since): (String, NaiveDate)) {
    app.report.markdown = markdown;
    app.report.since = Some(since);
}

/// Write the report's two files beside the database and record the run.
pub fn save_report(
    app: &mut App,
    store: &mut Store,
    (blocks, since): (Vec<Block>, NaiveDate),
) -> Result<(), StoreError> {
    let stem = format!("workplan-report-{}", app.today.format("%Y-%m-%d"));
    let folder = store
        .path()
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    // Through the safe writer: each file whole or not at all, never onto the database.
    let protected = Protected::database(store.path());
    let mut written = Vec::new();
    for (format, ext) in [(Format::Md, "md"), (Format::Html, "html")] {
        let path = folder.join(format!("{stem}.{ext}"));
        let text = crate::commands::report::format(&blocks, format);
        if let Err(e) = write_bytes(&path, &protected, text.as_bytes()) {
            app.message = Some(e.to_string());
            return Ok(());
        }
        written.push(path.display().to_string());
    }
    let user = app.user.clone();
    let actor = crate::store::edit::Actor {
        user: &user,
        now: app.now(),
    };
    store.record_report(
        app.today,
        since,
        app.portfolio.filter.organisation.as_deref(),
        actor,
    )?;
    app.message = Some(format!("Report written to {}", written.join(" and ")));
    Ok(())
}
