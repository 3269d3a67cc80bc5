//! A form checked and turned into a write: the rules across fields, and only the fields the
//! user changed (the store merges the rest with a colleague's changes).

use super::desk::snapshot_from;
use super::fields::{date_of, get, text_of};
use super::settings::settings_from;
use super::{EditKind, OpenForm};
use crate::domain::{Project, Rag};
use crate::store::edit::{Edit, Entity};
use crate::tui::app::Write;
use chrono::NaiveDate;
use rusqlite::types::Value;

/// Check a form and turn it into a write. On any problem the form carries inline errors
/// and `None` comes back: nothing is saved.
pub fn submit(open: &mut OpenForm, today: NaiveDate) -> Option<Write> {
    let values = open.form.values(today)?;
    let form = &mut open.form;
    let loaded = &open.loaded;
    let changed_names: Vec<&'static str> = form
        .fields
        .iter()
        .filter(|f| f.changed())
        .map(|f| f.name)
        .collect();
    let changed = |name: &str| changed_names.contains(&name);
    let reason = text_of(&values, "reason");
    // Cross-field rules.
    let start = date_of(&values, "start_date");
    for end in ["forecast_end", "baseline_end"] {
        if let (Some(s), Some(e)) = (start, date_of(&values, end))
            && e < s
        {
            form.fail(end, "is before the start date");
        }
    }
    let version = open.version;
    let write = match open.kind {
        EditKind::ChangeRag(project) => {
            let rag: Rag = text_of(&values, "rag").parse().unwrap_or(Rag::Unrated);
            let why = text_of(&values, "rag_reason");
            let rag_changed = changed("rag");
            // The reason starts empty: a new status needs its own reason, not the old one.
            if rag.needs_reason() && why.is_empty() && rag_changed {
                form.fail(
                    "rag_reason",
                    format!("a reason is required for {}", rag.label()),
                );
            }
            let mut fields = vec![("rag", Value::Text(rag.as_str().into()))];
            // Left empty, the stored reason stays while the RAG does, and goes when the RAG
            // changes (it explained the old one).
            if !why.is_empty() || rag_changed {
                fields.push(("rag_reason", Value::Text(why.clone())));
            }
            Some(Write::Edit {
                edit: user_edit(Entity::Project, project, version, fields, loaded, why),
                label: format!("RAG {}", rag.label()),
            })
        }
        EditKind::EditProject(id) => {
            if changed("baseline_end") && reason.is_empty() {
                form.fail("reason", "re-baselining needs a reason");
            }
            Some(Write::Edit {
                edit: user_edit(
                    Entity::Project,
                    id,
                    version,
                    without(&values, &["reason"]),
                    loaded,
                    reason,
                ),
                label: "project details".into(),
            })
        }
        EditKind::NewProject => {
            let mut v = values.clone();
            v.push(("rag", Value::Text("unrated".into())));
            Some(Write::Create {
                entity: Entity::Project,
                label: format!("new project {}", text_of(&values, "code")),
                values: v,
            })
        }
        EditKind::EditMilestone(id) => {
            if (changed("baseline_date") || changed("forecast_date")) && reason.is_empty() {
                let which = if changed("baseline_date") {
                    "baseline_date"
                } else {
                    "forecast_date"
                };
                form.fail(
                    "reason",
                    format!(
                        "moving the {} needs a reason",
                        which.trim_end_matches("_date")
                    ),
                );
            }
            Some(Write::Edit {
                edit: user_edit(
                    Entity::Milestone,
                    id,
                    version,
                    without(&values, &["reason"]),
                    loaded,
                    reason,
                ),
                label: format!("milestone {}", text_of(&values, "name")),
            })
        }
        EditKind::NewMilestone(project) => {
            let mut v = values.clone();
            if get(&v, "forecast_date") == Some(&Value::Null)
                && let Some(b) = get(&values, "baseline_date")
            {
                v.retain(|(n, _)| *n != "forecast_date");
                v.push(("forecast_date", b.clone()));
            }
            v.push(("project_id", Value::Integer(project)));
            Some(Write::Create {
                entity: Entity::Milestone,
                label: format!("new milestone {}", text_of(&values, "name")),
                values: v,
            })
        }
        EditKind::MarkDone(id) => {
            if date_of(&values, "actual_date").is_some_and(|d| d > today) {
                form.fail(
                    "actual_date",
                    "is in the future: a milestone is done when it is done",
                );
            }
            Some(Write::Edit {
                edit: user_edit(
                    Entity::Milestone,
                    id,
                    version,
                    values.clone(),
                    loaded,
                    "done".into(),
                ),
                label: "milestone done".into(),
            })
        }
        EditKind::MoveMilestone(id) => Some(Write::Edit {
            edit: user_edit(
                Entity::Milestone,
                id,
                version,
                without(&values, &["reason"]),
                loaded,
                reason,
            ),
            label: "forecast moved".into(),
        }),
        EditKind::EditRisk(id) => Some(Write::Edit {
            edit: user_edit(
                Entity::Risk,
                id,
                version,
                values.clone(),
                loaded,
                String::new(),
            ),
            label: format!("risk {}", text_of(&values, "title")),
        }),
        EditKind::Reassess(id) => Some(Write::Edit {
            edit: user_edit(
                Entity::Risk,
                id,
                version,
                without(&values, &["note"]),
                loaded,
                text_of(&values, "note"),
            ),
            label: "re-assessed".into(),
        }),
        EditKind::Settings => settings_from(form, &values),
        EditKind::LinkCase(id) => Some(Write::Link {
            case: id,
            version,
            code: text_of(&values, "code"),
            loaded: loaded.clone(),
        }),
        EditKind::Snapshot => snapshot_from(form, &values),
        EditKind::NewRisk(project) => {
            let mut v = values.clone();
            if let Some(p) = project {
                v.push(("project_id", Value::Integer(p)));
            }
            Some(Write::Create {
                entity: Entity::Risk,
                label: format!("new risk {}", text_of(&values, "code")),
                values: v,
            })
        }
    };
    if open.form.has_errors() {
        open.form.focus_first_error();
        return None;
    }
    write
}

