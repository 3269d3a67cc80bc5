//! One reusable form for every edit: fields of a few kinds, focus with Tab, validation with
//! inline errors, Enter to save, Esc to cancel (asking first when something was changed), and
//! `Ctrl-e` to write long text in `$EDITOR`. Each field is built from a typed key (`keys`);
//! what a save does is its `EditKind`'s (`submit`).

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea};
use rusqlite::types::Value;

use crate::domain::dates::{display, parse_form_date_from};
use crate::domain::money::{format_pounds, parse_optional_pence};

use super::keys::{Choice, Date, Key, Money, Percent, Rating, Slot, Text, Values, Whole};

#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    Text {
        required: bool,
    },
    /// Free text that may run long; `Ctrl-e` opens it in `$EDITOR`.
    LongText {
        required: bool,
    },
    Date {
        required: bool,
    },
    Money,
    Percent,
    /// One of a fixed list (shown with ←/→).
    Choice(Vec<String>),
    /// A 1-5 likelihood or impact.
    Rating {
        required: bool,
    },
    /// A whole number from `min` to `max` (no upper limit when `None`); always required.
    Whole {
        min: i64,
        max: Option<i64>,
    },
}

pub struct Field {
    /// Where the value goes: a store column, or something the form uses itself.
    pub slot: Slot,
    pub label: &'static str,
    pub kind: FieldKind,
    pub input: TextArea<'static>,
    pub choice: usize,
    pub error: Option<String>,
    initial: String,
    /// The date being moved and what it is (`forecast`): a date's offsets (`+2w`) count from
    /// it while it is still ahead (two weeks later than planned), and the preview says when
    /// the new date is earlier than it.
    base: Option<(NaiveDate, &'static str)>,
    /// Shown dimmed while the field is empty (`1–5`).
    hint: Option<&'static str>,
}

impl Field {
    /// One line of text.
    pub fn line(key: Key<Text>, label: &'static str, required: bool, value: &str) -> Field {
        Field::new(key.slot, label, FieldKind::Text { required }, value)
    }

    /// Text that may run long (`Ctrl-e` opens it in `$EDITOR`).
    pub fn long_text(key: Key<Text>, label: &'static str, required: bool, value: &str) -> Field {
        Field::new(key.slot, label, FieldKind::LongText { required }, value)
    }

    /// A date, shown as the app shows dates (`06 Jan 2027`), which the form reads back.
    pub fn date(
        key: Key<Date>,
        label: &'static str,
        required: bool,
        value: Option<NaiveDate>,
    ) -> Field {
        let text = value.map(crate::domain::dates::display).unwrap_or_default();
        Field::new(key.slot, label, FieldKind::Date { required }, &text)
    }

    /// An amount in pounds (held in pence).
    pub fn money(key: Key<Money>, label: &'static str, pence: Option<i64>) -> Field {
        let text = pence
            .map(crate::domain::money::format_plain)
            .unwrap_or_default();
        Field::new(key.slot, label, FieldKind::Money, &text)
    }

    pub fn percent(key: Key<Percent>, label: &'static str, value: Option<u8>) -> Field {
        let text = value.map(|p| p.to_string()).unwrap_or_default();
        Field::new(key.slot, label, FieldKind::Percent, &text)
    }

    pub fn rating(
        key: Key<Rating>,
        label: &'static str,
        required: bool,
        value: Option<u8>,
    ) -> Field {
        let text = value.map(|r| r.to_string()).unwrap_or_default();
        Field::new(key.slot, label, FieldKind::Rating { required }, &text)
    }

    pub fn choice(
        key: Key<Choice>,
        label: &'static str,
        options: Vec<String>,
        value: &str,
    ) -> Field {
        Field::new(key.slot, label, FieldKind::Choice(options), value)
    }

