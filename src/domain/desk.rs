//! The service desk's figures as reports quote them: open cases split into active and
//! stop-clock, SLA breaches and warnings, ageing, and monthly trends. Pure: `now` is given.

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate, NaiveDateTime};

use super::desk_sums::{DeskSums, ResolutionKey, open_at_month_ends};
use super::records::SnapshotRecord as Snapshot;
use super::sla::{DeskCase, SlaStatus, age_bucket, last_months, month_end};
use super::{CaseKind, CaseState, Settings};

/// Active and stop-clock counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Split {
    pub active: u32,
    pub stop_clock: u32,
}

impl Split {
    pub fn total(&self) -> u32 {
        self.active + self.stop_clock
    }

    fn add(&mut self, state: CaseState) {
        self.add_n(state, 1);
    }

    fn add_n(&mut self, state: CaseState, n: u32) {
        match state {
            CaseState::OnHold => self.stop_clock += n,
            CaseState::New | CaseState::Active => self.active += n,
            _ => {}
        }
    }
}

/// One trend month. A figure is `None` when nothing tells it (no case history reaching the
/// month and no reported counts, or no cases that far back): unknown, never 0.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MonthFigures {
    pub month: NaiveDate,
    /// Open at the month's end.
    pub open: Option<Split>,
    /// Where the open figure came from: a reported snapshot or the cases' own history.
    pub from_snapshot: bool,
    pub opened: Option<u32>,
    pub resolved: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeskSummary {
    pub open: Split,
    pub by_priority: [Split; 4],
    pub by_kind: BTreeMap<&'static str, Split>,
    pub by_organisation: BTreeMap<String, Split>,
    /// Open at the end of last month, when known.
    pub last_month: Option<u32>,
    pub ageing: [u32; 4],
    pub oldest_incident: Option<(String, i64)>,
    /// Indices into the cases kept with the summary ([`Desk::cases`]), oldest first: at most
    /// [`LIST_LIMIT`] each.
    pub breached: Vec<usize>,
    pub warning: Vec<usize>,
    /// How many open cases have breached their target, and how many are past the warning
    /// threshold (the lists hold the oldest of them).
    pub breached_total: u32,
    pub warning_total: u32,
    /// Resolved in the last 30 days: (within target, with a target).
    pub resolved_within: (u32, u32),
    pub months: Vec<MonthFigures>,
}

/// The summary and the cases its lists (breached, past warning) point into. Other cases are
/// counted, not kept, so a desk of a million cases needs memory only for those lists.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Desk {
    pub summary: DeskSummary,
    pub cases: Vec<DeskCase>,
}

/// How many cases each SLA list keeps, the oldest; the rest are counted. A queue of a hundred
/// thousand breached cases is a count to report, not a list to read.
pub const LIST_LIMIT: usize = 5_000;

/// One of the twelve trend months: its bounds and what the cases say about it.
struct TrendMonth {
    first: NaiveDate,
    start: NaiveDateTime,
    /// The month's last second: the current month counts what is recorded in it so far.
    end: NaiveDateTime,
    open: Split,
    opened: u32,
    resolved: u32,
}

/// Builds a [`Desk`] either from every case handed over one at a time (in any order), or from
/// the store's sums ([`Tally::from_sums`]) and the open cases alone: both give the same
/// figures, which a test holds them to.
pub struct Tally<'a> {
    now: NaiveDateTime,
    settings: &'a Settings,
    summary: DeskSummary,
    months: Vec<TrendMonth>,
    oldest: Option<(NaiveDateTime, String, i64)>,
    /// The month of the earliest opening of a case with a state history.
    earliest_history: Option<NaiveDate>,
    /// The month of the earliest opening of any case.
    earliest_case: Option<NaiveDate>,
    /// The breached and past-warning cases kept so far (pruned to the oldest as they grow).
    breached: Vec<DeskCase>,
    warning: Vec<DeskCase>,
}

/// Keep the oldest `LIST_LIMIT` of `list`, oldest first.
fn oldest(list: &mut Vec<DeskCase>) {
    list.sort_by_key(|c| (c.opened_at, c.id));
    list.truncate(LIST_LIMIT);
}

fn first_of_month(at: NaiveDateTime) -> NaiveDate {
    at.date().with_day(1).unwrap_or(at.date())
}

/// The first day counted in "resolved in the last 30 days".
fn resolved_since(now: NaiveDateTime) -> NaiveDate {
    now.date() - chrono::Duration::days(30)
}

