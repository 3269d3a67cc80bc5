//! Reading the portfolio: one query, every project's figures from covering indexes.

use chrono::NaiveDate;

use crate::domain::Settings;
use crate::domain::assurance::Exceptions;
use crate::domain::triage::PortfolioRow;
use crate::store::portfolio::PortfolioHead;
use crate::store::{Store, StoreError};

/// The shared settings (they decide what counts as stale or due) and every project's row.
pub struct PortfolioData {
    pub settings: Settings,
    pub rows: Vec<PortfolioRow>,
    /// Overdue high-priority recommendations and lapsed or failed certifications.
    pub assurance: Exceptions,
}

/// The first screen of a large portfolio, read before the rest: the settings, the first rows
/// worst first, every project's count by stage and RAG, and the assurance exceptions.
pub struct PortfolioHeadData {
    pub settings: Settings,
    pub head: PortfolioHead,
    pub assurance: Exceptions,
}

/// How many rows the first screen reads: more than the tallest terminal shows.
pub const HEAD_ROWS: usize = 150;

pub fn read_portfolio_head(
    store: &Store,
    today: NaiveDate,
) -> Result<PortfolioHeadData, StoreError> {
    Ok(PortfolioHeadData {
        settings: store.settings()?,
        head: store.portfolio_head(today, HEAD_ROWS)?,
        assurance: store.assurance_exceptions(today)?,
    })
}

/// The whole portfolio, for the runtime to read in the background.
pub fn portfolio_reader(
    today: NaiveDate,
) -> impl FnOnce(&Store) -> Result<PortfolioData, StoreError> + Send + 'static {
    move |store: &Store| read_portfolio(store, today)
}

pub fn read_portfolio(store: &Store, today: NaiveDate) -> Result<PortfolioData, StoreError> {
    Ok(PortfolioData {
        settings: store.settings()?,
        rows: store.portfolio(today)?,
        assurance: store.assurance_exceptions(today)?,
    })
}
