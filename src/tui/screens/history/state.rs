//! What the history view holds: the audit rows shown and the filters on them.

use crate::store::AuditEntry;
use crate::tui::cursor::Cursor;

pub struct HistoryState {
    pub entries: Vec<AuditEntry>,
    pub users: Vec<String>,
    pub user: Option<String>,
    /// Only the last N days (None: everything).
    pub days: Option<i64>,
    pub cursor: Cursor,
}

pub const HISTORY_WINDOWS: [Option<i64>; 5] = [None, Some(1), Some(7), Some(30), Some(90)];
