//! Saved import profiles: the options one source's export needs, kept in the work plan so the
//! whole team imports next month's file with one word. Saving is audited like any change.

use rusqlite::{OptionalExtension, params};

use super::audit::{self, AuditRow};
use super::edit::Actor;
use super::{Result, Store, StoreError, classify};
use crate::domain::dates;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub name: String,
    pub register: String,
    /// The options as JSON (commands::import_args owns their shape).
    pub options: String,
    pub saved_at: String,
    pub saved_by: String,
}

fn profile(r: &rusqlite::Row<'_>) -> rusqlite::Result<Profile> {
    Ok(Profile {
        name: r.get(0)?,
        register: r.get(1)?,
        options: r.get(2)?,
        saved_at: r.get(3)?,
        saved_by: r.get(4)?,
    })
}

impl Store {
    pub fn profiles(&self) -> Result<Vec<Profile>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT name, register, options, saved_at, saved_by FROM import_profiles
                 ORDER BY name COLLATE NOCASE",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt.query_map([], profile).map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    pub fn profile(&self, name: &str) -> Result<Option<Profile>> {
        self.conn
            .query_row(
                "SELECT name, register, options, saved_at, saved_by FROM import_profiles
                 WHERE name = ?1",
                params![name.trim()],
                profile,
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Save (or replace) a profile in one transaction with its audit row. Returns whether
    /// anything changed.
    pub fn save_profile(
        &mut self,
        name: &str,
        register: &str,
        options: &str,
        actor: Actor<'_>,
    ) -> Result<bool> {
        if self.read_only {
            return Err(StoreError::ReadOnly(self.path.clone()));
        }
        let before = self.profile(name)?;
        if before
            .as_ref()
            .is_some_and(|p| p.register == register && p.options == options)
        {
            return Ok(false);
        }
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| classify(&path, e))?;
        let now = dates::iso_datetime(actor.now);
        let write = || -> rusqlite::Result<()> {
            tx.execute(
                "INSERT INTO import_profiles (name, register, options, saved_at, saved_by)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (name) DO UPDATE SET register = excluded.register,
                    options = excluded.options, saved_at = excluded.saved_at,
                    saved_by = excluded.saved_by",
                params![name.trim(), register, options, now, actor.user],
            )?;
            let old = before
                .as_ref()
                .map(|p| format!("{} {}", p.register, p.options));
            let new = format!("{register} {options}");
            audit::write(
                &tx,
                &AuditRow {
                    at: actor.now,
                    user: actor.user,
                    entity: "import_profile",
                    entity_id: 0,
                    project_id: None,
                    field: name.trim(),
                    old_value: old.as_deref(),
                    new_value: Some(&new),
                    reason: "",
                },
            )
        };
        write().map_err(|e| classify(&path, e))?;
        tx.commit().map_err(|e| classify(&path, e))?;
        Ok(true)
    }
}
