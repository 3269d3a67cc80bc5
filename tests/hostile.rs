//! A corpus of hostile project names run through the real binary: spreadsheet formulas in
//! every CSV the app writes get the `'` guard (and import takes it off again, so export then
//! import is exact), the Markdown report turns HTML, pipes, headings and code into plain
//! text, and the screen drops bidirectional and zero-width characters and lines up CJK and
//! emoji by display width.

mod common;

use std::path::{Path, PathBuf};

use unicode_width::UnicodeWidthStr;

/// Code, name and RAG reason of each hostile project.
fn corpus() -> Vec<(&'static str, &'static str, &'static str)> {
    vec![
        (
            "HOST-01",
            "=HYPERLINK(\"http://x\",\"y\")",
            "=HYPERLINK(\"http://x\",\"y\")",
        ),
        ("HOST-02", "+cmd|' /C calc'!A0", "+cmd|' /C calc'!A0"),
        ("HOST-03", "@SUM(1+1)", "@SUM(1+1)"),
        ("HOST-04", "-2+3", "-2+3"),
        ("HOST-05", "\t=1+1 tab-led", "\rCR-led reason"),
        (
            "HOST-06",
            "<script>alert(1)</script>",
            "<script>alert(1)</script>",
        ),
        (
            "HOST-07",
            "<img src=x onerror=alert(1)>",
            "<img src=x onerror=alert(1)>",
        ),
        ("HOST-08", "| pipe | name", "| pipe | reason"),
        ("HOST-09", "# heading", "# heading"),
        ("HOST-10", "`code`", "`code`"),
        (
            "HOST-11",
            "Pay\u{202E}roll\u{200B} review",
            "Pay\u{202E}roll\u{200B} review",
        ),
        ("HOST-12", "電子メール移行", "電子メール移行"),
        ("HOST-13", "🚀 Cloud move 🎉", "🚀 Cloud move 🎉"),
        ("HOST-14", "-12.50", "ahead of plan"),
        ("HOST-15", "'=already quoted", "'=already quoted"),
    ]
}

