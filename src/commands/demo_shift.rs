//! Moving the demo's dates to today, and collecting every demo file's problems at once (shared
//! by the demo's registers).

use chrono::{Datelike, Duration, Months, NaiveDate, NaiveDateTime};

use crate::domain::records::Problem;

/// Keep the rows, or collect the file's problems so every file's mistakes are listed at once.
pub(super) fn take<T>(result: Result<Vec<T>, Vec<Problem>>, problems: &mut Vec<Problem>) -> Vec<T> {
    result.unwrap_or_else(|mut found| {
        problems.append(&mut found);
        Vec::new()
    })
}

/// How far the demo's dates move: the days from the anchor to today, and the whole months
/// between their months (for monthly snapshots).
pub(super) struct Shift {
    days: Duration,
    months: i32,
}

impl Shift {
    pub(super) fn new(anchor: NaiveDate, today: NaiveDate) -> Shift {
        let month_index = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
        Shift {
            days: today - anchor,
            months: month_index(today) - month_index(anchor),
        }
    }

    pub(super) fn date(&self, date: &mut NaiveDate) {
        *date += self.days;
    }

    pub(super) fn opt_date(&self, date: &mut Option<NaiveDate>) {
        if let Some(d) = date.as_mut() {
            *d += self.days;
        }
    }

    pub(super) fn datetime(&self, at: &mut NaiveDateTime) {
        *at += self.days;
    }

    pub(super) fn month(&self, first: NaiveDate) -> NaiveDate {
        let moved = if self.months >= 0 {
            first.checked_add_months(Months::new(self.months.unsigned_abs()))
        } else {
            first.checked_sub_months(Months::new(self.months.unsigned_abs()))
        };
        moved.unwrap_or(first)
    }
}
