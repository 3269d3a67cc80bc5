//! Text that reaches the terminal: control characters and escape sequences from imported or
//! typed data are neutralised so a hostile project name cannot repaint or retitle the screen,
//! and invisible bidirectional and zero-width characters are dropped so it cannot read
//! backwards or hide text. Fitting text to a width counts display columns (CJK and emoji
//! take two), never characters.

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Text for the screen: bidirectional controls and invisible format characters (Unicode
/// category Cf: zero-width spaces and joiners, the soft hyphen, the byte-order mark, tags)
/// are removed; tabs, newlines and line separators become spaces so one record stays on one
/// line; any other control character (C0, DEL, C1) is shown as `�`.
pub fn sanitize(input: &str) -> Cow<'_, str> {
    if !input.chars().any(|c| is_unsafe(c) || is_invisible(c)) {
        return Cow::Borrowed(input);
    }
    Cow::Owned(
        input
            .chars()
            .filter(|c| !is_invisible(*c))
            .map(|c| match c {
                '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}' => ' ',
                c if is_unsafe(c) => '\u{fffd}',
                c => c,
            })
            .collect(),
    )
}

/// Control characters (C0, DEL, C1) and the line and paragraph separators.
fn is_unsafe(c: char) -> bool {
    c.is_control() || ('\u{80}'..='\u{9f}').contains(&c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Characters with no glyph of their own that change how the text around them shows:
/// the bidirectional controls (embeddings, overrides, isolates, marks) and the rest of
/// Unicode's format characters (category Cf).
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        // Soft hyphen.
        '\u{00AD}'
        // Arabic number signs, letter mark, end of ayah, Syriac abbreviation mark.
        | '\u{0600}'..='\u{0605}'
        | '\u{061C}'
        | '\u{06DD}'
        | '\u{070F}'
        | '\u{0890}'..='\u{0891}'
        | '\u{08E2}'
        // Mongolian vowel separator.
        | '\u{180E}'
        // Zero-width space, non-joiner, joiner; left-to-right and right-to-left marks.
        | '\u{200B}'..='\u{200F}'
        // Embeddings and overrides (LRE, RLE, PDF, LRO, RLO).
        | '\u{202A}'..='\u{202E}'
        // Word joiner, invisible operators, isolates (LRI, RLI, FSI, PDI), deprecated formats.
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206F}'
        // Byte-order mark / zero-width no-break space.
        | '\u{FEFF}'
        // Interlinear annotation.
        | '\u{FFF9}'..='\u{FFFB}'
        | '\u{110BD}'
        | '\u{110CD}'
        | '\u{13430}'..='\u{1343F}'
        | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}'
        // Language tag and tag characters.
        | '\u{E0001}'
        | '\u{E0020}'..='\u{E007F}'
    )
}

/// Display columns the text takes on a terminal.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// Sanitised text cut to at most `max` display columns, ending with `…` when cut. A wide
/// character is never split: it goes whole or not at all.
pub fn fit(text: &str, max: usize) -> String {
    let text = sanitize(text);
    if width(&text) <= max {
        return text.into_owned();
    }
    if max == 0 {
        return String::new();
    }
    let limit = max - 1;
    let mut out = String::new();
    let mut used = 0;
    for ch in text.chars() {
        let w = ch.width().unwrap_or(0);
        if used + w > limit {
            break;
        }
        out.push(ch);
        used += w;
    }
    // A few sequences are wider together than their characters apart (a symbol and its
    // emoji presentation selector): take characters off until the whole fits.
    while width(&out) > limit {
        out.pop();
    }
    out.push('…');
    out
}

/// Sanitised text in exactly `columns` display columns: cut as [`fit`] cuts, then padded with
/// spaces on the right.
pub fn pad(text: &str, columns: usize) -> String {
    let mut out = fit(text, columns);
    let used = width(&out);
    out.extend(std::iter::repeat_n(' ', columns.saturating_sub(used)));
    out
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
        assert_eq!(sanitize("del\x7f"), "del\u{fffd}");
        assert_eq!(sanitize("a\u{2028}b\u{2029}c"), "a b c");
    }

    #[test]
    fn bidi_controls_and_invisible_characters_are_removed() {
        for c in [
            '\u{202A}',
            '\u{202B}',
            '\u{202C}',
            '\u{202D}',
            '\u{202E}',
            '\u{2066}',
            '\u{2067}',
            '\u{2068}',
            '\u{2069}',
            '\u{200E}',
            '\u{200F}',
            '\u{061C}',
            '\u{200B}',
            '\u{200C}',
            '\u{200D}',
            '\u{2060}',
            '\u{2061}',
            '\u{2062}',
            '\u{2063}',
            '\u{2064}',
            '\u{FEFF}',
            '\u{00AD}',
            '\u{E0001}',
            '\u{E0041}',
        ] {
            let text = format!("in{c}voice");
            assert_eq!(sanitize(&text), "invoice", "U+{:04X}", c as u32);
            assert!(is_invisible(c));
        }
        assert_eq!(
            sanitize("Payroll \u{202E}fdp.exe\u{202C} review"),
            "Payroll fdp.exe review"
        );
        for c in ['a', 'é', '電', '🚀', '\u{0301}', '\u{FE0F}', ' ', '…'] {
            assert!(!is_invisible(c), "{c:?}");
        }
    }

    #[test]
    fn ordinary_text_is_borrowed_unchanged() {
        assert!(matches!(sanitize("Office 365 – £1.3m"), Cow::Borrowed(_)));
        assert!(matches!(sanitize("電子メール移行 🚀"), Cow::Borrowed(_)));
    }

    #[test]
    fn fit_and_pad_count_display_columns() {
        assert_eq!(fit("Office 365 migration", 10), "Office 36…");
        assert_eq!(fit("short", 10), "short");
        assert_eq!(fit("abc", 0), "");
        // Seven CJK characters are fourteen columns.
        assert_eq!(width("電子メール移行"), 14);
        assert_eq!(fit("電子メール移行", 14), "電子メール移行");
        // Nine columns: four wide characters and the ellipsis; the fifth would split.
        assert_eq!(fit("電子メール移行", 10), "電子メー…");
        assert_eq!(width(&fit("電子メール移行", 10)), 9);
        assert_eq!(pad("電子メール移行", 10), "電子メー… ");
        assert_eq!(pad("🚀 launch", 12), "🚀 launch   ");
        assert_eq!(width(&pad("🚀 launch", 12)), 12);
        assert_eq!(pad("abc", 5), "abc  ");
        assert_eq!(pad("abcdef", 5), "abcd…");
        assert_eq!(pad("x\u{202E}y\u{200B}z", 4), "xyz ");
        for text in [
            "電子メール移行",
            "a電b子c",
            "🚀🎉✨",
            "❤\u{FE0F}❤\u{FE0F}",
            "plain",
        ] {
            for columns in 0..16 {
                assert_eq!(width(&pad(text, columns)), columns, "{text:?} in {columns}");
                assert!(
                    width(&fit(text, columns)) <= columns,
                    "{text:?} in {columns}"
                );
            }
        }
    }
}