    /// A whole number from `min` (to `max`, if given); empty when `value` is `None`.
    pub fn whole(
        key: Key<Whole>,
        label: &'static str,
        (min, max): (i64, Option<i64>),
        value: Option<i64>,
    ) -> Field {
        let text = value.map(|v| v.to_string()).unwrap_or_default();
        Field::new(key.slot, label, FieldKind::Whole { min, max }, &text)
    }

    /// Start with this text instead of the value (a date field that says `today`).
    pub fn starting_as(mut self, text: &str) -> Field {
        self.set_text(text);
        self.initial = self.text();
        self
    }

    pub(super) fn new(slot: Slot, label: &'static str, kind: FieldKind, value: &str) -> Field {
        let choice = match &kind {
            FieldKind::Choice(options) => options.iter().position(|o| o == value).unwrap_or(0),
            _ => 0,
        };
        let mut input = TextArea::new(vec![value.replace(['\n', '\r'], " ")]);
        input.move_cursor(CursorMove::End);
        input.set_cursor_line_style(ratatui::style::Style::new());
        let mut field = Field {
            slot,
            label,
            kind,
            input,
            choice,
            error: None,
            initial: String::new(),
            base: None,
            hint: None,
        };
        field.initial = field.text();
        field
    }

    /// A date field that moves `base` (the `what`: "forecast", "due date"): its offsets
    /// (`+2w`, `-3d`) count from `base` instead of today while `base` is still ahead (a date
    /// already passed is moved from today), and its preview says when the new date is earlier
    /// than `base`.
    pub fn counting_from(mut self, base: Option<NaiveDate>, what: &'static str) -> Field {
        self.base = base.map(|b| (b, what));
        self
    }

    /// Show `hint` (dimmed) while the field is empty.
    pub fn hinted(mut self, hint: &'static str) -> Field {
        self.hint = Some(hint);
        show_hint(&mut self.input, hint);
        self
    }

    /// The hint shown while the field is empty.
    pub fn hint(&self) -> Option<&'static str> {
        self.hint.filter(|_| self.text().is_empty())
    }

    /// What the field holds now, as text.
    pub fn text(&self) -> String {
        match &self.kind {
            FieldKind::Choice(options) => options.get(self.choice).cloned().unwrap_or_default(),
            _ => self.input.lines().first().cloned().unwrap_or_default(),
        }
    }

    pub fn set_text(&mut self, text: &str) {
        let mut input = TextArea::new(vec![text.replace(['\n', '\r'], " ")]);
        input.move_cursor(CursorMove::End);
        input.set_cursor_line_style(ratatui::style::Style::new());
        if let Some(hint) = self.hint {
            show_hint(&mut input, hint);
        }
        self.input = input;
    }

    pub fn is_dirty(&self) -> bool {
        self.text() != self.initial
    }

    pub fn changed(&self) -> bool {
        self.is_dirty()
    }

