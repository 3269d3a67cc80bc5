//! `workplan import REGISTER FILE`: read a register's CSV and apply it all or nothing.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use chrono::NaiveDateTime;

use super::CommandError;
use crate::domain::records::{ImportBatch, Problem};
use crate::io::csv_table::ReadOptions;
use crate::io::{registers, servicenow};
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
fn header_columns(
    file: &Path,
    sheet: Option<&str>,
    options: &ReadOptions,
) -> Result<std::collections::HashSet<String>, CommandError> {
    let name = file.display().to_string();
    let mut reader = csv::Reader::from_reader(open_input(file, sheet)?);
    let headers = reader
        .headers()
        .map_err(|e| CommandError::Invalid(format!("{name}:1: header: {e}")))?;
    Ok(headers.iter().map(|h| options.renames.apply(h)).collect())
}

/// Where a cases file came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Preset {
    /// ServiceNow incident exports: one row per incident, or the event log (a row per update).
    Servicenow,
}

/// How an import runs.
#[derive(Debug, Clone, Default)]
pub struct ImportRequest {
    pub dry_run: bool,
    /// Column renames (`--map`) and an extra date format (`--date-format`).
    pub options: ReadOptions,
    pub preset: Option<Preset>,
    /// For spreadsheets: the sheet to read (default: the first).
    pub sheet: Option<String>,
    /// Import the good rows and list the bad ones, instead of all or nothing.
    pub skip_invalid: bool,
}

/// The file's rows as a stream: CSV as it is, a spreadsheet's sheet turned into CSV.
fn open_input(file: &Path, sheet: Option<&str>) -> Result<Box<dyn Read>, CommandError> {
    let name = file.display().to_string();
    let extension = file
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if matches!(extension.as_str(), "xlsx" | "xlsm" | "xls" | "ods") {
        let bytes = crate::io::xlsx::sheet_as_csv(file, sheet).map_err(CommandError::Invalid)?;
        return Ok(Box::new(std::io::Cursor::new(bytes)));
    }
    if sheet.is_some() {
        return Err(CommandError::Invalid(format!(
            "--sheet applies to spreadsheets; {name} is read as CSV"
        )));
    }
    let reader = File::open(file)
        .map(BufReader::new)
        .map_err(|e| CommandError::Invalid(format!("cannot read {name}: {e}")))?;
    Ok(Box::new(reader))
}

/// Parse `file` as `register` and import it. Nothing is written unless every row is good.
pub fn import_file(
    store: &mut Store,
    register: Register,
    file: &Path,
    user: &str,
    now: NaiveDateTime,
) -> Result<ImportOutcome, CommandError> {
    import_with(store, register, file, user, now, &ImportRequest::default())
}

/// Cases stream straight from the file into one transaction (exports can be large).
fn import_cases(
    store: &mut Store,
    file: &Path,
    user: &str,
    now: NaiveDateTime,
    request: &ImportRequest,
) -> Result<ImportOutcome, CommandError> {
    let name = file.display().to_string();
    let reader = open_input(file, request.sheet.as_deref())?;
    let options = ImportOptions {
        user,
        now,
        record_rag_changes: false,
        dry_run: request.dry_run,
        skip_invalid: request.skip_invalid,
    };
    let mut import = store.case_import()?;
    let mut failure = None;
    let problems = match request.preset {
        Some(Preset::Servicenow) => {
            servicenow::read(&name, reader, &request.options, |case, history| {
                if failure.is_none()
                    && let Err(e) = import.add(&case, &history, &options)
                {
                    failure = Some(e);
                }
            })
        }
        None => registers::each_case(&name, reader, &request.options, |case| {
            if failure.is_none()
                && let Err(e) = import.add(&case, &[], &options)
            {
                failure = Some(e);
            }
        }),
    };
    if let Some(e) = failure {
        return Err(e.into());
    }
    import.problems(problems);
    import.finish(&options)?.map_err(CommandError::Problems)
}

pub fn import_with(
    store: &mut Store,
    register: Register,
    file: &Path,
    user: &str,
    now: NaiveDateTime,
    request: &ImportRequest,
) -> Result<ImportOutcome, CommandError> {
    if register == Register::Cases {
        return import_cases(store, file, user, now, request);
    }
    if request.preset.is_some() {
        return Err(CommandError::Invalid(
            "--preset reads service-desk exports: use it with `import cases`".into(),
        ));
    }
    let name = file.display().to_string();
    let reader = open_input(file, request.sheet.as_deref())?;
    let options = &request.options;
    let mut batch = ImportBatch::default();
    let parsed: Result<(), Vec<Problem>> = match register {
        Register::Projects => {
            registers::parse_projects(&name, reader, options).map(|r| batch.projects = r)
        }
        Register::Milestones => {
            registers::parse_milestones(&name, reader, options).map(|r| batch.milestones = r)
        }
        Register::Risks => registers::parse_risks(&name, reader, options).map(|r| batch.risks = r),
        Register::Cases => Ok(()),
        Register::CaseSnapshots => {
            registers::parse_snapshots(&name, reader, options).map(|r| batch.snapshots = r)
        }
    };
    parsed.map_err(CommandError::Problems)?;
    let skipped_while_reading: Vec<Problem> = options.skipped.borrow_mut().drain(..).collect();
    let register_name = match register {
        Register::Projects => Some("projects"),
        Register::Milestones => Some("milestones"),
        Register::Risks => Some("risks"),
        Register::Cases | Register::CaseSnapshots => None,
    };
    if let Some(name) = register_name {
        batch.columns.insert(
            name,
            header_columns(file, request.sheet.as_deref(), &request.options)?,
        );
    }
    let import_options = ImportOptions {
        user,
        now,
        record_rag_changes: true,
        dry_run: request.dry_run,
        skip_invalid: request.skip_invalid,
    };
    let mut outcome = store
        .import(&batch, &import_options)?
        .map_err(CommandError::Problems)?;
    let mut skipped = skipped_while_reading;
    skipped.append(&mut outcome.skipped);
    skipped.sort_by_key(|p| p.origin.line);
    outcome.skipped = skipped;
    Ok(outcome)
}
