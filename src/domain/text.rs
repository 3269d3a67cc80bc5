//! Text that reaches the terminal: control characters and escape sequences from imported or
//! typed data are neutralised so a hostile project name cannot repaint or retitle the screen.

use std::borrow::Cow;

/// Replace control characters (C0, DEL, C1) with a visible placeholder; tabs and newlines
/// become spaces so one record stays on one line.
pub fn sanitize(input: &str) -> Cow<'_, str> {
    if !input.chars().any(is_unsafe) {
        return Cow::Borrowed(input);
    }
    Cow::Owned(
        input
            .chars()
            .map(|c| match c {
                '\t' | '\n' | '\r' => ' ',
                c if is_unsafe(c) => '\u{fffd}',
                c => c,
            })
            .collect(),
    )
}

fn is_unsafe(c: char) -> bool {
    c.is_control() || ('\u{80}'..='\u{9f}').contains(&c)
}

/// Whether two names (an organisation, a manager, a theme) are the same one as people type
/// them: ignoring surrounding spaces and letter case.
pub fn same_name(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_whatever_their_case_and_spacing() {
        assert!(same_name(
            " Holmwick District Council",
            "holmwick district council "
        ));
        assert!(!same_name("Holmwick", "Holmwick District Council"));
    }

    #[test]
    fn escape_sequences_are_neutralised() {
        assert_eq!(sanitize("a\x1b[2Jb"), "a\u{fffd}[2Jb");
        assert_eq!(sanitize("line\nbreak\ttab"), "line break tab");
        assert_eq!(sanitize("bell\x07\u{9b}31m"), "bell\u{fffd}\u{fffd}31m");
    }

    #[test]
    fn ordinary_text_is_borrowed_unchanged() {
        assert!(matches!(sanitize("Office 365 – £1.3m"), Cow::Borrowed(_)));
    }
}
