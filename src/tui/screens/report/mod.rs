//! The committee report preview: the report as it will be written, scrolled; `w` writes it
//! (Markdown, HTML and Word) beside the database and records the run.

pub mod load;
pub mod state;
mod update;
mod view;

use crate::tui::prelude::*;
pub use load::{blocks_reader, preview_reader, save_report};
pub use state::ReportState;
pub use update::{on_loaded, on_written, request, update};
pub use view::draw;

/// The keys the footer offers here (help lists every key).
pub const FOOTER: &[Action] = &[
    Action::Down,
    Action::PageDown,
    Action::WriteReport,
    Action::Back,
];

/// What this screen is to the app (`screens::room`).
pub const ROOM: super::Room = super::Room {
    title: "Report",
    footer: |_| FOOTER,
    context: |_| Context::Report,
    update,
    draw,
    reader: None,
    list: None,
};
