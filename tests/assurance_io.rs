//! Import and export of the assurance registers (recommendations, certifications and their
//! assessments), through the binary as a user runs them: rows created and updated by their
//! keys, export → import unchanged in every format, refused values named by file, line, field
//! and value with the database left exactly as it was, and due-date revisions kept.

mod common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use predicates::prelude::*;
use workplan::domain::assurance::{
    AssessmentResult, Assurance, Certification, Frequency, Priority, Recommendation,
    RecommendationStatus,
};
use workplan::store::{OpenMode, Store};

const PROJECTS: &str = "code,name,stage\n\
    ICT-001,Office 365,in-delivery\n\
    ICT-002,PSN refresh,proposed\n";

const RECOMMENDATION_HEADER: &str = "code,audit,audit_date,assurance,recommendation,priority,owner,action,due_date,revised_due_date,status,implemented_date,evidence,project_code,auditor\n";

/// Three recommendations: one linked, one with a revised date and a comma in its text, and one
/// whose text a spreadsheet would run as a formula.
fn recommendations_csv() -> String {
    format!(
        "{RECOMMENDATION_HEADER}\
         AR-1,Cyber Crime,2026-03-10,limited,Patch servers within 14 days,high,Ann Lee,Monthly patch cycle,2026-06-30,,in-progress,,,ICT-001,Internal Audit\n\
         AR-2,Cyber Crime,2026-03-10,limited,\"Review admin accounts, quarterly\",medium,Bob Kay,Quarterly review,2026-09-30,2026-12-31,open,,,,Internal Audit\n\
         AR-3,SOCITM review,2025-11-01,reasonable,=Document the DR plan,low,,,2026-01-31,,implemented,2026-01-20,DR plan v2 on SharePoint,ICT-002,SOCITM\n"
    )
}

const CERTIFICATIONS: &str = "code,name,body,scope,certified_on,expires_on,frequency,owner,project_code,notes\n\
    PSN,PSN compliance,Cabinet Office,Corporate network,2026-01-15,2027-01-14,annual,Owen Pritchard,ICT-002,\n\
    PCI,PCI DSS,QSA Ltd,Card payments,2026-02-01,2027-01-31,quarterly,Rachel Tennant,,Scans by an ASV\n\
    CE,Cyber Essentials Plus,IASME,Whole organisation,,,,,,\n";

const ASSESSMENTS: &str = "certification_code,date,result,notes\n\
    PCI,2026-02-01,pass,\n\
    PCI,2026-05-01,pass-with-actions,Two medium findings\n\
    PSN,2026-01-15,pass,IT Health Check clean\n";

const REGISTERS: [&str; 3] = [
    "recommendations",
    "certifications",
    "certification-assessments",
];

fn run(db: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    common::bin()
        .args(args)
        .args(["--user", "Ann"])
        .arg("--db")
        .arg(db)
        .assert()
}

fn import(db: &Path, register: &str, file: &Path) -> assert_cmd::assert::Assert {
    run(db, &["import", register, file.to_str().unwrap()])
}

