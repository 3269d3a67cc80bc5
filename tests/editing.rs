//! Editing through the app on a real store: forms to saved rows, undo and redo, a colleague's
//! conflicting change, reloads that keep the user's place, triage and the history view.

mod common;

use common::screen::{Fixture, harness};
use crossterm::event::KeyCode;
use rusqlite::types::Value;
use workplan::store::edit::{Actor, Edit, EditOutcome, Entity};
use workplan::store::{OpenMode, Store};
use workplan::tui::app::{Overlay, Screen, Tab};
use workplan::tui::theme::Theme;

fn open_project(h: &mut common::screen::Harness, search: &str) {
    h.press(KeyCode::Char('/'));
    h.keys(search);
    h.press(KeyCode::Enter);
    h.press(KeyCode::Enter);
    assert_eq!(h.app.screen, Screen::Project);
}

fn to_tab(h: &mut common::screen::Harness, tab: Tab) {
    while h.app.project.as_ref().unwrap().tab != tab {
        h.press(KeyCode::Tab);
    }
}

fn select_milestone(h: &mut common::screen::Harness, name: &str) {
    let i = h
        .app
        .project
        .as_ref()
        .unwrap()
        .milestones
        .iter()
        .position(|m| m.name == name)
        .unwrap();
    h.press(KeyCode::Char('g'));
    for _ in 0..i {
        h.press(KeyCode::Char('j'));
    }
}

fn milestone(h: &common::screen::Harness, name: &str) -> workplan::domain::Milestone {
    h.app
        .project
        .as_ref()
        .unwrap()
        .milestones
        .iter()
        .find(|m| m.name == name)
        .unwrap()
        .clone()
}

#[test]
fn mark_done_move_undo_and_redo() {
    let mut h = harness(120, 40, Theme::colour(), Fixture::Demo);
    open_project(&mut h, "firewall");
    to_tab(&mut h, Tab::Milestones);
    select_milestone(&mut h, "Cutover at Holmwick House");
    h.press(KeyCode::Char('d'));
    assert!(matches!(h.app.overlay, Some(Overlay::Form(_))));
    h.press(KeyCode::Enter);
    assert!(h.app.overlay.is_none(), "saved and closed");
    assert_eq!(
        milestone(&h, "Cutover at Holmwick House")
            .actual_date
            .unwrap()
            .to_string(),
        "2026-11-22"
    );
    assert!(h.text().contains("Saved: milestone done"));

    select_milestone(&mut h, "Legacy firewalls decommissioned");
    h.press(KeyCode::Char('m'));
    h.keys("+3m");
    h.press(KeyCode::Enter);
    assert!(
        matches!(h.app.overlay, Some(Overlay::Form(_))),
        "a move needs a reason"
    );
    assert!(h.text().contains("✗ required"));
    assert_eq!(h.app.project.as_ref().unwrap().tab, Tab::Milestones);
    // The failed save put the cursor on the field that needs attention.
    h.keys("Change freeze over Christmas");
    h.press(KeyCode::Enter);
    assert_eq!(
        milestone(&h, "Legacy firewalls decommissioned")
            .forecast_date
            .unwrap()
            .to_string(),
        "2027-05-24",
        "three months after its forecast (24 Feb), not after today (which gave 22 Feb: earlier)"
    );
    let selected = h.app.project.as_ref().unwrap();
    assert_eq!(
        selected.milestones[selected.cursor.selected].name, "Legacy firewalls decommissioned",
        "the selection follows the moved milestone"
    );
    let audit = &h.app.project.as_ref().unwrap().audit;
    assert_eq!(audit[0].field, "forecast_date");
    assert_eq!(audit[0].reason, "Change freeze over Christmas");
    assert_eq!(audit[0].user, "Tom Blackwood");

    h.press(KeyCode::Char('u'));
    assert_eq!(
        milestone(&h, "Legacy firewalls decommissioned")
            .forecast_date
            .unwrap()
            .to_string(),
        "2027-02-24",
        "undo restores the old forecast"
    );
    assert!(h.text().contains("Undone"));
    let audit = &h.app.project.as_ref().unwrap().audit;
    assert!(
        audit[0].reason.starts_with("undo:"),
        "undo is itself audited"
    );
    h.press(KeyCode::Char('u'));
    assert!(
        milestone(&h, "Cutover at Holmwick House")
            .actual_date
            .is_none()
    );
    h.press(KeyCode::Char('u'));
    assert!(h.text().contains("nothing to undo"));
    let redo = crossterm::event::KeyEvent::new(
        KeyCode::Char('r'),
        crossterm::event::KeyModifiers::CONTROL,
    );
    tui_key(&mut h, redo);
    assert!(
        milestone(&h, "Cutover at Holmwick House")
            .actual_date
            .is_some()
    );
}

