//! Running what `update` asked for against the store: loads, writes, undo, the report. Every
//! result lands in the model here (or as a message on the status bar); the terminal loop and
//! the tests both drive it.

use super::app::{App, Screen};
use super::forms;
use super::screens;
use super::screens::desk::load_desk;
use super::screens::risks::load_risks;
use super::screens::timeline::load_timeline;
use super::update::Effect;
use crate::store::{Store, StoreError};

/// Run the effects `update` asked for, feeding results (or a message) back into the model.
pub fn run_effects(app: &mut App, store: &mut Store, effects: Vec<Effect>) {
    for effect in effects {
        let result = match effect {
            Effect::LoadPortfolio => screens::portfolio::load_portfolio(app, store),
            Effect::LoadProject(id) => screens::project::load_project(app, store, id),
            Effect::OpenMilestone { project, milestone } => {
                screens::project::load_project(app, store, project)
                    .map(|()| screens::project::select_milestone(app, milestone))
            }
            Effect::LoadTimeline => load_timeline(app, store),
            Effect::OpenForm(request) => forms::save::open_form(app, store, request),
            Effect::Write(write) => forms::save::write(app, store, write, refresh),
            Effect::Undo => forms::save::undo(app, store, true, refresh),
            Effect::Redo => forms::save::undo(app, store, false, refresh),
            Effect::Refresh => refresh(app, store),
            Effect::LoadHistory => screens::history::load_history(app, store),
            Effect::LoadRisks => load_risks(app, store),
            Effect::LoadDesk => load_desk(app, store, false),
            Effect::LoadReport => screens::report::load_report(app, store),
            Effect::WriteReport => screens::report::write_report(app, store),
            // Needs the terminal: the loop runs it; without one (tests) it cannot happen.
            Effect::ExternalEditor => {
                app.message = Some("$EDITOR needs a terminal".into());
                Ok(())
            }
        };
        if let Err(e) = result {
            app.message = Some(e.to_string());
        }
    }
}

/// Reload what is on screen, keeping the selection, scroll position, tab and any open form.
pub fn refresh(app: &mut App, store: &Store) -> Result<(), StoreError> {
    screens::portfolio::load_portfolio(app, store)?;
    if let Some(state) = app.project.as_ref() {
        let (id, tab, cursor, archived) = (
            state.project.id,
            state.tab,
            state.cursor,
            state.show_archived,
        );
        let selected = screens::project::selected_item(state);
        match screens::project::fetch_project(store, id, archived)? {
            Some(mut fresh) => {
                fresh.tab = tab;
                fresh.cursor = cursor;
                // Follow the selected milestone or risk if the reload moved it.
                if let Some(i) =
                    selected.and_then(|item| screens::project::position_of(&fresh, item))
                {
                    fresh.cursor.selected = i;
                }
                let (len, height) = (fresh.rows_in_tab(), app.page_height);
                fresh.cursor.keep_visible(len, height);
                app.project = Some(fresh);
            }
            None => {
                app.project = None;
                if app.screen == Screen::Project {
                    app.screen = Screen::Portfolio;
                }
            }
        }
    }
    if app.screen == Screen::Timeline || app.timeline.loaded_at.is_some() {
        load_timeline(app, store)?;
    }
    if app.screen == Screen::History {
        screens::history::load_history(app, store)?;
    }
    if app.screen == Screen::Risks || app.risks.loaded_at.is_some() {
        load_risks(app, store)?;
    }
    if app.screen == Screen::Desk || app.desk.loaded {
        load_desk(app, store, true)?;
    }
    Ok(())
}

/// Load the first screen's data.
pub fn start(app: &mut App, store: &mut Store) {
    run_effects(app, store, vec![Effect::LoadPortfolio]);
}

/// The status bar's line about other users' changes: who changed what.
pub fn describe_changes(changes: &[crate::store::AuditEntry]) -> String {
    let Some(first) = changes.first() else {
        return "updated with changes saved by another user".to_string();
    };
    let what = if first.project_code.is_empty() {
        format!("{} {}", first.entity, first.field)
    } else {
        format!("{} {} {}", first.project_code, first.entity, first.field)
    };
    let more = changes.len() - 1;
    format!(
        "updated: {} changed {what}{}",
        first.user,
        if more > 0 {
            format!(
                " (and {more} more change{})",
                if more == 1 { "" } else { "s" }
            )
        } else {
            String::new()
        }
    )
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
