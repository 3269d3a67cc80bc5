//! `update` on its own: keys to actions to state, with no terminal and no database.

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyModifiers};

use super::*;
use crate::domain::triage::PortfolioRow;
use crate::domain::{Milestone, Project, Settings};
use crate::domain::{Rag, Stage};
use crate::tui::app::{AppContext, ProjectState};
use crate::tui::app::{Overlay, Tab, Write};
use crate::tui::keymap::Keymap;
use crate::tui::theme::Theme;

pub(super) fn app() -> App {
    let context = AppContext {
        today: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        user: "Ann".into(),
        db_label: "t.db".into(),
        read_only: false,
        keymap: Keymap::default(),
        theme: Theme::mono(),
    };
    let mut app = App::new(context, Settings::default());
    let row = |id: i64, code: &str, name: &str, rag: Rag, manager: &str| PortfolioRow {
        id,
        code: code.into(),
        name: name.into(),
        rag,
        stage: Stage::InDelivery,
        manager: manager.into(),
        organisations: vec![
            if id % 2 == 0 {
                "Holmwick"
            } else {
                "Brackenford"
            }
            .into(),
        ],
        ..PortfolioRow::default()
    };
    app.set_rows(vec![
        row(1, "P-1", "Webchat", Rag::Green, "Bob"),
        row(2, "P-2", "Firewall replacement", Rag::Red, "Ann"),
        row(3, "P-3", "Telephony", Rag::Amber, "Cat"),
    ]);
    app
}

pub(super) fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn selected(app: &App) -> &str {
    &app.selected_row().unwrap().code
}

#[test]
fn rows_arrive_in_triage_order_and_the_cursor_moves() {
    let mut app = app();
    assert_eq!(selected(&app), "P-2");
    update(&mut app, Action::Down);
    assert_eq!(selected(&app), "P-3");
    update(&mut app, Action::Bottom);
    assert_eq!(selected(&app), "P-1");
    update(&mut app, Action::Down);
    assert_eq!(selected(&app), "P-1", "stops at the last row");
    update(&mut app, Action::Top);
    assert_eq!(selected(&app), "P-2");
    update(&mut app, Action::Up);
    assert_eq!(selected(&app), "P-2");
}

#[test]
fn open_asks_for_the_project_and_back_returns() {
    let mut app = app();
    update(&mut app, Action::Down);
    assert_eq!(update(&mut app, Action::Open), vec![Effect::LoadProject(3)]);
    app.project = Some(ProjectState {
        project: Project::default(),
        history: vec![],
        milestones: vec![Milestone::default(), Milestone::default()],
        risks: vec![],
        cases: vec![],
        audit: vec![],
        tab: Tab::Overview,
        cursor: Default::default(),
        show_archived: false,
        moves: vec![],
        assessments: Default::default(),
        detail: None,
    });
    app.screen = Screen::Project;
    update(&mut app, Action::NextView);
    update(&mut app, Action::NextView);
    assert_eq!(app.project.as_ref().unwrap().tab, Tab::Milestones);
    update(&mut app, Action::Down);
    assert_eq!(app.project.as_ref().unwrap().cursor.selected, 1);
    update(&mut app, Action::PrevView);
    update(&mut app, Action::PrevView);
    assert_eq!(app.project.as_ref().unwrap().tab, Tab::Overview);
    update(&mut app, Action::Back);
    assert_eq!(app.screen, Screen::Portfolio);
    assert_eq!(
        selected(&app),
        "P-3",
        "the selection survives the round trip"
    );
    update(&mut app, Action::PrevView);
    assert_eq!(
        app.screen,
        Screen::Project,
        "Shift-Tab returns to the open project"
    );
    update(&mut app, Action::Back);
    assert_eq!(
        update(&mut app, Action::NextView),
        vec![Effect::LoadTimeline]
    );
    assert_eq!(app.screen, Screen::Timeline, "Tab goes on to the timeline");
}

