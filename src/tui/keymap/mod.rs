//! Keys resolve to actions in one place. The help overlay and the status bar are generated
//! from this map, so they always show the user's real keys (after config.toml overrides).
//! The actions themselves, with their default keys and where they apply, are one table in
//! `actions.rs`.

mod actions;

pub use actions::{Action, Context};

use std::collections::BTreeMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::config::KeyList;

/// A key as the keymap compares it: shift is folded into the character for printable keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub fn from_event(event: KeyEvent) -> Key {
        Key {
            code: event.code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        }
    }

    /// Parse `q`, `G`, `?`, `ctrl-c`, `alt-x`, `enter`, `esc`, `tab`, `backtab`, `f1`, `pagedown`...
    pub fn parse(text: &str) -> Result<Key, String> {
        let mut rest = text.trim();
        let (mut ctrl, mut alt) = (false, false);
        loop {
            let lower = rest.to_ascii_lowercase();
            if let Some(r) = lower
                .strip_prefix("ctrl-")
                .or_else(|| lower.strip_prefix("c-"))
            {
                ctrl = true;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = lower
                .strip_prefix("alt-")
                .or_else(|| lower.strip_prefix("m-"))
            {
                alt = true;
                rest = &rest[rest.len() - r.len()..];
            } else {
                break;
            }
        }
        let named = match rest.to_ascii_lowercase().as_str() {
            "enter" | "return" => Some(KeyCode::Enter),
            "esc" | "escape" => Some(KeyCode::Esc),
            "tab" => Some(KeyCode::Tab),
            "backtab" | "shift-tab" => Some(KeyCode::BackTab),
            "space" => Some(KeyCode::Char(' ')),
            "up" => Some(KeyCode::Up),
            "down" => Some(KeyCode::Down),
            "left" => Some(KeyCode::Left),
            "right" => Some(KeyCode::Right),
            "home" => Some(KeyCode::Home),
            "end" => Some(KeyCode::End),
            "pageup" | "pgup" => Some(KeyCode::PageUp),
            "pagedown" | "pgdn" => Some(KeyCode::PageDown),
            "backspace" => Some(KeyCode::Backspace),
            "delete" | "del" => Some(KeyCode::Delete),
            f if f.len() > 1 && f.starts_with('f') => f[1..].parse::<u8>().ok().map(KeyCode::F),
            _ => None,
        };
        let code = match named {
            Some(code) => code,
            None => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
                    _ => {
                        return Err(format!(
                            "'{text}' is not a key (e.g. q, G, ctrl-c, enter, f1)"
                        ));
                    }
                }
            }
        };
        Ok(Key { code, ctrl, alt })
    }

    /// How help and the status bar write the key.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Esc => "Esc".to_string(),
            KeyCode::Tab => "Tab".to_string(),
            KeyCode::BackTab => "S-Tab".to_string(),
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            KeyCode::Home => "Home".to_string(),
            KeyCode::End => "End".to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::Backspace => "Bksp".to_string(),
            KeyCode::Delete => "Del".to_string(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Char(c) => c.to_string(),
            _ => "?".to_string(),
        };
        match (self.ctrl, self.alt) {
            (true, _) => format!("C-{base}"),
            (_, true) => format!("M-{base}"),
            _ => base,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: BTreeMap<Action, Vec<Key>>,
}

impl Default for Keymap {
    fn default() -> Self {
        let bindings = Action::ALL
            .iter()
            .map(|a| {
                let keys = a
                    .default_keys()
                    .iter()
                    .filter_map(|k| Key::parse(k).ok())
                    .collect();
                (*a, keys)
            })
            .collect();
        Keymap { bindings }
    }
}

impl Keymap {
    /// The defaults with config.toml's `[keys]` overrides applied. An unknown action or key
    /// is an error naming it, so a typo in the config never silently loses a binding.
    pub fn with_overrides(overrides: &BTreeMap<String, KeyList>) -> Result<Keymap, String> {
        let mut map = Keymap::default();
        for (name, keys) in overrides {
            let action = Action::ALL
                .iter()
                .find(|a| a.name() == name)
                .ok_or_else(|| {
                    format!(
                        "[keys] {name}: not an action (use one of {})",
                        Action::ALL
                            .iter()
                            .map(|a| a.name())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })?;
            let parsed = keys
                .keys()
                .into_iter()
                .map(Key::parse)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| format!("[keys] {name}: {e}"))?;
            map.bindings.insert(*action, parsed);
        }
        map.refuse_clashes(overrides)?;
        Ok(map)
    }

    /// Two actions with one key where both apply would leave one unreachable: refused,
    /// naming both (a screen's own key over a global one is how the defaults work, and allowed).
    fn refuse_clashes(&self, overrides: &BTreeMap<String, KeyList>) -> Result<(), String> {
        let mut seen: std::collections::HashMap<(Context, &Key), Action> =
            std::collections::HashMap::new();
        for (action, keys) in &self.bindings {
            for context in action.contexts() {
                for key in keys {
                    let Some(other) = seen.insert((*context, key), *action) else {
                        continue;
                    };
                    // Name the one the user changed first.
                    let (changed, kept) = if overrides.contains_key(other.name()) {
                        (other, *action)
                    } else {
                        (*action, other)
                    };
                    return Err(format!(
                        "[keys] {} = \"{}\": {} is already the key of {} ({}); choose another key, or move that one too",
                        changed.name(),
                        key.label(),
                        key.label(),
                        kept.name(),
                        context.title()
                    ));
                }
            }
        }
        Ok(())
    }