fn stdout(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn stderr(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(out.get_output().stderr.clone()).unwrap()
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn export(db: &Path, register: &str) -> String {
    stdout(&run(db, &["export", register]).success())
}

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// A work plan of two projects and the three assurance registers above, imported as a user
/// would.
fn assurance_db(dir: &Path) -> PathBuf {
    let db = dir.join("w.db");
    let files = [
        ("projects", "projects.csv", PROJECTS.to_string()),
        (
            "recommendations",
            "recommendations.csv",
            recommendations_csv(),
        ),
        (
            "certifications",
            "certifications.csv",
            CERTIFICATIONS.into(),
        ),
        (
            "certification-assessments",
            "assessments.csv",
            ASSESSMENTS.into(),
        ),
    ];
    for (register, name, text) in files {
        import(&db, register, &write(dir, name, text)).success();
    }
    db
}

fn store(db: &Path) -> Store {
    Store::open(db, OpenMode::MustExist).unwrap()
}

fn recommendation(db: &Path, code: &str) -> Recommendation {
    store(db)
        .recommendations()
        .unwrap()
        .into_iter()
        .find(|r| r.code == code)
        .unwrap_or_else(|| panic!("no recommendation {code}"))
}

fn certification(db: &Path, code: &str) -> Certification {
    store(db)
        .certifications()
        .unwrap()
        .into_iter()
        .map(|row| row.certification)
        .find(|c| c.code == code)
        .unwrap_or_else(|| panic!("no certification {code}"))
}

#[test]
fn a_csv_import_creates_every_row_and_the_same_file_again_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    import(&db, "projects", &write(dir.path(), "p.csv", PROJECTS)).success();
    let files = [
        (
            "recommendations",
            write(dir.path(), "r.csv", recommendations_csv()),
        ),
        ("certifications", write(dir.path(), "c.csv", CERTIFICATIONS)),
        (
            "certification-assessments",
            write(dir.path(), "a.csv", ASSESSMENTS),
        ),
    ];
    for (register, file) in &files {
        import(&db, register, file)
            .success()
            .stdout(predicate::str::contains("3 new, 0 updated, 0 unchanged"));
    }

    let ar1 = recommendation(&db, "AR-1");
    assert_eq!(ar1.audit, "Cyber Crime");
    assert_eq!(ar1.audit_date, Some(d("2026-03-10")));
    assert_eq!(ar1.assurance, Some(Assurance::Limited));
    assert_eq!(ar1.priority, Some(Priority::High));
    assert_eq!(ar1.status, Some(RecommendationStatus::InProgress));
    assert_eq!(ar1.due_date, Some(d("2026-06-30")));
    assert_eq!(ar1.revised_due_date, None);
    assert_eq!(ar1.project_code.as_deref(), Some("ICT-001"));
    assert_eq!(ar1.auditor, "Internal Audit");
    let ar2 = recommendation(&db, "AR-2");
    assert_eq!(ar2.recommendation, "Review admin accounts, quarterly");
    assert_eq!(ar2.project_code, None);
    let ar3 = recommendation(&db, "AR-3");
    assert_eq!(ar3.recommendation, "=Document the DR plan");
    assert_eq!(ar3.status, Some(RecommendationStatus::Implemented));
    assert_eq!(ar3.implemented_date, Some(d("2026-01-20")));

    let pci = certification(&db, "PCI");
    assert_eq!(pci.frequency, Some(Frequency::Quarterly));
    assert_eq!(pci.expires_on, Some(d("2027-01-31")));
    assert_eq!(pci.notes, "Scans by an ASV");
    let ce = certification(&db, "CE");
    assert_eq!((ce.frequency, ce.certified_on), (None, None));
    let assessments = store(&db).certification_assessments(pci.id).unwrap();
    let got: Vec<(NaiveDate, AssessmentResult, &str)> = assessments
        .iter()
        .map(|a| (a.date, a.result, a.notes.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                d("2026-05-01"),
                AssessmentResult::PassWithActions,
                "Two medium findings"
            ),
            (d("2026-02-01"), AssessmentResult::Pass, ""),
        ]
    );

    // Creations are audited, one entry a row.
    let audit = export(&db, "audit");
    assert_eq!(
        audit
            .lines()
            .filter(|l| l.contains(",recommendation,") && l.contains(",import,,created "))
            .count(),
        3,
        "{audit}"
    );

    // The same files again: every row unchanged, nothing written, nothing audited.
    let before = common::db_content(&db);
    for (register, file) in &files {
        import(&db, register, file)
            .success()
            .stdout(predicate::str::contains("0 new, 0 updated, 3 unchanged"));
    }
    assert_eq!(common::db_content(&db), before);
}

