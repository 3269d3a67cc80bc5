//! `workplan demo --projects N --cases N`: the generated work plan is the size asked for,
//! consistent, repeatable, passes `check`, and never replaces a real database.

mod common;

use std::path::Path;

use predicates::prelude::*;
use rusqlite::Connection;

fn generate(db: &Path, projects: &str, cases: &str) -> assert_cmd::assert::Assert {
    common::bin()
        .args([
            "demo",
            "--no-open",
            "--projects",
            projects,
            "--cases",
            cases,
            "--db",
        ])
        .arg(db)
        .assert()
}

fn one(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_generated_plan_has_the_size_asked_for_and_is_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("big.db");
    generate(&db, "40", "3000")
        .success()
        .stderr(predicate::str::contains(
            "Generated 40 projects and 3000 cases",
        ))
        .stderr(predicate::str::contains("rows a second"));

    let conn = Connection::open(&db).unwrap();
    assert_eq!(one(&conn, "SELECT count(*) FROM projects"), 40);
    assert_eq!(one(&conn, "SELECT count(*) FROM milestones"), 400);
    assert_eq!(one(&conn, "SELECT count(*) FROM risks"), 200);
    assert_eq!(one(&conn, "SELECT count(*) FROM risk_assessments"), 400);
    assert_eq!(one(&conn, "SELECT count(*) FROM cases"), 3000);
    assert_eq!(one(&conn, "SELECT count(*) FROM rag_history"), 80);
    // The assurance registers: a recommendation per five projects, at least five
    // certifications, each assessed two to four times on different days.
    assert_eq!(one(&conn, "SELECT count(*) FROM recommendations"), 8);
    assert_eq!(one(&conn, "SELECT count(*) FROM certifications"), 5);
    let assessments = one(&conn, "SELECT count(*) FROM certification_assessments");
    assert!(
        (10..=20).contains(&assessments),
        "{assessments} assessments"
    );
    assert_eq!(
        one(
            &conn,
            "SELECT count(*) FROM certifications c WHERE
               (SELECT count(*) FROM certification_assessments a WHERE a.certification_id = c.id)
               NOT BETWEEN 2 AND 4"
        ),
        0
    );
    assert_eq!(
        one(
            &conn,
            "SELECT count(*) FROM recommendations WHERE implemented_date > '2026-11-22'
               OR implemented_date < audit_date OR revised_due_date <= due_date
               OR (status IN ('implemented', 'verified')) <> (implemented_date IS NOT NULL)"
        ),
        0
    );
    // Every project belongs to an organisation; history and dates are in order.
    assert_eq!(
        one(
            &conn,
            "SELECT count(*) FROM projects p WHERE NOT EXISTS
               (SELECT 1 FROM project_organisations o WHERE o.project_id = p.id)"
        ),
        0
    );
    assert_eq!(
        one(
            &conn,
            "SELECT count(*) FROM milestones WHERE forecast_date < baseline_date
               OR actual_date > '2026-11-22'"
        ),
        0
    );
    assert_eq!(
        one(
            &conn,
            "SELECT count(*) FROM cases WHERE resolved_at < opened_at OR closed_at < resolved_at
               OR (state IN ('resolved', 'closed')) <> (resolved_at IS NOT NULL)"
        ),
        0
    );
    assert_eq!(
        one(
            &conn,
            "SELECT count(*) FROM cases c WHERE NOT EXISTS
               (SELECT 1 FROM case_state_changes s WHERE s.case_id = c.id)"
        ),
        0
    );
    // Slipped milestones keep the date they moved from.
    assert!(
        one(
            &conn,
            "SELECT count(*) FROM milestones m JOIN milestone_date_changes d ON d.milestone_id = m.id
               WHERE d.old_date = m.baseline_date AND d.new_date = m.forecast_date"
        ) > 0
    );
    // A spread of RAG and of open cases, as a triage view needs.
    assert!(one(&conn, "SELECT count(DISTINCT rag) FROM projects") >= 4);
    assert!(
        one(
            &conn,
            "SELECT count(*) FROM cases WHERE state IN ('new','active','on-hold')"
        ) > 0
    );
    drop(conn);

    common::bin()
        .args(["check", "--db"])
        .arg(&db)
        .assert()
        .success()
        .stdout(predicate::str::contains("no problems found"))
        // The load kept the service desk's sums as it wrote the cases.
        .stdout(predicate::str::contains(
            "the service desk's counts agree with a recount of every case",
        ));
    common::bin()
        .args(["status", "--format", "csv", "--db"])
        .arg(&db)
        .assert()
        .success()
        .stdout(predicate::str::contains("GEN-000"));
}

#[test]
fn generation_is_repeatable_and_replaces_only_a_demo() {
    let dir = tempfile::tempdir().unwrap();
    let names = |db: &Path| -> Vec<String> {
        let conn = Connection::open(db).unwrap();
        let mut stmt = conn
            .prepare("SELECT code || ' ' || name || ' ' || rag FROM projects ORDER BY code")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let a = dir.path().join("a.db");
    let b = dir.path().join("b.db");
    generate(&a, "25", "10").success();
    generate(&b, "25", "10").success();
    assert_eq!(names(&a), names(&b));

    // Running it again over its own demo replaces it.
    generate(&a, "5", "0").success();
    assert_eq!(names(&a).len(), 5);

    // A real work plan is never replaced.
    let real = common::demo_db(dir.path());
    let conn = Connection::open(&real).unwrap();
    conn.execute("DELETE FROM settings WHERE key = 'demo'", [])
        .unwrap();
    drop(conn);
    let before = names(&real);
    generate(&real, "5", "0")
        .code(1)
        .stderr(predicate::str::contains("is not a demo database"));
    assert_eq!(names(&real), before);

    // --cases needs --projects.
    common::bin()
        .args(["demo", "--no-open", "--cases", "5", "--db"])
        .arg(dir.path().join("c.db"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--projects"));
}

#[test]
fn sizes_that_are_not_counts_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bad.db");
    for bad in ["lots", "-5", "1.5"] {
        common::bin()
            .args(["demo", "--no-open", "--projects", bad, "--db"])
            .arg(&db)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!("'{bad}'")))
            .stderr(predicate::str::contains("panicked").not());
        assert!(!db.exists(), "{bad}: nothing is created");
    }
}
