//! The filter dialog over any list that implements `Filterable`: one line per field, left and
//! right cycle its values (taken from the data), `x` clears one, `c` clears all.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::tui::app::App;
use crate::tui::views::widgets::{centred, fit};

/// A list the search and filter dialogs work on. Each list has fields of its own; the
/// functions take the whole app because a list's order and filter may need its settings,
/// today's date and the page height.
pub trait Filterable {
    type Field: Copy + PartialEq + 'static;
    /// The fields the filter dialog offers, in order.
    const FIELDS: &'static [Self::Field];
    /// What the list is called in the dialog's title ("risks").
    const NOUN: &'static str;

    fn label(field: Self::Field) -> &'static str;
    /// The values a field can take, from the data ("any", `None`, first).
    fn choices(app: &App, field: Self::Field) -> Vec<Option<String>>;
    /// The field's value, written as `choices` writes it.
    fn value(app: &App, field: Self::Field) -> Option<String>;
    /// Set one field (and show the list again from its top).
    fn set(app: &mut App, field: Self::Field, value: Option<String>);
    fn clear_all(app: &mut App);
    fn search(app: &App) -> &str;
    /// Set the search text (and rank the list by it, from its top).
    fn set_search(app: &mut App, text: String);
    /// Clear the search (the selection stays where it is).
    fn clear_search(app: &mut App);
    /// How many rows pass the filter and search, and how many there are.
    fn shown(app: &App) -> (usize, usize);
    fn move_cursor(app: &mut App, delta: isize);
}

fn cycle<L: Filterable>(app: &mut App, field: L::Field, forward: bool) {
    let choices = L::choices(app, field);
    let current = L::value(app, field);
    let i = choices.iter().position(|c| *c == current).unwrap_or(0);
    let n = choices.len().max(1);
    let next = choices
        .get(if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        })
        .cloned()
        .flatten();
    L::set(app, field, next);
}

/// A key in the filter dialog on list `L`. False when the dialog closes.
pub fn key<L: Filterable>(app: &mut App, key: KeyEvent, field: &mut usize) -> bool {
    let count = L::FIELDS.len().max(1);
    let selected = L::FIELDS.get(*field).copied();
    match key.code {
        KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q') | KeyCode::Char('f') => return false,
        KeyCode::Down | KeyCode::Char('j') | KeyCode::Tab => *field = (*field + 1) % count,
        KeyCode::Up | KeyCode::Char('k') | KeyCode::BackTab => {
            *field = (*field + count - 1) % count
        }
        KeyCode::Right | KeyCode::Char('l') | KeyCode::Char(' ') => {
            if let Some(which) = selected {
                cycle::<L>(app, which, true);
            }
        }
        KeyCode::Left | KeyCode::Char('h') => {
            if let Some(which) = selected {
                cycle::<L>(app, which, false);
            }
        }
        KeyCode::Backspace | KeyCode::Delete | KeyCode::Char('x') => {
            if let Some(which) = selected {
                L::set(app, which, None);
            }
        }
        KeyCode::Char('c') => L::clear_all(app),
        _ => {}
    }
    true
}

pub fn draw<L: Filterable>(frame: &mut Frame<'_>, app: &App, area: Rect, field: usize) {
    let theme = &app.theme;
    let fields = L::FIELDS;
    let popup = centred(
        area,
        64,
        u16::try_from(fields.len())
            .unwrap_or(u16::MAX)
            .saturating_add(3),
    );
    let value_width = usize::from(popup.width.saturating_sub(20));
    let mut lines: Vec<Line> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let value = L::value(app, *f).unwrap_or_else(|| "any".to_string());
            let marker = if i == field { "▶ " } else { "  " };
            let style = if i == field {
                theme.selected()
            } else {
                ratatui::style::Style::new()
            };
            Line::from(vec![
                Span::styled(format!("{marker}{:<14}", L::label(*f)), style),
                Span::styled(format!("‹ {} ›", fit(&value, value_width)), style),
            ])
        })
        .collect();
    lines.push(Line::styled(
        "j/k field · h/l change · x clear · c clear all · Esc done",
        theme.dim(),
    ));
    let (shown, all) = L::shown(app);
    let noun = if L::NOUN.is_empty() {
        String::new()
    } else {
        format!(" {}", L::NOUN)
    };
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::new()
                .borders(Borders::ALL)
                .title(format!(" Filter · {shown} of {all}{noun} shown ")),
        ),
        popup,
    );
}
