//! Assurance: ICT audit recommendations grouped by audit, and certifications by their next
//! date, with the detail of each, and their edits.

mod detail;
mod filter;
pub mod load;
pub mod state;
mod update;
mod view;

use crate::tui::prelude::*;
pub use filter::{AssuranceField, AssuranceList};
pub use state::*;
pub use update::update;
pub use view::draw;

/// The keys the footer offers here (help lists every key).
pub const FOOTER: &[Action] = &[
    Action::NextList,
    Action::Open,
    Action::New,
    Action::ChangeStatus,
    Action::RecordAssessment,
    Action::Search,
    Action::Filter,
    Action::Back,
    Action::Help,
];

const LIST: crate::tui::overlays::list::ListOps =
    crate::tui::overlays::list::ListOps::of::<AssuranceList>();

/// What this screen is to the app (`screens::room`).
pub const ROOM: super::Room = super::Room {
    title: "Assurance",
    footer: |_| FOOTER,
    context: |_| Context::Assurance,
    update,
    draw,
    reader: Some(super::Reader {
        opened_by: Action::Assurance,
        read: load::read,
        loaded: load::loaded,
    }),
    list: Some(&LIST),
};
