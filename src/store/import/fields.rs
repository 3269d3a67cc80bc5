//! Writing the fields of a row an import updates: only those the file gives and that
//! differ, one audit row each, so a colleague's change to another field stands.

use rusqlite::{OptionalExtension, Transaction};

use super::{Ctx, ImportOptions};
use crate::domain::dates;
use crate::domain::records::Located;
use crate::store::audit::{AuditChain, AuditRow};
use crate::store::columns::{self, Field};

/// One field an import changed: its CSV name, and the stored values before and after.
pub(super) struct Changed {
    pub(super) field: &'static str,
    old: rusqlite::types::Value,
    new: rusqlite::types::Value,
}

fn owned(value: &dyn rusqlite::ToSql) -> Option<rusqlite::types::Value> {
    match value.to_sql() {
        Ok(rusqlite::types::ToSqlOutput::Borrowed(v)) => rusqlite::types::Value::try_from(v).ok(),
        Ok(rusqlite::types::ToSqlOutput::Owned(v)) => Some(v),
        _ => None,
    }
}

/// Write the fields of one row that the file gives (all of them when `present` is `None`),
/// leaving out those the row keeps, and only where they differ from what is stored: an
/// unchanged row is not written, versioned or audited, and a colleague's change to another
/// field stands. Column names come from the fixed lists above, never from the file; values
/// are bound.
fn update_present(
    tx: &Transaction<'_>,
    table: &'static str,
    id: i64,
    (present, keep): (Option<&std::collections::HashSet<String>>, &[&str]),
    fields: &[(&'static str, &'static str, &dyn rusqlite::ToSql)],
    now: &str,
) -> rusqlite::Result<Vec<Changed>> {
    let chosen: Vec<&(&'static str, &'static str, &dyn rusqlite::ToSql)> = fields
        .iter()
        .filter(|(csv, _, _)| present.is_none_or(|p| p.contains(*csv)) && !keep.contains(csv))
        .collect();
    if chosen.is_empty() {
        return Ok(Vec::new());
    }
    let columns: Vec<&str> = chosen.iter().map(|(_, c, _)| *c).collect();
    let current: Vec<rusqlite::types::Value> = tx.query_row(
        &format!("SELECT {} FROM {table} WHERE id = ?1", columns.join(", ")),
        [id],
        |r| (0..columns.len()).map(|i| r.get(i)).collect(),
    )?;
    let mut changed = Vec::new();
    let mut writes: Vec<(&'static str, &dyn rusqlite::ToSql)> = Vec::new();
    for ((csv, column, value), old) in chosen.iter().zip(current) {
        let Some(new) = owned(*value) else {
            continue;
        };
        if new != old {
            changed.push(Changed {
                field: csv,
                old,
                new,
            });
            writes.push((column, *value));
        }
    }
    if writes.is_empty() {
        return Ok(changed);
    }
    let mut sets: Vec<String> = writes
        .iter()
        .enumerate()
        .map(|(i, (column, _))| format!("{column} = ?{}", i + 1))
        .collect();
    sets.push(format!("updated_at = ?{}", writes.len() + 1));
    sets.push("version = version + 1".to_string());
    let sql = format!(
        "UPDATE {table} SET {} WHERE id = ?{}",
        sets.join(", "),
        writes.len() + 2
    );
    let mut params: Vec<&dyn rusqlite::ToSql> = writes.iter().map(|(_, v)| *v).collect();
    params.push(&now);
    params.push(&id);
    tx.prepare_cached(&sql)?
        .execute(rusqlite::params_from_iter(params))?;
    Ok(changed)
}

/// Whether a row that would create a record lacks a field only a new record needs (the file
/// has no such column, or the cell is blank); each one missing is a problem.
pub(super) fn lacks_to_create<T>(
    cx: &mut Ctx<'_, '_>,
    located: &Located<T>,
    fields: &[&str],
    (what, code): (&str, &str),
) -> bool {
    let mut lacking = false;
    for field in fields.iter().filter(|f| located.keeps(f)) {
        cx.problem(
            &located.origin,
            field,
            format!("is needed to create {what} '{code}', which is not in the work plan"),
        );
        lacking = true;
    }
    lacking
}

/// `update_present`, then an audit row for each field it changed.
pub(super) fn update_audited(
    (tx, chain): (&Transaction<'_>, &mut AuditChain),
    options: &ImportOptions<'_>,
    (table, entity, id, project_id): (&'static str, &str, i64, Option<i64>),
    (present, keep, file): (Option<&std::collections::HashSet<String>>, &[&str], &str),
    fields: &[(&'static str, &'static str, &dyn rusqlite::ToSql)],
) -> rusqlite::Result<Vec<Changed>> {
    let now = dates::iso_datetime(options.now);
    let changed = update_present(tx, table, id, (present, keep), fields, &now)?;
    audit_changes(
        (tx, chain),
        options,
        (entity, id, project_id),
        &changed,
        file,
    )?;
    Ok(changed)
}

impl Ctx<'_, '_> {
    /// Update a row an import found by its key (the file's fields of `fields`, bound to
    /// `values` in order), audit each change and count the row as updated or unchanged.
    pub(super) fn update_row<T>(
        &mut self,
        (table, entity, id, project_id): (&'static str, &str, i64, Option<i64>),
        located: &Located<T>,
        present: Option<&std::collections::HashSet<String>>,
        (fields, values): (&[Field], &[&dyn rusqlite::ToSql]),
    ) -> rusqlite::Result<Vec<Changed>> {
        let bound = columns::bound(fields, values);
        let changed = update_audited(
            (self.tx, &mut self.state.audit),
            self.options,
            (table, entity, id, project_id),
            (present, &located.keep, &located.origin.file),
            &bound,
        )?;
        if changed.is_empty() {
            self.state.outcome.unchanged += 1;
        } else {
            self.state.outcome.updated += 1;
        }
        Ok(changed)
    }

    /// Create a row with one of `columns`' inserts; counted as created. Returns its id.
    pub(super) fn insert_row(
        &mut self,
        sql: &str,
        values: &[&dyn rusqlite::ToSql],
    ) -> rusqlite::Result<i64> {
        self.tx.prepare_cached(sql)?.execute(values)?;
        self.state.outcome.created += 1;
        Ok(self.tx.last_insert_rowid())
    }
}

/// One audit row per changed field, as the app's edits write them.
fn audit_changes(
    (tx, chain): (&Transaction<'_>, &mut AuditChain),
    options: &ImportOptions<'_>,
    (entity, id, project_id): (&str, i64, Option<i64>),
    changes: &[Changed],
    file: &str,
) -> rusqlite::Result<()> {
    let reason = format!("imported from {file}");
    for change in changes {
        let (old, new) = if change.field == "theme" || change.field == "project_code" {
            (
                name_of(tx, change.field, &change.old)?,
                name_of(tx, change.field, &change.new)?,
            )
        } else {
            (
                crate::store::edit::value_text(&change.old),
                crate::store::edit::value_text(&change.new),
            )
        };
        chain.write(
            tx,
            &AuditRow {
                at: options.now,
                user: options.user,
                entity,
                entity_id: id,
                project_id,
                field: change.field,
                old_value: old.as_deref(),
                new_value: new.as_deref(),
                reason: &reason,
            },
        )?;
    }
    Ok(())
}

/// A theme's name or a project's code for an id an import changed (the audit reads names).
fn name_of(
    tx: &Transaction<'_>,
    field: &str,
    value: &rusqlite::types::Value,
) -> rusqlite::Result<Option<String>> {
    let rusqlite::types::Value::Integer(id) = value else {
        return Ok(None);
    };
    let sql = if field == "theme" {
        "SELECT name FROM themes WHERE id = ?1"
    } else {
        "SELECT code FROM projects WHERE id = ?1"
    };
    tx.query_row(sql, [id], |r| r.get(0)).optional()
}