fn tui_key(h: &mut common::screen::Harness, key: crossterm::event::KeyEvent) {
    workplan::tui::step(
        &mut h.terminal,
        &mut h.app,
        &mut h.runtime,
        Some(crossterm::event::Event::Key(key)),
    )
    .unwrap();
}

#[test]
fn a_colleagues_change_is_never_overwritten() {
    let mut h = harness(120, 40, Theme::colour(), Fixture::Demo);
    open_project(&mut h, "firewall");
    to_tab(&mut h, Tab::Milestones);
    select_milestone(&mut h, "Cutover at Holmwick House");
    h.press(KeyCode::Char('m'));
    h.keys("2027-01-10");
    h.press(KeyCode::Tab);
    h.keys("Mine");
    // Meanwhile a colleague moves the same milestone from another connection.
    let loaded = milestone(&h, "Cutover at Holmwick House");
    let mut colleague = Store::open(h.runtime.store.path(), OpenMode::MustExist).unwrap();
    let theirs = colleague
        .apply_edit(
            &Edit {
                entity: Entity::Milestone,
                id: loaded.id,
                expected_version: loaded.version,
                loaded: vec![],
                values: vec![("forecast_date", Value::Text("2027-03-01".into()))],
                reason: "Theirs".into(),
            },
            Actor {
                user: "Colleague",
                now: common::now(),
            },
        )
        .unwrap();
    assert!(matches!(theirs, EditOutcome::Saved { .. }));
    h.press(KeyCode::Enter);
    let Some(Overlay::Conflict(conflict)) = &h.app.overlay else {
        panic!("a conflict dialog, not a silent overwrite")
    };
    assert_eq!(conflict.theirs[0].1, Value::Text("2027-03-01".into()));
    let screen = h.text();
    assert!(
        screen.contains("01 Mar 2027") && screen.contains("10 Jan 2027"),
        "both values shown, as dates: {screen}"
    );
    assert!(
        screen.contains("Forecast")
            && !screen.contains("Forecast date")
            && !screen.contains("forecast_date"),
        "the field named as the milestone's table names it: {screen}"
    );
    h.press(KeyCode::Char('d'));
    assert_eq!(
        milestone(&h, "Cutover at Holmwick House")
            .forecast_date
            .unwrap()
            .to_string(),
        "2027-03-01",
        "dropped mine: theirs stands and is shown"
    );
    // Try again and this time re-apply mine on top.
    h.press(KeyCode::Char('m'));
    h.keys("2027-01-10");
    h.press(KeyCode::Tab);
    h.keys("Mine after all");
    let loaded = milestone(&h, "Cutover at Holmwick House");
    colleague
        .apply_edit(
            &Edit {
                entity: Entity::Milestone,
                id: loaded.id,
                expected_version: loaded.version,
                loaded: vec![],
                values: vec![("owner", Value::Text("Someone".into()))],
                reason: String::new(),
            },
            Actor {
                user: "Colleague",
                now: common::now(),
            },
        )
        .unwrap();
    h.press(KeyCode::Enter);
    assert!(
        h.app.overlay.is_none(),
        "their change to another field merges without a dialog"
    );
    assert!(h.app.message.as_deref().unwrap_or("").contains("merged"));
    let now = milestone(&h, "Cutover at Holmwick House");
    assert_eq!(now.forecast_date.unwrap().to_string(), "2027-01-10");
    assert_eq!(now.owner, "Someone", "their other change is kept");
    // The History tab names the milestone, its field by label, and the dates in UK words.
    to_tab(&mut h, Tab::History);
    let screen = h.text();
    // (At 120 columns the reason keeps its room and the milestone's name is cut.)
    assert!(screen.contains("milestone Cutover at Holmwick"), "{screen}");
    assert!(screen.contains("01 Mar 2027 → 10 Jan 2027"), "{screen}");
    assert!(
        !screen.contains("forecast_date") && !screen.contains("2027-01-10"),
        "no column names or ISO dates: {screen}"
    );
}

