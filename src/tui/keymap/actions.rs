//! Every action in one table: one row gives its variant, its name in config.toml's `[keys]`,
//! its default keys, where it applies (the first place is where help lists it), what it does,
//! and (optionally) the few words the status bar has room for. The `Action` enum, the list of
//! all actions, help and the footer are generated from it, so nothing is kept in step by hand.

/// Where a binding applies. Global bindings apply everywhere unless a place rebinds the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Global,
    Portfolio,
    Timeline,
    Project,
    /// A project's Timeline tab: the timeline's zoom and scroll keys, then the project's.
    ProjectTimeline,
    /// A project's Risks tab: the register's risk keys, then the project's.
    ProjectRisks,
    /// The register's heat map while it has the focus: arrows and h/l move its cell.
    RiskMap,
    Triage,
    History,
    Risks,
    Desk,
    Report,
    /// Audit recommendations and certifications.
    Assurance,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Portfolio => "Portfolio and timeline",
            Context::Timeline => "Timeline (and a project's Timeline tab)",
            Context::Project | Context::ProjectTimeline | Context::ProjectRisks => "Project",
            Context::Triage => "Triage",
            Context::History => "History",
            Context::Risks | Context::RiskMap => "Risk register (and a project's Risks tab)",
            Context::Desk => "Service desk",
            Context::Report => "Report preview",
            Context::Assurance => "Assurance (audit recommendations, certifications)",
        }
    }

    /// The places help lists, in order.
    pub const HELP: [Context; 9] = [
        Context::Global,
        Context::Portfolio,
        Context::Timeline,
        Context::Triage,
        Context::History,
        Context::Risks,
        Context::Desk,
        Context::Report,
        Context::Assurance,
    ];
}

macro_rules! actions {
    ($(
        $variant:ident = $name:literal, [$($key:literal),*], [$($context:ident),+], $doc:literal
        $(, hint $hint:literal)?;
    )*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action {
            $($variant),*
        }

        impl Action {
            /// Every action, in the table's order (a context's own bindings are tried in it).
            pub const ALL: &'static [Action] = &[$(Action::$variant),*];

            /// The name used in config.toml's `[keys]` table.
            pub fn name(self) -> &'static str {
                match self {
                    $(Action::$variant => $name),*
                }
            }

            pub fn description(self) -> &'static str {
                match self {
                    $(Action::$variant => $doc),*
                }
            }

            /// The few words the status bar has room for.
            pub fn hint(self) -> &'static str {
                match self {
                    $(Action::$variant => actions!(@hint $doc $(, $hint)?)),*
                }
            }

            pub fn default_keys(self) -> &'static [&'static str] {
                match self {
                    $(Action::$variant => &[$($key),*]),*
                }
            }

            /// Where its bindings apply; the first is where help lists it.
            pub fn contexts(self) -> &'static [Context] {
                match self {
                    $(Action::$variant => &[$(Context::$context),+]),*
                }
            }
        }
    };
    (@hint $doc:literal) => { $doc };
    (@hint $doc:literal, $hint:literal) => { $hint };
}

