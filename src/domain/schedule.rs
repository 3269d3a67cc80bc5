//! Schedule rules: the RAG a project's dates suggest, and where milestones sit in time.
//! The suggestion never overwrites the declared RAG; it is shown beside it when rosier.

use chrono::NaiveDate;

use super::{Rag, Settings};

/// What the schedule says, from DOMAIN.md's tolerance: forecast end later than baseline end
/// suggests at least amber, more than `schedule_tolerance_days` late suggests red, and an
/// overdue milestone suggests at least amber. `None` when the schedule raises no concern.
pub fn schedule_rag(
    baseline_end: Option<NaiveDate>,
    forecast_end: Option<NaiveDate>,
    overdue_milestones: u32,
    settings: &Settings,
) -> Option<Rag> {
    let slip = match (baseline_end, forecast_end) {
        (Some(b), Some(f)) => (f - b).num_days(),
        _ => 0,
    };
    if slip > settings.schedule_tolerance_days {
        Some(Rag::Red)
    } else if slip > 0 || overdue_milestones > 0 {
        Some(Rag::Amber)
    } else {
        None
    }
}

/// The suggestion to show beside `declared`, only when the declared RAG is rosier than the
/// schedule suggests. Unrated projects (not yet assessed) get no suggestion.
pub fn rosier_than_schedule(declared: Rag, suggested: Option<Rag>) -> Option<Rag> {
    let suggested = suggested?;
    (declared != Rag::Unrated && declared.severity() > suggested.severity()).then_some(suggested)
}

/// How bad a slip of `days` is against the tolerance: for colouring spans and lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SlipSeverity {
    None,
    Within,
    Beyond,
}

pub fn slip_severity(days: i64, settings: &Settings) -> SlipSeverity {
    if days <= 0 {
        SlipSeverity::None
    } else if days <= settings.schedule_tolerance_days {
        SlipSeverity::Within
    } else {
        SlipSeverity::Beyond
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    #[test]
    fn schedule_tolerance_decides_the_suggestion() {
        let s = Settings::default();
        assert_eq!(schedule_rag(d("2026-12-01"), d("2026-12-01"), 0, &s), None);
        assert_eq!(
            schedule_rag(d("2026-12-01"), d("2026-11-01"), 0, &s),
            None,
            "early"
        );
        assert_eq!(
            schedule_rag(d("2026-12-01"), d("2026-12-02"), 0, &s),
            Some(Rag::Amber)
        );
        assert_eq!(
            schedule_rag(d("2026-12-01"), d("2026-12-31"), 0, &s),
            Some(Rag::Amber),
            "30 days is within"
        );
        assert_eq!(
            schedule_rag(d("2026-12-01"), d("2027-01-01"), 0, &s),
            Some(Rag::Red),
            "31 days is beyond"
        );
        assert_eq!(schedule_rag(None, d("2027-01-01"), 0, &s), None);
        assert_eq!(
            schedule_rag(None, None, 1, &s),
            Some(Rag::Amber),
            "an overdue milestone"
        );
        let strict = Settings {
            schedule_tolerance_days: 5,
            ..Settings::default()
        };
        assert_eq!(
            schedule_rag(d("2026-12-01"), d("2026-12-07"), 0, &strict),
            Some(Rag::Red)
        );
    }

    #[test]
    fn only_a_rosier_declaration_gets_a_suggestion() {
        assert_eq!(
            rosier_than_schedule(Rag::Green, Some(Rag::Amber)),
            Some(Rag::Amber)
        );
        assert_eq!(
            rosier_than_schedule(Rag::AmberGreen, Some(Rag::Amber)),
            Some(Rag::Amber)
        );
        assert_eq!(
            rosier_than_schedule(Rag::AmberRed, Some(Rag::Red)),
            Some(Rag::Red)
        );
        assert_eq!(rosier_than_schedule(Rag::Amber, Some(Rag::Amber)), None);
        assert_eq!(rosier_than_schedule(Rag::Red, Some(Rag::Amber)), None);
        assert_eq!(rosier_than_schedule(Rag::Unrated, Some(Rag::Red)), None);
        assert_eq!(rosier_than_schedule(Rag::Green, None), None);
    }

    #[test]
    fn severity_bands() {
        let s = Settings::default();
        assert_eq!(slip_severity(0, &s), SlipSeverity::None);
        assert_eq!(slip_severity(-4, &s), SlipSeverity::None);
        assert_eq!(slip_severity(30, &s), SlipSeverity::Within);
        assert_eq!(slip_severity(31, &s), SlipSeverity::Beyond);
    }
}