const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The corpus as a projects CSV written the way `export` writes it (every cell through the
/// spreadsheet guard), so tab- and CR-led values survive import's trimming.
fn corpus_csv(entries: &[(&str, &str, &str)]) -> String {
    use workplan::io::cell_safety::spreadsheet_safe;
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record([
            "code",
            "name",
            "stage",
            "rag",
            "rag_reason",
            "manager",
            "start_date",
            "baseline_end",
            "forecast_end",
            "budget_capital",
        ])
        .unwrap();
    for (code, name, reason) in entries {
        // HOST-14 is forecast ten days early: a negative slippage in `status`.
        let forecast = if *code == "HOST-14" {
            "2027-03-21"
        } else {
            "2027-03-31"
        };
        let row: [&str; 10] = [
            *code,
            *name,
            "in-delivery",
            "red",
            *reason,
            *name,
            "2026-10-01",
            "2027-03-31",
            forecast,
            "450000",
        ];
        writer
            .write_record(row.iter().map(|cell| spreadsheet_safe(cell).into_owned()))
            .unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

fn run(db: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    common::bin().args(args).arg("--db").arg(db).assert()
}

fn stdout(db: &Path, args: &[&str]) -> String {
    let out = run(db, args).success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

/// A work plan whose projects were first imported with plain names, then updated by
/// importing the corpus (so the audit trail holds the hostile values too).
fn hostile_db(dir: &Path, entries: &[(&str, &str, &str)]) -> PathBuf {
    let mut plain = String::from("code,name,stage,rag,rag_reason\n");
    for (code, _, _) in entries {
        plain.push_str(&format!(
            "{code},Placeholder {code},in-delivery,red,was fine\n"
        ));
    }
    let db = common::projects_db(dir, &plain);
    let file = dir.join("hostile.csv");
    std::fs::write(&file, corpus_csv(entries)).unwrap();
    run(&db, &["import", "projects", file.to_str().unwrap()]).success();
    db
}

/// A plain number as a spreadsheet reads one: optional sign, digits, one optional point.
fn plain_number(cell: &str) -> bool {
    let unsigned = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    unsigned.chars().any(|c| c.is_ascii_digit())
        && unsigned.chars().all(|c| c.is_ascii_digit() || c == '.')
        && unsigned.matches('.').count() <= 1
}

fn records(csv_text: &str) -> Vec<csv::StringRecord> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv_text.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect()
}

/// No cell of the CSV would run as a formula: each one starting with a trigger is a number.
fn assert_spreadsheet_safe(csv_text: &str, what: &str) {
    for record in records(csv_text) {
        for cell in record.iter() {
            assert!(
                !cell.starts_with(TRIGGERS) || plain_number(cell),
                "{what}: the cell {cell:?} would run as a formula"
            );
        }
    }
}

/// The cells of the column `name`, by the value of the column `key`.
fn column(csv_text: &str, key: &str, name: &str) -> std::collections::HashMap<String, String> {
    let rows = records(csv_text);
    let header = &rows[0];
    let at = |n: &str| header.iter().position(|h| h == n).unwrap();
    let (k, v) = (at(key), at(name));
    rows[1..]
        .iter()
        .map(|r| (r[k].to_string(), r[v].to_string()))
        .collect()
}

#[test]
fn csv_exports_guard_formulas_and_leave_numbers_alone() {
    let dir = tempfile::tempdir().unwrap();
    let entries = corpus();
    let db = hostile_db(dir.path(), &entries);

    // Import took the guard off: the stored text is the original, exactly.
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&db, &["export", "projects", "--format", "json"])).unwrap();
    for (code, name, reason) in &entries {
        let row = json
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == *code)
            .unwrap();
        assert_eq!(row["name"], *name, "{code}");
        assert_eq!(row["rag_reason"], *reason, "{code}");
    }

    let projects = stdout(&db, &["export", "projects"]);
    assert_spreadsheet_safe(&projects, "export projects");
    let names = column(&projects, "code", "name");
    for (code, name, _) in &entries {
        let want = if (name.starts_with(TRIGGERS) && !plain_number(name)) || name.starts_with("'=")
        {
            format!("'{name}")
        } else {
            name.to_string()
        };
        assert_eq!(names[*code], want, "{code}");
    }
    assert_eq!(names["HOST-01"], "'=HYPERLINK(\"http://x\",\"y\")");
    assert_eq!(names["HOST-05"], "'\t=1+1 tab-led");
    assert_eq!(names["HOST-14"], "-12.50", "a number keeps no mark");
    assert_eq!(names["HOST-15"], "''=already quoted");
    assert_eq!(
        column(&projects, "code", "rag_reason")["HOST-05"],
        "'\rCR-led reason"
    );
    assert!(
        column(&projects, "code", "budget_capital")
            .values()
            .all(|v| v == "450000")
    );

    let audit = stdout(&db, &["export", "audit"]);
    assert_spreadsheet_safe(&audit, "export audit");
    assert!(
        records(&audit).iter().any(|r| r
            .iter()
            .any(|cell| cell == "'=HYPERLINK(\"http://x\",\"y\")")),
        "the audit trail holds the guarded new name:\n{audit}"
    );
    assert!(
        records(&audit)
            .iter()
            .any(|r| r.iter().any(|cell| cell == "'@SUM(1+1)"))
    );

    let status = stdout(&db, &["status", "--format", "csv"]);
    assert_spreadsheet_safe(&status, "status --format csv");
    let status_names = column(&status, "code", "name");
    assert_eq!(status_names["HOST-03"], "'@SUM(1+1)");
    assert_eq!(status_names["HOST-04"], "'-2+3");
    assert_eq!(status_names["HOST-14"], "-12.50");
    assert_eq!(
        column(&status, "code", "manager")["HOST-02"],
        "'+cmd|' /C calc'!A0"
    );
    assert_eq!(
        column(&status, "code", "slippage_days")["HOST-14"],
        "-10",
        "a negative number keeps no mark"
    );
}