#[test]
fn typing_a_search_narrows_and_esc_clears_it() {
    let mut app = app();
    handle_key(&mut app, key(KeyCode::Char('/')));
    assert!(matches!(app.overlay, Some(Overlay::Search(_))));
    for c in "tele".chars() {
        handle_key(&mut app, key(KeyCode::Char(c)));
    }
    assert_eq!(app.portfolio.search, "tele");
    assert_eq!(app.portfolio.visible.len(), 1);
    assert_eq!(selected(&app), "P-3");
    handle_key(&mut app, key(KeyCode::Backspace));
    assert_eq!(app.portfolio.search, "tel");
    handle_key(&mut app, key(KeyCode::Enter));
    assert!(app.overlay.is_none());
    assert!(app.message.as_deref().unwrap().starts_with("1 match"));
    handle_key(&mut app, key(KeyCode::Esc));
    assert_eq!(app.portfolio.visible.len(), 3);
    assert_eq!(app.message.as_deref(), Some("search cleared"));
}

#[test]
fn the_filter_dialog_cycles_values_from_the_data() {
    let mut app = app();
    update(&mut app, Action::Filter);
    handle_key(&mut app, key(KeyCode::Char('l')));
    assert_eq!(
        app.portfolio.filter.organisation.as_deref(),
        Some("Brackenford")
    );
    assert_eq!(app.portfolio.visible.len(), 2);
    handle_key(&mut app, key(KeyCode::Char('l')));
    assert_eq!(
        app.portfolio.filter.organisation.as_deref(),
        Some("Holmwick")
    );
    handle_key(&mut app, key(KeyCode::Char('l')));
    assert_eq!(app.portfolio.filter.organisation, None, "wraps to any");
    for _ in 0..3 {
        handle_key(&mut app, key(KeyCode::Char('j')));
    }
    handle_key(&mut app, key(KeyCode::Char('l')));
    assert_eq!(app.portfolio.filter.rag, Some(Rag::Red));
    handle_key(&mut app, key(KeyCode::Char('j')));
    handle_key(&mut app, key(KeyCode::Char('j')));
    handle_key(&mut app, key(KeyCode::Char(' ')));
    assert!(app.portfolio.filter.mine);
    assert_eq!(app.portfolio.visible.len(), 1, "Ann's red project");
    handle_key(&mut app, key(KeyCode::Char('c')));
    assert!(app.portfolio.filter.is_default());
    handle_key(&mut app, key(KeyCode::Esc));
    assert!(app.overlay.is_none());
}

#[test]
fn sort_cycles_and_reverses_and_quit_quits() {
    let mut app = app();
    update(&mut app, Action::Sort);
    assert_eq!(app.portfolio.sort, crate::domain::filter::SortKey::Code);
    assert_eq!(selected(&app), "P-1");
    update(&mut app, Action::ReverseSort);
    app.portfolio.cursor = Default::default();
    assert_eq!(selected(&app), "P-3");
    assert!(!app.quit);
    handle_key(&mut app, key(KeyCode::Char('q')));
    assert!(app.quit);
}

