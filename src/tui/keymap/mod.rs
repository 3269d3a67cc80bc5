//! Keys resolve to actions in one place. The help overlay and the status bar are generated
//! from this map, so they always show the user's real keys (after config.toml overrides).

use std::collections::BTreeMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::config::KeyList;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    Quit,
    Help,
    Portfolio,
    NextView,
    PrevView,
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Open,
    Back,
    Search,
    Filter,
    Sort,
    ReverseSort,
    Timeline,
    ZoomIn,
    ZoomOut,
    ScrollBack,
    ScrollOn,
    PageBack,
    PageOn,
    Today,
    NextList,
    SinceEarlier,
    SinceLater,
    ChangeRag,
    Edit,
    New,
    Archive,
    ShowArchived,
    MarkDone,
    MoveDate,
    Undo,
    Redo,
    Triage,
    History,
    ConfirmReviewed,
    NextProject,
    PreviousProject,
    CycleUser,
    CycleWindow,
    Risks,
    Reassess,
    Scope,
    Basis,
    MapFocus,
    CloseReopen,
    ToIssue,
    Settings,
    Desk,
    LinkCase,
    Report,
    WriteReport,
}

/// Where a binding applies. Global bindings apply everywhere unless a context rebinds the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Context {
    Global,
    Portfolio,
    Timeline,
    Project,
    Triage,
    History,
    Risks,
    Desk,
    Report,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Portfolio => "Portfolio and timeline",
            Context::Timeline => "Timeline (and a project's Timeline tab)",
            Context::Project => "Project",
            Context::Triage => "Triage",
            Context::History => "History",
            Context::Risks => "Risk register (and a project's Risks tab)",
            Context::Desk => "Service desk",
            Context::Report => "Report preview",
        }
    }
}

