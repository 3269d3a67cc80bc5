use rusqlite::params;

use super::{Result, Store, StoreError};
use crate::domain::{Rag, Settings};

pub(super) const SETTINGS_SQL: &str = "SELECT key, value FROM settings";

/// The stored settings over the defaults; a value the app cannot read is the outer `Err`'s
/// message.
pub(super) fn read_settings(
    conn: &rusqlite::Connection,
) -> rusqlite::Result<std::result::Result<Settings, String>> {
    let mut settings = Settings::default();
    let mut stmt = conn.prepare_cached(SETTINGS_SQL)?;
    let pairs = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for pair in pairs {
        let (key, value) = pair?;
        if let Err(message) = settings.apply(&key, &value) {
            return Ok(Err(message));
        }
    }
    Ok(Ok(settings))
}

/// Whether a change of settings changes the service desk's targets (and so the sums of
/// cases resolved within them).
fn targets_differ(old: &Settings, new: &Settings) -> bool {
    old.sla_incident_hours != new.sla_incident_hours
        || old.sla_request_hours != new.sla_request_hours
}

impl Store {
    /// The database's shared settings: defaults overlaid with what is stored.
    pub fn settings(&self) -> Result<Settings> {
        read_settings(&self.conn)
            .map_err(|e| self.err(e))?
            .map_err(|message| StoreError::Invalid(format!("{}: {message}", self.path.display())))
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
        if targets_differ(&old, settings) {
            super::desk_sums::retarget(&tx, settings).map_err(|e| super::classify(&path, e))?;
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
        let old = self.settings()?;
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
        if targets_differ(&old, settings) {
            super::desk_sums::retarget(&tx, settings).map_err(|e| super::classify(&path, e))?;
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

    /// One raw setting outside [`Settings`] (a marker such as `demo`).
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        if Settings::default()
            .to_pairs()
            .iter()
            .any(|(k, _)| *k == key)
        {
            return Err(StoreError::Invalid(format!(
                "{key} is a shared setting: change it with the settings, not as a raw value"
            )));
        }
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
