//! The risk register: a 5x5 heat map, the list in score order, and a risk's detail with every
//! dated assessment and its trajectory from inherent to target.

pub mod detail;
mod filter;
mod heat_map;
pub mod load;
pub mod state;
mod update;
mod view;

use crate::tui::prelude::*;
pub use filter::{RiskField, RiskList};
pub use heat_map::{HeatMap, MAP_HEIGHT, MAP_WIDTH};
pub use load::{RisksData, risks_reader};
pub use state::*;
pub use update::{on_loaded, risk_write_action, update};
pub use view::draw;

/// The keys the footer offers here (help lists every key).
pub const FOOTER: &[Action] = &[
    Action::Open,
    Action::Reassess,
    Action::MapFocus,
    Action::Basis,
    Action::Scope,
    Action::Filter,
    Action::Help,
];

/// While the heat map has the focus: its keys only.
const MAP: &[Action] = &[
    Action::ScrollBack,
    Action::ScrollOn,
    Action::Up,
    Action::Down,
    Action::Open,
    Action::Back,
    Action::Help,
];

fn footer(app: &App) -> &'static [Action] {
    if app.risks.map_focus { MAP } else { FOOTER }
}

/// The register's search and filter.
const LIST: crate::tui::overlays::list::ListOps =
    crate::tui::overlays::list::ListOps::of::<RiskList>();

/// What this screen is to the app (`screens::room`).
pub const ROOM: super::Room = super::Room {
    title: "Risks",
    footer,
    context,
    update,
    draw,
    reader: None,
    list: Some(&LIST),
};

/// While the heat map has the focus, arrows and h/l move its cell.
fn context(app: &App) -> Context {
    if app.risks.map_focus {
        Context::RiskMap
    } else {
        Context::Risks
    }
}
