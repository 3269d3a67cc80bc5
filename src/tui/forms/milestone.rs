//! The milestone forms: edit, add, mark done, move the forecast.

use super::keys::field;
use super::widget::{Field, Form};
use super::{EditKind, OpenForm};
use crate::domain::{Milestone, Project};

use super::fields::*;

pub fn edit_milestone_form(m: &Milestone) -> OpenForm {
    let mut form = Form::new(
        format!("Edit milestone · {}", m.name),
        vec![
            Field::line(field::NAME, "Name", true, &m.name),
            Field::date(field::BASELINE_DATE, "Baseline", false, m.baseline_date),
            // Cleared and typed as "+2w", the forecast moves two weeks later than it is.
            Field::date(field::FORECAST_DATE, "Forecast", false, m.forecast_date)
                .counting_from(m.forecast_date.or(m.baseline_date), "forecast"),
            Field::date(field::ACTUAL_DATE, "Actual", false, m.actual_date),
            Field::line(field::OWNER, "Owner", false, &m.owner),
            Field::long_text(field::NOTES, "Notes", false, &m.notes),
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
                Field::line(field::NAME, "Name", true, ""),
                Field::date(field::BASELINE_DATE, "Baseline", true, None),
                Field::date(field::FORECAST_DATE, "Forecast", false, None),
                Field::line(field::OWNER, "Owner", false, &project.manager),
                Field::long_text(field::NOTES, "Notes", false, ""),
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
            vec![Field::date(field::ACTUAL_DATE, "Done on", true, None).starting_as("today")],
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
            Field::date(field::FORECAST_DATE, "New forecast", true, None)
                .counting_from(m.forecast_date.or(m.baseline_date), "forecast"),
            Field::long_text(field::REASON, "Reason", true, ""),
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
