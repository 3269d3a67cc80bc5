//! The command line: `status` in every format, imports, the demo, and bad database files.

mod common;

use predicates::prelude::*;
use rusqlite::Connection;

#[test]
fn status_lists_the_portfolio_worst_first_in_three_formats() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path());
    let table = common::bin()
        .args(["status", "--db"])
        .arg(&db)
        .assert()
        .success();
    let out = String::from_utf8(table.get_output().stdout.clone()).unwrap();
    let first = out.lines().nth(1).unwrap();
    assert!(first.starts_with("R      ICT-006"), "{first}");
    assert!(
        out.lines().count() == 30,
        "header and 29 open projects:\n{out}"
    );

    let json = common::bin()
        .args(["status", "--format", "json", "--db"])
        .arg(&db)
        .assert()
        .success();
    let rows: serde_json::Value = serde_json::from_slice(&json.get_output().stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 29);
    let red = &rows[0];
    assert_eq!(red["code"], "ICT-006");
    assert_eq!(red["rag"], "red");
    for key in [
        "name",
        "stage",
        "rag_reason",
        "manager",
        "forecast_end",
        "next_milestone",
        "next_milestone_date",
        "slippage_days",
        "overdue_milestones",
        "high_risks",
        "open_cases",
        "stale",
    ] {
        assert!(red.get(key).is_some(), "missing {key}");
    }
    assert_eq!(red["overdue_milestones"], 2);

    let csv = common::bin()
        .args(["status", "--format", "csv", "--all", "--db"])
        .arg(&db)
        .assert()
        .success();
    let text = String::from_utf8(csv.get_output().stdout.clone()).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "code");
    assert!(headers.iter().any(|h| h == "next_milestone_date"));
    assert_eq!(
        reader.records().count(),
        36,
        "--all includes finished projects"
    );
}

#[test]
fn status_on_an_empty_database_still_prints_a_csv_header() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.db");
    workplan::store::Store::open(&db, workplan::store::OpenMode::CreateIfMissing).unwrap();
    common::bin()
        .args(["status", "--format", "csv", "--db"])
        .arg(&db)
        .assert()
        .success()
        .stdout(predicate::str::starts_with("code,name,"));
}

fn fails_with(db: &std::path::Path, needle: &str) {
    common::bin()
        .args(["status", "--db"])
        .arg(db)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(needle))
        .stderr(predicate::str::contains(db.display().to_string()))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn bad_database_files_get_one_clear_sentence() {
    let dir = tempfile::tempdir().unwrap();
    fails_with(&dir.path().join("missing.db"), "no database at");
    assert!(!dir.path().join("missing.db").exists());

    let text = dir.path().join("notes.db");
    std::fs::write(&text, "this is a spreadsheet, honest\n".repeat(10)).unwrap();
    fails_with(
        &text,
        "is not a workplan database: it is not an SQLite file",
    );

    let good = common::demo_db(dir.path());
    let conn = Connection::open(&good).unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    drop(conn);
    let bytes = std::fs::read(&good).unwrap();
    let cut = dir.path().join("cut.db");
    std::fs::write(&cut, &bytes[..bytes.len() / 3]).unwrap();
    fails_with(&cut, "is damaged");

    let mut garbled = bytes.clone();
    for b in garbled.iter_mut().skip(4096).take(8192) {
        *b = 0xAA;
    }
    let bad = dir.path().join("garbled.db");
    std::fs::write(&bad, &garbled).unwrap();
    fails_with(&bad, "damaged");

    let newer = dir.path().join("newer.db");
    std::fs::write(&newer, &bytes).unwrap();
    let conn = Connection::open(&newer).unwrap();
    conn.pragma_update(None, "user_version", 42).unwrap();
    drop(conn);
    fails_with(&newer, "newer version of workplan");

    let folder = dir.path().join("folder.db");
    std::fs::create_dir(&folder).unwrap();
    fails_with(&folder, "it is a folder");
}

