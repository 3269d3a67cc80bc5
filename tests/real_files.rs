//! Files shaped like real exports, through the real binary: the shared samples with the options
//! the README's worked examples give, and files this test makes in every encoding, separator
//! and line ending. Each checks exact records and messages.

mod common;

use std::path::{Path, PathBuf};

use predicates::prelude::*;
use workplan::io::csv_table::ReadOptions;
use workplan::io::registers::parse_projects;

fn run(db: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    common::bin().args(args).arg("--db").arg(db).assert()
}

fn export(db: &Path, register: &str) -> String {
    let out = run(db, &["export", register]).success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn stderr(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stderr.clone()).unwrap()
}

/// The shared samples (shared/ sits beside the repository, in CI too).
fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/samples")
        .join(name)
}

fn count(db: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

const EXCEL_OPTIONS: [&str; 26] = [
    "--map",
    "Ref=code",
    "--map",
    "Project=name",
    "--map",
    "Directorate=theme",
    "--map",
    "RAG commentary=rag_reason",
    "--map",
    "Project Manager=manager",
    "--map",
    "Start=start_date",
    "--map",
    "Planned end=baseline_end",
    "--map",
    "Forecast end=forecast_end",
    "--map",
    "Capital budget=budget_capital",
    "--map",
    "Revenue budget=budget_revenue",
    "--map",
    "Spent to date=spend_to_date",
    "--map",
    "% complete=percent_complete",
    "--map-value",
    "stage:Pipeline=proposed",
];

#[test]
fn a_windows_excel_work_plan_goes_in_as_exported_and_again_by_profile() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let file = sample("excel-workplan-cp1252.csv");
    let file = file.to_str().unwrap();
    let mut args = vec!["import", "projects", file];
    args.extend(EXCEL_OPTIONS);
    args.extend(["--save-profile", "excel"]);
    let out = run(&db, &args).success();
    let err = stderr(&out);
    assert!(err.contains("read as Windows-1252 text"), "{err}");
    assert!(
        err.contains("ignored 3 columns: Benefits, Last updated by, Notes"),
        "{err}"
    );
    assert!(
        err.contains("now uses it too"),
        "the 5-point scale is adopted: {err}"
    );
    let projects = export(&db, "projects");
    assert!(projects.contains(
        "WP-001,Housing system replacement,Place,,in-delivery,amber-red,Data migration “trial load 2” failed – supplier fix due,A. Rahman,Director of Place,2025-04-01,2026-03-31,2026-09-30,1200000,45000,987500,64,"
    ), "{projects}");
    assert!(projects.contains("WP-002,Microsoft 365 migration,Resources,,in-delivery,amber,"));
    assert!(projects.contains(",450000,,301200.50,70,"), "{projects}");
    assert!(projects.contains("WP-003,Public Wi-Fi for libraries,Communities,,proposed,unrated,"));
    assert_eq!(
        projects.lines().count(),
        6,
        "the trailing empty row is no project"
    );
    run(&db, &["settings", "get", "rag-scale"])
        .success()
        .stdout(predicate::str::contains("5"));
    // Next month: one word, and an unchanged file writes nothing at all.
    let audit_rows = count(&db, "SELECT count(*) FROM audit_log");
    let history_rows = count(&db, "SELECT count(*) FROM rag_history");
    run(&db, &["import", "projects", file, "--profile", "excel"])
        .success()
        .stdout(predicate::str::contains("0 new, 0 updated, 5 unchanged"));
    assert_eq!(count(&db, "SELECT count(*) FROM audit_log"), audit_rows);
    assert_eq!(count(&db, "SELECT count(*) FROM rag_history"), history_rows);
    run(&db, &["import", "--profiles"])
        .success()
        .stdout(predicate::str::contains("excel  (projects;"))
        .stdout(predicate::str::contains("--map \"Ref=code\""));
}

#[test]
fn an_update_writes_one_audit_row_per_changed_field_and_keeps_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let first = dir.path().join("first.csv");
    std::fs::write(
        &first,
        "code,name,stage,rag,rag_reason,manager\nP-1,Portal,in-delivery,red,Supplier late,Ann\n",
    )
    .unwrap();
    run(&db, &["import", "projects", first.to_str().unwrap()]).success();
    // A partial file: only RAG and reason; a blank RAG leaves a RAG alone.
    let update = dir.path().join("update.csv");
    std::fs::write(&update, "code,rag,rag_reason\nP-1,amber,Recovering\n").unwrap();
    run(&db, &["import", "projects", update.to_str().unwrap()])
        .success()
        .stdout(predicate::str::contains("0 new, 1 updated"));
    let audit = export(&db, "audit");
    assert!(audit.contains(",rag,red,amber,imported from"), "{audit}");
    assert!(
        audit.contains(",rag_reason,Supplier late,Recovering,"),
        "{audit}"
    );
    assert!(!audit.contains(",manager,"), "{audit}");
    let blank = dir.path().join("blank.csv");
    std::fs::write(&blank, "code,rag,manager\nP-1,,Bo\n").unwrap();
    run(&db, &["import", "projects", blank.to_str().unwrap()]).success();
    let projects = export(&db, "projects");
    assert!(
        projects.contains("P-1,Portal,,,in-delivery,amber,Recovering,Bo,"),
        "{projects}"
    );
    // A new project cannot come from a file without its name.
    let partial_new = dir.path().join("new.csv");
    std::fs::write(&partial_new, "code,rag\nP-2,green\n").unwrap();
    let out = run(&db, &["import", "projects", partial_new.to_str().unwrap()]).code(1);
    assert!(stderr(&out).contains(":2: name: is needed to create project 'P-2'"));
}

