//! Service-desk imports: the canonical CSV, ServiceNow's flat and event-log exports, broken
//! files with the exact messages a user sees, idempotent re-imports, and dry runs.

mod common;

use std::path::{Path, PathBuf};

use predicates::prelude::*;
use workplan::domain::CaseState;
use workplan::store::{OpenMode, Store};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cases")
        .join(name)
}

fn import(db: &Path, file: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    common::bin()
        .args(["import", "cases"])
        .arg(file)
        .args(extra)
        .arg("--db")
        .arg(db)
        .assert()
}

fn fails(db: &Path, file: &Path, extra: &[&str], messages: &[String]) {
    let assert = import(db, file, extra).code(1);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    for m in messages {
        assert!(stderr.contains(m.as_str()), "missing {m:?} in:\n{stderr}");
    }
    assert!(stderr.contains("nothing was changed"), "{stderr}");
}

#[test]
fn canonical_import_is_idempotent_and_dry_runs_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let file = fixture("canonical.csv");
    import(&db, &file, &["--dry-run"])
        .success()
        .stdout(predicate::str::contains("Dry run of"))
        .stdout(predicate::str::contains(
            "4 new, 0 updated, 0 unchanged; nothing was changed",
        ));
    let store = Store::open(&db, OpenMode::MustExist).unwrap();
    assert!(
        store.desk_cases().unwrap().is_empty(),
        "the dry run wrote nothing"
    );
    drop(store);
    import(&db, &file, &[])
        .success()
        .stdout(predicate::str::contains("4 new, 0 updated, 0 unchanged"));
    import(&db, &file, &[])
        .success()
        .stdout(predicate::str::contains("0 new, 0 updated, 4 unchanged"));
    let store = Store::open(&db, OpenMode::MustExist).unwrap();
    let cases = store.desk_cases().unwrap();
    assert_eq!(cases.len(), 4, "re-importing never duplicates");
    let audit_rows = store.audit_count().unwrap();
    drop(store);
    // A newer export moves one case on: it is updated and its state joins the history.
    let newer = dir.path().join("newer.csv");
    let text = std::fs::read_to_string(&file).unwrap().replace(
        "INC900001,incident,2,active,,2026-11-21T09:15:00,,,",
        "INC900001,incident,2,resolved,,2026-11-21T09:15:00,2026-11-21T13:00:00,,",
    );
    std::fs::write(&newer, text).unwrap();
    import(&db, &newer, &[])
        .success()
        .stdout(predicate::str::contains("0 new, 1 updated, 3 unchanged"));
    let store = Store::open(&db, OpenMode::MustExist).unwrap();
    let case = store
        .desk_cases()
        .unwrap()
        .into_iter()
        .find(|c| c.reference == "INC900001")
        .unwrap();
    assert_eq!(case.state, CaseState::Resolved);
    assert_eq!(case.history.last().unwrap().state, CaseState::Resolved);
    assert_eq!(
        case.history.last().unwrap().at.to_string(),
        "2026-11-21 13:00:00"
    );
    assert_eq!(
        store.audit_count().unwrap(),
        audit_rows + 1,
        "only the changed case is audited"
    );
}

