//! What forms start with and how a moved date counts: offsets from the date being moved, a
//! new risk's code, owner and empty ratings, a re-assessment's next review, a project's theme
//! and organisations.

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rusqlite::types::Value;

use super::*;
use crate::domain::assurance::Recommendation;
use crate::domain::{Milestone, Project, Risk, Settings, Stage};
use crate::tui::app::Write;
use widget::Field;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn d(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn named<'a>(open: &'a OpenForm, name: &str) -> &'a Field {
    let found = open.form.fields.iter().find(|f| f.slot.name() == name);
    found.unwrap_or_else(|| panic!("no field {name}"))
}

fn set(open: &mut OpenForm, name: &str, value: &str) {
    let found = open.form.fields.iter_mut().find(|f| f.slot.name() == name);
    found
        .unwrap_or_else(|| panic!("no field {name}"))
        .set_text(value);
}

fn focus(open: &mut OpenForm, name: &str) {
    let at = open.form.fields.iter().position(|f| f.slot.name() == name);
    open.form.focus = at.unwrap_or_else(|| panic!("no field {name}"));
}

fn project() -> Project {
    Project {
        id: 7,
        code: "ICT-7".into(),
        name: "Firewall".into(),
        stage: Stage::InDelivery,
        manager: "Hannah Okafor".into(),
        theme: Some("ICT Strategic Architecture".into()),
        organisations: vec!["Brackenford".into(), "Holmwick".into()],
        version: 3,
        ..Project::default()
    }
}

#[test]
fn editing_a_milestone_forecast_counts_offsets_from_it() {
    let m = Milestone {
        id: 9,
        project_id: 7,
        name: "Go-live".into(),
        baseline_date: d("2026-12-01"),
        forecast_date: d("2027-01-06"),
        version: 5,
        ..Milestone::default()
    };
    let mut open = edit_milestone_form(&m);
    set(&mut open, "forecast_date", "+2w");
    set(&mut open, "reason", "Supplier late");
    let Some(Write::Edit { edit, .. }) = submit(&mut open, today()) else {
        panic!("should save")
    };
    assert!(
        edit.values.contains(&("forecast_date", text("2027-01-20"))),
        "two weeks after the forecast (06 Jan), not after today: {:?}",
        edit.values
    );
    set(&mut open, "forecast_date", "-1w");
    assert_eq!(
        named(&open, "forecast_date").preview(today()).as_deref(),
        Some("30 Dec 2026 (Wednesday) · earlier than the current forecast 06 Jan 2027")
    );
    // Absolute dates and words mean what they say.
    set(&mut open, "forecast_date", "tomorrow");
    assert_eq!(
        named(&open, "forecast_date").preview(today()).as_deref(),
        Some("23 Nov 2026 (Monday) · earlier than the current forecast 06 Jan 2027")
    );
    set(&mut open, "forecast_date", "01/03/2027");
    assert_eq!(
        named(&open, "forecast_date").preview(today()).as_deref(),
        Some("01 Mar 2027 (Monday)")
    );
}

#[test]
fn revising_a_due_date_counts_from_the_date_due() {
    let r = Recommendation {
        id: 4,
        code: "CC-01".into(),
        audit: "Cyber Crime".into(),
        recommendation: "Enforce MFA".into(),
        due_date: d("2027-01-31"),
        version: 2,
        ..Recommendation::default()
    };
    let mut open = edit_recommendation_form(&r);
    set(&mut open, "revised_due_date", "+1m");
    set(&mut open, "reason", "Supplier delay");
    let Some(Write::Edit { edit, .. }) = submit(&mut open, today()) else {
        panic!("should save")
    };
    assert!(
        edit.values
            .contains(&("revised_due_date", text("2027-02-28"))),
        "a month after the date due, not after today: {:?}",
        edit.values
    );
}

#[test]
fn a_new_risk_is_offered_its_code_and_owner_and_typed_ratings_are_the_rating() {
    let mut open = new_risk_form(Some(&project()), "ICT-7-R3");
    assert_eq!(named(&open, "code").text(), "ICT-7-R3");
    assert_eq!(named(&open, "owner").text(), "Hannah Okafor");
    for rating in ["likelihood", "impact"] {
        assert_eq!(named(&open, rating).text(), "", "{rating} starts empty");
        assert_eq!(named(&open, rating).hint(), Some("1–5"));
    }
    assert_eq!(open.kind, EditKind::NewRisk(Some(7)));
    focus(&mut open, "likelihood");
    open.form
        .handle_key(KeyEvent::new(KeyCode::Char('4'), KeyModifiers::NONE));
    assert_eq!(named(&open, "likelihood").text(), "4", "not 34");
    assert_eq!(named(&open, "likelihood").hint(), None);
    set(&mut open, "title", "Supplier insolvency");
    set(&mut open, "impact", "3");
    let Some(Write::Create { values, .. }) = submit(&mut open, today()) else {
        panic!("should save")
    };
    for expected in [
        ("code", text("ICT-7-R3")),
        ("owner", text("Hannah Okafor")),
        ("likelihood", Value::Integer(4)),
        ("impact", Value::Integer(3)),
        ("project_id", Value::Integer(7)),
    ] {
        assert!(values.contains(&expected), "{expected:?} in {values:?}");
    }
    let corporate = new_risk_form(None, "CR-11");
    assert_eq!(named(&corporate, "owner").text(), "");
    assert_eq!(corporate.kind, EditKind::NewRisk(None));
}