#[test]
fn reloading_for_another_users_change_keeps_place_and_form() {
    let mut h = harness(120, 40, Theme::colour(), Fixture::Demo);
    for _ in 0..5 {
        h.press(KeyCode::Char('j'));
    }
    let selected = h.app.selected_row().unwrap().code.clone();
    h.press(KeyCode::Char('e'));
    h.keys(" (phase 2)");
    let mut colleague = Store::open(h.runtime.store.path(), OpenMode::MustExist).unwrap();
    let id = colleague.project_id_by_code("ICT-020").unwrap().unwrap();
    let p = colleague.project(id).unwrap().unwrap();
    colleague
        .apply_edit(
            &Edit {
                entity: Entity::Project,
                id,
                expected_version: p.version,
                loaded: vec![],
                values: vec![
                    ("rag", Value::Text("red".into())),
                    ("rag_reason", Value::Text("Printers failed".into())),
                ],
                reason: "Printers failed".into(),
            },
            Actor {
                user: "Colleague",
                now: common::now(),
            },
        )
        .unwrap();
    h.runtime.refresh(&mut h.app).unwrap();
    assert_eq!(
        h.app.selected_row().unwrap().code,
        selected,
        "same project selected"
    );
    let Some(Overlay::Form(open)) = &h.app.overlay else {
        panic!("the half-filled form survives")
    };
    assert!(
        open.form
            .field(workplan::tui::forms::keys::field::NAME)
            .unwrap()
            .text()
            .ends_with("(phase 2)")
    );
    let red: Vec<_> = h
        .app
        .portfolio
        .rows
        .iter()
        .filter(|r| r.code == "ICT-020")
        .map(|r| r.rag)
        .collect();
    assert_eq!(red, vec![workplan::domain::Rag::Red]);
}

#[test]
fn archive_then_restore_a_milestone() {
    let mut h = harness(120, 40, Theme::colour(), Fixture::Demo);
    open_project(&mut h, "firewall");
    to_tab(&mut h, Tab::Milestones);
    select_milestone(&mut h, "Cutover at Holmwick House");
    h.press(KeyCode::Char('x'));
    assert!(
        h.text()
            .contains("Archive milestone 'Cutover at Holmwick House'?")
    );
    h.press(KeyCode::Char('y'));
    assert_eq!(h.app.project.as_ref().unwrap().milestones.len(), 5);
    h.press(KeyCode::Char('A'));
    assert_eq!(h.app.project.as_ref().unwrap().milestones.len(), 6);
    select_milestone(&mut h, "Cutover at Holmwick House");
    assert!(milestone(&h, "Cutover at Holmwick House").archived);
    h.press(KeyCode::Char('x'));
    assert!(h.text().contains("Restore milestone"));
    h.press(KeyCode::Char('y'));
    h.press(KeyCode::Char('A'));
    assert_eq!(h.app.project.as_ref().unwrap().milestones.len(), 6);
    assert!(!milestone(&h, "Cutover at Holmwick House").archived);
}

