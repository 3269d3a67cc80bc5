//! Projects by code, with their organisations and (for a RAG an import sets) RAG history;
//! and the RAG history a batch brings of its own.

use rusqlite::{OptionalExtension, params};

use super::fields::{lacks_to_create, update_audited};
use super::{Ctx, ImportBatch, key, unknown_project};
use crate::domain::dates;
use crate::store::audit::AuditRow;
use crate::store::columns;
use crate::store::row::iso_date;

/// Insert or update each project by code.
pub(super) fn projects(cx: &mut Ctx<'_, '_>, batch: &ImportBatch) -> rusqlite::Result<()> {
    for located in &batch.projects {
        let p = &located.record;
        let theme_id = match &p.theme {
            Some(name) if !name.trim().is_empty() => Some(cx.named_id("themes", name)?),
            _ => None,
        };
        let existing: Option<i64> = cx
            .tx
            .query_row(
                "SELECT id FROM projects WHERE code = ?1",
                params![p.code],
                |r| r.get(0),
            )
            .optional()?;
        let rag_changed;
        if existing.is_none()
            && lacks_to_create(cx, located, &["name", "stage"], ("project", &p.code))
        {
            continue;
        }
        // Copied out, so the values do not hold `cx` while it is written through.
        let now = cx.now;
        let values = params![
            p.code,
            p.name,
            theme_id,
            p.stage.as_str(),
            p.rag.as_str(),
            p.rag_reason,
            p.manager,
            p.sponsor,
            iso_date(p.start_date),
            iso_date(p.baseline_end),
            iso_date(p.forecast_end),
            p.budget_capital,
            p.budget_revenue,
            p.spend_to_date,
            p.percent_complete,
            p.description,
            now,
        ];
        let (id, touched) = match existing {
            Some(id) => {
                let fields = columns::bound(&columns::PROJECT, values);
                let changed = update_audited(
                    (cx.tx, &mut cx.state.audit),
                    cx.options,
                    ("projects", "project", id, Some(id)),
                    (
                        batch.columns.get("projects"),
                        &located.keep,
                        &located.origin.file,
                    ),
                    &fields,
                )?;
                rag_changed = changed.iter().any(|c| c.field == "rag");
                (id, !changed.is_empty())
            }
            None => {
                rag_changed = true;
                (cx.insert_row(&columns::PROJECT_INSERT, values)?, true)
            }
        };
        let mut touched = touched;
        cx.state.lookup.projects.insert(key(&p.code), id);
        let organisations_given = existing.is_none()
            || batch
                .columns
                .get("projects")
                .is_none_or(|c| c.contains("organisations"));
        if organisations_given {
            let mut before: Vec<String> = cx
                .tx
                .prepare_cached(
                    "SELECT o.name FROM project_organisations po
                     JOIN organisations o ON o.id = po.organisation_id WHERE po.project_id = ?1",
                )?
                .query_map(params![id], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut after: Vec<String> = p.organisations.iter().map(|o| key(o)).collect();
            before.iter_mut().for_each(|b| *b = key(b));
            before.sort();
            after.sort();
            after.dedup();
            if existing.is_some() && before != after {
                cx.state.audit.write(
                    cx.tx,
                    &AuditRow {
                        at: cx.options.now,
                        user: cx.options.user,
                        entity: "project",
                        entity_id: id,
                        project_id: Some(id),
                        field: "organisations",
                        old_value: Some(&before.join("; ")),
                        new_value: Some(&after.join("; ")),
                        reason: &format!("imported from {}", located.origin.file),
                    },
                )?;
            }
            touched |= before != after;
            cx.tx.execute(
                "DELETE FROM project_organisations WHERE project_id = ?1",
                params![id],
            )?;
        }
        for organisation in p
            .organisations
            .iter()
            .filter(|o| organisations_given && !o.trim().is_empty())
        {
            let org_id = cx.named_id("organisations", organisation)?;
            cx.tx.prepare_cached(
                "INSERT OR IGNORE INTO project_organisations (project_id, organisation_id) VALUES (?1, ?2)",
            )?
            .execute(params![id, org_id])?;
        }
        // A RAG this import set (on a new project, or changed) starts a history entry; an
        // unchanged one adds nothing.
        if cx.options.record_rag_changes && rag_changed {
            cx.tx
                .prepare_cached(
                    "INSERT INTO rag_history (project_id, changed_at, rag, reason, changed_by)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![
                    id,
                    cx.now,
                    p.rag.as_str(),
                    p.rag_reason,
                    cx.options.user
                ])?;
        }
        if touched {
            if existing.is_some() {
                cx.state.outcome.updated += 1;
            } else {
                cx.audit_created("project", id, Some(id), true, &p.code, &located.origin)?;
            }
        } else {
            cx.state.outcome.unchanged += 1;
        }
    }
    Ok(())
}