/// The README's options for the TOPdesk event log.
const TOPDESK_OPTIONS: [&str; 12] = [
    "--map",
    "Call number=ref",
    "--map",
    "Changed=changed_at",
    "--map",
    "Status=state",
    "--map",
    "Caller branch=organisation",
    "--map",
    "Brief description=summary",
    "--set",
    "kind=incident",
];

#[test]
fn a_service_desk_event_log_and_a_jira_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let topdesk = sample("topdesk-event-log.csv");
    run(
        &db,
        &[
            &["import", "cases", topdesk.to_str().unwrap()][..],
            &TOPDESK_OPTIONS,
        ]
        .concat(),
    )
    .success()
    .stdout(predicate::str::contains("15 new"));
    // The same log again changes nothing and writes nothing.
    let audit_rows = count(&db, "SELECT count(*) FROM audit_log");
    let changes = count(&db, "SELECT count(*) FROM case_state_changes");
    run(
        &db,
        &[
            &["import", "cases", topdesk.to_str().unwrap()][..],
            &TOPDESK_OPTIONS,
        ]
        .concat(),
    )
    .success()
    .stdout(predicate::str::contains("0 new, 0 updated, 15 unchanged"));
    assert_eq!(count(&db, "SELECT count(*) FROM audit_log"), audit_rows);
    assert_eq!(
        count(&db, "SELECT count(*) FROM case_state_changes"),
        changes
    );
    let cases = export(&db, "cases");
    // I 2611 001: logged 13/11 09:58, in progress, completed 16/11 12:30 at P2.
    assert!(
        cases.contains("I 2611 001,incident,2,resolved,,2026-11-13T09:58:00,2026-11-16T12:30:00,,"),
        "{cases}"
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM case_state_changes c JOIN cases k ON k.id = c.case_id WHERE k.ref = 'I 2611 003'"
        ),
        4,
        "logged, in progress, waiting for user, completed"
    );
    assert!(
        count(
            &db,
            "SELECT count(*) FROM case_state_changes WHERE state = 'on-hold' AND hold_reason = 'Waiting for user'"
        ) >= 1
    );
    let jira = sample("jira-service-management.csv");
    run(
        &db,
        &[
            "import",
            "cases",
            jira.to_str().unwrap(),
            "--map",
            "Issue key=ref",
            "--map",
            "Issue Type=kind",
            "--map",
            "Status=state",
            "--map",
            "Created=opened_at",
            "--map",
            "Resolved=resolved_at",
            "--map",
            "Custom field (Organizations)=organisation",
            "--date-format",
            "%d/%b/%y %I:%M %p",
        ],
    )
    .success()
    .stderr(predicate::str::contains("Labels, Labels"));
    let cases = export(&db, "cases");
    assert!(
        cases.contains("ITSD-1001,problem,1,closed,,2026-11-05T07:41:00,2026-11-07T19:41:00,"),
        "{cases}"
    );
    assert!(
        cases.contains("ITSD-1004,incident,4,on-hold,Waiting for customer,2026-11-08T23:40:00,"),
        "{cases}"
    );
    assert!(cases.contains("ITSD-1003,request,1,cancelled,"), "{cases}");
}