#[test]
fn rag_change_needs_a_reason_and_joins_the_history() {
    let mut h = harness(120, 40, Theme::colour(), Fixture::Demo);
    open_project(&mut h, "webchat");
    let before = h.app.project.as_ref().unwrap().history.len();
    h.press(KeyCode::Char('r'));
    assert!(
        h.text().contains("Delivery appears feasible"),
        "definitions shown"
    );
    h.press(KeyCode::Left);
    h.press(KeyCode::Left);
    h.press(KeyCode::Tab);
    for _ in 0..60 {
        h.press(KeyCode::Backspace);
    }
    h.press(KeyCode::Enter);
    assert!(h.text().contains("a reason is required"), "{}", h.text());
    h.keys("Delayed awaiting user sign-off");
    h.press(KeyCode::Enter);
    let state = h.app.project.as_ref().unwrap();
    assert_eq!(state.project.rag, workplan::domain::Rag::Amber);
    assert_eq!(state.history.len(), before + 1);
    assert_eq!(
        state.history.last().unwrap().reason,
        "Delayed awaiting user sign-off"
    );
    // The History tab reads the RAG by its labels, not the stored words.
    to_tab(&mut h, Tab::History);
    let screen = h.text();
    assert!(screen.contains("RAG reason"), "{screen}");
    assert!(screen.contains("→ Amber"), "{screen}");
    assert!(
        !screen.contains("→ amber") && !screen.contains("rag_reason"),
        "no stored words: {screen}"
    );
}

#[test]
fn triage_counts_reviews_and_history_shows_them() {
    let mut h = harness(120, 40, Theme::colour(), Fixture::Demo);
    h.press(KeyCode::Char('t'));
    assert!(
        h.text()
            .contains("Triage · project 1 of 11 · 0 of 11 reviewed"),
        "{}",
        h.text()
    );
    // c records the review and moves on to the next card.
    h.press(KeyCode::Char('c'));
    assert!(
        h.text().contains("project 2 of 11 · 1 of 11 reviewed"),
        "{}",
        h.text()
    );
    // Several open milestones: m shows them to pick one (the first overdue selected), m moves
    // it, and Esc comes back to the card.
    h.press(KeyCode::Char('m'));
    assert_eq!(h.app.screen, Screen::Project);
    assert!(h.text().contains("choose one and press m"), "{}", h.text());
    h.press(KeyCode::Char('m'));
    h.keys("+2w");
    h.press(KeyCode::Tab);
    h.keys("Supplier late");
    h.press(KeyCode::Enter);
    h.press(KeyCode::Esc);
    assert_eq!(h.app.screen, Screen::Triage);
    assert!(
        h.text().contains("2 of 11 reviewed"),
        "a moved milestone counts as reviewed: {}",
        h.text()
    );
    h.press(KeyCode::Char('6'));
    let text = h.text();
    assert!(
        text.contains("reviewed") && text.contains("milestone Trial data"),
        "the review and the moved milestone, by name: {text}"
    );
    assert!(
        !text.contains("last_reviewed_at") && !text.contains("forecast_date"),
        "no column names: {text}"
    );
    h.press(KeyCode::Char('f'));
    h.press(KeyCode::Char('f'));
    assert_eq!(h.app.history.user.as_deref(), Some("Tom Blackwood"));
    assert!(
        h.app
            .history
            .entries
            .iter()
            .all(|e| e.user == "Tom Blackwood")
    );
    assert_eq!(
        h.app.history.entries.len(),
        2,
        "the review stamp and the move"
    );
    insta::assert_snapshot!("history_filtered_120x40", h.text());
}

#[test]
fn read_only_shows_a_banner_and_refuses_edits() {
    let mut h = harness(120, 40, Theme::colour(), Fixture::Demo);
    h.app.read_only = true;
    h.press(KeyCode::Char('r'));
    let text = h.text();
    assert!(text.contains("READ-ONLY"));
    assert!(text.contains("read-only: this work plan was opened with --read-only"));
    assert!(h.app.overlay.is_none());
}

#[test]
fn a_busy_database_keeps_the_form_open_to_retry() {
    let mut h = harness(120, 40, Theme::colour(), Fixture::Demo);
    open_project(&mut h, "webchat");
    h.press(KeyCode::Char('e'));
    h.keys(" phase 2");
    // Another user holds the write lock beyond the busy timeout.
    let blocker = rusqlite::Connection::open(h.runtime.store.path()).unwrap();
    blocker.execute_batch("BEGIN IMMEDIATE").unwrap();
    h.press(KeyCode::Enter);
    let Some(Overlay::Form(open)) = &h.app.overlay else {
        panic!("the form stays open with what was typed")
    };
    assert!(open.form.note.as_deref().unwrap().contains("busy"));
    assert!(h.text().contains("press Enter to try again"));
    blocker.execute_batch("ROLLBACK").unwrap();
    h.press(KeyCode::Enter);
    assert!(h.app.overlay.is_none());
    assert!(
        h.app
            .project
            .as_ref()
            .unwrap()
            .project
            .name
            .ends_with("phase 2")
    );
}