#[test]
fn export_then_import_into_a_fresh_database_is_identical() {
    let dir = tempfile::tempdir().unwrap();
    let db = hostile_db(dir.path(), &corpus());
    let first = stdout(&db, &["export", "projects"]);
    let file = dir.path().join("exported.csv");
    std::fs::write(&file, &first).unwrap();
    let fresh = dir.path().join("fresh.db");
    run(&fresh, &["import", "projects", file.to_str().unwrap()]).success();
    assert_eq!(stdout(&fresh, &["export", "projects"]), first);
    assert_eq!(
        stdout(&fresh, &["export", "projects", "--format", "json"]),
        stdout(&db, &["export", "projects", "--format", "json"]),
        "the same text, not just the same CSV"
    );
}

/// XLSX cells are typed text, so nothing is marked in the workbook; importing it back gives the
/// same text. (Tab- and CR-led values are left out: a sheet's line breaks become spaces.)
#[test]
fn export_then_import_through_xlsx_is_identical() {
    let dir = tempfile::tempdir().unwrap();
    let entries: Vec<_> = corpus()
        .into_iter()
        .filter(|(code, _, _)| *code != "HOST-05")
        .collect();
    let db = hostile_db(dir.path(), &entries);
    let file = dir.path().join("exported.xlsx");
    run(
        &db,
        &[
            "export",
            "projects",
            "--format",
            "xlsx",
            "-o",
            file.to_str().unwrap(),
        ],
    )
    .success();
    let fresh = dir.path().join("fresh.db");
    run(&fresh, &["import", "projects", file.to_str().unwrap()]).success();
    assert_eq!(
        stdout(&fresh, &["export", "projects"]),
        stdout(&db, &["export", "projects"])
    );
}

#[test]
fn a_hand_written_guard_is_taken_off_on_import() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::projects_db(
        dir.path(),
        "code,name,stage,rag_reason\nG-1,'=SUM(1),proposed,'@home\nG-2,'plain quote,proposed,'-3\n",
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&db, &["export", "projects", "--format", "json"])).unwrap();
    let row = |code: &str| {
        json.as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == code)
            .unwrap()
            .clone()
    };
    assert_eq!(row("G-1")["name"], "=SUM(1)");
    assert_eq!(row("G-1")["rag_reason"], "@home");
    assert_eq!(
        row("G-2")["name"],
        "'plain quote",
        "no trigger after it: kept"
    );
    assert_eq!(row("G-2")["rag_reason"], "-3");
}

/// Pipes not escaped with a backslash: the cell boundaries of a table row.
fn cell_boundaries(line: &str) -> usize {
    let chars: Vec<char> = line.chars().collect();
    (0..chars.len())
        .filter(|&i| chars[i] == '|' && (i == 0 || chars[i - 1] != '\\'))
        .count()
}

#[test]
fn the_markdown_report_shows_hostile_text_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = hostile_db(dir.path(), &corpus());
    let md = stdout(&db, &["report", "--read-only"]);
    assert!(md.contains("HOST-06"), "{md}");
    assert!(!md.contains("<script"), "{md}");
    assert!(!md.contains("<img"), "{md}");
    assert!(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{md}");
    assert!(md.contains("&lt;img src=x onerror=alert(1)&gt;"), "{md}");
    assert!(!md.contains("`code`"), "no code span:\n{md}");
    assert!(md.contains("\\`code\\`"), "{md}");
    assert!(!md.contains('\u{202E}') && !md.contains('\u{200B}'));
    assert!(md.contains("Payroll review"), "{md}");
    assert!(
        !md.lines()
            .any(|l| l.starts_with("# heading") || l.starts_with("#heading")),
        "{md}"
    );
    // Every row of a table has as many cell boundaries as its header: no name adds a column.
    let mut header: Option<usize> = None;
    let mut piped_rows = 0;
    for line in md.lines() {
        if !line.starts_with('|') {
            header = None;
            continue;
        }
        let n = cell_boundaries(line);
        match header {
            None => header = Some(n),
            Some(h) => assert_eq!(n, h, "a row with a different number of cells:\n{line}"),
        }
        if line.contains("HOST-08") {
            assert!(line.contains("HOST-08 \\| pipe \\| name"), "{line}");
            piped_rows += 1;
        }
    }
    assert!(
        piped_rows >= 2,
        "the pipe project is in the exceptions and budget tables"
    );
    assert!(md.contains("\\| pipe \\| reason"), "{md}");

    let html = stdout(&db, &["report", "--read-only", "--format", "html"]);
    assert!(!html.contains("<script"));
    assert!(!html.contains("<img"));
    assert!(!html.contains('\u{202E}') && !html.contains('\u{200B}'));
}

