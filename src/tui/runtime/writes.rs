//! Writes against the store: open a form on fresh rows, save, undo or redo. Each returns
//! the message `update` applies (close the form, push the undo, say what happened).

use rusqlite::types::Value;

use crate::domain::Project;
use crate::domain::risk::CodeSequence;
use crate::store::edit::{Actor, Edit, Entity};
use crate::store::{Column, Store, StoreError};
use crate::tui::app::{App, Done, Write};
use crate::tui::forms::{self, EditKind, OpenForm};
use crate::tui::message::Message;

/// A form on the row as stored now (the values it loaded are what a save is checked against).
pub fn open_form(app: &App, store: &Store, kind: EditKind) -> Result<Message, StoreError> {
    let gone =
        || StoreError::Invalid("it no longer exists (another user may have removed it)".into());
    let mut open = match kind {
        EditKind::ChangeRag(id) => forms::rag_form(app, &store.project(id)?.ok_or_else(gone)?),
        EditKind::EditProject(id) => {
            forms::edit_project_form(&store.project(id)?.ok_or_else(gone)?)
        }
        EditKind::NewProject => forms::new_project_form(),
        EditKind::NewMilestone(project) => {
            forms::new_milestone_form(&store.project(project)?.ok_or_else(gone)?)
        }
        EditKind::EditMilestone(id) => {
            forms::edit_milestone_form(&store.milestone(id)?.ok_or_else(gone)?)
        }
        EditKind::MarkDone(id) => forms::mark_done_form(&store.milestone(id)?.ok_or_else(gone)?),
        EditKind::MoveMilestone(id) => forms::move_form(&store.milestone(id)?.ok_or_else(gone)?),
        EditKind::EditRisk(id) => forms::edit_risk_form(&store.risk(id)?.ok_or_else(gone)?),
        EditKind::NewRisk(project) => {
            let project = match project {
                Some(id) => Some(store.project(id)?.ok_or_else(gone)?),
                None => None,
            };
            let code = next_risk_code(store, project.as_ref())?;
            forms::new_risk_form(project.as_ref(), &code)
        }
        EditKind::Reassess(id) => {
            forms::reassess_form(&store.risk(id)?.ok_or_else(gone)?, &app.settings, app.today)
        }
        EditKind::Settings => forms::settings_form(&store.settings()?),
        EditKind::LinkCase(id) => {
            let case = app
                .desk
                .cases
                .iter()
                .find(|c| c.id == id)
                .ok_or_else(gone)?;
            forms::link_form(case, &open_codes(app))
        }
        EditKind::Snapshot => forms::snapshot_form(app.today, &organisations(app)),
        EditKind::NewRecommendation => forms::new_recommendation_form(app.today),
        EditKind::EditRecommendation(id) => {
            forms::edit_recommendation_form(&store.recommendation(id)?.ok_or_else(gone)?)
        }
        EditKind::RecommendationStatus(id) => {
            forms::recommendation_status_form(&store.recommendation(id)?.ok_or_else(gone)?)
        }
        EditKind::NewCertification => forms::new_certification_form(),
        EditKind::EditCertification(id) => {
            forms::edit_certification_form(&store.certification(id)?.ok_or_else(gone)?)
        }
        EditKind::RecordAssessment(id) => {
            forms::assessment_form(&store.certification(id)?.ok_or_else(gone)?)
        }
    };
    load_values(store, &mut open)?.ok_or_else(gone)?;
    Ok(Message::FormReady(Box::new(open)))
}

/// The stored values of the fields a form edits (None: the row has gone).
fn load_values(store: &Store, open: &mut OpenForm) -> Result<Option<()>, StoreError> {
    let Some((entity, id)) = open.kind.row() else {
        return Ok(Some(()));
    };
    // A link form edits the case's project (its field is the project's code).
    let names: Vec<&str> = match entity {
        Entity::Case => vec![Column::ProjectId.sql()],
        _ => (open.form.fields.iter())
            .filter_map(|f| f.slot.column())
            .map(Column::sql)
            .collect(),
    };
    Ok(store
        .editable_values(entity, id, &names)?
        .map(|(_, loaded)| {
            open.loaded = loaded;
        }))
}

/// The code a new risk is offered: the next in its register's own sequence (`ICT-007-R1`
/// for a project's first, `CR-01` for the corporate register's), free across the work plan.
fn next_risk_code(store: &Store, project: Option<&Project>) -> Result<String, StoreError> {
    let own = store.risk_codes(project.map(|p| p.id))?;
    let sequence = match project {
        Some(p) => CodeSequence::following(&own, &format!("{}-R", p.code), 1),
        None => CodeSequence::following(&own, "CR-", 2),
    };
    let taken = store.risk_codes_starting(&sequence.prefix)?;
    Ok(sequence.first_free(&taken))
}

