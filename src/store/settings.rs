use rusqlite::params;

use super::{Result, Store, StoreError};
use crate::domain::{Rag, Settings};

pub(super) const SETTINGS_SQL: &str = "SELECT key, value FROM settings";

impl Store {
    /// The database's shared settings: defaults overlaid with what is stored.
    pub fn settings(&self) -> Result<Settings> {
        let mut settings = Settings::default();
        let mut stmt = self
            .conn
            .prepare_cached(SETTINGS_SQL)
            .map_err(|e| self.err(e))?;
        let pairs = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(|e| self.err(e))?;
        for pair in pairs {
            let (key, value) = pair.map_err(|e| self.err(e))?;
            settings.apply(&key, &value).map_err(|message| {
                StoreError::Invalid(format!("{}: {message}", self.path.display()))
            })?;
        }
        Ok(settings)
    }

    /// Change the shared settings from the app: one transaction, one audit row per setting.
    pub fn save_settings_as(
        &mut self,
        settings: &Settings,
        actor: super::edit::Actor<'_>,
    ) -> Result<usize> {
        if self.read_only {
            return Err(StoreError::ReadOnly(self.path.clone()));
        }
        let old = self.settings()?;
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| super::classify(&path, e))?;
        let mut changed = 0;
        for ((key, new), (_, before)) in settings.to_pairs().into_iter().zip(old.to_pairs()) {
            if new == before {
                continue;
            }
            changed += 1;
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, new],
            )
            .map_err(|e| super::classify(&path, e))?;
            super::audit::write(
                &tx,
                &super::audit::AuditRow {
                    at: actor.now,
                    user: actor.user,
                    entity: "settings",
                    entity_id: 0,
                    project_id: None,
                    field: key,
                    old_value: Some(&before),
                    new_value: Some(&new),
                    reason: "",
                },
            )
            .map_err(|e| super::classify(&path, e))?;
        }
        tx.commit().map_err(|e| super::classify(&path, e))?;
        Ok(changed)
    }

    /// How many projects (archived ones aside) are rated amber-red or amber-green: the values
    /// only the 5-point scale has, which the 3-point scale would show as red and amber.
    pub fn projects_rated_off_three_point_scale(&self) -> Result<i64> {
        self.conn
            .query_row(
                "SELECT count(*) FROM projects WHERE archived = 0 AND rag IN (?1, ?2)",
                params![Rag::AmberRed.as_str(), Rag::AmberGreen.as_str()],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))
    }

    pub fn save_settings(&mut self, settings: &Settings) -> Result<()> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction()
            .map_err(|e| super::classify(&path, e))?;
        for (key, value) in settings.to_pairs() {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )
            .map_err(|e| super::classify(&path, e))?;
        }
        tx.commit().map_err(|e| super::classify(&path, e))
    }
}

impl Store {
    /// One raw setting (for markers such as `demo` that are not part of `Settings`).
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        self.conn
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                params![key],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }
}
