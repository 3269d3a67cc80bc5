//! Edits: every change is one transaction that checks the row's `version` (so a colleague's
//! change is never silently overwritten), writes one audit row per changed field, and keeps
//! the side records the domain needs (RAG history, milestone date history). One generic path
//! serves every edit, its undo and its redo.

use chrono::NaiveDateTime;
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Transaction, params_from_iter};

use super::audit::{self, AuditRow};
use super::links;
use super::{Result, Store, StoreError, classify};
use crate::domain::dates;

/// What can be edited. Each names its table and the columns an edit may touch; column names
/// come from these fixed lists, never from input, and every value is a bound parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Project,
    Milestone,
    Risk,
    Case,
    Recommendation,
    Certification,
}

impl Entity {
    pub fn name(self) -> &'static str {
        match self {
            Entity::Project => "project",
            Entity::Milestone => "milestone",
            Entity::Risk => "risk",
            Entity::Case => "case",
            Entity::Recommendation => "recommendation",
            Entity::Certification => "certification",
        }
    }

    fn table(self) -> &'static str {
        match self {
            Entity::Project => "projects",
            Entity::Milestone => "milestones",
            Entity::Risk => "risks",
            Entity::Case => "cases",
            Entity::Recommendation => "recommendations",
            Entity::Certification => "certifications",
        }
    }

    /// The columns an edit may set (`store::columns`), and a project's theme and
    /// organisations (`store::links`); column names come from these fixed lists, never from
    /// input.
    fn column(self, name: &str) -> Option<&'static str> {
        if let Some(link) = self.link(name) {
            return Some(link);
        }
        let fields: &[super::columns::Field] = match self {
            Entity::Project => &super::columns::PROJECT,
            Entity::Milestone => &super::columns::MILESTONE,
            Entity::Risk => &super::columns::RISK,
            Entity::Recommendation => &super::columns::RECOMMENDATION,
            Entity::Certification => &super::columns::CERTIFICATION,
            // Cases come from the service desk; the app only links them to projects.
            Entity::Case => return (name == "project_id").then_some("project_id"),
        };
        fields
            .iter()
            .find(|f| f.edit && f.sql == name)
            .map(|f| f.sql)
    }

    /// The link `name` is, when it is a project's theme or organisations: edited by name,
    /// not a column of the table.
    fn link(self, name: &str) -> Option<&'static str> {
        match self {
            Entity::Project => links::named(name),
            _ => None,
        }
    }

    /// What a `SELECT … FROM` this table reads for an editable `column`.
    fn select(self, column: &'static str) -> &'static str {
        match self.link(column) {
            Some(link) => links::select(link),
            None => column,
        }
    }
}

/// A column and its value.
pub type FieldValue = (&'static str, Value);

/// One field's value before and after a change.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub column: &'static str,
    pub old: Value,
    pub new: Value,
}

