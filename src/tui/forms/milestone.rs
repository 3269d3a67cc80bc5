//! The milestone forms: edit, add, mark done, move the forecast.

use super::widget::{Field, FieldKind, Form};
use super::{EditKind, OpenForm};
use crate::domain::{Milestone, Project};

use super::fields::*;

pub fn edit_milestone_form(m: &Milestone) -> OpenForm {
    let mut form = Form::new(
        format!("Edit milestone · {}", m.name),
        vec![
            Field::new("name", "Name", FieldKind::Text { required: true }, &m.name),
            Field::new(
                "baseline_date",
                "Baseline",
                FieldKind::Date { required: false },
                &date_text(m.baseline_date),
            ),
            Field::new(
                "forecast_date",
                "Forecast",
                FieldKind::Date { required: false },
                &date_text(m.forecast_date),
            ),
            Field::new(
                "actual_date",
                "Actual",
                FieldKind::Date { required: false },
                &date_text(m.actual_date),
            ),
            Field::new(
                "owner",
                "Owner",
                FieldKind::Text { required: false },
                &m.owner,
            ),
            Field::new(
                "notes",
                "Notes",
                FieldKind::LongText { required: false },
                &m.notes,
            ),
            reason_field(),
        ],
    );
    form.help = vec![
        "Moving the forecast or re-baselining needs a reason; the old date is kept.".to_string(),
    ];
    OpenForm {
        loaded: Vec::new(),
        form,
        kind: EditKind::EditMilestone(m.id),
        version: m.version,
    }
}

pub fn new_milestone_form(project: &Project) -> OpenForm {
    OpenForm {
        loaded: Vec::new(),
        form: Form::new(
            format!("New milestone · {}", project.code),
            vec![
                Field::new("name", "Name", FieldKind::Text { required: true }, ""),
                Field::new(
                    "baseline_date",
                    "Baseline",
                    FieldKind::Date { required: true },
                    "",
                ),
                Field::new(
                    "forecast_date",
                    "Forecast",
                    FieldKind::Date { required: false },
                    "",
                ),
                Field::new(
                    "owner",
                    "Owner",
                    FieldKind::Text { required: false },
                    &project.manager,
                ),
                Field::new(
                    "notes",
                    "Notes",
                    FieldKind::LongText { required: false },
                    "",
                ),
            ],
        ),
        kind: EditKind::NewMilestone(project.id),
        version: 0,
    }
}

pub fn mark_done_form(m: &Milestone) -> OpenForm {
    OpenForm {
        loaded: Vec::new(),
        form: Form::new(
            format!("Mark done · {}", m.name),
            vec![Field::new(
                "actual_date",
                "Done on",
                FieldKind::Date { required: true },
                "today",
            )],
        ),
        kind: EditKind::MarkDone(m.id),
        version: m.version,
    }
}

pub fn move_form(m: &Milestone) -> OpenForm {
    let mut form = Form::new(
        format!("Move forecast · {}", m.name),
        vec![
            // Starts empty so "+2w" or "next fri" can be typed straight away; an offset
            // counts from the forecast being moved ("two weeks later than planned"), or
            // from today when that forecast has already passed.
            Field::new(
                "forecast_date",
                "New forecast",
                FieldKind::Date { required: true },
                "",
            )
            .counting_from(m.forecast_date.or(m.baseline_date)),
            Field::new(
                "reason",
                "Reason",
                FieldKind::LongText { required: true },
                "",
            ),
        ],
    );
    form.focus = 0;
    form.help = vec![format!(
        "Baseline {} · forecast now {} · +2w counts from the forecast (from today once it has passed) · the old one is kept.",
        m.baseline_date
            .map(crate::domain::dates::display)
            .unwrap_or_else(|| "—".into()),
        m.forecast_date
            .map(crate::domain::dates::display)
            .unwrap_or_else(|| "—".into())
    )];
    OpenForm {
        loaded: Vec::new(),
        form,
        kind: EditKind::MoveMilestone(m.id),
        version: m.version,
    }
}
