//! Reading the audit trail for the history view.

use chrono::NaiveDateTime;

use crate::store::{AuditEntry, Store, StoreError};

/// Who has changed the plan, and the changes the view's filters select (newest first).
pub struct HistoryData {
    pub users: Vec<String>,
    pub entries: Vec<AuditEntry>,
}

pub fn read_history(
    store: &Store,
    user: Option<&str>,
    since: Option<NaiveDateTime>,
) -> Result<HistoryData, StoreError> {
    Ok(HistoryData {
        users: store.audit_users()?,
        entries: store.audit_log(user, since, HISTORY_VIEW_LIMIT)?,
    })
}

/// How many the portfolio-wide history view loads (newest first).
const HISTORY_VIEW_LIMIT: usize = 5_000;
