//! What the service-desk view reads: every case with its state history, and the monthly counts.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::row::{datetime, parsed, small};
use super::{Result, Store, StoreError};
use crate::domain::sla::{DeskCase, StateChange};

/// A month's open-case counts for one organisation, as a team reported them.
pub type Snapshot = crate::domain::records::SnapshotRecord;

/// Cases joined to their state changes, in the order the index already holds them; `{}` is
/// where a `WHERE` goes.
const DESK_CASES_SQL: &str = "
SELECT c.id, c.ref, c.kind, c.priority, c.state, c.hold_reason, c.opened_at, c.resolved_at,
       c.closed_at, c.organisation_id, c.project_id, c.summary, c.version,
       h.changed_at, h.state, h.hold_reason
FROM cases c LEFT JOIN case_state_changes h ON h.case_id = c.id
{}
ORDER BY c.id, h.changed_at, h.id";

/// Which cases [`stream_cases`] reads.
#[derive(Clone, Copy)]
pub(super) enum Which {
    All,
    /// New, active and on hold: the desk's queue.
    Open,
    One(i64),
}

impl Which {
    fn sql(self) -> &'static str {
        static ALL: std::sync::LazyLock<String> =
            std::sync::LazyLock::new(|| DESK_CASES_SQL.replace("{}", ""));
        // The open cases' own index: read in order, with no look-up of a case row.
        static OPEN: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
            DESK_CASES_SQL
                .replace("FROM cases c", "FROM cases c INDEXED BY cases_open")
                .replace("{}", "WHERE c.state IN ('new', 'active', 'on-hold')")
        });
        static ONE: std::sync::LazyLock<String> =
            std::sync::LazyLock::new(|| DESK_CASES_SQL.replace("{}", "WHERE c.id = ?1"));
        match self {
            Which::All => &ALL,
            Which::Open => &OPEN,
            Which::One(_) => &ONE,
        }
    }
}

/// Names for a case's organisation and project ids, when the reader shows them.
#[derive(Default)]
pub(super) struct Names {
    pub organisations: HashMap<i64, String>,
    pub projects: HashMap<i64, String>,
}

/// Hand each case of `which`, with its history and its organisation's id, to `f`, one at a
/// time in id order: one query, none per case, so a million cases pass without being held.
pub(super) fn stream_cases(
    conn: &rusqlite::Connection,
    which: Which,
    names: &Names,
    mut f: impl FnMut(DeskCase, Option<i64>),
) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(which.sql())?;
    let mut rows = match which {
        Which::One(id) => stmt.query([id])?,
        _ => stmt.query([])?,
    };
    let mut current: Option<(DeskCase, Option<i64>)> = None;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if current.as_ref().is_none_or(|(c, _)| c.id != id) {
            if let Some((done, org)) = current.take() {
                f(done, org);
            }
            let org: Option<i64> = r.get(9)?;
            let project: Option<i64> = r.get(10)?;
            let case = DeskCase {
                id,
                reference: r.get(1)?,
                kind: parsed(r, 2)?,
                priority: small(r, 3)?.unwrap_or(4),
                state: parsed(r, 4)?,
                hold_reason: r.get(5)?,
                opened_at: datetime(r, 6)?.unwrap_or_default(),
                resolved_at: datetime(r, 7)?,
                closed_at: datetime(r, 8)?,
                organisation: org.and_then(|o| names.organisations.get(&o).cloned()),
                project_code: project.and_then(|p| names.projects.get(&p).cloned()),
                summary: r.get(11)?,
                history: Vec::new(),
                version: r.get(12)?,
            };
            current = Some((case, org));
        }
        if let Some(at) = datetime(r, 13)?
            && let Some((case, _)) = current.as_mut()
        {
            case.history.push(StateChange {
                at,
                state: parsed(r, 14)?,
                hold_reason: r.get(15)?,
            });
        }
    }
    if let Some((done, org)) = current {
        f(done, org);
    }
    Ok(())
}

/// The ids of the organisations named `name` (compared as people write names).
pub(super) fn organisation_ids(names: &HashMap<i64, String>, name: &str) -> Vec<i64> {
    names
        .iter()
        .filter(|(_, n)| crate::domain::text::same_name(n, name))
        .map(|(id, _)| *id)
        .collect()
}

/// One case as the store holds it (with its history), if it exists.
pub(super) fn stored_case(
    conn: &rusqlite::Connection,
    id: i64,
) -> rusqlite::Result<Option<(DeskCase, Option<i64>)>> {
    let mut found = None;
    stream_cases(conn, Which::One(id), &Names::default(), |case, org| {
        found = Some((case, org));
    })?;
    Ok(found)
}

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
    /// in id order: a million cases pass through without being held.
    pub fn each_desk_case(
        &self,
        organisation: Option<&str>,
        f: impl FnMut(DeskCase),
    ) -> Result<()> {
        self.each_case_of(Which::All, organisation, f)
    }

    /// The desk's queue (new, active and on hold cases, of one organisation if given) with
    /// their histories, read through the state index: a few thousand of a million.
    pub fn each_open_case(
        &self,
        organisation: Option<&str>,
        f: impl FnMut(DeskCase),
    ) -> Result<()> {
        self.each_case_of(Which::Open, organisation, f)
    }

    fn each_case_of(
        &self,
        which: Which,
        organisation: Option<&str>,
        mut f: impl FnMut(DeskCase),
    ) -> Result<()> {
        let names = Names {
            organisations: self.organisation_names()?,
            projects: self.id_names("SELECT id, code FROM projects")?,
        };
        let wanted = organisation.map(|o| organisation_ids(&names.organisations, o));
        stream_cases(&self.conn, which, &names, |case, org| {
            if wanted
                .as_ref()
                .is_none_or(|w| org.is_some_and(|o| w.contains(&o)))
            {
                f(case);
            }
        })
        .map_err(|e| self.err(e))
    }

    /// Every organisation's name by id.
    pub(super) fn organisation_names(&self) -> Result<HashMap<i64, String>> {
        self.id_names("SELECT id, name FROM organisations")
    }

    /// SQLite's plan for the service desk's one pass over every case: tests check it walks
    /// the tables in index order with no sort of a million rows.
    pub fn explain_desk_cases(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {}", Which::All.sql()))
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