#[test]
fn other_users_changes_are_described_in_the_status_bar() {
    let entry = |user: &str, code: &str, field: &str| workplan::store::AuditEntry {
        id: 1,
        project_code: code.into(),
        at: common::now(),
        user: user.into(),
        entity: "project".into(),
        entity_id: 1,
        field: field.into(),
        old_value: None,
        new_value: None,
        reason: String::new(),
        subject: String::new(),
    };
    assert_eq!(
        workplan::tui::describe_changes(&[entry("Ann", "ICT-1", "rag")]),
        "updated: Ann changed ICT-1 RAG"
    );
    assert_eq!(
        workplan::tui::describe_changes(&[
            entry("Ann", "ICT-1", "rag"),
            entry("Ann", "ICT-1", "rag_reason")
        ]),
        "updated: Ann changed ICT-1 RAG (and 1 more change)"
    );
    // A milestone's change names the milestone and the field by its label.
    let moved = workplan::store::AuditEntry {
        entity: "milestone".into(),
        subject: "Go-live".into(),
        ..entry("Ann", "ICT-1", "forecast_date")
    };
    assert_eq!(
        workplan::tui::describe_changes(&[moved]),
        "updated: Ann changed ICT-1 milestone Go-live · forecast"
    );
    assert_eq!(
        workplan::tui::describe_changes(&[]),
        "updated with changes saved by another user"
    );
}

/// A review is not an update: "reviewed, unchanged" is recorded and shown, but the project
/// still reads as not updated (and stale) until its manager gives a status update.
#[test]
fn a_review_is_shown_beside_the_last_update_and_does_not_clear_stale() {
    let mut h = harness(160, 50, Theme::mono(), Fixture::Demo);
    let row = |h: &common::screen::Harness| {
        h.text()
            .lines()
            .find(|l| l.contains("ICT-006"))
            .unwrap_or_default()
            .to_string()
    };
    assert!(row(&h).contains("69d!"), "{}", row(&h));
    h.press(KeyCode::Char('t'));
    assert!(h.text().contains("ICT-006"), "the first card");
    h.press(KeyCode::Char('c'));
    h.press(KeyCode::Char('p'));
    let card = h.text();
    assert!(card.contains("ICT-006"), "{card}");
    assert!(card.contains("reviewed, unchanged, 22 Nov 2026"), "{card}");
    assert!(card.contains("last status update"), "{card}");
    h.press(KeyCode::Esc);
    assert!(row(&h).contains("69d!"), "still stale: {}", row(&h));
}

/// Triage keeps the day's progress, returns to the card a project was opened from, and ends
/// with where it stands.
#[test]
fn triage_keeps_the_days_progress_and_returns_to_its_card() {
    let mut h = harness(120, 40, Theme::mono(), Fixture::Demo);
    h.press(KeyCode::Char('t'));
    h.press(KeyCode::Char('c'));
    h.press(KeyCode::Esc);
    assert_eq!(h.app.screen, Screen::Portfolio);
    h.press(KeyCode::Char('t'));
    assert!(
        h.text().contains("1 of 11 reviewed"),
        "progress kept: {}",
        h.text()
    );
    // Space goes to the first card not reviewed today.
    h.press(KeyCode::Char(' '));
    assert_eq!(h.app.triage.as_ref().unwrap().index, 1);
    // Enter opens the card's project; Esc comes back to the same card.
    h.press(KeyCode::Enter);
    assert_eq!(h.app.screen, Screen::Project);
    h.press(KeyCode::Esc);
    assert_eq!(h.app.screen, Screen::Triage);
    assert_eq!(h.app.triage.as_ref().unwrap().index, 1);
    // Stepping past the last card says where the day's triage stands.
    for _ in 0..12 {
        h.press(KeyCode::Char('j'));
    }
    let text = h.text();
    assert!(
        text.contains("Triage done: 1 of 11 reviewed (0 changed), 10 left"),
        "{text}"
    );
}

