//! One project: a title with its RAG, and tabs for the overview, its timeline, milestones,
//! risks, linked service-desk cases and history.

pub mod load;
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
const MILESTONES: &[Action] = &[
    Action::NextView,
    Action::MarkDone,
    Action::MoveDate,
    Action::New,
    Action::Edit,
    Action::Archive,
    Action::Back,
    Action::Help,
];
const RISKS: &[Action] = &[
    Action::NextView,
    Action::Reassess,
    Action::New,
    Action::Edit,
    Action::CloseReopen,
    Action::Archive,
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

/// The keys of the tab showing.
fn footer(app: &App) -> &'static [Action] {
    match app.project.as_ref().map(|p| p.tab) {
        Some(Tab::Milestones) => MILESTONES,
        Some(Tab::Risks) => RISKS,
        Some(Tab::Timeline) => TIMELINE,
        Some(Tab::Overview) => OVERVIEW,
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
