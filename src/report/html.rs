//! One self-contained, printable HTML file: inline CSS, tables that print on A4, RAG as letters
//! and colours, and every piece of user text escaped.

use super::{Block, Cell};
use crate::domain::Rag;
use crate::domain::text::sanitize;

fn esc(text: &str) -> String {
    html_escape::encode_text(&sanitize(text)).into_owned()
}

fn rag_class(rag: Rag) -> &'static str {
    match rag {
        Rag::Red => "r",
        Rag::AmberRed => "ar",
        Rag::Amber => "a",
        Rag::AmberGreen => "ag",
        Rag::Green => "g",
        Rag::Unrated => "u",
    }
}

const STYLE: &str = "
@page { size: A4; margin: 18mm 15mm; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 10.5pt; color: #111; max-width: 180mm; margin: 0 auto; }
h1 { font-size: 18pt; margin: 0 0 4pt; }
h2 { font-size: 13pt; margin: 16pt 0 6pt; border-bottom: 1px solid #999; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 10pt 0 4pt; page-break-after: avoid; }
p { margin: 0 0 6pt; line-height: 1.35; }
table { border-collapse: collapse; width: 100%; margin: 0 0 8pt; page-break-inside: auto; }
tr { page-break-inside: avoid; }
thead { display: table-header-group; }
th, td { border: 1px solid #999; padding: 3pt 4pt; vertical-align: top; text-align: left; }
th { background: #eee; }
td.n { text-align: right; white-space: nowrap; }
td.rag { font-weight: bold; text-align: center; white-space: nowrap; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
td.r { background: #d4351c; color: #fff; }
td.ar { background: #f47738; color: #000; }
td.a { background: #ffdd00; color: #000; }
td.ag { background: #85994b; color: #fff; }
td.g { background: #00703c; color: #fff; }
td.u { background: #ddd; color: #000; }
";

pub fn to_html(title: &str, blocks: &[Block]) -> String {
    let mut out = String::new();
    out.push_str(
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<title>",
    );
    out.push_str(&esc(title));
    out.push_str("</title>\n<style>");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n");
    for block in blocks {
        match block {
            Block::Heading(level, text) => {
                let level = (*level).clamp(1, 6);
                out.push_str(&format!("<h{level}>{}</h{level}>\n", esc(text)));
            }
            Block::Paragraph(text) => out.push_str(&format!("<p>{}</p>\n", esc(text))),
            Block::Bullets(items) => {
                out.push_str("<ul>\n");
                for item in items {
                    out.push_str(&format!("<li>{}</li>\n", esc(item)));
                }
                out.push_str("</ul>\n");
            }
            Block::Table { headers, rows } => {
                out.push_str("<table>\n<thead><tr>");
                for h in headers {
                    out.push_str(&format!("<th>{}</th>", esc(h)));
                }
                out.push_str("</tr></thead>\n<tbody>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for cell in row {
                        match cell {
                            Cell::Text(t) => out.push_str(&format!("<td>{}</td>", esc(t))),
                            Cell::Number(t) => {
                                out.push_str(&format!("<td class=\"n\">{}</td>", esc(t)))
                            }
                            Cell::Rag(r) => out.push_str(&format!(
                                "<td class=\"rag {}\" title=\"{}\">{}</td>",
                                rag_class(*r),
                                r.label(),
                                r.letters()
                            )),
                        }
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody>\n</table>\n");
            }
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_piece_of_user_text_is_escaped() {
        let evil = "<script>alert(1)</script> & <img src=x onerror=alert(1)> \u{202E}txt\u{200B}";
        let html = to_html(
            evil,
            &[
                Block::Heading(2, evil.into()),
                Block::Paragraph(evil.into()),
                Block::Bullets(vec![evil.into()]),
                Block::Table {
                    headers: vec![evil.into()],
                    rows: vec![
                        vec![Cell::Text(evil.into())],
                        vec![Cell::Number(evil.into())],
                    ],
                },
            ],
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains('\u{202E}') && !html.contains('\u{200B}'));
        let escaped =
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt; txt";
        // Title, heading, paragraph, bullet, header cell and two body cells.
        assert_eq!(html.matches(escaped).count(), 7, "{html}");
    }
}
