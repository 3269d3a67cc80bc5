//! Keeping the file trustworthy: an online backup that is consistent while others use the
//! database, and a check of integrity, foreign keys and schema version.

use std::path::Path;
use std::time::Duration;

use rusqlite::Connection;
use rusqlite::backup::Backup;

use super::schema::latest_version;
use super::{Result, Store, StoreError, classify};

/// What `check` found: problems make the command fail; facts are printed either way.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckReport {
    pub problems: Vec<String>,
    pub facts: Vec<String>,
}

impl Store {
    /// Copy the database to `dest` with SQLite's online backup, page by page, so colleagues
    /// can keep working; the copy is written beside `dest` and renamed into place only once it
    /// is complete and passes an integrity check. An existing `dest` is never overwritten.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(StoreError::Invalid(format!(
                "{} already exists: choose a new file name for the backup",
                dest.display()
            )));
        }
        let partial = dest.with_extension("partial");
        let unwritable = |e: std::io::Error| StoreError::Unwritable {
            path: dest.to_path_buf(),
            reason: e.to_string(),
        };
        {
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            options.open(&partial).map_err(unwritable)?;
        }
        let result = (|| -> rusqlite::Result<String> {
            let mut copy = Connection::open(&partial)?;
            Backup::new(&self.conn, &mut copy)?.run_to_completion(
                256,
                Duration::from_millis(5),
                None,
            )?;
            copy.query_row("PRAGMA quick_check", [], |r| r.get(0))
        })();
        match result {
            Ok(verdict) if verdict == "ok" => {
                std::fs::rename(&partial, dest).map_err(unwritable)?;
                Ok(())
            }
            Ok(verdict) => {
                let _ = std::fs::remove_file(&partial);
                Err(StoreError::Corrupt {
                    path: dest.to_path_buf(),
                    detail: format!("the copy failed its check: {verdict}"),
                })
            }
            Err(e) => {
                let _ = std::fs::remove_file(&partial);
                Err(classify(&self.path, e))
            }
        }
    }

    /// Integrity, foreign keys, schema version and a count of what the file holds.
    pub fn check(&self) -> Result<CheckReport> {
        let mut report = CheckReport::default();
        let mut stmt = self
            .conn
            .prepare("PRAGMA integrity_check")
            .map_err(|e| self.err(e))?;
        let verdicts = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))?;
        if verdicts != ["ok"] {
            report
                .problems
                .extend(verdicts.into_iter().map(|v| format!("integrity: {v}")));
        }
        let mut stmt = self
            .conn
            .prepare("PRAGMA foreign_key_check")
            .map_err(|e| self.err(e))?;
        let broken = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))?;
        for (table, row, parent) in broken {
            report.problems.push(format!(
                "foreign key: {table} row {} points to a missing {parent} row",
                row.map(|r| r.to_string()).unwrap_or_else(|| "?".into())
            ));
        }
        let version = self.schema_version()?;
        if version != latest_version() {
            report.problems.push(format!(
                "schema version {version}, but this build uses {}",
                latest_version()
            ));
        } else {
            report.facts.push(format!("schema version {version}"));
        }
        for (what, sql) in [
            ("projects", "SELECT count(*) FROM projects"),
            ("milestones", "SELECT count(*) FROM milestones"),
            ("risks", "SELECT count(*) FROM risks"),
            ("cases", "SELECT count(*) FROM cases"),
            ("audit rows", "SELECT count(*) FROM audit_log"),
        ] {
            let n: i64 = self
                .conn
                .query_row(sql, [], |r| r.get(0))
                .map_err(|e| self.err(e))?;
            report.facts.push(format!("{n} {what}"));
        }
        if let Err(e) = self.settings() {
            report.problems.push(format!("settings: {e}"));
        }
        Ok(report)
    }
}
