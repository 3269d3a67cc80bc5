//! The service desk's figures, for the desk view and the committee report.

use chrono::NaiveDateTime;

use crate::domain::Settings;
use crate::domain::desk::{Desk, Tally};
use crate::store::{Store, StoreError};

/// The service desk's figures (of one organisation, if given), streamed from the store: only
/// open cases are held, so a desk of a million cases fits in a few megabytes.
pub fn load(
    store: &Store,
    now: NaiveDateTime,
    settings: &Settings,
    organisation: Option<&str>,
) -> Result<Desk, StoreError> {
    let same = crate::domain::text::same_name;
    let snapshots: Vec<_> = store
        .snapshots()?
        .into_iter()
        .filter(|s| organisation.is_none_or(|o| same(&s.organisation, o)))
        .collect();
    let mut tally = Tally::new(now, settings);
    store.each_desk_case(organisation, |case| tally.add(case))?;
    Ok(tally.finish(&snapshots))
}
