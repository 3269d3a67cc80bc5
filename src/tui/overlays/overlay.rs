//! What can be open over the screen (the type alone, so the model can hold it).

use ratatui_textarea::TextArea;

use crate::tui::forms::kinds::{Conflict, OpenForm, Write};

pub enum Overlay {
    Help {
        scroll: u16,
    },
    Search(Box<TextArea<'static>>),
    Filter {
        field: usize,
    },
    Form(Box<OpenForm>),
    /// "Archive X?": y writes, anything else cancels.
    Confirm {
        text: String,
        write: Box<Write>,
    },
    /// Someone else changed the row: their values beside yours.
    Conflict(Box<Conflict>),
    /// Every command that applies here, found by typing.
    Palette(Box<Palette>),
}

/// What the command palette holds while open: the typed text and the highlighted command.
pub struct Palette {
    pub input: TextArea<'static>,
    pub selected: usize,
}

impl Palette {
    pub fn query(&self) -> String {
        self.input.lines().first().cloned().unwrap_or_default()
    }
}

impl Default for Palette {
    fn default() -> Self {
        let mut input = TextArea::new(vec![String::new()]);
        input.set_cursor_line_style(ratatui::style::Style::new());
        Palette { input, selected: 0 }
    }
}
