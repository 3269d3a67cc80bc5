//! What can be open over the screen (the type alone, so the model can hold it).

use ratatui_textarea::TextArea;

use crate::tui::forms::{Conflict, OpenForm, Write};

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
    Palette(Box<super::palette::Palette>),
}
