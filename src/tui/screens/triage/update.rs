//! Keys in triage.

use super::state::TriageState;
use crate::domain::Rag;
use crate::tui::prelude::*;

/// Start triage: the red and amber projects of the current filter, worst first.
pub fn start_triage(app: &mut App) -> Vec<Effect> {
    let ids: Vec<i64> = app
        .portfolio
        .visible
        .iter()
        .filter_map(|i| app.portfolio.rows.get(*i))
        .filter(|r| {
            matches!(
                r.shown_rag(&app.settings),
                Rag::Red | Rag::AmberRed | Rag::Amber
            )
        })
        .map(|r| r.id)
        .collect();
    let assurance = app.portfolio.assurance.clone();
    if ids.is_empty() && assurance.is_empty() {
        app.message =
            Some("no red or amber projects in this filter, and no assurance exceptions".into());
        return Vec::new();
    }
    // The day's progress: reviewed or updated today (by anyone; the audit trail says who).
    let today = app.today;
    let reviewed = app
        .portfolio
        .rows
        .iter()
        .filter(|r| ids.contains(&r.id))
        .filter(|r| {
            [r.last_reviewed, r.last_update]
                .iter()
                .any(|at| at.is_some_and(|at| at.date() == today))
        })
        .map(|r| r.id)
        .collect();
    let first = ids.first().copied();
    app.triage = Some(TriageState {
        ids,
        index: 0,
        reviewed,
        changed: Default::default(),
        assurance,
    });
    app.screen = Screen::Triage;
    first
        .map(|id| vec![Effect::LoadProject(id)])
        .unwrap_or_default()
}

/// Confirm a card, change its RAG, move a milestone, step on or back.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(triage) = app.triage.as_mut() else {
        app.screen = Screen::Portfolio;
        return Vec::new();
    };
    let count = triage.cards();
    let current = triage.ids.get(triage.index).copied();
    if triage.on_assurance() {
        return assurance_card(app, action);
    }
    match action {
        // Space/n: the next card not reviewed today (j/↓ steps through every card).
        Action::NextProject => {
            return match triage.next_unreviewed() {
                Some(i) => {
                    triage.index = i;
                    vec![Effect::LoadProject(triage.ids[i])]
                }
                None if !triage.assurance.is_empty() => {
                    triage.index = triage.ids.len();
                    app.message = Some(format!("Projects: {}", triage.summary()));
                    Vec::new()
                }
                None => {
                    app.message = Some(format!(
                        "Triage done: {}; Esc leaves triage",
                        triage.summary()
                    ));
                    Vec::new()
                }
            };
        }
        Action::Down | Action::PreviousProject | Action::Up => {
            let forward = action == Action::Down;
            if (forward && triage.index + 1 >= count) || (!forward && triage.index == 0) {
                app.message = Some(if forward {
                    format!("Triage done: {}; Esc leaves triage", triage.summary())
                } else {
                    "this is the first project".to_string()
                });
                return Vec::new();
            }
            // The assurance card after the last project.
            if forward && triage.index + 1 == triage.ids.len() {
                triage.index += 1;
                return Vec::new();
            }
            triage.index = if forward {
                triage.index + 1
            } else {
                triage.index - 1
            };
            return triage
                .ids
                .get(triage.index)
                .map(|id| vec![Effect::LoadProject(*id)])
                .unwrap_or_default();
        }
        // Reviewed, unchanged: recorded, then on to the next card not yet reviewed.
        Action::ConfirmReviewed => {
            if let Some(state) = app.project.as_ref() {
                let mut effects = vec![Effect::Write(crate::tui::forms::reviewed_write(
                    &state.project,
                    app.now(),
                ))];
                let reviewed = state.project.id;
                if let Some(triage) = app.triage.as_mut() {
                    triage.reviewed.insert(reviewed);
                    match triage.next_unreviewed() {
                        Some(i) => {
                            triage.index = i;
                            effects.push(Effect::LoadProject(triage.ids[i]));
                        }
                        None => {
                            app.message = Some(format!(
                                "Triage done: {}; Esc leaves triage",
                                triage.summary()
                            ))
                        }
                    }
                }
                return effects;
            }
        }
        Action::ChangeRag => {
            if let Some(id) = current {
                return vec![Effect::OpenForm(EditKind::ChangeRag(id))];
            }
        }
        // One open milestone: move it. Several: the project's milestones, the first overdue
        // selected, to pick one (m there moves it; Esc comes back to the card).
        Action::MoveDate => {
            let today = app.today;
            let Some(state) = app.project.as_ref() else {
                return Vec::new();
            };
            let open: Vec<&crate::domain::Milestone> =
                state.milestones.iter().filter(|m| !m.is_done()).collect();
            let first = open
                .iter()
                .find(|m| m.is_overdue(today))
                .or(open.first())
                .map(|m| m.id);
            let count = open.len();
            let position = first.and_then(|id| state.milestones.iter().position(|m| m.id == id));
            match (count, first, position) {
                (0, _, _) | (_, None, _) | (_, _, None) => {
                    app.message = Some("no open milestone to move".into())
                }
                (1, Some(id), _) => return vec![Effect::OpenForm(EditKind::MoveMilestone(id))],
                (_, Some(_), Some(i)) => {
                    let height = app.page_height;
                    if let Some(state) = app.project.as_mut() {
                        state.tab = Tab::Milestones;
                        state.cursor.selected = i;
                        let len = state.milestones.len();
                        state.cursor.keep_visible(len, height);
                    }
                    app.screen = Screen::Project;
                    app.back_to = Some(Screen::Triage);
                    app.message = Some(format!("{count} open milestones: choose one and press m"));
                }
            }
        }
        Action::Open => {
            app.screen = Screen::Project;
            app.back_to = Some(Screen::Triage);
        }
        Action::Back => {
            app.screen = Screen::Portfolio;
            app.triage = None;
        }
        _ => {}
    }
    Vec::new()
}

/// On the assurance card: step back to the projects, open the assurance view on the
/// exceptions, or leave.
fn assurance_card(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(triage) = app.triage.as_mut() else {
        return Vec::new();
    };
    match action {
        Action::PreviousProject | Action::Up => match triage.index.checked_sub(1) {
            Some(i) if i < triage.ids.len() => {
                triage.index = i;
                return vec![Effect::LoadProject(triage.ids[i])];
            }
            _ => app.message = Some("this is the first card".into()),
        },
        Action::NextProject | Action::Down => {
            app.message = Some(format!(
                "Triage done: {}; Esc leaves triage",
                triage.summary()
            ));
        }
        Action::Open => {
            let a = &mut app.rooms.assurance;
            a.filter = Default::default();
            if triage.assurance.recommendations.is_empty() {
                a.register = super::super::assurance::Register::Certifications;
            } else {
                a.register = super::super::assurance::Register::Recommendations;
                a.filter.rec_status = Some("overdue".into());
                a.filter.priority = Some(crate::domain::assurance::Priority::High);
            }
            return super::super::open(app, Screen::Assurance);
        }
        Action::Back => {
            app.screen = Screen::Portfolio;
            app.triage = None;
        }
        Action::ConfirmReviewed | Action::ChangeRag | Action::MoveDate => {
            app.message = Some("Enter opens these in the assurance view".into());
        }
        _ => {}
    }
    Vec::new()
}
