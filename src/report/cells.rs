//! The small pieces every report section builds its tables and sentences from.

use chrono::NaiveDate;

use super::Cell;
use crate::domain::dates::display;

pub(super) fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

pub(super) fn number(n: impl ToString) -> Cell {
    Cell::Number(n.to_string())
}

pub(super) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub(super) fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(display).unwrap_or_else(|| "—".into())
}
