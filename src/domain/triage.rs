//! The portfolio triage list: one row per project with the figures a manager scans, and the
//! worst-first order (red, amber-red, amber, worsening, overdue, stale, then the rest).

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::{Rag, Settings, Stage};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct PortfolioRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub theme: Option<String>,
    pub organisations: Vec<String>,
    pub stage: Stage,
    pub rag: Rag,
    pub rag_reason: String,
    pub rag_since: Option<NaiveDateTime>,
    /// The RAG at the start of the review period, to tell whether the project is worsening.
    pub rag_at_period_start: Option<Rag>,
    pub manager: String,
    pub sponsor: String,
    pub start_date: Option<NaiveDate>,
    pub baseline_end: Option<NaiveDate>,
    pub forecast_end: Option<NaiveDate>,
    pub percent_complete: Option<u8>,
    pub next_milestone: Option<String>,
    pub next_milestone_date: Option<NaiveDate>,
    pub overdue_milestones: u32,
    pub high_risks: u32,
    pub open_cases: u32,
    /// The last status update: the latest RAG change. A review that changed nothing is not
    /// one (the project manager gave no update), so it neither resets this nor clears stale.
    pub last_update: Option<NaiveDateTime>,
    /// When a manager last confirmed it "reviewed, unchanged".
    pub last_reviewed: Option<NaiveDateTime>,
    /// Archived projects are listed only when the filter asks for them.
    pub archived: bool,
    pub version: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum TriageClass {
    Red,
    AmberRed,
    Amber,
    Worsening,
    Overdue,
    Stale,
    Rest,
}

impl TriageClass {
    pub fn label(self) -> &'static str {
        match self {
            TriageClass::Red => "red",
            TriageClass::AmberRed => "amber-red",
            TriageClass::Amber => "amber",
            TriageClass::Worsening => "worsening",
            TriageClass::Overdue => "overdue",
            TriageClass::Stale => "stale",
            TriageClass::Rest => "",
        }
    }
}

impl PortfolioRow {
    /// The RAG as this database's scale shows it.
    pub fn shown_rag(&self, settings: &Settings) -> Rag {
        self.rag.on_scale(settings.rag_scale)
    }

    /// The schedule's suggestion, only when the declared RAG is rosier (shown as `G→A?`).
    pub fn suggested_rag(&self, settings: &Settings) -> Option<Rag> {
        let schedule = super::schedule::schedule_rag(
            self.baseline_end,
            self.forecast_end,
            self.overdue_milestones,
            settings,
        );
        super::schedule::rosier_than_schedule(self.shown_rag(settings), schedule)
    }

    pub fn slippage_days(&self) -> Option<i64> {
        Some((self.forecast_end? - self.baseline_end?).num_days())
    }

    /// Worse now than at the start of the review period.
    pub fn is_worsening(&self, settings: &Settings) -> bool {
        self.rag_at_period_start.is_some_and(|before| {
            self.shown_rag(settings)
                .is_worse_than(before.on_scale(settings.rag_scale))
        })
    }

    /// A live project with no status update within `stale_after_days`. Only projects that
    /// need a current RAG can be stale; a project never updated at all is stale.
    pub fn is_stale(&self, today: NaiveDate, settings: &Settings) -> bool {
        if !self.stage.needs_rag() {
            return false;
        }
        match self.last_update {
            Some(at) => (today - at.date()).num_days() > settings.stale_after_days,
            None => true,
        }
    }

    pub fn days_since_update(&self, today: NaiveDate) -> Option<i64> {
        self.last_update.map(|at| (today - at.date()).num_days())
    }

    pub fn triage_class(&self, today: NaiveDate, settings: &Settings) -> TriageClass {
        match self.shown_rag(settings) {
            Rag::Red => return TriageClass::Red,
            Rag::AmberRed => return TriageClass::AmberRed,
            Rag::Amber => return TriageClass::Amber,
            _ => {}
        }
        if self.is_worsening(settings) {
            TriageClass::Worsening
        } else if self.overdue_milestones > 0 {
            TriageClass::Overdue
        } else if self.is_stale(today, settings) {
            TriageClass::Stale
        } else {
            TriageClass::Rest
        }
    }
}

