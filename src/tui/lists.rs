//! The timeline's milestone lists (overdue, due soon, slipped since a date) across the
//! filtered portfolio. Pure functions of the model, shared by `update` (Enter) and the view.

use chrono::{NaiveDate, NaiveDateTime};

use super::app::{App, TimelineMode};

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

pub fn rows(app: &App, mode: TimelineMode) -> Vec<ListRow> {
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
                        out.push(ListRow {
                            project_id: project.id,
                            project_code: project.code.clone(),
                            milestone_id: m.id,
                            milestone: m.name.clone(),
                            baseline: m.baseline_date,
                            forecast: m.forecast_date,
                            slip_days: m.slippage_days(),
                            owner: m.owner.clone(),
                            moved_at: None,
                            moved_from: None,
                            reason: String::new(),
                        });
                    }
                }
            }
            // Oldest (most overdue, or soonest due) first.
            out.sort_by_key(|r| (r.forecast, r.project_code.clone()));
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
                let Some(m) = milestone else {
                    continue;
                };
                out.push(ListRow {
                    project_id: mv.project_id,
                    project_code: code.to_string(),
                    milestone_id: m.id,
                    milestone: m.name.clone(),
                    baseline: m.baseline_date,
                    forecast: mv.new_date,
                    slip_days: mv.moved_days(),
                    owner: m.owner.clone(),
                    moved_at: Some(mv.changed_at),
                    moved_from: mv.old_date,
                    reason: mv.reason.clone(),
                });
            }
        }
    }
    out
}