/// The edit a form saves: only the fields whose value differs from what the form loaded
/// (so a colleague's change to any other field stands), with those loaded values to check
/// against. Pseudo-fields (a reason, a note) were taken out before.
fn user_edit(
    entity: Entity,
    id: i64,
    version: i64,
    values: Vec<(&'static str, Value)>,
    loaded: &[(&'static str, Value)],
    reason: String,
) -> Edit {
    let was = |name: &str| loaded.iter().find(|(c, _)| *c == name).map(|(_, v)| v);
    let values: Vec<(&'static str, Value)> = values
        .into_iter()
        .filter(|(name, value)| was(name) != Some(value))
        .collect();
    let loaded = values
        .iter()
        .filter_map(|(name, _)| was(name).map(|v| (*name, v.clone())))
        .collect();
    Edit {
        entity,
        id,
        expected_version: version,
        values,
        loaded,
        reason,
    }
}

fn without(values: &[(&'static str, Value)], names: &[&str]) -> Vec<(&'static str, Value)> {
    values
        .iter()
        .filter(|(n, _)| !names.contains(n))
        .cloned()
        .collect()
}

/// The write that archives (or restores) a row, for the confirmation dialog.
pub fn archive_write(entity: Entity, id: i64, version: i64, archived: bool, what: &str) -> Write {
    Write::Edit {
        edit: Edit {
            entity,
            id,
            expected_version: version,
            values: vec![("archived", Value::Integer(i64::from(!archived)))],
            loaded: vec![("archived", Value::Integer(i64::from(archived)))],
            reason: if archived { "restored" } else { "archived" }.to_string(),
        },
        label: format!("{} {what}", if archived { "restored" } else { "archived" }),
    }
}

/// The write that stamps "reviewed, unchanged" on a project.
pub fn reviewed_write(project: &Project, now: chrono::NaiveDateTime) -> Write {
    Write::Edit {
        edit: Edit {
            entity: Entity::Project,
            id: project.id,
            expected_version: project.version,
            values: vec![(
                "last_reviewed_at",
                Value::Text(crate::domain::dates::iso_datetime(now)),
            )],
            loaded: vec![(
                "last_reviewed_at",
                project
                    .last_reviewed_at
                    .map(|at| Value::Text(crate::domain::dates::iso_datetime(at)))
                    .unwrap_or(Value::Null),
            )],
            reason: "reviewed, unchanged".to_string(),
        },
        label: format!("{} reviewed, unchanged", project.code),
    }
}
