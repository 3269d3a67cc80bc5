//! The user's own changes this session, kept for undo and redo.

use rusqlite::types::Value;

use crate::store::edit::Entity;

/// One of the user's own changes this session, for undo and redo.
#[derive(Debug, Clone, PartialEq)]
pub struct Done {
    pub entity: Entity,
    pub id: i64,
    /// The row's version after the change.
    pub version: i64,
    pub before: Vec<(&'static str, Value)>,
    pub after: Vec<(&'static str, Value)>,
    pub label: String,
}
