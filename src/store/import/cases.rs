//! Cases by ref: inserted first (a new case, the bulk of a large import, then costs one index
//! probe), updated only when they changed, with the source's state history or, for a case an
//! export moves on, a new entry in it. And the state changes a batch brings of its own.

use std::borrow::Cow;

use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, Transaction, params};

use super::{Ctx, ImportBatch, ImportOptions, key, unknown_project};
use crate::domain::dates;
use crate::domain::desk_sums::{CaseFacts, NO_ORGANISATION};
use crate::domain::records::{CaseRecord, Located, Problem};
use crate::domain::sla::StateChange;
use crate::store::audit::{AuditChain, AuditRow};
use crate::store::row::iso_datetime;

/// Every case of a batch (the demo's; imports stream through `CaseImport`), then their
/// one summary audit entry.
pub(super) fn cases(cx: &mut Ctx<'_, '_>, batch: &ImportBatch) -> rusqlite::Result<()> {
    for located in &batch.cases {
        upsert_case(cx, located, &[])?;
    }
    cx.state
        .new_cases
        .audit((cx.tx, &mut cx.state.audit), cx.options)
}

/// The state changes a batch brings (the demo's).
pub(super) fn case_events(cx: &mut Ctx<'_, '_>, batch: &ImportBatch) -> rusqlite::Result<()> {
    for located in &batch.case_events {
        let e = &located.record;
        let case_id: Option<i64> = cx
            .tx
            .prepare_cached("SELECT id FROM cases WHERE ref = ?1")?
            .query_row(params![e.reference], |r| r.get(0))
            .optional()?;
        let Some(case_id) = case_id else {
            cx.problem(
                &located.origin,
                "ref",
                format!("no case with ref '{}'", e.reference),
            );
            continue;
        };
        cx.take_stored_case(case_id)?;
        cx.tx
            .prepare_cached(
                "INSERT INTO case_state_changes (case_id, changed_at, state, hold_reason)
             VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![
                case_id,
                dates::iso_datetime(e.changed_at),
                e.state.as_str(),
                e.hold_reason
            ])?;
        cx.add_stored_case(case_id)?;
    }
    Ok(())
}

