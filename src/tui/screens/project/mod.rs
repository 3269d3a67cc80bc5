//! One project: a title with its RAG, and tabs for the overview, its timeline, milestones,
//! risks, linked service-desk cases and history.

pub mod load;
mod milestone_detail;
pub mod state;
mod tabs;
mod update;
mod view;

use crate::tui::prelude::*;
pub use load::{fetch_project, position_of, selected_item};
pub use state::{ProjectState, Tab};
pub use update::{
    on_opened, on_refreshed, project_edit_action, select_milestone, selected_milestone, update,
};
pub use view::*;

/// The keys the footer offers here (help lists every key).
pub const FOOTER: &[Action] = &[
    Action::NextView,
    Action::Edit,
    Action::ChangeRag,
    Action::MarkDone,
    Action::MoveDate,
    Action::Undo,
    Action::Back,
    Action::Help,
];

/// What this screen is to the app (`screens::room`).
pub const ROOM: super::Room = super::Room {
    title: "Project",
    footer,
    context,
    update,
    draw,
    reader: None,
    list: None,
};

const OVERVIEW: &[Action] = &[
    Action::NextView,
    Action::ChangeRag,
    Action::Edit,
    Action::Undo,
    Action::Back,
    Action::Help,
];
/// The Milestones and Risks tabs' footers at 80 columns (`x archive`, `n new` on the Risks tab
/// and `u undo` stay in help and the palette), and from [`WIDE`] columns.
const MILESTONES: &[Action] = &[
    Action::NextView,
    Action::Open,
    Action::MarkDone,
    Action::MoveDate,
    Action::New,
    Action::Edit,
    Action::Back,
    Action::Help,
];
const MILESTONES_WIDE: &[Action] = &[
    Action::NextView,
    Action::Open,
    Action::MarkDone,
    Action::MoveDate,
    Action::New,
    Action::Edit,
    Action::Archive,
    Action::Undo,
    Action::Back,
    Action::Help,
];
const RISKS: &[Action] = &[
    Action::NextView,
    Action::Open,
    Action::Reassess,
    Action::Edit,
    Action::CloseReopen,
    Action::Back,
    Action::Help,
];
const RISKS_WIDE: &[Action] = &[
    Action::NextView,
    Action::Open,
    Action::Reassess,
    Action::New,
    Action::Edit,
    Action::CloseReopen,
    Action::Archive,
    Action::Back,
    Action::Help,
];
/// The columns from which the wide footers fit.
const WIDE: u16 = 100;
/// While a milestone's detail is open: scroll it, move or edit the milestone, close it.
const MILESTONE_DETAIL: &[Action] = &[
    Action::Down,
    Action::PageDown,
    Action::MoveDate,
    Action::Edit,
    Action::Back,
    Action::Help,
];
/// While a risk's detail is open: the risk's keys, and close it.
const RISK_DETAIL: &[Action] = &[
    Action::Reassess,
    Action::Edit,
    Action::CloseReopen,
    Action::Back,
    Action::Help,
];
const TIMELINE: &[Action] = &[
    Action::NextView,
    Action::ZoomIn,
    Action::ZoomOut,
    Action::ScrollOn,
    Action::Today,
    Action::Back,
    Action::Help,
];

/// The keys of the tab showing (or of the detail open on it).
fn footer(app: &App) -> &'static [Action] {
    let Some(state) = app.project.as_ref() else {
        return FOOTER;
    };
    let wide = app.screen_width >= WIDE;
    match (state.tab, state.detail.is_some()) {
        (Tab::Milestones, true) => MILESTONE_DETAIL,
        (Tab::Risks, true) => RISK_DETAIL,
        (Tab::Milestones, false) if wide => MILESTONES_WIDE,
        (Tab::Milestones, false) => MILESTONES,
        (Tab::Risks, false) if wide => RISKS_WIDE,
        (Tab::Risks, false) => RISKS,
        (Tab::Timeline, _) => TIMELINE,
        (Tab::Overview, _) => OVERVIEW,
        _ => FOOTER,
    }
}

/// A project's Timeline and Risks tabs take the timeline's and the register's keys.
fn context(app: &App) -> Context {
    match app.project.as_ref().map(|p| p.tab) {
        Some(Tab::Timeline) => Context::ProjectTimeline,
        Some(Tab::Risks) => Context::ProjectRisks,
        _ => Context::Project,
    }
}