    /// The action for `key` in `context`: the context's own bindings first, then global ones.
    pub fn resolve(&self, context: Context, event: KeyEvent) -> Option<Action> {
        let key = Key::from_event(event);
        let hit = |a: &&Action| self.bindings.get(*a).is_some_and(|ks| ks.contains(&key));
        // A context's own bindings win over global ones bound to the same key.
        let specific = Action::ALL
            .iter()
            .filter(|a| a.contexts().contains(&context))
            .find(hit);
        specific
            .or_else(|| {
                Action::ALL
                    .iter()
                    .filter(|a| a.contexts() == [Context::Global])
                    .find(hit)
            })
            .copied()
    }

    /// "q" or "j/↓": every key bound to an action, for help and the status bar.
    pub fn keys_for(&self, action: Action) -> String {
        self.bindings
            .get(&action)
            .map(|ks| ks.iter().map(Key::label).collect::<Vec<_>>().join("/"))
            .unwrap_or_default()
    }

    /// The first key only, for the compact status bar.
    pub fn key_for(&self, action: Action) -> String {
        self.bindings
            .get(&action)
            .and_then(|ks| ks.first())
            .map(Key::label)
            .unwrap_or_default()
    }

    /// Help lines grouped by context: (context title, [(keys, description)]).
    pub fn help(&self) -> Vec<(&'static str, Vec<(String, &'static str)>)> {
        Context::HELP
            .iter()
            .map(|ctx| {
                let lines = Action::ALL
                    .iter()
                    .filter(|a| a.contexts().first() == Some(ctx))
                    .filter(|a| !self.keys_for(**a).is_empty())
                    .map(|a| (self.keys_for(*a), a.description()))
                    .collect();
                (ctx.title(), lines)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn defaults_resolve_in_their_context() {
        let map = Keymap::default();
        assert_eq!(
            map.resolve(Context::Portfolio, press(KeyCode::Char('q'))),
            Some(Action::Quit)
        );
        assert_eq!(
            map.resolve(Context::Portfolio, press(KeyCode::Char('/'))),
            Some(Action::Search)
        );
        assert_eq!(
            map.resolve(Context::Project, press(KeyCode::Char('/'))),
            None
        );
        assert_eq!(
            map.resolve(Context::Project, press(KeyCode::Down)),
            Some(Action::Down)
        );
        let shift_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(
            map.resolve(Context::Portfolio, shift_g),
            Some(Action::Bottom)
        );
    }

    #[test]
    fn overrides_replace_keys_and_typos_are_errors() {
        let mut overrides = BTreeMap::new();
        overrides.insert(
            "quit".to_string(),
            KeyList::Many(vec!["Q".into(), "ctrl-c".into()]),
        );
        let map = Keymap::with_overrides(&overrides).unwrap();
        assert_eq!(
            map.resolve(Context::Portfolio, press(KeyCode::Char('q'))),
            None
        );
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(map.resolve(Context::Portfolio, ctrl_c), Some(Action::Quit));
        assert_eq!(map.keys_for(Action::Quit), "Q/C-c");
        let help = map.help();
        assert!(help[0].1.iter().any(|(k, d)| k == "Q/C-c" && *d == "quit"));

        let mut bad = BTreeMap::new();
        bad.insert("qiut".to_string(), KeyList::One("x".into()));
        assert!(Keymap::with_overrides(&bad).unwrap_err().contains("qiut"));
        let mut bad_key = BTreeMap::new();
        bad_key.insert("quit".to_string(), KeyList::One("banana".into()));
        assert!(
            Keymap::with_overrides(&bad_key)
                .unwrap_err()
                .contains("banana")
        );
    }

    #[test]
    fn a_key_already_bound_where_both_apply_is_refused_with_both_named() {
        let mut clash = BTreeMap::new();
        clash.insert("search".to_string(), KeyList::One("f".into()));
        let error = Keymap::with_overrides(&clash).unwrap_err();
        assert!(
            error.contains("search") && error.contains("filter") && error.contains("\"f\""),
            "{error}"
        );
        // Moving the other one too is fine; so is a screen's own key over a global one.
        clash.insert("filter".to_string(), KeyList::One("F".into()));
        let map = Keymap::with_overrides(&clash).unwrap();
        assert_eq!(
            map.resolve(Context::Portfolio, press(KeyCode::Char('f'))),
            Some(Action::Search)
        );
        let mut own = BTreeMap::new();
        own.insert("write_report".to_string(), KeyList::One("e".into()));
        assert!(
            Keymap::with_overrides(&own).is_ok(),
            "e is global, w is the report's own"
        );
    }

    #[test]
    fn key_names_parse() {
        assert_eq!(Key::parse("enter").unwrap().code, KeyCode::Enter);
        assert_eq!(Key::parse("F5").unwrap().code, KeyCode::F(5));
        assert!(Key::parse("C-x").unwrap().ctrl);
        assert_eq!(Key::parse("space").unwrap().label(), "Space");
    }
}
