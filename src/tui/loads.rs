//! Loading the large views: the risk register, the timeline and the service desk. Each keeps
//! what it read until the store's change token moves; on a large plan each reads on a thread
//! of its own (`background.rs`) so the keystroke that opened the view returns at once.

use std::collections::HashMap;

use super::app::{App, Screen};
use crate::store::Store;

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

/// Take whatever background loads have finished (true: redraw). A load whose data changed
/// while it ran starts again.
pub fn poll_background(app: &mut App, store: &mut Store) -> bool {
    let mut arrived = false;
    if let Some((result, _)) = app.report.writing.take("the report") {
        arrived = true;
        let saved = result.map(|built| crate::tui::screens::report::save_report(app, store, built));
        match saved {
            Ok(Ok(())) => {}
            Ok(Err(e)) => app.message = Some(e.to_string()),
            Err(message) => app.message = Some(message),
        }
    }
    if let Some((result, again)) = app.desk.pending.take("the service desk's figures") {
        arrived = true;
        match result {
            Ok(loaded) => crate::tui::screens::desk::show_desk(app, loaded),
            Err(message) => app.message = Some(message),
        }
        if again && let Err(e) = crate::tui::screens::desk::load_desk(app, store, true) {
            app.message = Some(e.to_string());
        }
    }
    if let Some((result, _)) = app.report.pending.take("the report") {
        arrived = true;
        match result {
            Ok(report) => crate::tui::screens::report::show_report(app, report),
            Err(message) => app.message = Some(message),
        }
    }
    if let Some((result, again)) = app.risks.pending.take("the risk register") {
        arrived = true;
        app.risks.requested = None;
        match result {
            // Read for a visit the user has since left: not kept (see release_large_views).
            Ok(_) if app.screen != Screen::Risks => {}
            Ok(data) => crate::tui::screens::risks::show_risks(app, data),
            Err(message) => app.message = Some(message),
        }
        if again && let Err(e) = crate::tui::screens::risks::load_risks(app, store) {
            app.message = Some(e.to_string());
        }
    }
    if let Some((result, again)) = app.timeline.pending.take("the timeline") {
        arrived = true;
        let requested = app.timeline.requested.take();
        match (result, requested) {
            (Ok(_), _) if app.screen != Screen::Timeline => {}
            (Ok(data), Some((token, _))) => {
                crate::tui::screens::timeline::show_timeline(app, data, token)
            }
            (Ok(_), None) => {}
            (Err(message), _) => app.message = Some(message),
        }
        if again && let Err(e) = crate::tui::screens::timeline::load_timeline(app, store) {
            app.message = Some(e.to_string());
        }
    }
    arrived
}
