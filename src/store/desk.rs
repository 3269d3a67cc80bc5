//! What the service-desk view reads: every case with its state history, and the monthly counts.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::row::{datetime, parsed, small};
use super::{Result, Store, StoreError};
use crate::domain::sla::{DeskCase, StateChange};

/// A month's open-case counts for one organisation, as a team reported them.
pub type Snapshot = crate::domain::records::SnapshotRecord;

/// Every case joined to its state changes, in the order the index already holds them.
const DESK_CASES_SQL: &str = "
SELECT c.id, c.ref, c.kind, c.priority, c.state, c.hold_reason, c.opened_at, c.resolved_at,
       c.closed_at, c.organisation_id, c.project_id, c.summary, c.version,
       h.changed_at, h.state, h.hold_reason
FROM cases c LEFT JOIN case_state_changes h ON h.case_id = c.id
ORDER BY c.id, h.changed_at, h.id";

impl Store {
    /// Add a month's counts, or correct them when that month and organisation already exist.
    pub fn save_snapshot(
        &mut self,
        snapshot: &Snapshot,
        actor: super::edit::Actor<'_>,
    ) -> Result<()> {
        if self.read_only {
            return Err(super::StoreError::ReadOnly(self.path.clone()));
        }
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| super::classify(&path, e))?;
        let result = (|| -> rusqlite::Result<()> {
            use rusqlite::OptionalExtension;
            let name = snapshot.organisation.trim();
            let org: i64 = match tx
                .query_row(
                    "SELECT id FROM organisations WHERE name = ?1",
                    [name],
                    |r| r.get(0),
                )
                .optional()?
            {
                Some(id) => id,
                None => {
                    tx.execute("INSERT INTO organisations (name) VALUES (?1)", [name])?;
                    tx.last_insert_rowid()
                }
            };
            let month = snapshot.month.format("%Y-%m").to_string();
            let old: Option<String> = tx
                .query_row(
                    "SELECT open_incidents || '/' || open_requests || '/' || stop_clock
                     FROM case_snapshots WHERE month = ?1 AND organisation_id = ?2",
                    rusqlite::params![month, org],
                    |r| r.get(0),
                )
                .optional()?;
            tx.execute(
                "INSERT INTO case_snapshots (month, organisation_id, open_incidents, open_requests, stop_clock)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (month, organisation_id) DO UPDATE SET
                    open_incidents = excluded.open_incidents, open_requests = excluded.open_requests,
                    stop_clock = excluded.stop_clock",
                rusqlite::params![
                    month,
                    org,
                    snapshot.open_incidents,
                    snapshot.open_requests,
                    snapshot.stop_clock
                ],
            )?;
            let new = format!(
                "{}/{}/{}",
                snapshot.open_incidents, snapshot.open_requests, snapshot.stop_clock
            );
            let field = format!("{month} {name}");
            super::audit::write(
                &tx,
                &super::audit::AuditRow {
                    at: actor.now,
                    user: actor.user,
                    entity: "snapshot",
                    entity_id: org,
                    project_id: None,
                    field: &field,
                    old_value: old.as_deref(),
                    new_value: Some(&new),
                    reason: if old.is_some() { "corrected" } else { "added" },
                },
            )
        })();
        result.map_err(|e| super::classify(&path, e))?;
        tx.commit().map_err(|e| super::classify(&path, e))
    }

    /// Every case with its history, in opening order (tests and small tools; the views stream
    /// with [`Store::each_desk_case`]).
    pub fn desk_cases(&self) -> Result<Vec<DeskCase>> {
        let mut cases = Vec::new();
        self.each_desk_case(None, |case| cases.push(case))?;
        cases.sort_by_key(|c| (c.opened_at, c.id));
        Ok(cases)
    }

    /// Hand every case (of one organisation, if given) with its history to `f`, one at a time
    /// in id order: a million cases pass through without being held. One query, no query per
    /// case: cases joined to their state changes, read in the index's order.
    pub fn each_desk_case(
        &self,
        organisation: Option<&str>,
        mut f: impl FnMut(DeskCase),
    ) -> Result<()> {
        let names = self.id_names("SELECT id, name FROM organisations")?;
        let codes = self.id_names("SELECT id, code FROM projects")?;
        let wanted: Option<Vec<i64>> = organisation.map(|o| {
            names
                .iter()
                .filter(|(_, name)| crate::domain::text::same_name(name, o))
                .map(|(id, _)| *id)
                .collect()
        });
        let mut stmt = self
            .conn
            .prepare_cached(DESK_CASES_SQL)
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
        let mut current: Option<DeskCase> = None;
        let mut skipping: Option<i64> = None;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let id: i64 = r.get(0).map_err(|e| self.err(e))?;
            if skipping == Some(id) {
                continue;
            }
            if current.as_ref().is_none_or(|c| c.id != id) {
                if let Some(done) = current.take() {
                    f(done);
                }
                let org: Option<i64> = r.get(9).map_err(|e| self.err(e))?;
                if let Some(wanted) = &wanted
                    && !org.is_some_and(|o| wanted.contains(&o))
                {
                    skipping = Some(id);
                    continue;
                }
                let project: Option<i64> = r.get(10).map_err(|e| self.err(e))?;
                let case = (|| -> rusqlite::Result<DeskCase> {
                    Ok(DeskCase {
                        id,
                        reference: r.get(1)?,
                        kind: parsed(r, 2)?,
                        priority: small(r, 3)?.unwrap_or(4),
                        state: parsed(r, 4)?,
                        hold_reason: r.get(5)?,
                        opened_at: datetime(r, 6)?.unwrap_or_default(),
                        resolved_at: datetime(r, 7)?,
                        closed_at: datetime(r, 8)?,
                        organisation: org.and_then(|o| names.get(&o).cloned()),
                        project_code: project.and_then(|p| codes.get(&p).cloned()),
                        summary: r.get(11)?,
                        history: Vec::new(),
                        version: r.get(12)?,
                    })
                })()
                .map_err(|e| self.err(e))?;
                current = Some(case);
            }
            let change = (|| -> rusqlite::Result<Option<StateChange>> {
                let Some(at) = datetime(r, 13)? else {
                    return Ok(None);
                };
                Ok(Some(StateChange {
                    at,
                    state: parsed(r, 14)?,
                    hold_reason: r.get(15)?,
                }))
            })()
            .map_err(|e| self.err(e))?;
            if let (Some(case), Some(change)) = (current.as_mut(), change) {
                case.history.push(change);
            }
        }
        if let Some(done) = current {
            f(done);
        }
        Ok(())
    }

    /// SQLite's plan for the service desk's one pass over every case: tests check it walks
    /// the tables in index order with no sort of a million rows.
    pub fn explain_desk_cases(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {DESK_CASES_SQL}"))
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(3))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// The highest case id: a free upper bound on the number of cases (a count would scan).
    pub fn case_high_water(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT coalesce(max(id), 0) FROM cases", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// The highest project id: a free upper bound on the number of projects.
    pub fn project_high_water(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT coalesce(max(id), 0) FROM projects", [], |r| {
                r.get(0)
            })
            .map_err(|e| self.err(e))
    }

    /// A small id-to-name table (organisations, project codes), read once per pass.
    fn id_names(&self, sql: &str) -> Result<HashMap<i64, String>> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// Every case with the columns import reads, for export.
    /// Every case in reference order, as import reads them.
    pub fn export_cases(&self) -> Result<Vec<crate::domain::records::CaseRecord>> {
        let mut all = Vec::new();
        self.each_export_case(|case| {
            all.push(case);
            Ok::<(), StoreError>(())
        })?;
        Ok(all)
    }

    /// Hand each case to `f` as it is read, so an export of any size streams.
    pub fn each_export_case<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(crate::domain::records::CaseRecord) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT c.ref, c.kind, c.priority, c.state, c.hold_reason, c.opened_at, c.resolved_at,
                        c.closed_at, c.category, c.service, c.assignment_group, o.name, p.code, c.summary
                 FROM cases c
                 LEFT JOIN organisations o ON o.id = c.organisation_id
                 LEFT JOIN projects p ON p.id = c.project_id
                 ORDER BY c.ref",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(crate::domain::records::CaseRecord {
                    reference: r.get(0)?,
                    kind: parsed(r, 1)?,
                    priority: small(r, 2)?.unwrap_or(4),
                    state: parsed(r, 3)?,
                    hold_reason: r.get(4)?,
                    opened_at: datetime(r, 5)?.unwrap_or_default(),
                    resolved_at: datetime(r, 6)?,
                    closed_at: datetime(r, 7)?,
                    category: r.get(8)?,
                    service: r.get(9)?,
                    assignment_group: r.get(10)?,
                    organisation: r.get(11)?,
                    project_code: r.get(12)?,
                    summary: r.get(13)?,
                })
            })
            .map_err(|e| self.err(e))?;
        for row in rows {
            f(row.map_err(|e| self.err(e))?)?;
        }
        Ok(())
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
