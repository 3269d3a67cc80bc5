//! The service desk's counts as sums the store keeps beside the cases, so the desk view and
//! the report read a few hundred rows instead of a million cases. Each case adds a fixed set of
//! numbers to the sums (its contribution); a write takes a case's old contribution away and
//! adds its new one, and a recount adds every case's afresh. Pure: no clock, no I/O.
//!
//! - **counts**: every case by state, priority, kind and organisation;
//! - **months**: by calendar month and organisation, cases opened and resolved, cases opened
//!   that carry a state history, and the change in open cases (active and stop-clock) the
//!   month's events make. A month's open figure at its end is the running total of those
//!   changes up to and including it;
//! - **resolutions**: finished cases with a target by the day they were resolved,
//!   organisation, kind and priority, and how many within it. These follow the settings'
//!   targets: the store recounts them when the targets change.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Timelike};

use super::sla::{StateChange, time_on_hold};
use super::{CaseKind, CaseState, Settings};

/// The organisation key of a case with none (organisation ids start at 1).
pub const NO_ORGANISATION: i64 = 0;

/// What a case's contribution is computed from: its row and its state history, oldest first
/// (as the store orders it: by time, then by when it was recorded).
#[derive(Debug, Clone, Copy)]
pub struct CaseFacts<'a> {
    pub kind: CaseKind,
    pub priority: u8,
    pub state: CaseState,
    pub opened_at: NaiveDateTime,
    pub resolved_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    /// [`NO_ORGANISATION`] when the case names none.
    pub organisation: i64,
    pub history: &'a [StateChange],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CountKey {
    pub state: CaseState,
    pub priority: u8,
    pub kind: CaseKind,
    pub organisation: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct MonthKey {
    /// The month's first day.
    pub month: NaiveDate,
    pub organisation: i64,
}

/// One month's numbers for one organisation; `active` and `stop_clock` are changes, not
/// levels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MonthSums {
    pub opened: i64,
    pub resolved: i64,
    pub history_opened: i64,
    pub active: i64,
    pub stop_clock: i64,
}

/// A stored figure: added to, taken from, and dropped when it comes to nothing.
pub trait Sum: Copy + Default + PartialEq + std::fmt::Debug {
    fn add(&mut self, other: &Self, sign: i64);
    fn is_zero(&self) -> bool {
        *self == Self::default()
    }
}

impl Sum for i64 {
    fn add(&mut self, other: &i64, sign: i64) {
        *self += sign * other;
    }
}

impl Sum for MonthSums {
    fn add(&mut self, other: &MonthSums, sign: i64) {
        self.opened += sign * other.opened;
        self.resolved += sign * other.resolved;
        self.history_opened += sign * other.history_opened;
        self.active += sign * other.active;
        self.stop_clock += sign * other.stop_clock;
    }
}

/// Finished cases with a target resolved on a day, and how many of them within it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ResolutionSums {
    pub resolved: i64,
    pub within: i64,
}

impl Sum for ResolutionSums {
    fn add(&mut self, other: &ResolutionSums, sign: i64) {
        self.resolved += sign * other.resolved;
        self.within += sign * other.within;
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ResolutionKey {
    pub day: NaiveDate,
    pub organisation: i64,
    pub kind: CaseKind,
    pub priority: u8,
}

impl ResolutionKey {
    /// The first key on `day`, for a range from it.
    pub fn first_on(day: NaiveDate) -> Self {
        ResolutionKey {
            day,
            organisation: i64::MIN,
            kind: CaseKind::Incident,
            priority: 0,
        }
    }
}

/// The three sums, or a change to them. Entries that come to zero are dropped, so two sums
/// that count the same cases compare equal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeskSums {
    pub counts: BTreeMap<CountKey, i64>,
    pub months: BTreeMap<MonthKey, MonthSums>,
    pub resolutions: BTreeMap<ResolutionKey, ResolutionSums>,
}

/// Which open figure a state adds to: active (new or active) or stop-clock (on hold).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Bucket {
    Active,
    StopClock,
}

impl super::sla::DeskCase {
    /// What this case adds to the sums, under organisation id `organisation`.
    pub fn facts(&self, organisation: i64) -> CaseFacts<'_> {
        CaseFacts {
            kind: self.kind,
            priority: self.priority,
            state: self.state,
            opened_at: self.opened_at,
            resolved_at: self.resolved_at,
            closed_at: self.closed_at,
            organisation,
            history: &self.history,
        }
    }
}

