//! The timeline: a Gantt chart of the filtered portfolio with slippage and today's line, and
//! three milestone lists (overdue, due soon, slipped since a date).

pub mod lists;
pub mod load;
pub mod state;
mod update;
mod view;

use crate::tui::prelude::*;
pub use load::{TimelineData, TimelineRequest, timeline_reader};
pub use state::{TimelineMode, TimelineState};
pub use update::{is_time_action, on_loaded, open_timeline, time_action, update};
pub use view::*;

/// The keys the footer offers here (help lists every key).
pub const FOOTER: &[Action] = &[
    Action::ZoomIn,
    Action::ZoomOut,
    Action::ScrollOn,
    Action::Today,
    Action::NextList,
    Action::Open,
    Action::Help,
];

/// On the overdue, due-soon and slipped lists.
const LISTS: &[Action] = &[
    Action::NextList,
    Action::Open,
    Action::SinceEarlier,
    Action::SinceLater,
    Action::Search,
    Action::Filter,
    Action::Back,
    Action::Help,
];

fn footer(app: &App) -> &'static [Action] {
    if app.timeline.mode == TimelineMode::Gantt {
        FOOTER
    } else {
        LISTS
    }
}

/// What this screen is to the app (`screens::room`).
pub const ROOM: super::Room = super::Room {
    title: "Timeline",
    footer,
    context: |_| Context::Timeline,
    update,
    draw,
    reader: None,
    list: None,
};
