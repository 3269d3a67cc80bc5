//! The committee progress report: Markdown and HTML snapshots of the demo at a fixed date,
//! deterministic output, escaping, "the last report", an organisation's own report, the
//! assurance sections, and the Word document with its front sheet.

mod common;

use std::path::{Path, PathBuf};

use predicates::prelude::*;
use workplan::store::{OpenMode, Store};

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
    // The Word document too: the front sheet from the defaults, the app's user as author.
    let docx = folder.join("workplan-report-2026-11-22.docx");
    let paras = docx_paragraphs(&std::fs::read(&docx).unwrap());
    for line in [
        "Tom Blackwood",
        "That the committee notes the report.",
        "Purpose and summary",
    ] {
        assert!(paras.iter().any(|p| p == line), "{line} in {paras:#?}");
    }
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
    let docx = std::fs::read(folder.join("workplan-report-2026-11-22.docx")).unwrap();
    assert!(
        docx_paragraphs(&docx)
            .iter()
            .any(|p| p == "Purpose and summary")
    );
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
    // Written behind the app's back, so counted again as `workplan check --recount` does.
    Store::open(&db, OpenMode::MustExist)
        .unwrap()
        .recount_desk()
        .unwrap();

    let md = report(&db, &["--read-only"]);
    for line in [
        "| June 2026 | — | — | — | — | — |",
        "| August 2026 | — | — | — | — | — |",
        // Reported counts; no case on record goes back to September.
        "| September 2026 | 52 | 45 | 7 | — | — |",
        // The history shows nothing open: a real 0.
        "| October 2026 | 0 | 0 | 0 | 1 | 1 |",
        // The month in progress says it is not complete.
        "| November 2026 (to 22 Nov 2026) | 0 | 0 | 0 | 0 | 0 |",
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

/// A small plan with both assurance registers, imported through the binary as a user would.
/// At 1 Dec 2026, from 1 Oct 2026: Cyber Crime has three outstanding recommendations (AR-1
/// overdue on its revised date), the SOCITM review none (AR-4 implemented in the period, AR-5
/// before it); PCI DSS failed its last scan, PSN is due for renewal, Cyber Essentials Plus has
/// expired and ISO 27001 is current.
fn assurance_db(dir: &Path) -> PathBuf {
    let db = dir.join("assurance.db");
    let files = [
        (
            "projects",
            "code,name,stage\nICT-001,Office 365,in-delivery\n",
        ),
        (
            "recommendations",
            "code,audit,audit_date,assurance,recommendation,priority,owner,action,due_date,revised_due_date,status,implemented_date\n\
             AR-1,Cyber Crime,2026-03-10,limited,Patch servers within 14 days,high,Ann Lee,Monthly patch cycle,2026-06-30,2026-10-31,in-progress,\n\
             AR-2,Cyber Crime,2026-03-10,limited,Review admin accounts,medium,Bob Kay,Quarterly account review,2026-09-30,2026-12-31,open,\n\
             AR-3,Cyber Crime,2026-03-10,limited,Refresh GDPR training,medium,Cara Moss,GDPR training sessions,2027-01-31,,open,\n\
             AR-4,SOCITM review,2025-11-01,reasonable,Document the DR plan,low,Dan Oak,Write DR plan v2,2026-01-31,,implemented,2026-10-20\n\
             AR-5,SOCITM review,2025-11-01,reasonable,Agree an ICT strategy,medium,Dan Oak,Strategy to Cabinet,2026-06-30,,implemented,2026-08-15\n",
        ),
        (
            "certifications",
            "code,name,body,scope,certified_on,expires_on,frequency,owner\n\
             PCI,PCI DSS,QSA Ltd,Card payments,2026-02-01,2027-01-31,quarterly,Rachel Tennant\n\
             PSN,PSN compliance,Cabinet Office,Corporate network,2026-01-15,2027-01-14,annual,Owen Pritchard\n\
             CE,Cyber Essentials Plus,IASME,Whole organisation,2025-11-01,2026-10-31,annual,Owen Pritchard\n\
             ISO,ISO 27001:2013,BSI,ICT service,2026-06-01,2029-05-31,annual,Rachel Tennant\n",
        ),
        (
            "certification-assessments",
            "certification_code,date,result,notes\n\
             PCI,2026-08-01,pass,\n\
             PCI,2026-11-20,fail,ASV scan found two critical vulnerabilities\n\
             PSN,2026-01-15,pass,\n\
             CE,2025-11-01,pass,\n\
             ISO,2026-10-12,pass-with-actions,\n",
        ),
    ];
    for (register, text) in files {
        let file = dir.join(format!("{register}.csv"));
        std::fs::write(&file, text).unwrap();
        common::bin()
            .args(["import", register])
            .arg(&file)
            .arg("--db")
            .arg(&db)
            .assert()
            .success();
    }
    db
}

fn position(md: &str, text: &str) -> usize {
    md.find(text)
        .unwrap_or_else(|| panic!("no {text:?} in\n{md}"))
}

#[test]
fn audit_recommendations_are_reported_by_audit_with_the_overdue_and_the_implemented() {
    let dir = tempfile::tempdir().unwrap();
    let db = assurance_db(dir.path());
    let md = report(
        &db,
        &[
            "--today",
            "2026-12-01",
            "--since",
            "2026-10-01",
            "--read-only",
        ],
    );
    let section = position(&md, "## ICT audit recommendations");
    assert!(position(&md, "## Key risks") < section, "after the risks");
    assert!(section < position(&md, "## Budget"), "before the budget");
    for line in [
        "There are 3 outstanding recommendations relating to the Cyber Crime audit (limited \
         assurance, March 2026): 1 high, 2 medium; 1 is overdue.",
        "| Audit | Assurance | High | Medium | Low | Overdue |",
        "| Cyber Crime | Limited | 1 | 2 | 0 | 1 |",
        "### Overdue recommendations",
        "| AR-1 Patch servers within 14 days | Cyber Crime | Monthly patch cycle | Ann Lee | \
         31 Oct 2026 (revised from 30 Jun 2026) | 31 |",
        "### Implemented since the last report",
        "- AR-4 Document the DR plan (SOCITM review): implemented 20 Oct 2026",
    ] {
        assert!(md.contains(line), "{line} in\n{md}");
    }
    assert!(
        !md.contains("| SOCITM review |"),
        "no outstanding row: {md}"
    );
    assert!(
        !md.contains("| AR-2 "),
        "AR-2 is not overdue on its revised date"
    );
    assert!(!md.contains("AR-5"), "implemented before the period");
}

#[test]
fn certifications_show_their_standing_and_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let db = assurance_db(dir.path());
    let md = report(
        &db,
        &[
            "--today",
            "2026-12-01",
            "--since",
            "2026-10-01",
            "--read-only",
        ],
    );
    let section = position(&md, "## Compliance and certification");
    assert!(position(&md, "## ICT audit recommendations") < section);
    assert!(section < position(&md, "## Budget"));
    for line in [
        "4 certifications are held: 1 current, 1 due, 1 failed, 1 expired.",
        "| Certification | Certifying body | Status | Last assessment | Next date | Expires |",
        "| PCI DSS | QSA Ltd | Failed | Fail, 20 Nov 2026 | 31 Jan 2027 | 31 Jan 2027 |",
        "| PSN compliance | Cabinet Office | Due | Pass, 15 Jan 2026 | 14 Jan 2027 | 14 Jan 2027 |",
        "| Cyber Essentials Plus | IASME | Expired | Pass, 01 Nov 2025 | 31 Oct 2026 | 31 Oct 2026 |",
        "| ISO 27001:2013 | BSI | Current | Pass with actions, 12 Oct 2026 | 12 Oct 2027 | 31 May 2029 |",
        "### Changes since the last report",
        "- ISO 27001:2013: annual assessment passed with actions on 12 Oct 2026\n\
         - PCI DSS: quarterly assessment failed on 20 Nov 2026 (ASV scan found two critical \
         vulnerabilities)\n",
        "3 certifications need attention: Cyber Essentials Plus expired on 31 Oct 2026; PCI DSS \
         failed its last assessment on 20 Nov 2026; PSN compliance is due for renewal by 14 Jan \
         2027.",
    ] {
        assert!(md.contains(line), "{line} in\n{md}");
    }
    assert!(
        !md.contains("01 Aug 2026"),
        "an assessment before the period"
    );
}

