//! Non-interactive commands: `status` and `demo` (more arrive with later work).

pub mod completions;
pub mod demo;
mod demo_assurance;
mod demo_shift;
pub mod desk;
pub mod export;
pub mod generate;
pub mod import;
pub mod import_args;
pub mod progress;
pub mod report;
pub mod settings;
pub mod status;

use std::path::PathBuf;

use crate::domain::records::Problem;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{}", problems_text(.0))]
    Problems(Vec<Problem>),
    /// An import refused: its problems, the words it could not read, and what it noted.
    #[error("{}", refusal_text(problems, words))]
    Refused {
        problems: Vec<Problem>,
        words: Vec<String>,
        notes: Vec<String>,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Invalid(String),
    #[error("cannot write the export: {0}")]
    Export(#[from] crate::io::table::WriteError),
}

/// Problems printed before "and N more": enough to fix a file by, few enough to read.
pub const PROBLEMS_SHOWN: usize = 50;

/// At most `PROBLEMS_SHOWN` problems, one a line, then how many more there were.
pub fn problem_lines(problems: &[Problem]) -> Vec<String> {
    let mut lines: Vec<String> = problems
        .iter()
        .take(PROBLEMS_SHOWN)
        .map(ToString::to_string)
        .collect();
    if problems.len() > PROBLEMS_SHOWN {
        lines.push(format!(
            "… and {} more (--problems FILE writes them all)",
            problems.len() - PROBLEMS_SHOWN
        ));
    }
    lines
}

fn refusal_text(problems: &[Problem], words: &[String]) -> String {
    let mut lines = problem_lines(problems);
    if !words.is_empty() {
        lines.push(
            "Words this import cannot read (translate each with --map-value \"FIELD:WORD=VALUE\"):"
                .into(),
        );
        lines.extend(words.iter().map(|w| format!("  {w}")));
    }
    lines.push(format!(
        "{} problem{} found; nothing was changed",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    ));
    lines.join("\n")
}

fn problems_text(problems: &[Problem]) -> String {
    let mut lines = problem_lines(problems);
    lines.push(format!(
        "{} problem{} found; nothing was changed",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    ));
    lines.join("\n")
}
