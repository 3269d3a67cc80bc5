//! `workplan import REGISTER FILE`: read a register's file and apply it all or nothing.
//!
//! A file is read day-first (the UK rule). If a value proves it month-first (`8/25/2025`),
//! everything read so far is dropped and the file is read again month-first from the top, so
//! no file is ever imported half one way and half the other.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use chrono::NaiveDateTime;

use super::CommandError;
use super::progress::{Progress, Unit};
use crate::domain::date_order::DateOrder;
use crate::domain::records::{ImportBatch, Problem};
use crate::io::csv_table::{Findings, ReadOptions};
use crate::io::{assurance, cases, registers, servicenow};
use crate::store::{ImportOptions, ImportOutcome, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Register {
    Projects,
    Milestones,
    Risks,
    Cases,
    CaseSnapshots,
    Recommendations,
    Certifications,
    CertificationAssessments,
}

impl Register {
    pub fn name(self) -> &'static str {
        match self {
            Register::Projects => "projects",
            Register::Milestones => "milestones",
            Register::Risks => "risks",
            Register::Cases => "cases",
            Register::CaseSnapshots => "case-snapshots",
            Register::Recommendations => "recommendations",
            Register::Certifications => "certifications",
            Register::CertificationAssessments => "certification-assessments",
        }
    }
}

/// Where a cases file came from.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Preset {
    /// ServiceNow incident exports: one row per incident, or the event log (a row per update).
    Servicenow,
}

/// How an import runs.
#[derive(Debug, Clone, Default)]
pub struct ImportRequest {
    pub dry_run: bool,
    /// Renames, constants, value maps, formats, encoding, separator, money unit.
    pub options: ReadOptions,
    pub preset: Option<Preset>,
    /// For spreadsheets: the sheet to read (default: the first).
    pub sheet: Option<String>,
    /// Import the good rows and list the bad ones, instead of all or nothing.
    pub skip_invalid: bool,
    /// Show a progress bar on standard error (see [`super::progress::shown`]).
    pub progress: bool,
}

/// What an import did, and what reading the file found (notes, warnings, skipped rows).
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    pub outcome: ImportOutcome,
    pub found: Findings,
    /// Notes to show once: ignored columns, the encoding, the date order, a scale adopted.
    pub notes: Vec<String>,
}

impl ImportReport {
    /// Rows set aside by `--skip-invalid` (a row with three problems is one row).
    pub fn skipped_rows(&self) -> usize {
        self.outcome
            .skipped
            .iter()
            .map(|p| p.origin.line)
            .collect::<HashSet<_>>()
            .len()
    }
}

/// The file's rows as a stream: CSV as it is, a spreadsheet's sheet turned into CSV.
struct Input {
    reader: Box<dyn Read>,
    /// The stream is a spreadsheet's (comma-separated UTF-8, whatever its header holds).
    spreadsheet: bool,
    /// Its length in bytes, when known (not for a named pipe): the progress bar's total.
    bytes: Option<u64>,
}

fn open_input(file: &Path, sheet: Option<&str>) -> Result<Input, CommandError> {
    let name = file.display().to_string();
    refuse_non_file(file)?;
    let extension = file
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if matches!(extension.as_str(), "xlsx" | "xlsm" | "xls" | "ods") {
        let bytes = crate::io::xlsx::sheet_as_csv(file, sheet).map_err(CommandError::Invalid)?;
        return Ok(Input {
            bytes: Some(bytes.len() as u64),
            reader: Box::new(std::io::Cursor::new(bytes)),
            spreadsheet: true,
        });
    }
    if sheet.is_some() {
        return Err(CommandError::Invalid(format!(
            "--sheet applies to spreadsheets; {name} is read as CSV"
        )));
    }
    let opened =
        File::open(file).map_err(|e| CommandError::Invalid(format!("cannot read {name}: {e}")))?;
    let bytes = opened
        .metadata()
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    Ok(Input {
        reader: Box::new(BufReader::new(opened)),
        spreadsheet: false,
        bytes,
    })
}

