//! The assurance view in the app, on a real store: recommendations grouped by audit with their
//! counts, certifications by their next date, the edit keys (new, edit with a revised due date,
//! a status change with a note, an assessment, archive) audited and undoable, the portfolio's
//! count of exceptions, and triage ending on them.

mod common;

use common::screen::{Fixture, Harness, harness};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use workplan::commands::import::{Register, import_file};
use workplan::domain::assurance::{CertificationStatus, RecommendationStatus};
use workplan::tui::app::{Overlay, Screen};
use workplan::tui::theme::Theme;

const PROJECTS: &str = "code,name,stage,rag,rag_reason\n\
    ICT-001,Office 365 migration,in-delivery,red,Supplier late\n\
    ICT-002,PSN re-certification,in-delivery,green,\n";

const RECOMMENDATIONS: &str = "code,audit,audit_date,assurance,recommendation,priority,owner,action,due_date,revised_due_date,status,implemented_date,evidence,project_code\n\
    CC-1,Cyber Crime,2026-03-10,limited,Patch servers within 14 days,high,Ann Lee,Monthly patch cycle agreed,2026-06-30,,in-progress,,,ICT-001\n\
    CC-2,Cyber Crime,2026-03-10,limited,Review admin accounts quarterly,medium,Bob Kay,Quarterly review,2027-01-31,,open,,,\n\
    SC-1,Software Controls,2025-10-01,full,Keep the licence register current,low,Cara Day,Register owner named,2026-01-31,,implemented,2026-01-20,Register v3,\n";

const CERTIFICATIONS: &str = "code,name,body,scope,certified_on,expires_on,frequency,owner,project_code,notes\n\
    PSN,PSN compliance,Cabinet Office,Corporate network,2026-01-15,2027-01-14,annual,Owen Pritchard,ICT-002,\n\
    PCI,PCI DSS,QSA Ltd,Card payments,2026-02-01,2027-01-31,quarterly,Rachel Tennant,,ASV scans\n\
    ISO,ISO 27001:2013,BSI,ICT service,2023-10-02,2026-10-01,,Owen Pritchard,,\n";

const ASSESSMENTS: &str = "certification_code,date,result,notes\n\
    PCI,2026-08-01,pass,\n\
    PCI,2026-11-01,fail,Two external hosts failed the ASV scan\n";

/// A plan with two projects and both registers, as of the tests' fixed date (22 Nov 2026).
fn plan(width: u16, height: u16, theme: Theme) -> Harness {
    let mut h = harness(width, height, theme, Fixture::Projects(PROJECTS));
    let dir = tempfile::tempdir().unwrap();
    for (register, name, text) in [
        (Register::Recommendations, "r.csv", RECOMMENDATIONS),
        (Register::Certifications, "c.csv", CERTIFICATIONS),
        (Register::CertificationAssessments, "a.csv", ASSESSMENTS),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        import_file(
            &mut h.runtime.store,
            register,
            &file,
            "Test User",
            common::now(),
        )
        .unwrap();
    }
    h.runtime.refresh(&mut h.app).unwrap();
    h.press(KeyCode::Char('g'));
    h
}

fn ctrl(h: &mut Harness, c: char) {
    let key = Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    workplan::tui::step(&mut h.terminal, &mut h.app, &mut h.runtime, Some(key)).unwrap();
}

/// Move the form's focus to the field with this label.
fn focus(h: &mut Harness, label: &str) {
    for _ in 0..30 {
        let Some(Overlay::Form(open)) = &h.app.overlay else {
            panic!("no form open");
        };
        if open.form.focused().is_some_and(|f| f.label == label) {
            return;
        }
        h.press(KeyCode::Tab);
    }
    panic!("no field {label}");
}

fn select(h: &mut Harness, code: &str) {
    h.press(KeyCode::Char('g'));
    for _ in 0..20 {
        let a = &h.app.rooms.assurance;
        let here = a
            .selected_recommendation()
            .map(|r| r.code.clone())
            .filter(|_| a.register == workplan::tui::screens::assurance::Register::Recommendations)
            .or_else(|| {
                a.selected_certification()
                    .map(|c| c.certification.code.clone())
            });
        if here.as_deref() == Some(code) {
            return;
        }
        h.press(KeyCode::Char('j'));
    }
    panic!("{code} is not in the list");
}

fn recommendation(h: &Harness, code: &str) -> workplan::domain::assurance::Recommendation {
    h.runtime
        .store
        .recommendations()
        .unwrap()
        .into_iter()
        .find(|r| r.code == code)
        .unwrap()
}

