//! The large views' memory: on a large plan only the view on screen keeps what it read (the
//! timeline's milestones and the risk register are tens of megabytes each); the other reads
//! again, in the background, when next visited.

use std::collections::HashMap;

use super::app::App;

/// Which large view's data to keep when another is read.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    Timeline,
    Risks,
    Report,
}

/// On a large plan the timeline's milestones and the risk register are tens of megabytes
/// each: only the view being read keeps its data, the others read again (in the background)
/// when next visited. Small plans keep everything.
pub fn release_large_views(app: &mut App, keep: Keep) {
    if keep != Keep::Timeline && !app.is_running(super::message::Job::Timeline) {
        app.timeline.milestones = HashMap::new();
        app.timeline.moves = Vec::new();
        app.timeline.loaded_at = None;
    }
    if keep != Keep::Risks && !app.is_running(super::message::Job::Risks) {
        app.risks.rows = Vec::new();
        app.risks.visible = Vec::new();
        app.risks.loaded_at = None;
    }
}