#[test]
fn export_then_import_is_unchanged_in_csv_and_xlsx_and_json_carries_the_same_values() {
    for format in ["csv", "xlsx"] {
        let dir = tempfile::tempdir().unwrap();
        let db = assurance_db(dir.path());
        let copy = dir.path().join("copy.db");
        let projects = dir.path().join("projects-export.csv");
        run(
            &db,
            &["export", "projects", "-o", projects.to_str().unwrap()],
        )
        .success();
        import(&copy, "projects", &projects).success();
        for register in REGISTERS {
            let file = dir.path().join(format!("{register}.{format}"));
            run(
                &db,
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
            // Back into the work plan it came from: every row unchanged.
            let before = common::db_content(&db);
            import(&db, register, &file)
                .success()
                .stdout(predicate::str::contains("0 new, 0 updated, 3 unchanged"));
            assert_eq!(common::db_content(&db), before, "{register} via {format}");
            // Into another work plan: the same register.
            import(&copy, register, &file)
                .success()
                .stdout(predicate::str::contains("3 new, 0 updated, 0 unchanged"));
        }
        for register in REGISTERS {
            assert_eq!(
                export(&db, register),
                export(&copy, register),
                "{register} via {format}"
            );
        }
    }

    // JSON (an export only: import reads CSV and spreadsheets) holds the CSV's values, in the
    // CSV's column order, without the mark a CSV puts before formula-like text.
    let dir = tempfile::tempdir().unwrap();
    let db = assurance_db(dir.path());
    for register in REGISTERS {
        let csv_text = export(&db, register);
        let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
        let columns: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_string)
            .collect();
        let from_csv: Vec<Vec<String>> = reader
            .records()
            .map(|r| {
                r.unwrap()
                    .iter()
                    .map(|cell| {
                        workplan::io::cell_safety::strip_spreadsheet_guard(cell).to_string()
                    })
                    .collect()
            })
            .collect();
        let out = run(&db, &["export", register, "--format", "json"]).success();
        let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
        let from_json: Vec<Vec<String>> = json
            .as_array()
            .unwrap()
            .iter()
            .map(|row| {
                let object = row.as_object().unwrap();
                let keys: Vec<&String> = object.keys().collect();
                assert_eq!(keys, columns.iter().collect::<Vec<_>>(), "{register}");
                object
                    .values()
                    .map(|v| v.as_str().unwrap().to_string())
                    .collect()
            })
            .collect();
        assert_eq!(from_json.len(), 3, "{register}");
        assert_eq!(from_json, from_csv, "{register}");
    }
}

#[test]
fn exports_write_words_and_iso_dates_and_mark_formula_like_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = assurance_db(dir.path());
    let recommendations = export(&db, "recommendations");
    assert!(
        recommendations.starts_with(RECOMMENDATION_HEADER),
        "{recommendations}"
    );
    assert!(
        recommendations.contains(
            "AR-1,Cyber Crime,2026-03-10,limited,Patch servers within 14 days,high,Ann Lee,Monthly patch cycle,2026-06-30,,in-progress,,,ICT-001,Internal Audit\n"
        ),
        "{recommendations}"
    );
    assert!(
        recommendations.contains(",reasonable,'=Document the DR plan,low,"),
        "{recommendations}"
    );
    let certifications = export(&db, "certifications");
    assert!(
        certifications.contains(
            "PCI,PCI DSS,QSA Ltd,Card payments,2026-02-01,2027-01-31,quarterly,Rachel Tennant,,Scans by an ASV\n"
        ),
        "{certifications}"
    );
    assert_eq!(
        export(&db, "certification-assessments"),
        "certification_code,date,result,notes\n\
         PCI,2026-02-01,pass,\n\
         PCI,2026-05-01,pass-with-actions,Two medium findings\n\
         PSN,2026-01-15,pass,IT Health Check clean\n"
    );
}

#[test]
fn an_update_by_code_changes_only_the_files_columns_and_audits_each_change() {
    let dir = tempfile::tempdir().unwrap();
    let db = assurance_db(dir.path());
    let before_ar2 = recommendation(&db, "AR-2");
    let file = write(
        dir.path(),
        "done.csv",
        "code,status,implemented_date\nAR-1,implemented,20/11/2026\n",
    );
    import(&db, "recommendations", &file)
        .success()
        .stdout(predicate::str::contains("0 new, 1 updated, 0 unchanged"));
    let ar1 = recommendation(&db, "AR-1");
    assert_eq!(ar1.status, Some(RecommendationStatus::Implemented));
    assert_eq!(ar1.implemented_date, Some(d("2026-11-20")));
    // What the file did not give stands.
    assert_eq!(ar1.audit, "Cyber Crime");
    assert_eq!(ar1.recommendation, "Patch servers within 14 days");
    assert_eq!(ar1.priority, Some(Priority::High));
    assert_eq!(ar1.owner, "Ann Lee");
    assert_eq!(ar1.due_date, Some(d("2026-06-30")));
    assert_eq!(ar1.project_code.as_deref(), Some("ICT-001"));
    assert_eq!(ar1.auditor, "Internal Audit");
    assert_eq!(recommendation(&db, "AR-2"), before_ar2);
    // One audit row per changed field, with the old and new values and the file.
    let audit = export(&db, "audit");
    let reason = format!("imported from {}", file.display());
    let rows: Vec<&str> = audit.lines().filter(|l| l.contains(&reason)).collect();
    assert_eq!(rows.len(), 2, "{audit}");
    let status = format!(
        ",recommendation,{},ICT-001,status,in-progress,implemented,",
        ar1.id
    );
    assert!(rows.iter().any(|l| l.contains(&status)), "{rows:?}");
    assert!(
        rows.iter()
            .any(|l| l.contains(",ICT-001,implemented_date,,2026-11-20,")),
        "{rows:?}"
    );

    // A blank priority or status keeps the stored word; a blank optional cell empties it.
    let file = write(
        dir.path(),
        "blank.csv",
        "code,priority,status,owner\nAR-1,,,\n",
    );
    import(&db, "recommendations", &file)
        .success()
        .stdout(predicate::str::contains("0 new, 1 updated, 0 unchanged"));
    let ar1 = recommendation(&db, "AR-1");
    assert_eq!(ar1.priority, Some(Priority::High));
    assert_eq!(ar1.status, Some(RecommendationStatus::Implemented));
    assert_eq!(ar1.owner, "");

    // Certifications update by code the same way.
    let before_psn = certification(&db, "PSN");
    let file = write(
        dir.path(),
        "pci.csv",
        "code,notes\nPCI,New ASV from April\n",
    );
    import(&db, "certifications", &file)
        .success()
        .stdout(predicate::str::contains("0 new, 1 updated, 0 unchanged"));
    let pci = certification(&db, "PCI");
    assert_eq!(pci.notes, "New ASV from April");
    assert_eq!(pci.name, "PCI DSS");
    assert_eq!(pci.frequency, Some(Frequency::Quarterly));
    assert_eq!(certification(&db, "PSN"), before_psn);
}

