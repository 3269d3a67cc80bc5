//! A form on screen: its help, one line per field (the focused text field with a cursor), what
//! the app understood of each value, and inline errors. On a short screen the fields scroll
//! (the border says how many lines are above and below) so the focused field and the key line
//! are always on screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::OpenForm;
use super::widget::{Field, FieldKind};
use crate::tui::app::App;
use crate::tui::views::audit_text::value_label;
use crate::tui::views::widgets::centred;
use crate::tui::views::widgets::{clean, fit};

const LABEL: u16 = 14;

/// What tells the keys: always on screen, however many fields the form has.
const KEY_LINE: &str = "Tab next · ←/→ choose · C-u clear · C-e editor · Enter save · Esc cancel";

/// The fewest field lines kept on screen before the help above them gives way.
const MIN_FIELD_ROWS: usize = 6;

pub fn draw(frame: &mut Frame<'_>, app: &App, area: Rect, open: &OpenForm) {
    let theme = &app.theme;
    let form = &open.form;
    let width = area.width.saturating_sub(4).min(96);
    let inner = usize::from(width.saturating_sub(2));
    let mut head: Vec<Line> = Vec::new();
    for text in &form.help {
        head.push(Line::styled(fit(text, inner), theme.dim()));
    }
    if !form.help.is_empty() {
        head.push(Line::raw(""));
    }
    // Each field's first line in `body`, to scroll the focused one into view.
    let mut starts: Vec<usize> = Vec::with_capacity(form.fields.len());
    let mut body: Vec<Line> = Vec::new();
    for (i, field) in form.fields.iter().enumerate() {
        starts.push(body.len());
        body.extend(field_lines(app, field, i == form.focus, inner));
    }
    let foot = vec![Line::raw(""), foot_line(app, open, inner)];

    // The key line and the focused field stay on screen: the fields scroll, and the help
    // gives way to them when the screen is short.
    let rows = usize::from(area.height.saturating_sub(2));
    let foot_rows = foot.len().min(rows);
    let head_rows = head
        .len()
        .min(rows.saturating_sub(foot_rows + body.len().min(MIN_FIELD_ROWS)));
    let body_rows = rows.saturating_sub(foot_rows + head_rows).min(body.len());
    let focus_start = starts.get(form.focus).copied().unwrap_or(0);
    let focus_end = starts
        .get(form.focus + 1)
        .copied()
        .unwrap_or(body.len())
        .min(focus_start + body_rows.max(1));
    let offset = focus_end.saturating_sub(body_rows).min(focus_start);
    let hidden_above = offset;
    let hidden_below = body.len().saturating_sub(offset + body_rows);

    let mut lines: Vec<Line> = Vec::with_capacity(rows);
    lines.extend(head.into_iter().take(head_rows));
    lines.extend(body.into_iter().skip(offset).take(body_rows));
    lines.extend(foot.into_iter().skip(2 - foot_rows));
    let height = (lines.len() as u16).saturating_add(2).min(area.height);
    let popup = centred(area, width, height);
    let mut block = Block::new()
        .borders(Borders::ALL)
        .title(format!(" {} ", fit(&form.title, inner.saturating_sub(2))));
    if hidden_above > 0 || hidden_below > 0 {
        let more = match (hidden_above, hidden_below) {
            (0, below) => format!(" ↓ {below} more "),
            (above, 0) => format!(" ↑ {above} more "),
            (above, below) => format!(" ↑ {above} · ↓ {below} more "),
        };
        block = block.title_bottom(Line::from(more).right_aligned());
    }
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
    // Place the focused text input where its value would be.
    if let Some(field) = form.focused()
        && !matches!(field.kind, FieldKind::Choice(_))
        && focus_start >= offset
        && focus_start < offset + body_rows
    {
        let row = head_rows + (focus_start - offset);
        let below_top = u16::try_from(row).unwrap_or(u16::MAX);
        let y = popup.y.saturating_add(1).saturating_add(below_top);
        let x = popup.x + 1 + LABEL;
        if y < popup.y + popup.height.saturating_sub(1) && popup.width > LABEL + 2 {
            let input_area = Rect::new(x, y, popup.width - (LABEL + 2), 1);
            frame.render_widget(&field.input, input_area);
        }
    }
}

/// A field's line (label and value), and under it its error, what the app understood of
/// it, or (a focused RAG choice) the value's definition.
fn field_lines(app: &App, field: &Field, focused: bool, inner: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let label_style = if focused {
        theme.selected()
    } else {
        theme.title()
    };
    let mut spans = vec![Span::styled(
        format!("{:<width$}", field.label, width = usize::from(LABEL)),
        label_style,
    )];
    let room = inner.saturating_sub(usize::from(LABEL));
    let value = match &field.kind {
        // The stored word by its label: `amber-red` reads "Amber/Red", `in-delivery` "Live".
        FieldKind::Choice(_) => format!(
            "‹ {} ›",
            clean(&value_label(field.slot.name(), &field.text()))
        ),
        _ => field.text(),
    };
    // The focused text field is drawn by its TextArea (with a cursor) over this line.
    let text_input = !matches!(field.kind, FieldKind::Choice(_));
    if !(focused && text_input) {
        match field.hint() {
            Some(hint) => spans.push(Span::styled(fit(hint, room), theme.dim())),
            None => spans.push(Span::raw(fit(&value, room))),
        }
    }
    let mut lines = vec![Line::from(spans)];
    let indent = || Span::raw(" ".repeat(usize::from(LABEL)));
    if let Some(error) = &field.error {
        lines.push(Line::from(vec![
            indent(),
            Span::styled(fit(&format!("✗ {}", clean(error)), room), theme.warn()),
        ]));
    } else if let Some(preview) = field.preview(app.today) {
        lines.push(Line::from(vec![
            indent(),
            Span::styled(fit(&format!("→ {preview}"), room), theme.dim()),
        ]));
    } else if let (FieldKind::Choice(_), true, Some(def)) =
        (&field.kind, focused, rag_definition(&field.text()))
    {
        lines.push(Line::from(vec![
            indent(),
            Span::styled(fit(def, room), theme.dim()),
        ]));
    }
    lines
}

/// The last line: the keys, or the question a discard asks, or why the save failed.
fn foot_line(app: &App, open: &OpenForm, inner: usize) -> Line<'static> {
    let theme = &app.theme;
    let form = &open.form;
    if form.confirm_discard {
        Line::styled(
            fit(
                "Discard your changes? y discards, any other key keeps editing",
                inner,
            ),
            theme.warn(),
        )
    } else if let Some(note) = &form.note {
        Line::styled(fit(note, inner), theme.warn())
    } else {
        Line::styled(fit(KEY_LINE, inner), theme.dim())
    }
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
