//! The risk forms: edit, add, re-assess.

use super::keys::field;
use super::widget::{Field, Form};
use super::{EditKind, OpenForm};
use crate::domain::Risk;

fn risk_fields(r: &Risk) -> Vec<Field> {
    let status = if r.open { "open" } else { "closed" };
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
        Field::rating(field::LIKELIHOOD, "Likelihood", true, Some(r.likelihood)),
        Field::rating(field::IMPACT, "Impact 1-5", true, Some(r.impact)),
        Field::rating(
            field::TARGET_LIKELIHOOD,
            "Target L",
            false,
            r.target_likelihood,
        ),
        Field::rating(field::TARGET_IMPACT, "Target I", false, r.target_impact),
        Field::date(field::REVIEW_DATE, "Review", false, r.review_date),
    ]
}

pub fn edit_risk_form(r: &Risk) -> OpenForm {
    OpenForm {
        loaded: Vec::new(),
        form: Form::new(
            format!("Edit risk {} · {}", r.code, r.title),
            risk_fields(r),
        ),
        kind: EditKind::EditRisk(r.id),
        version: r.version,
    }
}

pub fn new_risk_form(project: Option<i64>) -> OpenForm {
    let blank = Risk {
        open: true,
        likelihood: 3,
        impact: 3,
        ..Risk::default()
    };
    let mut fields = vec![Field::line(field::CODE, "Code", true, "")];
    fields.extend(risk_fields(&blank));
    OpenForm {
        loaded: Vec::new(),
        form: Form::new("New risk", fields),
        kind: EditKind::NewRisk(project),
        version: 0,
    }
}

pub fn reassess_form(r: &Risk, settings: &crate::domain::Settings) -> OpenForm {
    let mut form = Form::new(
        format!("Re-assess {} · {}", r.code, r.title),
        vec![
            Field::rating(field::LIKELIHOOD, "Likelihood", true, Some(r.likelihood)),
            Field::rating(field::IMPACT, "Impact", true, Some(r.impact)),
            Field::long_text(field::NOTE, "Note", true, ""),
        ],
    );
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
    ];
    OpenForm {
        loaded: Vec::new(),
        form,
        kind: EditKind::Reassess(r.id),
        version: r.version,
    }
}
