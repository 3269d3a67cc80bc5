//! The report preview: a line saying what it is, then the report, scrolled.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Paragraph;

use crate::tui::prelude::*;
use crate::tui::views::widgets;

pub fn draw(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let since = app
        .report
        .since
        .map(|d| format!(" since {}", crate::domain::dates::display(d)))
        .unwrap_or_default();
    let [info, text] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    frame.render_widget(
        Paragraph::new(format!(
            " Committee report preview{since} · j/k scroll · w writes it (Markdown, HTML and Word) beside the database"
        ))
        .style(app.theme.dim()),
        info,
    );
    if app.is_running(Job::Report) && app.report.markdown.is_empty() {
        widgets::loading(frame, &app.theme, text, "Writing the report");
    } else {
        frame.render_widget(
            preview(&app.report.markdown).scroll((app.report.scroll, 0)),
            text,
        );
    }
}

fn preview(markdown: &str) -> Paragraph<'static> {
    Paragraph::new(widgets::clean_lines(markdown)).wrap(ratatui::widgets::Wrap { trim: false })
}

/// How many rows the preview takes at `width` columns, wrapped as it is drawn.
pub fn rows(markdown: &str, width: u16) -> usize {
    preview(markdown).line_count(width.max(1))
}
