//! Opening a database: refuse what is not ours (or is damaged, or newer) before touching it.

use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Read};
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::schema::{latest_version, migrations};
use super::{Result, Store, StoreError, classify};
use crate::paths::with_suffix;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// The interactive app: create a new, empty database when the file does not exist yet.
    CreateIfMissing,
    /// Commands that read (status, report, export): a missing file is an error.
    MustExist,
    /// Read-only: never writes, never migrates.
    ReadOnly,
}

const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Check the first 100 bytes of an existing file: is it SQLite, and is it all there?
/// An empty file passes (SQLite would make it a new database): `Store::open` decides.
pub fn check_file_header(path: &Path) -> Result<()> {
    let cannot = |e: std::io::Error| StoreError::CannotOpen {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    let mut file = File::open(path).map_err(cannot)?;
    let length = file.metadata().map_err(cannot)?.len();
    if length == 0 {
        return Ok(()); // SQLite treats an empty file as a new database
    }
    let mut header = [0u8; 100];
    if length < 100 || file.read_exact(&mut header).is_err() || &header[..16] != SQLITE_MAGIC {
        return Err(StoreError::NotADatabase(path.to_path_buf()));
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536u64,
        n => u64::from(n),
    };
    let page_count = u64::from(u32::from_be_bytes([
        header[28], header[29], header[30], header[31],
    ]));
    if page_size < 512 || !page_size.is_power_of_two() {
        return Err(StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: format!("impossible page size {page_size}"),
        });
    }
    if page_count > 0 && page_size * page_count > length {
        return Err(StoreError::Truncated(path.to_path_buf()));
    }
    Ok(())
}

/// Create the file readable and writable by its owner only, before SQLite opens it.
fn create_private_file(path: &Path) -> Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(StoreError::Unwritable {
            path: path.to_path_buf(),
            reason: match e.kind() {
                ErrorKind::PermissionDenied => "permission denied".to_string(),
                ErrorKind::NotFound => "its folder does not exist".to_string(),
                _ => e.to_string(),
            },
        }),
    }
}

