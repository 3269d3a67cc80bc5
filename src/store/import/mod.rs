//! Applying an import: every register in one transaction, all or nothing. Rows update by their
//! codes (project code; project code + milestone name; risk code; recommendation code;
//! certification code; certification code + date; case ref; month + organisation).
//! One module a register; they share the context here (the transaction, the options, what is
//! looked up once, and what the import has found) and the field writer in `fields`.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, Transaction, params};

use super::audit::{AuditChain, AuditRow};

use super::{Result, Store, StoreError, classify};
use crate::domain::Settings;
use crate::domain::dates;
use crate::domain::desk_sums::{CaseFacts, DeskSums, NO_ORGANISATION};
use crate::domain::records::{ImportBatch, Origin, Problem};

/// A row the database cannot take (an unknown code it refers to).
pub type ImportProblem = Problem;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOutcome {
    pub created: usize,
    pub updated: usize,
    /// Rows identical to what the database already held: not written, not audited.
    pub unchanged: usize,
    /// With `skip_invalid`: the rows left out, and why.
    pub skipped: Vec<Problem>,
    /// What the import decided that the user should hear once (a RAG scale adopted).
    pub notes: Vec<String>,
}

pub struct ImportOptions<'a> {
    pub user: &'a str,
    pub now: NaiveDateTime,
    /// Record each project's RAG as a history entry when it differs from its latest one.
    /// Off when the batch brings its own RAG history (the demo).
    pub record_rag_changes: bool,
    /// Do everything in the transaction, report what would happen, then roll it back.
    pub dry_run: bool,
    /// Keep the good rows when some refer to unknown codes (and list those).
    pub skip_invalid: bool,
}

#[derive(Default)]
struct Lookup {
    themes: HashMap<String, i64>,
    organisations: HashMap<String, i64>,
    projects: HashMap<String, i64>,
    risks: HashMap<String, i64>,
}

fn key(text: &str) -> String {
    text.trim().to_lowercase()
}

mod assurance;
mod cases;
mod fields;
mod milestones;
mod projects;
mod risks;
mod snapshots;

pub(super) use cases::{NewCases, upsert_case};

/// What an import has looked up and found so far; a streamed case import keeps one across
/// every row.
#[derive(Default)]
pub(super) struct ImportState {
    lookup: Lookup,
    pub(super) outcome: ImportOutcome,
    pub(super) problems: Vec<Problem>,
    pub(super) new_cases: NewCases,
    /// The audit chain's end: every audit row of the import is written through it.
    pub(super) audit: AuditChain,
    /// What the import changes in the service desk's sums, written before it commits.
    pub(super) desk: DeskSums,
    /// The targets "resolved within target" is judged by, read at the first case.
    settings: Option<Settings>,
}

/// One import's context: its transaction, options and state.
pub(super) struct Ctx<'a, 'c> {
    pub(super) tx: &'a Transaction<'c>,
    pub(super) options: &'a ImportOptions<'a>,
    /// `options.now` as the store writes it.
    pub(super) now: &'a str,
    pub(super) state: &'a mut ImportState,
}

impl Ctx<'_, '_> {
    /// Add a case's contribution to the desk's sums (`sign` 1) or take it away (-1).
    pub(super) fn desk_change(&mut self, facts: &CaseFacts<'_>, sign: i64) -> rusqlite::Result<()> {
        if self.state.settings.is_none() {
            let settings = crate::store::settings::read_settings(self.tx)?.unwrap_or_default();
            self.state.settings = Some(settings);
        }
        if let Some(settings) = &self.state.settings {
            self.state.desk.add_case(facts, settings, sign);
        }
        Ok(())
    }

    /// Take a stored case's contribution away before a write changes it.
    pub(super) fn take_stored_case(&mut self, id: i64) -> rusqlite::Result<()> {
        self.stored_case(id, -1)
    }

    /// Add a stored case's contribution back once a write has changed it.
    pub(super) fn add_stored_case(&mut self, id: i64) -> rusqlite::Result<()> {
        self.stored_case(id, 1)
    }

    fn stored_case(&mut self, id: i64, sign: i64) -> rusqlite::Result<()> {
        if let Some((case, org)) = crate::store::desk::stored_case(self.tx, id)? {
            self.desk_change(&case.facts(org.unwrap_or(NO_ORGANISATION)), sign)?;
        }
        Ok(())
    }

    pub(super) fn problem(&mut self, origin: &Origin, column: &str, text: String) {
        self.state.problems.push(Problem {
            origin: origin.clone(),
            column: column.to_string(),
            problem: text,
        });
    }

    /// The audit entry for a record an import created; the new value names the record, so a
    /// History tab reads "created Go-live", not an id.
    pub(super) fn audit_created(
        &mut self,
        entity: &str,
        id: i64,
        project_id: Option<i64>,
        created: bool,
        label: &str,
        origin: &Origin,
    ) -> rusqlite::Result<()> {
        let what = format!("{} {label}", if created { "created" } else { "updated" });
        self.state.audit.write(
            self.tx,
            &AuditRow {
                at: self.options.now,
                user: self.options.user,
                entity,
                entity_id: id,
                project_id,
                field: "import",
                old_value: None,
                new_value: Some(&what),
                reason: &format!("imported from {}", origin.file),
            },
        )?;
        Ok(())
    }

