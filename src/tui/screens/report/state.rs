//! What the report preview holds.

use chrono::NaiveDate;

/// The committee report as previewed in the app.
#[derive(Default)]
pub struct ReportState {
    pub markdown: String,
    pub since: Option<NaiveDate>,
    pub scroll: u16,
}
