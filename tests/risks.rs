//! The risk register: snapshots, re-assessment (score, trend, trajectory and heat map move
//! together), the register scope, heat-map cells narrowing the list, closing, issues, and
//! settings that change the bands for everyone.

mod common;

use common::screen::{Fixture, harness};
use crossterm::event::KeyCode;
use workplan::domain::risk::heat_counts;
use workplan::domain::{Basis, RiskKind, Trend};
use workplan::tui::app::{Overlay, Screen, Tab};
use workplan::tui::theme::Theme;

fn select(h: &mut common::screen::Harness, code: &str) {
    if !h.app.risks.search.is_empty() {
        h.press(KeyCode::Esc);
    }
    h.press(KeyCode::Char('/'));
    h.keys(code);
    h.press(KeyCode::Enter);
    assert_eq!(h.app.risks.selected().unwrap().risk.code, code);
}

#[test]
fn register_at_80x24_and_160x50() {
    for (w, hgt) in [(80u16, 24u16), (160, 50)] {
        let mut h = harness(w, hgt, Theme::colour(), Fixture::Demo);
        h.press(KeyCode::Char('3'));
        assert_eq!(h.app.screen, Screen::Risks);
        insta::assert_snapshot!(format!("register_{w}x{hgt}"), h.text());
        h.press(KeyCode::Enter);
        insta::assert_snapshot!(format!("risk_detail_{w}x{hgt}"), h.text());
    }
}

#[test]
fn reassessing_moves_score_trend_trajectory_and_map() {
    let mut h = harness(160, 50, Theme::colour(), Fixture::Demo);
    h.press(KeyCode::Char('3'));
    select(&mut h, "CR-03");
    let before = h.app.risks.selected().unwrap().clone();
    assert_eq!((before.risk.likelihood, before.risk.impact), (4, 4));
    let counts_before = heat_counts(h.app.risks.rows.iter().map(|r| &r.risk), Basis::Current);
    h.press(KeyCode::Char('a'));
    assert!(matches!(h.app.overlay, Some(Overlay::Form(_))));
    h.press(KeyCode::Backspace);
    h.keys("2");
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab);
    h.press(KeyCode::Enter);
    assert!(
        h.text().contains("✗ required"),
        "a re-assessment needs a note"
    );
    h.keys("Interim Head of ICT appointed");
    h.press(KeyCode::Enter);
    assert!(h.app.overlay.is_none(), "{}", h.text());
    let after = h
        .app
        .risks
        .rows
        .iter()
        .find(|r| r.risk.code == "CR-03")
        .unwrap();
    assert_eq!((after.risk.likelihood, after.risk.impact), (2, 4));
    assert_eq!(after.assessments.len(), before.assessments.len() + 1);
    assert_eq!(
        after.assessments.last().unwrap().note,
        "Interim Head of ICT appointed"
    );
    assert_eq!(after.trend(), Some(Trend::Falling));
    let counts_after = heat_counts(h.app.risks.rows.iter().map(|r| &r.risk), Basis::Current);
    assert_eq!(
        counts_after[3][3],
        counts_before[3][3] - 1,
        "left the 4x4 cell"
    );
    assert_eq!(
        counts_after[3][1],
        counts_before[3][1] + 1,
        "joined the 2x4 cell"
    );
    let line = h
        .text()
        .lines()
        .find(|l| l.contains("CR-03") && !l.contains("search:"))
        .unwrap()
        .to_string();
    assert!(line.contains(" 8 2×4 High") && line.contains('↓'), "{line}");
}

#[test]
fn scope_map_cells_and_basis_narrow_the_register() {
    let mut h = harness(160, 50, Theme::colour(), Fixture::Demo);
    h.press(KeyCode::Char('3'));
    let all = h.app.risks.visible.len();
    h.press(KeyCode::Char('c'));
    let corporate = h.app.risks.visible.len();
    assert!(corporate > 0 && corporate < all);
    assert!(
        h.app
            .risks
            .visible
            .iter()
            .all(|i| h.app.risks.rows[*i].is_corporate())
    );
    h.press(KeyCode::Char('c'));
    assert!(
        h.app
            .risks
            .visible
            .iter()
            .all(|i| !h.app.risks.rows[*i].is_corporate())
    );
    h.press(KeyCode::Char('c'));
    assert_eq!(h.app.risks.visible.len(), all);
    // Into the map: the list follows the cell.
    select(&mut h, "CR-03");
    h.press(KeyCode::Char('M'));
    assert_eq!(h.app.risks.cell, Some((4, 4)));
    assert!(h.app.risks.visible.iter().all(|i| {
        let r = &h.app.risks.rows[*i].risk;
        (r.likelihood, r.impact) == (4, 4)
    }));
    h.press(KeyCode::Up);
    assert_eq!(h.app.risks.cell, Some((4, 5)));
    h.press(KeyCode::Esc);
    assert_eq!(h.app.risks.cell, None);
    h.press(KeyCode::Char('b'));
    assert_eq!(h.app.risks.basis, Basis::Target);
    assert!(h.text().contains("target scores"));
}