/// Insert or update one case by ref. An unchanged case is not written; a new state joins the
/// case's history (with the source's own history when it gives one).
#[allow(clippy::too_many_arguments)]
pub(crate) fn upsert_case(
    cx: &mut Ctx<'_, '_>,
    located: &Located<CaseRecord>,
    history: &[StateChange],
) -> rusqlite::Result<()> {
    let c = &located.record;
    let project = match c.project_code.as_deref().filter(|c| !c.trim().is_empty()) {
        None => None,
        Some(code) => {
            let found = match cx.state.lookup.projects.get(&key(code)) {
                Some(id) => Some(*id),
                None => cx
                    .tx
                    .prepare_cached("SELECT id FROM projects WHERE code = ?1")?
                    .query_row(params![code.trim()], |r| r.get::<_, i64>(0))
                    .optional()?,
            };
            match found {
                Some(id) => {
                    cx.state.lookup.projects.insert(key(code), id);
                    Some(id)
                }
                None => {
                    cx.state.problems.push(Problem {
                        origin: located.origin.clone(),
                        column: "project_code".into(),
                        problem: unknown_project(code),
                    });
                    return Ok(());
                }
            }
        }
    };
    let organisation = match c.organisation.as_deref().filter(|o| !o.trim().is_empty()) {
        Some(name) => Some(cx.named_id("organisations", name)?),
        None => None,
    };
    let values: [rusqlite::types::Value; 13] = {
        use rusqlite::types::Value;
        let text = |s: &str| Value::Text(s.to_string());
        let opt = |d: Option<String>| d.map(Value::Text).unwrap_or(Value::Null);
        let id = |i: Option<i64>| i.map(Value::Integer).unwrap_or(Value::Null);
        [
            text(c.kind.as_str()),
            Value::Integer(i64::from(c.priority)),
            text(c.state.as_str()),
            text(&c.hold_reason),
            text(&dates::iso_datetime(c.opened_at)),
            opt(iso_datetime(c.resolved_at)),
            opt(iso_datetime(c.closed_at)),
            text(&c.category),
            text(&c.service),
            text(&c.assignment_group),
            id(organisation),
            id(project),
            text(&c.summary),
        ]
    };
    // Insert first: a new case (the bulk of a large import) then costs one index probe, not a
    // look-up and an insert. Plain statements, not an upsert that updates: SQLite gives that
    // a statement journal, which cost a third of a million-case import.
    let reference = rusqlite::types::Value::Text(c.reference.clone());
    let stamp = rusqlite::types::Value::Text(cx.now.to_string());
    let inserted = cx
        .tx
        .prepare_cached(
            "INSERT INTO cases (ref, kind, priority, state, hold_reason, opened_at, resolved_at,
                closed_at, category, service, assignment_group, organisation_id, project_id,
                summary, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
             ON CONFLICT (ref) DO NOTHING",
        )?
        .execute(rusqlite::params_from_iter(
            std::iter::once(&reference)
                .chain(values.iter())
                .chain(std::iter::once(&stamp)),
        ))?;
    let existing: Option<(i64, Vec<rusqlite::types::Value>)> = if inserted == 1 {
        None
    } else {
        let found = cx
            .tx
            .prepare_cached(
                "SELECT id, kind, priority, state, hold_reason, opened_at, resolved_at, closed_at,
                        category, service, assignment_group, organisation_id, project_id, summary
                 FROM cases WHERE ref = ?1",
            )?
            .query_row(params![c.reference], |r| {
                let values = (1..=13)
                    .map(|i| r.get::<_, rusqlite::types::Value>(i))
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                Ok((r.get::<_, i64>(0)?, values))
            })?;
        Some(found)
    };
    if let Some((id, old)) = &existing
        && old.as_slice() == values.as_slice()
        && !history_is_newer(cx, *id, history)?
    {
        // The same case and no state it has not already recorded: nothing is written.
        cx.state.outcome.unchanged += 1;
        return Ok(());
    }
    let previous_state = existing.as_ref().and_then(|(_, old)| match &old[2] {
        rusqlite::types::Value::Text(t) => Some(t.clone()),
        _ => None,
    });
    let id: i64 = match &existing {
        Some((id, _)) => {
            cx.take_stored_case(*id)?;
            cx.tx
                .prepare_cached(
                    "UPDATE cases SET kind = ?1, priority = ?2, state = ?3, hold_reason = ?4,
                    opened_at = ?5, resolved_at = ?6, closed_at = ?7, category = ?8, service = ?9,
                    assignment_group = ?10, organisation_id = ?11, project_id = ?12,
                    summary = ?13, updated_at = ?14
                 WHERE id = ?15",
                )?
                .execute(rusqlite::params_from_iter(
                    values
                        .iter()
                        .chain([&stamp, &rusqlite::types::Value::Integer(*id)]),
                ))?;
            *id
        }
        None => cx.tx.last_insert_rowid(),
    };
    let insert_change = |at: NaiveDateTime, state: &str, reason: &str| {
        cx.tx
            .prepare_cached(
                "INSERT INTO case_state_changes (case_id, changed_at, state, hold_reason)
             VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![id, dates::iso_datetime(at), state, reason])
            .map(|_| ())
    };
    if history.is_empty() {
        // A later export that moves a case on becomes part of its state history.
        if previous_state
            .as_deref()
            .is_some_and(|p| p != c.state.as_str())
        {
            let at = match c.state {
                crate::domain::CaseState::Resolved => c.resolved_at,
                crate::domain::CaseState::Closed | crate::domain::CaseState::Cancelled => {
                    c.closed_at
                }
                _ => None,
            }
            .unwrap_or(cx.options.now);
            insert_change(at, c.state.as_str(), &c.hold_reason)?;
        }
    } else {
        // The source's own history: add only what is newer than what is recorded.
        let latest: Option<String> = cx
            .tx
            .prepare_cached("SELECT max(changed_at) FROM case_state_changes WHERE case_id = ?1")?
            .query_row(params![id], |r| r.get(0))?;
        for change in history {
            let at = dates::iso_datetime(change.at);
            if latest.as_deref().is_none_or(|l| at.as_str() > l) {
                insert_change(change.at, change.state.as_str(), &change.hold_reason)?;
            }
        }
    }
    if existing.is_none() {
        // A new case's history is what it came with, in the order the store keeps it.
        let mut sorted = Cow::Borrowed(history);
        if !history.is_sorted_by_key(|h| h.at) {
            sorted.to_mut().sort_by_key(|h| h.at);
        }
        let facts = CaseFacts {
            kind: c.kind,
            priority: c.priority,
            state: c.state,
            opened_at: c.opened_at,
            resolved_at: c.resolved_at,
            closed_at: c.closed_at,
            organisation: organisation.unwrap_or(NO_ORGANISATION),
            history: &sorted,
        };
        cx.desk_change(&facts, 1)?;
    } else {
        cx.add_stored_case(id)?;
    }
    if existing.is_none() {
        cx.state.outcome.created += 1;
        cx.state.new_cases.created.add(&c.reference);
    } else {
        cx.state.outcome.updated += 1;
        cx.state.new_cases.updated.add(&c.reference);
    }
    cx.state.new_cases.file_from(&located.origin.file);
    Ok(())
}