#[test]
fn an_assessment_on_a_known_date_is_corrected_and_a_new_date_is_added() {
    let dir = tempfile::tempdir().unwrap();
    let db = assurance_db(dir.path());
    let file = write(
        dir.path(),
        "more.csv",
        "certification_code,date,result,notes\n\
         pci,2026-05-01,fail,Rescan failed\n\
         PCI,2026-08-01,pass,\n\
         PSN,2026-01-15,pass,IT Health Check clean\n",
    );
    import(&db, "certification-assessments", &file)
        .success()
        .stdout(predicate::str::contains("1 new, 1 updated, 1 unchanged"));
    let pci = certification(&db, "PCI");
    let got: Vec<(NaiveDate, AssessmentResult, String)> = store(&db)
        .certification_assessments(pci.id)
        .unwrap()
        .into_iter()
        .map(|a| (a.date, a.result, a.notes))
        .collect();
    assert_eq!(
        got,
        [
            (d("2026-08-01"), AssessmentResult::Pass, String::new()),
            (
                d("2026-05-01"),
                AssessmentResult::Fail,
                "Rescan failed".to_string()
            ),
            (d("2026-02-01"), AssessmentResult::Pass, String::new()),
        ]
    );
    let audit = export(&db, "audit");
    assert!(
        audit.contains(",assessment,Pass with actions on 2026-05-01,Fail on 2026-05-01,"),
        "{audit}"
    );
}

/// Imports `text` as `register` and expects it refused: exit 1, each expected problem named
/// with the file and line, and the database exactly as it was.
fn refused(db: &Path, dir: &Path, register: &str, text: &str, expected: &[(u32, &str)]) {
    let before = common::db_content(db);
    let file = write(dir, &format!("refused-{register}.csv"), text);
    let out = import(db, register, &file).code(1);
    let err = stderr(&out);
    for (line, message) in expected {
        let want = format!("{}:{line}: {message}", file.display());
        assert!(err.contains(&want), "missing {want:?} in\n{err}");
    }
    assert!(err.contains("nothing was changed"), "{err}");
    assert_eq!(
        common::db_content(db),
        before,
        "{register}: the database changed"
    );
}