fn bucket(state: CaseState) -> Option<Bucket> {
    match state {
        CaseState::New | CaseState::Active => Some(Bucket::Active),
        CaseState::OnHold => Some(Bucket::StopClock),
        _ => None,
    }
}

fn first_of_month(at: NaiveDateTime) -> NaiveDate {
    at.date().with_day(1).unwrap_or(at.date())
}

/// Times as the store holds them: to the second.
fn seconds(at: NaiveDateTime) -> NaiveDateTime {
    at.with_nanosecond(0).unwrap_or(at)
}

impl DeskSums {
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty() && self.months.is_empty() && self.resolutions.is_empty()
    }

    /// Add a case's contribution (`sign` 1), or take it away (`sign` -1); "within target"
    /// is judged by the targets in `settings`.
    pub fn add_case(&mut self, case: &CaseFacts<'_>, settings: &Settings, sign: i64) {
        let org = case.organisation;
        let opened = seconds(case.opened_at);
        let resolved = case.resolved_at.map(seconds);
        let count = CountKey {
            state: case.state,
            priority: case.priority,
            kind: case.kind,
            organisation: org,
        };
        bump(&mut self.counts, count, &1, sign);
        let months = &mut self.months;
        let mut month = |at: NaiveDateTime, change: MonthSums| {
            let key = MonthKey {
                month: first_of_month(at),
                organisation: org,
            };
            bump(months, key, &change, sign);
        };
        month(
            opened,
            MonthSums {
                opened: 1,
                history_opened: i64::from(!case.history.is_empty()),
                ..MonthSums::default()
            },
        );
        if let Some(at) = resolved {
            month(
                at,
                MonthSums {
                    resolved: 1,
                    ..MonthSums::default()
                },
            );
        }
        open_changes(case, |at, state, delta| {
            let mut change = MonthSums::default();
            match state {
                Bucket::Active => change.active = delta,
                Bucket::StopClock => change.stop_clock = delta,
            }
            month(at, change);
        });
        if let Some(resolution) = resolution(case, settings) {
            let key = ResolutionKey {
                day: resolution.0,
                organisation: org,
                kind: case.kind,
                priority: case.priority,
            };
            bump(&mut self.resolutions, key, &resolution.1, sign);
        }
    }

    /// Add `other` (a change made by a write) to these sums.
    pub fn merge(&mut self, other: &DeskSums) {
        for (key, n) in &other.counts {
            bump(&mut self.counts, *key, n, 1);
        }
        for (key, change) in &other.months {
            bump(&mut self.months, *key, change, 1);
        }
        for (key, change) in &other.resolutions {
            bump(&mut self.resolutions, *key, change, 1);
        }
    }

    /// What differs between these sums (as stored) and `recounted`, one line each, for
    /// `workplan check`.
    pub fn differences(&self, recounted: &DeskSums) -> Vec<String> {
        let mut out = Vec::new();
        differ(&self.counts, &recounted.counts, &mut out, |k| {
            format!(
                "cases {} priority {} {} organisation {}",
                k.state.as_str(),
                k.priority,
                k.kind.as_str(),
                k.organisation
            )
        });
        differ(&self.months, &recounted.months, &mut out, |k| {
            format!(
                "month {} organisation {}",
                k.month.format("%Y-%m"),
                k.organisation
            )
        });
        differ(&self.resolutions, &recounted.resolutions, &mut out, |k| {
            format!(
                "resolved {} organisation {} {} priority {}",
                k.day,
                k.organisation,
                k.kind.as_str(),
                k.priority
            )
        });
        out
    }
}

