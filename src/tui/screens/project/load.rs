//! Reading one project with everything its tabs show.

use super::state::{ProjectState, Tab};
use crate::store::{Store, StoreError};

/// The id of the milestone or risk under the cursor.
pub fn selected_item(state: &ProjectState) -> Option<i64> {
    let i = state.cursor.selected;
    match state.tab {
        Tab::Milestones => state.milestones.get(i).map(|m| m.id),
        Tab::Timeline => i
            .checked_sub(1)
            .and_then(|i| state.milestones.get(i))
            .map(|m| m.id),
        Tab::Risks => state.risks.get(i).map(|r| r.id),
        _ => None,
    }
}

pub fn position_of(state: &ProjectState, id: i64) -> Option<usize> {
    match state.tab {
        Tab::Milestones => state.milestones.iter().position(|m| m.id == id),
        Tab::Timeline => state
            .milestones
            .iter()
            .position(|m| m.id == id)
            .map(|i| i + 1),
        Tab::Risks => state.risks.iter().position(|r| r.id == id),
        _ => None,
    }
}

pub fn fetch_project(
    store: &Store,
    id: i64,
    archived: bool,
) -> Result<Option<ProjectState>, StoreError> {
    let Some(project) = store.project(id)? else {
        return Ok(None);
    };
    Ok(Some(ProjectState {
        history: store.rag_history(id)?,
        milestones: store.milestones_with(id, archived)?,
        risks: store.project_risks_with(id, archived)?,
        cases: store.project_cases(id)?,
        audit: store.project_audit(id, HISTORY_LIMIT)?,
        moves: store.project_milestone_moves(id)?,
        assessments: store.project_assessments(id)?,
        project,
        tab: Tab::Overview,
        cursor: Default::default(),
        show_archived: archived,
        detail: None,
    }))
}

/// How many audit rows the History tab loads.
const HISTORY_LIMIT: usize = 500;