/// Why this user cannot write the work plan, if they cannot: the file itself, or the folder
/// SQLite must create its `-wal` and `-shm` files in.
fn write_denied(path: &Path) -> Option<String> {
    use rustix::fs::{Access, access};
    if access(path, Access::WRITE_OK).is_err() {
        return Some(format!("you cannot write {}", path.display()));
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if access(folder, Access::WRITE_OK).is_err() {
        return Some(format!("you cannot write its folder {}", folder.display()));
    }
    None
}

/// The URI that opens `path` as immutable: SQLite reads the main file and creates nothing
/// beside it. `?`, `#` and `%` are the characters a URI path must escape.
fn immutable_uri(path: &Path) -> Result<String> {
    let text = path.to_str().ok_or_else(|| StoreError::CannotOpen {
        path: path.to_path_buf(),
        reason: "its name is not valid UTF-8, so it cannot be opened read-only".to_string(),
    })?;
    let escaped = text
        .replace('%', "%25")
        .replace('?', "%3f")
        .replace('#', "%23");
    Ok(format!("file:{escaped}?immutable=1"))
}

impl Store {
    pub fn open(path: &Path, mode: OpenMode) -> Result<Store> {
        let exists = path.exists();
        if exists && path.is_dir() {
            return Err(StoreError::CannotOpen {
                path: path.to_path_buf(),
                reason: "it is a folder, not a file".to_string(),
            });
        }
        let created = if exists {
            check_file_header(path)?;
            let empty = std::fs::metadata(path)
                .map(|m| m.len() == 0)
                .unwrap_or(false);
            if empty && mode != OpenMode::CreateIfMissing {
                return Err(StoreError::Empty(path.to_path_buf()));
            }
            empty
        } else if mode == OpenMode::CreateIfMissing {
            create_private_file(path)?;
            true
        } else {
            return Err(StoreError::Missing(path.to_path_buf()));
        };
        // Someone who may only read the file (or its folder) reads it, whatever they asked.
        let denied = write_denied(path);
        if let Some(why) = &denied
            && created
        {
            return Err(StoreError::Unwritable {
                path: path.to_path_buf(),
                reason: why.clone(),
            });
        }
        let read_only = mode == OpenMode::ReadOnly || denied.is_some();
        let flags = if read_only {
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
        };
        // A reader who cannot write must not create the `-shm` and `-wal` files: SQLite
        // would make them theirs, and the owner could then no longer write the work plan.
        // With no `-shm` there (nobody has it open), the main file holds every change, and
        // opening it immutable creates nothing. With one there, SQLite reads it as it is.
        let conn = if denied.is_some() && !with_suffix(path, "-shm").exists() {
            let wal = std::fs::metadata(with_suffix(path, "-wal")).map_or(0, |m| m.len());
            if wal > 0 {
                return Err(StoreError::NeedsRecovery(path.to_path_buf()));
            }
            Connection::open_with_flags(immutable_uri(path)?, flags | OpenFlags::SQLITE_OPEN_URI)
        } else {
            Connection::open_with_flags(path, flags)
        }
        .map_err(|e| classify(path, e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            read_only,
            read_only_reason: denied,
            created,
        };
        store.prepare()?;
        Ok(store)
    }

    /// Why the store opened read-only although the caller did not ask for it (the user may
    /// not write the file or its folder).
    pub fn read_only_reason(&self) -> Option<&str> {
        self.read_only_reason.as_deref()
    }

    /// True when this open made a new, empty work plan (a missing or empty file).
    pub fn was_created(&self) -> bool {
        self.created
    }

    /// `PRAGMA quick_check`: whether every page of the file reads back whole. Import and
    /// backup run it first, so damage is named before anything is written or copied.
    pub fn verify_whole(&self) -> Result<()> {
        let mut statement = self
            .conn
            .prepare("PRAGMA quick_check(5)")
            .map_err(|e| self.err(e))?;
        let findings: Vec<String> = statement
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        if findings.len() == 1 && findings[0] == "ok" {
            return Ok(());
        }
        Err(StoreError::Corrupt {
            path: self.path.clone(),
            detail: crate::domain::records::cut(&findings.join("; ")),
        })
    }

    /// A private in-memory database with the schema applied (tests, previews).
    pub fn open_in_memory() -> Result<Store> {
        let path = Path::new(":memory:");
        let conn = Connection::open_in_memory().map_err(|e| classify(path, e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            read_only: false,
            read_only_reason: None,
            created: true,
        };
        store.prepare()?;
        Ok(store)
    }

    fn prepare(&mut self) -> Result<()> {
        self.conn
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| self.err(e))?;
        self.conn
            .pragma_update(None, "foreign_keys", true)
            .map_err(|e| self.err(e))?;
        // Reading the schema is the first real read: a damaged or foreign file fails here.
        let version = self.schema_version()?;
        let supported = latest_version();
        if version > supported {
            return Err(StoreError::SchemaTooNew {
                path: self.path.clone(),
                found: version,
                supported,
            });
        }
        if version == 0 {
            let tables: i64 = self
                .conn
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                    [],
                    |r| r.get(0),
                )
                .map_err(|e| self.err(e))?;
            if tables > 0 {
                return Err(StoreError::NotWorkplan(self.path.clone()));
            }
        }
        if self.read_only {
            if version < supported {
                return Err(StoreError::NeedsUpgrade {
                    path: self.path.clone(),
                    supported,
                });
            }
            return Ok(());
        }
        let wal: String = self
            .conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
            .map_err(|e| self.err(e))?;
        if !wal.eq_ignore_ascii_case("wal") && self.path != Path::new(":memory:") {
            return Err(StoreError::CannotOpen {
                path: self.path.clone(),
                reason: format!("it cannot use write-ahead logging (journal mode {wal})"),
            });
        }
        self.conn
            .pragma_update(None, "synchronous", "NORMAL")
            .map_err(|e| self.err(e))?;
        if version < supported {
            migrations()
                .to_latest(&mut self.conn)
                .map_err(|e| StoreError::Migration {
                    path: self.path.clone(),
                    detail: e.to_string(),
                })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::schema::MIGRATIONS;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
    }

    #[test]
    fn migrate_from_empty_then_twice() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        let store = Store::open(&path, OpenMode::CreateIfMissing).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
        assert!(store.is_empty().unwrap());
        drop(store);
        let again = Store::open(&path, OpenMode::CreateIfMissing).unwrap();
        assert_eq!(again.schema_version().unwrap(), latest_version());
        let ro = Store::open(&path, OpenMode::ReadOnly).unwrap();
        assert!(ro.is_read_only());
    }

    #[test]
    fn new_file_is_private_to_its_owner() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        Store::open(&path, OpenMode::CreateIfMissing).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn refuses_newer_schema_without_touching_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        Store::open(&path, OpenMode::CreateIfMissing).unwrap();
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        drop(conn);
        let err = Store::open(&path, OpenMode::CreateIfMissing)
            .err()
            .expect("newer schema must be refused");
        assert!(matches!(err, StoreError::SchemaTooNew { found: 99, .. }));
        assert!(err.to_string().contains("newer version"), "{err}");
        let conn = Connection::open(&path).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, 99);
    }

    #[test]
    fn missing_file_is_an_error_unless_creating() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("absent.db");
        let err = Store::open(&path, OpenMode::MustExist).err().unwrap();
        assert!(matches!(err, StoreError::Missing(_)));
        assert!(!path.exists(), "a read command must not create the file");
    }

    #[test]
    fn foreign_and_damaged_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("notes.db");
        std::fs::write(&text, "code,name\nICT-1,Thing\n".repeat(20)).unwrap();
        assert!(matches!(
            Store::open(&text, OpenMode::CreateIfMissing).err().unwrap(),
            StoreError::NotADatabase(_)
        ));

        let good = dir.path().join("good.db");
        Store::open(&good, OpenMode::CreateIfMissing).unwrap();
        // Checkpoint so the main file holds every page, then cut it short.
        let conn = Connection::open(&good).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        drop(conn);
        let bytes = std::fs::read(&good).unwrap();
        let cut = dir.path().join("cut.db");
        std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
        assert!(matches!(
            Store::open(&cut, OpenMode::CreateIfMissing).err().unwrap(),
            StoreError::Truncated(_)
        ));

        let other = dir.path().join("other.db");
        let conn = Connection::open(&other).unwrap();
        conn.execute_batch("CREATE TABLE stuff(x);").unwrap();
        drop(conn);
        assert!(matches!(
            Store::open(&other, OpenMode::CreateIfMissing)
                .err()
                .unwrap(),
            StoreError::NotWorkplan(_)
        ));
    }

    #[test]
    fn unwritable_location_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no-such-folder").join("w.db");
        let err = Store::open(&path, OpenMode::CreateIfMissing).err().unwrap();
        assert!(matches!(err, StoreError::Unwritable { .. }), "{err}");
        assert!(err.to_string().contains("folder does not exist"));
    }
}
