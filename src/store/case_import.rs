//! Importing cases row by row inside one transaction, so an export of any size streams
//! through without being held in memory, and is still all or nothing.

use rusqlite::Transaction;

use super::import::{Ctx, ImportOptions, ImportOutcome, ImportState, upsert_case};
use super::{Result, Store, StoreError, classify};
use crate::domain::records::{CaseRecord, Located, Problem};
use crate::domain::sla::StateChange;

pub struct CaseImport<'a> {
    tx: Transaction<'a>,
    path: std::path::PathBuf,
    state: ImportState,
    /// The import's time as the store writes it, formatted once.
    now: Option<String>,
}

impl Store {
    /// Start a case import: everything added goes into one transaction.
    pub fn case_import(&mut self) -> Result<CaseImport<'_>> {
        if self.read_only {
            return Err(StoreError::ReadOnly(self.path.clone()));
        }
        let path = self.path.clone();
        self.use_large_write_cache()?;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| classify(&path, e))?;
        Ok(CaseImport {
            tx,
            path,
            state: ImportState::default(),
            now: None,
        })
    }
}

impl CaseImport<'_> {
    pub fn add(
        &mut self,
        located: &Located<CaseRecord>,
        history: &[StateChange],
        options: &ImportOptions<'_>,
    ) -> Result<()> {
        let now = self
            .now
            .get_or_insert_with(|| crate::domain::dates::iso_datetime(options.now));
        let mut cx = Ctx {
            tx: &self.tx,
            options,
            now,
            state: &mut self.state,
        };
        upsert_case(&mut cx, located, history).map_err(|e| classify(&self.path, e))
    }

    pub fn problems(&mut self, mut found: Vec<Problem>) {
        self.state.problems.append(&mut found);
    }

    /// Commit, unless there were problems (and bad rows are not to be skipped) or this is a
    /// dry run: then nothing is kept.
    pub fn finish(
        self,
        options: &ImportOptions<'_>,
    ) -> Result<std::result::Result<ImportOutcome, Vec<Problem>>> {
        let CaseImport {
            tx, path, state, ..
        } = self;
        let ImportState {
            mut outcome,
            new_cases,
            problems,
            mut audit,
            desk,
            ..
        } = state;
        let keep = problems.is_empty()
            || (options.skip_invalid && problems.iter().all(|p| p.origin.line > 1));
        if keep && !options.dry_run {
            super::desk_sums::apply(&tx, &desk).map_err(|e| classify(&path, e))?;
            new_cases
                .audit((&tx, &mut audit), options)
                .map_err(|e| classify(&path, e))?;
            tx.commit().map_err(|e| classify(&path, e))?;
        } else {
            tx.rollback().map_err(|e| classify(&path, e))?;
        }
        Ok(if keep {
            outcome.skipped = problems;
            Ok(outcome)
        } else {
            Err(problems)
        })
    }
}
