//! The form widget: typing, focus, values and their errors.

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rusqlite::types::Value;

use super::keys::Slot;
use super::widget::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn field(kind: FieldKind, text: &str) -> Field {
    Field::new(Slot::Note, "F", kind, text)
}

#[test]
fn every_kind_reads_good_and_refuses_bad_input() {
    let date = FieldKind::Date { required: true };
    assert_eq!(
        field(date.clone(), "+2w").value(today()),
        Ok(Value::Text("2026-12-06".into()))
    );
    assert_eq!(
        field(date.clone(), "22/11/2026").value(today()),
        Ok(Value::Text("2026-11-22".into()))
    );
    assert!(field(date.clone(), "31/02/2026").value(today()).is_err());
    assert!(
        field(date.clone(), "")
            .value(today())
            .unwrap_err()
            .contains("required")
    );
    assert_eq!(
        field(FieldKind::Date { required: false }, " ").value(today()),
        Ok(Value::Null)
    );
    assert_eq!(
        field(FieldKind::Money, "1.3m").value(today()),
        Ok(Value::Integer(130_000_000))
    );
    assert_eq!(field(FieldKind::Money, "").value(today()), Ok(Value::Null));
    assert!(
        field(FieldKind::Money, "-5")
            .value(today())
            .unwrap_err()
            .contains("negative")
    );
    assert!(field(FieldKind::Money, "lots").value(today()).is_err());
    assert_eq!(
        field(FieldKind::Percent, "45%").value(today()),
        Ok(Value::Integer(45))
    );
    assert_eq!(
        field(FieldKind::Percent, "100").value(today()),
        Ok(Value::Integer(100))
    );
    assert!(
        field(FieldKind::Percent, "101")
            .value(today())
            .unwrap_err()
            .contains("over 100")
    );
    assert!(field(FieldKind::Percent, "half").value(today()).is_err());
    assert!(
        field(FieldKind::Rating { required: true }, "6")
            .value(today())
            .is_err()
    );
    assert!(
        field(FieldKind::Rating { required: true }, "")
            .value(today())
            .is_err()
    );
    assert_eq!(
        field(FieldKind::Rating { required: false }, "").value(today()),
        Ok(Value::Null)
    );
    assert_eq!(
        field(FieldKind::Rating { required: true }, "4").value(today()),
        Ok(Value::Integer(4))
    );
    assert!(
        field(FieldKind::Text { required: true }, "  ")
            .value(today())
            .is_err()
    );
    assert_eq!(
        field(FieldKind::Text { required: false }, " x ").value(today()),
        Ok(Value::Text("x".into()))
    );
}

#[test]
fn previews_show_what_was_understood() {
    assert_eq!(
        field(FieldKind::Date { required: true }, "next fri")
            .preview(today())
            .as_deref(),
        Some("27 Nov 2026 (Friday)")
    );
    assert_eq!(
        field(FieldKind::Money, "450k").preview(today()).as_deref(),
        Some("£450,000")
    );
    assert_eq!(field(FieldKind::Money, "nonsense").preview(today()), None);
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

#[test]
fn focus_typing_choices_and_discard() {
    let mut form = Form::new(
        "t",
        vec![
            field(FieldKind::Text { required: true }, "abc"),
            Field::new(
                Slot::Month,
                "RAG",
                FieldKind::Choice(vec!["red".into(), "amber".into(), "green".into()]),
                "amber",
            ),
            Field::new(
                Slot::Reason,
                "Notes",
                FieldKind::LongText { required: false },
                "",
            ),
        ],
    );
    assert_eq!(
        form.handle_key(key(KeyCode::Esc)),
        FormEvent::Cancel,
        "clean form closes"
    );
    form.handle_key(key(KeyCode::Char('d')));
    assert_eq!(form.fields[0].text(), "abcd");
    form.handle_key(key(KeyCode::Tab));
    form.handle_key(key(KeyCode::Right));
    assert_eq!(form.fields[1].text(), "green");
    form.handle_key(key(KeyCode::Char('r')));
    assert_eq!(form.fields[1].text(), "red");
    assert_eq!(
        form.handle_key(KeyEvent::new(KeyCode::Char('e'), KeyModifiers::CONTROL)),
        FormEvent::None,
        "Ctrl-e only on long text"
    );
    form.handle_key(key(KeyCode::Tab));
    assert_eq!(
        form.handle_key(KeyEvent::new(KeyCode::Char('e'), KeyModifiers::CONTROL)),
        FormEvent::ExternalEditor
    );
    assert_eq!(
        form.handle_key(key(KeyCode::Esc)),
        FormEvent::None,
        "asks first"
    );
    assert!(form.confirm_discard);
    assert_eq!(form.handle_key(key(KeyCode::Char('n'))), FormEvent::None);
    assert!(!form.confirm_discard, "kept editing");
    form.handle_key(key(KeyCode::Esc));
    assert_eq!(form.handle_key(key(KeyCode::Char('y'))), FormEvent::Cancel);
    assert_eq!(form.handle_key(key(KeyCode::Enter)), FormEvent::Save);
}

#[test]
fn values_mark_every_bad_field_and_focus_the_first() {
    let mut form = Form::new(
        "t",
        vec![
            field(FieldKind::Text { required: false }, "fine"),
            Field::new(
                Slot::Month,
                "Date",
                FieldKind::Date { required: true },
                "soon",
            ),
            Field::new(Slot::LinkCode, "Pct", FieldKind::Percent, "140"),
        ],
    );
    assert!(form.values(today()).is_none());
    assert_eq!(form.focus, 1);
    assert!(form.fields[1].error.is_some() && form.fields[2].error.is_some());
    form.fields[1].set_text("today");
    form.fields[2].set_text("40");
    let values = form.values(today()).unwrap();
    assert_eq!(values.0[1], (Slot::Month, Value::Text("2026-11-22".into())));
}

mod typing {
    use super::*;

    #[test]
    fn spaces_are_typed_into_text_fields() {
        let mut form = Form::new(
            "t",
            vec![Field::new(
                Slot::Reason,
                "R",
                FieldKind::LongText { required: true },
                "",
            )],
        );
        for c in "Supplier late".chars() {
            form.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        assert_eq!(form.fields[0].text(), "Supplier late");
    }
}

#[test]
fn ctrl_u_empties_the_focused_text_field() {
    let mut form = Form::new(
        "t",
        vec![Field::new(
            Slot::Reason,
            "Reason",
            FieldKind::LongText { required: false },
            "an old reason",
        )],
    );
    form.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    assert_eq!(form.fields[0].text(), "");
}
