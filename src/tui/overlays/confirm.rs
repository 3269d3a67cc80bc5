//! "Archive X? (y/n)": `y` runs the write, any other key cancels.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::tui::prelude::*;
use crate::tui::views::widgets::{centred, clean};

/// A key on the question: the write when it is `y`. The question always closes.
pub fn key(app: &mut App, key: KeyEvent, write: &Write) -> Vec<Effect> {
    if matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
        return vec![Effect::Write(write.clone())];
    }
    app.message = Some("nothing was changed".into());
    Vec::new()
}

pub fn draw(frame: &mut Frame<'_>, app: &App, area: Rect, text: &str) {
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
