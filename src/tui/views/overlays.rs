//! The filter dialog and the search line.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui_textarea::TextArea;

use super::widgets::fit;
use crate::tui::app::{App, FilterField};
use crate::tui::update::filter_value;

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

pub fn draw_filter(frame: &mut Frame<'_>, app: &App, area: Rect, field: usize) {
    let theme = &app.theme;
    let fields = FilterField::for_screen(app.screen);
    let popup = centred(area, 64, fields.len() as u16 + 3);
    let value_width = usize::from(popup.width.saturating_sub(20));
    let mut lines: Vec<Line> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let value = filter_value(app, *f).unwrap_or_else(|| "any".to_string());
            let marker = if i == field { "▶ " } else { "  " };
            let style = if i == field {
                theme.selected()
            } else {
                ratatui::style::Style::new()
            };
            Line::from(vec![
                Span::styled(format!("{marker}{:<14}", f.label()), style),
                Span::styled(format!("‹ {} ›", fit(&value, value_width)), style),
            ])
        })
        .collect();
    lines.push(Line::styled(
        "j/k field · h/l change · x clear · c clear all · Esc done",
        theme.dim(),
    ));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(Block::new().borders(Borders::ALL).title(
            if app.screen == crate::tui::app::Screen::Risks {
                format!(
                    " Filter · {} of {} risks shown ",
                    app.risks.visible.len(),
                    app.risks.rows.len()
                )
            } else {
                format!(
                    " Filter · {} of {} shown ",
                    app.portfolio.visible.len(),
                    app.portfolio.rows.len()
                )
            },
        )),
        popup,
    );
}

pub fn draw_search(frame: &mut Frame<'_>, app: &App, area: Rect, input: &TextArea<'static>) {
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
