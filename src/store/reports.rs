//! Report runs: each committee report records its date, so the next one knows "the last report".

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::edit::Actor;
use super::{Result, Store, StoreError};
use crate::domain::dates;

impl Store {
    /// The most recent report dated before `today` (a rerun on the same day looks further back).
    pub fn last_report_before(&self, today: NaiveDate) -> Result<Option<NaiveDate>> {
        let text: Option<String> = self
            .conn
            .query_row(
                "SELECT max(report_date) FROM report_runs WHERE report_date < ?1",
                params![dates::iso(today)],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?
            .flatten();
        Ok(text.and_then(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok()))
    }

    pub fn record_report(
        &mut self,
        report_date: NaiveDate,
        since: NaiveDate,
        organisation: Option<&str>,
        actor: Actor<'_>,
    ) -> Result<()> {
        if self.read_only {
            return Err(StoreError::ReadOnly(self.path.clone()));
        }
        self.conn
            .execute(
                "INSERT INTO report_runs (run_at, report_date, since, organisation, user)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    dates::iso_datetime(actor.now),
                    dates::iso(report_date),
                    dates::iso(since),
                    organisation,
                    actor.user
                ],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }
}