impl Action {
    /// The name used in config.toml's `[keys]` table.
    pub fn name(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::Help => "help",
            Action::Portfolio => "portfolio",
            Action::NextView => "next_view",
            Action::PrevView => "previous_view",
            Action::Up => "up",
            Action::Down => "down",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::PageUp => "page_up",
            Action::PageDown => "page_down",
            Action::Open => "open",
            Action::Back => "back",
            Action::Search => "search",
            Action::Filter => "filter",
            Action::Sort => "sort",
            Action::ReverseSort => "reverse_sort",
            Action::Timeline => "timeline",
            Action::ZoomIn => "zoom_in",
            Action::ZoomOut => "zoom_out",
            Action::ScrollBack => "scroll_back",
            Action::ScrollOn => "scroll_on",
            Action::PageBack => "page_back",
            Action::PageOn => "page_on",
            Action::Today => "today",
            Action::NextList => "next_list",
            Action::SinceEarlier => "since_earlier",
            Action::SinceLater => "since_later",
            Action::ChangeRag => "change_rag",
            Action::Edit => "edit",
            Action::New => "new",
            Action::Archive => "archive",
            Action::ShowArchived => "show_archived",
            Action::MarkDone => "mark_done",
            Action::MoveDate => "move_date",
            Action::Undo => "undo",
            Action::Redo => "redo",
            Action::Triage => "triage",
            Action::History => "history",
            Action::ConfirmReviewed => "confirm_reviewed",
            Action::NextProject => "next_project",
            Action::PreviousProject => "previous_project",
            Action::CycleUser => "cycle_user",
            Action::CycleWindow => "cycle_window",
            Action::Risks => "risks",
            Action::Reassess => "reassess",
            Action::Scope => "scope",
            Action::Basis => "basis",
            Action::MapFocus => "map_focus",
            Action::CloseReopen => "close_reopen",
            Action::ToIssue => "to_issue",
            Action::Settings => "settings",
            Action::Desk => "service_desk",
            Action::LinkCase => "link_case",
            Action::Report => "report",
            Action::WriteReport => "write_report",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::Help => "help",
            Action::Portfolio => "portfolio view",
            Action::NextView => "next view / tab",
            Action::PrevView => "previous view / tab",
            Action::Up => "move up",
            Action::Down => "move down",
            Action::Top => "first row",
            Action::Bottom => "last row",
            Action::PageUp => "page up",
            Action::PageDown => "page down",
            Action::Open => "open",
            Action::Back => "back",
            Action::Search => "search",
            Action::Filter => "filter",
            Action::Sort => "sort by next column",
            Action::ReverseSort => "reverse sort",
            Action::Timeline => "timeline view",
            Action::ZoomIn => "zoom in (weeks)",
            Action::ZoomOut => "zoom out (years)",
            Action::ScrollBack => "earlier",
            Action::ScrollOn => "later",
            Action::PageBack => "earlier by a screen",
            Action::PageOn => "later by a screen",
            Action::Today => "jump to today",
            Action::NextList => "chart / overdue / due soon / slipped",
            Action::SinceEarlier => "slipped since: 30 days earlier",
            Action::SinceLater => "slipped since: 30 days later",
            Action::ChangeRag => "change RAG (with a reason)",
            Action::Edit => "edit the selected item",
            Action::New => "new project / milestone / risk here",
            Action::Archive => "archive (or restore) the selected item",
            Action::ShowArchived => "show / hide archived items",
            Action::MarkDone => "mark the milestone done",
            Action::MoveDate => "move the milestone's forecast",
            Action::Undo => "undo my last change",
            Action::Redo => "redo",
            Action::Triage => "triage the red and amber projects",
            Action::History => "history of every change",
            Action::ConfirmReviewed => "confirm: reviewed, unchanged",
            Action::NextProject => "next project",
            Action::PreviousProject => "previous project",
            Action::CycleUser => "filter by user",
            Action::CycleWindow => "filter by date (all, 1, 7, 30, 90 days)",
            Action::Risks => "risk register",
            Action::Reassess => "re-assess the risk (likelihood, impact, note)",
            Action::Scope => "all / corporate / project risks",
            Action::Basis => "heat map: inherent / current / target",
            Action::MapFocus => "move in the heat map (narrows the list)",
            Action::CloseReopen => "close or re-open the risk",
            Action::ToIssue => "the risk has happened: make it an issue",
            Action::Settings => "shared settings (RAG scale, tolerances, risk bands)",
            Action::Desk => "service desk: open cases, SLA, ageing, trends",
            Action::LinkCase => "link the case to a project (x on a project's Cases tab unlinks)",
            Action::Report => "committee report preview",
            Action::WriteReport => "write the report (Markdown and HTML) to files",
        }
    }

    /// The few words the status bar has room for.
    pub fn hint(self) -> &'static str {
        match self {
            Action::NextView => "next tab",
            Action::Sort => "sort",
            Action::ZoomIn => "zoom in",
            Action::ZoomOut => "zoom out",
            Action::NextList => "lists",
            Action::ChangeRag => "RAG",
            Action::Edit => "edit",
            Action::New => "new",
            Action::MarkDone => "done",
            Action::MoveDate => "move",
            Action::Undo => "undo",
            Action::Triage => "triage",
            Action::ConfirmReviewed => "reviewed",
            Action::NextProject => "next",
            Action::PreviousProject => "previous",
            Action::CycleUser => "user",
            Action::Reassess => "re-assess",
            Action::Scope => "register",
            Action::Basis => "basis",
            Action::MapFocus => "map",
            Action::CloseReopen => "close/open",
            Action::ToIssue => "issue",
            Action::LinkCase => "link",
            Action::WriteReport => "write files",
            Action::CycleWindow => "dates",
            Action::Today => "today",
            Action::ScrollOn => "later",
            other => other.description(),
        }
    }

    fn context(self) -> Context {
        match self {
            Action::Search | Action::Filter | Action::Sort | Action::ReverseSort => {
                Context::Portfolio
            }
            Action::ZoomIn
            | Action::ZoomOut
            | Action::ScrollBack
            | Action::ScrollOn
            | Action::PageBack
            | Action::PageOn
            | Action::Today
            | Action::NextList
            | Action::SinceEarlier
            | Action::SinceLater => Context::Timeline,
            Action::ConfirmReviewed | Action::NextProject | Action::PreviousProject => {
                Context::Triage
            }
            Action::CycleUser | Action::CycleWindow => Context::History,
            Action::Reassess
            | Action::Scope
            | Action::Basis
            | Action::MapFocus
            | Action::CloseReopen
            | Action::ToIssue => Context::Risks,
            Action::LinkCase => Context::Desk,
            Action::WriteReport => Context::Report,
            _ => Context::Global,
        }
    }

    /// Whether the action's bindings apply in `context`: the timeline shares the portfolio's
    /// search, filter and sort.
    fn applies_in(self, context: Context) -> bool {
        let own = self.context();
        own == Context::Global
            || own == context
            || (own == Context::Portfolio && matches!(context, Context::Timeline | Context::Risks))
            || (self == Action::NextList && context == Context::Desk)
    }

    const ALL: [Action; 56] = [
        Action::Quit,
        Action::Help,
        Action::Portfolio,
        Action::NextView,
        Action::PrevView,
        Action::Up,
        Action::Down,
        Action::Top,
        Action::Bottom,
        Action::PageUp,
        Action::PageDown,
        Action::Open,
        Action::Back,
        Action::Search,
        Action::Filter,
        Action::Sort,
        Action::ReverseSort,
        Action::Timeline,
        Action::ZoomIn,
        Action::ZoomOut,
        Action::ScrollBack,
        Action::ScrollOn,
        Action::PageBack,
        Action::PageOn,
        Action::Today,
        Action::NextList,
        Action::SinceEarlier,
        Action::SinceLater,
        Action::ChangeRag,
        Action::Edit,
        Action::New,
        Action::Archive,
        Action::ShowArchived,
        Action::MarkDone,
        Action::MoveDate,
        Action::Undo,
        Action::Redo,
        Action::Triage,
        Action::History,
        Action::ConfirmReviewed,
        Action::NextProject,
        Action::PreviousProject,
        Action::CycleUser,
        Action::CycleWindow,
        Action::Risks,
        Action::Reassess,
        Action::Scope,
        Action::Basis,
        Action::MapFocus,
        Action::CloseReopen,
        Action::ToIssue,
        Action::Settings,
        Action::Desk,
        Action::LinkCase,
        Action::Report,
        Action::WriteReport,
    ];

    fn default_keys(self) -> &'static [&'static str] {
        match self {
            Action::Quit => &["q"],
            Action::Help => &["?"],
            Action::Portfolio => &["1"],
            Action::NextView => &["tab"],
            Action::PrevView => &["backtab"],
            Action::Up => &["k", "up"],
            Action::Down => &["j", "down"],
            Action::Top => &["g", "home"],
            Action::Bottom => &["G", "end"],
            Action::PageUp => &["pageup"],
            Action::PageDown => &["pagedown"],
            Action::Open => &["enter"],
            Action::Back => &["esc"],
            Action::Search => &["/"],
            Action::Filter => &["f"],
            Action::Sort => &["s"],
            Action::ReverseSort => &["S"],
            Action::Timeline => &["2"],
            Action::ZoomIn => &["+", "="],
            Action::ZoomOut => &["-"],
            Action::ScrollBack => &["h", "left"],
            Action::ScrollOn => &["l", "right"],
            Action::PageBack => &["H"],
            Action::PageOn => &["L"],
            Action::Today => &["T"],
            Action::NextList => &["v"],
            Action::SinceEarlier => &["["],
            Action::SinceLater => &["]"],
            Action::ChangeRag => &["r"],
            Action::Edit => &["e"],
            Action::New => &["n"],
            Action::Archive => &["x"],
            Action::ShowArchived => &["A"],
            Action::MarkDone => &["d"],
            Action::MoveDate => &["m"],
            Action::Undo => &["u"],
            Action::Redo => &["ctrl-r"],
            Action::Triage => &["t"],
            Action::History => &["6"],
            Action::ConfirmReviewed => &["c"],
            Action::NextProject => &["space", "n"],
            Action::PreviousProject => &["p"],
            Action::CycleUser => &["f"],
            Action::CycleWindow => &["w"],
            Action::Risks => &["3"],
            Action::Reassess => &["a"],
            Action::Scope => &["c"],
            Action::Basis => &["b"],
            Action::MapFocus => &["M"],
            Action::CloseReopen => &["o"],
            Action::ToIssue => &["i"],
            Action::Settings => &[","],
            Action::Desk => &["4"],
            Action::LinkCase => &["L"],
            Action::Report => &["5"],
            Action::WriteReport => &["w"],
        }
    }
}

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
                        Action::ALL.map(Action::name).join(", ")
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
        Ok(map)
    }

    /// The action for `key` in `context`: the context's own bindings first, then global ones.
    pub fn resolve(&self, context: Context, event: KeyEvent) -> Option<Action> {
        let key = Key::from_event(event);
        let hit = |a: &&Action| self.bindings.get(*a).is_some_and(|ks| ks.contains(&key));
        // A context's own bindings win over global ones bound to the same key.
        let specific = Action::ALL
            .iter()
            .filter(|a| a.context() != Context::Global && a.applies_in(context))
            .find(hit);
        specific
            .or_else(|| {
                Action::ALL
                    .iter()
                    .filter(|a| a.context() == Context::Global)
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
        [
            Context::Global,
            Context::Portfolio,
            Context::Timeline,
            Context::Triage,
            Context::History,
            Context::Risks,
            Context::Desk,
            Context::Report,
        ]
        .iter()
        .map(|ctx| {
            let lines = Action::ALL
                .iter()
                .filter(|a| a.context() == *ctx)
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
            KeyList::Many(vec!["x".into(), "ctrl-c".into()]),
        );
        let map = Keymap::with_overrides(&overrides).unwrap();
        assert_eq!(
            map.resolve(Context::Portfolio, press(KeyCode::Char('q'))),
            None
        );
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(map.resolve(Context::Portfolio, ctrl_c), Some(Action::Quit));
        assert_eq!(map.keys_for(Action::Quit), "x/C-c");
        let help = map.help();
        assert!(help[0].1.iter().any(|(k, d)| k == "x/C-c" && *d == "quit"));

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
    fn key_names_parse() {
        assert_eq!(Key::parse("enter").unwrap().code, KeyCode::Enter);
        assert_eq!(Key::parse("F5").unwrap().code, KeyCode::F(5));
        assert!(Key::parse("C-x").unwrap().ctrl);
        assert_eq!(Key::parse("space").unwrap().label(), "Space");
    }
}
