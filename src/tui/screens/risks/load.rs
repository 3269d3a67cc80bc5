//! Reading the register (in the background on a large plan).

use crate::domain::RegisterRow;
use crate::store::{ChangeToken, Store, StoreError};

/// The risk register as read at a change token.
pub struct RisksData {
    pub rows: Vec<RegisterRow>,
    pub token: ChangeToken,
}

/// The read, for the runtime to run in line or in the background.
pub fn risks_reader(
    token: ChangeToken,
) -> impl FnOnce(&Store) -> Result<RisksData, StoreError> + Send + 'static {
    move |store: &Store| {
        Ok(RisksData {
            rows: store.risk_register()?,
            token,
        })
    }
}
