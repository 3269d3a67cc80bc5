//! The shared settings form (RAG scale, tolerances, risk bands), and the write it becomes.

use super::keys::{Key, Slot, Values, Whole, field};
use super::widget::{Field, Form};
use super::{EditKind, OpenForm};
use crate::domain::Settings;
use crate::tui::app::Write;

/// A whole-number setting the form offers: its key, label, the range `workplan settings set`
/// accepts (0 only where it means something), and its value now.
struct Number {
    key: Key<Whole>,
    label: &'static str,
    range: (i64, i64),
    now: fn(&Settings) -> i64,
}

const NUMBERS: [Number; 7] = [
    Number {
        key: field::STALE_AFTER_DAYS,
        label: "Stale after",
        range: (1, 3650),
        now: |s| s.stale_after_days,
    },
    Number {
        key: field::SCHEDULE_TOLERANCE_DAYS,
        label: "Tolerance days",
        range: (0, 3650),
        now: |s| s.schedule_tolerance_days,
    },
    Number {
        key: field::DUE_SOON_DAYS,
        label: "Due soon days",
        range: (1, 3650),
        now: |s| s.due_soon_days,
    },
    Number {
        key: field::RISK_LOW_MAX,
        label: "Low up to",
        range: (1, 25),
        now: |s| i64::from(s.risk_low_max),
    },
    Number {
        key: field::RISK_MEDIUM_MAX,
        label: "Medium up to",
        range: (1, 25),
        now: |s| i64::from(s.risk_medium_max),
    },
    Number {
        key: field::RISK_HIGH_MAX,
        label: "High up to",
        range: (1, 25),
        now: |s| i64::from(s.risk_high_max),
    },
    Number {
        key: field::RISK_APPETITE,
        label: "Appetite",
        range: (1, 25),
        now: |s| i64::from(s.risk_appetite),
    },
];

pub fn settings_form(s: &Settings) -> OpenForm {
    let mut fields = vec![Field::choice(
        field::RAG_SCALE,
        "RAG scale",
        vec!["3".into(), "5".into()],
        &s.rag_scale.points().to_string(),
    )];
    fields.extend(NUMBERS.iter().map(|n| {
        let (min, max) = n.range;
        Field::whole(n.key, n.label, (min, Some(max)), Some((n.now)(s)))
    }));
    let mut form = Form::new("Settings shared by everyone using this work plan", fields);
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

/// Check the settings form: risk bands that rise (each number's range was checked by its
/// field). The write carries only the form's keys, so settings it does not show are left
/// as they are.
pub fn settings_from(form: &mut Form, values: &Values) -> Option<Write> {
    let mut pairs = vec![("rag_scale", values.get(field::RAG_SCALE))];
    for Number { key, .. } in NUMBERS {
        if let (Slot::Setting(name), Some(n)) = (key.slot, values.get(key)) {
            pairs.push((name, n.to_string()));
        }
    }
    let band = |key: Key<Whole>| values.get(key).unwrap_or(0);
    if !(band(field::RISK_LOW_MAX) < band(field::RISK_MEDIUM_MAX)
        && band(field::RISK_MEDIUM_MAX) < band(field::RISK_HIGH_MAX)
        && band(field::RISK_HIGH_MAX) < 25)
    {
        form.fail(
            field::RISK_MEDIUM_MAX,
            "bands must rise: low < medium < high < 25",
        );
        return None;
    }
    Some(Write::Settings(pairs))
}