/// A directory, a device (`/dev/zero`) or a socket is no export: refused in one sentence
/// before anything is read. Regular files and named pipes (`<(…)`, `mkfifo`) are read.
fn refuse_non_file(file: &Path) -> Result<(), CommandError> {
    let name = file.display();
    let kind = std::fs::metadata(file)
        .map_err(|e| CommandError::Invalid(format!("cannot read {name}: {e}")))?
        .file_type();
    let what = if kind.is_dir() {
        Some("a directory")
    } else {
        device_kind(&kind)
    };
    match what {
        Some(what) => Err(CommandError::Invalid(format!(
            "{name} is {what}, not a file: give an exported CSV or XLSX file"
        ))),
        None => Ok(()),
    }
}

#[cfg(unix)]
fn device_kind(kind: &std::fs::FileType) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_char_device() || kind.is_block_device() {
        Some("a device")
    } else if kind.is_socket() {
        Some("a socket")
    } else {
        None
    }
}

#[cfg(not(unix))]
fn device_kind(kind: &std::fs::FileType) -> Option<&'static str> {
    (!kind.is_file()).then_some("a device")
}

/// Parse `file` as `register` and import it. Nothing is written unless every row is good.
pub fn import_file(
    store: &mut Store,
    register: Register,
    file: &Path,
    user: &str,
    now: NaiveDateTime,
) -> Result<ImportOutcome, CommandError> {
    import_with(store, register, file, user, now, &ImportRequest::default()).map(|r| r.outcome)
}

/// Read `file` as `register` and apply it; read it again month-first if it proves to be.
pub fn import_with(
    store: &mut Store,
    register: Register,
    file: &Path,
    user: &str,
    now: NaiveDateTime,
    request: &ImportRequest,
) -> Result<ImportReport, CommandError> {
    if request.preset.is_some() && register != Register::Cases {
        return Err(CommandError::Invalid(
            "--preset reads service-desk exports: use it with `import cases`".into(),
        ));
    }
    let mut options = request.options.clone();
    options.skip_invalid = request.skip_invalid;
    if request.preset == Some(Preset::Servicenow) {
        servicenow::apply_preset(&mut options);
    }
    let import_options = ImportOptions {
        user,
        now,
        record_rag_changes: true,
        dry_run: request.dry_run,
        skip_invalid: request.skip_invalid,
    };
    loop {
        let result = attempt(store, register, file, request, &options, &import_options);
        let found = options.findings();
        if found.needs_month_first() {
            options.restart(DateOrder::MonthFirst);
            continue;
        }
        let mut notes = found.notes.clone();
        if found.order == DateOrder::MonthFirst
            && let Some(proof) = &found.month_first
        {
            notes.push(format!(
                "{}: dates read month-first: line {} has '{}' in {}",
                file.display(),
                proof.line,
                proof.value,
                proof.column
            ));
        }
        return match result {
            Ok(mut outcome) => {
                let mut skipped: Vec<Problem> = options.skipped.take();
                skipped.append(&mut outcome.skipped);
                skipped.sort_by_key(|p| p.origin.line);
                outcome.skipped = skipped;
                notes.append(&mut outcome.notes);
                Ok(ImportReport {
                    outcome,
                    found,
                    notes,
                })
            }
            Err(CommandError::Problems(problems)) => Err(CommandError::Refused {
                problems,
                words: found.word_summary(),
                notes,
            }),
            Err(other) => Err(other),
        };
    }
}

