//! The service desk: open cases split into active and stop-clock, SLA breaches and warnings,
//! ageing, the month's flow and 12-month trends.

pub mod load;
pub mod state;
mod update;
mod view;

use crate::tui::prelude::*;
pub use load::desk_reader;
pub use state::*;
pub use update::{on_counts, on_loaded, update};
pub use view::draw;

/// The keys the footer offers here (help lists every key).
pub const FOOTER: &[Action] = &[Action::NextList, Action::Open, Action::Back, Action::Help];

/// What this screen is to the app (`screens::room`).
pub const ROOM: super::Room = super::Room {
    title: "Service desk",
    footer: |_| FOOTER,
    context: |_| Context::Desk,
    update,
    draw,
    reader: None,
    list: None,
};
