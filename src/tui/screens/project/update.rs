//! Keys on a project (and the edits triage shares).

use super::load::{position_of, selected_item};
use super::state::ProjectState;
use crate::store::edit::Entity;
use crate::tui::cursor::navigate;
use crate::tui::detail::{self, Detail};
use crate::tui::prelude::*;

/// Tabs, moves, and the edits of what is selected.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let height = app.page_height;
    if let Some(effects) = project_edit_action(app, action) {
        return effects;
    }
    if detail_key(app, action) {
        return Vec::new();
    }
    let Some(project) = app.project.as_mut() else {
        app.screen = Screen::Portfolio;
        return Vec::new();
    };
    let len = project.rows_in_tab();
    if project.tab == Tab::Timeline && crate::tui::screens::timeline::is_time_action(action) {
        // Scroll from the window the tab is showing, which may start at the project's start.
        if app.timeline.start.is_none() {
            let start = project.project.start_date;
            let width = app.chart_width.max(1);
            app.timeline.start = Some(app.timeline.project_scale(app.today, width, start).start);
        }
        crate::tui::screens::timeline::time_action(app, action);
        return Vec::new();
    }
    match action {
        // Back to where it was opened from: a triage card, a timeline list, the service desk
        // (`p` on a case), else the portfolio.
        Action::Back => {
            app.screen = match app.back_to.take() {
                Some(Screen::Triage) if app.triage.is_some() => Screen::Triage,
                Some(Screen::Timeline) => Screen::Timeline,
                Some(Screen::Desk) => Screen::Desk,
                _ => Screen::Portfolio,
            }
        }
        Action::NextView | Action::PrevView => {
            project.tab = project.tab.step(action == Action::NextView);
            project.cursor = Default::default();
            project.detail = None;
        }
        _ if navigate(&mut project.cursor, action, len, height) => {}
        Action::Open if project.tab == Tab::Overview => {
            project.tab = Tab::Milestones;
            project.cursor = Default::default();
        }
        // The selected milestone's or risk's detail.
        Action::Open if matches!(project.tab, Tab::Milestones | Tab::Risks) => {
            project.detail = selected_item(project).map(Detail::of);
        }
        _ => {}
    }
    Vec::new()
}

/// A key while a milestone's or risk's detail is open: the list keys scroll it (the selection
/// stays), and `Esc` or `Enter` closes it. False when no detail is open, or for any other key
/// (the edits apply to the item shown, and Tab moves on to the next tab).
fn detail_key(app: &mut App, action: Action) -> bool {
    let Some(state) = app.project.as_ref() else {
        return false;
    };
    // The detail sits under a rule in the tab's body, which has the list's height.
    let rows = super::milestone_detail::rows(app, state, app.screen_width);
    let height = app.page_height.saturating_sub(1);
    app.project
        .as_mut()
        .is_some_and(|state| detail::key(&mut state.detail, action, rows, height))
}

/// The selected milestone on the Milestones or Timeline tab.
pub fn selected_milestone(state: &ProjectState) -> Option<&crate::domain::Milestone> {
    match state.tab {
        Tab::Milestones => state.milestones.get(state.cursor.selected),
        Tab::Timeline => state
            .cursor
            .selected
            .checked_sub(1)
            .and_then(|i| state.milestones.get(i)),
        _ => None,
    }
}