    /// The stored value this field's text means, or why it cannot be read.
    pub fn value(&self, today: NaiveDate) -> Result<Value, String> {
        let text = self.text();
        let trimmed = text.trim();
        match &self.kind {
            FieldKind::Text { required } | FieldKind::LongText { required } => {
                if *required && trimmed.is_empty() {
                    Err("required".to_string())
                } else {
                    Ok(Value::Text(trimmed.to_string()))
                }
            }
            FieldKind::Date { required } => {
                if trimmed.is_empty() {
                    return if *required {
                        Err("a date is required".to_string())
                    } else {
                        Ok(Value::Null)
                    };
                }
                let base = self.base.map_or(today, |(b, _)| b.max(today));
                parse_form_date_from(trimmed, today, base)
                    .map(|d| Value::Text(crate::domain::dates::iso(d)))
                    .map_err(|e| e.to_string())
            }
            FieldKind::Money => match parse_optional_pence(trimmed) {
                Ok(Some(p)) => Ok(Value::Integer(p)),
                Ok(None) => Ok(Value::Null),
                Err(e) => Err(e.to_string()),
            },
            FieldKind::Percent => {
                if trimmed.is_empty() {
                    return Ok(Value::Null);
                }
                match trimmed.trim_end_matches('%').trim().parse::<i64>() {
                    Ok(p @ 0..=100) => Ok(Value::Integer(p)),
                    Ok(_) => Err(format!("'{trimmed}' is over 100 or below 0")),
                    Err(_) => Err(format!("'{trimmed}' is not a whole-number percentage")),
                }
            }
            FieldKind::Choice(_) => Ok(Value::Text(text)),
            FieldKind::Rating { required } => match trimmed.parse::<i64>() {
                _ if trimmed.is_empty() && !required => Ok(Value::Null),
                _ if trimmed.is_empty() => Err("required: a rating from 1 to 5".to_string()),
                Ok(r @ 1..=5) => Ok(Value::Integer(r)),
                _ => Err(format!("'{trimmed}' is not a rating from 1 to 5")),
            },
            FieldKind::Whole { min, max } => match trimmed.parse::<i64>() {
                Ok(n) if n >= *min && max.is_none_or(|max| n <= max) => Ok(Value::Integer(n)),
                _ => Err(match max {
                    Some(max) => format!("'{text}' is not a whole number from {min} to {max}"),
                    None if *min == 0 => format!("'{text}' is not a whole number of zero or more"),
                    None => format!("'{text}' is not a whole number of {min} or more"),
                }),
            },
        }
    }

    /// What the app understood, shown beside the input before saving.
    pub fn preview(&self, today: NaiveDate) -> Option<String> {
        let text = self.text();
        if text.trim().is_empty() {
            return None;
        }
        match (&self.kind, self.value(today)) {
            (FieldKind::Date { .. }, Ok(Value::Text(iso))) => {
                NaiveDate::parse_from_str(&iso, "%Y-%m-%d").ok().map(|d| {
                    let earlier = match self.base {
                        Some((base, what)) if d < base => {
                            format!(" · earlier than the current {what} {}", display(base))
                        }
                        _ => String::new(),
                    };
                    format!("{} ({}){earlier}", display(d), d.format("%A"))
                })
            }
            (FieldKind::Money, Ok(Value::Integer(p))) => Some(format_pounds(p)),
            _ => None,
        }
    }
}

/// An empty input shows `hint`, dimmed (a modifier, not a colour: it reads with `NO_COLOR`).
fn show_hint(input: &mut TextArea<'static>, hint: &'static str) {
    input.set_placeholder_text(hint);
    input.set_placeholder_style(
        ratatui::style::Style::new().add_modifier(ratatui::style::Modifier::DIM),
    );
}

/// What happens on a key press in a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormEvent {
    None,
    Save,
    Cancel,
    /// Open the focused long-text field in `$EDITOR`.
    ExternalEditor,
}

pub struct Form {
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Esc on a changed form asks first.
    pub confirm_discard: bool,
    /// Shown under the fields (a busy database, a save that failed).
    pub note: Option<String>,
    /// Text shown above the fields (e.g. RAG definitions).
    pub help: Vec<String>,
}

impl Form {
    pub fn new(title: impl Into<String>, fields: Vec<Field>) -> Form {
        Form {
            title: title.into(),
            fields,
            focus: 0,
            confirm_discard: false,
            note: None,
            help: Vec::new(),
        }
    }

    pub fn is_dirty(&self) -> bool {
        self.fields.iter().any(Field::is_dirty)
    }

    pub fn field<T>(&self, key: Key<T>) -> Option<&Field> {
        self.fields.iter().find(|f| f.slot == key.slot)
    }

