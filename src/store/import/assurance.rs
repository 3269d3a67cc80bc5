//! Audit recommendations and certifications by code, and certifications' assessments by
//! certification code and date. A re-import that moves a recommendation's due date (or its
//! revised one) keeps the old date in its revisions, as an edit would.

use std::sync::LazyLock;

use rusqlite::{OptionalExtension, params};

use super::fields::lacks_to_create;
use super::{Ctx, ImportBatch, unknown_project};
use crate::domain::assurance::{AssessmentResult, Assurance, Frequency};
use crate::domain::dates;
use crate::domain::records::Located;
use crate::store::audit::AuditRow;
use crate::store::columns;
use crate::store::row::iso_date;

static RECOMMENDATION_INSERT: LazyLock<String> =
    LazyLock::new(|| columns::insert_sql("recommendations", &columns::RECOMMENDATION));
static CERTIFICATION_INSERT: LazyLock<String> =
    LazyLock::new(|| columns::insert_sql("certifications", &columns::CERTIFICATION));

/// The project a row links to: `Some(None)` when it names none; `None` (and a problem) when
/// it names one the work plan does not have.
fn linked_project<T>(
    cx: &mut Ctx<'_, '_>,
    located: &Located<T>,
    code: Option<&str>,
) -> rusqlite::Result<Option<Option<i64>>> {
    let Some(code) = code.filter(|c| !c.trim().is_empty()) else {
        return Ok(Some(None));
    };
    match cx.project_id(code)? {
        Some(id) => Ok(Some(Some(id))),
        None => {
            cx.problem(&located.origin, "project_code", unknown_project(code));
            Ok(None)
        }
    }
}

/// A stored recommendation's id, project and due dates (what an update compares with).
type Stored = (i64, Option<i64>, Option<String>, Option<String>);

/// Insert or update each recommendation.
pub(super) fn recommendations(cx: &mut Ctx<'_, '_>, batch: &ImportBatch) -> rusqlite::Result<()> {
    let given = batch.columns.get("recommendations");
    let present = |column: &str| given.is_none_or(|p| p.contains(column));
    for located in &batch.recommendations {
        let r = &located.record;
        let Some(project) = linked_project(cx, located, r.project_code.as_deref())? else {
            continue;
        };
        let existing: Option<Stored> = cx
            .tx
            .query_row(
                "SELECT id, project_id, due_date, revised_due_date FROM recommendations
                 WHERE code = ?1",
                params![r.code],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
            )
            .optional()?;
        if existing.is_none()
            && lacks_to_create(
                cx,
                located,
                &["audit", "recommendation"],
                ("recommendation", &r.code),
            )
        {
            continue;
        }
        let assurance = r.assurance.map(Assurance::as_str);
        // Neither can be empty in the register: a new row without one takes the default, and
        // an update without one keeps the stored word (the reader put it in `keep`).
        let priority = r.priority().as_str();
        let status = r.status().as_str();
        // Copied out, so the values do not hold `cx` while it is written through.
        let now = cx.now;
        let values = params![
            r.code,
            r.audit,
            iso_date(r.audit_date),
            assurance,
            r.recommendation,
            priority,
            r.owner,
            r.action,
            iso_date(r.due_date),
            iso_date(r.revised_due_date),
            status,
            iso_date(r.implemented_date),
            r.evidence,
            project,
            r.auditor,
            now,
        ];
        match existing {
            Some((id, stored_project, old_due, old_revised)) => {
                // A re-import that moves a due date keeps the old one, as an edit would.
                let reason = format!("imported from {}", located.origin.file);
                for (column, old, new) in [
                    ("due_date", old_due, iso_date(r.due_date)),
                    (
                        "revised_due_date",
                        old_revised,
                        iso_date(r.revised_due_date),
                    ),
                ] {
                    if old != new && present(column) {
                        cx.tx
                            .prepare_cached(
                                "INSERT INTO recommendation_due_changes
                                    (recommendation_id, changed_at, old_date, new_date, reason,
                                     changed_by)
                                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                            )?
                            .execute(params![id, cx.now, old, new, reason, cx.options.user])?;
                    }
                }
                let project_id = if present("project_code") {
                    project
                } else {
                    stored_project
                };
                cx.update_row(
                    ("recommendations", "recommendation", id, project_id),
                    located,
                    given,
                    (&columns::RECOMMENDATION, values),
                )?;
            }
            None => {
                let id = cx.insert_row(&RECOMMENDATION_INSERT, values)?;
                cx.audit_created(
                    "recommendation",
                    id,
                    project,
                    true,
                    &r.code,
                    &located.origin,
                )?;
            }
        }
    }
    Ok(())
}

