//! Pieces several forms share: how a stored date or amount is shown in a field, the stages,
//! the reason field.

use super::widget::{Field, FieldKind};
use crate::domain::Stage;
use crate::domain::dates::iso;
use crate::domain::money::format_plain;
use chrono::NaiveDate;

pub fn date_text(d: Option<NaiveDate>) -> String {
    d.map(iso).unwrap_or_default()
}

pub fn money_text(p: Option<i64>) -> String {
    p.map(format_plain).unwrap_or_default()
}

pub fn stages() -> Vec<String> {
    Stage::ALL.iter().map(|s| s.as_str().to_string()).collect()
}

pub fn reason_field() -> Field {
    Field::new(
        "reason",
        "Reason",
        FieldKind::LongText { required: false },
        "",
    )
}
