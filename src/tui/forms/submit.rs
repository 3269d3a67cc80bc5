//! A form checked and turned into a write: the rules across fields, and only the fields the
//! user changed (the store merges the rest with a colleague's changes).

use super::assurance::{
    changed_project, check_certification, check_recommendation, check_status, store_optional_word,
};
use super::desk::snapshot_from;
use super::keys::{Date, Key, Slot, Values, field};
use super::settings::settings_from;
use super::{EditKind, OpenForm};
use crate::domain::assurance::AssessmentResult;
use crate::domain::{Project, Rag};
use crate::store::Column;
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
    let changed_slots: Vec<Slot> = form
        .fields
        .iter()
        .filter(|f| f.changed())
        .map(|f| f.slot)
        .collect();
    let changed = |key: Key<Date>| changed_slots.contains(&key.slot);
    let reason = values.get(field::REASON);
    // Cross-field rules.
    let start = values.get(field::START_DATE);
    for end in [field::FORECAST_END, field::BASELINE_END] {
        if let (Some(s), Some(e)) = (start, values.get(end))
            && e < s
        {
            form.fail(end, "is before the start date");
        }
    }
    let version = open.version;
    let write = match open.kind {
        EditKind::ChangeRag(project) => {
            let rag: Rag = values.get(field::RAG).parse().unwrap_or(Rag::Unrated);
            let why = values.get(field::RAG_REASON);
            let rag_changed = changed_slots.contains(&field::RAG.slot);
            // The reason starts empty: a new status needs its own reason, not the old one.
            if rag.needs_reason() && why.is_empty() && rag_changed {
                form.fail(
                    field::RAG_REASON,
                    format!("a reason is required for {}", rag.label()),
                );
            }
            let mut fields = Values::default();
            fields.set(Column::Rag, Value::Text(rag.as_str().into()));
            // Left empty, the stored reason stays while the RAG does, and goes when the RAG
            // changes (it explained the old one).
            if !why.is_empty() || rag_changed {
                fields.set(Column::RagReason, Value::Text(why.clone()));
            }
            Some(Write::Edit {
                edit: user_edit(Entity::Project, project, version, &fields, loaded, why),
                label: format!("RAG {}", rag.label()),
            })
        }
        EditKind::EditProject(id) => {
            if changed(field::BASELINE_END) && reason.is_empty() {
                form.fail(field::REASON, "re-baselining needs a reason");
            }
            Some(Write::Edit {
                edit: user_edit(Entity::Project, id, version, &values, loaded, reason),
                label: "project details".into(),
            })
        }
        EditKind::NewProject => {
            let mut v = values.clone();
            v.set(Column::Rag, Value::Text("unrated".into()));
            Some(Write::Create {
                entity: Entity::Project,
                label: format!("new project {}", values.get(field::CODE)),
                values: v.columns(),
            })
        }
        EditKind::EditMilestone(id) => {
            let moved = [field::BASELINE_DATE, field::FORECAST_DATE]
                .into_iter()
                .find(|key| changed(*key));
            if let Some(moved) = moved
                && reason.is_empty()
            {
                let which = if moved.slot == field::BASELINE_DATE.slot {
                    "baseline"
                } else {
                    "forecast"
                };
                form.fail(field::REASON, format!("moving the {which} needs a reason"));
            }
            Some(Write::Edit {
                edit: user_edit(Entity::Milestone, id, version, &values, loaded, reason),
                label: format!("milestone {}", values.get(field::NAME)),
            })
        }
        EditKind::NewMilestone(project) => {
            let mut v = values.clone();
            // No forecast yet: it is the baseline.
            if values.get(field::FORECAST_DATE).is_none()
                && let Some(baseline) = values.raw(field::BASELINE_DATE.slot)
            {
                v.set(Column::ForecastDate, baseline.clone());
            }
            v.set(Column::ProjectId, Value::Integer(project));
            Some(Write::Create {
                entity: Entity::Milestone,
                label: format!("new milestone {}", values.get(field::NAME)),
                values: v.columns(),
            })
        }
        EditKind::MarkDone(id) => {
            if values.get(field::ACTUAL_DATE).is_some_and(|d| d > today) {
                form.fail(
                    field::ACTUAL_DATE,
                    "is in the future: a milestone is done when it is done",
                );
            }
            Some(Write::Edit {
                edit: user_edit(
                    Entity::Milestone,
                    id,
                    version,
                    &values,
                    loaded,
                    "done".into(),
                ),
                label: "milestone done".into(),
            })
        }
        EditKind::MoveMilestone(id) => Some(Write::Edit {
            edit: user_edit(Entity::Milestone, id, version, &values, loaded, reason),
            label: "forecast moved".into(),
        }),
        EditKind::EditRisk(id) => Some(Write::Edit {
            edit: user_edit(Entity::Risk, id, version, &values, loaded, String::new()),
            label: format!("risk {}", values.get(field::TITLE)),
        }),
        EditKind::Reassess(id) => Some(Write::Edit {
            edit: user_edit(
                Entity::Risk,
                id,
                version,
                &values,
                loaded,
                values.get(field::NOTE),
            ),
            label: "re-assessed".into(),
        }),
        EditKind::Settings => settings_from(form, &values),
        EditKind::LinkCase(id) => Some(Write::Link {
            case: id,
            version,
            code: values.get(field::LINK_CODE),
            loaded: loaded.clone(),
        }),
        EditKind::Snapshot => snapshot_from(form, &values),
        EditKind::NewRecommendation | EditKind::EditRecommendation(_) => {
            let mut v = values.clone();
            store_optional_word(&mut v, field::ASSURANCE);
            check_recommendation(form, &v);
            let write = match open.kind {
                EditKind::EditRecommendation(id) => {
                    let revised = [field::DUE_DATE, field::REVISED_DUE_DATE]
                        .into_iter()
                        .any(|key| changed_slots.contains(&key.slot));
                    if revised && reason.is_empty() {
                        form.fail(field::REASON, "revising the due date needs a reason");
                    }
                    Write::Edit {
                        edit: user_edit(Entity::Recommendation, id, version, &v, loaded, reason),
                        label: format!("recommendation {}", v.get(field::AUDIT)),
                    }
                }
                _ => Write::Create {
                    entity: Entity::Recommendation,
                    label: format!("new recommendation {}", v.get(field::CODE)),
                    values: v.columns(),
                },
            };
            Some(with_project(write, changed_project(form, &v)))
        }
        EditKind::RecommendationStatus(id) => {
            check_status(form, &values, today);
            let status = values.get(field::STATUS);
            Some(Write::Edit {
                edit: user_edit(Entity::Recommendation, id, version, &values, loaded, reason),
                label: format!("recommendation {status}"),
            })
        }
        EditKind::NewCertification | EditKind::EditCertification(_) => {
            let mut v = values.clone();
            store_optional_word(&mut v, field::FREQUENCY);
            check_certification(form, &v);
            let write = match open.kind {
                EditKind::EditCertification(id) => Write::Edit {
                    edit: user_edit(Entity::Certification, id, version, &v, loaded, reason),
                    label: format!("certification {}", v.get(field::NAME)),
                },
                _ => Write::Create {
                    entity: Entity::Certification,
                    label: format!("new certification {}", v.get(field::CODE)),
                    values: v.columns(),
                },
            };
            Some(with_project(write, changed_project(form, &v)))
        }
        EditKind::RecordAssessment(certification) => {
            let on = values.get(field::ASSESSED_ON);
            if on.is_some_and(|d| d > today) {
                form.fail(
                    field::ASSESSED_ON,
                    "is in the future: record it when it happens",
                );
            }
            let result = values.get(field::RESULT).parse::<AssessmentResult>();
            match (on, result) {
                (Some(on), Ok(result)) => Some(Write::Assessment {
                    certification,
                    on,
                    result,
                    notes: values.get(field::NOTE),
                }),
                (_, Err(e)) => {
                    form.fail(field::RESULT, e);
                    None
                }
                (None, _) => None,
            }
        }
        EditKind::NewRisk(project) => {
            let mut v = values.clone();
            if let Some(p) = project {
                v.set(Column::ProjectId, Value::Integer(p));
            }
            Some(Write::Create {
                entity: Entity::Risk,
                label: format!("new risk {}", values.get(field::CODE)),
                values: v.columns(),
            })
        }
    };
    if open.form.has_errors() {
        open.form.focus_first_error();
        return None;
    }
    write
}

