//! Counting the service desk's cases (in the background on a large plan).

use chrono::NaiveDateTime;

use crate::domain::Settings;
use crate::store::{Store, StoreError};

use super::state::Desk;

/// The count, for the runtime to run in line or in the background.
pub fn desk_reader(
    now: NaiveDateTime,
    settings: Settings,
) -> impl FnOnce(&Store) -> Result<Desk, StoreError> + Send + 'static {
    move |store: &Store| crate::commands::desk::load(store, now, &settings, None)
}
