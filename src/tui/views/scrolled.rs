//! A detail's text (a milestone's, a case's): labelled fields and lists, wrapped to the width
//! under a rule that names it and says how to close it, scrolled no further than its end.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::tui::theme::Theme;

/// Columns a field's label takes (the longest label, "Organisation", and a space).
const LABEL: usize = 13;

/// `Label        value`: the value already cleaned by the caller, "—" when empty.
pub fn field(theme: &Theme, label: &str, value: String) -> Line<'static> {
    let width = LABEL;
    Line::from(vec![
        Span::styled(format!("{label:<width$}"), theme.title()),
        Span::raw(if value.trim().is_empty() {
            "—".to_string()
        } else {
            value
        }),
    ])
}

/// A further line of a field's value, under the first.
pub fn more(value: String) -> Line<'static> {
    let width = LABEL;
    Line::raw(format!("{:width$}{value}", ""))
}

/// A heading over a list in the detail (a blank line above it).
pub fn heading(theme: &Theme, text: String) -> [Line<'static>; 2] {
    [Line::raw(""), Line::styled(text, theme.title())]
}

fn paragraph(lines: Vec<Line<'static>>) -> Paragraph<'static> {
    Paragraph::new(lines).wrap(Wrap { trim: false })
}

/// Rows `lines` take at `width` columns, wrapped as they are drawn.
pub fn rows(lines: &[Line<'static>], width: u16) -> usize {
    paragraph(lines.to_vec()).line_count(width.max(1))
}

/// Draw `lines` in `area` under a rule titled `title` (cleaned by the caller), scrolled down
/// `scroll` rows but never past the last row.
pub fn draw(
    frame: &mut Frame<'_>,
    theme: &Theme,
    area: Rect,
    title: &str,
    lines: Vec<Line<'static>>,
    scroll: u16,
) {
    let height = area.height.saturating_sub(1);
    let last = u16::try_from(rows(&lines, area.width))
        .unwrap_or(u16::MAX)
        .saturating_sub(height);
    let scroll = scroll.min(last);
    let hint = if last == 0 {
        ""
    } else if scroll < last {
        " · j/k PgUp/PgDn scroll, more below"
    } else {
        " · j/k PgUp/PgDn scroll"
    };
    let block = Block::new().borders(Borders::TOP).title(Line::styled(
        format!(" {title} · Esc closes{hint} "),
        theme.title(),
    ));
    frame.render_widget(paragraph(lines).block(block).scroll((scroll, 0)), area);
}
