//! The audit trail: one row per changed field, written in the same transaction as the change.

use chrono::NaiveDateTime;
use rusqlite::{Transaction, params};

use super::row::datetime;
use super::{Result, Store};
use crate::domain::dates;

#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    pub at: NaiveDateTime,
    pub user: String,
    pub entity: String,
    pub entity_id: i64,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub reason: String,
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

impl Store {
    /// A project's history, newest first: changes to it and to its milestones and risks.
    pub fn project_audit(&self, project_id: i64, limit: usize) -> Result<Vec<AuditEntry>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT at, user, entity, entity_id, field, old_value, new_value, reason
                 FROM audit_log WHERE project_id = ?1 ORDER BY at DESC, id DESC LIMIT ?2",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![project_id, limit as i64], |r| {
                Ok(AuditEntry {
                    at: datetime(r, 0)?.unwrap_or_default(),
                    user: r.get(1)?,
                    entity: r.get(2)?,
                    entity_id: r.get(3)?,
                    field: r.get(4)?,
                    old_value: r.get(5)?,
                    new_value: r.get(6)?,
                    reason: r.get(7)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    pub fn audit_count(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }
}
