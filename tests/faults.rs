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

// The safe file writer (issue 13): every output refuses the open database and its files,
// replaces a regular file whole or not at all, and writes a FIFO or a device in place.

/// The binary under a file-size limit of `blocks` (in sh's units: 512 or 1024 bytes), with
/// SIGXFSZ ignored so a write past the limit fails (EFBIG), as on a full disk, instead of
/// killing the process.
fn limited(blocks: u32) -> Command {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {blocks} && exec \"$0\" \"$@\""
        ))
        .arg(env!("CARGO_BIN_EXE_workplan"))
        .env_remove("WORKPLAN_DB")
        .env_remove("WORKPLAN_USER")
        .env("WORKPLAN_CONFIG", "/nonexistent/workplan-test-config.toml")
        .env("WORKPLAN_TODAY", common::TODAY)
        .stdin(Stdio::null());
    cmd
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Temporary or partial files left in `dir`.
fn leftovers(dir: &Path) -> Vec<String> {
    names(dir)
        .into_iter()
        .filter(|n| n.contains(".tmp-") || n.ends_with(".partial"))
        .collect()
}

/// Keep the database open in this process, so its shared-memory file exists at full size and
/// a process under a file-size limit can open it without growing that file.
fn hold_open(db: &Path) -> Connection {
    let conn = Connection::open(db).unwrap();
    let _: i64 = conn
        .query_row("SELECT count(*) FROM projects", [], |r| r.get(0))
        .unwrap();
    conn
}

/// If the writer never opened `fifo`, open it once so `reader` (waiting to open it) ends.
fn release<T>(reader: &std::thread::JoinHandle<T>, fifo: &Path) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !reader.is_finished() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    if !reader.is_finished() {
        drop(std::fs::OpenOptions::new().write(true).open(fifo));
    }
}

#[test]
fn outputs_onto_the_database_or_its_files_are_refused_and_leave_it_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path());
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::os::unix::fs::symlink(&db, dir.path().join("link.db")).unwrap();
    let before = std::fs::read(&db).unwrap();
    let targets = [
        db.clone(),
        dir.path().join("demo.db-wal"),
        dir.path().join("demo.db-shm"),
        dir.path().join("demo.db-journal"),
        dir.path().join("sub/../demo.db"),
        dir.path().join("sub/../demo.db-wal"),
        dir.path().join("link.db"),
    ];
    let commands: [&[&str]; 2] = [&["export", "projects", "-o"], &["report", "-o"]];
    for target in &targets {
        for command in commands {
            let out = binary()
                .args(command)
                .arg(target)
                .arg("--db")
                .arg(&db)
                .output()
                .unwrap();
            let stderr = stderr_of(&out);
            assert_eq!(
                out.status.code(),
                Some(1),
                "{command:?} {}: {stderr}",
                target.display()
            );
            assert!(stderr.contains("open work plan database"), "{stderr}");
            assert!(stderr.contains(&target.display().to_string()), "{stderr}");
            assert!(
                std::fs::read(&db).unwrap() == before,
                "{command:?} {} changed the database",
                target.display()
            );
        }
    }
    assert!(!dir.path().join("demo.db-journal").exists());
    assert!(leftovers(dir.path()).is_empty(), "{:?}", names(dir.path()));

    // A backup is refused there too.
    let journal = dir.path().join("demo.db-journal");
    let out = binary()
        .arg("backup")
        .arg(&journal)
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("open work plan database"), "{stderr}");
    assert!(!journal.exists());
    assert!(std::fs::read(&db).unwrap() == before);
    assert_eq!(integrity(&db), "ok");
}

#[test]
fn an_export_to_a_device_or_a_fifo_writes_through_it_and_leaves_it_in_place() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path());
    let root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    if root {
        let node = dir.path().join("null");
        let made = Command::new("mknod")
            .arg(&node)
            .args(["c", "1", "3"])
            .status()
            .is_ok_and(|s| s.success());
        // On a file system mounted nodev a device node cannot be opened: then only the FIFO
        // below is tested.
        if made && std::fs::OpenOptions::new().write(true).open(&node).is_ok() {
            let out = binary()
                .args(["export", "projects", "-o"])
                .arg(&node)
                .arg("--db")
                .arg(&db)
                .output()
                .unwrap();
            assert!(out.status.success(), "{}", stderr_of(&out));
            let kind = std::fs::symlink_metadata(&node).unwrap().file_type();
            assert!(kind.is_char_device(), "the device node was replaced");
            assert!(leftovers(dir.path()).is_empty(), "{:?}", names(dir.path()));
            std::fs::remove_file(&node).unwrap();
        }
    }

    let fifo = dir.path().join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(&fifo).unwrap())
    };
    let out = binary()
        .args(["export", "projects", "-o"])
        .arg(&fifo)
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    release(&reader, &fifo);
    let text = reader.join().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(text.contains("ICT-001"), "{text}");
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the FIFO was replaced");
    assert!(leftovers(dir.path()).is_empty(), "{:?}", names(dir.path()));
}

