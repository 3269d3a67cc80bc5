//! The portfolio: every project in triage order (red and amber first), filtered, sorted and
//! searched, with the RAG counts and stage mix above.

mod filter;
pub mod load;
pub mod search;
pub mod state;
mod update;
mod view;

use crate::tui::prelude::*;
pub use filter::{PortfolioField, PortfolioList, distinct};
pub use load::{
    PortfolioData, PortfolioHeadData, portfolio_reader, read_portfolio, read_portfolio_head,
};
pub use search::rank;
pub use state::PortfolioState;
pub use update::{on_head, on_loaded, update};
pub use view::*;

/// The keys the footer offers here (help lists every key).
pub const FOOTER: &[Action] = &[
    Action::Open,
    Action::Search,
    Action::Filter,
    Action::ChangeRag,
    Action::Triage,
    Action::Help,
    Action::Quit,
];

/// What this screen is to the app (`screens::room`).
pub const ROOM: super::Room = super::Room {
    title: "Portfolio",
    footer: |_| FOOTER,
    context: |_| Context::Portfolio,
    update,
    draw,
    reader: None,
    list: None,
};
