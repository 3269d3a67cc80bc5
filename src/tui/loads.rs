//! Loading the large views: the risk register, the timeline and the service desk. Each keeps
//! what it read until the store's change token moves; on a large plan each reads on a thread
//! of its own (`background.rs`) so the keystroke that opened the view returns at once.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::app::{App, Screen};
use super::background::in_background;
use super::desk;
use crate::domain::Milestone;
use crate::domain::RegisterRow;
use crate::domain::project::MilestoneMove;
use crate::io::safe_write::{Protected, write_bytes};
use crate::report::{Block, Format};
use crate::store::{ChangeToken, Store, StoreError};

/// What the timeline reads: every milestone by project, and the date moves since `since`.
pub struct TimelineData {
    pub milestones: HashMap<i64, Vec<Milestone>>,
    pub moves: Vec<MilestoneMove>,
    pub since: NaiveDate,
}

/// The risk register as read at a change token.
pub struct RisksData {
    pub rows: Vec<RegisterRow>,
    pub token: ChangeToken,
}

/// Which large view's data to keep when another is read.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    Timeline,
    Risks,
    Report,
}

/// On a large plan the timeline's milestones and the risk register are tens of megabytes
/// each: only the view being read keeps its data, the others read again (in the background)
/// when next visited. Small plans keep everything.
pub fn release_large_views(app: &mut App, keep: Keep) {
    if keep != Keep::Timeline && !app.timeline.pending.is_running() {
        app.timeline.milestones = HashMap::new();
        app.timeline.moves = Vec::new();
        app.timeline.loaded_at = None;
    }
    if keep != Keep::Risks && !app.risks.pending.is_running() {
        app.risks.rows = Vec::new();
        app.risks.visible = Vec::new();
        app.risks.loaded_at = None;
    }
}

/// Count the desk's figures; `changed`: the data changed since the last count, so a count
/// already running is out of date and runs again when it ends.
pub fn load_desk(app: &mut App, store: &Store, changed: bool) -> Result<(), StoreError> {
    if app.desk.pending.is_running() {
        if changed {
            app.desk.pending.mark_stale();
        }
        return Ok(());
    }
    let (now, settings) = (app.now(), app.settings.clone());
    let work = move |store: &Store| crate::commands::desk::load(store, now, &settings, None);
    if in_background(store, store.case_high_water()?, app.background.cases) {
        app.desk.pending.start(store.path(), work);
    } else {
        show_desk(app, work(store)?);
    }
    Ok(())
}

fn show_desk(app: &mut App, loaded: desk::Desk) {
    app.desk.summary = loaded.summary;
    app.desk.cases = loaded.cases;
    app.desk.loaded = true;
    let (len, height) = (app.desk.list().len(), app.page_height);
    app.desk.cursor.keep_visible(len, height);
}

pub fn load_risks(app: &mut App, store: &Store) -> Result<(), StoreError> {
    let token = store.change_token()?;
    if app.risks.loaded_at == Some(token) {
        return Ok(());
    }
    if app.risks.pending.is_running() {
        // Asked again while reading: only a change since the read began needs another.
        if app.risks.requested != Some(token) {
            app.risks.pending.mark_stale();
        }
        return Ok(());
    }
    let work = move |store: &Store| {
        Ok(RisksData {
            rows: store.risk_register()?,
            token,
        })
    };
    if in_background(store, store.project_high_water()?, app.background.projects) {
        release_large_views(app, Keep::Risks);
        app.risks.requested = Some(token);
        app.risks.pending.start(store.path(), work);
    } else {
        show_risks(app, work(store)?);
    }
    Ok(())
}

fn show_risks(app: &mut App, data: RisksData) {
    let selected = app.risks.selected().map(|r| r.risk.id);
    app.risks.rows = data.rows;
    app.risks.loaded_at = Some(data.token);
    app.risks.refresh_visible(&app.settings, app.page_height);
    if let Some(i) = selected.and_then(|id| {
        app.risks
            .visible
            .iter()
            .position(|i| app.risks.rows[*i].risk.id == id)
    }) {
        app.risks.cursor.selected = i;
        let (len, height) = (app.risks.visible.len(), app.page_height);
        app.risks.cursor.keep_visible(len, height);
    }
}

