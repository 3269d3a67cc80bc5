//! The committee progress report: one document model built from the work plan, rendered as
//! Markdown (reads well as plain text, pastes into a document), as one self-contained,
//! printable HTML file, or as a Word document with a committee front sheet. Pure functions:
//! the same data and date give the same report.

mod assurance;
mod build;
mod cells;
mod docx;
mod html;
mod markdown;

pub use build::{ReportInput, build, due_horizon};
pub use docx::{FrontSheet, to_docx};
pub use html::to_html;
pub use markdown::to_markdown;

use crate::domain::Rag;

/// A piece of the report.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(u8, String),
    Paragraph(String),
    Bullets(Vec<String>),
    Table {
        headers: Vec<String>,
        rows: Vec<Vec<Cell>>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// A RAG, printed as its letters (and its colour in HTML).
    Rag(Rag),
    /// A number or amount, right-aligned.
    Number(String),
}

impl Cell {
    pub fn text(&self) -> String {
        match self {
            Cell::Text(t) | Cell::Number(t) => t.clone(),
            Cell::Rag(r) => r.letters().to_string(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown: reads as plain text, pastes into a document.
    Md,
    /// One self-contained, printable HTML file.
    Html,
    /// A Word document with a committee front sheet (needs -o FILE).
    Docx,
}