#[test]
fn an_unwritable_location_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("p.csv");
    std::fs::write(&csv, "code,name,stage\nP-1,One,proposed\n").unwrap();
    common::bin()
        .args(["import", "projects"])
        .arg(&csv)
        .arg("--db")
        .arg(dir.path().join("no/such/folder/w.db"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot create a database at"))
        .stderr(predicate::str::contains("folder does not exist"));
}

#[test]
fn import_reports_every_problem_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        "code,name,stage,rag,rag_reason\nP-1,One,in-delivery,A,Late supplier\n",
    )
    .unwrap();
    common::bin()
        .args(["import", "projects"])
        .arg(&good)
        .arg("--db")
        .arg(&db)
        .assert()
        .success()
        .stdout(predicate::str::contains("1 new, 0 updated"));

    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "code,name,stage,rag,start_date,budget_capital\n\
         P-2,Two,live,G,2026-01-01,1.3m\n\
         P-3,Three,live,Purple,31/13/2026,lots\n",
    )
    .unwrap();
    let name = bad.display().to_string();
    common::bin()
        .args(["import", "projects"])
        .arg(&bad)
        .arg("--db")
        .arg(&db)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{name}:3: rag: 'Purple' is not a RAG status"
        )))
        .stderr(predicate::str::contains(format!(
            "{name}:3: start_date: '31/13/2026' is not a date"
        )))
        .stderr(predicate::str::contains(format!(
            "{name}:3: budget_capital: 'lots' is not an amount"
        )))
        .stderr(predicate::str::contains(
            "3 problems found; nothing was changed",
        ));
    let out = common::bin()
        .args(["status", "--format", "csv", "--db"])
        .arg(&db)
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("P-1") && !text.contains("P-2"), "{text}");

    common::bin()
        .args(["import", "projects"])
        .arg(dir.path().join("absent.csv"))
        .arg("--db")
        .arg(&db)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot read"));
}

#[test]
fn demo_builds_a_separate_database_and_never_touches_the_users() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    common::bin()
        .env("WORKPLAN_DATA_DIR", &data)
        .env("WORKPLAN_DB", dir.path().join("mine.db"))
        .args(["demo", "--no-open"])
        .assert()
        .success()
        .stdout(predicate::str::contains("36 projects"));
    assert!(data.join("demo.db").exists());
    assert!(
        !dir.path().join("mine.db").exists(),
        "WORKPLAN_DB is the user's own file"
    );
}

#[test]
fn a_bad_config_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[keys]\nqiut = \"x\"\n").unwrap();
    let db = common::demo_db(dir.path());
    common::bin()
        .env("WORKPLAN_CONFIG", &config)
        .arg("--db")
        .arg(&db)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(config.display().to_string()))
        .stderr(predicate::str::contains("qiut"));
}

#[test]
fn status_lists_projects_whose_rag_is_rosier_than_their_schedule() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path());
    let out = common::bin()
        .args(["status", "--rosier", "--format", "json", "--db"])
        .arg(&db)
        .assert()
        .success();
    let rows: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let pairs: Vec<(String, String, String)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["code"].as_str().unwrap().to_string(),
                r["rag"].as_str().unwrap().to_string(),
                r["suggested_rag"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        pairs.contains(&("ICT-017".into(), "amber-green".into(), "amber".into())),
        "{pairs:?}"
    );
    assert!(
        pairs.contains(&("ICT-007".into(), "amber-red".into(), "red".into())),
        "{pairs:?}"
    );
    assert!(pairs.iter().all(|(_, _, s)| !s.is_empty()));
    let table = common::bin()
        .args(["status", "--db"])
        .arg(&db)
        .assert()
        .success();
    let text = String::from_utf8(table.get_output().stdout.clone()).unwrap();
    let line = text.lines().find(|l| l.contains("ICT-017")).unwrap();
    assert!(line.starts_with("AG→A?"), "{line}");
}

#[test]
fn backup_copies_a_database_in_use_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path());
    // A colleague is in the middle of a write while the backup runs.
    let colleague = Connection::open(&db).unwrap();
    colleague
        .execute_batch("BEGIN; UPDATE projects SET name = 'half-written' WHERE code = 'ICT-001';")
        .unwrap();
    let copy = dir.path().join("copy.db");
    common::bin()
        .args(["backup"])
        .arg(&copy)
        .arg("--db")
        .arg(&db)
        .assert()
        .success()
        .stdout(predicate::str::contains("Backed up"));
    colleague.execute_batch("ROLLBACK").unwrap();
    let out = common::bin()
        .args(["status", "--all", "--format", "csv", "--db"])
        .arg(&copy)
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(text.lines().count(), 37, "header and 36 projects");
    assert!(
        !text.contains("half-written"),
        "an uncommitted change is not in the copy"
    );
    common::bin()
        .args(["check", "--db"])
        .arg(&copy)
        .assert()
        .success()
        .stdout(predicate::str::contains("no problems found"));
    common::bin()
        .args(["backup"])
        .arg(&copy)
        .arg("--db")
        .arg(&db)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists"));
}

