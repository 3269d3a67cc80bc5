//! The risk forms: edit, add, re-assess.

use chrono::NaiveDate;

use super::keys::field;
use super::widget::{Field, Form};
use super::{EditKind, OpenForm};
use crate::domain::dates::display;
use crate::domain::{Project, Risk};

/// What an empty rating field shows.
const RATING_HINT: &str = "1–5";

/// A risk's fields; a new risk's likelihood and impact start empty (`rated` false), so what
/// is typed is the rating, not added to a default.
fn risk_fields(r: &Risk, rated: bool) -> Vec<Field> {
    let status = if r.open { "open" } else { "closed" };
    let rating = |value: u8| Some(value).filter(|_| rated);
    vec![
        Field::line(field::TITLE, "Risk", true, &r.title),
        Field::long_text(field::CONSEQUENCE, "Impact", false, &r.consequence),
        Field::long_text(field::CONTROL, "Control", false, &r.control),
        Field::line(field::OWNER, "Owner", false, &r.owner),
        Field::choice(
            field::KIND,
            "Kind",
            vec!["risk".into(), "issue".into()],
            r.kind.as_str(),
        ),
        Field::choice(
            field::STATUS,
            "Status",
            vec!["open".into(), "closed".into()],
            status,
        ),
        Field::rating(field::LIKELIHOOD, "Likelihood", true, rating(r.likelihood))
            .hinted(RATING_HINT),
        Field::rating(field::IMPACT, "Impact 1-5", true, rating(r.impact)).hinted(RATING_HINT),
        Field::rating(
            field::TARGET_LIKELIHOOD,
            "Target L",
            false,
            r.target_likelihood,
        )
        .hinted(RATING_HINT),
        Field::rating(field::TARGET_IMPACT, "Target I", false, r.target_impact).hinted(RATING_HINT),
        Field::date(field::REVIEW_DATE, "Review", false, r.review_date),
    ]
}

pub fn edit_risk_form(r: &Risk) -> OpenForm {
    OpenForm {
        loaded: Vec::new(),
        form: Form::new(
            format!("Edit risk {} · {}", r.code, r.title),
            risk_fields(r, true),
        ),
        kind: EditKind::EditRisk(r.id),
        version: r.version,
    }
}

/// A new risk of `project` (the corporate register's when `None`), offered `code` (the next
/// in its register's sequence) and owned, until changed, by the project's manager.
pub fn new_risk_form(project: Option<&Project>, code: &str) -> OpenForm {
    let blank = Risk {
        open: true,
        owner: project.map(|p| p.manager.clone()).unwrap_or_default(),
        ..Risk::default()
    };
    let mut fields = vec![Field::line(field::CODE, "Code", true, code)];
    fields.extend(risk_fields(&blank, false));
    let title = match project {
        Some(p) => format!("New risk · {}", p.code),
        None => "New risk · corporate register".to_string(),
    };
    let mut form = Form::new(title, fields);
    form.help = vec![
        "Likelihood 1 Rare, 2 Unlikely, 3 Possible, 4 Likely, 5 Almost certain".into(),
        "Impact 1 Insignificant, 2 Minor, 3 Moderate, 4 Major, 5 Catastrophic".into(),
    ];
    OpenForm {
        loaded: Vec::new(),
        form,
        kind: EditKind::NewRisk(project.map(|p| p.id)),
        version: 0,
    }
}

/// A re-assessment: the new likelihood and impact with a note, and the next review (offered
/// as today plus the review period), saved together.
pub fn reassess_form(r: &Risk, settings: &crate::domain::Settings, today: NaiveDate) -> OpenForm {
    let period = settings.review_period_days;
    let next_review = u64::try_from(period)
        .ok()
        .and_then(|days| today.checked_add_days(chrono::Days::new(days)));
    let mut form = Form::new(
        format!("Re-assess {} · {}", r.code, r.title),
        vec![
            Field::rating(field::LIKELIHOOD, "Likelihood", true, Some(r.likelihood))
                .hinted(RATING_HINT),
            Field::rating(field::IMPACT, "Impact", true, Some(r.impact)).hinted(RATING_HINT),
            Field::long_text(field::NOTE, "Note", true, ""),
            Field::date(field::REVIEW_DATE, "Next review", false, next_review),
        ],
    );
    let review_now = match r.review_date {
        Some(d) if r.review_overdue(today) => format!("Review was due {} (overdue)", display(d)),
        Some(d) => format!("Review due {}", display(d)),
        None => "No review date".to_string(),
    };
    form.help = vec![
        format!(
            "Now {} ({}×{}, {}) · target {}",
            r.score(),
            r.likelihood,
            r.impact,
            r.band(settings).label(),
            r.target_score()
                .map(|t| t.to_string())
                .unwrap_or_else(|| "—".into())
        ),
        "Likelihood 1 Rare, 2 Unlikely, 3 Possible, 4 Likely, 5 Almost certain".into(),
        "Impact 1 Insignificant, 2 Minor, 3 Moderate, 4 Major, 5 Catastrophic".into(),
        "The assessment is kept, dated, in the risk's trajectory.".into(),
        format!("{review_now}; next review: today + {period} days (the review period)."),
    ];
    OpenForm {
        loaded: Vec::new(),
        form,
        kind: EditKind::Reassess(r.id),
        version: r.version,
    }
}
