//! What a person reads for an audit row (and any stored field and value): `forecast_date` is
//! "forecast", `amber-red` is "Amber/Red", `in-delivery` is "Live" (as the portfolio table
//! says), `2027-01-06` is "06 Jan 2027". A field or value it does not know passes through as
//! stored: it never guesses. Depends on the domain and the store's row only, so any view,
//! overlay or status message may use it.

use crate::domain::text::sanitize;
use crate::domain::{Rag, Stage, dates, money};
use crate::store::AuditEntry;

/// A stored column (or audit field) as a person names it, lower case where the words are:
/// `forecast_date` → "forecast", `last_reviewed_at` → "reviewed", `rag` → "RAG". Unknown
/// names come back as they are.
pub fn field_label(field: &str) -> &str {
    match field {
        "code" => "code",
        "project_id" => "project",
        "name" => "name",
        "stage" => "stage",
        "rag" => "RAG",
        "rag_reason" => "RAG reason",
        "manager" => "manager",
        "sponsor" => "sponsor",
        "start_date" => "start",
        "baseline_end" => "baseline end",
        "forecast_end" => "forecast end",
        "budget_capital" => "capital budget",
        "budget_revenue" => "revenue budget",
        "spend_to_date" => "spend to date",
        "percent_complete" => "% complete",
        "description" => "description",
        "last_reviewed_at" => "reviewed",
        "archived" => "archived",
        "baseline_date" => "baseline",
        "forecast_date" => "forecast",
        "actual_date" => "done on",
        "owner" => "owner",
        "notes" => "notes",
        "kind" => "kind",
        "title" => "title",
        "consequence" => "consequence",
        "control" => "control",
        "status" => "status",
        "likelihood" => "likelihood",
        "impact" => "impact",
        "inherent_likelihood" => "inherent likelihood",
        "inherent_impact" => "inherent impact",
        "target_likelihood" => "target likelihood",
        "target_impact" => "target impact",
        "review_date" => "review date",
        "audit" => "audit",
        "audit_date" => "audit date",
        "auditor" => "auditor",
        "assurance" => "assurance",
        "recommendation" => "recommendation",
        "priority" => "priority",
        "action" => "action",
        "due_date" => "due date",
        "revised_due_date" => "revised due date",
        "implemented_date" => "implemented on",
        "evidence" => "evidence",
        "body" => "body",
        "scope" => "scope",
        "certified_on" => "certified on",
        "expires_on" => "expires on",
        "frequency" => "frequency",
        "theme" => "theme",
        "organisations" => "organisations",
        "created" => "created",
        other => other,
    }
}