#[test]
fn close_reopen_and_materialise_as_an_issue() {
    let mut h = harness(160, 50, Theme::colour(), Fixture::Demo);
    h.press(KeyCode::Char('3'));
    select(&mut h, "CR-03");
    h.press(KeyCode::Char('o'));
    assert!(
        !h.app
            .risks
            .rows
            .iter()
            .any(|r| r.risk.code == "CR-03" && r.risk.open)
    );
    assert!(
        h.app
            .risks
            .selected()
            .is_none_or(|r| r.risk.code != "CR-03"),
        "closed ones hide"
    );
    h.press(KeyCode::Char('u'));
    assert!(
        h.app
            .risks
            .rows
            .iter()
            .any(|r| r.risk.code == "CR-03" && r.risk.open)
    );
    select(&mut h, "CR-03");
    h.press(KeyCode::Char('i'));
    assert!(h.text().contains("Has CR-03"));
    h.press(KeyCode::Char('y'));
    let row = h
        .app
        .risks
        .rows
        .iter()
        .find(|r| r.risk.code == "CR-03")
        .unwrap();
    assert_eq!(row.risk.kind, RiskKind::Issue);
    assert!(h.text().contains("CR-03*"), "issues are marked in the list");
}

#[test]
fn settings_change_the_bands_for_everyone_and_are_audited() {
    let mut h = harness(160, 50, Theme::colour(), Fixture::Demo);
    h.press(KeyCode::Char('3'));
    h.press(KeyCode::Char(','));
    let Some(Overlay::Form(open)) = &h.app.overlay else {
        panic!("a settings form")
    };
    let appetite = open
        .form
        .fields
        .iter()
        .position(|f| f.slot.name() == "risk_appetite")
        .unwrap();
    let high = open
        .form
        .fields
        .iter()
        .position(|f| f.slot.name() == "risk_high_max")
        .unwrap();
    if let Some(Overlay::Form(open)) = h.app.overlay.as_mut() {
        open.form.focus = high;
    }
    h.press(KeyCode::Backspace);
    h.press(KeyCode::Backspace);
    h.keys("30");
    h.press(KeyCode::Enter);
    assert!(h.text().contains("1 to 25"), "{}", h.text());
    h.press(KeyCode::Backspace);
    h.press(KeyCode::Backspace);
    h.keys("9");
    if let Some(Overlay::Form(open)) = h.app.overlay.as_mut() {
        open.form.focus = appetite;
    }
    h.press(KeyCode::Backspace);
    h.press(KeyCode::Backspace);
    h.keys("8");
    h.press(KeyCode::Enter);
    assert!(h.app.overlay.is_none(), "{}", h.text());
    assert_eq!(h.app.settings.risk_high_max, 9);
    assert_eq!(h.app.settings.risk_appetite, 8);
    let other =
        workplan::store::Store::open(h.runtime.store.path(), workplan::store::OpenMode::MustExist)
            .unwrap();
    assert_eq!(
        other.settings().unwrap().risk_appetite,
        8,
        "stored for every user"
    );
    let audit = other.audit_log(None, None, 5).unwrap();
    assert!(audit.iter().any(|a| a.entity == "settings"
        && a.field == "risk_appetite"
        && a.old_value.as_deref() == Some("12")
        && a.new_value.as_deref() == Some("8")));
    let line = h
        .text()
        .lines()
        .find(|l| l.contains("CR-01"))
        .unwrap()
        .to_string();
    assert!(
        line.contains("12 3×4 V.high"),
        "12 is very high once high stops at 9: {line}"
    );
}

#[test]
fn a_projects_risks_tab_has_the_same_keys() {
    let mut h = harness(120, 40, Theme::colour(), Fixture::Demo);
    h.press(KeyCode::Char('/'));
    h.keys("firewall");
    h.press(KeyCode::Enter);
    h.press(KeyCode::Enter);
    while h.app.project.as_ref().unwrap().tab != Tab::Risks {
        h.press(KeyCode::Tab);
    }
    h.press(KeyCode::Char('a'));
    assert!(h.text().contains("Re-assess"), "{}", h.text());
    h.press(KeyCode::Esc);
    h.press(KeyCode::Char('o'));
    let risks = &h.app.project.as_ref().unwrap().risks;
    assert!(risks.iter().any(|r| !r.open), "closed from the project tab");
}

