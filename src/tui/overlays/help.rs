//! The help overlay, generated from the keymap (so it shows the user's real keys) and the
//! RAG definitions of this database's scale.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::domain::Rag;
use crate::tui::app::App;
use crate::tui::views::widgets::{centred, rag_badge};

pub fn draw(frame: &mut Frame<'_>, app: &App, area: Rect, scroll: u16) {
    let theme = &app.theme;
    let mut lines = Vec::new();
    for (title, bindings) in app.keymap.help() {
        lines.push(Line::styled(title, theme.title()));
        for (keys, description) in bindings {
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<16}"), theme.key()),
                Span::raw(description),
            ]));
        }
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled("In the filter dialog", theme.title()));
    lines.push(Line::raw(
        "  j/k move · h/l or Space change · x clear field · c clear all · Esc close",
    ));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("RAG ({}-point scale)", app.settings.rag_scale.points()),
        theme.title(),
    ));
    let mut scale: Vec<Rag> = app.settings.rag_scale.values().to_vec();
    scale.push(Rag::Unrated);
    for rag in scale {
        lines.push(Line::from(vec![
            Span::raw("  "),
            rag_badge(rag, theme),
            Span::raw(format!(" {}", rag.definition())),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Portfolio order", theme.title()));
    lines.push(Line::raw(
        "  Red, amber-red, amber, worsening (↓), overdue milestones, stale (! no update for \
         the stale period), then the rest.",
    ));
    let popup = centred(area, 84, area.height.saturating_sub(2).max(10));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(
                Block::new()
                    .borders(Borders::ALL)
                    .title(" Help · j/k or PgUp/PgDn scroll · any other key closes "),
            ),
        popup,
    );
}

/// Rows a page key moves.
const PAGE: u16 = 10;

/// A key on the help: j/k and the page keys scroll, anything else closes it. False when it
/// closes.
pub fn key(key: crossterm::event::KeyEvent, scroll: &mut u16) -> bool {
    use crossterm::event::KeyCode;
    match key.code {
        KeyCode::Down | KeyCode::Char('j') => *scroll = scroll.saturating_add(1),
        KeyCode::Up | KeyCode::Char('k') => *scroll = scroll.saturating_sub(1),
        // Help is longer than a small screen: paging reads on, it does not close.
        KeyCode::PageDown | KeyCode::Char(' ') => *scroll = scroll.saturating_add(PAGE),
        KeyCode::PageUp => *scroll = scroll.saturating_sub(PAGE),
        KeyCode::Home | KeyCode::Char('g') => *scroll = 0,
        _ => return false,
    }
    true
}