#[test]
fn servicenow_event_log_builds_state_history_and_stop_clock() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    import(
        &db,
        &fixture("servicenow_eventlog.csv"),
        &["--preset", "servicenow"],
    )
    .success()
    .stdout(predicate::str::contains("2 new"));
    let store = Store::open(&db, OpenMode::MustExist).unwrap();
    let cases = store.desk_cases().unwrap();
    let wifi = cases.iter().find(|c| c.reference == "INC0077001").unwrap();
    assert_eq!(wifi.state, CaseState::Active);
    let states: Vec<_> = wifi
        .history
        .iter()
        .map(|h| (h.state, h.hold_reason.as_str()))
        .collect();
    assert_eq!(
        states,
        [
            (CaseState::New, ""),
            (CaseState::Active, ""),
            (CaseState::OnHold, "Awaiting Vendor"),
            (CaseState::Active, "")
        ]
    );
    assert_eq!(
        wifi.organisation.as_deref(),
        Some("Brackenford Borough Council")
    );
    let settings = store.settings().unwrap();
    let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 20)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap();
    let clock = wifi.sla(now, &settings);
    assert_eq!(
        clock.on_hold,
        chrono::Duration::hours(48),
        "two days awaiting the vendor"
    );
    let housing = cases.iter().find(|c| c.reference == "INC0077002").unwrap();
    assert_eq!(housing.state, CaseState::Resolved);
    assert_eq!(housing.priority, 2);
    drop(store);
    // Importing the same log again adds no history and changes nothing.
    import(
        &db,
        &fixture("servicenow_eventlog.csv"),
        &["--preset", "servicenow"],
    )
    .success();
    let store = Store::open(&db, OpenMode::MustExist).unwrap();
    let again = store.desk_cases().unwrap();
    let wifi_again = again.iter().find(|c| c.reference == "INC0077001").unwrap();
    assert_eq!(wifi_again.history.len(), 4);
}

#[test]
fn servicenow_flat_export_maps_awaiting_and_planning() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    import(
        &db,
        &fixture("servicenow_flat.csv"),
        &["--preset", "servicenow"],
    )
    .success();
    let store = Store::open(&db, OpenMode::MustExist).unwrap();
    let cases = store.desk_cases().unwrap();
    let held = cases.iter().find(|c| c.reference == "INC0088001").unwrap();
    assert_eq!(held.state, CaseState::OnHold);
    assert_eq!(held.hold_reason, "Awaiting User Info");
    let closed = cases.iter().find(|c| c.reference == "INC0088002").unwrap();
    assert_eq!(closed.priority, 4, "5 - Planning maps to 4");
    assert_eq!(closed.closed_at.unwrap().to_string(), "2026-11-04 09:00:00");
}

#[test]
fn a_column_map_reads_other_names() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let file = dir.path().join("mapped.csv");
    std::fs::write(
        &file,
        "Incident Number,kind,priority,state,Logged\nX-1,incident,2,active,2026-11-21T09:15:00\n",
    )
    .unwrap();
    import(
        &db,
        &file,
        &["--map", "Incident Number=ref", "--map", "Logged=opened_at"],
    )
    .success()
    .stdout(predicate::str::contains("1 new"));
    import(&db, &file, &["--map", "broken"])
        .code(1)
        .stderr(predicate::str::contains("use SOURCE=FIELD"));
}

