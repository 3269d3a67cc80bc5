//! Pieces several forms share: how a stored date or amount is shown in a field, the stages,
//! the reason field.

use super::widget::{Field, FieldKind};
use crate::domain::Stage;
use crate::domain::dates::iso;
use crate::domain::money::format_plain;
use chrono::NaiveDate;
use rusqlite::types::Value;

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

pub fn get<'a>(values: &'a [(&'static str, Value)], name: &str) -> Option<&'a Value> {
    values.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
}

pub fn text_of(values: &[(&'static str, Value)], name: &str) -> String {
    match get(values, name) {
        Some(Value::Text(t)) => t.clone(),
        _ => String::new(),
    }
}

pub fn date_of(values: &[(&'static str, Value)], name: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&text_of(values, name), "%Y-%m-%d").ok()
}
