//! One safe way to write every file workplan writes: exports, reports (from the command line
//! and from the app), problems files, the demo and backups.
//!
//! - It refuses the open database and its `-wal`, `-shm` and `-journal` files, however the
//!   target names them (`..`, symbolic links, a hard link, `/dev/stdout` redirected onto it).
//! - A regular file is written through a temporary file in the same folder
//!   (`.NAME.tmp-PID-N`, created new), flushed to disk and renamed over the target in one
//!   step, so a failure (a full disk) leaves the previous file whole and no temporary file.
//! - Anything else (a FIFO, `/dev/stdout`, `/dev/null`, a character device) is opened for
//!   writing and written directly: never truncated, replaced or renamed over.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

pub use crate::paths::with_suffix;

/// The files SQLite keeps beside a database, by the suffix added to its name.
pub const DATABASE_COMPANIONS: [&str; 3] = ["-wal", "-shm", "-journal"];

/// Why a file was not written. Each message is one sentence naming the target as given.
#[derive(Debug, thiserror::Error)]
pub enum SafeWriteError {
    #[error(
        "refused: {target} is the open work plan database (or one of its files); choose another file name"
    )]
    Refused { target: PathBuf },
    #[error("cannot write {target}: {error}")]
    Io { target: PathBuf, error: io::Error },
    /// What produced the contents failed (not the disk): its own error, unchanged.
    #[error("cannot write {target}: {error}")]
    Writer {
        target: PathBuf,
        error: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl SafeWriteError {
    /// The file that was not written, as the caller named it.
    pub fn target(&self) -> &Path {
        match self {
            SafeWriteError::Refused { target }
            | SafeWriteError::Io { target, .. }
            | SafeWriteError::Writer { target, .. } => target,
        }
    }

    /// The I/O error behind the failure, if the disk (or pipe) was the cause.
    pub fn io_error(&self) -> Option<&io::Error> {
        match self {
            SafeWriteError::Io { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// The files no output may replace: the open database and its companions.
#[derive(Debug, Clone, Default)]
pub struct Protected {
    /// Fully resolved paths (see [`resolve`]), compared with a target's resolved path.
    paths: Vec<PathBuf>,
    /// Device and inode of those that exist, so a hard link to them is refused too.
    #[cfg(unix)]
    files: Vec<(u64, u64)>,
}

impl Protected {
    /// Nothing protected (a file written with no database open).
    pub fn nothing() -> Protected {
        Protected::default()
    }

    /// The database at `db` and its `-wal`, `-shm` and `-journal` files, both beside the file
    /// the path finally resolves to and beside the path as named (SQLite names them either
    /// way, depending on its version).
    pub fn database(db: &Path) -> Protected {
        let mut protected = Protected::default();
        for base in [resolve(db), resolve_folder(db)] {
            for suffix in std::iter::once("").chain(DATABASE_COMPANIONS) {
                let path = with_suffix(&base, suffix);
                #[cfg(unix)]
                {
                    use std::os::unix::fs::MetadataExt;
                    if let Ok(meta) = fs::metadata(&path) {
                        let id = (meta.dev(), meta.ino());
                        if !protected.files.contains(&id) {
                            protected.files.push(id);
                        }
                    }
                }
                if !protected.paths.contains(&path) {
                    protected.paths.push(path);
                }
            }
        }
        protected
    }

    /// Refuse `target` if it is (or leads to) a protected file; else its resolved path.
    pub fn check(&self, target: &Path) -> Result<PathBuf, SafeWriteError> {
        let resolved = resolve(target);
        let refused = || SafeWriteError::Refused {
            target: target.to_path_buf(),
        };
        if self.paths.contains(&resolved) || self.paths.contains(&resolve_folder(target)) {
            return Err(refused());
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            if let Ok(meta) = fs::metadata(target)
                && self.files.contains(&(meta.dev(), meta.ino()))
            {
                return Err(refused());
            }
        }
        Ok(resolved)
    }
}

/// The absolute path `target` finally leads to, with `..` and symbolic links resolved: its
/// canonical path when it exists, else its folder's canonical path and its name (following a
/// dangling link to where it points).
pub fn resolve(target: &Path) -> PathBuf {
    let mut path = std::path::absolute(target).unwrap_or_else(|_| target.to_path_buf());
    for _ in 0..40 {
        if let Ok(real) = fs::canonicalize(&path) {
            return real;
        }
        let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
            return path;
        };
        let folder = fs::canonicalize(parent).unwrap_or_else(|_| parent.to_path_buf());
        let here = folder.join(name);
        match fs::read_link(&here) {
            Ok(next) => path = folder.join(next),
            Err(_) => return here,
        }
    }
    path
}

/// `target` in its folder's canonical path, without following a link at its last step.
fn resolve_folder(target: &Path) -> PathBuf {
    let path = std::path::absolute(target).unwrap_or_else(|_| target.to_path_buf());
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => fs::canonicalize(parent)
            .unwrap_or_else(|_| parent.to_path_buf())
            .join(name),
        _ => path,
    }
}

/// Paths that are windows onto other files (`/dev/stdout`, `/proc/self/fd/1`): written
/// directly even when what they lead to is a regular file.
fn is_special(target: &Path) -> bool {
    let folder = resolve_folder(target);
    let folder = folder.parent().unwrap_or(Path::new(""));
    folder == Path::new("/dev") || folder.starts_with("/proc") || folder.starts_with("/dev/fd")
}

/// Write `target` with what `write` produces, safely (see the module's notes): refused when
/// it is one of `protected`'s files; a regular file replaced whole or not at all; a FIFO or
/// device written directly. The writer is buffered; it may stream any amount.
pub fn write_file<T, E>(
    target: &Path,
    protected: &Protected,
    write: impl FnOnce(&mut dyn Write) -> Result<T, E>,
) -> Result<T, SafeWriteError>
where
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let resolved = protected.check(target)?;
    match fs::metadata(target) {
        Ok(meta) if meta.is_dir() => Err(io_failed(
            target,
            io::Error::new(io::ErrorKind::IsADirectory, "it is a folder, not a file"),
        )),
        Ok(meta) if !meta.is_file() || is_special(target) => {
            write_directly(target, meta.is_file(), write)
        }
        Ok(meta) => write_replacing(target, &resolved, Some(meta.permissions()), write),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            write_replacing(target, &resolved, None, write)
        }
        Err(e) => Err(io_failed(target, e)),
    }
}

/// [`write_file`] with contents already in memory.
pub fn write_bytes(
    target: &Path,
    protected: &Protected,
    bytes: &[u8],
) -> Result<(), SafeWriteError> {
    write_file(target, protected, |out| out.write_all(bytes))
}

fn io_failed(target: &Path, error: io::Error) -> SafeWriteError {
    SafeWriteError::Io {
        target: target.to_path_buf(),
        error,
    }
}

/// A FIFO, a device, `/dev/stdout`: opened for writing (appending, when it leads to a regular
/// file), never created, truncated or replaced.
fn write_directly<T, E>(
    target: &Path,
    regular: bool,
    write: impl FnOnce(&mut dyn Write) -> Result<T, E>,
) -> Result<T, SafeWriteError>
where
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let mut options = OpenOptions::new();
    options.write(true);
    if regular {
        options.append(true);
    }
    let file = options.open(target).map_err(|e| io_failed(target, e))?;
    let (value, _) = run_writer(target, file, write)?;
    Ok(value)
}

