//! Markdown that reads well as plain text: pipe tables, short paragraphs. Every piece of text
//! in a block (project names, reasons, risks, owners and the report's own words around them)
//! is escaped, so no name can become HTML, a link, code, a heading, a list or an extra table
//! column; only the markup added here (`#`, `- `, `|`, the rule under a table's header) is
//! markup.

use super::{Block, Cell};
use crate::domain::text::sanitize;

/// Text made inert inside a line: `&`, `<` and `>` as entities (no raw HTML, no autolinks),
/// backticks escaped (no code spans), `](` escaped (no links or images), and a backslash
/// escaped where it would otherwise escape what follows. Control characters are neutralised
/// and newlines become spaces, so the text stays on its line.
fn escape_inline(text: &str) -> String {
    let text = sanitize(text);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '`' => out.push_str("\\`"),
            '\\' if chars.peek().is_some_and(char::is_ascii_punctuation) => out.push_str("\\\\"),
            ']' if chars.peek() == Some(&'(') => out.push_str("\\]"),
            c => out.push(c),
        }
    }
    out
}

/// Text that starts a block (a paragraph, a heading's words, a bullet): escaped inline, with
/// leading spaces dropped (four would make a code block) and a first character that would
/// start a heading, list, rule or fence (`#`, `-`, `+`, `*`, `_`, `~`, `=`, or `1.` / `1)`)
/// escaped with a backslash.
pub fn escape_text(text: &str) -> String {
    let text = escape_inline(text);
    let text = text.trim_start();
    let mut out = String::with_capacity(text.len() + 1);
    if text.starts_with(['#', '-', '+', '*', '_', '~', '=']) {
        out.push('\\');
        out.push_str(text);
        return out;
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) && text[digits..].starts_with(['.', ')']) {
        out.push_str(&text[..digits]);
        out.push('\\');
        out.push_str(&text[digits..]);
        return out;
    }
    out.push_str(text);
    out
}

/// Text in a table cell: escaped inline, and `|` escaped so it cannot end the cell. (A cell
/// cannot start a block, so `-3` and `+12` stay as they are.)
pub fn escape_cell(text: &str) -> String {
    escape_inline(text).replace('|', "\\|")
}

pub fn to_markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Heading(level, text) => {
                out.push_str(&"#".repeat(usize::from(*level)));
                out.push(' ');
                out.push_str(&escape_text(text));
                out.push_str("\n\n");
            }
            Block::Paragraph(text) => {
                out.push_str(&escape_text(text));
                out.push_str("\n\n");
            }
            Block::Bullets(items) => {
                for item in items {
                    out.push_str("- ");
                    out.push_str(&escape_text(item));
                    out.push('\n');
                }
                out.push('\n');
            }
            Block::Table { headers, rows } => {
                out.push_str("| ");
                out.push_str(
                    &headers
                        .iter()
                        .map(|h| escape_cell(h))
                        .collect::<Vec<_>>()
                        .join(" | "),
                );
                out.push_str(" |\n|");
                for (i, _) in headers.iter().enumerate() {
                    let numeric = rows
                        .first()
                        .is_some_and(|r| matches!(r.get(i), Some(Cell::Number(_))));
                    out.push_str(if numeric { " ---: |" } else { " --- |" });
                }
                out.push('\n');
                for row in rows {
                    out.push_str("| ");
                    out.push_str(
                        &row.iter()
                            .map(|c| escape_cell(&c.text()))
                            .collect::<Vec<_>>()
                            .join(" | "),
                    );
                    out.push_str(" |\n");
                }
                out.push('\n');
            }
        }
    }
    out.trim_end().to_string() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_code_and_links_in_user_text_are_inert() {
        assert_eq!(
            escape_text("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            escape_cell("<img src=x onerror=alert(1)> & more"),
            "&lt;img src=x onerror=alert(1)&gt; &amp; more"
        );
        assert_eq!(escape_text("`code`"), "\\`code\\`");
        assert_eq!(
            escape_text("[click](javascript:x)"),
            "[click\\](javascript:x)"
        );
        assert_eq!(escape_text("&lt;b&gt;"), "&amp;lt;b&amp;gt;");
        assert_eq!(escape_text("C:\\Temp\\files"), "C:\\Temp\\files");
        assert_eq!(escape_cell("a\\|b"), "a\\\\\\|b");
        assert_eq!(escape_text("a\u{202E}b\u{200B}c\x1b[2J"), "abc\u{fffd}[2J");
    }

    #[test]
    fn pipes_end_no_cell_and_nothing_starts_a_block() {
        assert_eq!(escape_cell("| pipe | name"), "\\| pipe \\| name");
        assert_eq!(escape_text("# heading"), "\\# heading");
        assert_eq!(escape_text("> quote"), "&gt; quote");
        assert_eq!(escape_text("- item"), "\\- item");
        assert_eq!(escape_text("+ item"), "\\+ item");
        assert_eq!(escape_text("* item"), "\\* item");
        assert_eq!(escape_text("---"), "\\---");
        assert_eq!(escape_text("~~~"), "\\~~~");
        assert_eq!(escape_text("1. first"), "1\\. first");
        assert_eq!(escape_text("12) twelfth"), "12\\) twelfth");
        assert_eq!(escape_text("    indented"), "indented");
        assert_eq!(escape_text("2026 budget. Rising"), "2026 budget. Rising");
        assert_eq!(
            escape_text("ICT-014 Remote access"),
            "ICT-014 Remote access"
        );
        // Cells keep numbers readable.
        assert_eq!(escape_cell("-3"), "-3");
        assert_eq!(escape_cell("+12"), "+12");
    }

    #[test]
    fn the_reports_own_markup_is_kept() {
        let md = to_markdown(&[
            Block::Heading(2, "Exceptions".into()),
            Block::Paragraph("3 projects are red.".into()),
            Block::Bullets(vec!["# not a heading".into()]),
            Block::Table {
                headers: vec!["Project".into(), "Slip".into()],
                rows: vec![vec![
                    Cell::Text("T-1 | <b>x</b>".into()),
                    Cell::Number("+3".into()),
                ]],
            },
        ]);
        assert_eq!(
            md,
            "## Exceptions\n\n3 projects are red.\n\n- \\# not a heading\n\n\
             | Project | Slip |\n| --- | ---: |\n| T-1 \\| &lt;b&gt;x&lt;/b&gt; | +3 |\n"
        );
    }
}
