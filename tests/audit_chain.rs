//! The tamper-evident audit trail against the real binary: SQLite refuses to replace a row,
//! and `workplan check` names the first row changed, removed or slipped in outside workplan,
//! and any protecting trigger that was dropped.

mod common;

use std::path::Path;

use predicates::prelude::*;
use rusqlite::Connection;

const RESTORE_NO_UPDATE: &str = "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
     BEGIN SELECT RAISE(ABORT, 'audit rows are never changed'); END;";
const RESTORE_NO_DELETE: &str = "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
     BEGIN SELECT RAISE(ABORT, 'audit rows are never deleted'); END;";

fn check(db: &Path) -> assert_cmd::assert::Assert {
    common::bin().args(["check", "--db"]).arg(db).assert()
}

fn audit_rows(db: &Path) -> i64 {
    let conn = Connection::open(db).unwrap();
    conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn replacing_an_audit_row_is_refused_by_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path());
    let conn = Connection::open(&db).unwrap();
    let original: (String, Option<String>, String) = conn
        .query_row(
            "SELECT user, new_value, hash FROM audit_log WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    for statement in [
        "REPLACE INTO audit_log (id, at, user, entity, entity_id, field, new_value)
         VALUES (1, '2026-01-01T00:00:00', 'Mallory', 'project', 1, 'rag', 'green')",
        "INSERT OR REPLACE INTO audit_log (id, at, user, entity, entity_id, field, new_value)
         VALUES (1, '2026-01-01T00:00:00', 'Mallory', 'project', 1, 'rag', 'green')",
        "INSERT INTO audit_log (id, at, user, entity, entity_id, field, new_value)
         VALUES (1, '2026-01-01T00:00:00', 'Mallory', 'project', 1, 'rag', 'green')
         ON CONFLICT (id) DO UPDATE SET user = excluded.user",
    ] {
        let err = conn.execute(statement, []).unwrap_err();
        assert!(
            err.to_string().contains("never replaced"),
            "{statement}: {err}"
        );
    }
    let after: (String, Option<String>, String) = conn
        .query_row(
            "SELECT user, new_value, hash FROM audit_log WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(after, original);
    drop(conn);
    check(&db)
        .success()
        .stdout(predicate::str::contains("no problems found"));
}

#[test]
fn a_row_edited_outside_workplan_is_named_by_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path());
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch(&format!(
        "DROP TRIGGER audit_log_no_update;
         UPDATE audit_log SET new_value = coalesce(new_value, '') || ' (edited)' WHERE id = 5;
         {RESTORE_NO_UPDATE}"
    ))
    .unwrap();
    drop(conn);
    check(&db)
        .code(1)
        .stderr(predicate::str::contains(
            "the audit trail was altered at row 5 (its hash does not match",
        ))
        .stderr(predicate::str::contains("edited outside workplan"))
        .stderr(predicate::str::contains("1 problem found"));
}

#[test]
fn a_row_removed_outside_workplan_is_named_by_the_row_after_the_gap() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path());
    assert!(audit_rows(&db) > 20);
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch(&format!(
        "DROP TRIGGER audit_log_no_delete;
         DELETE FROM audit_log WHERE id = 10;
         {RESTORE_NO_DELETE}"
    ))
    .unwrap();
    drop(conn);
    check(&db)
        .code(1)
        .stderr(predicate::str::contains(
            "the audit trail was altered at row 11 (row 10 before it was removed outside workplan)",
        ))
        .stderr(predicate::str::contains("1 problem found"));
}

#[test]
fn a_row_slipped_in_outside_workplan_is_named_by_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path());
    let conn = Connection::open(&db).unwrap();
    conn.execute(
        "INSERT INTO audit_log (at, user, entity, entity_id, field, old_value, new_value)
         VALUES ('2026-11-22T09:30:00', 'Mallory', 'project', 1, 'rag', 'red', 'green')",
        [],
    )
    .unwrap();
    let forged: i64 = conn
        .query_row("SELECT max(id) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    drop(conn);
    check(&db).code(1).stderr(predicate::str::contains(format!(
        "the audit trail was altered at row {forged} (it has no hash"
    )));
}

#[test]
fn a_dropped_trigger_is_named_by_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path());
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch("DROP TRIGGER audit_log_no_delete;")
        .unwrap();
    drop(conn);
    check(&db)
        .code(1)
        .stderr(predicate::str::contains(
            "the audit trail's protection is missing (trigger audit_log_no_delete was dropped)",
        ))
        .stderr(predicate::str::contains("1 problem found"));

    let conn = Connection::open(&db).unwrap();
    conn.execute_batch(&format!(
        "{RESTORE_NO_DELETE}
         DROP TRIGGER audit_log_no_replace;"
    ))
    .unwrap();
    drop(conn);
    check(&db)
        .code(1)
        .stderr(predicate::str::contains(
            "(trigger audit_log_no_replace was dropped)",
        ))
        .stderr(predicate::str::contains("1 problem found"));
}

#[test]
fn a_clean_demo_has_no_problems() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path());
    let rows = audit_rows(&db);
    check(&db)
        .success()
        .stdout(predicate::str::contains("no problems found"))
        .stdout(predicate::str::contains(format!(
            "audit trail intact: {rows} rows chained"
        )));
}

#[test]
fn the_audit_export_carries_each_rows_hash() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path());
    let out = common::bin()
        .args(["export", "audit", "--db"])
        .arg(&db)
        .assert()
        .success();
    let mut reader = csv::Reader::from_reader(out.get_output().stdout.as_slice());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(headers.iter().next_back(), Some("hash"), "{headers:?}");
    let column = headers.iter().position(|h| h == "hash").unwrap();
    let hashes: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[column].to_string())
        .collect();
    assert_eq!(hashes.len() as i64, audit_rows(&db));
    for hash in &hashes {
        assert_eq!(hash.len(), 64, "{hash}");
        assert!(
            hash.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
            "{hash}"
        );
    }
    let conn = Connection::open(&db).unwrap();
    let last: String = conn
        .query_row(
            "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(hashes.contains(&last));
}
