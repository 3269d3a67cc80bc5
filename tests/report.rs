//! The committee progress report: Markdown and HTML snapshots of the demo at a fixed date,
//! deterministic output, escaping, "the last report", and an organisation's own report.

mod common;

use predicates::prelude::*;

fn report(db: &std::path::Path, extra: &[&str]) -> String {
    let out = common::bin()
        .arg("report")
        .args(extra)
        .arg("--db")
        .arg(db)
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[test]
fn markdown_and_html_reports_of_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path());
    let md = report(&db, &["--since", "2026-09-23", "--read-only"]);
    insta::assert_snapshot!("report_md", md);
    for heading in [
        "## Purpose and summary",
        "## Portfolio by stage and RAG",
        "## Exceptions",
        "## Completed and started since the last report",
        "## Milestones",
        "## Service desk",
        "## Key risks",
        "## Budget",
    ] {
        assert!(md.contains(heading), "{heading}");
    }
    assert_eq!(
        md,
        report(&db, &["--since", "2026-09-23", "--read-only"]),
        "deterministic"
    );
    let html = report(
        &db,
        &["--since", "2026-09-23", "--format", "html", "--read-only"],
    );
    insta::assert_snapshot!("report_html", html);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("@page { size: A4"));
    assert!(html.contains("<td class=\"rag r\" title=\"Red\">R</td>"));
    assert!(!html.contains("<script"), "self-contained, no scripts");
}

#[test]
fn user_text_is_escaped_in_html() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path());
    let csv = dir.path().join("evil.csv");
    std::fs::write(
        &csv,
        "code,name,stage,rag,rag_reason\nEVIL-1,<script>alert(1)</script>,in-delivery,red,\"<img src=x onerror=alert(2)> & more\"\n",
    )
    .unwrap();
    common::bin()
        .args(["import", "projects"])
        .arg(&csv)
        .arg("--db")
        .arg(&db)
        .assert()
        .success();
    let html = report(&db, &["--format", "html", "--read-only"]);
    assert!(
        html.contains("EVIL-1 &lt;script&gt;alert(1)&lt;/script&gt;"),
        "escaped name"
    );
    assert!(html.contains("&lt;img src=x onerror=alert(2)&gt; &amp; more"));
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("<img"));
}

#[test]
fn user_text_is_escaped_in_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path());
    let csv = dir.path().join("evil.csv");
    std::fs::write(
        &csv,
        "code,name,stage,rag,rag_reason\n\
         EVIL-1,<script>alert(1)</script>,in-delivery,red,\"<img src=x onerror=alert(2)> & more | `x`\"\n\
         EVIL-2,# Not a heading | [link](javascript:alert(3)),in-delivery,red,\u{202e}reversed\u{200b}\n",
    )
    .unwrap();
    common::bin()
        .args(["import", "projects"])
        .arg(&csv)
        .arg("--db")
        .arg(&db)
        .assert()
        .success();
    let md = report(&db, &["--read-only"]);
    assert!(
        md.contains("| EVIL-1 &lt;script&gt;alert(1)&lt;/script&gt; | R | &lt;img src=x onerror=alert(2)&gt; &amp; more \\| \\`x\\` |"),
        "{md}"
    );
    assert!(
        md.contains("| EVIL-2 # Not a heading \\| [link\\](javascript:alert(3)) | R | reversed |"),
        "{md}"
    );
    assert!(!md.contains("<script") && !md.contains("<img"));
    assert!(!md.contains('\u{202e}') && !md.contains('\u{200b}'));
}

#[test]
fn the_last_report_is_where_the_next_one_starts() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path());
    let first = report(&db, &[]);
    assert!(
        first.contains("changes since 23 Sep 2026."),
        "60 days back without an earlier report"
    );
    let later = common::bin()
        .args(["report", "--today", "2026-12-15", "--db"])
        .arg(&db)
        .assert()
        .success();
    let text = String::from_utf8(later.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains("changes since 22 Nov 2026 (the last report)."),
        "{}",
        text.lines().nth(2).unwrap_or_default()
    );
}

#[test]
fn one_organisations_report_and_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path());
    let out = dir.path().join("holmwick.html");
    common::bin()
        .args([
            "report",
            "--organisation",
            "holmwick district council",
            "--format",
            "html",
            "-o",
        ])
        .arg(&out)
        .arg("--db")
        .arg(&db)
        .assert()
        .success()
        .stderr(predicate::str::contains("Wrote the report to"));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("holmwick district council"));
    assert!(
        !html.contains("ICT-005 "),
        "a Brackenford-only project is left out"
    );
    assert!(html.contains("ICT-019 "), "a shared project is in");
    common::bin()
        .args(["report", "--organisation", "Atlantis", "--db"])
        .arg(&db)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no projects belong to an organisation called 'Atlantis'",
        ));
}

