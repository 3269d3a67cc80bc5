//! What each form field is bound to, and the type of its value. A field is built from its
//! key and read back through it: a key names a store column (`Column`) or something the form
//! uses itself (a reason, a setting, a month's count), and its type parameter says what the
//! value is (`Key<Date>` reads as `Option<NaiveDate>`, `Key<Money>` as pence). A field read
//! as the wrong type, or bound to a column that does not exist, does not compile.

use std::marker::PhantomData;

use chrono::NaiveDate;
use rusqlite::types::Value;

use crate::store::Column;

/// Where a field's value goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// A column of the row being edited or created.
    Column(Column),
    /// Why the change was made (kept in the audit trail, not a column).
    Reason,
    /// A re-assessment's note (kept with the assessment in the audit trail).
    Note,
    /// The code of the project a case is linked to (looked up when saved).
    LinkCode,
    /// The code of the project a recommendation or certification belongs to (looked up
    /// when saved; empty for none).
    ProjectCode,
    /// An assessment's date and result (a row of its own, not a column of the certification).
    AssessedOn,
    AssessmentResult,
    /// One of the shared settings, by the settings' own key.
    Setting(&'static str),
    /// A month's service-desk counts.
    Month,
    Organisation,
    OpenIncidents,
    OpenRequests,
    StopClock,
}

impl Slot {
    /// The name the store or the settings know it by (for messages and tests).
    pub fn name(self) -> &'static str {
        match self {
            Slot::Column(c) => c.sql(),
            Slot::Reason => "reason",
            Slot::Note => "note",
            Slot::LinkCode => "code",
            Slot::ProjectCode => "project_code",
            Slot::AssessedOn => "date",
            Slot::AssessmentResult => "result",
            Slot::Setting(key) => key,
            Slot::Month => "month",
            Slot::Organisation => "organisation",
            Slot::OpenIncidents => "open_incidents",
            Slot::OpenRequests => "open_requests",
            Slot::StopClock => "stop_clock",
        }
    }

    pub fn column(self) -> Option<Column> {
        match self {
            Slot::Column(c) => Some(c),
            _ => None,
        }
    }
}

/// What a field's text means.
pub trait FieldType {
    type Value;
    /// The value as the field's check left it (`Null` when empty and allowed).
    fn read(value: Option<&Value>) -> Self::Value;
}

/// Text (one line or long).
pub struct Text;
/// A date (`+2w`, `next fri`, `3/12` … read with today's date).
pub struct Date;
/// An amount of money, held in pence.
pub struct Money;
/// A whole-number percentage, 0 to 100.
pub struct Percent;
/// A 1-5 likelihood or impact.
pub struct Rating;
/// One of a fixed list.
pub struct Choice;
/// A whole number in a range (a setting, a count).
pub struct Whole;

fn text(value: Option<&Value>) -> String {
    match value {
        Some(Value::Text(t)) => t.clone(),
        _ => String::new(),
    }
}

fn integer(value: Option<&Value>) -> Option<i64> {
    match value {
        Some(Value::Integer(i)) => Some(*i),
        _ => None,
    }
}

impl FieldType for Text {
    type Value = String;
    fn read(value: Option<&Value>) -> String {
        text(value)
    }
}

impl FieldType for Choice {
    type Value = String;
    fn read(value: Option<&Value>) -> String {
        text(value)
    }
}

impl FieldType for Date {
    type Value = Option<NaiveDate>;
    fn read(value: Option<&Value>) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(&text(value), "%Y-%m-%d").ok()
    }
}

impl FieldType for Money {
    type Value = Option<i64>;
    fn read(value: Option<&Value>) -> Option<i64> {
        integer(value)
    }
}

impl FieldType for Percent {
    type Value = Option<i64>;
    fn read(value: Option<&Value>) -> Option<i64> {
        integer(value)
    }
}

impl FieldType for Rating {
    type Value = Option<u8>;
    fn read(value: Option<&Value>) -> Option<u8> {
        integer(value).and_then(|i| u8::try_from(i).ok())
    }
}

impl FieldType for Whole {
    type Value = Option<i64>;
    fn read(value: Option<&Value>) -> Option<i64> {
        integer(value)
    }
}

/// A field's binding and the type of its value.
pub struct Key<T> {
    pub slot: Slot,
    kind: PhantomData<fn() -> T>,
}

// Derived Clone/Copy would ask the same of `T`; a key is copyable whatever it reads.
impl<T> Clone for Key<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Key<T> {}

impl<T> Key<T> {
    pub const fn new(slot: Slot) -> Key<T> {
        Key {
            slot,
            kind: PhantomData,
        }
    }

