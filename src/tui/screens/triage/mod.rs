//! Triage: the red and amber projects of the current filter, one card each, worst first.

mod state;
mod update;
mod view;

use crate::tui::keymap::Action;
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
