//! Dialogs over the screen, on a stack of one: help, search, filter, a form, a confirmation,
//! a conflict. They see keys first. This module holds the only `match` on the overlay.

pub mod confirm;
pub mod conflict;
pub mod filter;
pub mod help;
pub mod list;
pub mod overlay;
pub mod palette;
pub mod search;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::prelude::*;
use super::screens::portfolio::PortfolioList;
pub use crate::tui::forms::Conflict;
use crate::tui::forms::widget::FormEvent;
pub use list::ListOps;
pub use overlay::Overlay;

const PORTFOLIO: ListOps = ListOps::of::<PortfolioList>();

/// The list the search and filter work on for what is on screen.
fn list(app: &App) -> &'static ListOps {
    super::screens::room(app.screen).list.unwrap_or(&PORTFOLIO)
}

/// A key while an overlay is open: it goes to the overlay, which may close. The palette may
/// choose a command, which update then runs as if its key had been pressed.
pub fn handle_key(app: &mut App, key: KeyEvent) -> (Vec<Effect>, Option<Action>) {
    let Some(mut overlay) = app.overlay.take() else {
        return (Vec::new(), None);
    };
    let mut chosen = None;
    let (effects, keep) = match &mut overlay {
        Overlay::Form(open) => match open.form.handle_key(key) {
            FormEvent::None => (Vec::new(), true),
            FormEvent::Cancel => {
                app.message = Some("nothing was saved".into());
                (Vec::new(), false)
            }
            FormEvent::ExternalEditor => (vec![Effect::ExternalEditor], true),
            FormEvent::Save => match crate::tui::forms::submit(open, app.today) {
                Some(write) => (vec![Effect::Write(write)], true),
                None => (Vec::new(), true),
            },
        },
        Overlay::Confirm { write, .. } => (confirm::key(app, key, write), false),
        Overlay::Conflict(c) => conflict::key(app, key, c),
        Overlay::Help { scroll } => (Vec::new(), help::key(key, scroll)),
        Overlay::Palette(palette) => {
            let (keep, action) = palette::key(app, key, palette);
            chosen = action;
            (Vec::new(), keep)
        }
        Overlay::Search(input) => (Vec::new(), (list(app).search_key)(app, key, input)),
        Overlay::Filter { field } => (Vec::new(), (list(app).filter_key)(app, key, field)),
    };
    // A key may have opened another overlay (it wins) or left this one open.
    if keep && app.overlay.is_none() {
        app.overlay = Some(overlay);
    }
    (effects, chosen)
}

/// Draw the open overlay: the search line sits in the footer, the others over the screen.
pub fn draw(frame: &mut Frame<'_>, app: &App, area: Rect, footer: Rect) {
    match &app.overlay {
        Some(Overlay::Help { scroll }) => help::draw(frame, app, area, *scroll),
        Some(Overlay::Filter { field }) => (list(app).filter_draw)(frame, app, area, *field),
        Some(Overlay::Search(input)) => search::draw(frame, app, footer, input),
        Some(Overlay::Form(open)) => crate::tui::forms::view::draw(frame, app, area, open),
        Some(Overlay::Confirm { text, .. }) => confirm::draw(frame, app, area, text),
        Some(Overlay::Conflict(c)) => conflict::draw(frame, app, area, c),
        Some(Overlay::Palette(p)) => palette::draw(frame, app, area, p),
        None => {}
    }
}