#[test]
fn unknown_words_dates_and_codes_are_refused_by_name_and_import_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = assurance_db(dir.path());
    refused(
        &db,
        dir.path(),
        "recommendations",
        &format!(
            "{RECOMMENDATION_HEADER}\
             AR-10,Cyber,,adequate,Text,,,,,,,,,,\n\
             AR-11,Cyber,,,Text,urgent,,,,,,,,,\n\
             AR-12,Cyber,,,Text,,,,,,done,,,,\n\
             AR-13,Cyber,,,Text,,,,31/02/2026,,,,,,\n\
             AR-14,Cyber,,,Good row,high,,,2026-12-01,,,,,,\n"
        ),
        &[
            (
                2,
                "assurance: 'adequate' is not an assurance level (full, substantial, reasonable, limited, none)",
            ),
            (
                3,
                "priority: 'urgent' is not a priority (high, medium, low)",
            ),
            (
                4,
                "status: 'done' is not a recommendation status (open, in-progress, implemented, verified, not-accepted, superseded)",
            ),
            (5, "due_date: '31/02/2026' is not a date"),
        ],
    );
    // Codes the work plan does not have are found when the rows are applied.
    refused(
        &db,
        dir.path(),
        "recommendations",
        "code,audit,recommendation,project_code\n\
         AR-20,Cyber,Good row,ICT-001\n\
         AR-21,Cyber,Bad link,NOPE\n",
        &[(3, "project_code: no project with code 'NOPE'")],
    );
    refused(
        &db,
        dir.path(),
        "recommendations",
        "code,priority\nAR-30,high\n",
        &[
            (
                2,
                "audit: is needed to create recommendation 'AR-30', which is not in the work plan",
            ),
            (
                2,
                "recommendation: is needed to create recommendation 'AR-30', which is not in the work plan",
            ),
        ],
    );
    refused(
        &db,
        dir.path(),
        "certifications",
        "code,name,frequency,project_code\n\
         ISO,ISO 27001,biannual,\n",
        &[(
            2,
            "frequency: 'biannual' is not an assessment frequency (annual, six-monthly, quarterly, monthly)",
        )],
    );
    refused(
        &db,
        dir.path(),
        "certifications",
        "code,name,project_code\nISO,ISO 27001,ICT-404\n",
        &[(2, "project_code: no project with code 'ICT-404'")],
    );
    refused(
        &db,
        dir.path(),
        "certification-assessments",
        "certification_code,date,result,notes\n\
         PCI,2026-08-01,passed,\n\
         PCI,,pass,\n",
        &[
            (
                2,
                "result: 'passed' is not an assessment result (pass, pass-with-actions, fail)",
            ),
            (3, "date: is required but empty"),
        ],
    );
    refused(
        &db,
        dir.path(),
        "certification-assessments",
        "certification_code,date,result,notes\n\
         PCI,2026-08-01,pass,\n\
         NOPE,2026-08-01,pass,\n",
        &[(3, "certification_code: no certification with code 'NOPE'")],
    );
}

/// Dates are read as every register reads them: one order for the whole file, day-first (the
/// UK rule) unless a value proves month-first; a file proving both is refused.
#[test]
fn dates_follow_the_files_one_order_and_a_file_of_both_orders_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = assurance_db(dir.path());
    // `03/04/2026` proves no order: day-first, 3 April.
    let file = write(
        dir.path(),
        "uk.csv",
        "code,audit,recommendation,due_date\nAR-40,Cyber,Text,03/04/2026\n",
    );
    import(&db, "recommendations", &file).success();
    assert_eq!(recommendation(&db, "AR-40").due_date, Some(d("2026-04-03")));
    // The same cell in a file another value proves month-first: 4 March, and said so.
    let file = write(
        dir.path(),
        "us.csv",
        "code,audit,recommendation,due_date,revised_due_date\nAR-41,Cyber,Text,03/04/2026,08/25/2026\n",
    );
    import(&db, "recommendations", &file)
        .success()
        .stderr(predicate::str::contains(
            "dates read month-first: line 2 has '08/25/2026' in revised_due_date",
        ));
    let ar41 = recommendation(&db, "AR-41");
    assert_eq!(ar41.due_date, Some(d("2026-03-04")));
    assert_eq!(ar41.revised_due_date, Some(d("2026-08-25")));
    // Both orders in one file: refused whole, naming both lines.
    refused(
        &db,
        dir.path(),
        "recommendations",
        "code,audit,recommendation,due_date\n\
         AR-42,Cyber,Text,25/08/2026\n\
         AR-43,Cyber,Text,8/25/2026\n",
        &[(
            3,
            "due_date: '8/25/2026' is month-first but line 2 has '25/08/2026' (due_date), which is day-first",
        )],
    );
}

#[test]
fn skip_invalid_keeps_the_good_rows_and_lists_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let db = assurance_db(dir.path());
    let file = write(
        dir.path(),
        "mixed.csv",
        "code,audit,recommendation,priority,project_code\n\
         AR-50,Cyber,Bad priority,urgent,\n\
         AR-51,Cyber,Bad project,high,NOPE\n\
         AR-52,Cyber,Good row,high,ICT-002\n",
    );
    run(
        &db,
        &[
            "import",
            "recommendations",
            file.to_str().unwrap(),
            "--skip-invalid",
        ],
    )
    .success()
    .stdout(predicate::str::contains("1 new, 0 updated, 0 unchanged"))
    .stderr(predicate::str::contains(format!(
        "{}:2: priority: 'urgent' is not a priority",
        file.display()
    )))
    .stderr(predicate::str::contains(format!(
        "{}:3: project_code: no project with code 'NOPE'",
        file.display()
    )))
    .stderr(predicate::str::contains("2 rows skipped"));
    let codes: Vec<String> = store(&db)
        .recommendations()
        .unwrap()
        .into_iter()
        .map(|r| r.code)
        .filter(|c| c.starts_with("AR-5"))
        .collect();
    assert_eq!(codes, ["AR-52"]);
    assert_eq!(
        recommendation(&db, "AR-52").project_code.as_deref(),
        Some("ICT-002")
    );
}