#[test]
fn check_reports_broken_links_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path());
    common::bin()
        .args(["check", "--db"])
        .arg(&db)
        .assert()
        .success()
        .stdout(predicate::str::contains("36 projects"));
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         INSERT INTO milestones (project_id, name, updated_at) VALUES (99999, 'Orphan', '2026-01-01T00:00:00');",
    )
    .unwrap();
    drop(conn);
    common::bin()
        .args(["check", "--db"])
        .arg(&db)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("foreign key: milestones row"))
        .stderr(predicate::str::contains("1 problem found"));
    fails_with(&dir.path().join("nope.db"), "no database at");
}

fn stdout_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).unwrap()
}

#[test]
fn completions_print_a_script_for_the_shell_asked() {
    let bash = common::bin()
        .args(["completions", "bash"])
        .assert()
        .success();
    let script = stdout_of(&bash);
    assert!(script.contains("complete -F _workplan"), "{script}");
    assert!(
        script.contains("import"),
        "the subcommands are completed:\n{script}"
    );

    let fish = common::bin()
        .args(["completions", "fish"])
        .assert()
        .success();
    let script = stdout_of(&fish);
    assert!(script.contains("complete -c workplan"), "{script}");
    assert!(script.contains("import"), "{script}");

    for shell in ["zsh", "powershell"] {
        let out = common::bin()
            .args(["completions", shell])
            .assert()
            .success();
        let script = stdout_of(&out);
        assert!(
            script.contains("workplan") && script.contains("import"),
            "{shell}: {script}"
        );
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error_naming_the_shells() {
    common::bin()
        .args(["completions", "nushell"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("nushell"))
        .stderr(predicate::str::contains("possible values"))
        .stderr(predicate::str::contains("bash"))
        .stderr(predicate::str::contains("zsh"))
        .stderr(predicate::str::contains("fish"))
        .stderr(predicate::str::contains("powershell"));
}

#[test]
fn man_prints_a_roff_manual_page() {
    let man = common::bin().arg("man").assert().success();
    let page = stdout_of(&man);
    assert!(
        page.lines().any(|l| l.starts_with(".TH workplan")),
        "a title line:\n{page}"
    );
    assert!(page.contains(".SH NAME"), "{page}");
    assert!(
        page.contains("import") && page.contains("completions"),
        "{page}"
    );
}

#[test]
fn exit_codes_are_those_the_readme_lists() {
    common::bin()
        .arg("--version")
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("workplan "));
    // A mistyped command or option is a usage error: 2, as for any clap program.
    common::bin().arg("stauts").assert().code(2);
    common::bin()
        .args(["status", "--no-such-option"])
        .assert()
        .code(2);
    // A command that fails: 1, with one sentence.
    let dir = tempfile::tempdir().unwrap();
    common::bin()
        .args(["status", "--db"])
        .arg(dir.path().join("missing.db"))
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with("workplan: "));
}

#[test]
fn without_a_terminal_long_commands_print_no_progress_bar() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let csv = dir.path().join("projects.csv");
    let mut text = String::from("code,name,stage\n");
    for n in 1..=2000 {
        text.push_str(&format!("P-{n},Project {n},proposed\n"));
    }
    std::fs::write(&csv, text).unwrap();
    // assert_cmd gives the command pipes, not a terminal, as a script would.
    let import = common::bin()
        .args(["import", "projects"])
        .arg(&csv)
        .arg("--db")
        .arg(&db)
        .assert()
        .success()
        .stdout(predicate::str::contains("Imported 2000 from"));
    let export = common::bin()
        .args(["export", "projects", "-o"])
        .arg(dir.path().join("out.csv"))
        .arg("--db")
        .arg(&db)
        .assert()
        .success()
        .stderr(predicate::str::contains("Exported 2000 rows"));
    for (what, out) in [("import", import), ("export", export)] {
        let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        assert!(
            !stderr.contains('\x1b') && !stderr.contains('\r') && !stderr.contains('%'),
            "{what} drew progress without a terminal: {stderr:?}"
        );
    }
}
