//! A milestone's detail on a project's Milestones tab, on its own: `Enter` opens the selected
//! milestone's, the list keys scroll it without moving the selection, `Esc` closes it.

use chrono::NaiveDate;

use super::tests::app;
use super::*;
use crate::domain::project::{DateField, MilestoneMove};
use crate::domain::{Milestone, Project};
use crate::tui::app::{ProjectState, Tab};

#[test]
fn enter_on_a_milestone_opens_its_detail_and_esc_keeps_the_selection() {
    let mut app = app();
    let milestone = |id: i64, name: &str| Milestone {
        id,
        name: name.into(),
        ..Milestone::default()
    };
    app.project = Some(ProjectState {
        project: Project::default(),
        history: vec![],
        milestones: vec![
            milestone(10, "Design"),
            milestone(11, "Build"),
            milestone(12, "Go-live"),
        ],
        risks: vec![],
        cases: vec![],
        audit: vec![],
        tab: Tab::Milestones,
        cursor: Default::default(),
        show_archived: false,
        moves: vec![MilestoneMove {
            milestone_id: 11,
            project_id: 0,
            changed_at: NaiveDate::from_ymd_opt(2026, 10, 1)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
            field: DateField::Forecast,
            old_date: NaiveDate::from_ymd_opt(2026, 11, 1),
            new_date: NaiveDate::from_ymd_opt(2026, 12, 1),
            reason: "Supplier slot moved".into(),
            changed_by: "Ann".into(),
        }],
        assessments: Default::default(),
        detail: None,
    });
    app.screen = Screen::Project;
    update(&mut app, Action::Down);
    update(&mut app, Action::Open);
    let state = app.project.as_ref().unwrap();
    assert_eq!(
        state.detail.map(|d| d.id),
        Some(11),
        "the selected milestone"
    );
    // The text fits: the list keys scroll nothing and move no selection.
    update(&mut app, Action::Down);
    update(&mut app, Action::PageDown);
    let state = app.project.as_ref().unwrap();
    assert_eq!(state.cursor.selected, 1);
    assert_eq!(state.detail.map(|d| d.scroll), Some(0));
    update(&mut app, Action::Back);
    let state = app.project.as_ref().unwrap();
    assert_eq!(state.detail, None, "Esc closes the detail");
    assert_eq!(state.cursor.selected, 1, "with the same milestone selected");
    assert_eq!(app.screen, Screen::Project, "and stays on the project");
    update(&mut app, Action::Open);
    update(&mut app, Action::NextView);
    let state = app.project.as_ref().unwrap();
    assert_eq!(state.tab, Tab::Risks);
    assert_eq!(state.detail, None, "another tab closes it");
    update(&mut app, Action::Open);
    assert_eq!(
        app.project.as_ref().unwrap().detail,
        None,
        "no risk to show"
    );
}
