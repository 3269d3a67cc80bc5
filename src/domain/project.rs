//! Projects, their milestones and their RAG history.

use chrono::{NaiveDate, NaiveDateTime};

use super::{Rag, Stage};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Project {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub theme: Option<String>,
    pub organisations: Vec<String>,
    pub stage: Stage,
    pub rag: Rag,
    pub rag_reason: String,
    pub manager: String,
    pub sponsor: String,
    pub start_date: Option<NaiveDate>,
    pub baseline_end: Option<NaiveDate>,
    pub forecast_end: Option<NaiveDate>,
    /// Whole pence.
    pub budget_capital: Option<i64>,
    pub budget_revenue: Option<i64>,
    pub spend_to_date: Option<i64>,
    pub percent_complete: Option<u8>,
    pub description: String,
    pub last_reviewed_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub version: i64,
    pub archived: bool,
}

impl Project {
    /// Forecast end minus baseline end, in days (positive = late).
    pub fn slippage_days(&self) -> Option<i64> {
        slippage(self.baseline_end, self.forecast_end)
    }

    /// What the app would not let a person type, held because a source file said so: a RAG
    /// other than green with no reason, an end before the start. Each is (field, what is
    /// wrong); the project shows them until they are put right.
    pub fn gaps(&self) -> Vec<(&'static str, String)> {
        let mut gaps = Vec::new();
        if self.rag.needs_reason() && self.rag_reason.trim().is_empty() {
            gaps.push((
                "rag_reason",
                format!("no reason is given for a {} status", self.rag.label()),
            ));
        }
        for (field, end) in [
            ("baseline_end", self.baseline_end),
            ("forecast_end", self.forecast_end),
        ] {
            if let (Some(start), Some(end)) = (self.start_date, end)
                && end < start
            {
                gaps.push((field, "is before the start date".to_string()));
            }
        }
        gaps
    }

    /// Total budget (capital plus revenue), when either is known.
    pub fn total_budget(&self) -> Option<i64> {
        match (self.budget_capital, self.budget_revenue) {
            (None, None) => None,
            (c, r) => Some(c.unwrap_or(0).saturating_add(r.unwrap_or(0))),
        }
    }
}

fn slippage(baseline: Option<NaiveDate>, later: Option<NaiveDate>) -> Option<i64> {
    Some((later? - baseline?).num_days())
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Milestone {
    pub id: i64,
    pub project_id: i64,
    pub name: String,
    pub baseline_date: Option<NaiveDate>,
    pub forecast_date: Option<NaiveDate>,
    pub actual_date: Option<NaiveDate>,
    pub owner: String,
    pub notes: String,
    /// The row's version when loaded: an edit must match it (no lost updates).
    pub version: i64,
    /// Archived (soft-deleted): hidden unless asked for, and restorable.
    pub archived: bool,
}

impl Milestone {
    pub fn is_done(&self) -> bool {
        self.actual_date.is_some()
    }

    /// The forecast, else the baseline: a milestone nobody has re-forecast is forecast on its
    /// plan. Derived only (an empty forecast stays empty in the database and in exports); the
    /// store's SQL uses the same rule, `coalesce(forecast_date, baseline_date)`.
    pub fn effective_forecast(&self) -> Option<NaiveDate> {
        self.forecast_date.or(self.baseline_date)
    }

    /// Effective forecast (or actual) minus baseline, in days: 0 for a milestone with a
    /// baseline and no forecast.
    pub fn slippage_days(&self) -> Option<i64> {
        slippage(
            self.baseline_date,
            self.actual_date.or(self.effective_forecast()),
        )
    }

    /// Not done and its effective forecast is before today.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        !self.is_done() && self.effective_forecast().is_some_and(|f| f < today)
    }

    /// Not done and its effective forecast is within the next `days` days (today included).
    pub fn is_due_soon(&self, today: NaiveDate, days: i64) -> bool {
        !self.is_done()
            && self
                .effective_forecast()
                .is_some_and(|f| f >= today && (f - today).num_days() <= days)
    }
}

/// Which of a milestone's dates moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateField {
    Baseline,
    Forecast,
    Actual,
}

impl DateField {
    pub fn as_str(self) -> &'static str {
        match self {
            DateField::Baseline => "baseline",
            DateField::Forecast => "forecast",
            DateField::Actual => "actual",
        }
    }
}

impl std::str::FromStr for DateField {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "baseline" => Ok(DateField::Baseline),
            "forecast" => Ok(DateField::Forecast),
            "actual" => Ok(DateField::Actual),
            _ => Err(format!(
                "'{s}' is not a date field (use baseline, forecast or actual)"
            )),
        }
    }
}

/// A recorded change of one of a milestone's dates.
#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneMove {
    pub milestone_id: i64,
    pub project_id: i64,
    pub changed_at: NaiveDateTime,
    pub field: DateField,
    pub old_date: Option<NaiveDate>,
    pub new_date: Option<NaiveDate>,
    pub reason: String,
    pub changed_by: String,
}