/// The day a finished case with a target was resolved, counted once and as within its target
/// or not (the clock runs from opening to resolution, less time on hold).
fn resolution(case: &CaseFacts<'_>, settings: &Settings) -> Option<(NaiveDate, ResolutionSums)> {
    if case.state.is_open() {
        return None;
    }
    let at = seconds(case.resolved_at?);
    let target = settings.sla_target_hours(case.kind, case.priority)?;
    let opened = seconds(case.opened_at);
    let end = at.max(opened);
    // Times as the store holds them; a copy only for a record read with fractions.
    let history: Cow<'_, [StateChange]> = if case.history.iter().all(|c| c.at.nanosecond() == 0) {
        Cow::Borrowed(case.history)
    } else {
        Cow::Owned(
            case.history
                .iter()
                .map(|c| StateChange {
                    at: seconds(c.at),
                    ..c.clone()
                })
                .collect(),
        )
    };
    let ran = (end - opened - time_on_hold(&history, opened, end)).max(Duration::zero());
    let within = ran <= Duration::hours(i64::from(target));
    Some((
        at.date(),
        ResolutionSums {
            resolved: 1,
            within: i64::from(within),
        },
    ))
}

fn bump<K: Ord + Copy, V: Sum>(map: &mut BTreeMap<K, V>, key: K, by: &V, sign: i64) {
    let entry = map.entry(key).or_default();
    entry.add(by, sign);
    if entry.is_zero() {
        map.remove(&key);
    }
}

fn differ<K: Ord + Copy, V: Sum>(
    stored: &BTreeMap<K, V>,
    recounted: &BTreeMap<K, V>,
    out: &mut Vec<String>,
    name: impl Fn(&K) -> String,
) {
    let missing = V::default();
    let keys: std::collections::BTreeSet<K> =
        stored.keys().chain(recounted.keys()).copied().collect();
    for key in keys {
        let (a, b) = (
            stored.get(&key).unwrap_or(&missing),
            recounted.get(&key).unwrap_or(&missing),
        );
        if a != b {
            out.push(format!("{}: kept {a:?}, counted {b:?}", name(&key)));
        }
    }
}

/// When the case's open figure changes, in which bucket and by how much, matching
/// [`DeskCase::state_at`](super::sla::DeskCase::state_at): with a history, the state is the
/// last change made by then (new before the first); without one, the case is open in its
/// current state (active, if it is finished but gave no dates) from opening until it was
/// resolved or closed.
fn open_changes(case: &CaseFacts<'_>, mut emit: impl FnMut(NaiveDateTime, Bucket, i64)) {
    let opened = seconds(case.opened_at);
    if case.history.is_empty() {
        let held = if case.state.is_open() {
            bucket(case.state)
        } else {
            Some(Bucket::Active)
        };
        let finished = case.resolved_at.or(case.closed_at).map(seconds);
        if let Some(held) = held
            && finished.is_none_or(|f| f > opened)
        {
            emit(opened, held, 1);
            if let Some(f) = finished {
                emit(f, held, -1);
            }
        }
        return;
    }
    let mut current = case
        .history
        .iter()
        .rfind(|c| seconds(c.at) <= opened)
        .map_or(CaseState::New, |c| c.state);
    if let Some(b) = bucket(current) {
        emit(opened, b, 1);
    }
    for change in case.history.iter().filter(|c| seconds(c.at) > opened) {
        let at = seconds(change.at);
        if let Some(b) = bucket(current) {
            emit(at, b, -1);
        }
        if let Some(b) = bucket(change.state) {
            emit(at, b, 1);
        }
        current = change.state;
    }
}