/// The RAG history a batch brings (the demo's).
pub(super) fn rag_history(cx: &mut Ctx<'_, '_>, batch: &ImportBatch) -> rusqlite::Result<()> {
    for located in &batch.rag_history {
        let h = &located.record;
        let Some(project_id) = cx.project_id(&h.project_code)? else {
            cx.problem(
                &located.origin,
                "project_code",
                unknown_project(&h.project_code),
            );
            continue;
        };
        cx.tx
            .prepare_cached(
                "INSERT INTO rag_history (project_id, changed_at, rag, reason, changed_by)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                project_id,
                dates::iso_datetime(h.change.changed_at),
                h.change.rag.as_str(),
                h.change.reason,
                h.change.changed_by,
            ])?;
    }
    Ok(())
}

/// A file rated on the 5-point scale (amber-red, amber-green) goes into a 3-point work plan
/// only by a decision: into an empty one it brings its scale (said once); into one with
/// projects it is refused, naming the command that changes the scale. Never collapsed.
pub(super) fn rag_scale_fits(cx: &mut Ctx<'_, '_>, batch: &ImportBatch) -> rusqlite::Result<bool> {
    use crate::domain::Rag;
    let five: Vec<_> = batch
        .projects
        .iter()
        .filter(|l| !l.keeps("rag") && matches!(l.record.rag, Rag::AmberRed | Rag::AmberGreen))
        .collect();
    let Some(first) = five.first() else {
        return Ok(true);
    };
    let scale: Option<String> = cx
        .tx
        .query_row(
            "SELECT value FROM settings WHERE key = 'rag_scale'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    if scale.as_deref() == Some("5") {
        return Ok(true);
    }
    let projects: i64 = cx
        .tx
        .query_row("SELECT count(*) FROM projects", [], |r| r.get(0))?;
    if projects == 0 {
        cx.tx.execute(
            "INSERT INTO settings (key, value) VALUES ('rag_scale', '5')
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [],
        )?;
        cx.state.audit.write(
            cx.tx,
            &AuditRow {
                at: cx.options.now,
                user: cx.options.user,
                entity: "settings",
                entity_id: 0,
                project_id: None,
                field: "rag_scale",
                old_value: Some(scale.as_deref().unwrap_or("3")),
                new_value: Some("5"),
                reason: &format!("imported from {}", first.origin.file),
            },
        )?;
        cx.state.outcome.notes.push(format!(
            "{} rates projects on the 5-point scale (amber-red, amber-green), so this new work plan cx.now uses it too",
            first.origin.file
        ));
        return Ok(true);
    }
    for located in five {
        cx.problem(
            &located.origin,
            "rag",
            format!(
                "{} is on the 5-point scale but this work plan uses 3 points (red, amber, green): change the scale first with `workplan settings set rag-scale 5`, or translate the file's words with --map-value",
                located.record.rag.label()
            ),
        );
    }
    Ok(false)
}
