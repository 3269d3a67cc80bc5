//! Reading the portfolio: one query, every project's figures from covering indexes.

use chrono::NaiveDate;

use crate::domain::Settings;
use crate::domain::assurance::Exceptions;
use crate::domain::triage::PortfolioRow;
use crate::store::{Store, StoreError};

/// The shared settings (they decide what counts as stale or due) and every project's row.
pub struct PortfolioData {
    pub settings: Settings,
    pub rows: Vec<PortfolioRow>,
    /// Overdue high-priority recommendations and lapsed or failed certifications.
    pub assurance: Exceptions,
}

pub fn read_portfolio(store: &Store, today: NaiveDate) -> Result<PortfolioData, StoreError> {
    Ok(PortfolioData {
        settings: store.settings()?,
        rows: store.portfolio(today)?,
        assurance: store.assurance_exceptions(today)?,
    })
}
