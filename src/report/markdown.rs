//! Markdown that reads well as plain text: pipe tables, short paragraphs.

use super::{Block, Cell};
use crate::domain::text::sanitize;

fn clean(text: &str) -> String {
    sanitize(text).replace('|', "\\|")
}

pub fn to_markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Heading(level, text) => {
                out.push_str(&"#".repeat(usize::from(*level)));
                out.push(' ');
                out.push_str(&sanitize(text));
                out.push_str("\n\n");
            }
            Block::Paragraph(text) => {
                out.push_str(&sanitize(text));
                out.push_str("\n\n");
            }
            Block::Bullets(items) => {
                for item in items {
                    out.push_str("- ");
                    out.push_str(&sanitize(item));
                    out.push('\n');
                }
                out.push('\n');
            }
            Block::Table { headers, rows } => {
                out.push_str("| ");
                out.push_str(
                    &headers
                        .iter()
                        .map(|h| clean(h))
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
                            .map(|c| clean(&c.text()))
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
