//! One folder a screen: its state, its keys (`update`), its drawing (`view`) and its loading.
//! This module holds the only `match` on the screen: adding a screen is a folder and a line
//! in each function here (the compiler lists them).

pub mod desk;
pub mod history;
pub mod portfolio;
pub mod project;
pub mod report;
pub mod risks;
pub mod timeline;
pub mod triage;
pub mod welcome;

use ratatui::Frame;
use ratatui::layout::Rect;

use super::app::Tab;
use super::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// An empty database: how to load the demo, import, or add a project.
    Welcome,
    Portfolio,
    Timeline,
    Project,
    /// Stepping through the red and amber projects one at a time.
    Triage,
    /// The whole work plan's audit trail.
    History,
    /// The risk register with its heat map.
    Risks,
    /// Service-desk cases: open now, SLA, ageing and trends.
    Desk,
    /// A preview of the committee report.
    Report,
}

/// The name the header shows.
pub fn title(screen: Screen) -> &'static str {
    match screen {
        Screen::Welcome => "Welcome",
        Screen::Portfolio => "Portfolio",
        Screen::Timeline => "Timeline",
        Screen::Project => "Project",
        Screen::Triage => "Triage",
        Screen::History => "History",
        Screen::Risks => "Risks",
        Screen::Desk => "Service desk",
        Screen::Report => "Report",
    }
}

/// The keys the footer offers on each screen (the help lists every key).
pub fn footer(screen: Screen) -> &'static [Action] {
    match screen {
        Screen::Welcome => welcome::FOOTER,
        Screen::Portfolio => portfolio::FOOTER,
        Screen::Timeline => timeline::FOOTER,
        Screen::Project => project::FOOTER,
        Screen::Triage => triage::FOOTER,
        Screen::History => history::FOOTER,
        Screen::Risks => risks::FOOTER,
        Screen::Desk => desk::FOOTER,
        Screen::Report => report::FOOTER,
    }
}

/// Where the keys apply for what is on screen.
pub fn context(app: &App) -> Context {
    let on_tab = |tab: Tab| {
        app.screen == Screen::Project && app.project.as_ref().is_some_and(|p| p.tab == tab)
    };
    match app.screen {
        Screen::Welcome | Screen::Portfolio => Context::Portfolio,
        Screen::Timeline => Context::Timeline,
        // A project's Timeline and Risks tabs take the timeline's and the register's keys.
        Screen::Project if on_tab(Tab::Timeline) => Context::ProjectTimeline,
        Screen::Project if on_tab(Tab::Risks) => Context::ProjectRisks,
        Screen::Project => Context::Project,
        Screen::Triage => Context::Triage,
        Screen::History => Context::History,
        Screen::Risks if app.risks.map_focus => Context::RiskMap,
        Screen::Risks => Context::Risks,
        Screen::Desk => Context::Desk,
        Screen::Report => Context::Report,
    }
}

/// A key's action on the screen showing.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match app.screen {
        Screen::Welcome => Vec::new(),
        Screen::Portfolio => portfolio::update(app, action),
        Screen::Timeline => timeline::update(app, action),
        Screen::Project => project::update(app, action),
        Screen::Triage => triage::update(app, action),
        Screen::History => history::update(app, action),
        Screen::Risks => risks::update(app, action),
        Screen::Desk => desk::update(app, action),
        Screen::Report => report::update(app, action),
    }
}

/// Draw the screen showing into the body between the header and the footer.
pub fn draw(frame: &mut Frame<'_>, app: &App, body: Rect) {
    match app.screen {
        Screen::Welcome => welcome::draw(frame, app, body),
        Screen::Portfolio => portfolio::draw(frame, app, body),
        Screen::Timeline => timeline::draw(frame, app, body),
        Screen::Project => project::draw(frame, app, body),
        Screen::Triage => triage::draw(frame, app, body),
        Screen::History => history::draw(frame, app, body),
        Screen::Risks => risks::draw(frame, app, body),
        Screen::Desk => desk::draw(frame, app, body),
        Screen::Report => report::draw(frame, app, body),
    }
}