#[test]
fn timeline_keys_zoom_scroll_and_switch_lists() {
    use crate::domain::timeline::Zoom;
    use crate::tui::app::TimelineMode;
    let mut app = app();
    app.chart_width = 50;
    assert_eq!(
        update(&mut app, Action::Timeline),
        vec![Effect::LoadTimeline]
    );
    assert_eq!(app.screen, Screen::Timeline);
    let start = app.timeline.scale(app.today, 50).start;
    update(&mut app, Action::ScrollOn);
    assert_eq!(
        app.timeline.start,
        Some(start + chrono::Duration::days(6 * 4))
    );
    update(&mut app, Action::PageBack);
    assert_eq!(
        app.timeline.start,
        Some(start + chrono::Duration::days(6 * 4 - 50 * 4))
    );
    update(&mut app, Action::Today);
    assert_eq!(app.timeline.start, Some(start));
    update(&mut app, Action::ZoomOut);
    assert_eq!(app.timeline.zoom, Zoom::Quarters);
    assert_eq!(app.message.as_deref(), Some("zoom: quarters"));
    let scale = app.timeline.scale(app.today, 50);
    assert_eq!(scale.column(app.today), Some(10), "today stays put");
    update(&mut app, Action::NextList);
    assert_eq!(app.timeline.mode, TimelineMode::Overdue);
    update(&mut app, Action::Back);
    assert_eq!(
        app.timeline.mode,
        TimelineMode::Gantt,
        "Esc returns to the chart first"
    );
    update(&mut app, Action::Down);
    assert_eq!(
        selected(&app),
        "P-3",
        "the chart shares the portfolio's cursor"
    );
    assert_eq!(update(&mut app, Action::Open), vec![Effect::LoadProject(3)]);
    let since = app.timeline.since;
    update(&mut app, Action::SinceEarlier);
    assert_eq!(app.timeline.since, since - chrono::Duration::days(30));
    assert_eq!(app.timeline.mode, TimelineMode::Slipped);
    for _ in 0..5 {
        update(&mut app, Action::SinceLater);
    }
    assert_eq!(app.timeline.since, app.today, "never after today");
    update(&mut app, Action::Back);
    update(&mut app, Action::Back);
    assert_eq!(app.screen, Screen::Portfolio);
}

#[test]
fn edit_keys_ask_for_forms_on_fresh_rows() {
    let mut app = app();
    assert_eq!(
        update(&mut app, Action::ChangeRag),
        vec![Effect::OpenForm(EditKind::ChangeRag(2))]
    );
    assert_eq!(
        update(&mut app, Action::Edit),
        vec![Effect::OpenForm(EditKind::EditProject(2))]
    );
    assert_eq!(
        update(&mut app, Action::New),
        vec![Effect::OpenForm(EditKind::NewProject)]
    );
    // Nothing done yet: nothing to undo, and no work for the runtime.
    assert!(update(&mut app, Action::Undo).is_empty());
    assert_eq!(app.message.as_deref(), Some("nothing to undo"));
    let done = crate::tui::app::Done {
        entity: crate::store::edit::Entity::Project,
        id: 2,
        version: 3,
        before: Vec::new(),
        after: Vec::new(),
        label: "RAG".into(),
    };
    app.undo.push(done.clone());
    assert_eq!(
        update(&mut app, Action::Undo),
        vec![Effect::Undo(done.clone())]
    );
    assert!(app.undo.is_empty(), "taken off the stack while it runs");
    app.redo.push(done.clone());
    let ctrl_r = KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL);
    assert_eq!(handle_key(&mut app, ctrl_r), vec![Effect::Redo(done)]);
}

#[test]
fn archiving_asks_first_and_names_what_goes() {
    let mut app = app();
    assert!(update(&mut app, Action::Archive).is_empty());
    let Some(Overlay::Confirm { text, .. }) = &app.overlay else {
        panic!("a confirmation")
    };
    assert!(
        text.contains("Archive project P-2 · Firewall replacement?"),
        "{text}"
    );
    assert!(handle_key(&mut app, key(KeyCode::Char('n'))).is_empty());
    assert!(app.overlay.is_none());
    update(&mut app, Action::Archive);
    let effects = handle_key(&mut app, key(KeyCode::Char('y')));
    let [Effect::Write(Write::Edit { edit, .. })] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(
        edit.values,
        vec![("archived", rusqlite::types::Value::Integer(1))]
    );
    update(&mut app, Action::ShowArchived);
    assert!(app.portfolio.filter.archived);
    assert!(app.portfolio.visible.is_empty(), "nothing is archived yet");
}