/// Insert or update each certification.
pub(super) fn certifications(cx: &mut Ctx<'_, '_>, batch: &ImportBatch) -> rusqlite::Result<()> {
    let given = batch.columns.get("certifications");
    for located in &batch.certifications {
        let c = &located.record;
        let Some(project) = linked_project(cx, located, c.project_code.as_deref())? else {
            continue;
        };
        let existing: Option<(i64, Option<i64>)> = cx
            .tx
            .query_row(
                "SELECT id, project_id FROM certifications WHERE code = ?1",
                params![c.code],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        if existing.is_none() && lacks_to_create(cx, located, &["name"], ("certification", &c.code))
        {
            continue;
        }
        let frequency = c.frequency.map(Frequency::as_str);
        // Copied out, so the values do not hold `cx` while it is written through.
        let now = cx.now;
        let values = params![
            c.code,
            c.name,
            c.body,
            c.scope,
            iso_date(c.certified_on),
            iso_date(c.expires_on),
            frequency,
            c.owner,
            project,
            c.notes,
            now,
        ];
        match existing {
            Some((id, stored_project)) => {
                let project_id = if given.is_none_or(|p| p.contains("project_code")) {
                    project
                } else {
                    stored_project
                };
                cx.update_row(
                    ("certifications", "certification", id, project_id),
                    located,
                    given,
                    (&columns::CERTIFICATION, values),
                )?;
            }
            None => {
                let id = cx.insert_row(&CERTIFICATION_INSERT, values)?;
                cx.audit_created("certification", id, project, true, &c.code, &located.origin)?;
            }
        }
    }
    Ok(())
}

/// An assessment as the audit trail reads it: "Pass with actions on 2026-03-01".
fn assessment_text(result: &str, on: &str) -> String {
    let shown = match result.parse::<AssessmentResult>() {
        Ok(known) => known.label(),
        Err(_) => result,
    };
    format!("{shown} on {on}")
}

/// Insert each assessment, or correct the result and notes of the one on that date.
pub(super) fn certification_assessments(
    cx: &mut Ctx<'_, '_>,
    batch: &ImportBatch,
) -> rusqlite::Result<()> {
    let notes_given = batch
        .columns
        .get("certification_assessments")
        .is_none_or(|p| p.contains("notes"));
    for located in &batch.certification_assessments {
        let a = &located.record;
        let certification: Option<(i64, Option<i64>)> = cx
            .tx
            .prepare_cached("SELECT id, project_id FROM certifications WHERE code = ?1")?
            .query_row(params![a.certification_code], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let Some((certification_id, project_id)) = certification else {
            cx.problem(
                &located.origin,
                "certification_code",
                format!("no certification with code '{}'", a.certification_code),
            );
            continue;
        };
        let on = dates::iso(a.date);
        let result = a.result.as_str();
        let reason = format!("imported from {}", located.origin.file);
        let existing: Option<(i64, String, String)> = cx
            .tx
            .prepare_cached(
                "SELECT id, result, notes FROM certification_assessments
                 WHERE certification_id = ?1 AND assessed_on = ?2",
            )?
            .query_row(params![certification_id, on], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        let Some((id, old_result, old_notes)) = existing else {
            cx.tx
                .prepare_cached(
                    "INSERT INTO certification_assessments
                        (certification_id, assessed_on, result, notes, recorded_by, recorded_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![
                    certification_id,
                    on,
                    result,
                    a.notes,
                    cx.options.user,
                    cx.now
                ])?;
            cx.state.outcome.created += 1;
            let what = assessment_text(result, &on);
            audit_assessment(
                cx,
                (certification_id, project_id),
                ("assessment", None, Some(what.as_str())),
                &reason,
            )?;
            continue;
        };
        // A file without a notes column leaves the notes as they are.
        let notes = if notes_given {
            a.notes.as_str()
        } else {
            old_notes.as_str()
        };
        if old_result == result && old_notes == notes {
            cx.state.outcome.unchanged += 1;
            continue;
        }
        cx.tx
            .prepare_cached(
                "UPDATE certification_assessments SET result = ?1, notes = ?2 WHERE id = ?3",
            )?
            .execute(params![result, notes, id])?;
        cx.state.outcome.updated += 1;
        if old_result != result {
            let old = assessment_text(&old_result, &on);
            let new = assessment_text(result, &on);
            audit_assessment(
                cx,
                (certification_id, project_id),
                ("assessment", Some(old.as_str()), Some(new.as_str())),
                &reason,
            )?;
        }
        if old_notes != notes {
            audit_assessment(
                cx,
                (certification_id, project_id),
                ("assessment_notes", Some(old_notes.as_str()), Some(notes)),
                &reason,
            )?;
        }
    }
    Ok(())
}

/// One audit row about a certification's assessment, on the certification (as the app's
/// `record_assessment` writes them).
fn audit_assessment(
    cx: &mut Ctx<'_, '_>,
    (certification, project_id): (i64, Option<i64>),
    (field, old_value, new_value): (&str, Option<&str>, Option<&str>),
    reason: &str,
) -> rusqlite::Result<()> {
    cx.state.audit.write(
        cx.tx,
        &AuditRow {
            at: cx.options.now,
            user: cx.options.user,
            entity: "certification",
            entity_id: certification,
            project_id,
            field,
            old_value,
            new_value,
            reason,
        },
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::io::assurance::{CERTIFICATION_COLUMNS, RECOMMENDATION_COLUMNS};
    use crate::store::columns::{self, Field};

    /// The files' columns (io) and the tables' (`store::columns`) are the same lists, in the
    /// order the upserts above bind their values.
    #[test]
    fn the_file_columns_are_the_registers() {
        let csv = |fields: &[Field]| columns::in_files(fields).map(|f| f.csv).collect::<Vec<_>>();
        let io =
            |cols: &[crate::io::csv_table::Column]| cols.iter().map(|c| c.name).collect::<Vec<_>>();
        assert_eq!(csv(&columns::RECOMMENDATION), io(&RECOMMENDATION_COLUMNS));
        assert_eq!(csv(&columns::CERTIFICATION), io(&CERTIFICATION_COLUMNS));
    }
}
