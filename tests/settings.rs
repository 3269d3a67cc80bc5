//! `workplan settings`: list, get and set the shared settings from the command line, audited,
//! with values checked for meaning and a missing database never created.

mod common;

use std::path::{Path, PathBuf};

use predicates::prelude::*;
use rusqlite::Connection;

/// A work plan on the default settings (3-point RAG scale), made by importing one project.
fn plain_db(dir: &Path) -> PathBuf {
    let db = dir.join("w.db");
    let projects = dir.join("projects.csv");
    std::fs::write(
        &projects,
        "code,name,stage,rag,rag_reason\nP-1,One,in-delivery,A,Late supplier\n",
    )
    .unwrap();
    common::bin()
        .args(["import", "projects"])
        .arg(&projects)
        .arg("--db")
        .arg(&db)
        .assert()
        .success();
    db
}

fn settings(db: &Path) -> assert_cmd::Command {
    let mut cmd = common::bin();
    cmd.arg("--db").arg(db).arg("settings");
    cmd
}

fn stdout_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).unwrap()
}

/// The audit trail's rows for settings: (user, field, old value, new value).
fn settings_audit(db: &Path) -> Vec<(String, String, String, String)> {
    let out = common::bin()
        .arg("--db")
        .arg(db)
        .args(["export", "audit"])
        .assert()
        .success();
    let mut reader = csv::Reader::from_reader(out.get_output().stdout.as_slice());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (user, entity, field, old, new) = (
        column("user"),
        column("entity"),
        column("field"),
        column("old_value"),
        column("new_value"),
    );
    reader
        .records()
        .map(Result::unwrap)
        .filter(|r| &r[entity] == "settings")
        .map(|r| {
            (
                r[user].to_string(),
                r[field].to_string(),
                r[old].to_string(),
                r[new].to_string(),
            )
        })
        .collect()
}

#[test]
fn settings_lists_every_setting_and_set_saves_one_with_an_audit_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = plain_db(dir.path());

    let listed = settings(&db).assert().success();
    let text = stdout_of(&listed);
    let scale = text
        .lines()
        .find(|l| l.starts_with("rag-scale "))
        .unwrap_or_else(|| panic!("no rag-scale line:\n{text}"));
    assert_eq!(scale.split_whitespace().nth(1), Some("3"), "{scale}");
    assert!(
        scale.contains("RAG scale: 3 (red, amber, green) or 5 (with amber-red and amber-green)"),
        "{scale}"
    );
    for name in [
        "stale-after-days",
        "schedule-tolerance-days",
        "due-soon-days",
        "review-period-days",
        "risk-low-max",
        "risk-medium-max",
        "risk-high-max",
        "risk-appetite",
        "sla-incident-hours",
        "sla-request-hours",
        "sla-warn-percent",
        "certification-due-days",
        "report-council",
        "report-committee",
        "report-title",
        "report-author",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(&format!("{name} "))),
            "{name} is not listed:\n{text}"
        );
    }
    assert_eq!(text.lines().count(), 17, "{text}");
    let sla = text
        .lines()
        .find(|l| l.starts_with("sla-incident-hours"))
        .unwrap();
    assert_eq!(sla.split_whitespace().nth(1), Some("4,8,24,72"), "{sla}");

    settings(&db)
        .args(["get", "rag-scale"])
        .assert()
        .success()
        .stdout("3\n");

    settings(&db)
        .args(["--user", "Ann Example", "set", "rag-scale", "5"])
        .assert()
        .success()
        .stdout(predicate::str::contains("rag-scale: 3 → 5"));
    settings(&db)
        .args(["get", "rag_scale"])
        .assert()
        .success()
        .stdout("5\n");
    settings(&db)
        .args(["set", "rag_scale", "5"])
        .assert()
        .success()
        .stdout(predicate::str::contains("rag-scale is already 5"));
    settings(&db)
        .args(["set", "sla-incident-hours", "2, 6,20,60"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "sla-incident-hours: 4,8,24,72 → 2,6,20,60",
        ));
    settings(&db)
        .args(["set", "stale-after-days", "45"])
        .assert()
        .success();

    let audit = settings_audit(&db);
    let scale_rows: Vec<_> = audit.iter().filter(|r| r.1 == "rag_scale").collect();
    assert_eq!(
        scale_rows,
        vec![&(
            "Ann Example".to_string(),
            "rag_scale".to_string(),
            "3".to_string(),
            "5".to_string()
        )],
        "one audit row for the one change, none for setting it again: {audit:?}"
    );
    assert!(
        audit
            .iter()
            .any(|r| r.1 == "sla_incident_hours" && r.2 == "4,8,24,72" && r.3 == "2,6,20,60"),
        "{audit:?}"
    );
    assert_eq!(audit.len(), 3, "{audit:?}");

    let listed = settings(&db).assert().success();
    let text = stdout_of(&listed);
    let stale = text
        .lines()
        .find(|l| l.starts_with("stale-after-days"))
        .unwrap();
    assert_eq!(stale.split_whitespace().nth(1), Some("45"), "{stale}");
}

