//! The search and filter dialogs' operations on one list, as a screen's `Room` offers them.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui_textarea::TextArea;

use super::filter::{self, Filterable};
use super::search;
use crate::tui::app::App;

/// The search and filter dialogs' work on one list (a `Filterable`), as a screen offers it
/// in its `Room`; a screen that offers none searches the portfolio (the timeline shows it).
pub struct ListOps {
    pub(super) search_key: fn(&mut App, KeyEvent, &mut TextArea<'static>) -> bool,
    pub(super) filter_key: fn(&mut App, KeyEvent, &mut usize) -> bool,
    pub(super) filter_draw: fn(&mut Frame<'_>, &App, Rect, usize),
}

impl ListOps {
    pub const fn of<L: Filterable>() -> ListOps {
        ListOps {
            search_key: search::key::<L>,
            filter_key: filter::key::<L>,
            filter_draw: filter::draw::<L>,
        }
    }
}
