//! The time axis of a timeline: zoom levels, mapping dates to columns, and period labels.

use chrono::{Datelike, Duration, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Zoom {
    Weeks,
    #[default]
    Months,
    Quarters,
    Years,
}

impl Zoom {
    pub const ALL: [Zoom; 4] = [Zoom::Weeks, Zoom::Months, Zoom::Quarters, Zoom::Years];

    /// Days one terminal column covers.
    pub fn days_per_column(self) -> i64 {
        match self {
            Zoom::Weeks => 1,
            Zoom::Months => 4,
            Zoom::Quarters => 12,
            Zoom::Years => 48,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Zoom::Weeks => "weeks",
            Zoom::Months => "months",
            Zoom::Quarters => "quarters",
            Zoom::Years => "years",
        }
    }

    /// One step closer in (`+`) or further out (`-`); stops at the ends.
    pub fn step(self, zoom_in: bool) -> Zoom {
        let i = Zoom::ALL.iter().position(|z| *z == self).unwrap_or(1);
        let j = if zoom_in {
            i.saturating_sub(1)
        } else {
            (i + 1).min(Zoom::ALL.len() - 1)
        };
        Zoom::ALL[j]
    }

    /// Is `date` the first day of a labelled period at this zoom?
    fn starts_period(self, date: NaiveDate) -> bool {
        match self {
            Zoom::Weeks => date.weekday() == chrono::Weekday::Mon,
            Zoom::Months => date.day() == 1,
            Zoom::Quarters => date.day() == 1 && date.month0().is_multiple_of(3),
            Zoom::Years => date.ordinal() == 1,
        }
    }

    fn period_label(self, date: NaiveDate) -> String {
        match self {
            Zoom::Weeks => date.format("%d %b").to_string(),
            Zoom::Months if date.month() == 1 => date.format("%b %y").to_string(),
            Zoom::Months => date.format("%b").to_string(),
            Zoom::Quarters => format!("Q{} {}", date.month0() / 3 + 1, date.format("%y")),
            Zoom::Years => date.year().to_string(),
        }
    }
}

/// Maps dates onto `width` columns starting at `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    pub start: NaiveDate,
    pub zoom: Zoom,
    pub width: u16,
}

impl Scale {
    /// The column of `date`; `None` when it falls outside the window.
    pub fn column(&self, date: NaiveDate) -> Option<u16> {
        let offset = (date - self.start).num_days();
        if offset < 0 {
            return None;
        }
        let column = offset / self.zoom.days_per_column();
        (column < i64::from(self.width)).then_some(column as u16)
    }

    /// The column of `date` clamped to the window, and whether it was clamped.
    pub fn clamped(&self, date: NaiveDate) -> (u16, bool) {
        let offset = (date - self.start)
            .num_days()
            .div_euclid(self.zoom.days_per_column());
        let last = i64::from(self.width.saturating_sub(1));
        (offset.clamp(0, last) as u16, offset < 0 || offset > last)
    }

    /// The last day the window shows.
    pub fn end(&self) -> NaiveDate {
        self.start + Duration::days(i64::from(self.width) * self.zoom.days_per_column() - 1)
    }

    /// Period labels `(column, text)` that fit without overlapping, left to right.
    pub fn labels(&self) -> Vec<(u16, String)> {
        let mut labels = Vec::new();
        let mut free_from = 0u16;
        let mut date = self.start;
        let end = self.end();
        while date <= end {
            if self.zoom.starts_period(date)
                && let Some(column) = self.column(date)
            {
                let text = self.zoom.period_label(date);
                let width = text.chars().count() as u16;
                if column >= free_from && column + width <= self.width {
                    free_from = column + width + 1;
                    labels.push((column, text));
                }
            }
            date += Duration::days(1);
        }
        labels
    }

    /// The window that puts `today` a fifth of the way across.
    pub fn around(today: NaiveDate, zoom: Zoom, width: u16) -> Scale {
        let before = i64::from(width / 5) * zoom.days_per_column();
        Scale {
            start: today - Duration::days(before),
            zoom,
            width,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn dates_map_to_columns_and_outside_is_none() {
        let scale = Scale {
            start: d("2026-11-01"),
            zoom: Zoom::Months,
            width: 10,
        };
        assert_eq!(scale.column(d("2026-11-01")), Some(0));
        assert_eq!(scale.column(d("2026-11-04")), Some(0));
        assert_eq!(scale.column(d("2026-11-05")), Some(1));
        assert_eq!(scale.column(d("2026-10-31")), None);
        assert_eq!(scale.end(), d("2026-12-10"));
        assert_eq!(scale.column(d("2026-12-10")), Some(9));
        assert_eq!(scale.column(d("2026-12-11")), None);
        assert_eq!(scale.clamped(d("2020-01-01")), (0, true));
        assert_eq!(scale.clamped(d("2030-01-01")), (9, true));
        assert_eq!(scale.clamped(d("2026-11-09")), (2, false));
    }

    #[test]
    fn labels_never_overlap_or_overflow() {
        for zoom in Zoom::ALL {
            for width in [10u16, 40, 60, 150] {
                let scale = Scale::around(d("2026-11-22"), zoom, width);
                let labels = scale.labels();
                let mut free = 0;
                for (column, text) in &labels {
                    assert!(*column >= free, "{zoom:?} {width}: {labels:?}");
                    free = column + text.chars().count() as u16 + 1;
                    assert!(free - 1 <= width);
                }
            }
        }
        let months = Scale::around(d("2026-11-22"), Zoom::Months, 60).labels();
        let texts: Vec<_> = months.iter().map(|(_, t)| t.as_str()).collect();
        assert!(
            texts.contains(&"Dec") && texts.contains(&"Jan 27"),
            "{texts:?}"
        );
        let quarters = Scale::around(d("2026-11-22"), Zoom::Quarters, 60).labels();
        assert!(quarters.iter().any(|(_, t)| t == "Q1 27"), "{quarters:?}");
    }

    #[test]
    fn zoom_steps_stop_at_the_ends() {
        assert_eq!(Zoom::Weeks.step(true), Zoom::Weeks);
        assert_eq!(Zoom::Months.step(true), Zoom::Weeks);
        assert_eq!(Zoom::Months.step(false), Zoom::Quarters);
        assert_eq!(Zoom::Years.step(false), Zoom::Years);
        let s = Scale::around(d("2026-11-22"), Zoom::Weeks, 50);
        assert_eq!(s.column(d("2026-11-22")), Some(10));
    }
}
