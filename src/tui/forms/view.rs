//! A form on screen: its help, one line per field (the focused text field with a cursor), what
//! the app understood of each value, and inline errors.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::OpenForm;
use super::widget::{Field, FieldKind};
use crate::tui::app::App;
use crate::tui::views::widgets::centred;
use crate::tui::views::widgets::{clean, fit};

const LABEL: u16 = 14;

pub fn draw(frame: &mut Frame<'_>, app: &App, area: Rect, open: &OpenForm) {
    let theme = &app.theme;
    let form = &open.form;
    let width = area.width.saturating_sub(4).min(96);
    let inner = usize::from(width.saturating_sub(2));
    let mut lines: Vec<Line> = Vec::new();
    for text in &form.help {
        lines.push(Line::styled(fit(text, inner), theme.dim()));
    }
    if !form.help.is_empty() {
        lines.push(Line::raw(""));
    }
    let first_field_line = lines.len() as u16;
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let label_style = if focused {
            theme.selected()
        } else {
            theme.title()
        };
        let mut spans = vec![Span::styled(
            format!("{:<width$}", field.label, width = usize::from(LABEL)),
            label_style,
        )];
        let value = match &field.kind {
            FieldKind::Choice(_) => format!("‹ {} ›", field.text()),
            _ => field.text(),
        };
        // The focused text field is drawn by its TextArea (with a cursor) below.
        let text_input = !matches!(field.kind, FieldKind::Choice(_));
        if !(focused && text_input) {
            spans.push(Span::raw(fit(
                &value,
                inner.saturating_sub(usize::from(LABEL)),
            )));
        }
        lines.push(Line::from(spans));
        if let Some(error) = &field.error {
            lines.push(Line::from(vec![
                Span::raw(" ".repeat(usize::from(LABEL))),
                Span::styled(
                    fit(
                        &format!("✗ {}", clean(error)),
                        inner.saturating_sub(usize::from(LABEL)),
                    ),
                    theme.warn(),
                ),
            ]));
        } else if let Some(preview) = field.preview(app.today) {
            lines.push(Line::from(vec![
                Span::raw(" ".repeat(usize::from(LABEL))),
                Span::styled(format!("→ {preview}"), theme.dim()),
            ]));
        } else if let (FieldKind::Choice(_), true, Some(def)) =
            (&field.kind, focused, rag_definition(&field.text()))
        {
            lines.push(Line::from(vec![
                Span::raw(" ".repeat(usize::from(LABEL))),
                Span::styled(
                    fit(def, inner.saturating_sub(usize::from(LABEL))),
                    theme.dim(),
                ),
            ]));
        }
    }
    lines.push(Line::raw(""));
    if form.confirm_discard {
        lines.push(Line::styled(
            "Discard your changes? y discards, any other key keeps editing",
            theme.warn(),
        ));
    } else if let Some(note) = &form.note {
        lines.push(Line::styled(fit(note, inner), theme.warn()));
    } else {
        lines.push(Line::styled(
            "Tab next · ←/→ choose · C-u clear · C-e editor · Enter save · Esc cancel",
            theme.dim(),
        ));
    }
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = centred(area, width, height);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines.clone()).block(
            Block::new()
                .borders(Borders::ALL)
                .title(format!(" {} ", fit(&form.title, inner.saturating_sub(2)))),
        ),
        popup,
    );
    // Place the focused text input where its value would be.
    if let Some(field) = form.focused()
        && !matches!(field.kind, FieldKind::Choice(_))
    {
        let mut y = popup.y + 1 + first_field_line;
        for (i, f) in form.fields.iter().enumerate() {
            if i == form.focus {
                break;
            }
            y += 1;
            if f.error.is_some()
                || f.preview(app.today).is_some()
                || choice_note(f, i == form.focus)
            {
                y += 1;
            }
        }
        let x = popup.x + 1 + LABEL;
        if y < popup.y + popup.height.saturating_sub(1) {
            let input_area = Rect::new(x, y, popup.width.saturating_sub(LABEL + 2), 1);
            frame.render_widget(&field.input, input_area);
        }
    }
}

fn choice_note(field: &Field, focused: bool) -> bool {
    matches!(field.kind, FieldKind::Choice(_)) && focused && rag_definition(&field.text()).is_some()
}

fn rag_definition(text: &str) -> Option<&'static str> {
    match text {
        "red" | "amber-red" | "amber" | "amber-green" | "green" => text
            .parse::<crate::domain::Rag>()
            .ok()
            .map(|r| r.definition()),
        _ => None,
    }
}
