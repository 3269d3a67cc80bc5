//! Keeping the file trustworthy: an online backup that is consistent while others use the
//! database, and a check of integrity, foreign keys and schema version.

use std::path::Path;
use std::time::Duration;

use rusqlite::Connection;
use rusqlite::backup::Backup;

use super::schema::latest_version;
use super::{CheckReport, Result, Store, StoreError, classify};
use crate::io::safe_write::{Protected, TempFile};

/// "cannot write the backup to DEST: REASON".
fn unwritable_backup(dest: &Path, reason: &str) -> StoreError {
    StoreError::Invalid(format!(
        "cannot write the backup to {}: {reason}",
        dest.display()
    ))
}

/// How many differences in the desk's sums `check` lists before it says how many more.
const DIFFERENCES_SHOWN: usize = 10;

impl Store {
    /// The service desk's stored sums against a recount from every case.
    fn check_desk_sums(
        &self,
        settings: &crate::domain::Settings,
        report: &mut CheckReport,
    ) -> Result<()> {
        let stored = self.desk_sums()?;
        let recounted = super::desk_sums::recount(&self.conn, settings).map_err(|e| self.err(e))?;
        let differences = stored.differences(&recounted);
        if differences.is_empty() {
            report
                .facts
                .push("the service desk's counts agree with a recount of every case".into());
            return Ok(());
        }
        let more = differences.len().saturating_sub(DIFFERENCES_SHOWN);
        for line in differences.into_iter().take(DIFFERENCES_SHOWN) {
            report.problems.push(format!("service desk counts: {line}"));
        }
        if more > 0 {
            report
                .problems
                .push(format!("service desk counts: {more} more differences"));
        }
        report.problems.push(
            "service desk counts differ from the cases: run `workplan check --recount` to count them again".into(),
        );
        Ok(())
    }

    /// Count the service desk's sums again from every case, in one transaction (after `check`
    /// found them wrong).
    pub fn recount_desk(&mut self) -> Result<()> {
        if self.read_only {
            return Err(StoreError::ReadOnly(self.path.clone()));
        }
        let settings = self.settings()?;
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| classify(&path, e))?;
        super::desk_sums::rebuild(&tx, &settings).map_err(|e| classify(&path, e))?;
        tx.commit().map_err(|e| classify(&path, e))
    }

    /// Copy the database to `dest` with SQLite's online backup, page by page, so colleagues
    /// can keep working; the copy is built in a temporary file beside `dest` and moved into
    /// place only once it is complete and passes an integrity check, so a failure (a full
    /// disk) leaves nothing behind. An existing `dest` is never overwritten, nor is the
    /// database itself or one of its files. Failures name `dest`.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if dest.symlink_metadata().is_ok() {
            return Err(StoreError::Invalid(format!(
                "{} already exists: choose a new file name for the backup",
                dest.display()
            )));
        }
        let resolved = Protected::database(&self.path)
            .check(dest)
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        let temp = TempFile::database_beside(&resolved)
            .map_err(|e| unwritable_backup(dest, &e.to_string()))?;
        let result = (|| -> rusqlite::Result<String> {
            let mut copy = Connection::open(temp.path())?;
            Backup::new(&self.conn, &mut copy)?.run_to_completion(
                256,
                Duration::from_millis(5),
                None,
            )?;
            let verdict: String = copy.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
            copy.close().map_err(|(_, e)| e)?;
            Ok(verdict)
        })();
        // On any failure `temp` is dropped, removing the partial copy and its journal.
        match result {
            Ok(verdict) if verdict == "ok" => temp.persist_new(&resolved).map_err(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    StoreError::Invalid(format!(
                        "{} already exists: choose a new file name for the backup",
                        dest.display()
                    ))
                } else {
                    unwritable_backup(dest, &e.to_string())
                }
            }),
            Ok(verdict) => Err(StoreError::Corrupt {
                path: dest.to_path_buf(),
                detail: format!("the copy failed its check: {verdict}"),
            }),
            Err(e) => Err(self.backup_error(dest, e)),
        }
    }

    /// A failed backup: the database's own state (busy, damaged) names the database; the
    /// rest are the copy's, and name `dest`.
    fn backup_error(&self, dest: &Path, e: rusqlite::Error) -> StoreError {
        use rusqlite::ErrorCode;
        match e.sqlite_error_code() {
            Some(
                ErrorCode::DatabaseBusy
                | ErrorCode::DatabaseLocked
                | ErrorCode::DatabaseCorrupt
                | ErrorCode::NotADatabase,
            ) => classify(&self.path, e),
            Some(ErrorCode::DiskFull) => unwritable_backup(dest, "No space left on device"),
            _ => unwritable_backup(dest, &e.to_string()),
        }
    }

    /// Write everything in the write-ahead log into the database file and close it, reporting
    /// any failure (a drop would ignore it): afterwards the file alone holds every committed
    /// change, ready to be moved or copied.
    pub fn close(self) -> Result<()> {
        let path = self.path.clone();
        if !self.read_only {
            let busy: i64 = self
                .conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))
                .map_err(|e| classify(&path, e))?;
            if busy != 0 {
                return Err(StoreError::Busy(path));
            }
        }
        self.conn.close().map_err(|(_, e)| classify(&path, e))
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
        match self.settings() {
            Err(e) => report.problems.push(format!("settings: {e}")),
            Ok(settings) => self.check_desk_sums(&settings, &mut report)?,
        }
        // The audit trail's triggers are in place and its hash chain is unbroken.
        self.check_audit_trail(&mut report)?;
        Ok(report)
    }
}