#[test]
fn enter_on_a_projects_risk_opens_the_registers_detail_of_it() {
    for (w, hgt) in [(80u16, 24u16), (200, 60)] {
        let mut h = harness(w, hgt, Theme::colour(), Fixture::Demo);
        h.press(KeyCode::Char('/'));
        h.keys("firewall");
        h.press(KeyCode::Enter);
        h.press(KeyCode::Enter);
        while h.app.project.as_ref().unwrap().tab != Tab::Risks {
            h.press(KeyCode::Tab);
        }
        let index = h
            .app
            .project
            .as_ref()
            .unwrap()
            .risks
            .iter()
            .position(|r| r.code == "R-008")
            .unwrap();
        h.press(KeyCode::Char('g'));
        for _ in 0..index {
            h.press(KeyCode::Char('j'));
        }
        h.press(KeyCode::Enter);
        let text = h.text();
        // What the register's detail shows: the risk, its scores in words, its assessments
        // and its trajectory.
        assert!(
            text.contains("R-008 · issue · open · ICT-019 Perimeter firewall replacement"),
            "{text}"
        );
        assert!(
            text.contains("Risk      Firewall rule-base migration failure at cutover"),
            "{text}"
        );
        assert!(
            text.contains("Control   Supplier root-cause analysis"),
            "{text}"
        );
        assert!(text.contains("Inherent  25 Very high"), "{text}");
        assert!(text.contains("Current   20 Very high"), "{text}");
        assert!(text.contains("Assessments"), "{text}");
        assert!(text.contains("Trajectory (score)"), "{text}");
        if w >= 200 {
            assert!(
                text.contains("First cutover window missed; likelihood increased"),
                "{text}"
            );
            assert!(
                text.contains("Initial assessment on registration"),
                "{text}"
            );
        }
        insta::assert_snapshot!(format!("project_risk_detail_{w}x{hgt}"), text);
        // The risk keys apply to the risk shown; Esc comes back to the tab's list.
        h.press(KeyCode::Char('j'));
        h.press(KeyCode::Esc);
        let state = h.app.project.as_ref().unwrap();
        assert_eq!(state.detail, None);
        assert_eq!(state.cursor.selected, index, "the same risk selected");
        assert!(!h.text().contains("Trajectory (score)"), "{}", h.text());
    }
}

#[test]
fn a_large_register_is_read_in_the_background_and_matches_the_inline_read() {
    let mut inline = harness(120, 40, Theme::colour(), Fixture::Demo);
    inline.press(KeyCode::Char('3'));
    assert!(!inline.app.loading(), "a small register reads at once");

    let mut h = harness(120, 40, Theme::colour(), Fixture::Demo);
    h.app.background = workplan::tui::background::BackgroundFrom::ALWAYS;
    h.press_before_reads_land(KeyCode::Char('3'));
    assert_eq!(h.app.screen, Screen::Risks);
    assert!(h.app.is_running(workplan::tui::message::Job::Risks));
    assert!(
        h.text().contains("Reading the risk register"),
        "{}",
        h.text()
    );
    h.wait_for_background();
    assert_eq!(h.app.risks.rows, inline.app.risks.rows);
    assert_eq!(h.app.risks.visible, inline.app.risks.visible);
    assert_eq!(h.text(), inline.text(), "the same screen once read");

    // Coming back with nothing changed reads nothing.
    h.press(KeyCode::Char('1'));
    h.press(KeyCode::Char('3'));
    assert!(!h.app.loading());

    // Another process closes a risk: the refresh reads again, in the background.
    let open_before = h.app.risks.filtered(&h.app.settings).count();
    let code = h.app.risks.rows[h.app.risks.visible[0]].risk.code.clone();
    let conn = rusqlite::Connection::open(h.runtime.store.path()).unwrap();
    conn.execute(
        "UPDATE risks SET status = 'closed' WHERE code = ?1",
        [&code],
    )
    .unwrap();
    drop(conn);
    h.runtime.refresh(&mut h.app).unwrap();
    h.wait_for_background();
    assert_eq!(
        h.app.risks.filtered(&h.app.settings).count(),
        open_before - 1
    );
}