/// Sort worst first; within a class the most slipped, then the most overdue, then by code.
pub fn sort_by_triage(rows: &mut [PortfolioRow], today: NaiveDate, settings: &Settings) {
    rows.sort_by_cached_key(|row| {
        (
            row.triage_class(today, settings),
            std::cmp::Reverse(row.slippage_days().unwrap_or(i64::MIN)),
            std::cmp::Reverse(row.overdue_milestones),
            row.code.clone(),
        )
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RagScale;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn row(code: &str, rag: Rag) -> PortfolioRow {
        PortfolioRow {
            code: code.into(),
            stage: Stage::InDelivery,
            rag,
            last_update: Some(d("2026-11-20").and_hms_opt(9, 0, 0).unwrap()),
            ..PortfolioRow::default()
        }
    }

    #[test]
    fn triage_order_is_worst_first() {
        let today = d("2026-11-22");
        let s = Settings {
            rag_scale: RagScale::Five,
            ..Settings::default()
        };
        let mut rows = vec![
            row("REST", Rag::Green),
            PortfolioRow {
                last_update: Some(d("2026-09-01").and_hms_opt(9, 0, 0).unwrap()),
                ..row("STALE", Rag::Green)
            },
            PortfolioRow {
                overdue_milestones: 2,
                ..row("OVERDUE", Rag::Green)
            },
            PortfolioRow {
                rag_at_period_start: Some(Rag::Green),
                ..row("WORSE", Rag::AmberGreen)
            },
            row("AMBER", Rag::Amber),
            row("AR", Rag::AmberRed),
            row("RED", Rag::Red),
        ];
        sort_by_triage(&mut rows, today, &s);
        let codes: Vec<_> = rows.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(
            codes,
            ["RED", "AR", "AMBER", "WORSE", "OVERDUE", "STALE", "REST"]
        );
    }

    #[test]
    fn within_a_class_most_slipped_first() {
        let today = d("2026-11-22");
        let s = Settings::default();
        let slipped = |code: &str, days: i64| PortfolioRow {
            baseline_end: Some(d("2026-06-01")),
            forecast_end: Some(d("2026-06-01") + chrono::Duration::days(days)),
            ..row(code, Rag::Red)
        };
        let mut rows = vec![slipped("A", 5), slipped("B", 90), row("C", Rag::Red)];
        sort_by_triage(&mut rows, today, &s);
        let codes: Vec<_> = rows.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["B", "A", "C"]);
    }

    #[test]
    fn staleness_boundary_and_scope() {
        let s = Settings::default();
        let updated = |date: &str| PortfolioRow {
            last_update: Some(d(date).and_hms_opt(17, 0, 0).unwrap()),
            ..row("X", Rag::Green)
        };
        let today = d("2026-11-22");
        assert!(
            !updated("2026-10-23").is_stale(today, &s),
            "30 days is not stale"
        );
        assert!(
            updated("2026-10-22").is_stale(today, &s),
            "31 days is stale"
        );
        let never = PortfolioRow {
            last_update: None,
            ..row("N", Rag::Green)
        };
        assert!(never.is_stale(today, &s));
        let queued = PortfolioRow {
            stage: Stage::AwaitingResource,
            ..never
        };
        assert!(
            !queued.is_stale(today, &s),
            "queued work needs no status update"
        );
    }

    #[test]
    fn on_three_point_scale_amber_red_triages_as_red() {
        let s = Settings::default();
        let r = row("X", Rag::AmberRed);
        assert_eq!(r.triage_class(d("2026-11-22"), &s), TriageClass::Red);
        let improving = PortfolioRow {
            rag_at_period_start: Some(Rag::Red),
            ..row("Y", Rag::Green)
        };
        assert!(!improving.is_worsening(&s));
    }
}
