//! Import and export for every register: export then import into an empty database reproduces
//! the data (CSV and XLSX); a corpus of broken files gives exact messages and changes nothing
//! (the database's content is compared before and after); and the options a spreadsheet needs.

mod common;

use std::path::{Path, PathBuf};

use predicates::prelude::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn run(db: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    common::bin().args(args).arg("--db").arg(db).assert()
}

fn export(db: &Path, register: &str) -> String {
    let out = run(db, &["export", register]).success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

const REGISTERS: [&str; 5] = ["projects", "milestones", "risks", "cases", "case-snapshots"];

#[test]
fn export_then_import_reproduces_every_register() {
    for format in ["csv", "xlsx"] {
        let dir = tempfile::tempdir().unwrap();
        let demo = common::demo_db(dir.path());
        let empty = dir.path().join("copy.db");
        for register in REGISTERS {
            let file = dir.path().join(format!("{register}.{format}"));
            run(
                &demo,
                &[
                    "export",
                    register,
                    "--format",
                    format,
                    "-o",
                    file.to_str().unwrap(),
                ],
            )
            .success()
            .stderr(predicate::str::contains("Exported"));
            run(&empty, &["import", register, file.to_str().unwrap()]).success();
        }
        for register in REGISTERS {
            assert_eq!(
                export(&demo, register),
                export(&empty, register),
                "{register} via {format}"
            );
        }
    }
}

#[test]
fn json_and_audit_exports() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path());
    let out = run(&db, &["export", "risks", "--format", "json"]).success();
    let rows: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let first = &rows.as_array().unwrap()[0];
    let keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        &keys[..4],
        ["project_code", "code", "kind", "title"],
        "import's column order"
    );
    let audit = export(&db, "audit");
    assert!(
        audit.starts_with("at,user,entity,entity_id,project_code,field,old_value,new_value,reason")
    );
    assert!(audit.lines().count() > 200, "{}", audit.lines().count());
    // The demo's unlinked cases are one entry, not one each.
    assert!(
        audit
            .lines()
            .any(|l| l.contains(",import,,created ") && l.contains(" cases (INC")),
        "{audit}"
    );
    run(&db, &["export", "audit", "--format", "xlsx"])
        .code(1)
        .stderr(predicate::str::contains("needs -o FILE"));
}

/// No CSV the app writes has a cell a spreadsheet would run as a formula: a cell starting with
/// `=` `+` `-` `@`, tab or CR is either a plain number or carries the leading `'`.
#[test]
fn every_csv_export_is_spreadsheet_safe() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path());
    let plain_number = |cell: &str| {
        let unsigned = cell.strip_prefix(['+', '-']).unwrap_or(cell);
        unsigned.chars().any(|c| c.is_ascii_digit())
            && unsigned.chars().all(|c| c.is_ascii_digit() || c == '.')
            && unsigned.matches('.').count() <= 1
    };
    for register in REGISTERS.iter().chain(&["audit"]) {
        let text = export(&db, register);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']) || plain_number(cell),
                    "{register}: {cell:?}"
                );
            }
        }
    }
}

#[test]
fn a_guarded_cell_imports_as_its_text_and_exports_guarded_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let file = dir.path().join("guarded.csv");
    std::fs::write(
        &file,
        "code,name,stage,rag_reason\n\
         T-1,'=1+1,proposed,'-2 weeks\n\
         T-2,-12.50,proposed,'keep this quote\n\
         T-3,''@twice,proposed,\n",
    )
    .unwrap();
    run(&db, &["import", "projects", file.to_str().unwrap()]).success();
    let out = run(&db, &["export", "projects", "--format", "json"]).success();
    let rows: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let field = |code: &str, column: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == code)
            .unwrap()[column]
            .clone()
    };
    assert_eq!(field("T-1", "name"), "=1+1");
    assert_eq!(field("T-1", "rag_reason"), "-2 weeks");
    assert_eq!(field("T-2", "name"), "-12.50");
    assert_eq!(field("T-2", "rag_reason"), "'keep this quote");
    assert_eq!(field("T-3", "name"), "'@twice");
    let csv = export(&db, "projects");
    assert!(csv.contains("T-1,'=1+1,"), "{csv}");
    assert!(csv.contains(",'-2 weeks,"), "{csv}");
    assert!(csv.contains("T-2,-12.50,"), "{csv}");
    assert!(csv.contains(",'keep this quote,"), "{csv}");
    assert!(csv.contains("T-3,''@twice,"), "{csv}");
}

