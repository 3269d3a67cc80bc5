//! The service desk: open cases split into active and stop-clock, SLA breaches and warnings
//! (with each case's detail: its SLA clock, holds and state history), ageing, the month's flow
//! and 12-month trends.

mod case_detail;
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
pub const FOOTER: &[Action] = &[
    Action::NextList,
    Action::Open,
    Action::OpenProject,
    Action::LinkCase,
    Action::Back,
    Action::Help,
];

/// While a case's detail is open: scroll it, open its project, link it, close it.
const DETAIL: &[Action] = &[
    Action::Down,
    Action::PageDown,
    Action::OpenProject,
    Action::LinkCase,
    Action::Back,
    Action::Help,
];

fn footer(app: &App) -> &'static [Action] {
    if app.desk.detail.is_some() {
        DETAIL
    } else {
        FOOTER
    }
}

/// What this screen is to the app (`screens::room`).
pub const ROOM: super::Room = super::Room {
    title: "Service desk",
    footer,
    context: |_| Context::Desk,
    update,
    draw,
    reader: None,
    list: None,
};