#[test]
fn the_app_previews_writes_and_records_the_report() {
    use common::screen::{Fixture, harness};
    use crossterm::event::KeyCode;
    let mut h = harness(
        120,
        40,
        workplan::tui::theme::Theme::colour(),
        Fixture::Demo,
    );
    h.press(KeyCode::Char('5'));
    let text = h.text();
    assert!(text.contains("# ICT Work Plan progress report"), "{text}");
    assert!(text.contains("Committee report preview since 23 Sep 2026"));
    h.press(KeyCode::PageDown);
    assert!(h.app.report.scroll > 0);
    h.press(KeyCode::Char('w'));
    let folder = h.runtime.store.path().parent().unwrap().to_path_buf();
    let md = folder.join("workplan-report-2026-11-22.md");
    let html = folder.join("workplan-report-2026-11-22.html");
    assert!(h.text().contains("Report written to"), "{}", h.text());
    assert!(
        std::fs::read_to_string(&md)
            .unwrap()
            .starts_with("# ICT Work Plan progress report")
    );
    assert!(
        std::fs::read_to_string(&html)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
    // The timeline's "slipped since" now starts at this report.
    h.press(KeyCode::Char('2'));
    assert_eq!(h.app.timeline.since.to_string(), "2026-11-22");
}

#[test]
fn on_a_large_plan_the_report_is_gathered_in_the_background_and_written_the_same() {
    use common::screen::{Fixture, harness};
    use crossterm::event::KeyCode;
    let theme = workplan::tui::theme::Theme::colour;
    let mut inline = harness(120, 40, theme(), Fixture::Demo);
    inline.press(KeyCode::Char('5'));
    let mut h = harness(120, 40, theme(), Fixture::Demo);
    h.app.background = workplan::tui::background::BackgroundFrom::ALWAYS;
    h.press_before_reads_land(KeyCode::Char('5'));
    assert!(h.app.is_running(workplan::tui::message::Job::Report));
    assert!(h.text().contains("Writing the report"), "{}", h.text());
    h.wait_for_background();
    assert_eq!(h.app.report.markdown, inline.app.report.markdown);

    h.press(KeyCode::Char('w'));
    h.wait_for_background();
    assert!(h.text().contains("Report written to"), "{}", h.text());
    let folder = h.runtime.store.path().parent().unwrap().to_path_buf();
    let md = std::fs::read_to_string(folder.join("workplan-report-2026-11-22.md")).unwrap();
    assert_eq!(md, inline.app.report.markdown, "the file is the preview");
    let html = std::fs::read_to_string(folder.join("workplan-report-2026-11-22.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(
        h.runtime
            .store
            .last_report_before(common::today() + chrono::Duration::days(1))
            .unwrap(),
        Some(common::today()),
        "the run is recorded"
    );
}

#[test]
fn months_with_no_history_and_no_counts_read_unknown_not_zero() {
    use workplan::commands::import::{Register, import_file};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let mut store =
        workplan::store::Store::open(&db, workplan::store::OpenMode::CreateIfMissing).unwrap();
    // One case, opened and resolved in October, with its state history; counts reported for
    // September only. June to August have neither.
    let cases = dir.path().join("cases.csv");
    std::fs::write(
        &cases,
        "ref,kind,priority,state,opened_at,resolved_at,organisation\n\
         INC2,incident,3,resolved,2026-10-01 09:00,2026-10-02 09:00,Holmwick\n",
    )
    .unwrap();
    import_file(&mut store, Register::Cases, &cases, "Ann", common::now()).unwrap();
    let counts = dir.path().join("counts.csv");
    std::fs::write(
        &counts,
        "month,organisation,open_incidents,open_requests,stop_clock\n2026-09,Holmwick,40,5,7\n",
    )
    .unwrap();
    import_file(
        &mut store,
        Register::CaseSnapshots,
        &counts,
        "Ann",
        common::now(),
    )
    .unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "INSERT INTO case_state_changes (case_id, changed_at, state, hold_reason)
         SELECT id, '2026-10-01T09:00:00', 'active', '' FROM cases WHERE ref = 'INC2';
         INSERT INTO case_state_changes (case_id, changed_at, state, hold_reason)
         SELECT id, '2026-10-02T09:00:00', 'resolved', '' FROM cases WHERE ref = 'INC2';",
    )
    .unwrap();
    drop(conn);

    let md = report(&db, &["--read-only"]);
    for line in [
        "| June 2026 | — | — | — | — | — |",
        "| August 2026 | — | — | — | — | — |",
        // Reported counts; no case on record goes back to September.
        "| September 2026 | 52 | 45 | 7 | — | — |",
        // The history shows nothing open: a real 0.
        "| October 2026 | 0 | 0 | 0 | 1 | 1 |",
        "| November 2026 | 0 | 0 | 0 | 0 | 0 |",
    ] {
        assert!(md.contains(line), "{line} in\n{md}");
    }
    assert!(
        !md.contains("changed in the last six months"),
        "no trend from an unknown month"
    );

    let html = report(&db, &["--format", "html", "--read-only"]);
    assert!(
        html.contains(
            "<tr><td>June 2026</td><td class=\"n\">—</td><td class=\"n\">—</td>\
             <td class=\"n\">—</td><td class=\"n\">—</td><td class=\"n\">—</td></tr>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<tr><td>October 2026</td><td class=\"n\">0</td>"),
        "{html}"
    );
}
