//! Which screen is showing, and what the screens that keep their state with their room hold
//! (types only: the model holds them, and they hold nothing of the model).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// An empty database: how to load the demo, import, or add a project.
    Welcome,
    Portfolio,
    Timeline,
    Project,
    /// Stepping through the red and amber projects one at a time.
    Triage,
    /// The whole work plan's audit trail.
    History,
    /// The risk register with its heat map.
    Risks,
    /// Service-desk cases: open now, SLA, ageing and trends.
    Desk,
    /// A preview of the committee report.
    Report,
    /// Audit recommendations and certifications.
    Assurance,
}

impl Screen {
    pub const ALL: [Screen; 10] = [
        Screen::Welcome,
        Screen::Portfolio,
        Screen::Timeline,
        Screen::Project,
        Screen::Triage,
        Screen::History,
        Screen::Risks,
        Screen::Desk,
        Screen::Report,
        Screen::Assurance,
    ];
}

/// What a screen's reader read (each screen knows its own type).
pub type Read = Box<dyn std::any::Any + Send>;

/// The state of the screens that keep theirs here (a screen's folder defines it).
#[derive(Default)]
pub struct States {
    pub assurance: super::assurance::state::AssuranceState,
}
