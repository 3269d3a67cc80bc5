//! Milestones by project code and name; a re-import that moves a date keeps the old one in
//! the milestone's history, as an edit would. And the date moves a batch brings of its own.

use rusqlite::{OptionalExtension, params};

use super::{Ctx, ImportBatch, unknown_project};
use crate::domain::dates;
use crate::store::columns;
use crate::store::row::iso_date;

/// Insert or update each milestone.
pub(super) fn milestones(cx: &mut Ctx<'_, '_>, batch: &ImportBatch) -> rusqlite::Result<()> {
    for located in &batch.milestones {
        let m = &located.record;
        let Some(project_id) = cx.project_id(&m.project_code)? else {
            cx.problem(
                &located.origin,
                "project_code",
                unknown_project(&m.project_code),
            );
            continue;
        };
        let ms = &m.milestone;
        let existing: Option<(i64, Option<String>, Option<String>)> = cx
            .tx
            .query_row(
                "SELECT id, baseline_date, forecast_date FROM milestones
                 WHERE project_id = ?1 AND name = ?2",
                params![project_id, ms.name],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let created = existing.is_none();
        // Copied out, so the values do not hold `cx` while it is written through.
        let now = cx.now;
        let values = params![
            project_id,
            ms.name,
            iso_date(ms.baseline_date),
            iso_date(ms.forecast_date),
            iso_date(ms.actual_date),
            ms.owner,
            ms.notes,
            now,
        ];
        let (id, touched) = match existing {
            Some((id, old_baseline, old_forecast)) => {
                // A re-import that moves a date keeps the old one, as an edit would.
                let reason = format!("imported from {}", located.origin.file);
                let present = |c: &str| {
                    batch
                        .columns
                        .get("milestones")
                        .is_none_or(|p| p.contains(c))
                };
                for (field, old, new) in [
                    ("baseline", old_baseline, iso_date(ms.baseline_date)),
                    ("forecast", old_forecast, iso_date(ms.forecast_date)),
                ] {
                    if old != new && present(&format!("{field}_date")) {
                        cx.tx.prepare_cached(
                            "INSERT INTO milestone_date_changes
                                (milestone_id, changed_at, field, old_date, new_date, reason, changed_by)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        )?
                        .execute(params![id, cx.now, field, old, new, reason, cx.options.user])?;
                    }
                }
                cx.update_row(
                    ("milestones", "milestone", id, Some(project_id)),
                    located,
                    batch.columns.get("milestones"),
                    (&columns::MILESTONE, values),
                )?;
                (id, false)
            }
            None => (cx.insert_row(&columns::MILESTONE_INSERT, values)?, true),
        };
        if touched && created {
            cx.audit_created(
                "milestone",
                id,
                Some(project_id),
                created,
                &ms.name,
                &located.origin,
            )?;
        }
    }
    Ok(())
}

/// The date moves a batch brings (the demo's).
pub(super) fn milestone_changes(cx: &mut Ctx<'_, '_>, batch: &ImportBatch) -> rusqlite::Result<()> {
    for located in &batch.milestone_changes {
        let c = &located.record;
        let Some(project_id) = cx.project_id(&c.project_code)? else {
            cx.problem(
                &located.origin,
                "project_code",
                unknown_project(&c.project_code),
            );
            continue;
        };
        let milestone: Option<i64> = cx
            .tx
            .prepare_cached("SELECT id FROM milestones WHERE project_id = ?1 AND name = ?2")?
            .query_row(params![project_id, c.milestone], |r| r.get(0))
            .optional()?;
        let Some(milestone_id) = milestone else {
            cx.problem(
                &located.origin,
                "milestone",
                format!("{} has no milestone '{}'", c.project_code, c.milestone),
            );
            continue;
        };
        let m = &c.change;
        cx.tx
            .prepare_cached(
                "INSERT INTO milestone_date_changes
                (milestone_id, changed_at, field, old_date, new_date, reason, changed_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                milestone_id,
                dates::iso_datetime(m.changed_at),
                m.field.as_str(),
                iso_date(m.old_date),
                iso_date(m.new_date),
                m.reason,
                m.changed_by
            ])?;
    }
    Ok(())
}
