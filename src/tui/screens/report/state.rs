//! What the report preview holds.

use chrono::NaiveDate;

use crate::tui::background::Pending;

/// The committee report as previewed in the app.
#[derive(Default)]
pub struct ReportState {
    pub markdown: String,
    pub since: Option<NaiveDate>,
    pub scroll: u16,
    /// The preview being gathered in the background (large plans).
    pub pending: Pending<(String, NaiveDate)>,
    /// The report being gathered for writing to files (large plans).
    pub writing: Pending<(Vec<crate::report::Block>, NaiveDate)>,
}
