//! Service-desk clocks: how long a case has been open, minus time on hold (stop-clock), against
//! the target for its kind and priority; ageing; and the monthly counts reports quote.

use chrono::{Datelike, Duration, Months, NaiveDate, NaiveDateTime};

use super::{CaseKind, CaseState, Settings};

/// A state a case entered, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct StateChange {
    pub at: NaiveDateTime,
    pub state: CaseState,
    pub hold_reason: String,
}

/// One case as the service-desk view needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct DeskCase {
    pub id: i64,
    pub reference: String,
    pub kind: CaseKind,
    pub priority: u8,
    pub state: CaseState,
    pub hold_reason: String,
    pub opened_at: NaiveDateTime,
    pub resolved_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    pub organisation: Option<String>,
    pub project_code: Option<String>,
    pub summary: String,
    /// Oldest first; may be empty when the source gave no history.
    pub history: Vec<StateChange>,
    pub version: i64,
}

/// Time on hold between `from` and `to`, from a state history. A hold that began before `from`
/// or is still running at `to` counts only inside the window.
pub fn time_on_hold(history: &[StateChange], from: NaiveDateTime, to: NaiveDateTime) -> Duration {
    let mut total = Duration::zero();
    for (i, change) in history.iter().enumerate() {
        if change.state != CaseState::OnHold {
            continue;
        }
        let end = history.get(i + 1).map(|next| next.at).unwrap_or(to);
        let start = change.at.max(from);
        let end = end.min(to);
        if end > start {
            total += end - start;
        }
    }
    total
}

/// A stretch of a case's time on hold, from its state history.
#[derive(Debug, Clone, PartialEq)]
pub struct Hold {
    pub from: NaiveDateTime,
    /// When the case moved on (None: still on hold).
    pub to: Option<NaiveDateTime>,
    pub reason: String,
}

impl Hold {
    /// How long it lasted, or has lasted by `end` while still running.
    pub fn length(&self, end: NaiveDateTime) -> Duration {
        (self.to.unwrap_or(end) - self.from).max(Duration::zero())
    }
}

