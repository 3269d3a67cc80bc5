//! Reading every milestone and the recorded date moves (in the background on a large plan).

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::Milestone;
use crate::domain::project::MilestoneMove;
use crate::store::{ChangeToken, Store, StoreError};

/// What the timeline reads: every milestone by project, and the date moves since `since`,
/// as read at a change token.
pub struct TimelineData {
    pub milestones: HashMap<i64, Vec<Milestone>>,
    pub moves: Vec<MilestoneMove>,
    pub since: NaiveDate,
    pub token: ChangeToken,
}

/// What a timeline read needs from the view: the "slipped since" date, whether it follows
/// the last committee report (the user has not set it), and today.
#[derive(Debug, Clone, Copy)]
pub struct TimelineRequest {
    pub since: NaiveDate,
    pub follow_reports: bool,
    pub today: NaiveDate,
    pub token: ChangeToken,
}

/// The read, for the runtime to run in line or in the background.
pub fn timeline_reader(
    request: TimelineRequest,
) -> impl FnOnce(&Store) -> Result<TimelineData, StoreError> + Send + 'static {
    move |store: &Store| {
        let mut milestones: HashMap<i64, Vec<Milestone>> = HashMap::new();
        for m in store.all_milestones()? {
            milestones.entry(m.project_id).or_default().push(m);
        }
        // "Slipped since" the last committee report, else the date already set.
        let since = match request.follow_reports {
            true => store
                .last_report_before(request.today + chrono::Duration::days(1))?
                .unwrap_or(request.since),
            false => request.since,
        };
        let moves = store.milestone_moves_since(since)?;
        Ok(TimelineData {
            milestones,
            moves,
            since,
            token: request.token,
        })
    }
}
