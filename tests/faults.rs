//! Faults between processes: a writer killed mid-import, two writers at once, and a database
//! held locked beyond the busy timeout. Each runs the real binary against a real file.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rusqlite::Connection;

fn binary() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_workplan"));
    cmd.env_remove("WORKPLAN_DB")
        .env_remove("WORKPLAN_USER")
        .env("WORKPLAN_CONFIG", "/nonexistent/workplan-test-config.toml")
        .env("WORKPLAN_TODAY", common::TODAY)
        .stdin(Stdio::null());
    cmd
}

fn count(db: &Path, table: &str) -> i64 {
    let conn = Connection::open(db).unwrap();
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn integrity(db: &Path) -> String {
    let conn = Connection::open(db).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// A cases CSV of `rows` closed incidents with references `prefix000001`...
fn cases_csv(dir: &Path, name: &str, prefix: &str, rows: usize) -> PathBuf {
    let path = dir.join(name);
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(
        out,
        "ref,kind,priority,state,hold_reason,opened_at,resolved_at,closed_at,category,service,assignment_group,organisation,project_code,summary"
    )
    .unwrap();
    for i in 0..rows {
        writeln!(
            out,
            "{prefix}{i:07},incident,3,closed,,2025-06-02T09:00:00,2025-06-03T10:00:00,2025-06-05T10:00:00,Software,Website,Applications,,,Form error number {i} on the website"
        )
        .unwrap();
    }
    out.flush().unwrap();
    path
}

fn file_len(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

#[test]
fn a_writer_killed_mid_import_leaves_the_database_whole_and_without_that_import() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path());
    let cases_before = count(&db, "cases");
    let audit_before = count(&db, "audit_log");
    let csv = cases_csv(dir.path(), "big.csv", "KILL", 400_000);

    let wal = PathBuf::from(format!("{}-wal", db.display()));
    let wal_before = file_len(&wal);
    let mut child = binary()
        .args(["import", "cases"])
        .arg(&csv)
        .arg("--db")
        .arg(&db)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();

    // Wait until the import is visibly writing (its pages are spilling into the WAL), then kill it.
    let deadline = Instant::now() + Duration::from_secs(120);
    while file_len(&wal) < wal_before + 2_000_000 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import finished before it could be killed; make the file bigger"
        );
        assert!(
            Instant::now() < deadline,
            "the import never started writing"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL on Unix: no destructors, no rollback of its own
    let status = child.wait().unwrap();
    assert!(!status.success());

    assert_eq!(integrity(&db), "ok");
    assert_eq!(count(&db, "cases"), cases_before);
    assert_eq!(count(&db, "audit_log"), audit_before);
    let conn = Connection::open(&db).unwrap();
    let killed: i64 = conn
        .query_row(
            "SELECT count(*) FROM cases WHERE ref LIKE 'KILL%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(killed, 0);
    drop(conn);

    // The same file still takes the import afterwards.
    let small = cases_csv(dir.path(), "small.csv", "AFTER", 50);
    let out = binary()
        .args(["import", "cases"])
        .arg(&small)
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(count(&db, "cases"), cases_before + 50);
}

#[test]
fn two_processes_writing_at_once_lose_no_change() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path());
    let before = count(&db, "cases");
    let files: Vec<PathBuf> = ["AAA", "BBB", "CCC"]
        .iter()
        .map(|p| cases_csv(dir.path(), &format!("{p}.csv"), p, 5_000))
        .collect();

    let children: Vec<_> = files
        .iter()
        .map(|f| {
            binary()
                .args(["import", "cases"])
                .arg(f)
                .arg("--db")
                .arg(&db)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "a concurrent import failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(count(&db, "cases"), before + 15_000);
    assert_eq!(integrity(&db), "ok");
}

#[test]
fn a_database_locked_beyond_the_busy_timeout_gets_a_message_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path());
    let before = count(&db, "cases");
    let csv = cases_csv(dir.path(), "few.csv", "LOCK", 10);

    // Another writer holds the write lock for longer than the busy timeout.
    let holder = Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();

    let started = Instant::now();
    let mut child = binary()
        .args(["import", "cases"])
        .arg(&csv)
        .arg("--db")
        .arg(&db)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("the import hung behind a locked database");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let waited = started.elapsed();
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();

    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("is busy"), "{stderr}");
    assert!(stderr.contains(&db.display().to_string()), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    // It waited for the other writer (the busy timeout) before giving up.
    assert!(waited >= Duration::from_secs(2), "gave up after {waited:?}");

    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    assert_eq!(count(&db, "cases"), before);
}