/// Register, fixture, extra arguments, and the (line, message) pairs expected.
type BrokenCase = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [(u32, &'static str)],
);

#[test]
fn broken_files_report_every_problem_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path());
    let before = common::db_content(&db);
    let cases: [BrokenCase; 6] = [
        (
            "projects",
            "projects_broken.csv",
            &[],
            &[
                (3, "start_date: '31/02/2026' is not a date"),
                (4, "rag: 'crimson' is not a RAG status"),
                (
                    5,
                    "code: project code 'T-1' appears more than once (first on line 2)",
                ),
                (6, "budget_capital: 'lots' is not an amount of money"),
                (
                    7,
                    "percent_complete: '140' is not a percentage from 0 to 100",
                ),
            ],
        ),
        (
            "projects",
            "projects_broken.xlsx",
            &[],
            &[
                (3, "start_date: '31/02/2026' is not a date"),
                (4, "rag: 'crimson' is not a RAG status"),
                (
                    7,
                    "percent_complete: '140' is not a percentage from 0 to 100",
                ),
            ],
        ),
        (
            "projects",
            "projects_missing_column.csv",
            &[],
            &[(
                2,
                "name: is needed to create project 'T-1', which is not in the work plan",
            )],
        ),
        (
            "milestones",
            "milestones_unknown_project.csv",
            &[],
            &[
                (2, "project_code: no project with code 'T-1'"),
                (3, "project_code: no project with code 'NOPE'"),
            ],
        ),
        (
            "risks",
            "risks_broken.csv",
            &[],
            &[
                (3, "likelihood: '9' is not a rating from 1 to 5"),
                (4, "status: 'maybe' is not a status (use open or closed)"),
            ],
        ),
        (
            "milestones",
            "milestones_dates.xlsx",
            &[],
            &[(3, "forecast_date: 'not a date' is not a date")],
        ),
    ];
    for (register, file, extra, expected) in cases {
        let path = fixture(file);
        let mut args = vec!["import", register, path.to_str().unwrap()];
        args.extend(extra.iter());
        let out = run(&db, &args).code(1);
        let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        for (line, message) in expected {
            let want = format!("{}:{line}: {message}", path.display());
            assert!(
                stderr.contains(&want),
                "{file}: missing {want:?} in\n{stderr}"
            );
        }
        assert!(stderr.contains("nothing was changed"), "{stderr}");
        assert_eq!(
            common::db_content(&db),
            before,
            "{file} changed the database"
        );
    }
    run(
        &db,
        &[
            "import",
            "projects",
            fixture("not_a_workbook.xlsx").to_str().unwrap(),
        ],
    )
    .code(1)
    .stderr(predicate::str::contains("not a readable spreadsheet"));
    assert_eq!(common::db_content(&db), before);
}

#[test]
fn skip_invalid_keeps_the_good_rows_and_lists_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    run(
        &db,
        &[
            "import",
            "projects",
            fixture("projects_ok.csv").to_str().unwrap(),
        ],
    )
    .success();
    let file = fixture("milestones_unknown_project.csv");
    run(
        &db,
        &[
            "import",
            "milestones",
            file.to_str().unwrap(),
            "--skip-invalid",
            "--dry-run",
        ],
    )
    .success()
    .stdout(predicate::str::contains(
        "2 new, 0 updated, 0 unchanged; nothing was changed",
    ));
    assert!(!export(&db, "milestones").contains("Design"));
    run(
        &db,
        &[
            "import",
            "milestones",
            file.to_str().unwrap(),
            "--skip-invalid",
        ],
    )
    .success()
    .stderr(predicate::str::contains(format!(
        "{}:3: project_code: no project with code 'NOPE'",
        file.display()
    )))
    .stderr(predicate::str::contains("1 row skipped"))
    .stdout(predicate::str::contains("2 new"));
    let milestones = export(&db, "milestones");
    assert!(milestones.contains("Design") && milestones.contains("Go-live"));
    assert!(!milestones.contains("Orphan"));
    let broken = fixture("projects_broken.csv");
    run(
        &db,
        &[
            "import",
            "projects",
            broken.to_str().unwrap(),
            "--skip-invalid",
        ],
    )
    .success()
    .stderr(predicate::str::contains("5 rows skipped"));
    // Only the good row (T-1, "Good one") was applied.
    assert!(export(&db, "projects").contains("T-1,Good one"));
}