#[test]
fn the_portfolio_counts_the_exceptions_and_triage_ends_on_them() {
    let mut h = plan(120, 30, Theme::mono());
    let text = h.text();
    assert!(
        text.contains("! 1 overdue high audit rec, 2 cert lapsed/failed"),
        "{text}"
    );
    h.press(KeyCode::Char('t'));
    assert_eq!(h.app.screen, Screen::Triage);
    assert!(h.text().contains("ICT-001"), "the red project first");
    h.press(KeyCode::Char('n'));
    let card = h.text();
    assert!(card.contains("assurance exceptions"), "{card}");
    assert!(card.contains("CC-1 · Cyber Crime"), "{card}");
    assert!(card.contains("145 days overdue"), "{card}");
    assert!(
        card.contains("Action: Monthly patch cycle agreed"),
        "{card}"
    );
    assert!(card.contains("PCI · PCI DSS · Failed"), "{card}");
    assert!(card.contains("ISO · ISO 27001:2013 · Expired"), "{card}");
    h.press(KeyCode::Char('n'));
    assert!(
        h.text()
            .contains("Triage done: 1 of 1 reviewed (0 changed), 0 left"),
        "{}",
        h.text()
    );
    // Enter shows them where they can be worked on: the overdue high-priority ones.
    h.press(KeyCode::Enter);
    assert_eq!(h.app.screen, Screen::Assurance);
    let view = h.text();
    assert!(view.contains("CC-1"), "{view}");
    assert!(!view.contains("CC-2"), "filtered to the overdue: {view}");
    h.press(KeyCode::Esc);
    h.press(KeyCode::Char('7'));
    h.press(KeyCode::Char('p'));
    assert!(h.app.triage.is_some());
}

#[test]
fn recommendations_are_grouped_by_audit_and_certifications_ordered_by_next_date() {
    let mut h = plan(120, 30, Theme::mono());
    h.press(KeyCode::Char('7'));
    assert_eq!(h.app.screen, Screen::Assurance);
    let text = h.text();
    assert!(
        text.contains(
            "Cyber Crime · 10 Mar 2026 · Limited assurance · 2 outstanding (H1 M1 L0) · 1 overdue"
        ),
        "{text}"
    );
    assert!(
        text.contains("Software Controls · 01 Oct 2025 · Full assurance · 0 outstanding"),
        "{text}"
    );
    assert!(
        text.contains("Outstanding: high 1 (1 overdue) · medium 1 · low 0"),
        "{text}"
    );
    // The overdue one says so without colour.
    let line = text.lines().find(|l| l.contains("CC-1")).unwrap();
    assert!(line.contains("30/06/26!"), "{line}");
    // Newest audit first.
    assert!(text.find("Cyber Crime").unwrap() < text.find("Software Controls").unwrap());

    h.press(KeyCode::Char('v'));
    let text = h.text();
    let at = |code: &str| {
        text.lines()
            .position(|l| l.trim_start().starts_with(code))
            .unwrap_or_else(|| panic!("{code} missing:\n{text}"))
    };
    assert!(at("ISO") < at("PSN") && at("PSN") < at("PCI"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("PSN") && l.contains("Due")),
        "{text}"
    );
    assert!(text.contains("Fail 01/11/26"), "{text}");
    // The detail lists every assessment, newest first.
    select(&mut h, "PCI");
    h.press(KeyCode::Enter);
    let text = h.text();
    let fail = text.find("01 Nov 2026 · Fail").expect("the failed scan");
    let pass = text.find("01 Aug 2026 · Pass").expect("the passed scan");
    assert!(fail < pass, "{text}");
}

#[test]
fn search_and_filter_narrow_the_register_showing() {
    let mut h = plan(120, 30, Theme::mono());
    h.press(KeyCode::Char('7'));
    h.press(KeyCode::Char('/'));
    h.keys("admin");
    h.press(KeyCode::Enter);
    let text = h.text();
    assert!(text.contains("CC-2") && !text.contains("CC-1 "), "{text}");
    h.press(KeyCode::Esc);
    assert!(h.text().contains("CC-1"));
    // Filter: status field (the third) set to "overdue".
    h.press(KeyCode::Char('f'));
    h.press(KeyCode::Char('j'));
    h.press(KeyCode::Char('j'));
    h.press(KeyCode::Char('l'));
    h.press(KeyCode::Char('l'));
    h.press(KeyCode::Esc);
    let text = h.text();
    assert!(text.contains("CC-1") && !text.contains("CC-2"), "{text}");
}