impl<'a> Tally<'a> {
    pub fn new(now: NaiveDateTime, settings: &'a Settings) -> Self {
        let far = NaiveDateTime::MAX;
        let months = last_months(now.date(), 12)
            .into_iter()
            .map(|first| TrendMonth {
                first,
                start: first.and_hms_opt(0, 0, 0).unwrap_or_default(),
                end: month_end(first, far),
                open: Split::default(),
                opened: 0,
                resolved: 0,
            })
            .collect();
        Tally {
            now,
            settings,
            summary: DeskSummary::default(),
            months,
            oldest: None,
            earliest_history: None,
            earliest_case: None,
            breached: Vec::new(),
            warning: Vec::new(),
        }
    }

    /// The counts and months from the store's sums (already limited to the organisations
    /// wanted); hand it the open cases with [`Tally::add_open`].
    pub fn from_sums(
        now: NaiveDateTime,
        settings: &'a Settings,
        sums: &DeskSums,
        organisation: impl Fn(i64) -> String,
    ) -> Self {
        let mut tally = Tally::new(now, settings);
        let s = &mut tally.summary;
        for (key, n) in &sums.counts {
            let state = key.state;
            if !state.is_open() {
                continue;
            }
            let n = u32::try_from(*n).unwrap_or(0);
            s.open.add_n(state, n);
            s.by_priority[usize::from(key.priority.clamp(1, 4) - 1)].add_n(state, n);
            s.by_kind
                .entry(key.kind.as_str())
                .or_default()
                .add_n(state, n);
            s.by_organisation
                .entry(organisation(key.organisation))
                .or_default()
                .add_n(state, n);
        }
        let since = resolved_since(now);
        for (key, r) in sums.resolutions.range(ResolutionKey::first_on(since)..) {
            debug_assert!(key.day >= since);
            s.resolved_within.0 += u32::try_from(r.within).unwrap_or(0);
            s.resolved_within.1 += u32::try_from(r.resolved).unwrap_or(0);
        }
        let levels = open_at_month_ends(sums.months.iter().map(|(k, v)| (&k.month, v)));
        let mut by_month: BTreeMap<NaiveDate, (i64, i64)> = BTreeMap::new();
        for (key, m) in &sums.months {
            let entry = by_month.entry(key.month).or_default();
            entry.0 += m.opened;
            entry.1 += m.resolved;
            if m.opened != 0 {
                tally.earliest_case =
                    Some(tally.earliest_case.map_or(key.month, |e| e.min(key.month)));
            }
            if m.history_opened != 0 {
                tally.earliest_history = Some(
                    tally
                        .earliest_history
                        .map_or(key.month, |e| e.min(key.month)),
                );
            }
        }
        let count = |n: i64| u32::try_from(n).unwrap_or(0);
        for month in &mut tally.months {
            if let Some((_, (active, stop_clock))) = levels.range(..=month.first).next_back() {
                month.open = Split {
                    active: count(*active),
                    stop_clock: count(*stop_clock),
                };
            }
            if let Some((opened, resolved)) = by_month.get(&month.first) {
                month.opened = count(*opened);
                month.resolved = count(*resolved);
            }
        }
        tally
    }

    /// A case of any state: what it adds to the months and counts, and, if open, to the queue.
    pub fn add(&mut self, case: DeskCase) {
        let opened_month = first_of_month(case.opened_at);
        self.earliest_case = Some(
            self.earliest_case
                .map_or(opened_month, |e| e.min(opened_month)),
        );
        if !case.history.is_empty() {
            self.earliest_history = Some(
                self.earliest_history
                    .map_or(opened_month, |e| e.min(opened_month)),
            );
        }
        for month in &mut self.months {
            if let Some(state) = case.state_at(month.end) {
                month.open.add(state);
            }
            if case.opened_at >= month.start && case.opened_at <= month.end {
                month.opened += 1;
            }
            if let Some(r) = case.resolved_at
                && r >= month.start
                && r <= month.end
            {
                month.resolved += 1;
            }
        }
        let s = &mut self.summary;
        if case.state.is_open() {
            s.open.add(case.state);
            s.by_priority[usize::from(case.priority.clamp(1, 4) - 1)].add(case.state);
            s.by_kind
                .entry(case.kind.as_str())
                .or_default()
                .add(case.state);
            s.by_organisation
                .entry(case.organisation.clone().unwrap_or_else(|| "(none)".into()))
                .or_default()
                .add(case.state);
            self.add_open(case);
        } else if let Some(resolved) = case.resolved_at
            && resolved.date() >= resolved_since(self.now)
        {
            let clock = case.sla(self.now, self.settings);
            if clock.target_hours.is_some() {
                s.resolved_within.1 += 1;
                if clock.status != SlaStatus::Breached {
                    s.resolved_within.0 += 1;
                }
            }
        }
    }

