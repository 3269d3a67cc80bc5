//! The service desk's figures, for the desk view and the committee report.

use chrono::NaiveDateTime;

use crate::domain::Settings;
use crate::domain::desk::{Desk, Tally};
use crate::store::{Store, StoreError};

/// The service desk's figures (of one organisation, if given): the counts and months from the
/// store's sums, and only the open cases read, so a desk of a million cases opens in the time
/// its queue takes to read.
pub fn load(
    store: &Store,
    now: NaiveDateTime,
    settings: &Settings,
    organisation: Option<&str>,
) -> Result<Desk, StoreError> {
    let (mut tally, snapshots) = from_sums(store, now, settings, organisation)?;
    store.each_open_case(organisation, |case| tally.add_open(case))?;
    Ok(tally.finish(&snapshots))
}

/// The figures the sums give at once (open cases by state, priority, kind and organisation,
/// the months, resolved within target), without reading the open cases: their ageing, the
/// oldest incident and the SLA lists stay empty until [`load`] reads them.
pub fn load_counts(
    store: &Store,
    now: NaiveDateTime,
    settings: &Settings,
    organisation: Option<&str>,
) -> Result<Desk, StoreError> {
    let (tally, snapshots) = from_sums(store, now, settings, organisation)?;
    Ok(tally.finish(&snapshots))
}

/// A tally started from the store's sums, and the reported counts it finishes with.
fn from_sums<'a>(
    store: &Store,
    now: NaiveDateTime,
    settings: &'a Settings,
    organisation: Option<&str>,
) -> Result<(Tally<'a>, Vec<crate::store::Snapshot>), StoreError> {
    let snapshots = snapshots_of(store, organisation)?;
    // A day's margin over the 30 days counted, so a clock just past midnight misses none.
    let since = now.date() - chrono::Duration::days(31);
    let (sums, names) = store.desk_sums_of(organisation, since)?;
    let name = |id: i64| names.get(&id).cloned().unwrap_or_else(|| "(none)".into());
    Ok((Tally::from_sums(now, settings, &sums, name), snapshots))
}

/// The same figures counted from every case and its history (what the sums stand for; the
/// tests hold the two to each other).
pub fn recount(
    store: &Store,
    now: NaiveDateTime,
    settings: &Settings,
    organisation: Option<&str>,
) -> Result<Desk, StoreError> {
    let snapshots = snapshots_of(store, organisation)?;
    let mut tally = Tally::new(now, settings);
    store.each_desk_case(organisation, |case| tally.add(case))?;
    Ok(tally.finish(&snapshots))
}

/// The counts a team reported by month (of one organisation, if given).
fn snapshots_of(
    store: &Store,
    organisation: Option<&str>,
) -> Result<Vec<crate::store::Snapshot>, StoreError> {
    let same = crate::domain::text::same_name;
    Ok(store
        .snapshots()?
        .into_iter()
        .filter(|s| organisation.is_none_or(|o| same(&s.organisation, o)))
        .collect())
}
