//! `workplan import REGISTER FILE`: read a register's CSV and apply it all or nothing.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use chrono::NaiveDateTime;

use super::CommandError;
use crate::domain::records::{ImportBatch, Problem};
use crate::io::registers;
use crate::store::{ImportOptions, ImportOutcome, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Register {
    Projects,
    Milestones,
    Risks,
    Cases,
    CaseSnapshots,
}

/// The (known, lower-cased) columns a file's header names, so an update changes only those.
fn header_columns(file: &Path) -> Result<std::collections::HashSet<String>, CommandError> {
    let name = file.display().to_string();
    let mut reader = csv::Reader::from_path(file)
        .map_err(|e| CommandError::Invalid(format!("cannot read {name}: {e}")))?;
    let headers = reader
        .headers()
        .map_err(|e| CommandError::Invalid(format!("{name}:1: header: {e}")))?;
    Ok(headers
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase())
        .collect())
}

/// Parse `file` as `register` and import it. Nothing is written unless every row is good.
pub fn import_file(
    store: &mut Store,
    register: Register,
    file: &Path,
    user: &str,
    now: NaiveDateTime,
) -> Result<ImportOutcome, CommandError> {
    let name = file.display().to_string();
    let reader = File::open(file)
        .map(BufReader::new)
        .map_err(|e| CommandError::Invalid(format!("cannot read {name}: {e}")))?;
    let mut batch = ImportBatch::default();
    let parsed: Result<(), Vec<Problem>> = match register {
        Register::Projects => registers::parse_projects(&name, reader).map(|r| batch.projects = r),
        Register::Milestones => {
            registers::parse_milestones(&name, reader).map(|r| batch.milestones = r)
        }
        Register::Risks => registers::parse_risks(&name, reader).map(|r| batch.risks = r),
        Register::Cases => registers::parse_cases(&name, reader).map(|r| batch.cases = r),
        Register::CaseSnapshots => {
            registers::parse_snapshots(&name, reader).map(|r| batch.snapshots = r)
        }
    };
    parsed.map_err(CommandError::Problems)?;
    let register_name = match register {
        Register::Projects => Some("projects"),
        Register::Milestones => Some("milestones"),
        Register::Risks => Some("risks"),
        Register::Cases | Register::CaseSnapshots => None,
    };
    if let Some(name) = register_name {
        batch.columns.insert(name, header_columns(file)?);
    }
    let options = ImportOptions {
        user,
        now,
        record_rag_changes: true,
    };
    store
        .import(&batch, &options)?
        .map_err(CommandError::Problems)
}