#[test]
fn broken_files_name_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let name = |f: &str| fixture(f).display().to_string();
    fails(
        &db,
        &fixture("bad_dates.csv"),
        &[],
        &[
            format!(
                "{}:3: opened_at: '31/02/2026 10:00' is not a date and time",
                name("bad_dates.csv")
            ),
            format!(
                "{}:4: resolved_at: 'yesterday' is not a date and time",
                name("bad_dates.csv")
            ),
        ],
    );
    fails(
        &db,
        &fixture("unknown_states.csv"),
        &["--preset", "servicenow"],
        &[format!(
            "{}:3: incident_state (state): 'Parked' is not a case state this import knows",
            name("unknown_states.csv")
        )],
    );
    fails(
        &db,
        &fixture("missing_columns.csv"),
        &[],
        &[format!(
            "{}:1: priority: required column is missing",
            name("missing_columns.csv")
        )],
    );
    fails(
        &db,
        &fixture("duplicate_refs.csv"),
        &[],
        &[format!(
            "{}:4: ref: case 'INC1' appears more than once (first on line 2)",
            name("duplicate_refs.csv")
        )],
    );
    fails(
        &db,
        &fixture("empty.csv"),
        &[],
        &[format!(
            "{}:1: header: the file is empty",
            name("empty.csv")
        )],
    );
    let bad_utf8 = dir.path().join("latin1.csv");
    let mut bytes =
        b"ref,kind,priority,state,opened_at,summary\nINC1,incident,2,active,2026-11-21T09:15:00,"
            .to_vec();
    bytes.extend_from_slice(b"Caf\xe9 till\n");
    std::fs::write(&bad_utf8, bytes).unwrap();
    // Windows-1252 (what Excel writes on a UK PC) is read as such and said so, never refused.
    import(&db, &bad_utf8, &["--dry-run"])
        .success()
        .stderr(predicate::str::contains("read as Windows-1252 text"));
    let binary = dir.path().join("binary.csv");
    let mut bytes =
        b"ref,kind,priority,state,opened_at,summary\nINC1,incident,2,active,2026-11-21T09:15:00,"
            .to_vec();
    bytes.extend_from_slice(b"PK\x03\x04\x00\x00\n");
    std::fs::write(&binary, bytes).unwrap();
    fails(
        &db,
        &binary,
        &[],
        &[format!(
            "{}:2: file: holds a NUL byte, so it is not a text file",
            binary.display()
        )],
    );
    let huge = dir.path().join("huge.csv");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&huge).unwrap());
        f.write_all(b"ref,kind,priority,state,opened_at,summary\nINC1,incident,2,active,2026-11-21T09:15:00,\"").unwrap();
        let chunk = vec![b'x'; 1024 * 1024];
        for _ in 0..100 {
            f.write_all(&chunk).unwrap();
        }
        f.write_all(b"\"\nINC2,incident,2,active,2026-11-21T09:15:00,fine\n")
            .unwrap();
    }
    fails(
        &db,
        &huge,
        &[],
        &[format!(
            // Refused while streaming, long before the 100 MB are read into memory.
            "{}:2: file: has a line longer than 2 MB (is the file really a CSV export?)",
            huge.display()
        )],
    );
    let store = Store::open(&db, OpenMode::MustExist).unwrap();
    assert!(
        store.desk_cases().unwrap().is_empty(),
        "no broken file left anything behind"
    );
}

#[test]
fn cases_are_audited_once_per_import_created_and_updated_alike() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    common::bin()
        .args([
            "demo",
            "--no-open",
            "--projects",
            "2",
            "--cases",
            "0",
            "--db",
        ])
        .arg(&db)
        .assert()
        .success();
    let store = Store::open(&db, OpenMode::MustExist).unwrap();
    let code = store.projects().unwrap()[0].code.clone();
    let before = store.audit_count().unwrap();
    drop(store);
    let file = dir.path().join("cases.csv");
    let text = std::fs::read_to_string(fixture("canonical.csv"))
        .unwrap()
        .replace(
            "Printing,Service Desk,Holmwick District Council,,",
            &format!("Printing,Service Desk,Holmwick District Council,{code},"),
        );
    std::fs::write(&file, &text).unwrap();
    import(&db, &file, &[])
        .success()
        .stdout(predicate::str::contains("4 new, 0 updated"));
    let store = Store::open(&db, OpenMode::MustExist).unwrap();
    let added = store
        .audit_after(0, 10_000)
        .unwrap()
        .split_off(before as usize);
    let values: Vec<&str> = added
        .iter()
        .filter_map(|a| a.new_value.as_deref())
        .collect();
    assert_eq!(
        values,
        ["created 4 cases (INC900001 … REQ900001)"],
        "one row for the import, linked cases included: {added:#?}"
    );
    assert!(
        added.iter().all(|a| a.reason.ends_with("cases.csv")),
        "{added:#?}"
    );
    drop(store);

    // An update joins the same one row per import; unchanged cases are not named.
    std::fs::write(&file, text.replace("Mailbox full", "Mailbox over quota")).unwrap();
    import(&db, &file, &[])
        .success()
        .stdout(predicate::str::contains("0 new, 1 updated, 3 unchanged"));
    let store = Store::open(&db, OpenMode::MustExist).unwrap();
    let last = store.audit_after(0, 10_000).unwrap().pop().unwrap();
    assert_eq!(last.new_value.as_deref(), Some("updated INC900003"));
    assert_eq!(
        store.audit_count().unwrap(),
        before + 2,
        "one row for each of the two imports"
    );
}
