//! Monthly case counts by month and organisation (a later count replaces an earlier one).

use rusqlite::params;

use super::{Ctx, ImportBatch};

/// Insert or replace each month's counts.
pub(super) fn snapshots(cx: &mut Ctx<'_, '_>, batch: &ImportBatch) -> rusqlite::Result<()> {
    for located in &batch.snapshots {
        let s = &located.record;
        let org_id = cx.named_id("organisations", &s.organisation)?;
        cx.tx.prepare_cached(
            "INSERT INTO case_snapshots (month, organisation_id, open_incidents, open_requests, stop_clock)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (month, organisation_id) DO UPDATE SET open_incidents = excluded.open_incidents,
                open_requests = excluded.open_requests, stop_clock = excluded.stop_clock",
        )?
        .execute(params![
            s.month.format("%Y-%m").to_string(),
            org_id,
            s.open_incidents,
            s.open_requests,
            s.stop_clock
        ])?;
        cx.state.outcome.created += 1;
    }
    Ok(())
}