/// A change a user asks for: new values for the columns the user changed, and the values
/// those columns held when the form was loaded (at `expected_version`).
///
/// Saving merges by field: when the row has moved on since, a colleague's change to *other*
/// fields stands and the user's fields are written over it; only a field both changed (to
/// different values) is a conflict. A column missing from `loaded` has no known starting
/// value, so any change to it since `expected_version` counts as a conflict.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub entity: Entity,
    pub id: i64,
    pub expected_version: i64,
    pub values: Vec<(&'static str, Value)>,
    pub loaded: Vec<(&'static str, Value)>,
    pub reason: String,
}

impl Edit {
    fn loaded_value(&self, column: &str) -> Option<&Value> {
        self.loaded
            .iter()
            .find(|(c, _)| *c == column)
            .map(|(_, v)| v)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum EditOutcome {
    /// Written: the row's new version and what changed (empty when nothing differed).
    /// `merged`: someone else had changed other fields since it was loaded; theirs stand.
    Saved {
        version: i64,
        changes: Vec<FieldChange>,
        merged: bool,
    },
    /// Someone else changed some of the same fields since it was loaded, to other values:
    /// nothing was written. Their current values for those fields only, and the version to
    /// re-apply on top of.
    Conflict {
        version: i64,
        theirs: Vec<(&'static str, Value)>,
    },
    /// The row no longer exists.
    Missing,
}

/// Who is acting, and when (injected so tests are deterministic).
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    pub user: &'a str,
    pub now: NaiveDateTime,
}

/// A value as the audit trail and dialogs show it.
pub fn value_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::Integer(i) => Some(i.to_string()),
        Value::Real(r) => Some(r.to_string()),
        Value::Text(t) => Some(t.clone()),
        Value::Blob(_) => Some("(binary)".to_string()),
    }
}

/// Columns a new row may set besides the editable ones.
fn creatable(entity: Entity, column: &str) -> bool {
    entity.column(column).is_some()
        || match entity {
            Entity::Project => column == "code",
            Entity::Milestone => column == "project_id",
            Entity::Risk | Entity::Recommendation | Entity::Certification => {
                matches!(column, "code" | "project_id")
            }
            Entity::Case => false,
        }
}

impl Store {
    /// Insert a new row with `values`, audited as created. Returns its id.
    pub fn create(
        &mut self,
        entity: Entity,
        values: &[(&'static str, Value)],
        reason: &str,
        actor: Actor<'_>,
    ) -> Result<i64> {
        if self.read_only {
            return Err(self.read_only_error());
        }
        if let Some((bad, _)) = values.iter().find(|(c, _)| !creatable(entity, c)) {
            return Err(StoreError::Invalid(format!(
                "a new {} cannot set {bad}",
                entity.name()
            )));
        }
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| classify(&path, e))?;
        let id = insert(&tx, entity, values, reason, actor).map_err(|e| classify(&path, e))?;
        tx.commit().map_err(|e| classify(&path, e))?;
        Ok(id)
    }

    fn read_only_error(&self) -> StoreError {
        StoreError::ReadOnly(self.path.clone())
    }

    /// Apply `edit` in one transaction, or report a conflict and write nothing.
    pub fn apply_edit(&mut self, edit: &Edit, actor: Actor<'_>) -> Result<EditOutcome> {
        if self.read_only {
            return Err(self.read_only_error());
        }
        for (column, _) in &edit.values {
            if edit.entity.column(column).is_none() {
                return Err(StoreError::Invalid(format!(
                    "{} has no editable field {column}",
                    edit.entity.name()
                )));
            }
        }
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| classify(&path, e))?;
        let outcome = apply(&tx, edit, actor).map_err(|e| classify(&path, e))?;
        match outcome {
            EditOutcome::Saved { .. } => tx.commit().map_err(|e| classify(&path, e))?,
            _ => tx.rollback().map_err(|e| classify(&path, e))?,
        }
        Ok(outcome)
    }

    /// The row's version and the current values of those of `columns` an edit may set: what
    /// a form is loaded with, so a save can tell the user's changes from a colleague's.
    pub fn editable_values(
        &self,
        entity: Entity,
        id: i64,
        columns: &[&str],
    ) -> Result<Option<(i64, Vec<FieldValue>)>> {
        let columns: Vec<&'static str> = columns.iter().filter_map(|c| entity.column(c)).collect();
        let read: Vec<&str> = columns.iter().map(|c| entity.select(c)).collect();
        let select = format!(
            "SELECT version{}{} FROM {} WHERE id = ?1",
            if read.is_empty() { "" } else { ", " },
            read.join(", "),
            entity.table()
        );
        self.conn
            .query_row(&select, [id], |r| {
                let version: i64 = r.get(0)?;
                let values = columns
                    .iter()
                    .enumerate()
                    .map(|(i, c)| Ok((*c, r.get::<_, Value>(i + 1)?)))
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                Ok((version, values))
            })
            .optional()
            .map_err(|e| self.err(e))
    }

    /// The current version of a row (to retry an edit on top of someone else's).
    pub fn version_of(&self, entity: Entity, id: i64) -> Result<Option<i64>> {
        let sql = format!("SELECT version FROM {} WHERE id = ?1", entity.table());
        self.conn
            .query_row(&sql, [id], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(e))
    }
}

fn apply(tx: &Transaction<'_>, edit: &Edit, actor: Actor<'_>) -> rusqlite::Result<EditOutcome> {
    let table = edit.entity.table();
    let columns: Vec<&str> = (edit.values.iter())
        .map(|(c, _)| edit.entity.select(c))
        .collect();
    let select = format!(
        "SELECT version{}{} FROM {table} WHERE id = ?1",
        if columns.is_empty() { "" } else { ", " },
        columns.join(", ")
    );
    let current: Option<(i64, Vec<Value>)> = tx
        .query_row(&select, [edit.id], |r| {
            let version: i64 = r.get(0)?;
            let values = (0..columns.len())
                .map(|i| r.get::<_, Value>(i + 1))
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok((version, values))
        })
        .optional()?;
    let Some((version, old_values)) = current else {
        return Ok(EditOutcome::Missing);
    };
    // A theme or organisations as the store reads them back, so an unchanged one is equal.
    let values: Vec<(&'static str, Value)> = (edit.values.iter())
        .map(|(column, value)| match edit.entity.link(column) {
            Some(link) => links::canonical(tx, link, value).map(|v| (*column, v)),
            None => Ok((*column, value.clone())),
        })
        .collect::<rusqlite::Result<_>>()?;
    let merged = version != edit.expected_version;
    if merged {
        let theirs: Vec<(&'static str, Value)> = values
            .iter()
            .zip(&old_values)
            .filter(|((column, mine), now)| {
                *mine != **now && edit.loaded_value(column) != Some(*now)
            })
            .map(|((column, _), now)| (*column, now.clone()))
            .collect();
        if !theirs.is_empty() {
            return Ok(EditOutcome::Conflict { version, theirs });
        }
    }
    let changes: Vec<FieldChange> = values
        .iter()
        .zip(old_values)
        .filter(|((_, new), old)| new != old)
        .map(|((column, new), old)| FieldChange {
            column,
            old,
            new: new.clone(),
        })
        .collect();
    if changes.is_empty() {
        return Ok(EditOutcome::Saved {
            version,
            changes,
            merged,
        });
    }
    let now = dates::iso_datetime(actor.now);
    let mut sets: Vec<String> = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    for change in &changes {
        let stored = match edit.entity.link(change.column) {
            Some(link) => links::stored(tx, link, &change.new)?,
            None => Some((change.column, change.new.clone())),
        };
        // The organisations are rows of their own, written after the row.
        let Some((column, value)) = stored else {
            continue;
        };
        params.push(value);
        sets.push(format!("{column} = ?{}", params.len()));
    }
    params.push(Value::Text(now.clone()));
    sets.push(format!("updated_at = ?{}", params.len()));
    params.push(Value::Integer(edit.id));
    let update = format!(
        "UPDATE {table} SET {}, version = version + 1 WHERE id = ?{}",
        sets.join(", "),
        params.len()
    );
    // Unlinking a case must still show in the project's history: remember where it was.
    let project_before = project_of(tx, edit.entity, edit.id)?;
    tx.execute(&update, params_from_iter(params))?;
    for change in &changes {
        if edit.entity.link(change.column) == Some(links::ORGANISATIONS) {
            links::write_organisations(tx, edit.id, &change.new)?;
        }
    }
    let project_id = project_of(tx, edit.entity, edit.id)?.or(project_before);
    for change in &changes {
        let old = value_text(&change.old);
        let new = value_text(&change.new);
        audit::write(
            tx,
            &AuditRow {
                at: actor.now,
                user: actor.user,
                entity: edit.entity.name(),
                entity_id: edit.id,
                project_id,
                field: change.column,
                old_value: old.as_deref(),
                new_value: new.as_deref(),
                reason: &edit.reason,
            },
        )?;
        side_records(tx, edit, change, actor, &now)?;
    }
    // Any change to a risk's current score is a dated assessment: its trajectory and trend.
    if edit.entity == Entity::Risk
        && changes
            .iter()
            .any(|c| matches!(c.column, "likelihood" | "impact"))
    {
        tx.execute(
            "INSERT INTO risk_assessments (risk_id, assessed_at, likelihood, impact, note, assessed_by)
             SELECT id, ?2, likelihood, impact, ?3, ?4 FROM risks WHERE id = ?1",
            rusqlite::params![edit.id, dates::iso(actor.now.date()), edit.reason, actor.user],
        )?;
    }
    Ok(EditOutcome::Saved {
        version: version + 1,
        changes,
        merged,
    })
}

fn insert(
    tx: &Transaction<'_>,
    entity: Entity,
    values: &[(&'static str, Value)],
    reason: &str,
    actor: Actor<'_>,
) -> rusqlite::Result<i64> {
    let now = dates::iso_datetime(actor.now);
    let mut columns: Vec<&str> = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    for (column, value) in values {
        let stored = match entity.link(column) {
            Some(link) => links::stored(tx, link, value)?,
            None => Some((*column, value.clone())),
        };
        // The organisations are rows of their own, written after the row.
        if let Some((column, value)) = stored {
            columns.push(column);
            params.push(value);
        }
    }
    let marks: Vec<String> = (1..=columns.len() + 1).map(|i| format!("?{i}")).collect();
    let sql = format!(
        "INSERT INTO {} ({}, updated_at) VALUES ({})",
        entity.table(),
        columns.join(", "),
        marks.join(", ")
    );
    params.push(Value::Text(now.clone()));
    tx.execute(&sql, params_from_iter(params))?;
    let id = tx.last_insert_rowid();
    for (column, value) in values {
        if entity.link(column) == Some(links::ORGANISATIONS) {
            links::write_organisations(tx, id, value)?;
        }
    }
    let project_id = project_of(tx, entity, id)?;
    let label = values
        .iter()
        .find(|(c, _)| matches!(*c, "code" | "name" | "title"))
        .and_then(|(_, v)| value_text(v))
        .unwrap_or_default();
    let what = format!("created {label}");
    audit::write(
        tx,
        &AuditRow {
            at: actor.now,
            user: actor.user,
            entity: entity.name(),
            entity_id: id,
            project_id,
            field: "created",
            old_value: None,
            new_value: Some(what.trim_end()),
            reason,
        },
    )?;
    if entity == Entity::Project
        && let Some((_, rag)) = values.iter().find(|(c, _)| *c == "rag")
    {
        let reason_value = values
            .iter()
            .find(|(c, _)| *c == "rag_reason")
            .map(|(_, v)| v.clone())
            .unwrap_or(Value::Text(String::new()));
        tx.execute(
            "INSERT INTO rag_history (project_id, changed_at, rag, reason, changed_by)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![id, now, rag, reason_value, actor.user],
        )?;
    }
    if entity == Entity::Risk {
        tx.execute(
            "INSERT INTO risk_assessments (risk_id, assessed_at, likelihood, impact, note, assessed_by)
             SELECT id, ?2, likelihood, impact, 'first assessment', ?3 FROM risks WHERE id = ?1",
            rusqlite::params![id, dates::iso(actor.now.date()), actor.user],
        )?;
    }
    Ok(id)
}

/// The records a change implies besides the row itself: a RAG change joins the RAG history;
/// a milestone date change keeps the old date.
fn side_records(
    tx: &Transaction<'_>,
    edit: &Edit,
    change: &FieldChange,
    actor: Actor<'_>,
    now: &str,
) -> rusqlite::Result<()> {
    match (edit.entity, change.column) {
        (Entity::Project, "rag") => {
            tx.prepare_cached(
                "INSERT INTO rag_history (project_id, changed_at, rag, reason, changed_by)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(rusqlite::params![
                edit.id,
                now,
                change.new,
                edit.reason,
                actor.user
            ])?;
        }
        (Entity::Milestone, "baseline_date" | "forecast_date" | "actual_date") => {
            let field = change.column.trim_end_matches("_date");
            tx.prepare_cached(
                "INSERT INTO milestone_date_changes
                    (milestone_id, changed_at, field, old_date, new_date, reason, changed_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(rusqlite::params![
                edit.id,
                now,
                field,
                change.old,
                change.new,
                edit.reason,
                actor.user
            ])?;
        }
        // A revised due date keeps the one it replaced, with the reason (like a milestone's).
        (Entity::Recommendation, "due_date" | "revised_due_date") => {
            tx.prepare_cached(
                "INSERT INTO recommendation_due_changes
                    (recommendation_id, changed_at, old_date, new_date, reason, changed_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(rusqlite::params![
                edit.id,
                now,
                change.old,
                change.new,
                edit.reason,
                actor.user
            ])?;
        }
        _ => {}
    }
    Ok(())
}

fn project_of(tx: &Transaction<'_>, entity: Entity, id: i64) -> rusqlite::Result<Option<i64>> {
    match entity {
        Entity::Project => Ok(Some(id)),
        Entity::Milestone => tx
            .query_row(
                "SELECT project_id FROM milestones WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional(),
        Entity::Risk | Entity::Case | Entity::Recommendation | Entity::Certification => tx
            .query_row(
                &format!("SELECT project_id FROM {} WHERE id = ?1", entity.table()),
                [id],
                |r| r.get::<_, Option<i64>>(0),
            )
            .optional()
            .map(Option::flatten),
    }
}
