//! The risk forms: edit, add, re-assess.

use super::widget::{Field, FieldKind, Form};
use super::{EditKind, OpenForm};
use crate::domain::Risk;

use super::fields::*;

fn risk_fields(r: &Risk) -> Vec<Field> {
    let rating = |v: Option<u8>| v.map(|x| x.to_string()).unwrap_or_default();
    vec![
        Field::new(
            "title",
            "Risk",
            FieldKind::Text { required: true },
            &r.title,
        ),
        Field::new(
            "consequence",
            "Impact",
            FieldKind::LongText { required: false },
            &r.consequence,
        ),
        Field::new(
            "control",
            "Control",
            FieldKind::LongText { required: false },
            &r.control,
        ),
        Field::new(
            "owner",
            "Owner",
            FieldKind::Text { required: false },
            &r.owner,
        ),
        Field::new(
            "kind",
            "Kind",
            FieldKind::Choice(vec!["risk".into(), "issue".into()]),
            r.kind.as_str(),
        ),
        Field::new(
            "status",
            "Status",
            FieldKind::Choice(vec!["open".into(), "closed".into()]),
            if r.open { "open" } else { "closed" },
        ),
        Field::new(
            "likelihood",
            "Likelihood",
            FieldKind::Rating { required: true },
            &rating(Some(r.likelihood)),
        ),
        Field::new(
            "impact",
            "Impact 1-5",
            FieldKind::Rating { required: true },
            &rating(Some(r.impact)),
        ),
        Field::new(
            "target_likelihood",
            "Target L",
            FieldKind::Rating { required: false },
            &rating(r.target_likelihood),
        ),
        Field::new(
            "target_impact",
            "Target I",
            FieldKind::Rating { required: false },
            &rating(r.target_impact),
        ),
        Field::new(
            "review_date",
            "Review",
            FieldKind::Date { required: false },
            &date_text(r.review_date),
        ),
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
    let mut fields = vec![Field::new(
        "code",
        "Code",
        FieldKind::Text { required: true },
        "",
    )];
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
            Field::new(
                "likelihood",
                "Likelihood",
                FieldKind::Rating { required: true },
                &r.likelihood.to_string(),
            ),
            Field::new(
                "impact",
                "Impact",
                FieldKind::Rating { required: true },
                &r.impact.to_string(),
            ),
            Field::new("note", "Note", FieldKind::LongText { required: true }, ""),
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
