//! Reading the register (in the background on a large plan).

use crate::domain::RegisterRow;
use crate::store::{ChangeToken, Store, StoreError};
use crate::tui::background::in_background;
use crate::tui::memory::{Keep, release_large_views};
use crate::tui::prelude::*;

/// The risk register as read at a change token.
pub struct RisksData {
    pub rows: Vec<RegisterRow>,
    pub token: ChangeToken,
}

pub fn load_risks(app: &mut App, store: &Store) -> Result<(), StoreError> {
    let token = store.change_token()?;
    if app.risks.loaded_at == Some(token) {
        return Ok(());
    }
    if app.risks.pending.is_running() {
        // Asked again while reading: only a change since the read began needs another.
        if app.risks.requested != Some(token) {
            app.risks.pending.mark_stale();
        }
        return Ok(());
    }
    let work = move |store: &Store| {
        Ok(RisksData {
            rows: store.risk_register()?,
            token,
        })
    };
    if in_background(store, store.project_high_water()?, app.background.projects) {
        release_large_views(app, Keep::Risks);
        app.risks.requested = Some(token);
        app.risks.pending.start(store.path(), work);
    } else {
        show_risks(app, work(store)?);
    }
    Ok(())
}

pub fn show_risks(app: &mut App, data: RisksData) {
    let selected = app.risks.selected().map(|r| r.risk.id);
    app.risks.rows = data.rows;
    app.risks.loaded_at = Some(data.token);
    app.risks.refresh_visible(&app.settings, app.page_height);
    if let Some(i) = selected.and_then(|id| {
        app.risks
            .visible
            .iter()
            .position(|i| app.risks.rows[*i].risk.id == id)
    }) {
        app.risks.cursor.selected = i;
        let (len, height) = (app.risks.visible.len(), app.page_height);
        app.risks.cursor.keep_visible(len, height);
    }
}
