//! Spreadsheet-safe CSV cells (OWASP "CSV injection"): a text cell that a spreadsheet would
//! read as a formula gets a leading `'`, and import takes exactly that mark off again, so
//! export then import gives back the same text.

use std::borrow::Cow;

/// What makes a spreadsheet read a cell as a formula: `=`, `+`, `-` and `@` start one, and
/// some spreadsheets drop a leading tab or carriage return and then read what follows.
pub const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn is_trigger(c: char) -> bool {
    TRIGGERS.contains(&c)
}

/// A plain number as the registers write them (`-3`, `-12.50`, `+5`, `.5`): an optional sign,
/// digits, and an optional decimal part. A spreadsheet reads these as numbers, never as
/// formulas, so they keep no mark. Anything more (`-1e5`, `-£1,200`, `-2+3`) is text.
pub fn is_plain_number(cell: &str) -> bool {
    let unsigned = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let some_digit = !whole.is_empty() || fraction.is_some_and(|f| !f.is_empty());
    some_digit && digits(whole) && fraction.is_none_or(digits)
}

/// Whether the cell, past any apostrophes at its start, begins with a trigger.
fn trigger_after_quotes(cell: &str) -> bool {
    cell.trim_start_matches('\'').starts_with(is_trigger)
}

/// The cell as a CSV export writes it: a text cell that begins with `=` `+` `-` `@`, a tab or
/// a carriage return gets a leading `'`; plain numbers are left alone. A cell that already
/// begins with apostrophes and then a trigger (`'=x`) gets one more, so that
/// [`strip_spreadsheet_guard`] gives back exactly what was exported, whatever the text.
pub fn spreadsheet_safe(cell: &str) -> Cow<'_, str> {
    let formula = cell.starts_with(is_trigger) && !is_plain_number(cell);
    let quoted = cell.starts_with('\'') && trigger_after_quotes(cell);
    if formula || quoted {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The inverse of [`spreadsheet_safe`], as import reads a cell: one leading `'` is taken off
/// when what follows it (past any further apostrophes) begins with a trigger; any other cell
/// is unchanged.
///
/// A file written by hand whose cell really is `'=x` is ambiguous: we read it as the guarded
/// `=x`. What matters is that our own exports read back identically, and they write such a
/// value as `''=x`.
pub fn strip_spreadsheet_guard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if trigger_after_quotes(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_trigger_gets_the_mark() {
        for trigger in TRIGGERS {
            let cell = format!("{trigger}cmd|' /C calc'!A0");
            assert_eq!(spreadsheet_safe(&cell), format!("'{cell}"), "{trigger:?}");
            assert_eq!(strip_spreadsheet_guard(&format!("'{cell}")), cell);
        }
        assert_eq!(
            spreadsheet_safe("=HYPERLINK(\"http://x\",\"y\")"),
            "'=HYPERLINK(\"http://x\",\"y\")"
        );
        assert_eq!(spreadsheet_safe("@SUM(1+1)"), "'@SUM(1+1)");
        assert_eq!(spreadsheet_safe("-2+3"), "'-2+3");
        assert_eq!(spreadsheet_safe("+44 1632 960000"), "'+44 1632 960000");
        assert_eq!(spreadsheet_safe("-"), "'-");
        assert_eq!(spreadsheet_safe("\tx"), "'\tx");
        assert_eq!(spreadsheet_safe("\rx"), "'\rx");
    }

    #[test]
    fn plain_numbers_and_ordinary_text_are_untouched() {
        for cell in [
            "-12.50",
            "-3",
            "+5",
            "0",
            "450000",
            "-1200.00",
            ".5",
            "-.5",
            "12.",
            "",
            "ICT-001",
            "Office 365",
            "a=b",
            " =x",
            "'hello",
            "''",
            "'",
        ] {
            assert!(
                matches!(spreadsheet_safe(cell), Cow::Borrowed(c) if c == cell),
                "{cell:?}"
            );
            assert_eq!(strip_spreadsheet_guard(cell), cell, "{cell:?}");
        }
        for text in [
            "-1e5",
            "-£1,200.00",
            "-1,200",
            "+-3",
            "--3",
            "-3-",
            "-",
            "+",
            "-.",
        ] {
            assert!(!is_plain_number(text), "{text:?}");
        }
    }

    #[test]
    fn a_value_already_starting_with_a_quote_and_a_trigger_survives() {
        assert_eq!(spreadsheet_safe("'=x"), "''=x");
        assert_eq!(strip_spreadsheet_guard("''=x"), "'=x");
        assert_eq!(spreadsheet_safe("'-3"), "''-3");
        assert_eq!(strip_spreadsheet_guard("''-3"), "'-3");
        // A hand-written `'=x` is read as the guarded `=x` (documented ambiguity).
        assert_eq!(strip_spreadsheet_guard("'=x"), "=x");
        // Exactly one mark comes off.
        assert_eq!(strip_spreadsheet_guard("'''=x"), "''=x");
    }

    proptest! {
        #[test]
        fn strip_undoes_safe_for_any_text(s in any::<String>()) {
            let safe = spreadsheet_safe(&s);
            prop_assert_eq!(strip_spreadsheet_guard(&safe), s.as_str());
        }

        #[test]
        fn strip_undoes_safe_for_formula_like_text(s in "['=+@\\t\\r-]{0,4}[0-9.a-z'=+@-]{0,6}") {
            let safe = spreadsheet_safe(&s);
            prop_assert_eq!(strip_spreadsheet_guard(&safe), s.as_str());
            // What the export writes never starts with a trigger unless it is a plain number.
            prop_assert!(!safe.starts_with(is_trigger) || is_plain_number(&safe));
        }
    }
}
