//! `update`: apply an action to the model and say what slow work (loads) the loop must run.
//! No terminal and no database here, so every action is testable on its own. The results
//! of that work come back as messages (`on_message`).

use crossterm::event::KeyEvent;

use super::app::{App, Done, Overlay, Screen, Write};
use super::forms::EditKind;
use super::keymap::Action;

/// Work the loop runs against the store, feeding the result back into the model.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadPortfolio,
    LoadProject(i64),
    /// Open a project on its Milestones tab with one milestone selected.
    OpenMilestone {
        project: i64,
        milestone: i64,
    },
    /// Every milestone and the recorded date moves, for the timeline and its lists.
    LoadTimeline,
    /// Load fresh rows and open a form on them.
    OpenForm(EditKind),
    /// Run a write; on success close the form and reload what is on screen.
    Write(Write),
    /// Undo (or redo) this change of the user's, as a new change.
    Undo(Done),
    Redo(Done),
    /// Reload what is on screen, keeping selections (another user's change, or our own).
    Refresh,
    LoadHistory,
    /// Edit the focused long-text field in `$EDITOR` (the loop suspends the terminal).
    ExternalEditor,
    LoadRisks,
    LoadDesk,
    LoadReport,
    /// Write the previewed report to files and record the run.
    WriteReport,
    /// Run this screen's own read (`screens::Reader`).
    Read(Screen),
}

pub fn handle_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    if app.overlay.is_some() {
        return super::overlays::handle_key(app, key);
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

mod messages;
#[cfg(test)]
mod tests;

pub use messages::on_message;
