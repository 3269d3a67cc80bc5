//! The forms' rules, checked without a terminal or a database.

use chrono::NaiveDate;
use rusqlite::types::Value;

use super::*;
use crate::domain::{Milestone, Project, Rag, Stage};
use crate::store::edit::Entity;
use crate::tui::app::Write;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use widget::Field;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn d(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn project() -> Project {
    Project {
        id: 7,
        code: "ICT-7".into(),
        name: "Firewall".into(),
        stage: Stage::InDelivery,
        rag: Rag::Green,
        start_date: d("2026-01-01"),
        baseline_end: d("2026-12-01"),
        forecast_end: d("2026-12-01"),
        version: 3,
        ..Project::default()
    }
}

fn milestone() -> Milestone {
    Milestone {
        id: 9,
        project_id: 7,
        name: "Go-live".into(),
        baseline_date: d("2026-12-01"),
        forecast_date: d("2026-12-01"),
        version: 5,
        ..Milestone::default()
    }
}

/// The form's field whose column (or setting, or pseudo-field) has this name.
fn named<'a>(open: &'a OpenForm, name: &str) -> &'a Field {
    let found = open.form.fields.iter().find(|f| f.slot.name() == name);
    found.unwrap_or_else(|| panic!("no field {name}"))
}

fn named_mut<'a>(open: &'a mut OpenForm, name: &str) -> &'a mut Field {
    let found = open.form.fields.iter_mut().find(|f| f.slot.name() == name);
    found.unwrap_or_else(|| panic!("no field {name}"))
}

fn set(open: &mut OpenForm, name: &str, text: &str) {
    named_mut(open, name).set_text(text);
}

fn error(open: &OpenForm, name: &str) -> String {
    named(open, name).error.clone().unwrap_or_default()
}

#[test]
fn a_valid_project_edit_becomes_a_versioned_edit_without_the_reason_column() {
    let mut open = edit_project_form(&project());
    set(&mut open, "forecast_end", "+3m");
    set(&mut open, "budget_capital", "£1.3m");
    let Some(Write::Edit { edit, .. }) = submit(&mut open, today()) else {
        panic!("should save")
    };
    assert_eq!(edit.expected_version, 3);
    assert!(
        edit.values
            .contains(&("forecast_end", Value::Text("2027-02-22".into())))
    );
    assert!(
        edit.values
            .contains(&("budget_capital", Value::Integer(130_000_000)))
    );
    assert!(!edit.values.iter().any(|(c, _)| *c == "reason"));
}

#[test]
fn bad_fields_block_the_save_with_inline_errors() {
    let mut open = edit_project_form(&project());
    set(&mut open, "forecast_end", "2025-06-01");
    set(&mut open, "percent_complete", "120");
    set(&mut open, "spend_to_date", "-100");
    set(&mut open, "budget_capital", "£1,000,000,000,000.01");
    assert!(submit(&mut open, today()).is_none(), "nothing is saved");
    assert!(error(&open, "budget_capital").contains("over £1 trillion"));
    set(&mut open, "budget_capital", "1.3m");
    assert_eq!(
        error(&open, "percent_complete"),
        "'120' is over 100 or below 0"
    );
    assert!(error(&open, "spend_to_date").contains("negative"));
    set(&mut open, "percent_complete", "20");
    set(&mut open, "spend_to_date", "100");
    assert!(submit(&mut open, today()).is_none());
    assert_eq!(error(&open, "forecast_end"), "is before the start date");
    assert_eq!(
        open.form.focused().unwrap().slot.name(),
        "forecast_end",
        "focus on the problem"
    );
}

#[test]
fn rebaselining_and_moving_need_reasons() {
    let mut open = edit_project_form(&project());
    set(&mut open, "baseline_end", "2027-01-31");
    assert!(submit(&mut open, today()).is_none());
    assert!(error(&open, "reason").contains("re-baselining"));
    set(&mut open, "reason", "Board approved new plan");
    let Some(Write::Edit { edit, .. }) = submit(&mut open, today()) else {
        panic!("should save")
    };
    assert_eq!(edit.reason, "Board approved new plan");

    let mut moved = move_form(&milestone());
    set(&mut moved, "forecast_date", "next fri");
    assert!(submit(&mut moved, today()).is_none());
    assert_eq!(error(&moved, "reason"), "required");
    set(&mut moved, "reason", "Supplier late");
    let Some(Write::Edit { edit, .. }) = submit(&mut moved, today()) else {
        panic!("should save")
    };
    assert_eq!(
        edit.values,
        vec![("forecast_date", Value::Text("2026-11-27".into()))]
    );
    assert_eq!(edit.expected_version, 5);

    let mut edit_ms = edit_milestone_form(&milestone());
    set(&mut edit_ms, "forecast_date", "2026-12-15");
    assert!(submit(&mut edit_ms, today()).is_none());
    assert!(error(&edit_ms, "reason").contains("forecast"));
}

#[test]
fn marking_done_defaults_to_today_and_refuses_the_future() {
    let mut open = mark_done_form(&milestone());
    let Some(Write::Edit { edit, .. }) = submit(&mut open, today()) else {
        panic!("should save")
    };
    assert_eq!(
        edit.values,
        vec![("actual_date", Value::Text("2026-11-22".into()))]
    );
    set(&mut open, "actual_date", "tomorrow");
    assert!(submit(&mut open, today()).is_none());
    assert!(error(&open, "actual_date").contains("future"));
}