/// The label with its first letter capitalised, for a heading: "Forecast", "RAG reason".
pub fn field_heading(field: &str) -> String {
    let label = field_label(field);
    let mut chars = label.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A stored value of `field` as the rest of the app shows it: a RAG or stage by its label,
/// money in pounds, a date or time in UK words. Anything else is returned as stored (not yet
/// made safe to draw: see [`shown_value`]).
pub fn value_label(field: &str, value: &str) -> String {
    match field {
        "rag" => {
            if let Ok(rag) = value.parse::<Rag>() {
                return rag.label().to_string();
            }
        }
        "stage" => {
            if let Ok(stage) = value.parse::<Stage>() {
                return stage.short().to_string();
            }
        }
        "archived" => match value {
            "0" => return "no".to_string(),
            "1" => return "yes".to_string(),
            _ => {}
        },
        "budget_capital" | "budget_revenue" | "spend_to_date" => {
            if let Ok(pence) = value.parse::<i64>() {
                return money::format_pounds(pence);
            }
        }
        "percent_complete" => {
            if let Ok(p) = value.parse::<i64>() {
                return format!("{p}%");
            }
        }
        _ => {}
    }
    date_label(value).unwrap_or_else(|| value.to_string())
}

/// An ISO date (`2027-01-06` → "06 Jan 2027") or date-time as the store writes it
/// (`2027-01-06T09:05:00` → "06 Jan 2027 09:05"); None for anything else.
pub fn date_label(value: &str) -> Option<String> {
    if let Some(date) = dates::parse_iso_date(value) {
        return Some(dates::display(date));
    }
    dates::parse_iso_seconds(value).map(dates::display_time)
}

/// [`value_label`], its control characters neutralised for drawing.
pub fn shown_value(field: &str, value: &str) -> String {
    sanitize(&value_label(field, value)).into_owned()
}

/// An audit row's change as the history views show it: `old → new`, the new value alone for a
/// creation, `old → (none)` for a cleared value; each value by its label.
pub fn change_text(a: &AuditEntry) -> String {
    let shown = |v: &str| shown_value(&a.field, v);
    match (&a.old_value, &a.new_value) {
        (Some(old), Some(new)) => format!("{} → {}", shown(old), shown(new)),
        (None, Some(new)) => shown(new),
        (Some(old), None) => format!("{} → (none)", shown(old)),
        (None, None) => String::new(),
    }
}

/// What an audit row is about, as a person names it: "RAG" for a project's own field (its
/// code is shown beside it), "milestone Go-live · forecast" for a milestone's (named when the
/// store could find it), "settings rag_scale" for anything else.
pub fn what_text(a: &AuditEntry) -> String {
    let field = sanitize(field_label(&a.field)).into_owned();
    let entity = sanitize(&a.entity).into_owned();
    if a.entity == "project" {
        return field;
    }
    if a.subject.trim().is_empty() {
        format!("{entity} {field}")
    } else {
        format!("{entity} {} · {field}", sanitize(a.subject.trim()))
    }
}

/// Room for a change on a wide screen: two UK dates and the arrow.
pub const CHANGE_WIDTH: u16 = 26;

/// Room kept for the reason before "What" grows: a reason says why, and is read.
pub const REASON_WIDTH: u16 = 28;

/// How wide a history table's "What" column is: its widest text, at least `least`, at most
/// `room` (what the other columns leave at their least, so the change still fits beside it).
pub fn what_width(whats: &[String], least: u16, room: u16) -> u16 {
    let widest = whats
        .iter()
        .map(|w| crate::domain::text::width(w))
        .max()
        .unwrap_or(0);
    let most = room.max(least);
    u16::try_from(widest).unwrap_or(u16::MAX).clamp(least, most)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Column;

    fn entry(entity: &str, subject: &str, field: &str, old: &str, new: &str) -> AuditEntry {
        AuditEntry {
            id: 1,
            project_code: "ICT-1".into(),
            at: chrono::NaiveDate::from_ymd_opt(2026, 11, 22)
                .and_then(|d| d.and_hms_opt(9, 5, 0))
                .unwrap(),
            user: "ann".into(),
            entity: entity.into(),
            entity_id: 1,
            field: field.into(),
            old_value: Some(old.into()),
            new_value: Some(new.into()),
            reason: String::new(),
            subject: subject.into(),
        }
    }

    #[test]
    fn the_what_column_fits_its_text_within_limits() {
        let whats = vec![
            "RAG".to_string(),
            "milestone Go-live · forecast".to_string(),
        ];
        assert_eq!(what_width(&whats, 14, 120), 28);
        assert_eq!(what_width(&whats, 14, 20), 20, "at most the room left");
        assert_eq!(what_width(&whats, 14, 5), 14, "never below the least");
        assert_eq!(what_width(&[], 14, 120), 14);
    }

    #[test]
    fn fields_read_as_labels() {
        assert_eq!(field_label("forecast_date"), "forecast");
        assert_eq!(field_label("last_reviewed_at"), "reviewed");
        assert_eq!(field_label("rag"), "RAG");
        assert_eq!(field_label("rag_reason"), "RAG reason");
        assert_eq!(field_heading("forecast_date"), "Forecast");
        assert_eq!(field_heading("rag_reason"), "RAG reason");
    }

    /// Every column a form can write has a label of its own (a new column needs one).
    #[test]
    fn every_column_has_a_label() {
        for column in Column::ALL {
            let sql = column.sql();
            assert!(
                !sql.contains('_') || field_label(sql) != sql,
                "{sql} has no label"
            );
        }
    }

    #[test]
    fn values_read_as_labels_and_uk_dates() {
        assert_eq!(value_label("rag", "amber-red"), "Amber/Red");
        assert_eq!(value_label("rag", "red"), "Red");
        assert_eq!(value_label("stage", "in-delivery"), "Live");
        assert_eq!(value_label("stage", "on-hold"), "On hold");
        assert_eq!(value_label("forecast_date", "2027-01-06"), "06 Jan 2027");
        assert_eq!(
            value_label("last_reviewed_at", "2027-01-06T09:05:00"),
            "06 Jan 2027 09:05"
        );
        assert_eq!(value_label("budget_capital", "1234500"), "£12,345");
        assert_eq!(value_label("archived", "1"), "yes");
    }

    #[test]
    fn unknown_fields_and_values_pass_through() {
        assert_eq!(field_label("rag_scale"), "rag_scale");
        assert_eq!(value_label("rag", "purple"), "purple");
        assert_eq!(value_label("stage", "somewhere"), "somewhere");
        assert_eq!(
            value_label("notes", "amber-red"),
            "amber-red",
            "not a RAG field"
        );
        assert_eq!(value_label("notes", "2027-13-45"), "2027-13-45");
        assert_eq!(value_label("owner", "Ann"), "Ann");
    }

    #[test]
    fn an_audit_row_names_what_it_is_about() {
        let moved = entry(
            "milestone",
            "Go-live",
            "forecast_date",
            "2027-01-06",
            "2027-01-20",
        );
        assert_eq!(what_text(&moved), "milestone Go-live · forecast");
        assert_eq!(change_text(&moved), "06 Jan 2027 → 20 Jan 2027");
        let rag = entry("project", "", "rag", "red", "amber-red");
        assert_eq!(what_text(&rag), "RAG");
        assert_eq!(change_text(&rag), "Red → Amber/Red");
        let unnamed = entry("milestone", "", "forecast_date", "2027-01-06", "2027-01-20");
        assert_eq!(what_text(&unnamed), "milestone forecast");
        let odd = entry("settings", "", "rag_scale", "3", "5");
        assert_eq!(what_text(&odd), "settings rag_scale");
        assert_eq!(change_text(&odd), "3 → 5");
    }
}