    const fn column(column: Column) -> Key<T> {
        Key::new(Slot::Column(column))
    }
}

/// Every field any form has.
pub mod field {
    use super::*;

    pub const CODE: Key<Text> = Key::column(Column::Code);
    pub const NAME: Key<Text> = Key::column(Column::Name);
    pub const STAGE: Key<Choice> = Key::column(Column::Stage);
    pub const RAG: Key<Choice> = Key::column(Column::Rag);
    pub const RAG_REASON: Key<Text> = Key::column(Column::RagReason);
    pub const MANAGER: Key<Text> = Key::column(Column::Manager);
    pub const SPONSOR: Key<Text> = Key::column(Column::Sponsor);
    pub const START_DATE: Key<Date> = Key::column(Column::StartDate);
    pub const BASELINE_END: Key<Date> = Key::column(Column::BaselineEnd);
    pub const FORECAST_END: Key<Date> = Key::column(Column::ForecastEnd);
    pub const BUDGET_CAPITAL: Key<Money> = Key::column(Column::BudgetCapital);
    pub const BUDGET_REVENUE: Key<Money> = Key::column(Column::BudgetRevenue);
    pub const SPEND_TO_DATE: Key<Money> = Key::column(Column::SpendToDate);
    pub const PERCENT_COMPLETE: Key<Percent> = Key::column(Column::PercentComplete);
    pub const DESCRIPTION: Key<Text> = Key::column(Column::Description);
    /// A project's theme by name, and its organisations as `A; B` (as the import files
    /// name them); the store links them.
    pub const THEME: Key<Text> = Key::column(Column::Theme);
    pub const ORGANISATIONS: Key<Text> = Key::column(Column::Organisations);
    pub const BASELINE_DATE: Key<Date> = Key::column(Column::BaselineDate);
    pub const FORECAST_DATE: Key<Date> = Key::column(Column::ForecastDate);
    pub const ACTUAL_DATE: Key<Date> = Key::column(Column::ActualDate);
    pub const OWNER: Key<Text> = Key::column(Column::Owner);
    pub const NOTES: Key<Text> = Key::column(Column::Notes);
    pub const KIND: Key<Choice> = Key::column(Column::Kind);
    pub const TITLE: Key<Text> = Key::column(Column::Title);
    pub const CONSEQUENCE: Key<Text> = Key::column(Column::Consequence);
    pub const CONTROL: Key<Text> = Key::column(Column::Control);
    pub const STATUS: Key<Choice> = Key::column(Column::Status);
    pub const LIKELIHOOD: Key<Rating> = Key::column(Column::Likelihood);
    pub const IMPACT: Key<Rating> = Key::column(Column::Impact);
    pub const TARGET_LIKELIHOOD: Key<Rating> = Key::column(Column::TargetLikelihood);
    pub const TARGET_IMPACT: Key<Rating> = Key::column(Column::TargetImpact);
    pub const REVIEW_DATE: Key<Date> = Key::column(Column::ReviewDate);

    pub const AUDIT: Key<Text> = Key::column(Column::Audit);
    pub const AUDIT_DATE: Key<Date> = Key::column(Column::AuditDate);
    pub const AUDITOR: Key<Text> = Key::column(Column::Auditor);
    pub const ASSURANCE: Key<Choice> = Key::column(Column::AssuranceLevel);
    pub const RECOMMENDATION: Key<Text> = Key::column(Column::RecommendationText);
    pub const PRIORITY: Key<Choice> = Key::column(Column::Priority);
    pub const ACTION: Key<Text> = Key::column(Column::Action);
    pub const DUE_DATE: Key<Date> = Key::column(Column::DueDate);
    pub const REVISED_DUE_DATE: Key<Date> = Key::column(Column::RevisedDueDate);
    pub const IMPLEMENTED_DATE: Key<Date> = Key::column(Column::ImplementedDate);
    pub const EVIDENCE: Key<Text> = Key::column(Column::Evidence);
    pub const BODY: Key<Text> = Key::column(Column::Body);
    pub const SCOPE: Key<Text> = Key::column(Column::Scope);
    pub const CERTIFIED_ON: Key<Date> = Key::column(Column::CertifiedOn);
    pub const EXPIRES_ON: Key<Date> = Key::column(Column::ExpiresOn);
    pub const FREQUENCY: Key<Choice> = Key::column(Column::Frequency);
    pub const PROJECT_CODE: Key<Text> = Key::new(Slot::ProjectCode);
    pub const ASSESSED_ON: Key<Date> = Key::new(Slot::AssessedOn);
    pub const RESULT: Key<Choice> = Key::new(Slot::AssessmentResult);

