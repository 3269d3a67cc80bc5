//! Risks by code (a project's, or the corporate register's), and the assessments a batch
//! brings.

use rusqlite::{OptionalExtension, params};

use super::fields::lacks_to_create;
use super::{Ctx, ImportBatch, key, unknown_project};
use crate::domain::dates;
use crate::store::columns;
use crate::store::row::iso_date;

/// Insert or update each risk.
pub(super) fn risks(cx: &mut Ctx<'_, '_>, batch: &ImportBatch) -> rusqlite::Result<()> {
    for located in &batch.risks {
        let r = &located.record;
        let project = match r.project_code.as_deref().filter(|c| !c.trim().is_empty()) {
            None => None,
            Some(code) => match cx.project_id(code)? {
                Some(id) => Some(id),
                None => {
                    cx.problem(&located.origin, "project_code", unknown_project(code));
                    continue;
                }
            },
        };
        let existing: Option<i64> = cx
            .tx
            .query_row(
                "SELECT id FROM risks WHERE code = ?1",
                params![r.code],
                |row| row.get(0),
            )
            .optional()?;
        if existing.is_none()
            && lacks_to_create(
                cx,
                located,
                &["title", "likelihood", "impact"],
                ("risk", &r.code),
            )
        {
            continue;
        }
        let status = if r.open { "open" } else { "closed" };
        // Copied out, so the values do not hold `cx` while it is written through.
        let now = cx.now;
        let values = params![
            project,
            r.code,
            r.kind.as_str(),
            r.title,
            r.consequence,
            r.control,
            r.owner,
            status,
            r.likelihood,
            r.impact,
            r.inherent_likelihood,
            r.inherent_impact,
            r.target_likelihood,
            r.target_impact,
            iso_date(r.review_date),
            now,
        ];
        let (id, touched) = match existing {
            Some(id) => {
                cx.update_row(
                    ("risks", "risk", id, project),
                    located,
                    batch.columns.get("risks"),
                    (&columns::RISK, values),
                )?;
                (id, false)
            }
            None => (cx.insert_row(&columns::RISK_INSERT, values)?, true),
        };
        cx.state.lookup.risks.insert(key(&r.code), id);
        if touched {
            cx.audit_created(
                "risk",
                id,
                project,
                existing.is_none(),
                &r.code,
                &located.origin,
            )?;
        }
    }
    Ok(())
}

/// The assessments a batch brings (the demo's).
pub(super) fn assessments(cx: &mut Ctx<'_, '_>, batch: &ImportBatch) -> rusqlite::Result<()> {
    for located in &batch.assessments {
        let a = &located.record;
        let risk_id = match cx.state.lookup.risks.get(&key(&a.risk_code)) {
            Some(id) => Some(*id),
            None => cx
                .tx
                .query_row(
                    "SELECT id FROM risks WHERE code = ?1",
                    params![a.risk_code],
                    |r| r.get(0),
                )
                .optional()?,
        };
        let Some(risk_id) = risk_id else {
            cx.problem(
                &located.origin,
                "risk_code",
                format!("no risk with code '{}'", a.risk_code),
            );
            continue;
        };
        cx.tx.prepare_cached(
            "INSERT INTO risk_assessments (risk_id, assessed_at, likelihood, impact, note, assessed_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            risk_id,
            dates::iso(a.assessed_at),
            a.likelihood,
            a.impact,
            a.note,
            cx.options.user
        ])?;
    }
    Ok(())
}
