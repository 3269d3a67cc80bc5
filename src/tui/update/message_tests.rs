//! `on_message` on its own: the results of effects change the model only here.

use chrono::NaiveDate;

use super::*;
use crate::domain::Settings;
use crate::tui::app::{AppContext, Write};
use crate::tui::keymap::Keymap;
use crate::tui::theme::Theme;

fn app() -> App {
    let context = AppContext {
        today: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        user: "Ann".into(),
        db_label: "t.db".into(),
        read_only: false,
        keymap: Keymap::default(),
        theme: Theme::mono(),
    };
    App::new(context, Settings::default())
}

/// The results of effects come back as messages: update alone changes the model.
#[test]
fn a_saved_edit_comes_back_as_a_message_that_keeps_it_for_undo_and_asks_for_a_reload() {
    use crate::store::edit::{Edit, EditOutcome, Entity, FieldChange};
    use crate::tui::message::Message;
    use rusqlite::types::Value;
    let mut app = app();
    let edit = Edit {
        entity: Entity::Project,
        id: 2,
        expected_version: 4,
        values: vec![("rag", Value::Text("red".into()))],
        loaded: vec![("rag", Value::Text("amber".into()))],
        reason: String::new(),
    };
    let write = Write::Edit {
        edit,
        label: "RAG of ICT-2".into(),
    };
    let saved = |merged| Message::Edited {
        write: write.clone(),
        label: "RAG of ICT-2".into(),
        entity: Entity::Project,
        id: 2,
        outcome: Ok(EditOutcome::Saved {
            version: 5,
            changes: vec![FieldChange {
                column: "rag",
                old: Value::Text("amber".into()),
                new: Value::Text("red".into()),
            }],
            merged,
        }),
    };
    assert_eq!(on_message(&mut app, saved(true)), vec![Effect::Refresh]);
    assert_eq!(app.undo.len(), 1);
    assert_eq!(app.undo[0].version, 5);
    assert_eq!(
        app.undo[0].before,
        vec![("rag", Value::Text("amber".into()))]
    );
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.contains("merged with a colleague's change")),
        "{:?}",
        app.message
    );
    // A busy database: nothing kept, nothing reloaded, the reason shown.
    let busy = Message::Edited {
        write,
        label: "RAG of ICT-2".into(),
        entity: Entity::Project,
        id: 2,
        outcome: Err(crate::store::StoreError::Busy("t.db".into())),
    };
    assert!(on_message(&mut app, busy).is_empty());
    assert_eq!(app.undo.len(), 1);
    assert!(app.message.as_deref().is_some_and(|m| m.contains("busy")));
}

#[test]
fn a_background_load_is_shown_loading_until_its_message_lands_or_fails() {
    use crate::tui::message::{Job, Message};
    let mut app = app();
    assert!(!app.loading());
    on_message(&mut app, Message::Started(Job::Desk));
    assert!(app.is_running(Job::Desk) && app.loading());
    on_message(&mut app, Message::JobFailed(Job::Desk, "no disk".into()));
    assert!(!app.loading());
    assert_eq!(app.message.as_deref(), Some("no disk"));
    on_message(&mut app, Message::Started(Job::Desk));
    on_message(&mut app, Message::Desk(Default::default()));
    assert!(!app.loading() && app.desk.loaded);
}