/// Edits from a project's screen; `None` when the action is not an edit.
pub fn project_edit_action(app: &mut App, action: Action) -> Option<Vec<Effect>> {
    let state = app.project.as_ref()?;
    let project = state.project.id;
    let open = |r: EditKind| Some(vec![Effect::OpenForm(r)]);
    match action {
        Action::ChangeRag => open(EditKind::ChangeRag(project)),
        Action::Edit => match state.tab {
            Tab::Milestones | Tab::Timeline => match selected_milestone(state) {
                Some(m) => open(EditKind::EditMilestone(m.id)),
                None if state.tab == Tab::Timeline => open(EditKind::EditProject(project)),
                None => Some(Vec::new()),
            },
            Tab::Risks => state
                .risks
                .get(state.cursor.selected)
                .map(|r| vec![Effect::OpenForm(EditKind::EditRisk(r.id))]),
            _ => open(EditKind::EditProject(project)),
        },
        Action::New => match state.tab {
            Tab::Risks => open(EditKind::NewRisk(Some(project))),
            _ => open(EditKind::NewMilestone(project)),
        },
        Action::MarkDone | Action::MoveDate => {
            let Some(m) = selected_milestone(state) else {
                app.message = Some("select a milestone first (Milestones tab)".into());
                return Some(Vec::new());
            };
            if m.is_done() {
                app.message = Some(format!(
                    "'{}' is already done{}",
                    m.name,
                    if action == Action::MoveDate {
                        ": e edits its dates"
                    } else {
                        ""
                    }
                ));
                return Some(Vec::new());
            }
            open(if action == Action::MarkDone {
                EditKind::MarkDone(m.id)
            } else {
                EditKind::MoveMilestone(m.id)
            })
        }
        Action::Archive if state.tab == Tab::Cases => {
            let case = state.cases.get(state.cursor.selected)?;
            let text = format!(
                "Unlink case {} from {}? It stays on the service desk. (y/n)",
                case.reference, state.project.code
            );
            let write = Write::Edit {
                edit: crate::store::edit::Edit {
                    entity: Entity::Case,
                    id: case.id,
                    expected_version: case.version,
                    values: vec![("project_id", rusqlite::types::Value::Null)],
                    loaded: vec![(
                        "project_id",
                        rusqlite::types::Value::Integer(state.project.id),
                    )],
                    reason: format!("unlinked from {}", state.project.code),
                },
                label: format!("unlinked {}", case.reference),
            };
            app.overlay = Some(Overlay::Confirm {
                text,
                write: Box::new(write),
            });
            Some(Vec::new())
        }
        Action::Archive => {
            let (entity, id, version, archived, what) = match state.tab {
                Tab::Milestones | Tab::Timeline => {
                    let m = selected_milestone(state)?;
                    (
                        Entity::Milestone,
                        m.id,
                        m.version,
                        m.archived,
                        format!("milestone '{}'", m.name),
                    )
                }
                Tab::Risks => {
                    let r = state.risks.get(state.cursor.selected)?;
                    (
                        Entity::Risk,
                        r.id,
                        r.version,
                        r.archived,
                        format!("risk {} '{}'", r.code, r.title),
                    )
                }
                _ => {
                    let p = &state.project;
                    (
                        Entity::Project,
                        p.id,
                        p.version,
                        p.archived,
                        format!("project {}", p.code),
                    )
                }
            };
            let verb = if archived { "Restore" } else { "Archive" };
            let text = format!(
                "{verb} {what}? {} (y/n)",
                if archived {
                    "It comes back."
                } else {
                    "It is hidden and can be restored (A shows archived items)."
                }
            );
            app.overlay = Some(Overlay::Confirm {
                text,
                write: Box::new(crate::tui::forms::archive_write(
                    entity, id, version, archived, &what,
                )),
            });
            Some(Vec::new())
        }
        Action::ShowArchived => {
            let state = app.project.as_mut()?;
            state.show_archived = !state.show_archived;
            app.message = Some(if state.show_archived {
                "showing archived milestones and risks (x restores one)".into()
            } else {
                "archived items hidden".into()
            });
            Some(vec![Effect::Refresh])
        }
        Action::Triage => Some(crate::tui::screens::triage::start_triage(app)),
        Action::Reassess | Action::CloseReopen | Action::ToIssue if state.tab == Tab::Risks => {
            let risk = state.risks.get(state.cursor.selected)?.clone();
            crate::tui::screens::risks::risk_write_action(app, action, &risk)
        }
        _ => None,
    }
}

pub fn select_milestone(app: &mut App, milestone: i64) {
    let height = app.page_height;
    if let Some(state) = app.project.as_mut() {
        state.tab = Tab::Milestones;
        state.detail = None;
        if let Some(i) = state.milestones.iter().position(|m| m.id == milestone) {
            state.cursor.selected = i;
            state.cursor.keep_visible(state.milestones.len(), height);
        }
    }
}

/// A project read for opening (None: it has gone since the list was read).
pub fn on_opened(app: &mut App, state: Option<Box<ProjectState>>, milestone: Option<i64>) {
    let Some(state) = state else {
        app.message = Some("that project no longer exists".into());
        return;
    };
    app.project = Some(*state);
    // Triage shows the project in its own summary screen.
    if app.screen != Screen::Triage {
        app.screen = Screen::Project;
    }
    if let Some(milestone) = milestone {
        select_milestone(app, milestone);
    }
}

/// The open project read again after a change: keep its tab, cursor and selected row.
pub fn on_refreshed(app: &mut App, fresh: Option<Box<ProjectState>>) {
    let Some(state) = app.project.as_ref() else {
        return;
    };
    let (tab, cursor, detail) = (state.tab, state.cursor, state.detail);
    let selected = selected_item(state);
    match fresh {
        Some(fresh) => {
            let mut fresh = *fresh;
            fresh.tab = tab;
            fresh.cursor = cursor;
            // An open detail stays open (scrolled as it was) while its item is still listed.
            fresh.detail = detail.filter(|d| position_of(&fresh, d.id).is_some());
            // Follow the selected milestone or risk if the reload moved it.
            if let Some(i) = selected.and_then(|item| position_of(&fresh, item)) {
                fresh.cursor.selected = i;
            }
            let (len, height) = (fresh.rows_in_tab(), app.page_height);
            fresh.cursor.keep_visible(len, height);
            app.project = Some(fresh);
        }
        None => {
            app.project = None;
            if app.screen == Screen::Project {
                app.screen = Screen::Portfolio;
            }
        }
    }
}