    /// An open case's place in the queue: its age, its clock, and whether it is the oldest
    /// incident. (Its counts come from [`Tally::add`] or the sums.)
    pub fn add_open(&mut self, case: DeskCase) {
        let now = self.now;
        let s = &mut self.summary;
        s.ageing[age_bucket(case.age_days(now))] += 1;
        if case.kind == CaseKind::Incident
            && self
                .oldest
                .as_ref()
                .is_none_or(|(at, ..)| case.opened_at < *at)
        {
            self.oldest = Some((case.opened_at, case.reference.clone(), case.age_days(now)));
        }
        // Only the cases a list shows are kept: the rest of a long queue is counted.
        let list = match case.sla(now, self.settings).status {
            SlaStatus::Breached => {
                s.breached_total += 1;
                &mut self.breached
            }
            SlaStatus::Warning => {
                s.warning_total += 1;
                &mut self.warning
            }
            _ => return,
        };
        list.push(case);
        if list.len() >= 2 * LIST_LIMIT {
            oldest(list);
        }
    }

    /// The summary, with each trend month taken from the team's reported counts or from the
    /// cases' own history, and unknown where neither reaches it.
    pub fn finish(self, snapshots: &[Snapshot]) -> Desk {
        let Tally {
            mut summary,
            months,
            oldest: oldest_incident,
            earliest_history,
            earliest_case,
            mut breached,
            mut warning,
            ..
        } = self;
        summary.oldest_incident = oldest_incident.map(|(_, reference, days)| (reference, days));
        oldest(&mut breached);
        oldest(&mut warning);
        summary.breached = (0..breached.len()).collect();
        summary.warning = (breached.len()..breached.len() + warning.len()).collect();
        let mut cases = breached;
        cases.append(&mut warning);

        for month in months {
            let reported: Vec<&Snapshot> = snapshots
                .iter()
                .filter(|x| x.month == month.first)
                .collect();
            // Opened and resolved come from the cases' dates: known once the cases on record
            // reach back into the month (a desk known only by its counts has none).
            let cases_reach = earliest_case.is_some_and(|e| e <= month.first);
            let mut figures = MonthFigures {
                month: month.first,
                opened: cases_reach.then_some(month.opened),
                resolved: cases_reach.then_some(month.resolved),
                ..MonthFigures::default()
            };
            // Case history is used for a month when it began before the month a year earlier
            // (so the long-running cases are in it); otherwise the team's reported counts, if
            // any; otherwise the history as far as it goes, if it began by the month. A month
            // with none of these is unknown, not 0.
            let year_before = month.first.checked_sub_months(Months::new(12));
            let covered = earliest_history.is_some_and(|e| year_before.is_some_and(|y| e < y));
            let history_reaches = earliest_history.is_some_and(|e| e <= month.first);
            if !reported.is_empty() && !covered {
                figures.from_snapshot = true;
                let mut open = Split::default();
                for x in reported {
                    open.active += x.open_incidents + x.open_requests;
                    open.stop_clock += x.stop_clock;
                }
                figures.open = Some(open);
            } else if covered || history_reaches {
                figures.open = Some(month.open);
            }
            summary.months.push(figures);
        }
        if summary.months.len() >= 2 {
            let previous = &summary.months[summary.months.len() - 2];
            summary.last_month = previous.open.map(|open| open.total());
        }
        Desk { summary, cases }
    }
}

