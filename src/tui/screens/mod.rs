//! One folder a screen: its state, its keys (`update`), its drawing (`view`) and its loading,
//! described to the app by its `ROOM`. This module holds the only `match` on the screen
//! (`room`): adding a screen is a folder, its variant, its line in `room` and in `Screen::ALL`
//! (and, if it keeps its state here, a field of `States`).

pub mod assurance;
pub mod desk;
pub mod history;
pub mod portfolio;
pub mod project;
pub mod report;
pub mod risks;
pub mod screen;
pub mod timeline;
pub mod triage;
pub mod welcome;

use ratatui::Frame;
use ratatui::layout::Rect;

pub use screen::{Read, Screen, States};

use super::prelude::*;
use crate::store::{Store, StoreError};

/// What a screen is to the app: its name, the keys it offers, how it reads keys and draws,
/// and (for a screen that reads its own data) what it reads. Each screen's folder has one
/// (`ROOM`); `room` below is the only `match` on the screen.
pub struct Room {
    /// The name the header shows.
    pub title: &'static str,
    /// The keys the footer offers for what is showing (help lists every key).
    pub footer: fn(&App) -> &'static [Action],
    /// Where its keys apply (a screen with tabs or a focus may answer differently).
    pub context: fn(&App) -> Context,
    /// A key's action on it.
    pub update: fn(&mut App, Action) -> Vec<Effect>,
    /// Draw it into the body between the header and the footer.
    pub draw: fn(&mut Frame<'_>, &App, Rect),
    /// What it reads from the store when opened or when the data changes (None: it loads
    /// through effects of its own).
    pub reader: Option<Reader>,
    /// The list its search and filter work on (None: the portfolio's).
    pub list: Option<&'static crate::tui::overlays::list::ListOps>,
}

/// A screen's own read: run by the runtime, its result handed back through `loaded`.
pub struct Reader {
    /// The key that opens the screen from the other views.
    pub opened_by: Action,
    pub read: fn(&Store, &App) -> Result<Read, StoreError>,
    pub loaded: fn(&mut App, Read),
}

pub fn room(screen: Screen) -> &'static Room {
    match screen {
        Screen::Welcome => &welcome::ROOM,
        Screen::Portfolio => &portfolio::ROOM,
        Screen::Timeline => &timeline::ROOM,
        Screen::Project => &project::ROOM,
        Screen::Triage => &triage::ROOM,
        Screen::History => &history::ROOM,
        Screen::Risks => &risks::ROOM,
        Screen::Desk => &desk::ROOM,
        Screen::Report => &report::ROOM,
        Screen::Assurance => &assurance::ROOM,
    }
}

/// The name the header shows.
pub fn title(screen: Screen) -> &'static str {
    room(screen).title
}

/// The keys the footer offers for what is on screen (the help lists every key).
pub fn footer(app: &App) -> &'static [Action] {
    (room(app.screen).footer)(app)
}

/// Where the keys apply for what is on screen.
pub fn context(app: &App) -> Context {
    (room(app.screen).context)(app)
}

/// A key's action on the screen showing.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    (room(app.screen).update)(app, action)
}

/// Draw the screen showing into the body between the header and the footer.
pub fn draw(frame: &mut Frame<'_>, app: &App, body: Rect) {
    (room(app.screen).draw)(frame, app, body)
}

/// The screen with a reader of its own that this key opens.
pub fn opened_by(action: Action) -> Option<Screen> {
    Screen::ALL.into_iter().find(|s| {
        room(*s)
            .reader
            .as_ref()
            .is_some_and(|r| r.opened_by == action)
    })
}

/// Show a screen that reads its own data, and ask for the read.
pub fn open(app: &mut App, screen: Screen) -> Vec<Effect> {
    app.screen = screen;
    vec![Effect::Read(screen)]
}
