//! What a write's outcome does to the model: close the form (or keep it open with the
//! reason, so Enter retries), keep the change for undo, say what happened, and ask for the
//! screen to be read again.

use rusqlite::types::Value;

use super::keys::Slot;
use crate::store::edit::{EditOutcome, Entity};
use crate::store::{Column, StoreError};
use crate::tui::app::{App, Conflict, Done, Overlay, Screen, Write};
use crate::tui::effect::Effect;

/// Show a failure where the user is looking: on the open form (which stays open, so Enter
/// retries), else in the status bar.
pub fn report(app: &mut App, error: StoreError) {
    let text = match &error {
        StoreError::Busy(_) => {
            "The database is busy (another user is saving). Nothing was lost: press Enter to try again."
                .to_string()
        }
        other => format!("Not saved: {other}"),
    };
    match app.overlay.as_mut() {
        Some(Overlay::Form(open)) => open.form.note = Some(text),
        _ => app.message = Some(text),
    }
}

fn close_form(app: &mut App) {
    if matches!(app.overlay, Some(Overlay::Form(_))) {
        app.overlay = None;
    }
}

/// In triage, a change to the project on screen counts as reviewing it (and, unless it was
/// only the "reviewed, unchanged" stamp, as changing it).
fn mark_reviewed(app: &mut App, entity: Entity, changed: bool) {
    // On a triage card, or on a project opened from one (to pick a milestone).
    let in_triage = app.screen == Screen::Triage || app.back_to == Some(Screen::Triage);
    if !in_triage || entity == Entity::Risk {
        return;
    }
    if let (Some(triage), Some(state)) = (app.triage.as_mut(), app.project.as_ref()) {
        triage.reviewed.insert(state.project.id);
        if changed {
            triage.changed.insert(state.project.id);
        }
    }
}

/// An edit's outcome: saved (kept for undo), a conflict (the dialog), or the row gone.
pub fn on_edited(
    app: &mut App,
    (write, label, entity, id): (Write, String, Entity, i64),
    outcome: Result<EditOutcome, StoreError>,
) -> Vec<Effect> {
    match outcome {
        Ok(EditOutcome::Saved {
            version,
            changes,
            merged,
        }) => {
            close_form(app);
            let only_reviewed = changes
                .iter()
                .all(|c| c.column == Column::LastReviewedAt.sql());
            mark_reviewed(app, entity, !only_reviewed);
            if changes.is_empty() {
                app.message = Some("nothing changed".into());
                return Vec::new();
            }
            app.undo.push(Done {
                entity,
                id,
                version,
                before: changes.iter().map(|c| (c.column, c.old.clone())).collect(),
                after: changes.iter().map(|c| (c.column, c.new.clone())).collect(),
                label: label.clone(),
            });
            app.redo.clear();
            app.message = Some(if merged {
                format!(
                    "Saved: {label}, merged with a colleague's change to other fields (u undoes)"
                )
            } else {
                format!("Saved: {label} (u undoes)")
            });
            return vec![Effect::Refresh];
        }
        Ok(EditOutcome::Conflict { version, theirs }) => {
            close_form(app);
            app.overlay = Some(Overlay::Conflict(Box::new(Conflict {
                write,
                version,
                theirs,
            })));
        }
        Ok(EditOutcome::Missing) => {
            close_form(app);
            app.message = Some("Not saved: it no longer exists (another user removed it)".into());
            return vec![Effect::Refresh];
        }
        Err(e) => report(app, e),
    }
    Vec::new()
}

/// A new row saved: undoing it archives it (nothing is ever deleted).
pub fn on_created(
    app: &mut App,
    entity: Entity,
    label: String,
    outcome: Result<i64, StoreError>,
) -> Vec<Effect> {
    match outcome {
        Ok(id) => {
            close_form(app);
            app.undo.push(Done {
                entity,
                id,
                version: 1,
                before: vec![(Column::Archived.sql(), Value::Integer(1))],
                after: vec![(Column::Archived.sql(), Value::Integer(0))],
                label: label.clone(),
            });
            app.redo.clear();
            app.message = Some(format!("Saved: {label} (u undoes)"));
            vec![Effect::Refresh]
        }
        Err(e) => {
            report(app, e);
            Vec::new()
        }
    }
}

/// A write with no undo (desk counts, settings): saved says `saved`, else the form says why.
pub fn on_saved(app: &mut App, outcome: Result<String, StoreError>) -> Vec<Effect> {
    match outcome {
        Ok(saved) => {
            close_form(app);
            app.message = Some(saved);
            vec![Effect::Refresh]
        }
        Err(e) => {
            report(app, e);
            Vec::new()
        }
    }
}

/// A field named something that does not exist: the form says so and stays open.
pub fn on_field_refused(app: &mut App, field: Slot, text: String) {
    if let Some(Overlay::Form(open)) = app.overlay.as_mut() {
        open.form.fail_slot(field, text);
    }
}

/// Take the user's last change (or last undone change) to undo (or redo).
pub fn take_undo(app: &mut App, undoing: bool) -> Vec<Effect> {
    let popped = if undoing {
        app.undo.pop()
    } else {
        app.redo.pop()
    };
    match popped {
        Some(done) if undoing => vec![Effect::Undo(done)],
        Some(done) => vec![Effect::Redo(done)],
        None => {
            app.message = Some(format!(
                "nothing to {}",
                if undoing { "undo" } else { "redo" }
            ));
            Vec::new()
        }
    }
}

/// An undo's (or redo's) outcome: the change moves to the other stack, or back to its own
/// if the database was busy, so the user can try again.
pub fn on_undone(
    app: &mut App,
    (undoing, done, label): (bool, Done, String),
    outcome: Result<EditOutcome, StoreError>,
) -> Vec<Effect> {
    let verb = if undoing { "undo" } else { "redo" };
    match outcome {
        Ok(EditOutcome::Saved { version, .. }) => {
            let moved = Done { version, ..done };
            if undoing {
                app.redo.push(moved);
            } else {
                app.undo.push(moved);
            }
            app.message = Some(format!(
                "{}: {label} ({} {})",
                if undoing { "Undone" } else { "Redone" },
                if undoing { "Ctrl-r" } else { "u" },
                if undoing { "redoes" } else { "undoes" }
            ));
            return vec![Effect::Refresh];
        }
        Ok(EditOutcome::Conflict { .. }) => {
            app.message = Some(format!(
                "Cannot {verb}: another user has changed it since; their change stands"
            ));
        }
        Ok(EditOutcome::Missing) => {
            app.message = Some(format!("Cannot {verb}: it no longer exists"))
        }
        Err(e) => {
            if undoing {
                app.undo.push(done);
            } else {
                app.redo.push(done);
            }
            report(app, e);
        }
    }
    Vec::new()
}
