//! Triage: the red and amber projects of the current filter, one card each, worst first.

pub mod state;
mod update;
mod view;

use crate::tui::prelude::*;
pub use state::TriageState;
pub use update::{start_triage, update};
pub use view::draw;

/// The keys the footer offers here (help lists every key).
pub const FOOTER: &[Action] = &[
    Action::ConfirmReviewed,
    Action::ChangeRag,
    Action::MoveDate,
    Action::NextProject,
    Action::PreviousProject,
    Action::Back,
];

/// On the assurance card after the projects.
const ASSURANCE_CARD: &[Action] = &[
    Action::Open,
    Action::PreviousProject,
    Action::Back,
    Action::Help,
];

fn footer(app: &App) -> &'static [Action] {
    match app.triage.as_ref() {
        Some(t) if t.on_assurance() => ASSURANCE_CARD,
        _ => FOOTER,
    }
}

/// What this screen is to the app (`screens::room`).
pub const ROOM: super::Room = super::Room {
    title: "Triage",
    footer,
    context: |_| Context::Triage,
    update,
    draw,
    reader: None,
    list: None,
};
