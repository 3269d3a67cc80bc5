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

/// What this screen is to the app (`screens::room`).
pub const ROOM: super::Room = super::Room {
    title: "Triage",
    footer: FOOTER,
    context: |_| Context::Triage,
    update,
    draw,
    reader: None,
    list: None,
};
