//! The conflict dialog: a colleague changed the same field since the form was loaded. It shows
//! both values whole; `r` re-applies the user's fields on top of theirs, `d` drops them.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use rusqlite::types::Value;

use crate::store::edit::value_text;
use crate::tui::forms::Conflict;
use crate::tui::prelude::*;
use crate::tui::views::audit_text::{field_heading, value_label};
use crate::tui::views::widgets::{centred, clean};

/// A key on the dialog: what to run, and false when the dialog closes.
pub fn key(app: &mut App, key: KeyEvent, conflict: &Conflict) -> (Vec<Effect>, bool) {
    match key.code {
        KeyCode::Char('r') | KeyCode::Char('R') => {
            let mut write = conflict.write.clone();
            if let Write::Edit { edit, .. } = &mut write {
                // On top of theirs: their values become what this edit expects to find.
                edit.expected_version = conflict.version;
                for (column, theirs) in &conflict.theirs {
                    edit.loaded.retain(|(c, _)| c != column);
                    edit.loaded.push((column, theirs.clone()));
                }
            }
            (vec![Effect::Write(write)], false)
        }
        KeyCode::Char('d') | KeyCode::Char('D') | KeyCode::Esc => {
            app.message = Some("your change was dropped; their values stand".into());
            (vec![Effect::Refresh], false)
        }
        _ => (Vec::new(), true),
    }
}

pub fn draw(frame: &mut Frame<'_>, app: &App, area: Rect, conflict: &Conflict) {
    let theme = &app.theme;
    let yours = match &conflict.write {
        Write::Edit { edit, .. } => edit.values.clone(),
        Write::Create { values, .. } => values.clone(),
        Write::Settings(_)
        | Write::Link { .. }
        | Write::Snapshot(_)
        | Write::WithProject { .. }
        | Write::Assessment { .. } => Vec::new(),
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
        lines.push(Line::styled(field_heading(column), theme.title()));
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

/// A stored value as the rest of the app shows it: money in pounds, dates in words, RAG by
/// name, a linked project by its code; the whole value, its control characters neutralised.
fn shown(app: &App, column: &str, value: &Value) -> String {
    use crate::domain::money;
    let text = match (column, value) {
        (_, Value::Null) => return "(blank)".to_string(),
        ("budget_capital" | "budget_revenue" | "spend_to_date", Value::Integer(p)) => {
            money::format_pounds(*p)
        }
        ("archived", Value::Integer(a)) => if *a == 0 { "no" } else { "yes" }.to_string(),
        ("project_id", Value::Integer(id)) => app
            .portfolio
            .rows
            .iter()
            .find(|r| r.id == *id)
            .map_or_else(|| format!("project #{id}"), |r| r.code.clone()),
        ("percent_complete", Value::Integer(p)) => format!("{p}%"),
        // RAG and stage by their labels, dates in UK words (as the history shows them).
        (_, Value::Text(t)) => value_label(column, t),
        (_, other) => value_text(other).unwrap_or_default(),
    };
    clean(&text)
}