/// Open cases at the end of each month from the months' changes: the running total of every
/// month up to and including it.
pub fn open_at_month_ends<'a>(
    months: impl IntoIterator<Item = (&'a NaiveDate, &'a MonthSums)>,
) -> BTreeMap<NaiveDate, (i64, i64)> {
    let mut by_month: BTreeMap<NaiveDate, (i64, i64)> = BTreeMap::new();
    for (month, sums) in months {
        let entry = by_month.entry(*month).or_default();
        entry.0 += sums.active;
        entry.1 += sums.stop_clock;
    }
    let mut running = (0, 0);
    for level in by_month.values_mut() {
        running.0 += level.0;
        running.1 += level.1;
        *level = running;
    }
    by_month
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sla::tests::{at, change};

    fn facts<'a>(state: CaseState, opened: &str, history: &'a [StateChange]) -> CaseFacts<'a> {
        CaseFacts {
            kind: CaseKind::Incident,
            priority: 2,
            state,
            opened_at: at(opened),
            resolved_at: None,
            closed_at: None,
            organisation: 1,
            history,
        }
    }

    fn month(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_hold_across_months_moves_the_case_between_active_and_stop_clock() {
        let history = [
            change("2026-09-10 09:00", CaseState::Active),
            change("2026-10-02 09:00", CaseState::OnHold),
            change("2026-11-05 09:00", CaseState::Resolved),
        ];
        let mut case = facts(CaseState::Resolved, "2026-09-10 09:00", &history);
        case.resolved_at = Some(at("2026-11-05 09:00"));
        let mut sums = DeskSums::default();
        sums.add_case(&case, &Settings::default(), 1);
        let levels = open_at_month_ends(sums.months.iter().map(|(k, v)| (&k.month, v)));
        assert_eq!(levels[&month("2026-09")], (1, 0));
        assert_eq!(levels[&month("2026-10")], (0, 1));
        assert_eq!(levels[&month("2026-11")], (0, 0));
        let sep = sums.months[&MonthKey {
            month: month("2026-09"),
            organisation: 1,
        }];
        assert_eq!((sep.opened, sep.history_opened), (1, 1));
        // 22 days active, 34 on hold: 528 hours on the clock.
        let (key, n) = sums.resolutions.iter().next().unwrap();
        assert_eq!(
            *n,
            ResolutionSums {
                resolved: 1,
                within: 0
            }
        );
        assert_eq!(key.day, at("2026-11-05 09:00").date());
    }

    #[test]
    fn taking_a_case_away_leaves_nothing() {
        let history = [change("2026-10-02 09:00", CaseState::OnHold)];
        let case = facts(CaseState::OnHold, "2026-09-10 09:00", &history);
        let mut sums = DeskSums::default();
        sums.add_case(&case, &Settings::default(), 1);
        assert!(!sums.is_empty());
        sums.add_case(&case, &Settings::default(), -1);
        assert!(sums.is_empty(), "{sums:?}");
    }

    #[test]
    fn without_history_a_case_is_open_in_its_state_until_it_finished() {
        let mut sums = DeskSums::default();
        sums.add_case(
            &facts(CaseState::OnHold, "2026-10-20 09:00", &[]),
            &Settings::default(),
            1,
        );
        let mut done = facts(CaseState::Closed, "2026-09-20 09:00", &[]);
        done.closed_at = Some(at("2026-10-01 10:00"));
        sums.add_case(&done, &Settings::default(), 1);
        let levels = open_at_month_ends(sums.months.iter().map(|(k, v)| (&k.month, v)));
        assert_eq!(levels[&month("2026-09")], (1, 0));
        assert_eq!(levels[&month("2026-10")], (0, 1));
        assert!(
            sums.resolutions.is_empty(),
            "closed without a resolution date"
        );
    }

    #[test]
    fn a_target_is_met_up_to_and_including_its_last_minute() {
        let settings = Settings::default(); // priority 2 incidents: 8 hours
        let within = |resolved: &str| {
            let mut case = facts(CaseState::Resolved, "2026-10-01 09:00", &[]);
            case.resolved_at = Some(at(resolved));
            let mut sums = DeskSums::default();
            sums.add_case(&case, &settings, 1);
            *sums.resolutions.values().next().unwrap()
        };
        assert_eq!(
            within("2026-10-01 17:00"),
            ResolutionSums {
                resolved: 1,
                within: 1
            }
        );
        assert_eq!(
            within("2026-10-01 17:01"),
            ResolutionSums {
                resolved: 1,
                within: 0
            }
        );
        let mut problem = facts(CaseState::Resolved, "2026-10-01 09:00", &[]);
        problem.kind = CaseKind::Problem;
        problem.resolved_at = Some(at("2026-10-01 10:00"));
        let mut sums = DeskSums::default();
        sums.add_case(&problem, &settings, 1);
        assert!(sums.resolutions.is_empty(), "problems have no target");
    }

    #[test]
    fn differences_name_what_was_kept_and_what_was_counted() {
        let mut kept = DeskSums::default();
        kept.add_case(
            &facts(CaseState::Active, "2026-10-20 09:00", &[]),
            &Settings::default(),
            1,
        );
        let counted = DeskSums::default();
        let lines = kept.differences(&counted);
        assert!(
            lines
                .iter()
                .any(|l| l.contains("cases active priority 2 incident")),
            "{lines:?}"
        );
        assert!(lines.iter().any(|l| l.starts_with("month 2026-10")));
        assert!(kept.differences(&kept.clone()).is_empty());
    }
}
