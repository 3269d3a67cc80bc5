//! Small pieces every view uses: safe text, fitting text to a width, RAG badges.

use ratatui::layout::Rect;
use ratatui::text::Span;

use crate::domain::Rag;
use crate::domain::text::sanitize;
use crate::tui::theme::Theme;

/// User text with control characters neutralised and bidirectional and zero-width
/// characters removed (see `domain::text::sanitize`).
pub fn clean(text: &str) -> String {
    sanitize(text).into_owned()
}

pub fn width(text: &str) -> usize {
    crate::domain::text::width(text)
}

/// Multi-line text with each line neutralised (newlines kept).
pub fn clean_lines(text: &str) -> String {
    text.lines()
        .map(|l| sanitize(l).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Fit text into `max` display columns, ending with `…` when cut (wide characters are never
/// split; the same cut as `status` uses).
pub fn fit(text: &str, max: usize) -> String {
    crate::domain::text::fit(text, max)
}

/// ` AR ` on the RAG colour: letters always, colour when allowed.
pub fn rag_badge(rag: Rag, theme: &Theme) -> Span<'static> {
    Span::styled(format!("{:^4}", rag.letters()), theme.rag(rag))
}

/// Days as `+12d` / `-3d` / `0d`.
pub fn signed_days(days: i64) -> String {
    if days > 0 {
        format!("+{days}d")
    } else {
        format!("{days}d")
    }
}

/// What a large view shows while its data loads in the background.
pub fn loading(
    frame: &mut ratatui::Frame<'_>,
    theme: &Theme,
    area: ratatui::layout::Rect,
    what: &str,
) {
    let note = format!(" {what}… Keys work meanwhile; this fills in when ready.");
    let text = ratatui::widgets::Paragraph::new(ratatui::text::Line::styled(note, theme.dim()))
        .wrap(ratatui::widgets::Wrap { trim: true });
    frame.render_widget(text, area);
}

/// A rectangle of at most `width` x `height` in the middle of `area`.
pub fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// A table with its header, or, when it has no rows, the header and a note under it saying
/// why the list is empty.
pub fn table_or_note(
    frame: &mut ratatui::Frame<'_>,
    area: Rect,
    table: ratatui::widgets::Table<'_>,
    empty: Option<&str>,
) {
    frame.render_widget(table, area);
    if let Some(note) = empty {
        let below = Rect {
            y: area.y.saturating_add(1),
            height: area.height.saturating_sub(1),
            ..area
        };
        frame.render_widget(ratatui::widgets::Paragraph::new(note.to_string()), below);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_with_an_ellipsis_and_neutralises_escapes() {
        assert_eq!(fit("Office 365 migration", 10), "Office 36…");
        assert_eq!(fit("short", 10), "short");
        assert_eq!(fit("\x1b[2Jboom", 20), "\u{fffd}[2Jboom");
        assert_eq!(fit("abc", 0), "");
        assert_eq!(signed_days(5), "+5d");
        assert_eq!(signed_days(-2), "-2d");
    }
}