/// `settings ARGS` fails with exit status 1 and a message holding every one of `needles`.
fn refused(db: &Path, args: &[&str], needles: &[&str]) {
    let mut assert = settings(db).args(args).assert().code(1);
    for needle in needles {
        assert = assert.stderr(predicate::str::contains(*needle));
    }
    assert.stderr(predicate::str::contains("panicked").not());
}

#[test]
fn bad_keys_and_values_are_refused_with_what_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let db = plain_db(dir.path());
    refused(
        &db,
        &["set", "colour", "blue"],
        &[
            "there is no setting 'colour'",
            "rag-scale, stale-after-days",
            "sla-warn-percent",
        ],
    );
    refused(&db, &["get", "colour"], &["there is no setting 'colour'"]);
    refused(
        &db,
        &["set", "rag-scale", "4"],
        &[
            "rag-scale: '4' is not accepted",
            "3 (red, amber, green) or 5",
        ],
    );
    refused(
        &db,
        &["set", "stale-after-days", "-5"],
        &["stale-after-days: '-5' is not accepted", "from 1 to"],
    );
    refused(
        &db,
        &["set", "due-soon-days", "soon"],
        &["due-soon-days: 'soon' is not accepted"],
    );
    refused(
        &db,
        &["set", "stale-after-days", "0"],
        &["stale-after-days: '0' is not accepted", "from 1 to"],
    );
    refused(
        &db,
        &["set", "schedule-tolerance-days", "-1"],
        &["schedule-tolerance-days: '-1' is not accepted", "from 0 to"],
    );
    refused(
        &db,
        &["set", "risk-medium-max", "13"],
        &[
            "risk-medium-max: '13' is not accepted",
            "the bands must rise",
            "from 4 to 11",
        ],
    );
    refused(
        &db,
        &["set", "risk-appetite", "30"],
        &["risk-appetite: '30' is not accepted", "from 1 to 25"],
    );
    refused(
        &db,
        &["set", "sla-request-hours", "24,48,120"],
        &["sla-request-hours", "four whole numbers", "4,8,24,72"],
    );
    refused(
        &db,
        &["set", "sla-incident-hours", "4,0,24,72"],
        &["sla-incident-hours"],
    );
    refused(
        &db,
        &["set", "sla-warn-percent", "0"],
        &["sla-warn-percent", "from 1 to 100"],
    );
    refused(
        &db,
        &["--read-only", "set", "rag-scale", "5"],
        &["--read-only"],
    );

    settings(&db)
        .args(["get", "rag-scale"])
        .assert()
        .success()
        .stdout("3\n");
    settings(&db)
        .args(["get", "risk-medium-max"])
        .assert()
        .success()
        .stdout("6\n");
    assert!(
        settings_audit(&db).is_empty(),
        "a refused setting writes nothing"
    );
}

#[test]
fn the_five_point_scale_is_kept_while_projects_are_amber_red_or_amber_green() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path());
    let count = "SELECT count(*) FROM projects
                 WHERE archived = 0 AND rag IN ('amber-red', 'amber-green')";
    let held: i64 = Connection::open(&db)
        .unwrap()
        .query_row(count, [], |r| r.get(0))
        .unwrap();
    assert!(held > 1, "the demo has amber-red and amber-green projects");

    settings(&db)
        .args(["get", "rag-scale"])
        .assert()
        .success()
        .stdout("5\n");
    settings(&db)
        .args(["set", "rag-scale", "3"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{held} projects are rated amber-red or amber-green"
        )))
        .stderr(predicate::str::contains("change them first"));
    settings(&db)
        .args(["get", "rag-scale"])
        .assert()
        .success()
        .stdout("5\n");

    // Once no project holds those values, the scale can go back to 3 points.
    let conn = Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE projects SET rag = 'amber' WHERE rag IN ('amber-red', 'amber-green')",
        [],
    )
    .unwrap();
    drop(conn);
    settings(&db)
        .args(["set", "rag-scale", "3"])
        .assert()
        .success()
        .stdout(predicate::str::contains("rag-scale: 5 → 3"));
    settings(&db)
        .args(["get", "rag-scale"])
        .assert()
        .success()
        .stdout("3\n");
}

#[test]
fn settings_never_creates_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.db");
    let runs: [&[&str]; 3] = [&[], &["get", "rag-scale"], &["set", "rag-scale", "5"]];
    for args in runs {
        settings(&missing)
            .args(args)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("no database at"))
            .stderr(predicate::str::contains(missing.display().to_string()));
    }
    assert!(!missing.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing was created beside it"
    );
}

#[test]
fn a_schedule_tolerance_of_zero_days_is_accepted_as_the_app_accepts_it() {
    // Zero tolerance means any forecast past its baseline suggests red: a real choice, and
    // the app's settings form has always taken it.
    let dir = tempfile::tempdir().unwrap();
    let db = plain_db(dir.path());
    settings(&db)
        .args(["set", "schedule-tolerance-days", "0"])
        .assert()
        .success();
    settings(&db)
        .args(["get", "schedule-tolerance-days"])
        .assert()
        .success()
        .stdout("0\n");
}