#[test]
fn a_plan_without_assurance_rows_has_neither_section() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::projects_db(
        dir.path(),
        "code,name,stage\nICT-001,Office 365,in-delivery\n",
    );
    let md = report(&db, &["--today", "2026-12-01", "--read-only"]);
    assert!(
        md.contains("## Key risks") && md.contains("## Budget"),
        "{md}"
    );
    assert!(!md.contains("ICT audit recommendations"), "{md}");
    assert!(!md.contains("Compliance and certification"), "{md}");
}

/// Every paragraph of a Word document's body, read back independently.
fn docx_paragraphs(bytes: &[u8]) -> Vec<String> {
    common::docx::paragraphs(&common::docx::part(bytes, "word/document.xml"))
}

fn paragraph_at(paras: &[String], text: &str) -> usize {
    paras
        .iter()
        .position(|p| p == text)
        .unwrap_or_else(|| panic!("no paragraph {text:?} in {paras:#?}"))
}

#[test]
fn a_word_document_has_the_front_sheet_every_section_and_every_exception() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path());
    common::bin()
        .args([
            "settings",
            "set",
            "report-council",
            "Holmwick and Brackenford ICT Shared Service",
            "--db",
        ])
        .arg(&db)
        .assert()
        .success();
    let md = report(&db, &["--today", "2026-12-01", "--read-only"]);
    let paper = dir.path().join("paper.docx");
    common::bin()
        .args([
            "report",
            "--format",
            "docx",
            "-o",
            paper.to_str().unwrap(),
            "--committee",
            "Audit and Governance Committee",
            "--meeting-date",
            "15/12/2026",
            "--today",
            "2026-12-01",
            "--user",
            "Ann Example",
            "--read-only",
            "--db",
        ])
        .arg(&db)
        .assert()
        .success()
        .stderr(predicate::str::contains("Wrote the report to"));
    let bytes = std::fs::read(&paper).unwrap();
    assert!(bytes.starts_with(b"PK"), "a zip file");
    let paras = docx_paragraphs(&bytes);

    // The front sheet: the setting, the options, the defaults and the user, in order.
    let council = paragraph_at(&paras, "Holmwick and Brackenford ICT Shared Service");
    let committee = paragraph_at(&paras, "Audit and Governance Committee");
    // The meeting date as every report date is printed (`dates::display`).
    let meeting = paragraph_at(&paras, "15 Dec 2026");
    let purpose = paragraph_at(
        &paras,
        "To update the committee on the progress of the ICT work plan, its risks, audit \
         recommendations and compliance.",
    );
    let recommendation = paragraph_at(&paras, "That the committee notes the report.");
    let author = paragraph_at(&paras, "Ann Example");
    let summary = paragraph_at(&paras, "Purpose and summary");
    assert!(council < committee && committee < meeting && meeting < purpose);
    assert!(purpose < recommendation && recommendation < author && author < summary);
    assert!(
        paras
            .iter()
            .filter(|p| *p == "ICT Work Plan progress report")
            .count()
            >= 2,
        "the default title on the front sheet and the report's own heading"
    );

    // Every heading of the Markdown report is a paragraph of the document.
    let headings: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim())
        .collect();
    assert!(headings.len() > 8, "{headings:?}");
    for heading in &headings {
        assert!(
            paras.iter().any(|p| p == heading),
            "{heading} in {paras:#?}"
        );
    }

    // Every project in the Markdown report's Exceptions table is in the document.
    let start = position(&md, "## Exceptions\n");
    let end = md[start + 3..]
        .find("\n## ")
        .map_or(md.len(), |i| start + 3 + i);
    let codes: Vec<&str> = md[start..end]
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Project ") && !l.starts_with("| -"))
        .filter_map(|l| l[2..].split_whitespace().next())
        .collect();
    assert!(!codes.is_empty(), "the demo has exceptions:\n{md}");
    for code in codes {
        assert!(
            paras.iter().any(|p| p.starts_with(&format!("{code} "))),
            "{code} in {paras:#?}"
        );
    }
}

