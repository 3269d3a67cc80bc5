//! `workplan demo`: build a realistic work plan afresh from the CSV files under `assets/demo/`,
//! loaded through the same parsers and import the users' own files go through. The files are
//! written against an anchor date; every date is shifted so the demo is always current.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};

use super::CommandError;
use super::demo_assurance;
use super::demo_shift::{Shift, take};
use crate::domain::RagScale;
use crate::domain::records::{ImportBatch, Problem};
use crate::io::csv_table::ReadOptions;
use crate::io::registers;
use crate::io::safe_write::{self, DATABASE_COMPANIONS, TempFile};
use crate::store::{ImportOptions, OpenMode, Store};

const ANCHOR: &str = include_str!("../../assets/demo/ANCHOR");
const PROJECTS: &str = include_str!("../../assets/demo/projects.csv");
const RAG_HISTORY: &str = include_str!("../../assets/demo/rag_history.csv");
const MILESTONES: &str = include_str!("../../assets/demo/milestones.csv");
const MILESTONE_CHANGES: &str = include_str!("../../assets/demo/milestone_changes.csv");
const RISKS: &str = include_str!("../../assets/demo/risks.csv");
const ASSESSMENTS: &str = include_str!("../../assets/demo/risk_assessments.csv");
const CASES: &str = include_str!("../../assets/demo/cases.csv");
const CASE_EVENTS: &str = include_str!("../../assets/demo/case_state_changes.csv");
const SNAPSHOTS: &str = include_str!("../../assets/demo/case_snapshots.csv");

/// Marks a database as a demo, so `demo` only ever replaces its own files.
pub const DEMO_SETTING: &str = "demo";

/// The demo work plan as of `today`.
pub fn demo_batch(today: NaiveDate) -> Result<ImportBatch, CommandError> {
    let anchor = NaiveDate::parse_from_str(ANCHOR.trim(), "%Y-%m-%d")
        .map_err(|e| CommandError::Invalid(format!("assets/demo/ANCHOR: {e}")))?;
    let shift = Shift::new(anchor, today);
    let mut problems: Vec<Problem> = Vec::new();
    let opts = ReadOptions::default();
    let p = &mut problems;
    let mut batch = ImportBatch {
        projects: take(
            registers::parse_projects("projects.csv", PROJECTS.as_bytes(), &opts),
            p,
        ),
        rag_history: take(
            registers::parse_rag_history("rag_history.csv", RAG_HISTORY.as_bytes(), &opts),
            p,
        ),
        milestones: take(
            registers::parse_milestones("milestones.csv", MILESTONES.as_bytes(), &opts),
            p,
        ),
        milestone_changes: take(
            registers::parse_milestone_changes(
                "milestone_changes.csv",
                MILESTONE_CHANGES.as_bytes(),
                &opts,
            ),
            p,
        ),
        risks: take(
            registers::parse_risks("risks.csv", RISKS.as_bytes(), &opts),
            p,
        ),
        assessments: take(
            registers::parse_assessments("risk_assessments.csv", ASSESSMENTS.as_bytes(), &opts),
            p,
        ),
        cases: take(
            registers::parse_cases("cases.csv", CASES.as_bytes(), &opts),
            p,
        ),
        columns: Default::default(),
        case_events: take(
            registers::parse_case_events("case_state_changes.csv", CASE_EVENTS.as_bytes(), &opts),
            p,
        ),
        snapshots: take(
            registers::parse_snapshots("case_snapshots.csv", SNAPSHOTS.as_bytes(), &opts),
            p,
        ),
        ..ImportBatch::default()
    };
    demo_assurance::read(&mut batch, &opts, p);
    if !problems.is_empty() {
        return Err(CommandError::Problems(problems));
    }
    for p in &mut batch.projects {
        let p = &mut p.record;
        shift.opt_date(&mut p.start_date);
        shift.opt_date(&mut p.baseline_end);
        shift.opt_date(&mut p.forecast_end);
    }
    for h in &mut batch.rag_history {
        shift.datetime(&mut h.record.change.changed_at);
    }
    for m in &mut batch.milestones {
        let m = &mut m.record.milestone;
        shift.opt_date(&mut m.baseline_date);
        shift.opt_date(&mut m.forecast_date);
        shift.opt_date(&mut m.actual_date);
    }
    for c in &mut batch.milestone_changes {
        let c = &mut c.record.change;
        shift.datetime(&mut c.changed_at);
        shift.opt_date(&mut c.old_date);
        shift.opt_date(&mut c.new_date);
    }
    for r in &mut batch.risks {
        shift.opt_date(&mut r.record.review_date);
    }
    for a in &mut batch.assessments {
        shift.date(&mut a.record.assessed_at);
    }
    for c in &mut batch.cases {
        let c = &mut c.record;
        shift.datetime(&mut c.opened_at);
        if let Some(at) = c.resolved_at.as_mut() {
            shift.datetime(at);
        }
        if let Some(at) = c.closed_at.as_mut() {
            shift.datetime(at);
        }
    }
    for e in &mut batch.case_events {
        shift.datetime(&mut e.record.changed_at);
    }
    for s in &mut batch.snapshots {
        s.record.month = shift.month(s.record.month);
    }
    demo_assurance::shift(&mut batch, &shift);
    Ok(batch)
}

