//! Counting the service desk's cases (in the background on a large plan).

use crate::store::{Store, StoreError};
use crate::tui::background::in_background;
use crate::tui::prelude::*;

use super::state::Desk;

/// Count the desk's figures; `changed`: the data changed since the last count, so a count
/// already running is out of date and runs again when it ends.
pub fn load_desk(app: &mut App, store: &Store, changed: bool) -> Result<(), StoreError> {
    if app.desk.pending.is_running() {
        if changed {
            app.desk.pending.mark_stale();
        }
        return Ok(());
    }
    let (now, settings) = (app.now(), app.settings.clone());
    let work = move |store: &Store| crate::commands::desk::load(store, now, &settings, None);
    if in_background(store, store.case_high_water()?, app.background.cases) {
        app.desk.pending.start(store.path(), work);
    } else {
        show_desk(app, work(store)?);
    }
    Ok(())
}

pub fn show_desk(app: &mut App, loaded: Desk) {
    app.desk.summary = loaded.summary;
    app.desk.cases = loaded.cases;
    app.desk.loaded = true;
    let (len, height) = (app.desk.list().len(), app.page_height);
    app.desk.cursor.keep_visible(len, height);
}
