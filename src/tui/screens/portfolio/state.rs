//! What the portfolio holds: every project the query returned, and the filter, sort, search
//! and cursor over them.

use crate::domain::filter::{Filter, SortKey};
use crate::domain::triage::PortfolioRow;
use crate::tui::cursor::Cursor;

pub struct PortfolioState {
    /// Every project the query returned, in triage order.
    pub rows: Vec<PortfolioRow>,
    /// Indices into `rows` that pass the filter and search, in display order.
    pub visible: Vec<usize>,
    pub cursor: Cursor,
    pub filter: Filter,
    pub sort: SortKey,
    pub reverse: bool,
    pub search: String,
    /// Overdue high-priority recommendations and lapsed or failed certifications (the
    /// header counts them; triage ends on them).
    pub assurance: crate::domain::assurance::Exceptions,
    /// While the whole portfolio is read after the first screen: how many projects there are
    /// by stage, RAG and archived (the rows hold only the first screenfuls).
    pub head: Option<Vec<(crate::domain::Stage, crate::domain::Rag, bool, usize)>>,
}