#[test]
fn read_only_explains_why_edit_keys_do_nothing() {
    let mut app = app();
    app.read_only = true;
    for action in [
        Action::ChangeRag,
        Action::Edit,
        Action::New,
        Action::Archive,
        Action::Undo,
    ] {
        assert!(update(&mut app, action).is_empty(), "{action:?}");
        assert!(app.message.as_deref().unwrap().starts_with("read-only"));
    }
    assert!(app.overlay.is_none());
}

#[test]
fn triage_steps_through_red_and_amber_only() {
    let mut app = app();
    assert_eq!(
        update(&mut app, Action::Triage),
        vec![Effect::LoadProject(2)]
    );
    assert_eq!(app.screen, Screen::Triage);
    assert_eq!(
        app.triage.as_ref().unwrap().ids,
        vec![2, 3],
        "red then amber; green left out"
    );
    assert_eq!(
        handle_key(&mut app, key(KeyCode::Char(' '))),
        vec![Effect::LoadProject(3)]
    );
    assert!(
        handle_key(&mut app, key(KeyCode::Char('n'))).is_empty(),
        "no more"
    );
    assert_eq!(
        app.message.as_deref(),
        Some("Triage done: 0 of 2 reviewed (0 changed), 2 left; Esc leaves triage")
    );
    assert_eq!(
        handle_key(&mut app, key(KeyCode::Char('p'))),
        vec![Effect::LoadProject(2)]
    );
    app.project = Some(ProjectState {
        project: Project {
            id: 2,
            code: "P-2".into(),
            version: 4,
            ..Project::default()
        },
        history: vec![],
        milestones: vec![],
        risks: vec![],
        cases: vec![],
        audit: vec![],
        tab: Tab::Overview,
        cursor: Default::default(),
        show_archived: false,
        moves: vec![],
        assessments: Default::default(),
        detail: None,
    });
    // Reviewed, unchanged: recorded, and on to the next card not yet reviewed.
    let effects = handle_key(&mut app, key(KeyCode::Char('c')));
    let [
        Effect::Write(Write::Edit { edit, label }),
        Effect::LoadProject(3),
    ] = effects.as_slice()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(edit.expected_version, 4);
    assert_eq!(edit.values[0].0, "last_reviewed_at");
    assert_eq!(label, "P-2 reviewed, unchanged");
    assert_eq!(
        handle_key(&mut app, key(KeyCode::Char('r'))),
        vec![Effect::OpenForm(EditKind::ChangeRag(3))]
    );
    // Space skips what was reviewed today: from the first card straight past it.
    app.triage.as_mut().unwrap().index = 0;
    assert!(handle_key(&mut app, key(KeyCode::Char(' '))) == vec![Effect::LoadProject(3)]);
    handle_key(&mut app, key(KeyCode::Esc));
    assert_eq!(app.screen, Screen::Portfolio);
    assert!(app.triage.is_none());
}

#[test]
fn history_view_filters_by_user_and_date() {
    let mut app = app();
    assert_eq!(
        handle_key(&mut app, key(KeyCode::Char('6'))),
        vec![Effect::LoadHistory]
    );
    assert_eq!(app.screen, Screen::History);
    app.history.users = vec!["Ann".into(), "Bob".into()];
    assert_eq!(
        handle_key(&mut app, key(KeyCode::Char('f'))),
        vec![Effect::LoadHistory]
    );
    assert_eq!(app.history.user.as_deref(), Some("Ann"));
    handle_key(&mut app, key(KeyCode::Char('f')));
    assert_eq!(app.history.user.as_deref(), Some("Bob"));
    handle_key(&mut app, key(KeyCode::Char('f')));
    assert_eq!(app.history.user, None, "back to everyone");
    handle_key(&mut app, key(KeyCode::Char('w')));
    assert_eq!(app.history.days, Some(1));
    handle_key(&mut app, key(KeyCode::Char('w')));
    assert_eq!(app.history.days, Some(7));
}