/// Every hold in a state history, oldest first: each on-hold entry until the next change (the
/// stretches `time_on_hold` counts).
pub fn holds(history: &[StateChange]) -> Vec<Hold> {
    history
        .iter()
        .enumerate()
        .filter(|(_, change)| change.state == CaseState::OnHold)
        .map(|(i, change)| Hold {
            from: change.at,
            to: history.get(i + 1).map(|next| next.at),
            reason: change.hold_reason.clone(),
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SlaStatus {
    Within,
    /// Past the warning threshold (default 75 %): escalate.
    Warning,
    Breached,
    /// No target for this kind (problems, changes).
    NoTarget,
}

impl SlaStatus {
    pub fn label(self) -> &'static str {
        match self {
            SlaStatus::Within => "within target",
            SlaStatus::Warning => "past the warning threshold",
            SlaStatus::Breached => "breached",
            SlaStatus::NoTarget => "no target for this kind",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SlaClock {
    /// Resolution time so far (or in total): open time minus time on hold.
    pub elapsed: Duration,
    pub on_hold: Duration,
    pub target_hours: Option<u32>,
    pub status: SlaStatus,
}

impl SlaClock {
    /// Percent of the target used, when there is one.
    pub fn percent(&self) -> Option<i64> {
        let target = i64::from(self.target_hours?) * 60;
        (target > 0).then(|| self.elapsed.num_minutes() * 100 / target)
    }
}

impl DeskCase {
    /// When the clock stops: resolution, else closing (a cancelled case), else now.
    pub fn clock_end(&self, now: NaiveDateTime) -> NaiveDateTime {
        self.resolved_at
            .or(self.closed_at.filter(|_| !self.state.is_open()))
            .unwrap_or(now)
            .max(self.opened_at)
    }

    pub fn sla(&self, now: NaiveDateTime, settings: &Settings) -> SlaClock {
        let end = self.clock_end(now);
        let on_hold = time_on_hold(&self.history, self.opened_at, end);
        let elapsed = (end - self.opened_at - on_hold).max(Duration::zero());
        let target_hours = settings.sla_target_hours(self.kind, self.priority);
        let status = match target_hours {
            None => SlaStatus::NoTarget,
            Some(hours) => {
                let target = Duration::hours(i64::from(hours));
                let warn = target * i32::from(settings.sla_warn_percent) / 100;
                if elapsed > target {
                    SlaStatus::Breached
                } else if elapsed >= warn {
                    SlaStatus::Warning
                } else {
                    SlaStatus::Within
                }
            }
        };
        SlaClock {
            elapsed,
            on_hold,
            target_hours,
            status,
        }
    }

    /// Whole days open (calendar), for the ageing buckets.
    pub fn age_days(&self, now: NaiveDateTime) -> i64 {
        (now.date() - self.opened_at.date()).num_days().max(0)
    }

    /// The state at the end of `at` (from history; without history, from the dates).
    pub fn state_at(&self, at: NaiveDateTime) -> Option<CaseState> {
        if self.opened_at > at {
            return None;
        }
        if let Some(last) = self.history.iter().rfind(|c| c.at <= at) {
            return Some(last.state);
        }
        if !self.history.is_empty() {
            return Some(CaseState::New);
        }
        let finished = self.resolved_at.or(self.closed_at);
        match finished {
            Some(done) if done <= at => Some(CaseState::Resolved),
            _ if self.state.is_open() => Some(self.state),
            _ => Some(CaseState::Active),
        }
    }
}

/// Ageing buckets of open cases: 0–2 days, 3–7, 8–30, over 30.
pub const AGE_BUCKETS: [&str; 4] = ["0–2 days", "3–7 days", "8–30 days", "over 30 days"];

pub fn age_bucket(days: i64) -> usize {
    match days {
        ..=2 => 0,
        3..=7 => 1,
        8..=30 => 2,
        _ => 3,
    }
}

/// The first day of each of the last `n` months up to the one containing `today`, oldest first.
pub fn last_months(today: NaiveDate, n: u32) -> Vec<NaiveDate> {
    let first = today.with_day(1).unwrap_or(today);
    (0..n)
        .rev()
        .filter_map(|back| first.checked_sub_months(Months::new(back)))
        .collect()
}

/// The last moment of the month starting `first` (or now, for the current month).
pub fn month_end(first: NaiveDate, now: NaiveDateTime) -> NaiveDateTime {
    let end = first
        .checked_add_months(Months::new(1))
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d - Duration::seconds(1))
        .unwrap_or(now);
    end.min(now)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    pub(crate) fn change(s: &str, state: CaseState) -> StateChange {
        StateChange {
            at: at(s),
            state,
            hold_reason: String::new(),
        }
    }

    fn case(kind: CaseKind, priority: u8, opened: &str, history: Vec<StateChange>) -> DeskCase {
        DeskCase {
            id: 1,
            reference: "INC1".into(),
            kind,
            priority,
            state: history.last().map(|c| c.state).unwrap_or(CaseState::Active),
            hold_reason: String::new(),
            opened_at: at(opened),
            resolved_at: None,
            closed_at: None,
            organisation: None,
            project_code: None,
            summary: String::new(),
            history,
            version: 1,
        }
    }

    #[test]
    fn hold_time_is_clipped_to_the_window() {
        let history = vec![
            change("2026-11-01 08:00", CaseState::OnHold), // starts before the window
            change("2026-11-01 12:00", CaseState::Active),
            change("2026-11-02 09:00", CaseState::OnHold),
            change("2026-11-02 10:30", CaseState::Active),
            change("2026-11-03 16:00", CaseState::OnHold), // still on hold after the window
        ];
        let held = time_on_hold(&history, at("2026-11-01 10:00"), at("2026-11-03 17:00"));
        assert_eq!(held, Duration::minutes(120 + 90 + 60));
        assert_eq!(
            time_on_hold(&[], at("2026-11-01 10:00"), at("2026-11-03 17:00")),
            Duration::zero()
        );
        let empty_window = time_on_hold(&history, at("2026-11-05 10:00"), at("2026-11-05 09:00"));
        assert_eq!(empty_window, Duration::zero());
    }

    #[test]
    fn holds_run_from_each_on_hold_entry_to_the_next_change() {
        let mut waiting = change("2026-11-02 09:00", CaseState::OnHold);
        waiting.hold_reason = "Awaiting vendor".into();
        let history = vec![
            change("2026-11-01 08:00", CaseState::Active),
            waiting,
            change("2026-11-02 10:30", CaseState::Active),
            change("2026-11-03 16:00", CaseState::OnHold),
        ];
        let found = holds(&history);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].from, at("2026-11-02 09:00"));
        assert_eq!(found[0].to, Some(at("2026-11-02 10:30")));
        assert_eq!(found[0].reason, "Awaiting vendor");
        assert_eq!(
            found[0].length(at("2026-11-05 00:00")),
            Duration::minutes(90)
        );
        assert_eq!(found[1].to, None, "still on hold");
        assert_eq!(found[1].length(at("2026-11-03 18:00")), Duration::hours(2));
        assert!(holds(&history[..1]).is_empty());
    }

    #[test]
    fn the_sla_clock_stops_while_on_hold() {
        let s = Settings::default();
        // P3 incident: 24 h target. Open 30 h, of which 10 h waiting on the user.
        let c = case(
            CaseKind::Incident,
            3,
            "2026-11-20 08:00",
            vec![
                change("2026-11-20 08:00", CaseState::Active),
                change("2026-11-20 12:00", CaseState::OnHold),
                change("2026-11-20 22:00", CaseState::Active),
            ],
        );
        let clock = c.sla(at("2026-11-21 14:00"), &s);
        assert_eq!(clock.on_hold, Duration::hours(10));
        assert_eq!(clock.elapsed, Duration::hours(20));
        assert_eq!(
            clock.status,
            SlaStatus::Warning,
            "20 of 24 hours is past 75 %"
        );
        assert_eq!(clock.percent(), Some(83));
        let later = c.sla(at("2026-11-21 19:00"), &s);
        assert_eq!(later.status, SlaStatus::Breached);
        let early = c.sla(at("2026-11-20 20:00"), &s);
        assert_eq!(early.status, SlaStatus::Within, "4 h active, 8 h on hold");
    }

    #[test]
    fn resolved_cases_stop_at_resolution_and_other_kinds_have_no_target() {
        let s = Settings::default();
        let mut c = case(CaseKind::Incident, 1, "2026-11-20 08:00", vec![]);
        c.resolved_at = Some(at("2026-11-20 11:00"));
        c.state = CaseState::Resolved;
        let clock = c.sla(at("2026-11-25 08:00"), &s);
        assert_eq!(clock.elapsed, Duration::hours(3));
        assert_eq!(clock.status, SlaStatus::Warning, "3 of 4 hours is 75 %");
        let change = case(CaseKind::Change, 1, "2026-11-01 08:00", vec![]);
        assert_eq!(
            change.sla(at("2026-11-25 08:00"), &s).status,
            SlaStatus::NoTarget
        );
        let request = case(CaseKind::Request, 4, "2026-11-01 08:00", vec![]);
        assert_eq!(
            request.sla(at("2026-11-06 08:00"), &s).status,
            SlaStatus::Within,
            "120 of 240 h"
        );
        assert_eq!(
            request.sla(at("2026-11-10 08:00"), &s).status,
            SlaStatus::Warning,
            "216 of 240 h"
        );
        assert_eq!(
            request.sla(at("2026-11-12 08:00"), &s).status,
            SlaStatus::Breached,
            "264 of 240 h"
        );
    }

    #[test]
    fn ageing_buckets_and_months() {
        assert_eq!(
            [0, 2, 3, 7, 8, 30, 31, 400].map(age_bucket),
            [0, 0, 1, 1, 2, 2, 3, 3]
        );
        let months = last_months(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(), 12);
        assert_eq!(months.len(), 12);
        assert_eq!(months[0], NaiveDate::from_ymd_opt(2025, 12, 1).unwrap());
        assert_eq!(months[11], NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
        let now = at("2026-11-22 09:00");
        assert_eq!(
            month_end(months[10], now),
            at("2026-10-31 23:59") + Duration::seconds(59)
        );
        assert_eq!(month_end(months[11], now), now);
    }

    #[test]
    fn state_at_a_moment_follows_history() {
        let c = case(
            CaseKind::Incident,
            3,
            "2026-10-01 08:00",
            vec![
                change("2026-10-01 08:00", CaseState::Active),
                change("2026-10-20 08:00", CaseState::OnHold),
                change("2026-11-10 08:00", CaseState::Resolved),
            ],
        );
        assert_eq!(c.state_at(at("2026-09-30 08:00")), None, "not yet opened");
        assert_eq!(c.state_at(at("2026-10-05 08:00")), Some(CaseState::Active));
        assert_eq!(c.state_at(at("2026-10-31 23:00")), Some(CaseState::OnHold));
        assert_eq!(
            c.state_at(at("2026-11-20 08:00")),
            Some(CaseState::Resolved)
        );
    }
}