/// A regular file (or a new one): written beside it, flushed, and renamed over it.
fn write_replacing<T, E>(
    target: &Path,
    resolved: &Path,
    permissions: Option<fs::Permissions>,
    write: impl FnOnce(&mut dyn Write) -> Result<T, E>,
) -> Result<T, SafeWriteError>
where
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let temp = TempFile::beside(resolved).map_err(|e| io_failed(target, e))?;
    let value = {
        let Some(file) = temp.file.as_ref() else {
            return Err(io_failed(
                target,
                io::Error::other("the temporary file is not open"),
            ));
        };
        if let Some(permissions) = permissions {
            // The replacement keeps the old file's permissions (best effort).
            let _ = file.set_permissions(permissions);
        }
        let (value, _) = run_writer(target, file, write)?;
        value
    };
    temp.persist(resolved).map_err(|e| io_failed(target, e))?;
    Ok(value)
}

/// Run `write` over a buffered `sink`, then flush it. A write that failed on the disk is
/// reported as that I/O error, whatever error the writer made of it.
fn run_writer<T, E, W: Write>(
    target: &Path,
    sink: W,
    write: impl FnOnce(&mut dyn Write) -> Result<T, E>,
) -> Result<(T, W), SafeWriteError>
where
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let mut out = BufWriter::new(Recorder {
        inner: sink,
        failure: None,
    });
    let writer: &mut dyn Write = &mut out;
    match write(writer) {
        Ok(value) => {
            let recorder = out
                .into_inner()
                .map_err(|e| io_failed(target, e.into_error()))?;
            Ok((value, recorder.inner))
        }
        Err(error) => {
            // Not flushed: what is buffered is abandoned with the temporary file.
            let (mut recorder, _) = out.into_parts();
            Err(match recorder.failure.take() {
                Some(io) => io_failed(target, io),
                None => SafeWriteError::Writer {
                    target: target.to_path_buf(),
                    error: error.into(),
                },
            })
        }
    }
}

