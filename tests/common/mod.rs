//! Shared helpers for the integration tests: a demo database as of a fixed date.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub mod docx;
pub mod screen;

use chrono::{NaiveDate, NaiveDateTime};

pub const TODAY: &str = "2026-11-22";

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

pub fn now() -> NaiveDateTime {
    today().and_hms_opt(9, 0, 0).unwrap()
}

/// Build the demo work plan in `dir` as of the fixed date and return its path.
pub fn demo_db(dir: &Path) -> PathBuf {
    let path = dir.join("demo.db");
    workplan::commands::demo::build_demo(&path, now(), "Test User").unwrap();
    path
}

pub fn bin() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("workplan").unwrap();
    cmd.env_remove("WORKPLAN_DB")
        .env_remove("WORKPLAN_USER")
        .env("WORKPLAN_CONFIG", "/nonexistent/workplan-test-config.toml")
        // The same moment every run: SLA clocks count to 09:00 on the fixed day.
        .env("WORKPLAN_TODAY", format!("{TODAY}T09:00:00"));
    cmd
}

/// A work plan of the projects in `csv` (CSV text), imported as a user would.
pub fn projects_db(dir: &Path, csv: &str) -> PathBuf {
    use workplan::commands::import::{Register, import_file};
    let path = dir.join("projects.db");
    let file = dir.join("projects.csv");
    std::fs::write(&file, csv).unwrap();
    let mut store =
        workplan::store::Store::open(&path, workplan::store::OpenMode::CreateIfMissing).unwrap();
    import_file(&mut store, Register::Projects, &file, "Test User", now()).unwrap();
    path
}

/// A work plan of timeline edge cases: bars before and after the window, a zero-length
/// project, milestones without dates and a project with 40 milestones.
pub fn timeline_db(dir: &Path) -> PathBuf {
    use workplan::commands::import::{Register, import_file};
    let path = dir.join("timeline.db");
    let mut store =
        workplan::store::Store::open(&path, workplan::store::OpenMode::CreateIfMissing).unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/timeline");
    import_file(
        &mut store,
        Register::Projects,
        &fixtures.join("projects.csv"),
        "Test User",
        now(),
    )
    .unwrap();
    import_file(
        &mut store,
        Register::Milestones,
        &fixtures.join("milestones.csv"),
        "Test User",
        now(),
    )
    .unwrap();
    path
}

/// Every row of every table, in order: what "the content did not change" means.
pub fn db_content(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = String::new();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                (0..n)
                    .map(|i| {
                        r.get::<_, rusqlite::types::Value>(i)
                            .map(|v| format!("{v:?}"))
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .unwrap();
        for row in rows {
            out.push_str(&format!("{table}: {}\n", row.unwrap().join(", ")));
        }
    }
    out
}
