//! What the service-desk view reads: every case with its state history, and the monthly counts.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::row::{datetime, parsed, small};
use super::{Result, Store};
use crate::domain::sla::{DeskCase, StateChange};

/// A month's open-case counts for one organisation, as a team reported them.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub month: NaiveDate,
    pub organisation: String,
    pub open_incidents: u32,
    pub open_requests: u32,
    pub stop_clock: u32,
}

impl Store {
    /// Every case with its history, oldest first. (Counting in SQL is the path for very large
    /// desks; a council's year of cases fits comfortably in memory.)
    pub fn desk_cases(&self) -> Result<Vec<DeskCase>> {
        let mut history: HashMap<i64, Vec<StateChange>> = HashMap::new();
        {
            let mut stmt = self
                .conn
                .prepare_cached(
                    "SELECT case_id, changed_at, state, hold_reason FROM case_state_changes
                     ORDER BY case_id, changed_at, id",
                )
                .map_err(|e| self.err(e))?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        StateChange {
                            at: datetime(r, 1)?.unwrap_or_default(),
                            state: parsed(r, 2)?,
                            hold_reason: r.get(3)?,
                        },
                    ))
                })
                .map_err(|e| self.err(e))?;
            for row in rows {
                let (id, change) = row.map_err(|e| self.err(e))?;
                history.entry(id).or_default().push(change);
            }
        }
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT c.id, c.ref, c.kind, c.priority, c.state, c.hold_reason, c.opened_at,
                        c.resolved_at, c.closed_at, o.name, p.code, c.summary
                 FROM cases c
                 LEFT JOIN organisations o ON o.id = c.organisation_id
                 LEFT JOIN projects p ON p.id = c.project_id
                 ORDER BY c.opened_at, c.id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(DeskCase {
                    id: r.get(0)?,
                    reference: r.get(1)?,
                    kind: parsed(r, 2)?,
                    priority: small(r, 3)?.unwrap_or(4),
                    state: parsed(r, 4)?,
                    hold_reason: r.get(5)?,
                    opened_at: datetime(r, 6)?.unwrap_or_default(),
                    resolved_at: datetime(r, 7)?,
                    closed_at: datetime(r, 8)?,
                    organisation: r.get(9)?,
                    project_code: r.get(10)?,
                    summary: r.get(11)?,
                    history: Vec::new(),
                })
            })
            .map_err(|e| self.err(e))?;
        let mut cases = rows
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))?;
        for case in &mut cases {
            if let Some(h) = history.remove(&case.id) {
                case.history = h;
            }
        }
        Ok(cases)
    }

    pub fn snapshots(&self) -> Result<Vec<Snapshot>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT s.month, o.name, s.open_incidents, s.open_requests, s.stop_clock
                 FROM case_snapshots s JOIN organisations o ON o.id = s.organisation_id
                 ORDER BY s.month, o.name",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                let month: String = r.get(0)?;
                Ok(Snapshot {
                    month: NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
                        .unwrap_or_default(),
                    organisation: r.get(1)?,
                    open_incidents: r.get(2)?,
                    open_requests: r.get(3)?,
                    stop_clock: r.get(4)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }
}