#[test]
fn month_first_dates_are_read_month_first_for_the_whole_file_never_swapped() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let projects = dir.path().join("p.csv");
    std::fs::write(&projects, "code,name,stage\nCAP-001,One,in-delivery\nCAP-002,Two,in-delivery\nCAP-003,Three,in-delivery\nCAP-004,Four,in-delivery\nCAP-005,Five,in-delivery\nCAP-006,Six,in-delivery\nCAP-007,Seven,in-delivery\nCAP-008,Eight,in-delivery\n").unwrap();
    run(&db, &["import", "projects", projects.to_str().unwrap()]).success();
    let us = sample("us-schedule-month-first.csv");
    let out = run(
        &db,
        &[
            "import",
            "milestones",
            us.to_str().unwrap(),
            "--map",
            "Project ID=project_code",
            "--map",
            "Phase=name",
            "--map",
            "Planned Finish=baseline_date",
            "--map",
            "Actual Finish=actual_date",
            "--skip-invalid",
            "--dry-run",
        ],
    )
    .success();
    let err = stderr(&out);
    assert!(
        err.contains("dates read month-first: line 2 has '3/28/2026'"),
        "{err}"
    );
    assert!(
        err.contains("4 rows skipped"),
        "TBD rows are skipped, counted as rows: {err}"
    );
    assert!(
        err.contains("Planned Finish (baseline_date): 'TBD' (4 rows, first on line 2)"),
        "words in date cells are summarised: {err}"
    );
    // The README's form: TBD is an empty date.
    run(
        &db,
        &[
            "import",
            "milestones",
            us.to_str().unwrap(),
            "--map",
            "Project ID=project_code",
            "--map",
            "Phase=name",
            "--map",
            "Planned Finish=baseline_date",
            "--map",
            "Actual Finish=actual_date",
            "--map-value",
            "baseline_date:TBD=",
        ],
    )
    .success()
    .stdout(predicate::str::contains("32 new"));
    let milestones = export(&db, "milestones");
    // 3/4-style values would read the other way if decided cell by cell.
    assert!(
        milestones.contains("CAP-001,Design,,,2026-03-28,,"),
        "{milestones}"
    );
    assert!(
        milestones.contains("CAP-002,Design,2026-03-17,,2026-03-23,,"),
        "{milestones}"
    );
    assert!(
        milestones.contains("CAP-004,Design,2026-03-08,,2026-03-15,,"),
        "{milestones}"
    );
    // A file proving both orders is refused, naming both lines.
    let mixed = dir.path().join("mixed.csv");
    std::fs::write(
        &mixed,
        "project_code,name,baseline_date\nCAP-001,A,25/08/2026\nCAP-001,B,8/25/2026\n",
    )
    .unwrap();
    let out = run(
        &db,
        &[
            "import",
            "milestones",
            mixed.to_str().unwrap(),
            "--skip-invalid",
        ],
    )
    .code(1);
    assert!(stderr(&out).contains(
        ":3: baseline_date: '8/25/2026' is month-first but line 2 has '25/08/2026' (baseline_date), which is day-first"
    ), "{}", stderr(&out));
}

#[test]
fn five_point_values_never_collapse_into_a_three_point_plan() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let three = dir.path().join("three.csv");
    std::fs::write(
        &three,
        "code,name,stage,rag,rag_reason\nP-1,One,in-delivery,red,Late\n",
    )
    .unwrap();
    run(&db, &["import", "projects", three.to_str().unwrap()]).success();
    let five = dir.path().join("five.csv");
    std::fs::write(
        &five,
        "code,name,stage,rag,rag_reason\nP-2,Two,in-delivery,A/R,Doubt\n",
    )
    .unwrap();
    let out = run(&db, &["import", "projects", five.to_str().unwrap()]).code(1);
    let err = stderr(&out);
    assert!(
        err.contains(":2: rag: Amber/Red is on the 5-point scale but this work plan uses 3 points"),
        "{err}"
    );
    assert!(err.contains("workplan settings set rag-scale 5"), "{err}");
    run(&db, &["settings", "set", "rag-scale", "5"]).success();
    run(&db, &["import", "projects", five.to_str().unwrap()]).success();
    assert!(export(&db, "projects").contains("P-2,Two,,,in-delivery,amber-red,Doubt,"));
}

#[test]
fn money_in_millions_and_words_summarised_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let file = dir.path().join("m.csv");
    std::fs::write(
        &file,
        "code;name;stage;budget_capital;budget_revenue\nP-1;One;Live;1.2;0.35\nP-2;Two;Pipeline;Data not provided;\nP-3;Three;Pipeline;0.5;\n",
    )
    .unwrap();
    let out = run(
        &db,
        &[
            "import",
            "projects",
            file.to_str().unwrap(),
            "--money-unit",
            "millions",
        ],
    )
    .code(1);
    let err = stderr(&out);
    assert!(
        err.contains(":3: budget_capital: 'Data not provided' is not an amount of money"),
        "{err}"
    );
    assert!(
        err.contains("stage: 'Pipeline' (2 rows, first on line 3)"),
        "{err}"
    );
    run(
        &db,
        &[
            "import",
            "projects",
            file.to_str().unwrap(),
            "--money-unit",
            "millions",
            "--map-value",
            "stage:Pipeline=proposed",
            "--map-value",
            "budget_capital:Data not provided=",
        ],
    )
    .success();
    assert!(
        export(&db, "projects").contains("P-1,One,,,in-delivery,unrated,,,,,,,1200000,350000,,,")
    );
}

