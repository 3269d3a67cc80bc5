//! The timeline's milestone lists (overdue, due soon, slipped since a date) across the
//! filtered portfolio. Pure functions of the model, shared by `update` (Enter) and the view.

use chrono::{NaiveDate, NaiveDateTime};

use super::state::TimelineMode;
use crate::domain::Milestone;
use crate::domain::project::MilestoneMove;
use crate::tui::app::App;

#[derive(Debug, Clone, PartialEq)]
pub struct ListRow {
    pub project_id: i64,
    pub project_code: String,
    pub milestone_id: i64,
    pub milestone: String,
    pub baseline: Option<NaiveDate>,
    pub forecast: Option<NaiveDate>,
    pub slip_days: Option<i64>,
    pub owner: String,
    /// For "slipped": when it moved, from and to, and why.
    pub moved_at: Option<NaiveDateTime>,
    pub moved_from: Option<NaiveDate>,
    pub reason: String,
}

/// One milestone a list shows: its project's code, the milestone, and for "slipped" the move.
struct Hit<'a> {
    project_id: i64,
    code: &'a str,
    milestone: &'a Milestone,
    moved: Option<&'a MilestoneMove>,
}

/// What `mode` lists, borrowed from the model: counting it (every frame, in the header) copies
/// nothing.
fn hits(app: &App, mode: TimelineMode) -> Vec<Hit<'_>> {
    let today = app.today;
    let p = &app.portfolio;
    let projects = p.visible.iter().filter_map(|i| p.rows.get(*i));
    let mut out = Vec::new();
    match mode {
        TimelineMode::Gantt => {}
        TimelineMode::Overdue | TimelineMode::DueSoon => {
            for project in projects {
                let Some(milestones) = app.timeline.milestones.get(&project.id) else {
                    continue;
                };
                for m in milestones {
                    let keep = match mode {
                        TimelineMode::Overdue => m.is_overdue(today),
                        _ => m.is_due_soon(today, app.settings.due_soon_days),
                    };
                    if keep {
                        out.push(Hit {
                            project_id: project.id,
                            code: &project.code,
                            milestone: m,
                            moved: None,
                        });
                    }
                }
            }
        }
        TimelineMode::Slipped => {
            let shown: std::collections::HashMap<i64, &str> =
                projects.map(|r| (r.id, r.code.as_str())).collect();
            for mv in &app.timeline.moves {
                if mv.changed_at.date() < app.timeline.since || mv.moved_days().unwrap_or(0) <= 0 {
                    continue;
                }
                let Some(code) = shown.get(&mv.project_id) else {
                    continue;
                };
                let milestone = app
                    .timeline
                    .milestones
                    .get(&mv.project_id)
                    .and_then(|ms| ms.iter().find(|m| m.id == mv.milestone_id));
                if let Some(m) = milestone {
                    out.push(Hit {
                        project_id: mv.project_id,
                        code,
                        milestone: m,
                        moved: Some(mv),
                    });
                }
            }
        }
    }
    out
}

/// How many rows `mode` lists.
pub fn count(app: &App, mode: TimelineMode) -> usize {
    hits(app, mode).len()
}

pub fn rows(app: &App, mode: TimelineMode) -> Vec<ListRow> {
    let mut out: Vec<ListRow> = hits(app, mode)
        .into_iter()
        .map(|hit| {
            let m = hit.milestone;
            let moved = hit.moved;
            ListRow {
                project_id: hit.project_id,
                project_code: hit.code.to_string(),
                milestone_id: m.id,
                milestone: m.name.clone(),
                baseline: m.baseline_date,
                // "Slipped" shows the move itself; the other lists the milestone as it stands,
                // forecast on its baseline when it has no forecast of its own.
                forecast: moved.map_or(m.effective_forecast(), |mv| mv.new_date),
                slip_days: moved.map_or_else(|| m.slippage_days(), |mv| mv.moved_days()),
                owner: m.owner.clone(),
                moved_at: moved.map(|mv| mv.changed_at),
                moved_from: moved.and_then(|mv| mv.old_date),
                reason: moved.map(|mv| mv.reason.clone()).unwrap_or_default(),
            }
        })
        .collect();
    if matches!(mode, TimelineMode::Overdue | TimelineMode::DueSoon) {
        // Oldest (most overdue, or soonest due) first.
        out.sort_by(|a, b| (a.forecast, &a.project_code).cmp(&(b.forecast, &b.project_code)));
    }
    out
}
