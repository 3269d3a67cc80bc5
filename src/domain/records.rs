//! Register rows as they arrive from a file: keyed by codes rather than database ids, and
//! each remembering where it came from so every problem can name its file and line.

use chrono::{NaiveDate, NaiveDateTime};

use super::assurance::{AssessmentResult, Certification, Recommendation};
use super::project::MilestoneMove;
use super::{CaseKind, CaseState, Milestone, Project, RagChange, Risk};

/// Where a record came from: `projects.csv:12`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Origin {
    pub file: String,
    pub line: u64,
}

/// A problem with one field of one row: printed as `FILE:LINE: column: problem`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub origin: Origin,
    pub column: String,
    pub problem: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.origin.file, self.origin.line, self.column, self.problem
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub origin: Origin,
    pub record: T,
    /// Fields this row leaves as they are: a blank cell, or no column, for a field that only
    /// a new record needs (a project's name or stage, its RAG). An update keeps the stored
    /// value; creating a record without a required one is a problem.
    pub keep: Vec<&'static str>,
}

impl<T> Located<T> {
    pub fn new(origin: Origin, record: T) -> Located<T> {
        Located {
            origin,
            record,
            keep: Vec::new(),
        }
    }

    pub fn keeps(&self, field: &str) -> bool {
        self.keep.contains(&field)
    }
}

/// A value echoed in a message: at most 80 characters, with `…` when cut.
pub fn cut(text: &str) -> String {
    const MOST: usize = 80;
    match text.char_indices().nth(MOST) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneRecord {
    pub project_code: String,
    pub milestone: Milestone,
}

/// One recorded move of a milestone's date (the old date is kept, with a reason).
#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneChangeRecord {
    pub project_code: String,
    pub milestone: String,
    pub change: MilestoneMove,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RagHistoryRecord {
    pub project_code: String,
    pub change: RagChange,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AssessmentRecord {
    pub risk_code: String,
    pub assessed_at: NaiveDate,
    pub likelihood: u8,
    pub impact: u8,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CaseRecord {
    pub reference: String,
    pub kind: CaseKind,
    pub priority: u8,
    pub state: CaseState,
    pub hold_reason: String,
    pub opened_at: NaiveDateTime,
    pub resolved_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    pub category: String,
    pub service: String,
    pub assignment_group: String,
    pub organisation: Option<String>,
    pub project_code: Option<String>,
    pub summary: String,
}

/// A state a case entered (from a source's history, or the demo's).
#[derive(Debug, Clone, PartialEq)]
pub struct CaseEventRecord {
    pub reference: String,
    pub changed_at: NaiveDateTime,
    pub state: CaseState,
    pub hold_reason: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SnapshotRecord {
    /// The first day of the month counted.
    pub month: NaiveDate,
    pub organisation: String,
    pub open_incidents: u32,
    pub open_requests: u32,
    pub stop_clock: u32,
}

/// One dated assessment of a certification, named by the certification's code: a row of a
/// `certification-assessments` file, keyed by code and date.
#[derive(Debug, Clone, PartialEq)]
pub struct CertificationAssessmentRecord {
    pub certification_code: String,
    pub date: NaiveDate,
    pub result: AssessmentResult,
    pub notes: String,
}

/// Everything one import writes, in one transaction.
#[derive(Debug, Clone, Default)]
pub struct ImportBatch {
    pub projects: Vec<Located<Project>>,
    pub rag_history: Vec<Located<RagHistoryRecord>>,
    pub milestones: Vec<Located<MilestoneRecord>>,
    pub milestone_changes: Vec<Located<MilestoneChangeRecord>>,
    /// `Risk::project_code` names the project; `None` is the corporate register.
    pub risks: Vec<Located<Risk>>,
    pub assessments: Vec<Located<AssessmentRecord>>,
    pub cases: Vec<Located<CaseRecord>>,
    pub case_events: Vec<Located<CaseEventRecord>>,
    pub snapshots: Vec<Located<SnapshotRecord>>,
    /// `Recommendation::project_code` names the project it is linked to, if any.
    pub recommendations: Vec<Located<Recommendation>>,
    /// `Certification::project_code` names the project it is linked to, if any.
    pub certifications: Vec<Located<Certification>>,
    pub certification_assessments: Vec<Located<CertificationAssessmentRecord>>,
    /// The columns each register's file had ("projects" → {"code", "name", ...}). An update
    /// changes only those, so a file with a few columns never blanks the others. A register
    /// missing here had every column.
    pub columns: std::collections::HashMap<&'static str, std::collections::HashSet<String>>,
}
