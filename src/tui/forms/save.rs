//! Running writes for the loop: open forms on fresh rows, save (with conflicts and a busy
//! database handled), and undo or redo the user's own changes as new, audited changes.

use rusqlite::types::Value;

use super::EditKind;
use crate::store::edit::{Actor, Edit, EditOutcome, Entity};
use crate::store::{Store, StoreError};
use crate::tui::app::{App, Conflict, Done, Overlay, Screen, Write};
use crate::tui::forms as edits;

pub fn open_form(app: &mut App, store: &Store, request: EditKind) -> Result<(), StoreError> {
    let gone =
        || StoreError::Invalid("it no longer exists (another user may have removed it)".into());
    let open = match request {
        EditKind::ChangeRag(id) => edits::rag_form(app, &store.project(id)?.ok_or_else(gone)?),
        EditKind::EditProject(id) => {
            edits::edit_project_form(&store.project(id)?.ok_or_else(gone)?)
        }
        EditKind::NewProject => edits::new_project_form(),
        EditKind::NewMilestone(project) => {
            edits::new_milestone_form(&store.project(project)?.ok_or_else(gone)?)
        }
        EditKind::EditMilestone(id) => {
            edits::edit_milestone_form(&store.milestone(id)?.ok_or_else(gone)?)
        }
        EditKind::MarkDone(id) => edits::mark_done_form(&store.milestone(id)?.ok_or_else(gone)?),
        EditKind::MoveMilestone(id) => edits::move_form(&store.milestone(id)?.ok_or_else(gone)?),
        EditKind::EditRisk(id) => edits::edit_risk_form(&store.risk(id)?.ok_or_else(gone)?),
        EditKind::NewRisk(project) => edits::new_risk_form(project),
        EditKind::Reassess(id) => {
            edits::reassess_form(&store.risk(id)?.ok_or_else(gone)?, &app.settings)
        }
        EditKind::Settings => edits::settings_form(&store.settings()?),
        EditKind::LinkCase(id) => {
            let case = app
                .desk
                .cases
                .iter()
                .find(|c| c.id == id)
                .ok_or_else(gone)?;
            let codes: Vec<String> = app
                .portfolio
                .rows
                .iter()
                .filter(|r| r.stage.is_open())
                .map(|r| r.code.clone())
                .collect();
            edits::link_form(case, &codes)
        }
        EditKind::Snapshot => {
            let mut orgs: Vec<String> = app
                .portfolio
                .rows
                .iter()
                .flat_map(|r| r.organisations.iter().cloned())
                .collect();
            orgs.sort();
            orgs.dedup();
            edits::snapshot_form(app.today, &orgs)
        }
    };
    let mut open = open;
    if let Some((entity, id)) = open.kind.row() {
        let names: Vec<&str> = open.form.fields.iter().map(|f| f.name).collect();
        // A link form edits the case's project (its field is the project's code).
        let names = if entity == Entity::Case {
            vec!["project_id"]
        } else {
            names
        };
        let (_, loaded) = store
            .editable_values(entity, id, &names)?
            .ok_or_else(gone)?;
        open.loaded = loaded;
    }
    app.overlay = Some(Overlay::Form(Box::new(open)));
    Ok(())
}

