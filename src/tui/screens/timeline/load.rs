//! Reading every milestone and the recorded date moves (in the background on a large plan).

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::Milestone;
use crate::domain::project::MilestoneMove;
use crate::store::{ChangeToken, Store, StoreError};
use crate::tui::background::in_background;
use crate::tui::memory::{Keep, release_large_views};
use crate::tui::prelude::*;

/// What the timeline reads: every milestone by project, and the date moves since `since`.
pub struct TimelineData {
    pub milestones: HashMap<i64, Vec<Milestone>>,
    pub moves: Vec<MilestoneMove>,
    pub since: NaiveDate,
}

pub fn load_timeline(app: &mut App, store: &Store) -> Result<(), StoreError> {
    let token = store.change_token()?;
    let key = (token, app.timeline.since);
    if app.timeline.loaded_at == Some(key) {
        return Ok(());
    }
    if app.timeline.pending.is_running() {
        if app.timeline.requested != Some(key) {
            app.timeline.pending.mark_stale();
        }
        return Ok(());
    }
    let (since, follow_reports, today) = (app.timeline.since, !app.timeline.since_set, app.today);
    let work = move |store: &Store| {
        let mut milestones: HashMap<i64, Vec<Milestone>> = HashMap::new();
        for m in store.all_milestones()? {
            milestones.entry(m.project_id).or_default().push(m);
        }
        // "Slipped since" the last committee report, else the date already set.
        let since = match follow_reports {
            true => store
                .last_report_before(today + chrono::Duration::days(1))?
                .unwrap_or(since),
            false => since,
        };
        let moves = store.milestone_moves_since(since)?;
        Ok(TimelineData {
            milestones,
            moves,
            since,
        })
    };
    if in_background(store, store.project_high_water()?, app.background.projects) {
        release_large_views(app, Keep::Timeline);
        app.timeline.requested = Some(key);
        app.timeline.pending.start(store.path(), work);
    } else {
        show_timeline(app, work(store)?, token);
    }
    Ok(())
}

pub fn show_timeline(app: &mut App, data: TimelineData, token: ChangeToken) {
    app.timeline.milestones = data.milestones;
    app.timeline.moves = data.moves;
    app.timeline.since = data.since;
    app.timeline.loaded_at = Some((token, data.since));
}