    pub fn field_mut<T>(&mut self, key: Key<T>) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.slot == key.slot)
    }

    pub fn focused(&self) -> Option<&Field> {
        self.fields.get(self.focus)
    }

    /// Put an error on a field (cross-field rules use it).
    pub fn fail<T>(&mut self, key: Key<T>, error: impl Into<String>) {
        self.fail_slot(key.slot, error);
    }

    pub fn fail_slot(&mut self, slot: Slot, error: impl Into<String>) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.slot == slot) {
            f.error = Some(error.into());
        }
    }

    /// Read every field; on any error, mark the fields, focus the first bad one, and return None.
    pub fn values(&mut self, today: NaiveDate) -> Option<Values> {
        let mut out = Vec::new();
        for field in &mut self.fields {
            match field.value(today) {
                Ok(v) => {
                    field.error = None;
                    out.push((field.slot, v));
                }
                Err(e) => field.error = Some(e),
            }
        }
        self.focus_first_error();
        self.fields
            .iter()
            .all(|f| f.error.is_none())
            .then_some(Values(out))
    }

    pub fn focus_first_error(&mut self) {
        if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = i;
        }
    }

    pub fn has_errors(&self) -> bool {
        self.fields.iter().any(|f| f.error.is_some())
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> FormEvent {
        if self.confirm_discard {
            self.confirm_discard = false;
            return match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') => FormEvent::Cancel,
                _ => FormEvent::None,
            };
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let count = self.fields.len().max(1);
        match key.code {
            KeyCode::Esc => {
                if self.is_dirty() {
                    self.confirm_discard = true;
                    FormEvent::None
                } else {
                    FormEvent::Cancel
                }
            }
            KeyCode::Enter => FormEvent::Save,
            KeyCode::Tab | KeyCode::Down => {
                self.focus = (self.focus + 1) % count;
                FormEvent::None
            }
            KeyCode::BackTab | KeyCode::Up => {
                self.focus = (self.focus + count - 1) % count;
                FormEvent::None
            }
            KeyCode::Char('e') if ctrl => {
                if matches!(
                    self.focused().map(|f| &f.kind),
                    Some(FieldKind::LongText { .. })
                ) {
                    FormEvent::ExternalEditor
                } else {
                    FormEvent::None
                }
            }
            // Ctrl-u empties the field (a choice keeps its value).
            KeyCode::Char('u') if ctrl => {
                if let Some(field) = self.fields.get_mut(self.focus)
                    && !matches!(field.kind, FieldKind::Choice(_))
                {
                    field.set_text("");
                }
                FormEvent::None
            }
            // A form field is one line; keys that would add lines do nothing.
            KeyCode::Char('m') | KeyCode::Char('j') if ctrl => FormEvent::None,
            _ => {
                let Some(field) = self.fields.get_mut(self.focus) else {
                    return FormEvent::None;
                };
                // A rating is one digit: a digit typed replaces the one there (`3`, then `4`
                // typed, is 4, not 34).
                let rating_digit = match key.code {
                    KeyCode::Char(c) if c.is_ascii_digit() && !ctrl => {
                        Some(c).filter(|_| matches!(field.kind, FieldKind::Rating { .. }))
                    }
                    _ => None,
                };
                if let Some(digit) = rating_digit {
                    field.set_text(&digit.to_string());
                } else if let FieldKind::Choice(options) = &field.kind {
                    let n = options.len().max(1);
                    match key.code {
                        KeyCode::Right | KeyCode::Char(' ') | KeyCode::Char('l') => {
                            field.choice = (field.choice + 1) % n
                        }
                        KeyCode::Left | KeyCode::Char('h') => {
                            field.choice = (field.choice + n - 1) % n
                        }
                        KeyCode::Char(c) => {
                            // Jump to the first option starting with the typed letter.
                            let lower = c.to_ascii_lowercase();
                            if let Some(i) = options
                                .iter()
                                .position(|o| o.to_ascii_lowercase().starts_with(lower))
                            {
                                field.choice = i;
                            }
                        }
                        _ => {}
                    }
                } else {
                    field.input.input(key);
                }
                field.error = None;
                FormEvent::None
            }
        }
    }
}
