//! The audit trail: one row per changed field, written in the same transaction as the change.

use chrono::NaiveDateTime;
use rusqlite::{Transaction, params};

use super::row::datetime;
use super::{Result, Store};
use crate::domain::dates;

#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    pub id: i64,
    /// The project the change belongs to, by code (empty for corporate risks).
    pub project_code: String,
    pub at: NaiveDateTime,
    pub user: String,
    pub entity: String,
    pub entity_id: i64,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub reason: String,
}

fn entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        at: datetime(r, 0)?.unwrap_or_default(),
        user: r.get(1)?,
        entity: r.get(2)?,
        entity_id: r.get(3)?,
        field: r.get(4)?,
        old_value: r.get(5)?,
        new_value: r.get(6)?,
        reason: r.get(7)?,
        project_code: r.get(8)?,
        id: r.get(9)?,
    })
}

/// What one audit row records; `project_id` lets a project's History tab find rows about its
/// milestones and risks too.
pub(crate) struct AuditRow<'a> {
    pub at: NaiveDateTime,
    pub user: &'a str,
    pub entity: &'a str,
    pub entity_id: i64,
    pub project_id: Option<i64>,
    pub field: &'a str,
    pub old_value: Option<&'a str>,
    pub new_value: Option<&'a str>,
    pub reason: &'a str,
}

pub(crate) fn write(tx: &Transaction<'_>, row: &AuditRow<'_>) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO audit_log (at, user, entity, entity_id, project_id, field, old_value, new_value, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        dates::iso_datetime(row.at),
        row.user,
        row.entity,
        row.entity_id,
        row.project_id,
        row.field,
        row.old_value,
        row.new_value,
        row.reason,
    ])?;
    Ok(())
}

/// See [`Store::change_token`].
pub type ChangeToken = (i64, u64);

impl Store {
    /// A project's history, newest first: changes to it and to its milestones and risks.
    pub fn project_audit(&self, project_id: i64, limit: usize) -> Result<Vec<AuditEntry>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT a.at, a.user, a.entity, a.entity_id, a.field, a.old_value, a.new_value,
                        a.reason, coalesce(p.code, ''), a.id
                 FROM audit_log a LEFT JOIN projects p ON p.id = a.project_id
                 WHERE a.project_id = ?1 ORDER BY a.at DESC, a.id DESC LIMIT ?2",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![project_id, limit as i64], entry)
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// The whole work plan's history, newest first, optionally for one user and from a date.
    pub fn audit_log(
        &self,
        user: Option<&str>,
        since: Option<NaiveDateTime>,
        limit: usize,
    ) -> Result<Vec<AuditEntry>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT a.at, a.user, a.entity, a.entity_id, a.field, a.old_value, a.new_value,
                        a.reason, coalesce(p.code, ''), a.id
                 FROM audit_log a LEFT JOIN projects p ON p.id = a.project_id
                 WHERE (?1 IS NULL OR a.user = ?1) AND (?2 IS NULL OR a.at >= ?2)
                 ORDER BY a.at DESC, a.id DESC LIMIT ?3",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(
                params![user, since.map(dates::iso_datetime), limit as i64],
                entry,
            )
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// Audit rows written after row `id`, oldest first: what other users just changed.
    pub fn audit_after(&self, id: i64, limit: usize) -> Result<Vec<AuditEntry>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT a.at, a.user, a.entity, a.entity_id, a.field, a.old_value, a.new_value,
                        a.reason, coalesce(p.code, ''), a.id
                 FROM audit_log a LEFT JOIN projects p ON p.id = a.project_id
                 WHERE a.id > ?1 ORDER BY a.id LIMIT ?2",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![id, limit as i64], entry)
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    pub fn latest_audit_id(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT coalesce(max(id), 0) FROM audit_log", [], |r| {
                r.get(0)
            })
            .map_err(|e| self.err(e))
    }

    /// Everyone who has changed anything, for the history view's user filter.
    pub fn audit_users(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT DISTINCT user FROM audit_log ORDER BY user")
            .map_err(|e| self.err(e))?;
        let rows = stmt.query_map([], |r| r.get(0)).map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// Changes whenever another connection commits: the app polls it to notice other users.
    pub fn data_version(&self) -> Result<i64> {
        self.conn
            .pragma_query_value(None, "data_version", |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// Changes whenever anything changes the file: another connection's commit moves
    /// `data_version`, this connection's own writes move `total_changes`. Views loaded at the
    /// same token are still current.
    pub fn change_token(&self) -> Result<ChangeToken> {
        Ok((self.data_version()?, self.conn.total_changes()))
    }

    pub fn audit_count(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }
}
