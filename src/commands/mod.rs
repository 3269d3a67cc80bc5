//! Non-interactive commands: `status` and `demo` (more arrive with later work).

pub mod demo;
pub mod desk;
pub mod export;
pub mod generate;
pub mod import;
pub mod report;
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

fn problems_text(problems: &[Problem]) -> String {
    let mut lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    lines.push(format!(
        "{} problem{} found; nothing was changed",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    ));
    lines.join("\n")
}