#[test]
fn a_report_or_export_on_a_full_disk_fails_and_leaves_the_previous_file_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path());
    let report = dir.path().join("report.html");
    let args = ["report", "--read-only", "--format", "html"];
    let full = binary().args(args).arg("--db").arg(&db).output().unwrap();
    assert!(full.status.success(), "{}", stderr_of(&full));
    assert!(
        full.stdout.len() > 8 * 1024,
        "the report ({} bytes) must outgrow the limit below",
        full.stdout.len()
    );
    let previous = "<p>The previous report, which must survive.</p>\n".repeat(100);
    std::fs::write(&report, &previous).unwrap();
    let csv = dir.path().join("cases.csv");
    let previous_csv = "ref,kind\nOLD-1,incident\n";
    std::fs::write(&csv, previous_csv).unwrap();

    let keep = hold_open(&db);
    let out = limited(4)
        .args(args)
        .arg("-o")
        .arg(&report)
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("cannot write {}", report.display())),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&report).unwrap(), previous);

    let out = limited(4)
        .args(["export", "cases", "-o"])
        .arg(&csv)
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("cannot write {}", csv.display())),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&csv).unwrap(), previous_csv);
    assert!(leftovers(dir.path()).is_empty(), "{:?}", names(dir.path()));
    drop(keep);

    // Without the limit the same command replaces the report whole.
    let out = binary()
        .args(args)
        .arg("-o")
        .arg(&report)
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(std::fs::read(&report).unwrap(), full.stdout);
    assert!(leftovers(dir.path()).is_empty(), "{:?}", names(dir.path()));
}

#[test]
fn a_demo_on_a_full_disk_leaves_nothing_behind_and_a_retry_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("demo.db");
    let out = limited(256)
        .args(["demo", "--no-open", "--db"])
        .arg(&target)
        .output()
        .unwrap();
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains(&target.display().to_string()), "{stderr}");
    assert!(!target.exists(), "a half-built demo was left behind");
    assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));

    let out = binary()
        .args(["demo", "--no-open", "--db"])
        .arg(&target)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let size = std::fs::metadata(&target).unwrap().len();
    assert!(
        size > 256 * 1024,
        "the demo ({size} bytes) must outgrow the limit above"
    );
    assert_eq!(integrity(&target), "ok");
    assert_eq!(count(&target, "projects"), 36);

    // Rebuilding it on a full disk fails and leaves the earlier demo whole.
    let out = limited(256)
        .args(["demo", "--no-open", "--db"])
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert_eq!(integrity(&target), "ok");
    assert_eq!(count(&target, "projects"), 36);
    assert!(leftovers(dir.path()).is_empty(), "{:?}", names(dir.path()));
}

#[test]
fn a_generated_demo_beyond_the_cap_is_refused_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("big.db");
    let cases: [(&[&str], &str); 2] = [
        (&["--projects", "18446744073709551615"], "1,000,000"),
        (
            &["--projects", "10", "--cases", "18446744073709551615"],
            "100,000,000",
        ),
    ];
    for (args, cap) in cases {
        let out = binary()
            .args(["demo", "--no-open"])
            .args(args)
            .arg("--db")
            .arg(&target)
            .output()
            .unwrap();
        let stderr = stderr_of(&out);
        // 101 would be a panic.
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains(cap), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(!target.exists());
    }
}

#[test]
fn a_backup_that_cannot_be_written_names_its_target_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path());
    let nowhere = dir.path().join("no-such-folder").join("copy.db");
    let out = binary()
        .arg("backup")
        .arg(&nowhere)
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("cannot write the backup to {}", nowhere.display())),
        "{stderr}"
    );

    // A full disk.
    let keep = hold_open(&db);
    let copy = dir.path().join("copy.db");
    let out = limited(64)
        .arg("backup")
        .arg(&copy)
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("cannot write the backup to {}", copy.display())),
        "{stderr}"
    );
    assert!(!copy.exists());
    assert!(leftovers(dir.path()).is_empty(), "{:?}", names(dir.path()));
    drop(keep);

    let out = binary()
        .arg("backup")
        .arg(&copy)
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(integrity(&copy), "ok");
    assert_eq!(count(&copy, "projects"), 36);
}
