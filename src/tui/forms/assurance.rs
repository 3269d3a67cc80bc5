//! The assurance forms: a recommendation (new, edit, a status change with a note), a
//! certification (new, edit) and an assessment of one.

use chrono::NaiveDate;
use rusqlite::types::Value;

use super::fields::reason_field;
use super::keys::{Choice, Key, Values, field};
use super::widget::{Field, Form};
use super::{EditKind, OpenForm};
use crate::domain::assurance::{
    AssessmentResult, Assurance, Certification, Frequency, Priority, Recommendation,
    RecommendationStatus,
};
use crate::store::Column;

/// A choice's "not given" option: stored as nothing.
pub const NOT_GIVEN: &str = "—";

fn words<T: Copy>(all: &[T], word: fn(T) -> &'static str, optional: bool) -> Vec<String> {
    let mut options: Vec<String> = Vec::new();
    if optional {
        options.push(NOT_GIVEN.into());
    }
    options.extend(all.iter().map(|w| word(*w).to_string()));
    options
}

fn project_field(code: Option<&str>) -> Field {
    Field::line(
        field::PROJECT_CODE,
        "Project code",
        false,
        code.unwrap_or(""),
    )
}

fn recommendation_fields(r: &Recommendation) -> Vec<Field> {
    vec![
        Field::line(field::AUDIT, "Audit", true, &r.audit),
        Field::date(field::AUDIT_DATE, "Audit date", false, r.audit_date),
        Field::line(field::AUDITOR, "Auditor", false, &r.auditor),
        Field::choice(
            field::ASSURANCE,
            "Assurance",
            words(Assurance::ALL, Assurance::as_str, true),
            r.assurance.map_or(NOT_GIVEN, Assurance::as_str),
        ),
        Field::long_text(
            field::RECOMMENDATION,
            "Recommendation",
            true,
            &r.recommendation,
        ),
        Field::choice(
            field::PRIORITY,
            "Priority",
            words(Priority::ALL, Priority::as_str, false),
            r.priority().as_str(),
        ),
        Field::line(field::OWNER, "Owner", false, &r.owner),
        Field::long_text(field::ACTION, "Agreed action", false, &r.action),
        Field::date(field::DUE_DATE, "Due", false, r.due_date),
        // Cleared and typed as "+2w", the due date moves two weeks later than it is.
        Field::date(
            field::REVISED_DUE_DATE,
            "Revised due",
            false,
            r.revised_due_date,
        )
        .counting_from(r.revised_due_date.or(r.due_date), "due date"),
        project_field(r.project_code.as_deref()),
    ]
}

pub fn new_recommendation_form(today: NaiveDate) -> OpenForm {
    let blank = Recommendation {
        audit_date: Some(today),
        ..Recommendation::default()
    };
    let mut fields = vec![Field::line(field::CODE, "Code", true, "")];
    fields.extend(recommendation_fields(&blank));
    OpenForm {
        loaded: Vec::new(),
        form: Form::new("New audit recommendation", fields),
        kind: EditKind::NewRecommendation,
        version: 0,
    }
}

pub fn edit_recommendation_form(r: &Recommendation) -> OpenForm {
    let mut fields = recommendation_fields(r);
    fields.push(reason_field());
    let mut form = Form::new(format!("Edit {} · {}", r.code, r.audit), fields);
    form.help = vec!["Revising the due date needs a reason; every revision is kept.".into()];
    OpenForm {
        loaded: Vec::new(),
        form,
        kind: EditKind::EditRecommendation(r.id),
        version: r.version,
    }
}

pub fn recommendation_status_form(r: &Recommendation) -> OpenForm {
    let mut form = Form::new(
        format!("Status of {} · {}", r.code, r.audit),
        vec![
            Field::choice(
                field::STATUS,
                "Status",
                words(
                    RecommendationStatus::ALL,
                    RecommendationStatus::as_str,
                    false,
                ),
                r.status().as_str(),
            ),
            Field::date(
                field::IMPLEMENTED_DATE,
                "Implemented",
                false,
                r.implemented_date,
            ),
            Field::long_text(field::EVIDENCE, "Evidence", false, &r.evidence),
            Field::long_text(field::REASON, "Note", true, ""),
        ],
    );
    form.help = vec![
        crate::tui::views::widgets::clean(&r.recommendation),
        "Implemented or verified needs the date it was implemented.".into(),
    ];
    OpenForm {
        loaded: Vec::new(),
        form,
        kind: EditKind::RecommendationStatus(r.id),
        version: r.version,
    }
}

