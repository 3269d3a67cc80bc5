//! Pieces several forms share: the stages, the reason field.

use super::keys::field;
use super::widget::Field;
use crate::domain::Stage;

pub fn stages() -> Vec<String> {
    Stage::ALL.iter().map(|s| s.as_str().to_string()).collect()
}

pub fn reason_field() -> Field {
    Field::long_text(field::REASON, "Reason", false, "")
}