    pub const REASON: Key<Text> = Key::new(Slot::Reason);
    pub const NOTE: Key<Text> = Key::new(Slot::Note);
    pub const LINK_CODE: Key<Text> = Key::new(Slot::LinkCode);

    pub const RAG_SCALE: Key<Choice> = Key::new(Slot::Setting("rag_scale"));
    pub const STALE_AFTER_DAYS: Key<Whole> = Key::new(Slot::Setting("stale_after_days"));
    pub const SCHEDULE_TOLERANCE_DAYS: Key<Whole> =
        Key::new(Slot::Setting("schedule_tolerance_days"));
    pub const DUE_SOON_DAYS: Key<Whole> = Key::new(Slot::Setting("due_soon_days"));
    pub const RISK_LOW_MAX: Key<Whole> = Key::new(Slot::Setting("risk_low_max"));
    pub const RISK_MEDIUM_MAX: Key<Whole> = Key::new(Slot::Setting("risk_medium_max"));
    pub const RISK_HIGH_MAX: Key<Whole> = Key::new(Slot::Setting("risk_high_max"));
    pub const RISK_APPETITE: Key<Whole> = Key::new(Slot::Setting("risk_appetite"));

    pub const MONTH: Key<Text> = Key::new(Slot::Month);
    pub const ORGANISATION: Key<Choice> = Key::new(Slot::Organisation);
    pub const OPEN_INCIDENTS: Key<Whole> = Key::new(Slot::OpenIncidents);
    pub const OPEN_REQUESTS: Key<Whole> = Key::new(Slot::OpenRequests);
    pub const STOP_CLOCK: Key<Whole> = Key::new(Slot::StopClock);
}

/// A form's values, each under its field's slot, as checked by the form.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Values(pub Vec<(Slot, Value)>);

impl Values {
    pub fn get<T: FieldType>(&self, key: Key<T>) -> T::Value {
        T::read(self.raw(key.slot))
    }

    pub fn raw(&self, slot: Slot) -> Option<&Value> {
        self.0.iter().find(|(s, _)| *s == slot).map(|(_, v)| v)
    }

    /// Set (or replace) a column's value.
    pub fn set(&mut self, column: Column, value: Value) {
        self.0.retain(|(s, _)| *s != Slot::Column(column));
        self.0.push((Slot::Column(column), value));
    }

    /// The values bound to store columns, by the table's column names (what the store's
    /// edits and inserts take); a reason, a note or a setting is not among them.
    pub fn columns(&self) -> Vec<(&'static str, Value)> {
        self.0
            .iter()
            .filter_map(|(slot, v)| slot.column().map(|c| (c.sql(), v.clone())))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every setting a form offers is one the settings accept.
    #[test]
    fn every_setting_key_is_a_setting() {
        let keys = [
            field::RAG_SCALE.slot,
            field::STALE_AFTER_DAYS.slot,
            field::SCHEDULE_TOLERANCE_DAYS.slot,
            field::DUE_SOON_DAYS.slot,
            field::RISK_LOW_MAX.slot,
            field::RISK_MEDIUM_MAX.slot,
            field::RISK_HIGH_MAX.slot,
            field::RISK_APPETITE.slot,
        ];
        for slot in keys {
            let Slot::Setting(key) = slot else {
                panic!("{slot:?} is not a setting");
            };
            let mut settings = crate::domain::Settings::default();
            assert!(settings.apply(key, "5").is_ok(), "{key}");
        }
    }

    #[test]
    fn values_read_as_their_key_says_and_only_columns_reach_the_store() {
        let values = Values(vec![
            (
                Slot::Column(Column::ForecastDate),
                Value::Text("2026-12-04".into()),
            ),
            (Slot::Column(Column::BudgetCapital), Value::Integer(125_000)),
            (Slot::Reason, Value::Text("supplier late".into())),
        ]);
        assert_eq!(
            values.get(field::FORECAST_DATE),
            NaiveDate::from_ymd_opt(2026, 12, 4)
        );
        assert_eq!(values.get(field::BUDGET_CAPITAL), Some(125_000));
        assert_eq!(values.get(field::REASON), "supplier late");
        assert_eq!(values.get(field::ACTUAL_DATE), None);
        assert_eq!(
            values.columns(),
            vec![
                ("forecast_date", Value::Text("2026-12-04".into())),
                ("budget_capital", Value::Integer(125_000)),
            ]
        );
    }
}