actions! {
    Quit = "quit", ["q"], [Global], "quit";
    Palette = "command_palette", [":"], [Global], "find and run any command here", hint "commands";
    Help = "help", ["?"], [Global], "help";
    Portfolio = "portfolio", ["1"], [Global], "portfolio view";
    NextView = "next_view", ["tab"], [Global], "next view / tab", hint "next tab";
    PrevView = "previous_view", ["backtab"], [Global], "previous view / tab";
    Up = "up", ["k", "up"], [Global], "move up";
    Down = "down", ["j", "down"], [Global], "move down";
    Top = "top", ["g", "home"], [Global], "first row";
    Bottom = "bottom", ["G", "end"], [Global], "last row";
    PageUp = "page_up", ["pageup"], [Global], "page up";
    PageDown = "page_down", ["pagedown"], [Global], "page down";
    Open = "open", ["enter"], [Global], "open (a project; a milestone's, risk's or case's detail)", hint "open";
    Back = "back", ["esc"], [Global], "back";
    Search = "search", ["/"], [Portfolio, Timeline, Risks, Assurance], "search";
    Filter = "filter", ["f"], [Portfolio, Timeline, Risks, Assurance], "filter";
    Sort = "sort", ["s"], [Portfolio, Timeline, Risks, Assurance], "sort by next column", hint "sort";
    ReverseSort = "reverse_sort", ["S"], [Portfolio, Timeline, Risks, Assurance], "reverse sort";
    Timeline = "timeline", ["2"], [Global], "timeline view";
    ZoomIn = "zoom_in", ["+", "="], [Timeline, ProjectTimeline], "zoom in (weeks)", hint "zoom in";
    ZoomOut = "zoom_out", ["-"], [Timeline, ProjectTimeline], "zoom out (years)", hint "zoom out";
    ScrollBack = "scroll_back", ["h", "left"], [Timeline, ProjectTimeline, RiskMap], "earlier";
    ScrollOn = "scroll_on", ["l", "right"], [Timeline, ProjectTimeline, RiskMap], "later", hint "later";
    PageBack = "page_back", ["H"], [Timeline, ProjectTimeline], "earlier by a screen";
    PageOn = "page_on", ["L"], [Timeline, ProjectTimeline], "later by a screen";
    Today = "today", ["T"], [Timeline, ProjectTimeline], "jump to today", hint "today";
    NextList = "next_list", ["v"], [Timeline, Desk, Assurance], "chart / overdue / due soon / slipped", hint "lists";
    SinceEarlier = "since_earlier", ["["], [Timeline], "slipped since: 30 days earlier", hint "since -30d";
    SinceLater = "since_later", ["]"], [Timeline], "slipped since: 30 days later", hint "since +30d";
    ChangeRag = "change_rag", ["r"], [Global], "change RAG (with a reason)", hint "RAG";
    Edit = "edit", ["e"], [Global], "edit the selected item", hint "edit";
    New = "new", ["n"], [Global], "new project / milestone / risk here", hint "new";
    Archive = "archive", ["x"], [Global], "archive (or restore) the selected item", hint "archive";
    ShowArchived = "show_archived", ["A"], [Global], "show / hide archived items";
    MarkDone = "mark_done", ["d"], [Global], "mark the milestone done", hint "done";
    MoveDate = "move_date", ["m"], [Global], "move the milestone's forecast", hint "move";
    Undo = "undo", ["u"], [Global], "undo my last change", hint "undo";
    Redo = "redo", ["ctrl-r"], [Global], "redo";
    Triage = "triage", ["t"], [Global], "triage the red and amber projects", hint "triage";
    History = "history", ["6"], [Global], "history of every change";
    ConfirmReviewed = "confirm_reviewed", ["c"], [Triage], "confirm: reviewed, unchanged", hint "reviewed";
    NextProject = "next_project", ["space", "n"], [Triage], "next project", hint "next";
    PreviousProject = "previous_project", ["p"], [Triage], "previous project", hint "previous";
    CycleUser = "cycle_user", ["f"], [History], "filter by user", hint "user";
    CycleWindow = "cycle_window", ["w"], [History], "filter by date (all, 1, 7, 30, 90 days)", hint "dates";
    Risks = "risks", ["3"], [Global], "risk register";
    Reassess = "reassess", ["a"], [Risks, ProjectRisks], "re-assess the risk (likelihood, impact, note)", hint "re-assess";
    Scope = "scope", ["c"], [Risks], "all / corporate / project risks", hint "register";
    Basis = "basis", ["b"], [Risks], "heat map: inherent / current / target", hint "basis";
    MapFocus = "map_focus", ["M"], [Risks, RiskMap], "move in the heat map (narrows the list)", hint "map";
    CloseReopen = "close_reopen", ["o"], [Risks, ProjectRisks], "close or re-open the risk", hint "close/open";
    ToIssue = "to_issue", ["i"], [Risks, ProjectRisks], "the risk has happened: make it an issue", hint "issue";
    Settings = "settings", [","], [Global], "shared settings (RAG scale, tolerances, risk bands)";
    Desk = "service_desk", ["4"], [Global], "service desk: open cases, SLA, ageing, trends";
    LinkCase = "link_case", ["L"], [Desk], "link the case to a project (x on a project's Cases tab unlinks)", hint "link";
    OpenProject = "open_project", ["p"], [Desk], "open the case's linked project (Esc comes back)", hint "project";
    Report = "report", ["5"], [Global], "committee report preview";
    WriteReport = "write_report", ["w"], [Report], "write the report (Markdown, HTML and Word) to files", hint "write files";
    Assurance = "assurance", ["7"], [Global], "assurance: audit recommendations and certifications";
    ChangeStatus = "change_status", ["c"], [Assurance], "change the recommendation's status (with a note)", hint "status";
    RecordAssessment = "record_assessment", ["a"], [Assurance], "record an assessment of the certification", hint "assess";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_every_default_key_parses() {
        let mut names: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(names.len(), before, "two actions share a name");
        for action in Action::ALL {
            for key in action.default_keys() {
                assert!(super::super::Key::parse(key).is_ok(), "{key}");
            }
        }
    }

    #[test]
    fn no_two_actions_share_a_default_key_where_both_apply() {
        use std::collections::HashMap;
        let mut seen: HashMap<(Context, &str), Action> = HashMap::new();
        for action in Action::ALL {
            for context in action.contexts() {
                for key in action.default_keys() {
                    if let Some(other) = seen.insert((*context, key), *action) {
                        panic!("{key} is bound to both {other:?} and {action:?} in {context:?}");
                    }
                }
            }
        }
    }
}
