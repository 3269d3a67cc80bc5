//! `update`: apply an action to the model and say what slow work (loads) the loop must run.
//! No terminal and no database here, so every action is testable on its own. The results
//! of that work come back as messages (`on_message`).

use crossterm::event::KeyEvent;

use super::app::{App, Overlay, Screen};
use super::forms::EditKind;
use super::keymap::Action;

pub use super::effect::Effect;

pub fn handle_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    if app.overlay.is_some() {
        let (effects, chosen) = super::overlays::handle_key(app, key);
        return match chosen {
            Some(action) => update(app, action),
            None => effects,
        };
    }
    let context = super::screens::context(app);
    let action = app.keymap.resolve(context, key);
    match action {
        Some(action) => update(app, action),
        None => Vec::new(),
    }
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    app.message = None;
    match action {
        Action::Quit => app.quit = true,
        Action::Help => app.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::Palette => app.overlay = Some(Overlay::Palette(Box::default())),
        Action::Portfolio if app.screen != Screen::Welcome => app.screen = Screen::Portfolio,
        Action::Timeline if app.screen != Screen::Welcome => {
            return super::screens::timeline::open_timeline(app);
        }
        Action::History => {
            app.screen = Screen::History;
            return vec![Effect::LoadHistory];
        }
        Action::Report if app.screen != Screen::Welcome => {
            app.screen = Screen::Report;
            app.report.scroll = 0;
            return vec![Effect::LoadReport];
        }
        Action::Desk if app.screen != Screen::Welcome => {
            app.screen = Screen::Desk;
            return vec![Effect::LoadDesk];
        }
        Action::Risks if app.screen != Screen::Welcome => {
            app.screen = Screen::Risks;
            return vec![Effect::LoadRisks];
        }
        Action::Settings if app.read_only => app.message = Some(app.read_only_note()),
        Action::Settings => return vec![Effect::OpenForm(EditKind::Settings)],
        Action::Undo | Action::Redo if app.read_only => app.message = Some(app.read_only_note()),
        Action::Undo => return super::forms::saved::take_undo(app, true),
        Action::Redo => return super::forms::saved::take_undo(app, false),
        _ if is_edit_action(action) && app.read_only => app.message = Some(app.read_only_note()),
        Action::New if app.screen == Screen::Welcome => {
            return vec![Effect::OpenForm(EditKind::NewProject)];
        }
        // A screen that reads its own data opens on its key from any view.
        _ if app.screen != Screen::Welcome
            && let Some(screen) = super::screens::opened_by(action) =>
        {
            return super::screens::open(app, screen);
        }
        _ => return super::screens::update(app, action),
    }
    Vec::new()
}

fn is_edit_action(action: Action) -> bool {
    matches!(
        action,
        Action::ChangeRag
            | Action::Edit
            | Action::New
            | Action::Archive
            | Action::MarkDone
            | Action::MoveDate
            | Action::ConfirmReviewed
            | Action::Reassess
            | Action::CloseReopen
            | Action::ToIssue
            | Action::ChangeStatus
            | Action::RecordAssessment
    )
}

#[cfg(test)]
mod detail_tests;
#[cfg(test)]
mod message_tests;
mod messages;
#[cfg(test)]
mod overlay_tests;
#[cfg(test)]
mod tests;

pub use messages::on_message;
