//! The service desk: open cases split into active and stop-clock, SLA breaches and warnings,
//! ageing, the month's flow and 12-month trends.

mod load;
mod state;
mod update;
mod view;

pub use load::{load_desk, show_desk};
pub use state::*;
pub use update::update;
pub use view::draw;