/// Whether the source's history has a state change later than any the case has recorded.
fn history_is_newer(
    cx: &Ctx<'_, '_>,
    case_id: i64,
    history: &[StateChange],
) -> rusqlite::Result<bool> {
    let Some(last) = history.iter().map(|h| h.at).max() else {
        return Ok(false);
    };
    let latest: Option<String> = cx
        .tx
        .prepare_cached("SELECT max(changed_at) FROM case_state_changes WHERE case_id = ?1")?
        .query_row(params![case_id], |r| r.get(0))?;
    Ok(latest.is_none_or(|l| dates::iso_datetime(last) > l))
}

/// The audit entry for cases an import wrote: `case` is (case id, its project), (0, None) for
/// a summary of many.
fn audit_case_import(
    (tx, chain): (&Transaction<'_>, &mut AuditChain),
    options: &ImportOptions<'_>,
    (case, project): (i64, Option<i64>),
    what: &str,
    file: &str,
) -> rusqlite::Result<()> {
    chain.write(
        tx,
        &AuditRow {
            at: options.now,
            user: options.user,
            entity: "case",
            entity_id: case,
            project_id: project,
            field: "import",
            old_value: None,
            new_value: Some(what),
            reason: &format!("imported from {file}"),
        },
    )?;
    Ok(())
}

/// The cases an import created and updated, audited as one entry per import (how many, first
/// and last reference) rather than one each: a million audit rows cost a quarter of a
/// million-case import and told the reader nothing the cases and their state history do not.
#[derive(Debug, Default)]
pub(crate) struct NewCases {
    file: String,
    pub(super) created: Span,
    pub(super) updated: Span,
}

/// How many references, and the first and last of them.
#[derive(Debug, Default)]
pub(crate) struct Span {
    count: usize,
    first: String,
    last: String,
}

impl Span {
    pub(super) fn add(&mut self, reference: &str) {
        if self.count == 0 {
            self.first = reference.to_string();
        }
        self.count += 1;
        self.last.clear();
        self.last.push_str(reference);
    }

    fn text(&self, verb: &str) -> Option<String> {
        match self.count {
            0 => None,
            1 => Some(format!("{verb} {}", self.first)),
            n => Some(format!("{verb} {n} cases ({} … {})", self.first, self.last)),
        }
    }
}

impl NewCases {
    fn file_from(&mut self, file: &str) {
        if self.file.is_empty() {
            self.file = file.to_string();
        }
    }

    pub(crate) fn audit(
        &self,
        (tx, chain): (&Transaction<'_>, &mut AuditChain),
        options: &ImportOptions<'_>,
    ) -> rusqlite::Result<()> {
        let parts: Vec<String> = [self.created.text("created"), self.updated.text("updated")]
            .into_iter()
            .flatten()
            .collect();
        if parts.is_empty() {
            return Ok(());
        }
        audit_case_import(
            (tx, chain),
            options,
            (0, None),
            &parts.join("; "),
            &self.file,
        )
    }
}