#[test]
fn a_reassessment_offers_the_next_review_and_saves_it_with_the_score() {
    let risk = Risk {
        id: 5,
        code: "CR-03".into(),
        title: "Key staff".into(),
        open: true,
        likelihood: 4,
        impact: 4,
        review_date: d("2026-11-01"),
        version: 2,
        ..Risk::default()
    };
    let settings = Settings::default();
    let mut open = reassess_form(&risk, &settings, today());
    open.loaded = vec![
        ("likelihood", Value::Integer(4)),
        ("impact", Value::Integer(4)),
        ("review_date", text("2026-11-01")),
    ];
    assert_eq!(
        named(&open, "review_date").text(),
        "22 Dec 2026",
        "today and the review period (30 days), as the app shows dates"
    );
    assert!(
        open.form
            .help
            .iter()
            .any(|h| h.contains("Review was due 01 Nov 2026 (overdue)")),
        "{:?}",
        open.form.help
    );
    // A rating holds one digit: one typed replaces it.
    focus(&mut open, "likelihood");
    open.form
        .handle_key(KeyEvent::new(KeyCode::Char('3'), KeyModifiers::NONE));
    assert_eq!(named(&open, "likelihood").text(), "3", "not 43");
    set(&mut open, "note", "Deputy appointed");
    let Some(Write::Edit { edit, .. }) = submit(&mut open, today()) else {
        panic!("should save")
    };
    assert_eq!(
        edit.values,
        vec![
            ("likelihood", Value::Integer(3)),
            ("review_date", text("2026-12-22")),
        ],
        "one write: the score and the next review"
    );
    assert_eq!(edit.reason, "Deputy appointed");
    assert_eq!(edit.expected_version, 2);
}

#[test]
fn project_forms_name_the_theme_and_organisations() {
    let mut open = edit_project_form(&project());
    assert_eq!(named(&open, "theme").text(), "ICT Strategic Architecture");
    assert_eq!(
        named(&open, "organisations").text(),
        "Brackenford; Holmwick"
    );
    open.loaded = vec![
        ("theme", text("ICT Strategic Architecture")),
        ("organisations", text("Brackenford; Holmwick")),
    ];
    set(&mut open, "organisations", "Holmwick; Parish Partnership");
    let Some(Write::Edit { edit, .. }) = submit(&mut open, today()) else {
        panic!("should save")
    };
    assert!(
        edit.values
            .contains(&("organisations", text("Holmwick; Parish Partnership")))
    );
    assert!(
        !edit.values.iter().any(|(c, _)| *c == "theme"),
        "an unchanged theme is not written: {:?}",
        edit.values
    );

    let mut new = new_project_form();
    set(&mut new, "code", "ICT-99");
    set(&mut new, "name", "Intranet");
    set(&mut new, "theme", "Digital");
    set(&mut new, "organisations", "Brackenford;Holmwick");
    let Some(Write::Create { values, .. }) = submit(&mut new, today()) else {
        panic!("should save")
    };
    assert!(values.contains(&("theme", text("Digital"))));
    assert!(values.contains(&("organisations", text("Brackenford;Holmwick"))));
}

/// A form shows a date as the app shows dates, and an unchanged one saves the same date.
#[test]
fn date_fields_show_uk_dates_and_read_them_back() {
    let m = Milestone {
        id: 9,
        project_id: 7,
        name: "Go-live".into(),
        baseline_date: d("2026-12-01"),
        forecast_date: d("2027-01-06"),
        version: 5,
        ..Milestone::default()
    };
    let open = edit_milestone_form(&m);
    let forecast = named(&open, "forecast_date");
    assert_eq!(forecast.text(), "06 Jan 2027");
    assert_eq!(forecast.value(today()), Ok(text("2027-01-06")));
    assert!(!forecast.is_dirty(), "shown as loaded: not a change");
    assert_eq!(named(&open, "baseline_date").text(), "01 Dec 2026");
}
