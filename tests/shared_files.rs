//! One work plan, several people: a reader who may not write the file (or its folder) reads
//! it and leaves nothing behind that the owner cannot write. Reading never creates: a missing
//! or empty file is refused. Damage is named before an import or a backup touches the file.
//!
//! Permissions bind everyone but root, so when the tests run as root the reader is another
//! user (`setpriv`, from util-linux); otherwise the reader is this user and the file and
//! folder lose their write bits. Either way the reader cannot write.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const READER_UID: &str = "4302";

fn running_as_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// The real binary run as a user who can read but not write what `deny` names.
fn as_reader(db: &Path, args: &[&str]) -> Output {
    let mut command = if running_as_root() {
        let mut c = Command::new("setpriv");
        c.args([
            &format!("--reuid={READER_UID}"),
            &format!("--regid={READER_UID}"),
            "--clear-groups",
            "--",
            env!("CARGO_BIN_EXE_workplan"),
        ]);
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_workplan"))
    };
    command
        .env_remove("WORKPLAN_DB")
        .env("WORKPLAN_CONFIG", "/nonexistent/workplan-test-config.toml")
        .env("WORKPLAN_TODAY", common::TODAY)
        .env("WORKPLAN_DATA_DIR", "/nonexistent/workplan-data")
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap()
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// A demo work plan in a folder of its own, checkpointed so the main file holds every page
/// and no `-wal`/`-shm` are left (as after its owner closed it).
fn shared_plan(folder_mode: u32, file_mode: u32) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    chmod(dir.path(), 0o755);
    let team = dir.path().join("team");
    std::fs::create_dir(&team).unwrap();
    let db = common::demo_db(&team);
    assert!(!sibling(&db, "-wal").exists() && !sibling(&db, "-shm").exists());
    chmod(&db, file_mode);
    chmod(&team, folder_mode);
    (dir, db)
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", path.display()))
}

fn listing(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_reader_who_cannot_write_the_file_leaves_nothing_behind() {
    // A team folder everyone may write; the file only its owner may.
    let (_dir, db) = shared_plan(0o777, 0o644);
    let folder = db.parent().unwrap().to_path_buf();
    let before = listing(&folder);
    let bytes = std::fs::read(&db).unwrap();
    for args in [
        &["status"][..],
        &["export", "projects"],
        &["report"],
        &["check"],
    ] {
        let out = as_reader(&db, args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(listing(&folder), before, "{args:?} left files behind");
    }
    assert!(
        String::from_utf8_lossy(&as_reader(&db, &["status"]).stdout).contains("ICT-"),
        "the reader sees the work plan"
    );
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "the file is unchanged");

    // A change is refused, saying why, and the owner can still write afterwards.
    let out = as_reader(&db, &["settings", "set", "schedule-tolerance-days", "10"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("read-only"), "{stderr}");
    chmod(&db, 0o644);
    common::bin()
        .arg("--db")
        .arg(&db)
        .args(["settings", "set", "schedule-tolerance-days", "10"])
        .assert()
        .success();
}

#[test]
fn a_work_plan_in_a_folder_the_reader_cannot_write_opens_read_only() {
    let (_dir, db) = shared_plan(0o755, 0o644);
    let folder = db.parent().unwrap().to_path_buf();
    if !running_as_root() {
        chmod(&folder, 0o555);
    }
    let before = listing(&folder);
    for read_only in [false, true] {
        let args: &[&str] = if read_only {
            &["--read-only", "status"]
        } else {
            &["status"]
        };
        let out = as_reader(&db, args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("ICT-"));
    }
    assert_eq!(listing(&folder), before);
    chmod(&folder, 0o755);
}

#[test]
fn reading_commands_refuse_a_missing_or_empty_file_and_create_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, "").unwrap();
    let missing = dir.path().join("missing.db");
    for args in [
        &["status"][..],
        &["export", "projects"],
        &["report"],
        &["check"],
        &["backup", "copy.db"],
        &["settings"],
    ] {
        let out = common::bin()
            .arg("--db")
            .arg(&empty)
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(!out.status.success(), "{args:?} accepted an empty file");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("empty.db is empty") && stderr.lines().count() == 1,
            "{args:?}: {stderr}"
        );
        let out = common::bin()
            .arg("--db")
            .arg(&missing)
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(!out.status.success(), "{args:?} accepted a missing file");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("no database at"),
            "{args:?}"
        );
    }
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);
    assert_eq!(listing(dir.path()), ["empty.db"], "nothing was created");

    // An import into a new path makes the work plan, and says so.
    let file = dir.path().join("projects.csv");
    std::fs::write(
        &file,
        "code,name,stage,rag\nICT-001,Email migration,in-delivery,green\n",
    )
    .unwrap();
    let out = common::bin()
        .arg("--db")
        .arg(&missing)
        .args(["import", "projects"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Created a new work plan"),
        "{out:?}"
    );
}

/// A copy of the demo work plan with one table page overwritten by noise.
fn damaged_plan(dir: &Path) -> PathBuf {
    let db = common::demo_db(dir);
    let page_size = 4096;
    let mut bytes = std::fs::read(&db).unwrap();
    let pages = bytes.len() / page_size;
    assert!(pages > 20);
    let page = pages / 2;
    for (i, b) in bytes[page * page_size..(page + 1) * page_size]
        .iter_mut()
        .enumerate()
    {
        *b = (i * 7 % 251) as u8;
    }
    std::fs::write(&db, &bytes).unwrap();
    db
}

#[test]
fn import_and_backup_name_a_damaged_file_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = damaged_plan(dir.path());
    let bytes = std::fs::read(&db).unwrap();
    let file = dir.path().join("projects.csv");
    std::fs::write(&file, "code,name\nICT-001,Email migration\n").unwrap();
    let out = common::bin()
        .arg("--db")
        .arg(&db)
        .args(["import", "projects"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("demo.db is damaged") && stderr.contains("restore it from a backup"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "nothing written");

    let copy = dir.path().join("copy.db");
    let out = common::bin()
        .arg("--db")
        .arg(&db)
        .arg("backup")
        .arg(&copy)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is damaged"));
    assert!(!copy.exists(), "no backup of a damaged file");
}