pub fn load_timeline(app: &mut App, store: &Store) -> Result<(), StoreError> {
    let token = store.change_token()?;
    let key = (token, app.timeline.since);
    if app.timeline.loaded_at == Some(key) {
        return Ok(());
    }
    if app.timeline.pending.is_running() {
        if app.timeline.requested != Some(key) {
            app.timeline.pending.mark_stale();
        }
        return Ok(());
    }
    let (since, follow_reports, today) = (app.timeline.since, !app.timeline.since_set, app.today);
    let work = move |store: &Store| {
        let mut milestones: HashMap<i64, Vec<Milestone>> = HashMap::new();
        for m in store.all_milestones()? {
            milestones.entry(m.project_id).or_default().push(m);
        }
        // "Slipped since" the last committee report, else the date already set.
        let since = match follow_reports {
            true => store
                .last_report_before(today + chrono::Duration::days(1))?
                .unwrap_or(since),
            false => since,
        };
        let moves = store.milestone_moves_since(since)?;
        Ok(TimelineData {
            milestones,
            moves,
            since,
        })
    };
    if in_background(store, store.project_high_water()?, app.background.projects) {
        release_large_views(app, Keep::Timeline);
        app.timeline.requested = Some(key);
        app.timeline.pending.start(store.path(), work);
    } else {
        show_timeline(app, work(store)?, token);
    }
    Ok(())
}

fn show_timeline(app: &mut App, data: TimelineData, token: ChangeToken) {
    app.timeline.milestones = data.milestones;
    app.timeline.moves = data.moves;
    app.timeline.since = data.since;
    app.timeline.loaded_at = Some((token, data.since));
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

/// Take whatever background loads have finished (true: redraw). A load whose data changed
/// while it ran starts again.
pub fn poll_background(app: &mut App, store: &mut Store) -> bool {
    let mut arrived = false;
    if let Some((result, _)) = app.report.writing.take("the report") {
        arrived = true;
        let saved = result.map(|built| save_report(app, store, built));
        match saved {
            Ok(Ok(())) => {}
            Ok(Err(e)) => app.message = Some(e.to_string()),
            Err(message) => app.message = Some(message),
        }
    }
    if let Some((result, again)) = app.desk.pending.take("the service desk's figures") {
        arrived = true;
        match result {
            Ok(loaded) => show_desk(app, loaded),
            Err(message) => app.message = Some(message),
        }
        if again && let Err(e) = load_desk(app, store, true) {
            app.message = Some(e.to_string());
        }
    }
    if let Some((result, _)) = app.report.pending.take("the report") {
        arrived = true;
        match result {
            Ok(report) => show_report(app, report),
            Err(message) => app.message = Some(message),
        }
    }
    if let Some((result, again)) = app.risks.pending.take("the risk register") {
        arrived = true;
        app.risks.requested = None;
        match result {
            // Read for a visit the user has since left: not kept (see release_large_views).
            Ok(_) if app.screen != Screen::Risks => {}
            Ok(data) => show_risks(app, data),
            Err(message) => app.message = Some(message),
        }
        if again && let Err(e) = load_risks(app, store) {
            app.message = Some(e.to_string());
        }
    }
    if let Some((result, again)) = app.timeline.pending.take("the timeline") {
        arrived = true;
        let requested = app.timeline.requested.take();
        match (result, requested) {
            (Ok(_), _) if app.screen != Screen::Timeline => {}
            (Ok(data), Some((token, _))) => show_timeline(app, data, token),
            (Ok(_), None) => {}
            (Err(message), _) => app.message = Some(message),
        }
        if again && let Err(e) = load_timeline(app, store) {
            app.message = Some(e.to_string());
        }
    }
    arrived
}
