//! An open detail: the item it shows and how far down its text is scrolled, moved by the list
//! keys. Like the list cursor it knows nothing of the app; a screen that opens a detail keeps
//! one in its state.

use super::keymap::Action;

/// The detail of one item (a milestone, a risk, a case), by its id, scrolled `scroll` rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detail {
    pub id: i64,
    pub scroll: u16,
}

impl Detail {
    /// The detail of `id`, from its top.
    pub fn of(id: i64) -> Detail {
        Detail { id, scroll: 0 }
    }

    /// Apply a list key (up, down, page, top, bottom) to text of `rows` rows shown `height` at
    /// a time: it scrolls no further than its last row at the bottom. False for other actions.
    pub fn scroll_by(&mut self, action: Action, rows: usize, height: usize) -> bool {
        let page = u16::try_from(height.max(1)).unwrap_or(u16::MAX);
        let last = u16::try_from(rows).unwrap_or(u16::MAX).saturating_sub(page);
        let scroll = match action {
            Action::Up => self.scroll.saturating_sub(1),
            Action::Down => self.scroll.saturating_add(1),
            Action::PageUp => self.scroll.saturating_sub(page),
            Action::PageDown => self.scroll.saturating_add(page),
            Action::Top => 0,
            Action::Bottom => last,
            _ => return false,
        };
        self.scroll = scroll.min(last);
        true
    }
}

/// A key while `open` may hold a detail: `Esc` or `Enter` closes it, the list keys scroll it
/// (text of `rows` rows, `height` at a time). False when none is open, or for any other key.
pub fn key(open: &mut Option<Detail>, action: Action, rows: usize, height: usize) -> bool {
    let Some(detail) = open.as_mut() else {
        return false;
    };
    match action {
        Action::Back | Action::Open => {
            *open = None;
            true
        }
        _ => detail.scroll_by(action, rows, height),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrolls_within_the_text_and_ignores_other_keys() {
        let mut d = Detail::of(7);
        assert!(d.scroll_by(Action::Down, 30, 10));
        assert_eq!(d.scroll, 1);
        d.scroll_by(Action::PageDown, 30, 10);
        assert_eq!(d.scroll, 11);
        d.scroll_by(Action::PageDown, 30, 10);
        assert_eq!(d.scroll, 20, "stops with the last row at the bottom");
        d.scroll_by(Action::Down, 30, 10);
        assert_eq!(d.scroll, 20);
        d.scroll_by(Action::Up, 30, 10);
        assert_eq!(d.scroll, 19);
        d.scroll_by(Action::Top, 30, 10);
        assert_eq!(d.scroll, 0);
        d.scroll_by(Action::Bottom, 30, 10);
        assert_eq!(d.scroll, 20);
        d.scroll_by(Action::PageUp, 30, 10);
        assert_eq!(d.scroll, 10);
        assert!(!d.scroll_by(Action::Edit, 30, 10));
        assert_eq!(d.scroll, 10);
        let mut short = Detail::of(1);
        short.scroll_by(Action::Down, 5, 10);
        assert_eq!(short.scroll, 0, "text that fits does not scroll");
        assert_eq!(short.id, 1);
    }

    #[test]
    fn esc_or_enter_closes_it_and_no_key_opens_one() {
        let mut open = Some(Detail::of(3));
        assert!(key(&mut open, Action::Down, 30, 10));
        assert_eq!(open.map(|d| d.scroll), Some(1));
        assert!(!key(&mut open, Action::Edit, 30, 10), "not a detail key");
        assert!(key(&mut open, Action::Back, 30, 10));
        assert_eq!(open, None);
        assert!(!key(&mut open, Action::Down, 30, 10), "none open");
        assert!(!key(&mut open, Action::Open, 30, 10));
        assert_eq!(open, None);
        let mut open = Some(Detail::of(3));
        assert!(key(&mut open, Action::Open, 30, 10));
        assert_eq!(open, None);
    }
}
