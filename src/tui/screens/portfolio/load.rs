//! Reading the portfolio: one query, every project's figures from covering indexes.

use crate::store::{Store, StoreError};
use crate::tui::prelude::*;

pub fn load_portfolio(app: &mut App, store: &Store) -> Result<(), StoreError> {
    app.settings = store.settings()?;
    let rows = store.portfolio(app.today)?;
    app.set_rows(rows);
    Ok(())
}