/// One reading of the file, applied in one transaction (rolled back on any problem).
fn attempt(
    store: &mut Store,
    register: Register,
    file: &Path,
    request: &ImportRequest,
    options: &ReadOptions,
    import_options: &ImportOptions<'_>,
) -> Result<ImportOutcome, CommandError> {
    let name = file.display().to_string();
    let shown_name = file
        .file_name()
        .map_or_else(|| name.clone(), |n| n.to_string_lossy().into_owned());
    // Cleared when this reading ends, before anything else is printed.
    let reading = format!("Reading {shown_name}");
    let progress = Progress::new(request.progress, reading.clone());
    let input = open_input(file, request.sheet.as_deref())?;
    progress.count(reading, input.bytes, Unit::Bytes);
    let then = if request.dry_run {
        "Checking the rows (dry run)…"
    } else {
        "Saving the import…"
    };
    let reader: Box<dyn Read> = Box::new(progress.reading(input.reader, then));
    let spreadsheet = input.spreadsheet;
    let run = |store: &mut Store, options: &ReadOptions| {
        if register == Register::Cases {
            import_cases(store, &name, reader, options, import_options)
        } else {
            import_register(store, register, &name, reader, options, import_options)
        }
    };
    if !spreadsheet {
        return run(store, options);
    }
    // A sheet arrives as comma-separated UTF-8, whatever its cells hold.
    let sheet = ReadOptions {
        delimiter: Some(b','),
        encoding: Some(crate::io::decode::TextEncoding::Utf8),
        ..options.clone()
    };
    let result = run(store, &sheet);
    *options.found.borrow_mut() = sheet.found.take();
    options.skipped.borrow_mut().extend(sheet.skipped.take());
    result
}

/// Cases stream straight from the file into one transaction (exports can be large).
fn import_cases(
    store: &mut Store,
    name: &str,
    reader: Box<dyn Read>,
    options: &ReadOptions,
    import_options: &ImportOptions<'_>,
) -> Result<ImportOutcome, CommandError> {
    let mut import = store.case_import()?;
    let mut failure = None;
    let problems = cases::read(name, reader, options, |case, history| {
        if failure.is_none()
            && let Err(e) = import.add(&case, &history, import_options)
        {
            failure = Some(e);
        }
    });
    if let Some(e) = failure {
        return Err(e.into());
    }
    if options.findings().needs_month_first() {
        // Dropping the import rolls it back; the caller reads the file again.
        return Ok(ImportOutcome::default());
    }
    let skippable = options.skip_invalid
        && !options.findings().mixed_orders()
        && problems.iter().all(|p| p.origin.line > 1);
    if !problems.is_empty() {
        if !skippable {
            // Dropping the import rolls it back.
            return Err(CommandError::Problems(problems));
        }
        options.skipped.borrow_mut().extend(problems);
    }
    import
        .finish(import_options)?
        .map_err(CommandError::Problems)
}

fn import_register(
    store: &mut Store,
    register: Register,
    name: &str,
    reader: Box<dyn Read>,
    options: &ReadOptions,
    import_options: &ImportOptions<'_>,
) -> Result<ImportOutcome, CommandError> {
    let mut batch = ImportBatch::default();
    let parsed: Result<(), Vec<Problem>> = match register {
        Register::Projects => {
            registers::parse_projects(name, reader, options).map(|r| batch.projects = r)
        }
        Register::Milestones => {
            registers::parse_milestones(name, reader, options).map(|r| batch.milestones = r)
        }
        Register::Risks => registers::parse_risks(name, reader, options).map(|r| batch.risks = r),
        Register::CaseSnapshots => {
            registers::parse_snapshots(name, reader, options).map(|r| batch.snapshots = r)
        }
        Register::Recommendations => assurance::parse_recommendations(name, reader, options)
            .map(|r| batch.recommendations = r),
        Register::Certifications => {
            assurance::parse_certifications(name, reader, options).map(|r| batch.certifications = r)
        }
        Register::CertificationAssessments => {
            assurance::parse_certification_assessments(name, reader, options)
                .map(|r| batch.certification_assessments = r)
        }
        Register::Cases => Ok(()),
    };
    if options.findings().needs_month_first() {
        return Ok(ImportOutcome::default());
    }
    parsed.map_err(CommandError::Problems)?;
    let register_name = match register {
        Register::Projects => Some("projects"),
        Register::Milestones => Some("milestones"),
        Register::Risks => Some("risks"),
        Register::Recommendations => Some("recommendations"),
        Register::Certifications => Some("certifications"),
        Register::CertificationAssessments => Some("certification_assessments"),
        Register::Cases | Register::CaseSnapshots => None,
    };
    if let Some(register_name) = register_name {
        let given = options.findings().columns;
        batch
            .columns
            .insert(register_name, given.iter().map(|c| c.to_string()).collect());
    }
    store
        .import(&batch, import_options)?
        .map_err(CommandError::Problems)
}