/// A write that also sets the project link, when the form changed it.
fn with_project(write: Write, code: Option<String>) -> Write {
    match code {
        Some(code) => Write::WithProject {
            write: Box::new(write),
            code,
        },
        None => write,
    }
}

/// The edit a form saves: only the fields whose value differs from what the form loaded
/// (so a colleague's change to any other field stands), with those loaded values to check
/// against. Only store columns are written (a reason or a note goes to the audit trail).
fn user_edit(
    entity: Entity,
    id: i64,
    version: i64,
    values: &Values,
    loaded: &[(&'static str, Value)],
    reason: String,
) -> Edit {
    let was = |name: &str| loaded.iter().find(|(c, _)| *c == name).map(|(_, v)| v);
    let values: Vec<(&'static str, Value)> = values
        .columns()
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

/// The write that archives (or restores) a row, for the confirmation dialog.
pub fn archive_write(entity: Entity, id: i64, version: i64, archived: bool, what: &str) -> Write {
    Write::Edit {
        edit: Edit {
            entity,
            id,
            expected_version: version,
            values: vec![(Column::Archived.sql(), Value::Integer(i64::from(!archived)))],
            loaded: vec![(Column::Archived.sql(), Value::Integer(i64::from(archived)))],
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
                Column::LastReviewedAt.sql(),
                Value::Text(crate::domain::dates::iso_datetime(now)),
            )],
            loaded: vec![(
                Column::LastReviewedAt.sql(),
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
