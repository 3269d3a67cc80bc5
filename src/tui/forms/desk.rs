//! The service desk's forms: link a case to a project, record a month's counts.

use super::keys::{Key, Values, Whole, field};
use super::widget::{Field, Form};
use super::{EditKind, OpenForm};
use crate::tui::app::Write;
use chrono::NaiveDate;

pub fn link_form(case: &crate::domain::sla::DeskCase, codes: &[String]) -> OpenForm {
    let mut form = Form::new(
        format!("Link {} to a project", case.reference),
        vec![Field::line(
            field::LINK_CODE,
            "Project code",
            true,
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
            Field::line(
                field::MONTH,
                "Month",
                true,
                &today.format("%Y-%m").to_string(),
            ),
            Field::choice(
                field::ORGANISATION,
                "Organisation",
                organisations.to_vec(),
                organisations.first().map(String::as_str).unwrap_or(""),
            ),
            Field::whole(field::OPEN_INCIDENTS, "Open incidents", COUNT, None),
            Field::whole(field::OPEN_REQUESTS, "Open requests", COUNT, None),
            Field::whole(field::STOP_CLOCK, "Stop-clock", COUNT, None),
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

/// A count: zero or more (and no more than the store holds, checked when saved).
const COUNT: (i64, Option<i64>) = (0, None);

pub fn snapshot_from(form: &mut Form, values: &Values) -> Option<Write> {
    let month_text = values.get(field::MONTH);
    let month = NaiveDate::parse_from_str(&format!("{}-01", month_text.trim()), "%Y-%m-%d");
    if month.is_err() {
        form.fail(
            field::MONTH,
            format!("'{month_text}' is not a month (use 2026-11)"),
        );
    }
    let organisation = values.get(field::ORGANISATION);
    if organisation.trim().is_empty() {
        form.fail(field::ORGANISATION, "required");
    }
    // Each count's field checked it is zero or more.
    let mut count = |key: Key<Whole>| {
        let n = values.get(key).unwrap_or(0);
        u32::try_from(n).unwrap_or_else(|_| {
            form.fail(key, format!("'{n}' is more than a month's count can be"));
            0
        })
    };
    let (open_incidents, open_requests, stop_clock) = (
        count(field::OPEN_INCIDENTS),
        count(field::OPEN_REQUESTS),
        count(field::STOP_CLOCK),
    );
    let month = month.ok()?;
    Some(Write::Snapshot(crate::store::Snapshot {
        month,
        organisation,
        open_incidents,
        open_requests,
        stop_clock,
    }))
}