impl MilestoneMove {
    /// Days later (positive) or earlier the date moved.
    pub fn moved_days(&self) -> Option<i64> {
        Some((self.new_date? - self.old_date?).num_days())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RagChange {
    pub changed_at: NaiveDateTime,
    pub rag: Rag,
    pub reason: String,
    pub changed_by: String,
}

/// When the current RAG run began: the first entry of the last run of equal values.
pub fn rag_since(history: &[RagChange]) -> Option<NaiveDateTime> {
    let last = history.last()?;
    let mut since = last.changed_at;
    for change in history.iter().rev() {
        if change.rag != last.rag {
            break;
        }
        since = change.changed_at;
    }
    Some(since)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_name_what_a_person_could_not_have_typed() {
        let date = |d| NaiveDate::from_ymd_opt(2026, 4, d);
        let mut p = Project {
            rag: Rag::Red,
            start_date: date(10),
            baseline_end: date(20),
            forecast_end: date(5),
            ..Project::default()
        };
        assert_eq!(
            p.gaps(),
            [
                (
                    "rag_reason",
                    "no reason is given for a Red status".to_string()
                ),
                ("forecast_end", "is before the start date".to_string()),
            ]
        );
        p.rag_reason = "Supplier late".into();
        p.forecast_end = date(25);
        assert!(p.gaps().is_empty());
        p.rag = Rag::Green;
        p.rag_reason.clear();
        assert!(p.gaps().is_empty(), "green needs no reason");
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn milestone(baseline: &str, forecast: &str, actual: Option<&str>) -> Milestone {
        Milestone {
            baseline_date: Some(d(baseline)),
            forecast_date: Some(d(forecast)),
            actual_date: actual.map(d),
            ..Milestone::default()
        }
    }

    #[test]
    fn milestone_slippage_uses_actual_when_done() {
        assert_eq!(
            milestone("2026-01-01", "2026-01-11", None).slippage_days(),
            Some(10)
        );
        assert_eq!(
            milestone("2026-01-01", "2026-01-11", Some("2025-12-30")).slippage_days(),
            Some(-2)
        );
        let undated = Milestone::default();
        assert_eq!(undated.slippage_days(), None);
    }

    #[test]
    fn overdue_and_due_soon_against_injected_today() {
        let today = d("2026-11-22");
        let late = milestone("2026-11-01", "2026-11-21", None);
        assert!(late.is_overdue(today));
        assert!(!late.is_due_soon(today, 14));
        let due_today = milestone("2026-11-22", "2026-11-22", None);
        assert!(!due_today.is_overdue(today));
        assert!(due_today.is_due_soon(today, 14));
        let edge = milestone("2026-12-06", "2026-12-06", None);
        assert!(edge.is_due_soon(today, 14));
        assert!(!milestone("2026-12-07", "2026-12-07", None).is_due_soon(today, 14));
        let done = milestone("2026-11-01", "2026-11-01", Some("2026-11-02"));
        assert!(!done.is_overdue(today));
    }

    #[test]
    fn a_milestone_with_only_a_baseline_is_forecast_on_it() {
        let today = d("2026-11-22");
        let only_baseline = |baseline: &str| Milestone {
            baseline_date: Some(d(baseline)),
            ..Milestone::default()
        };
        let past = only_baseline("2026-11-01");
        assert_eq!(past.effective_forecast(), Some(d("2026-11-01")));
        assert_eq!(past.forecast_date, None, "nothing is filled in");
        assert!(past.is_overdue(today));
        assert!(!past.is_due_soon(today, 14));
        assert_eq!(past.slippage_days(), Some(0));
        let soon = only_baseline("2026-12-01");
        assert!(!soon.is_overdue(today));
        assert!(soon.is_due_soon(today, 14));
        assert!(!only_baseline("2027-01-01").is_due_soon(today, 14));
        let done = Milestone {
            actual_date: Some(d("2026-11-03")),
            ..past.clone()
        };
        assert!(!done.is_overdue(today));
        assert_eq!(done.slippage_days(), Some(2));
        // A forecast, when there is one, wins over the baseline.
        let moved = Milestone {
            forecast_date: Some(d("2026-12-01")),
            ..past
        };
        assert_eq!(moved.effective_forecast(), Some(d("2026-12-01")));
        assert!(!moved.is_overdue(today));
        assert_eq!(moved.slippage_days(), Some(30));
        // Only a forecast: no baseline to slip from.
        let unplanned = Milestone {
            forecast_date: Some(d("2026-11-01")),
            ..Milestone::default()
        };
        assert!(unplanned.is_overdue(today));
        assert_eq!(unplanned.slippage_days(), None);
        assert!(!Milestone::default().is_overdue(today));
        assert!(!Milestone::default().is_due_soon(today, 14));
    }

    #[test]
    fn project_slippage_and_budget() {
        let project = Project {
            baseline_end: Some(d("2026-03-31")),
            forecast_end: Some(d("2026-05-30")),
            budget_capital: Some(100),
            ..Project::default()
        };
        assert_eq!(project.slippage_days(), Some(60));
        assert_eq!(project.total_budget(), Some(100));
        assert_eq!(Project::default().total_budget(), None);
    }

    #[test]
    fn rag_since_is_start_of_the_last_run() {
        let at = |s: &str| d(s).and_hms_opt(9, 0, 0).unwrap();
        let change = |s: &str, rag| RagChange {
            changed_at: at(s),
            rag,
            reason: String::new(),
            changed_by: "t".into(),
        };
        let history = vec![
            change("2026-01-01", Rag::Red),
            change("2026-03-01", Rag::Amber),
            change("2026-05-01", Rag::Red),
            change("2026-06-01", Rag::Red),
        ];
        assert_eq!(rag_since(&history), Some(at("2026-05-01")));
        assert_eq!(rag_since(&[]), None);
    }
}