#[test]
fn a_project_opened_from_a_timeline_list_returns_to_the_list() {
    let mut h = harness(120, 40, Theme::mono(), Fixture::Demo);
    h.press(KeyCode::Char('2'));
    h.press(KeyCode::Char('v'));
    assert_ne!(h.app.timeline.mode, workplan::tui::app::TimelineMode::Gantt);
    let mode = h.app.timeline.mode;
    h.press(KeyCode::Enter);
    assert_eq!(h.app.screen, Screen::Project);
    h.press(KeyCode::Esc);
    assert_eq!(h.app.screen, Screen::Timeline);
    assert_eq!(h.app.timeline.mode, mode, "the same list");
}

#[test]
fn a_triage_card_shows_the_schedules_suggestion_when_the_rag_is_rosier() {
    let mut h = harness(120, 40, Theme::mono(), Fixture::Demo);
    h.press(KeyCode::Char('t'));
    for _ in 0..12 {
        if h.text().contains("ICT-007") {
            break;
        }
        h.press(KeyCode::Char('j'));
    }
    let card = h.text();
    assert!(card.contains("ICT-007"), "{card}");
    assert!(
        card.contains("Schedule suggests  R   Red"),
        "the list's AR→R? on the card: {card}"
    );
}

fn ctrl(h: &mut common::screen::Harness, c: char) {
    tui_key(
        h,
        crossterm::event::KeyEvent::new(KeyCode::Char(c), crossterm::event::KeyModifiers::CONTROL),
    );
}

/// Moving a forecast: `+2w` counts from the forecast, and a date earlier than it is allowed
/// but said so, naming the forecast it is earlier than.
#[test]
fn moving_a_forecast_earlier_says_so_and_offsets_count_from_it() {
    let mut h = harness(120, 40, Theme::mono(), Fixture::Demo);
    open_project(&mut h, "firewall");
    to_tab(&mut h, Tab::Milestones);
    select_milestone(&mut h, "Legacy firewalls decommissioned");
    assert_eq!(
        milestone(&h, "Legacy firewalls decommissioned")
            .forecast_date
            .unwrap()
            .to_string(),
        "2027-02-24"
    );
    h.press(KeyCode::Char('m'));
    h.keys("-1w");
    let text = h.text();
    assert!(
        text.contains("17 Feb 2027 (Wednesday) · earlier than the current forecast 24 Feb 2027"),
        "{text}"
    );
    ctrl(&mut h, 'u');
    h.keys("+2w");
    let text = h.text();
    assert!(text.contains("10 Mar 2027 (Wednesday)"), "{text}");
    assert!(
        !text.contains("earlier than the current forecast"),
        "{text}"
    );
}

/// A new risk is offered the next code in its register's sequence (free across the whole
/// work plan), owned by the project's manager, with likelihood and impact to type, not a
/// default to type after.
#[test]
fn a_new_risk_is_offered_the_next_code_and_the_projects_manager() {
    let mut h = harness(120, 40, Theme::mono(), Fixture::Demo);
    open_project(&mut h, "firewall");
    to_tab(&mut h, Tab::Risks);
    let manager = h.app.project.as_ref().unwrap().project.manager.clone();
    assert_eq!(manager, "Hannah Okafor");
    h.press(KeyCode::Char('n'));
    let Some(Overlay::Form(open)) = &h.app.overlay else {
        panic!("the new risk form")
    };
    use workplan::tui::forms::keys::field;
    // ICT-019's risks are of the demo's plan-wide sequence, R-001 to R-037.
    assert_eq!(open.form.field(field::CODE).unwrap().text(), "R-038");
    assert_eq!(open.form.field(field::OWNER).unwrap().text(), manager);
    assert_eq!(open.form.field(field::LIKELIHOOD).unwrap().text(), "");
    assert_eq!(open.form.field(field::IMPACT).unwrap().text(), "");
    assert!(h.text().contains("1–5"), "{}", h.text());
    h.press(KeyCode::Tab);
    h.keys("Replacement appliances delayed by the supplier");
    // Impact, Control, Owner, Kind, Status, then Likelihood.
    for _ in 0..6 {
        h.press(KeyCode::Tab);
    }
    h.keys("4");
    h.press(KeyCode::Tab);
    h.keys("3");
    h.press(KeyCode::Enter);
    assert!(h.app.overlay.is_none(), "{}", h.text());
    let risks = &h.app.project.as_ref().unwrap().risks;
    let new = risks.iter().find(|r| r.code == "R-038").unwrap();
    assert_eq!((new.likelihood, new.impact), (4, 3), "typed, not appended");
    assert_eq!(new.owner, "Hannah Okafor");

    // A project with no risks yet starts its own sequence.
    let mut h = harness(120, 40, Theme::mono(), Fixture::Demo);
    open_project(&mut h, "copilot");
    to_tab(&mut h, Tab::Risks);
    assert!(h.app.project.as_ref().unwrap().risks.is_empty());
    h.press(KeyCode::Char('n'));
    let Some(Overlay::Form(open)) = &h.app.overlay else {
        panic!("the new risk form")
    };
    assert_eq!(open.form.field(field::CODE).unwrap().text(), "ICT-035-R1");
    assert_eq!(
        open.form.field(field::OWNER).unwrap().text(),
        "Priya Chandran"
    );
}

