//! The history of every change in the work plan, newest first, filtered by user and date.

pub mod load;
pub mod state;
mod update;
mod view;

use crate::tui::prelude::*;
pub use load::{HistoryData, read_history};
pub use state::{HISTORY_WINDOWS, HistoryState};
pub use update::{on_loaded, since, update};
pub use view::draw;

/// The keys the footer offers here (help lists every key).
pub const FOOTER: &[Action] = &[
    Action::CycleUser,
    Action::CycleWindow,
    Action::Back,
    Action::Help,
];

/// What this screen is to the app (`screens::room`).
pub const ROOM: super::Room = super::Room {
    title: "History",
    footer: |_| FOOTER,
    context: |_| Context::History,
    update,
    draw,
    reader: None,
    list: None,
};
