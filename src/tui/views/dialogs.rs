//! Forms, confirmations and the conflict dialog.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::overlays::centred;
use super::widgets::{clean, fit};
use crate::store::edit::value_text;
use crate::tui::app::{App, Conflict, OpenForm, Write};
use crate::tui::form::FieldKind;
use rusqlite::types::Value;

const LABEL: u16 = 14;

pub fn draw_form(frame: &mut Frame<'_>, app: &App, area: Rect, open: &OpenForm) {
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
            "Tab next field · ←/→ choose · Enter save · Esc cancel · Ctrl-e $EDITOR for long text",
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

fn choice_note(field: &crate::tui::form::Field, focused: bool) -> bool {
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

pub fn draw_confirm(frame: &mut Frame<'_>, app: &App, area: Rect, text: &str) {
    let popup = centred(area, 70, 5);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(clean(text)).wrap(Wrap { trim: true }).block(
            Block::new()
                .borders(Borders::ALL)
                .title(" Confirm ")
                .border_style(app.theme.warn()),
        ),
        popup,
    );
}

pub fn draw_conflict(frame: &mut Frame<'_>, app: &App, area: Rect, conflict: &Conflict) {
    let theme = &app.theme;
    let yours = match &conflict.write {
        Write::Edit { edit, .. } => edit.values.clone(),
        Write::Create { values, .. } => values.clone(),
        Write::Settings(_) | Write::Link { .. } | Write::Snapshot(_) => Vec::new(),
    };
    // Only the fields both sides changed: the rest of the user's change merges on re-apply.
    let mut lines: Vec<Line> = Vec::new();
    for (column, theirs) in &conflict.theirs {
        let mine = yours
            .iter()
            .find(|(c, _)| c == column)
            .map(|(_, v)| shown(app, column, v))
            .unwrap_or_default();
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(field_label(column), theme.title()));
        lines.push(Line::from(vec![
            Span::styled("  Theirs (saved now): ", theme.warn()),
            Span::raw(shown(app, column, theirs)),
        ]));
        lines.push(Line::from(vec![
            Span::styled("  Yours:              ", theme.warn()),
            Span::raw(mine),
        ]));
    }
    let width = area.width.saturating_sub(4).min(96);
    let inner_width = usize::from(width.saturating_sub(2)).max(1);
    // Each line wraps: count the rows it takes so the box fits them whole where it can.
    let rows: usize = lines
        .iter()
        .map(|l| l.width().div_ceil(inner_width).max(1))
        .sum();
    let height = u16::try_from(rows + 4).unwrap_or(u16::MAX).min(area.height);
    let popup = centred(area, width, height);
    frame.render_widget(Clear, popup);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.warn())
        .title(" A colleague changed the same field since you loaded it: nothing was saved ");
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }),
        Rect {
            height: inner.height.saturating_sub(2),
            ..inner
        },
    );
    frame.render_widget(
        Paragraph::new("r re-apply yours on top of theirs · d drop yours (theirs stay)")
            .style(theme.dim()),
        Rect {
            y: inner.y + inner.height.saturating_sub(1),
            height: inner.height.min(1),
            ..inner
        },
    );
}

/// A column as a person names it: `forecast_date` → "Forecast date".
fn field_label(column: &str) -> String {
    let words = column.replace('_', " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A stored value as the rest of the app shows it: money in pounds, dates in words, RAG by
/// name, a linked project by its code; the whole value, its control characters neutralised.
fn shown(app: &App, column: &str, value: &Value) -> String {
    use crate::domain::{Rag, dates, money};
    let text = match (column, value) {
        (_, Value::Null) => return "(blank)".to_string(),
        ("budget_capital" | "budget_revenue" | "spend_to_date", Value::Integer(p)) => {
            money::format_pounds(*p)
        }
        ("rag", Value::Text(t)) => t
            .parse::<Rag>()
            .map_or(t.clone(), |r| r.label().to_string()),
        ("archived", Value::Integer(a)) => if *a == 0 { "no" } else { "yes" }.to_string(),
        ("project_id", Value::Integer(id)) => app
            .portfolio
            .rows
            .iter()
            .find(|r| r.id == *id)
            .map_or_else(|| format!("project #{id}"), |r| r.code.clone()),
        ("percent_complete", Value::Integer(p)) => format!("{p}%"),
        (_, Value::Text(t)) => {
            if let Some(d) = dates::parse_iso_date(t) {
                dates::display(d)
            } else if let Some(at) = dates::parse_iso_seconds(t) {
                format!("{} {}", dates::display(at.date()), at.format("%H:%M"))
            } else {
                t.clone()
            }
        }
        (_, other) => value_text(other).unwrap_or_default(),
    };
    clean(&text)
}