/// Passes writes through, remembering the first that failed.
struct Recorder<W> {
    inner: W,
    failure: Option<io::Error>,
}

impl<W> Recorder<W> {
    fn note(&mut self, e: &io::Error) {
        if self.failure.is_none() && e.kind() != io::ErrorKind::Interrupted {
            self.failure = Some(match e.raw_os_error() {
                Some(code) => io::Error::from_raw_os_error(code),
                None => io::Error::new(e.kind(), e.to_string()),
            });
        }
    }
}

impl<W: Write> Write for Recorder<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.inner.write(buf) {
            Err(e) => {
                self.note(&e);
                Err(e)
            }
            written => written,
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.inner.flush() {
            Err(e) => {
                self.note(&e);
                Err(e)
            }
            flushed => flushed,
        }
    }
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// A new file beside a target (`.NAME.tmp-PID-N` in the same folder), removed when dropped
/// unless [`TempFile::persist`] moved it into place.
#[derive(Debug)]
pub struct TempFile {
    path: PathBuf,
    file: Option<File>,
    /// An SQLite database: its `-wal`, `-shm` and `-journal` go with it.
    database: bool,
    persisted: bool,
}

impl TempFile {
    /// A new, empty file beside `target`, open for writing.
    pub fn beside(target: &Path) -> io::Result<TempFile> {
        TempFile::create(target, false, false)
    }

    /// A new, empty file beside `target`, readable by its owner only, for SQLite to build a
    /// database in. It is not held open: closing any descriptor of a file drops the
    /// process's SQLite locks on it.
    pub fn database_beside(target: &Path) -> io::Result<TempFile> {
        let mut temp = TempFile::create(target, true, true)?;
        temp.file = None;
        Ok(temp)
    }