fn open_codes(app: &App) -> Vec<String> {
    app.portfolio
        .rows
        .iter()
        .filter(|r| r.stage.is_open())
        .map(|r| r.code.clone())
        .collect()
}

fn organisations(app: &App) -> Vec<String> {
    let mut orgs: Vec<String> = app
        .portfolio
        .rows
        .iter()
        .flat_map(|r| r.organisations.iter().cloned())
        .collect();
    orgs.sort();
    orgs.dedup();
    orgs
}

/// Run a write; the message carries its outcome.
pub fn write(store: &mut Store, write: Write, actor: Actor) -> Result<Message, StoreError> {
    Ok(match write {
        Write::Edit { edit, label } => {
            let outcome = store.apply_edit(&edit, actor);
            Message::Edited {
                entity: edit.entity,
                id: edit.id,
                write: Write::Edit {
                    edit,
                    label: label.clone(),
                },
                label,
                outcome,
            }
        }
        Write::Link {
            case,
            version,
            code,
            loaded,
        } => {
            let code = code.trim().to_string();
            let Some(project) = store.project_id_by_code(&code)? else {
                return Ok(Message::FieldRefused {
                    field: forms::keys::field::LINK_CODE.slot,
                    text: format!("no project with code '{code}'"),
                });
            };
            let edit = Edit {
                entity: Entity::Case,
                id: case,
                expected_version: version,
                values: vec![(Column::ProjectId.sql(), Value::Integer(project))],
                loaded,
                reason: format!("linked to {code}"),
            };
            let label = format!("case linked to {code}");
            return self::write(store, Write::Edit { edit, label }, actor);
        }
        Write::Snapshot(snapshot) => {
            Message::SnapshotSaved(store.save_snapshot(&snapshot, actor).map(|()| {
                format!(
                    "{} counts for {}",
                    snapshot.month.format("%b %Y"),
                    snapshot.organisation
                )
            }))
        }
        Write::Settings(pairs) => {
            let mut settings = store.settings()?;
            for (key, value) in pairs {
                if let Err(e) = settings.apply(key, &value) {
                    return Ok(Message::SettingsSaved(Err(StoreError::Invalid(e))));
                }
            }
            Message::SettingsSaved(store.save_settings_as(&settings, actor))
        }
        Write::WithProject { write, code } => {
            let project = match code.as_str() {
                "" => Value::Null,
                code => match store.project_id_by_code(code)? {
                    Some(id) => Value::Integer(id),
                    None => {
                        return Ok(Message::FieldRefused {
                            field: forms::keys::field::PROJECT_CODE.slot,
                            text: format!("no project with code '{code}'"),
                        });
                    }
                },
            };
            let column = Column::ProjectId.sql();
            let write = match *write {
                Write::Edit { mut edit, label } => {
                    edit.values.push((column, project));
                    Write::Edit { edit, label }
                }
                Write::Create {
                    entity,
                    mut values,
                    label,
                } => {
                    values.push((column, project));
                    Write::Create {
                        entity,
                        values,
                        label,
                    }
                }
                other => other,
            };
            return self::write(store, write, actor);
        }
        Write::Assessment {
            certification,
            on,
            result,
            notes,
        } => Message::SnapshotSaved(
            store
                .record_assessment(certification, (on, result), &notes, actor)
                .map(|()| {
                    format!(
                        "{} assessment on {}",
                        result.label(),
                        crate::domain::dates::display(on)
                    )
                }),
        ),
        Write::Create {
            entity,
            values,
            label,
        } => Message::Created {
            entity,
            outcome: store.create(entity, &values, "", actor),
            label,
        },
    })
}

/// Undo (or redo) one of the user's changes as a new change, checked against the version
/// it left: a colleague's later change to the same field wins.
pub fn undo(store: &mut Store, done: Done, undoing: bool, actor: Actor) -> Message {
    let verb = if undoing { "undo" } else { "redo" };
    let (values, loaded) = if undoing {
        (done.before.clone(), done.after.clone())
    } else {
        (done.after.clone(), done.before.clone())
    };
    let edit = Edit {
        entity: done.entity,
        id: done.id,
        expected_version: done.version,
        values,
        loaded,
        reason: format!("{verb}: {}", done.label),
    };
    Message::Undone {
        undoing,
        label: done.label.clone(),
        outcome: store.apply_edit(&edit, actor),
        done,
    }
}
