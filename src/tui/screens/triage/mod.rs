//! Triage: the red and amber projects of the current filter, one card each, worst first.

mod state;
mod update;
mod view;

pub use state::TriageState;
pub use update::{start_triage, update};
pub use view::draw;
