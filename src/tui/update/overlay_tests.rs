//! Keys while an overlay is open: a form, a conflict, help, a register's search.

use crossterm::event::KeyCode;

use super::tests::{app, key};
use super::*;
use crate::domain::{Project, Rag};
use crate::tui::app::{Overlay, Write};

#[test]
fn a_form_saves_only_when_valid_and_a_conflict_can_be_reapplied() {
    let mut app = app();
    app.settings.rag_scale = crate::domain::RagScale::Three;
    let project = Project {
        id: 2,
        code: "P-2".into(),
        name: "Firewall".into(),
        rag: Rag::Green,
        version: 4,
        ..Project::default()
    };
    app.overlay = Some(Overlay::Form(Box::new(crate::tui::forms::rag_form(
        &app, &project,
    ))));
    handle_key(&mut app, key(KeyCode::Left));
    assert!(
        handle_key(&mut app, key(KeyCode::Enter)).is_empty(),
        "amber needs a reason"
    );
    let Some(Overlay::Form(open)) = &app.overlay else {
        panic!("the form stays open")
    };
    assert!(
        open.form
            .field(crate::tui::forms::keys::field::RAG_REASON)
            .unwrap()
            .error
            .is_some()
    );
    for c in "Supplier late".chars() {
        handle_key(&mut app, key(KeyCode::Char(c)));
    }
    let effects = handle_key(&mut app, key(KeyCode::Enter));
    let [Effect::Write(write)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    app.overlay = Some(Overlay::Conflict(Box::new(crate::tui::app::Conflict {
        write: write.clone(),
        version: 9,
        theirs: vec![],
    })));
    let effects = handle_key(&mut app, key(KeyCode::Char('r')));
    let [Effect::Write(Write::Edit { edit, .. })] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(edit.expected_version, 9, "re-applied on top of theirs");
    app.overlay = Some(Overlay::Conflict(Box::new(crate::tui::app::Conflict {
        write: write.clone(),
        version: 9,
        theirs: vec![],
    })));
    assert_eq!(
        handle_key(&mut app, key(KeyCode::Char('d'))),
        vec![Effect::Refresh]
    );
    assert!(app.message.as_deref().unwrap().contains("dropped"));
}

#[test]
fn help_opens_and_any_key_closes_it() {
    let mut app = app();
    handle_key(&mut app, key(KeyCode::Char('?')));
    assert!(matches!(app.overlay, Some(Overlay::Help { .. })));
    handle_key(&mut app, key(KeyCode::Char('j')));
    assert!(matches!(app.overlay, Some(Overlay::Help { scroll: 1 })));
    // Paging reads on through a help longer than the screen; it does not close it.
    handle_key(&mut app, key(KeyCode::PageDown));
    assert!(matches!(app.overlay, Some(Overlay::Help { scroll: 11 })));
    handle_key(&mut app, key(KeyCode::PageUp));
    assert!(matches!(app.overlay, Some(Overlay::Help { scroll: 1 })));
    handle_key(&mut app, key(KeyCode::Char('q')));
    assert!(app.overlay.is_none());
    assert!(!app.quit, "q closed help rather than quitting");
}

#[test]
fn arrows_in_the_register_search_move_the_register_not_the_portfolio() {
    use crate::domain::{RegisterRow, Risk};
    let mut app = app();
    let risk = |id: i64, title: &str| RegisterRow {
        risk: Risk {
            id,
            code: format!("R-{id}"),
            title: title.into(),
            open: true,
            likelihood: 3,
            impact: 3,
            ..Risk::default()
        },
        project_name: None,
        organisations: Vec::new().into(),
        theme: None,
        assessments: Vec::new(),
    };
    app.risks.rows = vec![
        risk(1, "Supplier failure"),
        risk(2, "Supplier delay"),
        risk(3, "Staff"),
    ];
    app.screen = Screen::Risks;
    app.risks.refresh_visible(&app.settings, app.page_height);
    let portfolio_before = app.portfolio.cursor;
    handle_key(&mut app, key(KeyCode::Char('/')));
    for c in "supplier".chars() {
        handle_key(&mut app, key(KeyCode::Char(c)));
    }
    assert_eq!(
        app.risks.visible.len(),
        2,
        "the search narrows the register"
    );
    handle_key(&mut app, key(KeyCode::Down));
    assert_eq!(
        app.risks.cursor.selected, 1,
        "the register's selection moved"
    );
    assert_eq!(
        app.portfolio.cursor, portfolio_before,
        "the portfolio's did not"
    );
    handle_key(&mut app, key(KeyCode::Esc));
    assert_eq!(app.risks.visible.len(), 3, "Esc clears the search");
}