#[test]
fn a_word_document_needs_a_file_that_is_not_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::projects_db(
        dir.path(),
        "code,name,stage\nICT-001,Office 365,in-delivery\n",
    );
    let before = std::fs::read(&db).unwrap();
    let refused = |args: &[&str], needle: &str| {
        common::bin()
            .arg("report")
            .args(args)
            .arg("--db")
            .arg(&db)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(needle))
            .stderr(predicate::str::contains("panicked").not());
    };
    refused(
        &["--format", "docx"],
        "a Word document cannot be written to the terminal: name a file with -o FILE",
    );
    refused(
        &["--format", "docx", "-o", db.to_str().unwrap()],
        "open work plan database",
    );
    refused(
        &["--committee", "Audit and Governance Committee"],
        "use them with --format docx",
    );
    let paper = dir.path().join("paper.docx");
    refused(
        &[
            "--format",
            "docx",
            "-o",
            paper.to_str().unwrap(),
            "--meeting-date",
            "32/13/2026",
        ],
        "--meeting-date: '32/13/2026' is not a date",
    );
    assert!(!paper.exists(), "nothing written for a refused date");
    assert!(
        std::fs::read(&db).unwrap() == before,
        "the database is untouched"
    );
}

/// One clock: on the same day at the same moment, the app's service desk and the report count
/// the same SLA breaches (the report used to count to the end of the day).
#[test]
fn the_app_and_the_report_count_sla_breaches_to_the_same_moment() {
    use crossterm::event::KeyCode;
    use workplan::tui::theme::Theme;
    let mut h = common::screen::harness(160, 50, Theme::mono(), common::screen::Fixture::Demo);
    let moment = h.app.now();
    h.press(KeyCode::Char('4'));
    h.wait_for_background();
    let breached = h.app.desk.summary.breached.len();
    assert!(breached > 0, "the demo has breaches");
    let md = common::bin()
        .env(
            "WORKPLAN_TODAY",
            moment.format("%Y-%m-%dT%H:%M:%S").to_string(),
        )
        .args(["report", "--read-only", "--db"])
        .arg(h.runtime.store.path())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let md = String::from_utf8(md).unwrap();
    assert!(
        md.contains(&format!("{breached} open cases have breached their target")),
        "the app counts {breached} at {moment}: {md}"
    );
}

