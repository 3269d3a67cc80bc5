//! The command palette (`:`): every command that applies where you are, from the keymap's one
//! table, found by typing part of what it does; Enter runs it as if its key had been pressed.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::overlay::Palette;
use crate::tui::app::App;
use crate::tui::keymap::{Action, Context};
use crate::tui::views::widgets::{centred, fit};

/// The commands that apply in `context` (its own, then the global ones), the palette itself
/// left out; best match for `query` first, in that order when nothing is typed.
pub fn commands(context: Context, query: &str) -> Vec<Action> {
    // The screen's own commands first, then those that apply everywhere.
    let own = Action::ALL
        .iter()
        .copied()
        .filter(|a| a.contexts().contains(&context));
    let global = Action::ALL
        .iter()
        .copied()
        .filter(|a| a.contexts() == [Context::Global] && *a != Action::Palette);
    let all: Vec<Action> = own.chain(global).collect();
    if query.trim().is_empty() {
        return all;
    }
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buffer = Vec::new();
    let mut scored: Vec<(u32, usize, Action)> = all
        .into_iter()
        .enumerate()
        .filter_map(|(order, action)| {
            let haystack = format!("{} {}", action.description(), action.name());
            let score = pattern.score(Utf32Str::new(&haystack, &mut buffer), &mut matcher)?;
            Some((score, order, action))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, _, action)| action).collect()
}

/// A key in the palette: whether it stays open, and the command chosen (update runs it as if
/// its key had been pressed, once the palette has closed).
pub fn key(app: &App, key: KeyEvent, palette: &mut Palette) -> (bool, Option<Action>) {
    let context = crate::tui::screens::context(app);
    let found = commands(context, &palette.query());
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Esc => (false, None),
        KeyCode::Enter => match found.get(palette.selected) {
            Some(action) => (false, Some(*action)),
            None => (true, None),
        },
        KeyCode::Up => {
            palette.selected = palette.selected.saturating_sub(1);
            (true, None)
        }
        KeyCode::Char('p') if ctrl => {
            palette.selected = palette.selected.saturating_sub(1);
            (true, None)
        }
        KeyCode::Down => {
            palette.selected = (palette.selected + 1).min(found.len().saturating_sub(1));
            (true, None)
        }
        KeyCode::Char('n') if ctrl => {
            palette.selected = (palette.selected + 1).min(found.len().saturating_sub(1));
            (true, None)
        }
        // One line: keys that would add lines do nothing.
        KeyCode::Char('m') | KeyCode::Char('j') if ctrl => (true, None),
        _ => {
            palette.input.input(key);
            palette.selected = 0;
            (true, None)
        }
    }
}

pub fn draw(frame: &mut Frame<'_>, app: &App, area: Rect, palette: &Palette) {
    let theme = &app.theme;
    let context = crate::tui::screens::context(app);
    let found = commands(context, &palette.query());
    let width = area.width.saturating_sub(4).clamp(20, 90);
    let height = area.height.saturating_sub(2).clamp(5, 24);
    let popup = centred(area, width, height);
    frame.render_widget(Clear, popup);
    let block = Block::new()
        .borders(Borders::ALL)
        .title(" Commands · type to find, ↑/↓ choose, Enter runs, Esc closes ");
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    if inner.height == 0 {
        return;
    }
    let prompt = Rect { height: 1, ..inner };
    frame.render_widget(Paragraph::new(Span::styled(" : ", theme.key())), prompt);
    frame.render_widget(
        &palette.input,
        Rect {
            x: prompt.x + 3,
            width: prompt.width.saturating_sub(3),
            ..prompt
        },
    );
    let rows = usize::from(inner.height.saturating_sub(1));
    let keys_width = 12;
    let text_width = usize::from(inner.width).saturating_sub(keys_width + 2);
    let start = (palette.selected + 1).saturating_sub(rows);
    let mut lines: Vec<Line> = found
        .iter()
        .enumerate()
        .skip(start)
        .take(rows)
        .map(|(i, action)| {
            let keys = fit(&app.keymap.keys_for(*action), keys_width);
            let text = fit(action.description(), text_width);
            let line = Line::from(vec![
                Span::styled(format!(" {keys:<keys_width$} "), theme.key()),
                Span::raw(text),
            ]);
            if i == palette.selected {
                line.style(theme.selected())
            } else {
                line
            }
        })
        .collect();
    if found.is_empty() {
        lines.push(Line::raw(" No command matches."));
    }
    frame.render_widget(
        Paragraph::new(lines),
        Rect {
            y: inner.y + 1,
            height: inner.height - 1,
            ..inner
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_those_of_the_context_found_by_what_they_do() {
        let on_assurance = commands(Context::Assurance, "");
        assert!(on_assurance.contains(&Action::RecordAssessment));
        assert!(on_assurance.contains(&Action::Quit), "global ones too");
        let own = on_assurance
            .iter()
            .position(|a| *a == Action::RecordAssessment);
        let quit = on_assurance.iter().position(|a| *a == Action::Quit);
        assert!(own < quit, "the screen's own first");
        assert!(
            !on_assurance.contains(&Action::Reassess),
            "the register's own"
        );
        assert!(!on_assurance.contains(&Action::Palette));
        let found = commands(Context::Assurance, "assessment");
        assert_eq!(found.first(), Some(&Action::RecordAssessment));
        assert!(commands(Context::Portfolio, "zzqq").is_empty());
    }
}