    fn create(target: &Path, private: bool, database: bool) -> io::Result<TempFile> {
        let folder = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = target.file_name().ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, "it names a folder, not a file")
        })?;
        let pid = std::process::id();
        for _ in 0..1000 {
            let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
            let mut temp_name = OsString::from(".");
            temp_name.push(name);
            temp_name.push(format!(".tmp-{pid}-{n}"));
            let path = folder.join(&temp_name);
            let mut options = OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                if private {
                    options.mode(0o600);
                }
            }
            #[cfg(not(unix))]
            let _ = private;
            match options.open(&path) {
                Ok(file) => {
                    return Ok(TempFile {
                        path,
                        file: Some(file),
                        database,
                        persisted: false,
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "no free name for a temporary file beside it",
        ))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flush the file to disk, rename it over `target` in one step, and flush the folder.
    pub fn persist(mut self, target: &Path) -> io::Result<()> {
        self.sync()?;
        fs::rename(&self.path, target)?;
        self.persisted = true;
        sync_folder(target);
        Ok(())
    }

    /// Like [`TempFile::persist`], but never replaces a file already at `target`.
    pub fn persist_new(mut self, target: &Path) -> io::Result<()> {
        self.sync()?;
        match fs::hard_link(&self.path, target) {
            Ok(()) => {
                self.persisted = true;
                let _ = fs::remove_file(&self.path);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Err(e),
            // A file system without hard links: check, then rename.
            Err(_) => {
                if fs::symlink_metadata(target).is_ok() {
                    return Err(io::Error::new(
                        io::ErrorKind::AlreadyExists,
                        "a file of that name already exists",
                    ));
                }
                fs::rename(&self.path, target)?;
                self.persisted = true;
            }
        }
        sync_folder(target);
        Ok(())
    }

    fn sync(&mut self) -> io::Result<()> {
        match self.file.take() {
            Some(file) => file.sync_all(),
            None => OpenOptions::new()
                .read(true)
                .write(true)
                .open(&self.path)?
                .sync_all(),
        }
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        self.file = None;
        if !self.persisted {
            let _ = fs::remove_file(&self.path);
        }
        if self.database {
            for suffix in DATABASE_COMPANIONS {
                let _ = fs::remove_file(with_suffix(&self.path, suffix));
            }
        }
    }
}

/// Make a rename in `target`'s folder durable, where the platform allows it.
fn sync_folder(target: &Path) {
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{FileTypeExt, PermissionsExt, symlink};
    use std::time::{Duration, Instant};

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn refused(target: &Path, protected: &Protected) -> bool {
        matches!(
            write_bytes(target, protected, b"not this"),
            Err(SafeWriteError::Refused { .. })
        )
    }

    #[test]
    fn the_database_and_its_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("p.db");
        fs::write(&db, b"the database").unwrap();
        fs::write(with_suffix(&db, "-wal"), b"the log").unwrap();
        let protected = Protected::database(&db);
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let target = with_suffix(&db, suffix);
            assert!(refused(&target, &protected), "{}", target.display());
        }
        let err = write_bytes(&db, &protected, b"x").unwrap_err().to_string();
        assert!(err.starts_with("refused: "), "{err}");
        assert!(err.contains(&db.display().to_string()), "{err}");
        assert!(err.contains("open work plan database"), "{err}");
        assert_eq!(fs::read(&db).unwrap(), b"the database");
        assert_eq!(fs::read(with_suffix(&db, "-wal")).unwrap(), b"the log");
        assert_eq!(names(dir.path()), ["p.db", "p.db-wal"]);
    }

    #[test]
    fn a_path_reaching_the_database_through_dot_dot_or_a_link_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("p.db");
        fs::write(&db, b"the database").unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        symlink(&db, dir.path().join("link.db")).unwrap();
        symlink(dir.path(), dir.path().join("here")).unwrap();
        // A dangling link to where the shared-memory file will be.
        symlink(with_suffix(&db, "-shm"), dir.path().join("shm-link")).unwrap();
        let protected = Protected::database(&db);
        for target in [
            dir.path().join("sub/../p.db"),
            dir.path().join("sub/../p.db-journal"),
            dir.path().join("link.db"),
            dir.path().join("here/p.db"),
            dir.path().join("here/sub/../p.db-wal"),
            dir.path().join("shm-link"),
        ] {
            assert!(refused(&target, &protected), "{}", target.display());
        }
        // The database reached through a link is protected under both names.
        let through_link = Protected::database(&dir.path().join("link.db"));
        assert!(refused(&db, &through_link));
        assert!(refused(&dir.path().join("link.db-wal"), &through_link));
        assert_eq!(fs::read(&db).unwrap(), b"the database");
        // A hard link to the database is the database.
        fs::hard_link(&db, dir.path().join("hard.db")).unwrap();
        assert!(refused(&dir.path().join("hard.db"), &protected));
        assert_eq!(fs::read(&db).unwrap(), b"the database");
        // Its neighbours are not refused.
        let other = dir.path().join("sub/report.md");
        write_bytes(&other, &protected, b"fine").unwrap();
        assert_eq!(fs::read(&other).unwrap(), b"fine");
    }

    #[test]
    fn a_regular_file_is_replaced_whole_and_no_temporary_file_remains() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        fs::write(&target, b"old contents\n").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
        let rows = write_file(&target, &Protected::nothing(), |out| {
            for i in 0..10_000 {
                writeln!(out, "row {i}")?;
            }
            Ok::<_, io::Error>(10_000)
        })
        .unwrap();
        assert_eq!(rows, 10_000);
        let text = fs::read_to_string(&target).unwrap();
        assert!(text.starts_with("row 0\nrow 1\n"));
        assert!(text.ends_with("row 9999\n"));
        assert_eq!(names(dir.path()), ["out.csv"]);
        let mode = fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640, "the old file's permissions are kept");

        // A new file in a folder named through `..`.
        fs::create_dir(dir.path().join("sub")).unwrap();
        let fresh = dir.path().join("sub/../new.md");
        write_bytes(&fresh, &Protected::nothing(), b"new").unwrap();
        assert_eq!(fs::read(dir.path().join("new.md")).unwrap(), b"new");
        assert_eq!(names(dir.path()), ["new.md", "out.csv", "sub"]);
    }

    #[test]
    fn a_link_to_a_file_keeps_the_link_and_replaces_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.md");
        let link = dir.path().join("link.md");
        fs::write(&real, b"old").unwrap();
        symlink(&real, &link).unwrap();
        write_bytes(&link, &Protected::nothing(), b"new").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&real).unwrap(), b"new");
        assert_eq!(names(dir.path()), ["link.md", "real.md"]);
    }

    #[test]
    fn a_failed_writer_leaves_the_old_file_whole_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.md");
        fs::write(&target, b"the previous report\n").unwrap();
        let err = write_file(&target, &Protected::nothing(), |out| -> io::Result<()> {
            out.write_all(&[b'x'; 100_000])?;
            Err(io::Error::other("the database went away"))
        })
        .unwrap_err();
        assert!(matches!(err, SafeWriteError::Writer { .. }), "{err:?}");
        let message = err.to_string();
        assert!(
            message.starts_with(&format!("cannot write {}: ", target.display())),
            "{message}"
        );
        assert!(message.ends_with("the database went away"), "{message}");
        assert_eq!(fs::read(&target).unwrap(), b"the previous report\n");
        assert_eq!(names(dir.path()), ["report.md"]);

        // A new file that fails leaves nothing at all.
        let fresh = dir.path().join("fresh.md");
        let err = write_file(&fresh, &Protected::nothing(), |_| -> io::Result<()> {
            Err(io::Error::other("no"))
        })
        .unwrap_err();
        assert_eq!(err.target(), fresh.as_path());
        assert_eq!(names(dir.path()), ["report.md"]);
    }

    #[test]
    fn a_missing_folder_or_a_folder_target_is_an_error_naming_the_target() {
        let dir = tempfile::tempdir().unwrap();
        let nowhere = dir.path().join("no-such-folder/out.csv");
        let err = write_bytes(&nowhere, &Protected::nothing(), b"x").unwrap_err();
        assert!(err.io_error().is_some());
        assert!(
            err.to_string()
                .starts_with(&format!("cannot write {}: ", nowhere.display())),
            "{err}"
        );
        let err = write_bytes(dir.path(), &Protected::nothing(), b"x").unwrap_err();
        assert!(err.to_string().contains("it is a folder"), "{err}");
        assert!(names(dir.path()).is_empty());
    }

    #[test]
    fn a_fifo_is_written_directly_and_stays_a_fifo() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || fs::read(&fifo).unwrap())
        };
        let written = write_bytes(&fifo, &Protected::nothing(), b"through the pipe\n");
        if written.is_err() {
            // Release the reader, still waiting for a writer to open the FIFO.
            let deadline = Instant::now() + Duration::from_secs(5);
            while !reader.is_finished() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(10));
            }
            if !reader.is_finished() {
                drop(OpenOptions::new().write(true).open(&fifo));
            }
        }
        let read = reader.join().unwrap();
        written.unwrap();
        assert_eq!(read, b"through the pipe\n");
        assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
        assert_eq!(names(dir.path()), ["pipe"]);
    }

    #[test]
    fn a_database_temporary_file_takes_its_companions_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("demo.db");
        let temp = TempFile::database_beside(&target).unwrap();
        let name = temp
            .path()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(name.starts_with(".demo.db.tmp-"), "{name}");
        for suffix in DATABASE_COMPANIONS {
            fs::write(with_suffix(temp.path(), suffix), b"x").unwrap();
        }
        drop(temp);
        assert!(names(dir.path()).is_empty());

        let temp = TempFile::database_beside(&target).unwrap();
        fs::write(temp.path(), b"complete").unwrap();
        temp.persist(&target).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"complete");
        assert_eq!(names(dir.path()), ["demo.db"]);

        let temp = TempFile::database_beside(&target).unwrap();
        let err = temp.persist_new(&target).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&target).unwrap(), b"complete");
        assert_eq!(names(dir.path()), ["demo.db"]);
    }
}