/// Check that `path` may take a demo database (nothing is there yet, or an earlier demo,
/// which stays until its replacement is complete) and create its folder. Anything else is
/// refused: the demo never replaces a real work plan.
pub fn prepare_demo_file(path: &Path) -> Result<(), CommandError> {
    if path.exists() {
        let is_demo = Store::open(path, OpenMode::MustExist)
            .and_then(|s| s.setting(DEMO_SETTING))
            .map(|v| v.as_deref() == Some("1"))
            .unwrap_or(false);
        if !is_demo {
            return Err(CommandError::Invalid(format!(
                "{} already exists and is not a demo database: the demo never replaces a real one \
                 (choose another --db path)",
                path.display()
            )));
        }
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|source| CommandError::Write {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    Ok(())
}

/// A demo database built in a temporary file beside its target and moved into place only
/// once complete: a failure (a full disk) leaves no half-built file to block a retry, and an
/// earlier demo stays whole until its replacement is ready.
pub struct DemoFile {
    /// The path as the user named it, for messages.
    shown: PathBuf,
    /// Where it finally leads (symbolic links followed): the file that is replaced.
    target: PathBuf,
    temp: TempFile,
}

impl DemoFile {
    /// Check `path` may take a demo (see [`prepare_demo_file`]) and make the temporary file.
    pub fn begin(path: &Path) -> Result<DemoFile, CommandError> {
        prepare_demo_file(path)?;
        let target = safe_write::resolve(path);
        let temp = TempFile::database_beside(&target).map_err(|source| CommandError::Write {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(DemoFile {
            shown: path.to_path_buf(),
            target,
            temp,
        })
    }

    /// The temporary file to build the database in.
    pub fn path(&self) -> &Path {
        self.temp.path()
    }

    /// The new demo's store: a five-point RAG scale, and marked as a demo so a later `demo`
    /// may replace it.
    pub fn open_store(&self) -> Result<Store, CommandError> {
        let mut store = Store::open(self.path(), OpenMode::CreateIfMissing)?;
        let mut settings = store.settings()?;
        settings.rag_scale = RagScale::Five;
        store.save_settings(&settings)?;
        store.set_setting(DEMO_SETTING, "1")?;
        Ok(store)
    }

    /// The path the demo is for, as named.
    pub fn named(&self) -> &Path {
        &self.shown
    }

    /// Close `store` (open on [`DemoFile::path`]) with everything written into its file, then
    /// move the file over the target. An earlier demo's `-wal` and `-shm` files go first, so
    /// SQLite never reads them against the new file.
    pub fn install(self, store: Store) -> Result<(), CommandError> {
        store.close()?;
        let DemoFile {
            shown,
            target,
            temp,
        } = self;
        for suffix in DATABASE_COMPANIONS {
            let file = safe_write::with_suffix(&target, suffix);
            match std::fs::remove_file(&file) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(source) => return Err(CommandError::Write { path: file, source }),
            }
        }
        temp.persist(&target).map_err(|source| CommandError::Write {
            path: shown,
            source,
        })
    }
}

/// Build the demo database at `path`, replacing an earlier demo there but never anything else.
/// It is built beside `path` and moved into place only when complete.
pub fn build_demo(path: &Path, now: NaiveDateTime, user: &str) -> Result<usize, CommandError> {
    let batch = demo_batch(now.date())?;
    let file = DemoFile::begin(path)?;
    let built = (|| {
        let mut store = file.open_store()?;
        let options = ImportOptions {
            user,
            now,
            record_rag_changes: false,
            dry_run: false,
            skip_invalid: false,
        };
        store
            .import(&batch, &options)?
            .map_err(CommandError::Problems)?;
        Ok::<_, CommandError>(store)
    })();
    let store = built.map_err(|e| not_built(path, e))?;
    file.install(store).map_err(|e| not_built(path, e))?;
    Ok(batch.projects.len())
}

/// A demo that failed while being built: nothing was left at `path` (an earlier demo there
/// is unchanged, and the temporary file is gone). The message names `path` first.
pub fn not_built(path: &Path, error: CommandError) -> CommandError {
    match error {
        // Problems in the demo's own files are listed as they are; a failed move names
        // the file already.
        CommandError::Problems(_) | CommandError::Write { .. } => error,
        error => CommandError::Invalid(format!(
            "cannot build the demo at {}: {error}",
            path.display()
        )),
    }
}