#[test]
fn a_new_milestone_forecasts_its_baseline_and_names_its_project() {
    let mut open = new_milestone_form(&project());
    assert!(
        submit(&mut open, today()).is_none(),
        "name and baseline are required"
    );
    set(&mut open, "name", "UAT signed off");
    set(&mut open, "baseline_date", "31/12/2026");
    let Some(Write::Create { entity, values, .. }) = submit(&mut open, today()) else {
        panic!("should save")
    };
    assert_eq!(entity, Entity::Milestone);
    assert!(values.contains(&("forecast_date", Value::Text("2026-12-31".into()))));
    assert!(values.contains(&("project_id", Value::Integer(7))));
}

#[test]
fn a_risk_needs_ratings_from_one_to_five() {
    let mut open = new_risk_form(None, "CR-99");
    set(&mut open, "title", "Key supplier fails");
    set(&mut open, "likelihood", "7");
    assert!(submit(&mut open, today()).is_none());
    assert!(error(&open, "likelihood").contains("1 to 5"));
    assert!(
        error(&open, "impact").contains("required"),
        "a new risk's impact starts empty and must be given"
    );
    set(&mut open, "likelihood", "4");
    set(&mut open, "impact", "3");
    let focus_status = open
        .form
        .fields
        .iter()
        .position(|f| f.slot.name() == "status")
        .unwrap();
    open.form.focus = focus_status;
    open.form
        .handle_key(KeyEvent::new(KeyCode::Right, KeyModifiers::NONE));
    let Some(Write::Create { values, .. }) = submit(&mut open, today()) else {
        panic!("should save")
    };
    assert!(values.contains(&("status", Value::Text("closed".into()))));
    assert!(
        !values.iter().any(|(c, _)| *c == "project_id"),
        "corporate register"
    );
}

#[test]
fn the_settings_form_takes_the_same_ranges_as_the_command_line() {
    let mut open = settings_form(&crate::domain::Settings::default());
    set(&mut open, "stale_after_days", "0");
    set(&mut open, "schedule_tolerance_days", "0");
    assert!(submit(&mut open, today()).is_none());
    assert_eq!(
        error(&open, "stale_after_days"),
        "'0' is not a whole number from 1 to 3650"
    );
    assert!(
        named(&open, "schedule_tolerance_days").error.is_none(),
        "0 days of tolerance is accepted"
    );
    set(&mut open, "stale_after_days", "90");
    assert!(matches!(
        submit(&mut open, today()),
        Some(Write::Settings(_))
    ));
}

#[test]
fn moving_a_forecast_counts_offsets_from_it_and_says_when_it_moves_earlier() {
    let milestone = Milestone {
        forecast_date: d("2027-01-06"),
        ..milestone()
    };
    let mut moved = move_form(&milestone);
    set(&mut moved, "forecast_date", "+2w");
    set(&mut moved, "reason", "Supplier late");
    let field = named(&moved, "forecast_date");
    assert_eq!(
        field.preview(today()).as_deref(),
        Some("20 Jan 2027 (Wednesday)")
    );
    let Some(Write::Edit { edit, .. }) = submit(&mut moved, today()) else {
        panic!("should save")
    };
    assert_eq!(
        edit.values,
        vec![("forecast_date", Value::Text("2027-01-20".into()))],
        "two weeks after the forecast, not after today (06 Dec)"
    );
    set(&mut moved, "forecast_date", "-1w");
    let preview = named(&moved, "forecast_date").preview(today());
    assert_eq!(
        preview.as_deref(),
        Some("30 Dec 2026 (Wednesday) · earlier than the current forecast 06 Jan 2027")
    );
}

fn app_for_forms() -> crate::tui::app::App {
    crate::tui::app::App::new(
        crate::tui::app::AppContext {
            today: today(),
            user: "Ann".into(),
            db_label: "t.db".into(),
            read_only: false,
            keymap: crate::tui::keymap::Keymap::default(),
            theme: crate::tui::theme::Theme::mono(),
        },
        crate::domain::Settings::default(),
    )
}

#[test]
fn a_rag_change_starts_with_an_empty_reason_and_shows_the_current_one() {
    let app = app_for_forms();
    let red = Project {
        rag: Rag::Red,
        rag_reason: "Supplier has missed two deliveries".into(),
        ..project()
    };
    let loaded = vec![
        ("rag", Value::Text("red".into())),
        ("rag_reason", Value::Text(red.rag_reason.clone())),
    ];
    let mut open = rag_form(&app, &red);
    open.loaded = loaded.clone();
    assert_eq!(named(&open, "rag_reason").text(), "");
    assert!(
        open.form
            .help
            .iter()
            .any(|h| h == "Reason now: Supplier has missed two deliveries"),
        "{:?}",
        open.form.help
    );
    // Saved untouched: nothing changes (the stored reason stays).
    let Some(Write::Edit { edit, .. }) = submit(&mut open, today()) else {
        panic!("saves")
    };
    assert!(edit.values.is_empty(), "{:?}", edit.values);

    // To amber with no reason: refused, the old reason does not count.
    let mut open = rag_form(&app, &red);
    open.loaded = loaded.clone();
    named_mut(&mut open, "rag").choice = 1;
    assert!(submit(&mut open, today()).is_none());
    assert!(error(&open, "rag_reason").contains("a reason is required"));

    // To green with no reason: the red reason goes with the red.
    let mut open = rag_form(&app, &red);
    open.loaded = loaded;
    let green = app
        .settings
        .rag_scale
        .values()
        .iter()
        .position(|r| *r == Rag::Green)
        .unwrap();
    named_mut(&mut open, "rag").choice = green;
    let Some(Write::Edit { edit, .. }) = submit(&mut open, today()) else {
        panic!("saves")
    };
    assert!(
        edit.values
            .contains(&("rag_reason", Value::Text(String::new()))),
        "{:?}",
        edit.values
    );
}