#[test]
fn a_revised_due_date_needs_a_reason_and_is_kept_with_it() {
    let mut h = plan(120, 40, Theme::mono());
    h.press(KeyCode::Char('7'));
    select(&mut h, "CC-2");
    h.press(KeyCode::Char('e'));
    focus(&mut h, "Revised due");
    h.keys("2027-03-31");
    h.press(KeyCode::Enter);
    let text = h.text();
    assert!(
        text.contains("revising the due date needs a reason"),
        "{text}"
    );
    focus(&mut h, "Reason");
    h.keys("New admin tool arrives in March");
    h.press(KeyCode::Enter);
    assert!(h.app.overlay.is_none(), "saved: {}", h.text());
    let r = recommendation(&h, "CC-2");
    assert_eq!(r.revised_due_date.unwrap().to_string(), "2027-03-31");
    let revisions = h.runtime.store.due_revisions(r.id).unwrap();
    assert_eq!(revisions.len(), 1);
    assert_eq!(revisions[0].reason, "New admin tool arrives in March");
    assert_eq!(revisions[0].new_date.unwrap().to_string(), "2027-03-31");
    // The detail shows the revision.
    h.press(KeyCode::Enter);
    assert!(h.text().contains("New admin tool arrives in March"));
}

#[test]
fn a_status_change_needs_a_note_and_a_date_when_implemented_and_undoes() {
    let mut h = plan(120, 40, Theme::mono());
    h.press(KeyCode::Char('7'));
    select(&mut h, "CC-1");
    h.press(KeyCode::Char('c'));
    // implemented: one to the right of in-progress.
    h.press(KeyCode::Right);
    h.press(KeyCode::Enter);
    assert!(h.text().contains("✗ required"), "the note is required");
    focus(&mut h, "Note");
    h.keys("Verified by the security lead");
    h.press(KeyCode::Enter);
    let text = h.text();
    assert!(text.contains("give the date it was implemented"), "{text}");
    focus(&mut h, "Implemented");
    h.keys("tomorrow");
    h.press(KeyCode::Enter);
    assert!(h.text().contains("is in the future"), "{}", h.text());
    ctrl(&mut h, 'u');
    h.keys("today");
    focus(&mut h, "Evidence");
    h.keys("Patch report for November");
    h.press(KeyCode::Enter);
    assert!(h.app.overlay.is_none(), "saved: {}", h.text());
    let r = recommendation(&h, "CC-1");
    assert_eq!(r.status, Some(RecommendationStatus::Implemented));
    assert_eq!(r.evidence, "Patch report for November");
    assert!(!r.is_overdue(common::today()));
    let audit = h.runtime.store.audit_log(None, None, 10).unwrap();
    assert!(
        audit.iter().any(|e| e.entity == "recommendation"
            && e.field == "status"
            && e.reason == "Verified by the security lead"),
        "{audit:?}"
    );
    // The header no longer counts it.
    h.press(KeyCode::Esc);
    assert!(h.text().contains("! 2 cert lapsed/failed"), "{}", h.text());
    h.press(KeyCode::Char('u'));
    let r = recommendation(&h, "CC-1");
    assert_eq!(r.status, Some(RecommendationStatus::InProgress), "undone");
}

#[test]
fn a_new_recommendation_names_its_project_by_code() {
    let mut h = plan(120, 40, Theme::mono());
    h.press(KeyCode::Char('7'));
    h.press(KeyCode::Char('n'));
    h.keys("CC-3");
    focus(&mut h, "Audit");
    h.keys("Cyber Crime");
    focus(&mut h, "Recommendation");
    h.keys("Enable MFA for remote access");
    focus(&mut h, "Project code");
    h.keys("ICT-999");
    h.press(KeyCode::Enter);
    let text = h.text();
    assert!(text.contains("no project with code 'ICT-999'"), "{text}");
    assert!(
        h.runtime.store.recommendations().unwrap().len() == 3,
        "nothing saved"
    );
    ctrl(&mut h, 'u');
    h.keys("ICT-001");
    h.press(KeyCode::Enter);
    assert!(h.app.overlay.is_none(), "saved: {}", h.text());
    let r = recommendation(&h, "CC-3");
    assert_eq!(r.project_code.as_deref(), Some("ICT-001"));
    assert_eq!(r.audit_date, Some(common::today()), "today by default");
    assert!(h.text().contains("CC-3"));
}