/// A councillor reads the worst first: red, amber-red, amber, the most slipped first within each.
#[test]
fn exceptions_are_listed_worst_first_and_the_letters_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path());
    let md = report(&db, &["--read-only"]);
    assert!(md.contains("RAG: R red, AR amber/red, A amber"), "{md}");
    let section = md.split("## Exceptions").nth(1).unwrap();
    let section = section.split("\n## ").next().unwrap();
    let rags: Vec<&str> = section
        .lines()
        .filter(|l| l.starts_with("| ICT-"))
        .map(|l| l.split(" | ").nth(1).unwrap())
        .collect();
    assert!(rags.len() > 3, "{section}");
    let rank = |r: &str| match r {
        "R" => 0,
        "AR" => 1,
        _ => 2,
    };
    assert!(
        rags.windows(2).all(|w| rank(w[0]) <= rank(w[1])),
        "{rags:?}"
    );
}

/// The preview scrolls to the end at any width: long lines wrap, and the limit counts the rows
/// they take (it counted lines, so budget and the last sections were out of reach at 80 columns).
#[test]
fn the_preview_scrolls_to_the_last_line_at_80_columns() {
    use crossterm::event::KeyCode;
    use workplan::tui::theme::Theme;
    let mut h = common::screen::harness(80, 24, Theme::mono(), common::screen::Fixture::Demo);
    h.press(KeyCode::Char('5'));
    h.wait_for_background();
    let last = h
        .app
        .report
        .markdown
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap()
        .to_string();
    h.press(KeyCode::Char('G'));
    let text = h.text();
    let tail: String = last
        .chars()
        .rev()
        .take(20)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    assert!(
        text.replace('\n', "").contains(tail.trim()),
        "the end ({tail:?}) is on screen:\n{text}"
    );
}