/// Show a failure where the user is looking: on the open form (which stays open, so Enter
/// retries), else in the status bar.
fn report(app: &mut App, error: StoreError) {
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

/// In triage, a change to the project on screen counts as reviewing it.
fn mark_reviewed(app: &mut App, entity: Entity) {
    if app.screen != Screen::Triage || entity == Entity::Risk {
        return;
    }
    if let (Some(triage), Some(state)) = (app.triage.as_mut(), app.project.as_ref()) {
        triage.reviewed.insert(state.project.id);
    }
}

/// Reloading what is on screen after a change (the runtime's `refresh`, passed in so this
/// module does not depend on the runtime that calls it).
pub type Reload = fn(&mut App, &Store) -> Result<(), StoreError>;

pub fn write(
    app: &mut App,
    store: &mut Store,
    write: Write,
    reload: Reload,
) -> Result<(), StoreError> {
    let user = app.user.clone();
    let actor = Actor {
        user: &user,
        now: app.now(),
    };
    match &write {
        Write::Edit { edit, label } => match store.apply_edit(edit, actor) {
            Ok(EditOutcome::Saved {
                version,
                changes,
                merged,
            }) => {
                close_form(app);
                if changes.is_empty() {
                    app.message = Some("nothing changed".into());
                    mark_reviewed(app, edit.entity);
                    return Ok(());
                }
                app.undo.push(Done {
                    entity: edit.entity,
                    id: edit.id,
                    version,
                    before: changes.iter().map(|c| (c.column, c.old.clone())).collect(),
                    after: changes.iter().map(|c| (c.column, c.new.clone())).collect(),
                    label: label.clone(),
                });
                app.redo.clear();
                mark_reviewed(app, edit.entity);
                reload(app, store)?;
                app.message = Some(if merged {
                    format!(
                        "Saved: {label}, merged with a colleague's change to other fields (u undoes)"
                    )
                } else {
                    format!("Saved: {label} (u undoes)")
                });
            }
            Ok(EditOutcome::Conflict { version, theirs }) => {
                close_form(app);
                app.overlay = Some(Overlay::Conflict(Box::new(Conflict {
                    write: write.clone(),
                    version,
                    theirs,
                })));
            }
            Ok(EditOutcome::Missing) => {
                close_form(app);
                reload(app, store)?;
                app.message =
                    Some("Not saved: it no longer exists (another user removed it)".into());
            }
            Err(e) => report(app, e),
        },
        Write::Link {
            case,
            version,
            code,
            loaded,
        } => {
            let Some(project) = store.project_id_by_code(code.trim())? else {
                if let Some(Overlay::Form(open)) = app.overlay.as_mut() {
                    open.form
                        .fail("code", format!("no project with code '{}'", code.trim()));
                }
                return Ok(());
            };
            let edit = Edit {
                entity: Entity::Case,
                id: *case,
                expected_version: *version,
                values: vec![("project_id", Value::Integer(project))],
                loaded: loaded.clone(),
                reason: format!("linked to {}", code.trim()),
            };
            let label = format!("case linked to {}", code.trim());
            return self::write(app, store, Write::Edit { edit, label }, reload);
        }
        Write::Snapshot(snapshot) => match store.save_snapshot(snapshot, actor) {
            Ok(()) => {
                close_form(app);
                reload(app, store)?;
                app.message = Some(format!(
                    "Saved: {} counts for {}",
                    snapshot.month.format("%b %Y"),
                    snapshot.organisation
                ));
            }
            Err(e) => report(app, e),
        },
        Write::Settings(pairs) => {
            let mut settings = store.settings()?;
            for (key, value) in pairs {
                if let Err(e) = settings.apply(key, value) {
                    report(app, StoreError::Invalid(e));
                    return Ok(());
                }
            }
            match store.save_settings_as(&settings, actor) {
                Ok(changed) => {
                    close_form(app);
                    reload(app, store)?;
                    app.message = Some(format!(
                        "Settings saved: {changed} changed, for everyone using this work plan"
                    ));
                }
                Err(e) => report(app, e),
            }
        }
        Write::Create {
            entity,
            values,
            label,
        } => match store.create(*entity, values, "", actor) {
            Ok(id) => {
                close_form(app);
                app.undo.push(Done {
                    entity: *entity,
                    id,
                    version: 1,
                    // Undoing a creation archives it (nothing is ever deleted).
                    before: vec![("archived", Value::Integer(1))],
                    after: vec![("archived", Value::Integer(0))],
                    label: label.clone(),
                });
                app.redo.clear();
                reload(app, store)?;
                app.message = Some(format!("Saved: {label} (u undoes)"));
            }
            Err(e) => report(app, e),
        },
    }
    Ok(())
}

/// Undo (or redo) the user's last change as a new change, checked against the version it left.
pub fn undo(
    app: &mut App,
    store: &mut Store,
    undoing: bool,
    reload: Reload,
) -> Result<(), StoreError> {
    let popped = if undoing {
        app.undo.pop()
    } else {
        app.redo.pop()
    };
    let Some(done) = popped else {
        app.message = Some(format!(
            "nothing to {}",
            if undoing { "undo" } else { "redo" }
        ));
        return Ok(());
    };
    let verb = if undoing { "undo" } else { "redo" };
    let edit = Edit {
        entity: done.entity,
        id: done.id,
        expected_version: done.version,
        values: if undoing {
            done.before.clone()
        } else {
            done.after.clone()
        },
        // Undo expects what the change left; a colleague's later change to the same field wins.
        loaded: if undoing {
            done.after.clone()
        } else {
            done.before.clone()
        },
        reason: format!("{verb}: {}", done.label),
    };
    let user = app.user.clone();
    let actor = Actor {
        user: &user,
        now: app.now(),
    };
    match store.apply_edit(&edit, actor) {
        Ok(EditOutcome::Saved { version, .. }) => {
            let moved = Done { version, ..done };
            if undoing {
                app.redo.push(moved);
            } else {
                app.undo.push(moved);
            }
            reload(app, store)?;
            app.message = Some(format!(
                "{}: {} ({} {})",
                if undoing { "Undone" } else { "Redone" },
                edit_label(&edit, &edit.reason),
                if undoing { "Ctrl-r" } else { "u" },
                if undoing { "redoes" } else { "undoes" }
            ));
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
            // Put it back so the user can try again.
            if undoing {
                app.undo.push(done);
            } else {
                app.redo.push(done);
            }
            report(app, e);
        }
    }
    Ok(())
}

fn edit_label(_edit: &Edit, reason: &str) -> String {
    reason
        .split_once(": ")
        .map(|(_, l)| l.to_string())
        .unwrap_or_else(|| reason.to_string())
}
