//! The search line over any `Filterable` list: the list narrows and ranks as you type, Enter
//! keeps the search, Esc clears it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Clear, Paragraph};
use ratatui_textarea::{CursorMove, TextArea};

use super::filter::Filterable;
use crate::tui::app::App;

/// A one-line input holding `text`, its cursor at the end.
pub fn input(text: &str) -> TextArea<'static> {
    let mut input = TextArea::new(vec![text.to_string()]);
    input.move_cursor(CursorMove::End);
    input.set_cursor_line_style(ratatui::style::Style::new());
    input
}

/// Open the search line on list `L`, holding its current search.
pub fn open<L: Filterable>(app: &mut App) {
    let text = L::search(app).to_string();
    app.overlay = Some(crate::tui::app::Overlay::Search(Box::new(input(&text))));
}

/// A key in the search line on list `L`. False when the line closes.
pub fn key<L: Filterable>(app: &mut App, key: KeyEvent, input: &mut TextArea<'static>) -> bool {
    match key.code {
        KeyCode::Esc => {
            L::clear_search(app);
            false
        }
        KeyCode::Enter => {
            let (found, _) = L::shown(app);
            app.message = Some(format!(
                "{found} match{}{}",
                if found == 1 { "" } else { "es" },
                if found > 0 {
                    " (Esc clears the search)"
                } else {
                    ""
                }
            ));
            false
        }
        KeyCode::Up | KeyCode::Down => {
            L::move_cursor(app, if key.code == KeyCode::Up { -1 } else { 1 });
            true
        }
        // Ctrl-m and friends would insert newlines; a search is one line.
        _ if key.modifiers.contains(KeyModifiers::CONTROL)
            && matches!(key.code, KeyCode::Char('m') | KeyCode::Char('j')) =>
        {
            true
        }
        _ => {
            input.input(key);
            let text = input.lines().first().cloned().unwrap_or_default();
            if text != L::search(app) {
                L::set_search(app, text);
            }
            true
        }
    }
}

pub fn draw(frame: &mut Frame<'_>, app: &App, area: Rect, input: &TextArea<'static>) {
    let prompt_width = 9u16;
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(Span::styled(" Search: ", app.theme.key())),
        Rect {
            width: prompt_width.min(area.width),
            ..area
        },
    );
    let field = Rect {
        x: area.x + prompt_width.min(area.width),
        width: area.width.saturating_sub(prompt_width),
        ..area
    };
    frame.render_widget(input, field);
}