#[test]
fn an_assessment_is_recorded_and_a_pass_clears_the_failure() {
    let mut h = plan(120, 40, Theme::mono());
    h.press(KeyCode::Char('7'));
    h.press(KeyCode::Char('v'));
    select(&mut h, "PCI");
    h.press(KeyCode::Char('a'));
    focus(&mut h, "Notes");
    h.keys("Re-scan after fixes");
    h.press(KeyCode::Enter);
    assert!(h.app.overlay.is_none(), "saved: {}", h.text());
    assert!(
        h.text().contains("Saved: Pass assessment on 22 Nov 2026"),
        "{}",
        h.text()
    );
    let pci = h
        .runtime
        .store
        .certifications()
        .unwrap()
        .into_iter()
        .find(|c| c.certification.code == "PCI")
        .unwrap();
    assert_eq!(
        pci.status(common::today(), 60),
        CertificationStatus::Current
    );
    // A second one on the same day is refused, on the form.
    h.press(KeyCode::Char('a'));
    h.press(KeyCode::Enter);
    assert!(
        h.text()
            .contains("PCI already has an assessment on 22 Nov 2026"),
        "{}",
        h.text()
    );
}

#[test]
fn archiving_asks_first_and_hides_the_row_until_asked() {
    let mut h = plan(120, 40, Theme::mono());
    h.press(KeyCode::Char('7'));
    select(&mut h, "SC-1");
    h.press(KeyCode::Char('x'));
    assert!(h.text().contains("Archive recommendation SC-1"));
    h.press(KeyCode::Char('y'));
    assert!(recommendation(&h, "SC-1").archived);
    let listed = |h: &Harness| h.text().lines().any(|l| l.starts_with("SC-1 "));
    assert!(!listed(&h), "{}", h.text());
    h.press(KeyCode::Char('A'));
    assert!(listed(&h), "shown again with archived rows");
}

#[test]
fn a_colleagues_change_to_the_same_field_is_a_conflict() {
    use rusqlite::types::Value;
    use workplan::store::edit::{Actor, Edit, Entity};
    let mut h = plan(120, 40, Theme::mono());
    h.press(KeyCode::Char('7'));
    select(&mut h, "CC-2");
    h.press(KeyCode::Char('e'));
    let r = recommendation(&h, "CC-2");
    let mut colleague =
        workplan::store::Store::open(h.runtime.store.path(), workplan::store::OpenMode::MustExist)
            .unwrap();
    colleague
        .apply_edit(
            &Edit {
                entity: Entity::Recommendation,
                id: r.id,
                expected_version: r.version,
                values: vec![("owner", Value::Text("Dee Fox".into()))],
                loaded: vec![("owner", Value::Text("Bob Kay".into()))],
                reason: String::new(),
            },
            Actor {
                user: "Colleague",
                now: common::now(),
            },
        )
        .unwrap();
    focus(&mut h, "Owner");
    ctrl(&mut h, 'u');
    h.keys("Eve Ng");
    h.press(KeyCode::Enter);
    assert!(
        matches!(h.app.overlay, Some(Overlay::Conflict(_))),
        "{}",
        h.text()
    );
    assert!(h.text().contains("Dee Fox"));
}

#[test]
fn the_view_at_80x24_and_200x60() {
    for (w, hgt) in [(80, 24), (200, 60)] {
        let mut h = plan(w, hgt, Theme::mono());
        h.press(KeyCode::Char('7'));
        insta::assert_snapshot!(format!("assurance_recommendations_{w}x{hgt}"), h.text());
        h.press(KeyCode::Enter);
        insta::assert_snapshot!(format!("assurance_detail_{w}x{hgt}"), h.text());
        h.press(KeyCode::Esc);
        h.press(KeyCode::Char('v'));
        insta::assert_snapshot!(format!("assurance_certifications_{w}x{hgt}"), h.text());
    }
}

#[test]
fn the_command_palette_finds_a_command_by_what_it_does_and_runs_it() {
    let mut h = plan(120, 40, Theme::mono());
    h.press(KeyCode::Char('7'));
    h.press(KeyCode::Char('v'));
    select(&mut h, "PSN");
    h.press(KeyCode::Char(':'));
    let text = h.text();
    assert!(
        text.contains("record an assessment of the certification"),
        "{text}"
    );
    assert!(
        !text.contains("re-assess the risk"),
        "only what applies here: {text}"
    );
    h.keys("assessment");
    h.press(KeyCode::Enter);
    let Some(Overlay::Form(open)) = &h.app.overlay else {
        panic!("the assessment form: {}", h.text());
    };
    assert!(open.form.title.contains("Record an assessment · PSN"));
    h.press(KeyCode::Esc);
    // Nothing matching: Enter keeps the palette open; Esc closes it and runs nothing.
    h.press(KeyCode::Char(':'));
    h.keys("zzqqxx");
    h.press(KeyCode::Enter);
    assert!(h.text().contains("No command matches."));
    h.press(KeyCode::Esc);
    assert!(h.app.overlay.is_none());
    assert_eq!(h.app.screen, Screen::Assurance);
}
