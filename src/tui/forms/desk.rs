//! The service desk's forms: link a case to a project, record a month's counts.

use super::fields::text_of;
use super::widget::{Field, FieldKind, Form};
use super::{EditKind, OpenForm};
use crate::tui::app::Write;
use chrono::NaiveDate;
use rusqlite::types::Value;

pub fn link_form(case: &crate::domain::sla::DeskCase, codes: &[String]) -> OpenForm {
    let mut form = Form::new(
        format!("Link {} to a project", case.reference),
        vec![Field::new(
            "code",
            "Project code",
            FieldKind::Text { required: true },
            case.project_code.as_deref().unwrap_or(""),
        )],
    );
    form.help = vec![
        fit_line(&case.summary),
        format!("Projects: {}", codes.join(", ")),
    ];
    OpenForm {
        loaded: Vec::new(),
        form,
        kind: EditKind::LinkCase(case.id),
        version: case.version,
    }
}

fn fit_line(text: &str) -> String {
    crate::tui::views::widgets::fit(text, 90)
}

pub fn snapshot_form(today: NaiveDate, organisations: &[String]) -> OpenForm {
    let mut form = Form::new(
        "Monthly service-desk counts",
        vec![
            Field::new(
                "month",
                "Month",
                FieldKind::Text { required: true },
                &today.format("%Y-%m").to_string(),
            ),
            Field::new(
                "organisation",
                "Organisation",
                FieldKind::Choice(organisations.to_vec()),
                organisations.first().map(String::as_str).unwrap_or(""),
            ),
            // Checked as whole numbers when saved (see `snapshot_from`).
            Field::new(
                "open_incidents",
                "Open incidents",
                FieldKind::Text { required: false },
                "",
            ),
            Field::new(
                "open_requests",
                "Open requests",
                FieldKind::Text { required: false },
                "",
            ),
            Field::new(
                "stop_clock",
                "Stop-clock",
                FieldKind::Text { required: false },
                "",
            ),
        ],
    );
    form.help = vec![
        "For teams that only have monthly counts. A month already recorded for that".into(),
        "organisation is corrected (the old figures stay in the history).".into(),
    ];
    OpenForm {
        loaded: Vec::new(),
        form,
        kind: EditKind::Snapshot,
        version: 0,
    }
}

pub fn snapshot_from(form: &mut Form, values: &[(&'static str, Value)]) -> Option<Write> {
    let month_text = text_of(values, "month");
    let month = NaiveDate::parse_from_str(&format!("{}-01", month_text.trim()), "%Y-%m-%d");
    if month.is_err() {
        form.fail(
            "month",
            format!("'{month_text}' is not a month (use 2026-11)"),
        );
    }
    let organisation = text_of(values, "organisation");
    if organisation.trim().is_empty() {
        form.fail("organisation", "required");
    }
    let mut count = |name: &'static str| -> u32 {
        let text = text_of(values, name);
        text.trim().parse::<u32>().unwrap_or_else(|_| {
            form.fail(
                name,
                format!("'{text}' is not a whole number of zero or more"),
            );
            0
        })
    };
    let open_incidents = count("open_incidents");
    let open_requests = count("open_requests");
    let stop_clock = count("stop_clock");
    let month = month.ok()?;
    Some(Write::Snapshot(crate::store::Snapshot {
        month,
        organisation,
        open_incidents,
        open_requests,
        stop_clock,
    }))
}