#[test]
fn problems_print_fifty_then_say_how_many_more_and_the_file_has_them_all() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let file = dir.path().join("bad.csv");
    let mut text = String::from("code,name,stage\n");
    for i in 0..80 {
        text.push_str(&format!("P-{i},Name,someday\n"));
    }
    std::fs::write(&file, text).unwrap();
    let all = dir.path().join("problems.txt");
    let out = run(
        &db,
        &[
            "import",
            "projects",
            file.to_str().unwrap(),
            "--problems",
            all.to_str().unwrap(),
        ],
    )
    .code(1);
    let err = stderr(&out);
    assert_eq!(
        err.matches(": stage: 'someday' is not a stage").count(),
        50,
        "{err}"
    );
    assert!(
        err.contains("… and 30 more (--problems FILE writes them all)"),
        "{err}"
    );
    assert!(err.contains("80 problems found; nothing was changed"));
    assert_eq!(std::fs::read_to_string(&all).unwrap().lines().count(), 80);
}

/// One valid table written in every encoding, separator and line ending reads the same.
#[test]
fn every_encoding_separator_and_line_ending_gives_the_same_records() {
    let rows = [
        [
            "code",
            "name",
            "stage",
            "rag",
            "rag_reason",
            "budget_capital",
        ],
        [
            "P-1",
            "Café “Wi-Fi” – phase 2",
            "in-delivery",
            "A",
            "Kit £5k late; see note",
            "£1,200",
        ],
        ["P-2", "Plain", "proposed", "", "", ""],
    ];
    let mut seen = Vec::new();
    for delimiter in [',', ';', '\t', '|'] {
        for ending in ["\n", "\r\n"] {
            let mut text = String::new();
            for row in &rows {
                let cells: Vec<String> = row
                    .iter()
                    .map(|c| {
                        if c.contains(delimiter) || c.contains('"') {
                            format!("\"{}\"", c.replace('"', "\"\""))
                        } else {
                            c.to_string()
                        }
                    })
                    .collect();
                text.push_str(&cells.join(&delimiter.to_string()));
                text.push_str(ending);
            }
            let mut encodings: Vec<(&str, Vec<u8>)> = vec![
                ("utf-8", text.as_bytes().to_vec()),
                (
                    "utf-8 bom",
                    [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat(),
                ),
            ];
            let (cp, _, bad) = encoding_rs::WINDOWS_1252.encode(&text);
            assert!(!bad);
            encodings.push(("windows-1252", cp.into_owned()));
            let mut le = vec![0xFF, 0xFE];
            let mut be = vec![0xFE, 0xFF];
            for unit in text.encode_utf16() {
                le.extend_from_slice(&unit.to_le_bytes());
                be.extend_from_slice(&unit.to_be_bytes());
            }
            encodings.push(("utf-16le", le));
            encodings.push(("utf-16be", be));
            for (encoding, bytes) in encodings {
                let options = ReadOptions::default();
                let records = parse_projects("t.csv", &bytes[..], &options)
                    .unwrap_or_else(|p| panic!("{encoding} {delimiter:?} {ending:?}: {p:?}"));
                let got: Vec<String> = records
                    .iter()
                    .map(|r| {
                        format!(
                            "{}|{}|{:?}|{:?}|{}|{:?}|line {}",
                            r.record.code,
                            r.record.name,
                            r.record.stage,
                            r.record.rag,
                            r.record.rag_reason,
                            r.record.budget_capital,
                            r.origin.line
                        )
                    })
                    .collect();
                seen.push((format!("{encoding} {delimiter:?} {ending:?}"), got));
            }
        }
    }
    let (first_name, first) = &seen[0];
    assert_eq!(first.len(), 2);
    assert!(first[0].contains("Café “Wi-Fi” – phase 2"), "{first:?}");
    assert!(first[0].contains("Some(120000)"), "{first:?}");
    assert!(first[1].ends_with("line 3"), "{first:?}");
    for (name, got) in &seen {
        assert_eq!(got, first, "{name} differs from {first_name}");
    }
}

#[test]
fn timestamps_with_offsets_are_converted_to_uk_time() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let file = dir.path().join("c.csv");
    std::fs::write(
        &file,
        "ref,kind,priority,state,opened_at\nC1,incident,P2,Assigned,2026-07-01T09:00:00Z\nC2,incident,Low,Wait - User,2026-01-15T09:00:00+00:00\n",
    )
    .unwrap();
    run(&db, &["import", "cases", file.to_str().unwrap()]).success();
    let cases = export(&db, "cases");
    assert!(
        cases.contains("C1,incident,2,active,,2026-07-01T10:00:00,"),
        "{cases}"
    );
    assert!(
        cases.contains("C2,incident,4,on-hold,Wait - User,2026-01-15T09:00:00,"),
        "{cases}"
    );
}