    pub(super) fn project_id(&mut self, code: &str) -> rusqlite::Result<Option<i64>> {
        project_id(self.tx, &mut self.state.lookup, code)
    }

    /// The id of a theme or organisation by name, created on first use.
    pub(super) fn named_id(&mut self, table: &'static str, name: &str) -> rusqlite::Result<i64> {
        let cache = match table {
            "themes" => &mut self.state.lookup.themes,
            _ => &mut self.state.lookup.organisations,
        };
        named_id(self.tx, cache, table, name)
    }
}

impl Store {
    /// Apply `batch` in one transaction. Any problem rolls everything back and is returned
    /// with every other problem found, so a user can fix the file in one pass.
    pub fn import(
        &mut self,
        batch: &ImportBatch,
        options: &ImportOptions<'_>,
    ) -> Result<std::result::Result<ImportOutcome, Vec<ImportProblem>>> {
        if self.read_only {
            return Err(StoreError::Invalid(format!(
                "{} is open read-only: nothing was imported",
                self.path.display()
            )));
        }
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| classify(&path, e))?;
        let mut state = ImportState::default();
        apply(&tx, batch, options, &mut state).map_err(|e| classify(&path, e))?;
        let ImportState {
            outcome,
            problems,
            desk,
            ..
        } = state;
        if problems.is_empty() || options.skip_invalid {
            crate::store::desk_sums::apply(&tx, &desk).map_err(|e| classify(&path, e))?;
            if options.dry_run {
                tx.rollback().map_err(|e| classify(&path, e))?;
            } else {
                tx.commit().map_err(|e| classify(&path, e))?;
            }
            let mut outcome = outcome;
            outcome.skipped = problems;
            Ok(Ok(outcome))
        } else {
            tx.rollback().map_err(|e| classify(&path, e))?;
            Ok(Err(problems))
        }
    }
}

fn apply(
    tx: &Transaction<'_>,
    batch: &ImportBatch,
    options: &ImportOptions<'_>,
    state: &mut ImportState,
) -> rusqlite::Result<()> {
    let now = dates::iso_datetime(options.now);
    let mut cx = Ctx {
        tx,
        options,
        now: &now,
        state,
    };
    if !projects::rag_scale_fits(&mut cx, batch)? {
        return Ok(());
    }
    projects::projects(&mut cx, batch)?;
    projects::rag_history(&mut cx, batch)?;
    milestones::milestones(&mut cx, batch)?;
    milestones::milestone_changes(&mut cx, batch)?;
    risks::risks(&mut cx, batch)?;
    risks::assessments(&mut cx, batch)?;
    assurance::recommendations(&mut cx, batch)?;
    assurance::certifications(&mut cx, batch)?;
    assurance::certification_assessments(&mut cx, batch)?;
    cases::cases(&mut cx, batch)?;
    cases::case_events(&mut cx, batch)?;
    snapshots::snapshots(&mut cx, batch)
}

fn unknown_project(code: &str) -> String {
    format!("no project with code '{code}'")
}

fn project_id(
    tx: &Transaction<'_>,
    lookup: &mut Lookup,
    code: &str,
) -> rusqlite::Result<Option<i64>> {
    if let Some(id) = lookup.projects.get(&key(code)) {
        return Ok(Some(*id));
    }
    let id: Option<i64> = tx
        .query_row(
            "SELECT id FROM projects WHERE code = ?1",
            params![code.trim()],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = id {
        lookup.projects.insert(key(code), id);
    }
    Ok(id)
}

/// The id of a theme or organisation by name, created on first use (they are data, not code).
fn named_id(
    tx: &Transaction<'_>,
    cache: &mut HashMap<String, i64>,
    table: &'static str,
    name: &str,
) -> rusqlite::Result<i64> {
    // Names as the file spells them first: a million cases name a handful of organisations,
    // and this skips lower-casing each one.
    if let Some(id) = cache.get(name) {
        return Ok(*id);
    }
    if let Some(id) = cache.get(&key(name)) {
        let id = *id;
        cache.insert(name.to_string(), id);
        return Ok(id);
    }
    // `table` is one of two constants, never user input.
    let (select, insert) = match table {
        "themes" => (
            "SELECT id FROM themes WHERE name = ?1",
            "INSERT INTO themes (name) VALUES (?1)",
        ),
        _ => (
            "SELECT id FROM organisations WHERE name = ?1",
            "INSERT INTO organisations (name) VALUES (?1)",
        ),
    };
    let name = name.trim();
    let id = match tx
        .query_row(select, params![name], |r| r.get(0))
        .optional()?
    {
        Some(id) => id,
        None => {
            tx.execute(insert, params![name])?;
            tx.last_insert_rowid()
        }
    };
    cache.insert(key(name), id);
    cache.insert(name.to_string(), id);
    Ok(id)
}
