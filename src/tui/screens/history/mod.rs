//! The history of every change in the work plan, newest first, filtered by user and date.

mod load;
mod state;
mod update;
mod view;

pub use load::load_history;
pub use state::{HISTORY_WINDOWS, HistoryState};
pub use update::update;
pub use view::{change_text, draw};