/// Split `line` where its first `columns` display columns end; `None` if a character straddles.
fn split_at_width(line: &str, columns: usize) -> Option<(&str, &str)> {
    for (i, _) in line
        .char_indices()
        .chain(std::iter::once((line.len(), ' ')))
    {
        let used = UnicodeWidthStr::width(&line[..i]);
        if used == columns {
            return Some((&line[..i], &line[i..]));
        }
        if used > columns {
            return None;
        }
    }
    None
}

#[test]
fn status_drops_invisible_characters_and_lines_up_by_display_width() {
    let dir = tempfile::tempdir().unwrap();
    let db = hostile_db(dir.path(), &corpus());
    let text = stdout(&db, &["status"]);
    assert!(
        !text.contains('\u{202E}') && !text.contains('\u{200B}'),
        "{text}"
    );
    assert!(!text.contains('\t') && !text.contains('\r'), "{text:?}");
    assert!(text.contains("Payroll review"), "{text}");
    assert!(text.contains("電子メール移行"), "{text}");
    assert!(text.contains("🚀 Cloud move 🎉"), "{text}");
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    // The header is ASCII: byte offsets are display columns.
    let starts: Vec<(&str, usize)> = [
        "CODE",
        "NAME",
        "STAGE",
        "MANAGER",
        "NEXT MILESTONE",
        "TRIAGE",
    ]
    .iter()
    .map(|h| (*h, header.find(*h).unwrap()))
    .collect();
    let rows: Vec<&str> = lines.filter(|l| l.contains("HOST-")).collect();
    assert_eq!(rows.len(), corpus().len(), "{text}");
    for row in rows {
        for (title, at) in &starts {
            let (before, after) = split_at_width(row, *at)
                .unwrap_or_else(|| panic!("{title} does not start at column {at} in\n{row}"));
            assert!(before.ends_with(' '), "{title} column in\n{row}");
            match *title {
                "CODE" => assert!(after.starts_with("HOST-"), "{row}"),
                "STAGE" => assert!(after.starts_with("in-delivery "), "{row}"),
                _ => {}
            }
        }
    }
}

#[test]
fn the_app_shows_names_without_invisible_characters() {
    use common::screen::{Fixture, harness};
    use crossterm::event::KeyCode;
    let csv: &'static str = Box::leak(corpus_csv(&corpus()).into_boxed_str());
    let mut h = harness(
        160,
        40,
        workplan::tui::theme::Theme::colour(),
        Fixture::Projects(csv),
    );
    let clean = |screen: &str| {
        for c in ['\u{202E}', '\u{200B}', '\t', '\r', '\u{1b}'] {
            assert!(!screen.contains(c), "{c:?} on screen:\n{screen}");
        }
    };
    let portfolio = h.text();
    clean(portfolio.as_str());
    assert!(portfolio.contains("Payroll review"), "{portfolio}");
    assert!(portfolio.contains("電子メール移行"), "{portfolio}");
    for _ in corpus() {
        h.press(KeyCode::Enter);
        clean(h.text().as_str());
        h.press(KeyCode::Esc);
        h.press(KeyCode::Down);
    }
}