fn certification_fields(c: &Certification) -> Vec<Field> {
    vec![
        Field::line(field::NAME, "Name", true, &c.name),
        Field::line(field::BODY, "Certifying body", false, &c.body),
        Field::line(field::SCOPE, "Scope", false, &c.scope),
        Field::date(field::CERTIFIED_ON, "Certified on", false, c.certified_on),
        Field::date(field::EXPIRES_ON, "Expires on", false, c.expires_on),
        Field::choice(
            field::FREQUENCY,
            "Assessed",
            words(Frequency::ALL, Frequency::as_str, true),
            c.frequency.map_or(NOT_GIVEN, Frequency::as_str),
        ),
        Field::line(field::OWNER, "Owner", false, &c.owner),
        project_field(c.project_code.as_deref()),
        Field::long_text(field::NOTES, "Notes", false, &c.notes),
    ]
}

pub fn new_certification_form() -> OpenForm {
    let mut fields = vec![Field::line(field::CODE, "Code", true, "")];
    fields.extend(certification_fields(&Certification::default()));
    OpenForm {
        loaded: Vec::new(),
        form: Form::new("New certification", fields),
        kind: EditKind::NewCertification,
        version: 0,
    }
}

pub fn edit_certification_form(c: &Certification) -> OpenForm {
    OpenForm {
        loaded: Vec::new(),
        form: Form::new(
            format!("Edit {} · {}", c.code, c.name),
            certification_fields(c),
        ),
        kind: EditKind::EditCertification(c.id),
        version: c.version,
    }
}

pub fn assessment_form(c: &Certification) -> OpenForm {
    let mut form = Form::new(
        format!("Record an assessment · {} {}", c.code, c.name),
        vec![
            Field::date(field::ASSESSED_ON, "Date", true, None).starting_as("today"),
            Field::choice(
                field::RESULT,
                "Result",
                words(AssessmentResult::ALL, AssessmentResult::as_str, false),
                AssessmentResult::Pass.as_str(),
            ),
            Field::long_text(field::NOTE, "Notes", false, ""),
        ],
    );
    form.help = vec!["An annual audit, a quarterly scan, a re-certification: each is kept.".into()];
    OpenForm {
        loaded: Vec::new(),
        form,
        kind: EditKind::RecordAssessment(c.id),
        version: c.version,
    }
}

/// An optional word chosen in a form: the "not given" option is stored as nothing.
pub fn store_optional_word(values: &mut Values, key: Key<Choice>) {
    if values.get(key) == NOT_GIVEN
        && let Some(column) = key.slot.column()
    {
        values.set(column, Value::Null);
    }
}

/// The rules across a recommendation's fields.
pub fn check_recommendation(form: &mut Form, values: &Values) {
    if let (Some(audit), Some(due)) = (values.get(field::AUDIT_DATE), values.get(field::DUE_DATE))
        && due < audit
    {
        form.fail(field::DUE_DATE, "is before the audit");
    }
}

/// The rules across a status change: implemented (or verified) says when.
pub fn check_status(form: &mut Form, values: &Values, today: NaiveDate) {
    let done = values
        .get(field::STATUS)
        .parse::<RecommendationStatus>()
        .is_ok_and(|s| {
            matches!(
                s,
                RecommendationStatus::Implemented | RecommendationStatus::Verified
            )
        });
    match values.get(field::IMPLEMENTED_DATE) {
        None if done => form.fail(field::IMPLEMENTED_DATE, "give the date it was implemented"),
        Some(d) if d > today => form.fail(field::IMPLEMENTED_DATE, "is in the future"),
        _ => {}
    }
}

/// The rules across a certification's dates.
pub fn check_certification(form: &mut Form, values: &Values) {
    if let (Some(from), Some(to)) = (
        values.get(field::CERTIFIED_ON),
        values.get(field::EXPIRES_ON),
    ) && to < from
    {
        form.fail(field::EXPIRES_ON, "is before the certification date");
    }
}

/// The project a form names, when the user changed it (None: leave the link as it is).
pub fn changed_project(form: &Form, values: &Values) -> Option<String> {
    form.field(field::PROJECT_CODE)
        .filter(|f| f.changed())
        .map(|_| values.get(field::PROJECT_CODE).trim().to_string())
}

/// The column a project link is written to.
pub const PROJECT: Column = Column::ProjectId;