/// Project forms set the theme and the organisations by name (`;` between organisations, as
/// the import files have them); a name new to the work plan is added, as an import adds it.
#[test]
fn a_project_form_sets_the_theme_and_organisations_by_name() {
    let mut h = harness(120, 40, Theme::mono(), Fixture::Demo);
    open_project(&mut h, "webchat");
    h.press(KeyCode::Char('e'));
    let text = h.text();
    assert!(
        text.contains("Council Service Development and Transformation")
            && text.contains("Holmwick District Council"),
        "{text}"
    );
    // Name, Stage, then Theme and Organisations.
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab);
    ctrl(&mut h, 'u');
    h.keys("ict strategic architecture");
    h.press(KeyCode::Tab);
    ctrl(&mut h, 'u');
    h.keys("Holmwick District Council;Parish Partnership");
    h.press(KeyCode::Enter);
    assert!(h.app.overlay.is_none(), "{}", h.text());
    let project = &h.app.project.as_ref().unwrap().project;
    assert_eq!(project.theme.as_deref(), Some("ICT Strategic Architecture"));
    assert_eq!(
        project.organisations,
        ["Holmwick District Council", "Parish Partnership"]
    );
    let audit = &h.app.project.as_ref().unwrap().audit;
    assert!(
        audit.iter().take(2).any(|a| a.field == "organisations")
            && audit.iter().take(2).any(|a| a.field == "theme"),
        "{audit:?}"
    );
    h.press(KeyCode::Char('u'));
    let project = &h.app.project.as_ref().unwrap().project;
    assert_eq!(
        project.theme.as_deref(),
        Some("Council Service Development and Transformation"),
        "undo puts the theme back"
    );
    assert_eq!(project.organisations, ["Holmwick District Council"]);
}

/// At 80x24 the project form scrolls its fields: the key line stays on screen, and so does
/// the focused field, down to the last.
#[test]
fn the_project_form_keeps_its_key_line_at_80x24() {
    let key_line = "Enter save · Esc cancel";
    let mut h = harness(80, 24, Theme::mono(), Fixture::Demo);
    h.press(KeyCode::Char('e'));
    assert!(matches!(h.app.overlay, Some(Overlay::Form(_))));
    let text = h.text();
    assert!(text.contains(key_line), "{text}");
    assert!(text.contains("more"), "says there is more below: {text}");
    let fields = match &h.app.overlay {
        Some(Overlay::Form(open)) => open.form.fields.len(),
        _ => 0,
    };
    for _ in 1..fields {
        h.press(KeyCode::Tab);
    }
    let text = h.text();
    assert!(text.contains(key_line), "{text}");
    assert!(text.contains("Reason"), "the last field in view: {text}");
    h.press(KeyCode::Esc);

    h.press(KeyCode::Char('n'));
    assert!(matches!(h.app.overlay, Some(Overlay::Form(_))));
    assert!(h.text().contains(key_line), "{}", h.text());
}
