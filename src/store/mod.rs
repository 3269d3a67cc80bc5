//! The only module that knows SQL. Typed methods over one SQLite file; every write is one
//! transaction that also writes its audit rows; every parameter is bound.

mod assurance;
mod audit;
mod bulk;
mod case_import;
mod columns;
pub use columns::Column;
mod desk;
mod desk_sums;
mod detail;
pub mod edit;
mod import;
mod links;
mod maintenance;
mod open;
pub mod portfolio;
mod profiles;
mod register;
mod reports;
mod row;
mod schema;
mod settings;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use audit::{AuditEntry, ChangeToken};
pub use bulk::{BulkCase, BulkLoad, BulkMilestone, BulkProject, BulkRisk};
pub use case_import::CaseImport;
pub use desk::Snapshot;
pub use detail::LinkedCase;
pub use import::{ImportOptions, ImportOutcome, ImportProblem};
pub use open::{OpenMode, check_file_header};
pub use profiles::Profile;
pub use schema::{MIGRATIONS, latest_version};

/// Why the store could not do what was asked. Each message is one sentence naming the file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "no database at {0}: run `workplan demo` to try the demo, or open the app with --db to create one"
    )]
    Missing(PathBuf),
    #[error("{0} is not a workplan database: it is not an SQLite file")]
    NotADatabase(PathBuf),
    #[error(
        "{0} is damaged: the file is shorter than its header says (was it truncated while copying?)"
    )]
    Truncated(PathBuf),
    #[error("{path} is damaged ({detail}); restore it from a backup")]
    Corrupt { path: PathBuf, detail: String },
    #[error(
        "{0} is empty: it holds no work plan (was it cut short while copying? restore it from a backup, or open the app with --db to start a new one)"
    )]
    Empty(PathBuf),
    #[error(
        "{0} has changes waiting in its -wal file that only someone who can write it can recover: ask its owner to open it once"
    )]
    NeedsRecovery(PathBuf),
    #[error("{0} is an SQLite database, but not a workplan one")]
    NotWorkplan(PathBuf),
    #[error(
        "{path} was written by a newer version of workplan (schema {found}; this version reads up to {supported}): upgrade workplan to open it"
    )]
    SchemaTooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("{path} needs upgrading to schema {supported} but was opened read-only")]
    NeedsUpgrade { path: PathBuf, supported: i64 },
    #[error("cannot create a database at {path}: {reason}")]
    Unwritable { path: PathBuf, reason: String },
    #[error("cannot open {path}: {reason}")]
    CannotOpen { path: PathBuf, reason: String },
    #[error("the database {0} is busy: another user is writing to it; try again in a moment")]
    Busy(PathBuf),
    #[error("{0}")]
    Invalid(String),
    #[error("{0} is open read-only: nothing was changed")]
    ReadOnly(PathBuf),
    #[error("database error in {path}: {source}")]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("schema migration of {path} failed: {detail}")]
    Migration { path: PathBuf, detail: String },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// One open workplan database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    read_only: bool,
    /// Set when the user may not write the file or its folder, so it opened read-only.
    read_only_reason: Option<String>,
    /// This open made a new, empty work plan.
    created: bool,
}

/// SQLite's page cache for a large write, in KiB (negative: a size, not a page count).
const LARGE_WRITE_CACHE_KIB: i64 = -128_000;

impl Store {
    /// A large write (an import, a generated plan) touches many more pages than SQLite's
    /// default 2 MB cache holds: they spill to the WAL mid-transaction and are read back,
    /// which was a quarter of a million-case import. A bigger cache keeps them in memory; it
    /// stays for this connection, which in the CLI ends with the write.
    fn use_large_write_cache(&self) -> Result<()> {
        self.conn
            .pragma_update(None, "cache_size", LARGE_WRITE_CACHE_KIB)
            .map_err(|e| self.err(e))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Turn a rusqlite error into one that names the file and says what it means.
    fn err(&self, source: rusqlite::Error) -> StoreError {
        classify(&self.path, source)
    }

    /// True when the database holds no projects yet (the app shows its welcome screen).
    pub fn is_empty(&self) -> Result<bool> {
        let count: i64 = self
            .conn
            .query_row("SELECT count(*) FROM projects", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        Ok(count == 0)
    }

    pub fn schema_version(&self) -> Result<i64> {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| self.err(e))
    }
}

pub(crate) fn classify(path: &Path, source: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode;
    let path = path.to_path_buf();
    match source.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase(path),
        // SQLite reports some damage (a garbled schema, an impossible record size) as
        // running out of memory: on a file, that is damage, not the machine.
        Some(ErrorCode::DatabaseCorrupt) | Some(ErrorCode::OutOfMemory) => StoreError::Corrupt {
            path,
            detail: source.to_string(),
        },
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => StoreError::Busy(path),
        Some(ErrorCode::CannotOpen) => StoreError::CannotOpen {
            path,
            reason: source.to_string(),
        },
        _ => StoreError::Sqlite { path, source },
    }
}

/// What `check` found: problems make the command fail; facts are printed either way.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckReport {
    pub problems: Vec<String>,
    pub facts: Vec<String>,
}