#[test]
fn a_windows_1252_file_with_semicolons_reads_its_pound_signs_and_accents() {
    let dir = tempfile::tempdir().unwrap();
    let db = assurance_db(dir.path());
    let file = write(
        dir.path(),
        "excel.csv",
        b"code;audit;recommendation;priority\r\nAR-60;Caf\xe9 contracts;Recover the \xa3500 overpaid;high\r\n",
    );
    import(&db, "recommendations", &file)
        .success()
        .stderr(predicate::str::contains("read as Windows-1252 text"))
        .stdout(predicate::str::contains("1 new"));
    let ar60 = recommendation(&db, "AR-60");
    assert_eq!(ar60.audit, "Café contracts");
    assert_eq!(ar60.recommendation, "Recover the £500 overpaid");
    assert_eq!(ar60.priority, Some(Priority::High));
}

#[test]
fn a_due_date_an_import_moves_is_kept_as_a_revision() {
    let dir = tempfile::tempdir().unwrap();
    let db = assurance_db(dir.path());
    let ar2 = recommendation(&db, "AR-2");
    assert!(store(&db).due_revisions(ar2.id).unwrap().is_empty());
    let file = write(
        dir.path(),
        "revised.csv",
        "code,revised_due_date\nAR-2,31/03/2027\n",
    );
    import(&db, "recommendations", &file)
        .success()
        .stdout(predicate::str::contains("0 new, 1 updated, 0 unchanged"));
    let revisions = store(&db).due_revisions(ar2.id).unwrap();
    assert_eq!(revisions.len(), 1, "{revisions:?}");
    assert_eq!(revisions[0].old_date, Some(d("2026-12-31")));
    assert_eq!(revisions[0].new_date, Some(d("2027-03-31")));
    assert_eq!(
        revisions[0].reason,
        format!("imported from {}", file.display())
    );
    assert_eq!(revisions[0].changed_by, "Ann");
    let ar2 = recommendation(&db, "AR-2");
    assert_eq!(ar2.revised_due_date, Some(d("2027-03-31")));
    assert_eq!(ar2.due_date, Some(d("2026-09-30")), "not in the file");
    // The same file again moves nothing, so adds no revision.
    import(&db, "recommendations", &file)
        .success()
        .stdout(predicate::str::contains("0 new, 0 updated, 1 unchanged"));
    assert_eq!(store(&db).due_revisions(ar2.id).unwrap().len(), 1);
    // Other changes to a recommendation keep no revision.
    let ar1 = recommendation(&db, "AR-1");
    let file = write(dir.path(), "owner.csv", "code,owner\nAR-1,Cat Ng\n");
    import(&db, "recommendations", &file).success();
    assert!(store(&db).due_revisions(ar1.id).unwrap().is_empty());
}

/// A spreadsheet's own headings ("Due date", "Revised-due-date") are the register's columns,
/// so an Excel export's dates are not dropped as unknown columns; a repeated column is still
/// refused by name, and month-first dates are said.
#[test]
fn spreadsheet_headings_with_spaces_are_the_registers_columns() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let file = write(
        dir.path(),
        "excel.csv",
        b"Code;Audit;Audit date;Recommendation;Priority;Due date;Revised-due-date;Notes\r\n\
          AR-1;Cyber Crime;03/10/2026;Patch \xa3 servers;High;12/31/2026;;kept out\r\n",
    );
    let out = import(&db, "recommendations", &file).success();
    let err = stderr(&out);
    assert!(err.contains("ignored 1 column: Notes"), "{err}");
    assert!(err.contains("dates read month-first"), "{err}");
    let r = recommendation(&db, "AR-1");
    assert_eq!(r.audit_date, Some(d("2026-03-10")));
    assert_eq!(r.due_date, Some(d("2026-12-31")));
    assert_eq!(r.recommendation, "Patch £ servers");
}