#[test]
fn on_a_large_plan_only_the_view_on_screen_keeps_its_data() {
    let mut h = harness(120, 40, Theme::colour(), Fixture::Demo);
    h.app.background = workplan::tui::background::BackgroundFrom::ALWAYS;
    h.press(KeyCode::Char('3'));
    h.wait_for_background();
    let register = h.app.risks.rows.clone();
    assert!(!register.is_empty());
    // Reading the timeline lets the register go (tens of MB on a large plan)...
    h.press(KeyCode::Char('2'));
    h.wait_for_background();
    assert!(!h.app.timeline.milestones.is_empty());
    assert!(h.app.risks.rows.is_empty() && h.app.risks.loaded_at.is_none());
    // ... and coming back reads it again, the same.
    h.press_before_reads_land(KeyCode::Char('3'));
    assert!(
        h.app.is_running(workplan::tui::message::Job::Risks),
        "read again"
    );
    h.wait_for_background();
    assert_eq!(h.app.risks.rows, register);
    assert!(
        h.app.timeline.milestones.is_empty(),
        "and the timeline went"
    );

    // A read the user has left before it lands is not kept.
    h.press_before_reads_land(KeyCode::Char('2'));
    h.press_before_reads_land(KeyCode::Char('1'));
    assert_eq!(h.app.screen, Screen::Portfolio);
    assert!(
        h.app.is_running(workplan::tui::message::Job::Timeline),
        "the read was started"
    );
    h.wait_for_background();
    assert!(h.app.timeline.milestones.is_empty());
    assert!(h.app.timeline.loaded_at.is_none());

    // A small plan keeps every view's data: switching back reads nothing.
    let mut small = harness(120, 40, Theme::colour(), Fixture::Demo);
    small.press(KeyCode::Char('3'));
    small.press(KeyCode::Char('2'));
    assert_eq!(small.app.risks.rows, register);
}

#[test]
fn the_status_filter_says_what_it_shows_and_the_header_counts_the_whole_register() {
    let mut h = harness(160, 50, Theme::mono(), Fixture::Demo);
    h.press(KeyCode::Char('3'));
    let all = h.app.risks.rows.iter().filter(|r| !r.risk.archived).count();
    let open = h
        .app
        .risks
        .rows
        .iter()
        .filter(|r| !r.risk.archived && r.risk.open)
        .count();
    assert!(open < all, "the demo has closed risks");
    let text = h.text();
    assert!(
        text.contains(&format!(" {open} of {all} risks · all risks · open ")),
        "{text}"
    );
    // The filter's status field shows "open", and "any" then shows the closed ones too.
    h.press(KeyCode::Char('f'));
    for _ in 0..6 {
        h.press(KeyCode::Char('j'));
    }
    let dialog = h.text();
    assert!(
        dialog.contains("Status") && dialog.contains("open"),
        "{dialog}"
    );
    h.press(KeyCode::Char('h'));
    h.press(KeyCode::Esc);
    let text = h.text();
    assert!(
        text.contains(&format!(
            " {all} of {all} risks · all risks · open and closed "
        )),
        "{text}"
    );
    assert_eq!(h.app.risks.visible.len(), all);
}

#[test]
fn archived_risks_on_a_projects_tab_are_dimmed_and_say_so() {
    let mut h = harness(160, 50, Theme::mono(), Fixture::Demo);
    h.press(KeyCode::Char('/'));
    h.keys("firewall");
    h.press(KeyCode::Enter);
    h.press(KeyCode::Enter);
    while h.app.project.as_ref().unwrap().tab != workplan::tui::app::Tab::Risks {
        h.press(KeyCode::Tab);
    }
    let code = h.app.project.as_ref().unwrap().risks[0].code.clone();
    h.press(KeyCode::Char('x'));
    h.press(KeyCode::Char('y'));
    let row = |h: &common::screen::Harness| {
        h.text()
            .lines()
            .find(|l| l.trim_start().starts_with(&code))
            .map(str::to_string)
    };
    assert!(row(&h).is_none(), "archived rows hide");
    h.press(KeyCode::Char('A'));
    let line = row(&h).unwrap_or_default();
    assert!(line.contains("archived"), "{line}");
}

/// Re-assessing offers the next review (today and the review period) and saves it with the
/// new score in one change: an overdue review date does not stay overdue.
#[test]
fn reassessing_offers_the_next_review_and_saves_it() {
    let mut h = harness(160, 50, Theme::mono(), Fixture::Demo);
    h.press(KeyCode::Char('3'));
    select(&mut h, "CR-03");
    let next_review = h.app.today + chrono::Duration::days(h.app.settings.review_period_days);
    assert_eq!(next_review.to_string(), "2026-12-22");
    let before = h.app.risks.selected().unwrap().risk.review_date;
    assert_ne!(before, Some(next_review));
    h.press(KeyCode::Char('a'));
    let text = h.text();
    assert!(
        text.contains("Next review") && text.contains("22 Dec 2026 (Tuesday)"),
        "{text}"
    );
    h.press(KeyCode::Backspace);
    h.keys("3");
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab);
    h.keys("Reviewed at the leadership board");
    h.press(KeyCode::Enter);
    assert!(h.app.overlay.is_none(), "{}", h.text());
    let after = h
        .app
        .risks
        .rows
        .iter()
        .find(|r| r.risk.code == "CR-03")
        .unwrap();
    assert_eq!(after.risk.likelihood, 3);
    assert_eq!(after.risk.review_date, Some(next_review));
    assert_eq!(
        after.assessments.last().unwrap().note,
        "Reviewed at the leadership board"
    );
}