/// The desk from cases already in memory.
pub fn summarise(
    cases: impl IntoIterator<Item = DeskCase>,
    snapshots: &[Snapshot],
    now: NaiveDateTime,
    settings: &Settings,
) -> Desk {
    let mut tally = Tally::new(now, settings);
    for case in cases {
        tally.add(case);
    }
    tally.finish(snapshots)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sla::StateChange;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn case(
        reference: &str,
        kind: CaseKind,
        priority: u8,
        opened: &str,
        state: CaseState,
    ) -> DeskCase {
        DeskCase {
            id: 0,
            reference: reference.into(),
            kind,
            priority,
            state,
            hold_reason: String::new(),
            opened_at: at(opened),
            resolved_at: None,
            closed_at: None,
            organisation: Some("Holmwick".into()),
            project_code: None,
            summary: String::new(),
            history: Vec::new(),
            version: 1,
        }
    }

    #[test]
    fn open_cases_split_active_and_stop_clock_with_sla_lists() {
        let now = at("2026-11-22 12:00");
        let mut held = case(
            "INC2",
            CaseKind::Incident,
            3,
            "2026-11-20 12:00",
            CaseState::OnHold,
        );
        held.history = vec![
            StateChange {
                at: at("2026-11-20 12:00"),
                state: CaseState::Active,
                hold_reason: String::new(),
            },
            StateChange {
                at: at("2026-11-20 14:00"),
                state: CaseState::OnHold,
                hold_reason: "Awaiting vendor".into(),
            },
        ];
        let mut resolved = case(
            "INC4",
            CaseKind::Incident,
            2,
            "2026-11-10 09:00",
            CaseState::Resolved,
        );
        resolved.resolved_at = Some(at("2026-11-10 15:00"));
        let cases = vec![
            case(
                "INC1",
                CaseKind::Incident,
                1,
                "2026-11-22 06:00",
                CaseState::Active,
            ), // 6 h of 4: breached
            held, // 2 h of 24: fine
            case(
                "REQ1",
                CaseKind::Request,
                3,
                "2026-11-18 12:00",
                CaseState::New,
            ), // 96 h of 120: warning
            resolved, // 6 h of 8: within
            case(
                "INC5",
                CaseKind::Incident,
                4,
                "2026-09-01 12:00",
                CaseState::Active,
            ), // oldest
        ];
        let desk = summarise(cases, &[], now, &Settings::default());
        let s = &desk.summary;
        assert_eq!(
            s.open,
            Split {
                active: 3,
                stop_clock: 1
            }
        );
        assert_eq!(
            s.by_priority[0],
            Split {
                active: 1,
                stop_clock: 0
            }
        );
        assert_eq!(s.by_kind["request"].total(), 1);
        assert_eq!(s.by_organisation["Holmwick"].total(), 4);
        let refs = |list: &[usize]| {
            list.iter()
                .map(|i| desk.cases[*i].reference.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(refs(&s.breached), ["INC5", "INC1"], "oldest first");
        assert_eq!(refs(&s.warning), ["REQ1"]);
        assert_eq!(s.resolved_within, (1, 1));
        assert_eq!(s.ageing, [2, 1, 0, 1]);
        assert_eq!(s.oldest_incident, Some(("INC5".to_string(), 82)));
        assert_eq!(s.months.len(), 12);
        assert_eq!(s.months[11].opened, Some(4), "opened in November");
        assert_eq!(s.months[11].resolved, Some(1));
    }

    #[test]
    fn case_history_that_reaches_back_a_year_is_preferred() {
        let now = at("2026-11-22 12:00");
        let mut old = case(
            "INC0",
            CaseKind::Incident,
            3,
            "2025-06-01 09:00",
            CaseState::OnHold,
        );
        old.history = vec![
            StateChange {
                at: at("2025-06-01 09:00"),
                state: CaseState::Active,
                hold_reason: String::new(),
            },
            StateChange {
                at: at("2025-07-01 09:00"),
                state: CaseState::OnHold,
                hold_reason: "Awaiting vendor".into(),
            },
        ];
        let snapshot = Snapshot {
            month: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
            organisation: "Holmwick".into(),
            open_incidents: 100,
            open_requests: 20,
            stop_clock: 300,
        };
        let s = summarise([old], &[snapshot], now, &Settings::default()).summary;
        let october = &s.months[10];
        assert!(!october.from_snapshot, "a year of history covers October");
        assert_eq!(
            october.open,
            Some(Split {
                active: 0,
                stop_clock: 1
            })
        );
    }

    #[test]
    fn reported_snapshots_win_over_case_history_for_their_month() {
        let now = at("2026-11-22 12:00");
        let snapshot = Snapshot {
            month: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
            organisation: "Holmwick".into(),
            open_incidents: 100,
            open_requests: 20,
            stop_clock: 300,
        };
        let cases = vec![case(
            "INC1",
            CaseKind::Incident,
            3,
            "2026-10-05 09:00",
            CaseState::Active,
        )];
        let s = summarise(cases, &[snapshot], now, &Settings::default()).summary;
        let october = &s.months[10];
        assert!(october.from_snapshot);
        assert_eq!(
            october.open,
            Some(Split {
                active: 120,
                stop_clock: 300
            })
        );
        assert_eq!(s.last_month, Some(420));
        assert!(!s.months[11].from_snapshot);
    }

    #[test]
    fn a_month_with_neither_history_nor_reported_counts_is_unknown() {
        let now = at("2026-11-22 12:00");
        // Cases without state history (a plain export), and counts reported for September.
        let cases = vec![case(
            "INC1",
            CaseKind::Incident,
            3,
            "2026-10-05 09:00",
            CaseState::Active,
        )];
        let september = Snapshot {
            month: NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
            organisation: "Holmwick".into(),
            open_incidents: 10,
            open_requests: 2,
            stop_clock: 3,
        };
        let s = summarise(cases, &[september], now, &Settings::default()).summary;
        assert_eq!(s.months.len(), 12);
        let (sep, oct, nov) = (&s.months[9], &s.months[10], &s.months[11]);
        assert!(sep.from_snapshot);
        assert_eq!(sep.open.map(|o| o.total()), Some(15));
        assert_eq!(oct.open, None, "no history and no counts: unknown, not 0");
        assert_eq!(nov.open, None);
        assert!(s.months[..9].iter().all(|m| m.open.is_none()));
        assert_eq!(s.last_month, None);
        // Opened and resolved are known from the first case on record.
        assert_eq!(sep.opened, None, "no case on record goes back to September");
        assert_eq!(sep.resolved, None);
        assert_eq!(oct.opened, Some(1));
        assert_eq!(oct.resolved, Some(0));
        assert_eq!(
            nov.opened,
            Some(0),
            "a quiet month with cases on record is 0"
        );

        let nothing = summarise(Vec::new(), &[], now, &Settings::default()).summary;
        assert!(
            nothing
                .months
                .iter()
                .all(|m| m.open.is_none() && m.opened.is_none() && m.resolved.is_none())
        );
        assert_eq!(nothing.last_month, None);
    }

    #[test]
    fn history_is_known_from_where_it_begins_and_a_real_zero_stays_zero() {
        let now = at("2026-11-22 12:00");
        let mut fixed = case(
            "INC1",
            CaseKind::Incident,
            3,
            "2026-06-10 09:00",
            CaseState::Resolved,
        );
        fixed.resolved_at = Some(at("2026-06-12 09:00"));
        fixed.history = vec![
            StateChange {
                at: at("2026-06-10 09:00"),
                state: CaseState::Active,
                hold_reason: String::new(),
            },
            StateChange {
                at: at("2026-06-12 09:00"),
                state: CaseState::Resolved,
                hold_reason: String::new(),
            },
        ];
        let s = summarise([fixed], &[], now, &Settings::default()).summary;
        let june = s
            .months
            .iter()
            .position(|m| m.month == NaiveDate::from_ymd_opt(2026, 6, 1).unwrap())
            .unwrap();
        assert!(
            s.months[..june].iter().all(|m| m.open.is_none()),
            "before the history begins: unknown"
        );
        assert!(s.months[..june].iter().all(|m| m.opened.is_none()));
        assert_eq!(
            s.months[june].open,
            Some(Split::default()),
            "resolved by June's end"
        );
        assert_eq!(s.months[june].opened, Some(1));
        assert_eq!(s.months[june].resolved, Some(1));
        assert!(
            s.months[june..]
                .iter()
                .all(|m| m.open.is_some_and(|o| o.total() == 0)),
            "real history with nothing open is 0"
        );
        assert_eq!(s.last_month, Some(0));
    }

    #[test]
    fn a_long_breached_queue_is_counted_whole_and_lists_its_oldest() {
        let now = at("2026-11-22 12:00");
        let n = 2 * LIST_LIMIT + 123;
        // Newest first, so the oldest arrive last and must displace the rest.
        let cases = (0..n).map(|i| {
            let mut c = case(
                &format!("INC{i}"),
                CaseKind::Incident,
                1,
                "2026-06-01 09:00",
                CaseState::Active,
            );
            c.id = i as i64;
            c.opened_at = at("2026-11-01 09:00") - chrono::Duration::minutes(i as i64);
            c
        });
        let desk = summarise(cases, &[], now, &Settings::default());
        let s = &desk.summary;
        assert_eq!(s.breached_total as usize, n);
        assert_eq!(s.breached.len(), LIST_LIMIT);
        assert_eq!(desk.cases.len(), LIST_LIMIT);
        let first = &desk.cases[s.breached[0]];
        assert_eq!(first.reference, format!("INC{}", n - 1), "the oldest first");
        let last = &desk.cases[s.breached[LIST_LIMIT - 1]];
        assert_eq!(last.reference, format!("INC{}", n - LIST_LIMIT));
        assert_eq!(s.open.total() as usize, n, "every case still counted");
    }
}
