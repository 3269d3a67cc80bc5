//! A list's cursor: the selected row and the scroll offset, moved by the list keys. It knows
//! nothing of the app, so every list (and every screen) uses the same one.

use super::keymap::Action;

/// A list's cursor and scroll position; the view renders only rows from `offset`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

impl Cursor {
    /// Move by `delta` rows within `len`, keeping the selection inside a window of `height`.
    pub fn move_by(&mut self, delta: isize, len: usize, height: usize) {
        if len == 0 {
            *self = Cursor::default();
            return;
        }
        let target = self.selected as isize + delta;
        self.selected = target.clamp(0, len as isize - 1) as usize;
        self.keep_visible(len, height);
    }

    pub fn keep_visible(&mut self, len: usize, height: usize) {
        let height = height.max(1);
        if len == 0 {
            *self = Cursor::default();
            return;
        }
        self.selected = self.selected.min(len - 1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(height));
    }
}

/// Apply a list key (up, down, page, top, bottom) to `cursor`. False for other actions.
pub fn navigate(cursor: &mut Cursor, action: Action, len: usize, height: usize) -> bool {
    let delta = match action {
        Action::Up => -1,
        Action::Down => 1,
        Action::PageUp => -(height as isize),
        Action::PageDown => height as isize,
        Action::Top => -(len as isize),
        Action::Bottom => len as isize,
        _ => return false,
    };
    cursor.move_by(delta, len, height);
    true
}
