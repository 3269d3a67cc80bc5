//! Reading the audit trail for the history view.

use crate::store::{Store, StoreError};
use crate::tui::prelude::*;

pub fn load_history(app: &mut App, store: &Store) -> Result<(), StoreError> {
    let h = &mut app.history;
    let since = h
        .days
        .map(|d| (app.today - chrono::Duration::days(d)).and_time(chrono::NaiveTime::MIN));
    h.users = store.audit_users()?;
    h.entries = store.audit_log(h.user.as_deref(), since, HISTORY_VIEW_LIMIT)?;
    let (len, height) = (h.entries.len(), app.page_height);
    h.cursor.keep_visible(len, height);
    Ok(())
}

/// How many the portfolio-wide history view loads (newest first).
const HISTORY_VIEW_LIMIT: usize = 5_000;
