//! The shared settings form (RAG scale, tolerances, risk bands), and the write it becomes.

use super::fields::text_of;
use super::widget::{Field, FieldKind, Form};
use super::{EditKind, OpenForm};
use crate::tui::app::Write;
use rusqlite::types::Value;

pub fn settings_form(s: &crate::domain::Settings) -> OpenForm {
    let number = |name, label, value: i64| {
        Field::new(
            name,
            label,
            FieldKind::Text { required: true },
            &value.to_string(),
        )
    };
    let mut form = Form::new(
        "Settings shared by everyone using this work plan",
        vec![
            Field::new(
                "rag_scale",
                "RAG scale",
                FieldKind::Choice(vec!["3".into(), "5".into()]),
                &s.rag_scale.points().to_string(),
            ),
            number("stale_after_days", "Stale after", s.stale_after_days),
            number(
                "schedule_tolerance_days",
                "Tolerance days",
                s.schedule_tolerance_days,
            ),
            number("due_soon_days", "Due soon days", s.due_soon_days),
            number("risk_low_max", "Low up to", i64::from(s.risk_low_max)),
            number(
                "risk_medium_max",
                "Medium up to",
                i64::from(s.risk_medium_max),
            ),
            number("risk_high_max", "High up to", i64::from(s.risk_high_max)),
            number("risk_appetite", "Appetite", i64::from(s.risk_appetite)),
        ],
    );
    form.help = vec![
        "Risk scores are likelihood × impact (1-25). Bands: low up to the first number, medium"
            .into(),
        "up to the second, high up to the third, very high above; above appetite is flagged."
            .into(),
    ];
    OpenForm {
        loaded: Vec::new(),
        form,
        kind: EditKind::Settings,
        version: 0,
    }
}

/// Check the settings form: whole numbers in range, and risk bands that rise. The write
/// carries only the form's keys, so settings it does not show are left as they are.
pub fn settings_from(form: &mut Form, values: &[(&'static str, Value)]) -> Option<Write> {
    // The same ranges `workplan settings set` accepts: 0 only where it means something.
    let limits: [(&'static str, i64, i64); 7] = [
        ("stale_after_days", 1, 3650),
        ("schedule_tolerance_days", 0, 3650),
        ("due_soon_days", 1, 3650),
        ("risk_low_max", 1, 25),
        ("risk_medium_max", 1, 25),
        ("risk_high_max", 1, 25),
        ("risk_appetite", 1, 25),
    ];
    let mut pairs = vec![("rag_scale", text_of(values, "rag_scale"))];
    let mut numbers = std::collections::HashMap::new();
    for (name, min, max) in limits {
        let text = text_of(values, name);
        match text.trim().parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => {
                numbers.insert(name, n);
                pairs.push((name, n.to_string()));
            }
            _ => form.fail(
                name,
                format!("'{text}' is not a whole number from {min} to {max}"),
            ),
        }
    }
    if form.has_errors() {
        return None;
    }
    let band = |k: &str| numbers.get(k).copied().unwrap_or(0);
    if !(band("risk_low_max") < band("risk_medium_max")
        && band("risk_medium_max") < band("risk_high_max")
        && band("risk_high_max") < 25)
    {
        form.fail(
            "risk_medium_max",
            "bands must rise: low < medium < high < 25",
        );
        return None;
    }
    Some(Write::Settings(pairs))
}