#[test]
fn sheets_maps_and_date_formats() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let xlsx = fixture("projects_ok.xlsx");
    run(&db, &["import", "projects", xlsx.to_str().unwrap()])
        .code(1)
        .stderr(predicate::str::contains(
            "ignored 1 column: this sheet is notes, not data",
        ));
    run(
        &db,
        &[
            "import",
            "projects",
            xlsx.to_str().unwrap(),
            "--sheet",
            "projects",
        ],
    )
    .success()
    .stdout(predicate::str::contains("2 new"));
    run(
        &db,
        &[
            "import",
            "projects",
            xlsx.to_str().unwrap(),
            "--sheet",
            "Budget",
        ],
    )
    .code(1)
    .stderr(predicate::str::contains(
        "no sheet called 'Budget' (it has Notes, Projects)",
    ));
    let projects = export(&db, "projects");
    assert!(projects.contains("T-1,Telephony upgrade,Architecture,Brackenford,in-delivery,amber-red,Supplier late,Ann,,2026-01-05,2026-12-01,2027-01-15,450000"));
    // Dates typed as real dates in a spreadsheet arrive as dates.
    let dated = dir.path().join("dated.xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let date_format = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    for (c, h) in ["project_code", "name", "baseline_date", "forecast_date"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "T-2").unwrap();
    sheet.write_string(1, 1, "Go-live").unwrap();
    let day = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 9, 30).unwrap();
    sheet
        .write_datetime_with_format(1, 2, &day, &date_format)
        .unwrap();
    sheet
        .write_datetime_with_format(1, 3, &day, &date_format)
        .unwrap();
    workbook.save(&dated).unwrap();
    run(&db, &["import", "milestones", dated.to_str().unwrap()]).success();
    assert!(export(&db, "milestones").contains("T-2,Go-live,2026-09-30,2026-09-30"));
    // American dates prove themselves month-first: the whole file is read that way, and
    // the import says which value proved it.
    let us = fixture("projects_us_dates.csv");
    run(&db, &["import", "projects", us.to_str().unwrap()])
        .success()
        .stderr(predicate::str::contains(
            "dates read month-first: line 2 has '01/31/2026' in start_date",
        ));
    assert!(
        export(&db, "projects")
            .contains("T-9,American dates,,,proposed,unrated,,,,2026-01-31,,2026-12-31")
    );
    // Naming the format reads it the same.
    run(
        &db,
        &[
            "import",
            "projects",
            us.to_str().unwrap(),
            "--date-format",
            "%m/%d/%Y",
        ],
    )
    .success();
    assert!(
        export(&db, "projects")
            .contains("T-9,American dates,,,proposed,unrated,,,,2026-01-31,,2026-12-31")
    );
    // Other column names, mapped.
    let mapped = dir.path().join("mapped.csv");
    std::fs::write(
        &mapped,
        "Project Ref,Title,Status\nT-7,Renamed columns,proposed\n",
    )
    .unwrap();
    run(
        &db,
        &[
            "import",
            "projects",
            mapped.to_str().unwrap(),
            "--map",
            "Project Ref=code",
            "--map",
            "Title=name",
            "--map",
            "Status=stage",
        ],
    )
    .success();
    assert!(export(&db, "projects").contains("T-7,Renamed columns"));
}

#[test]
fn an_export_that_cannot_be_written_leaves_no_file_and_a_good_one_is_replaced_whole() {
    let dir = tempfile::tempdir().unwrap();
    let demo = common::demo_db(dir.path());

    let nowhere = dir.path().join("no-such-folder").join("cases.csv");
    run(&demo, &["export", "cases", "-o", nowhere.to_str().unwrap()])
        .code(1)
        .stderr(predicate::str::contains(format!(
            "cannot write {}",
            nowhere.display()
        )));
    assert!(!nowhere.exists());

    let file = dir.path().join("cases.csv");
    std::fs::write(&file, "old contents\n").unwrap();
    run(&demo, &["export", "cases", "-o", file.to_str().unwrap()])
        .success()
        .stderr(predicate::str::contains("Exported"));
    let written = std::fs::read_to_string(&file).unwrap();
    assert_eq!(written, export(&demo, "cases"));
    assert!(written.starts_with("ref,kind,priority,state"));
    assert!(!dir.path().join("cases.csv.partial").exists());
}

#[test]
fn an_export_whose_reader_stops_early_ends_quietly() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let demo = common::demo_db(dir.path());
    // The demo's cases are far larger than a pipe's buffer, so the export is still writing
    // when the reader goes away (as with `workplan export cases | head -1`).
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_workplan"))
        .args(["export", "cases", "--db"])
        .arg(&demo)
        .env("WORKPLAN_CONFIG", "/nonexistent/workplan-test-config.toml")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("ref,kind,priority"), "{first}");
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}", out.status);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}
