//! The work `update` asks the runtime for: a load, a write, an undo. Its results come back as
//! messages (`message.rs`).

use super::forms::kinds::{EditKind, Write};
use super::screens::screen::Screen;
use super::undo::Done;

/// Work the loop runs against the store, feeding the result back into the model.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadPortfolio,
    LoadProject(i64),
    /// Open a project on its Milestones tab with one milestone selected.
    OpenMilestone {
        project: i64,
        milestone: i64,
    },
    /// Every milestone and the recorded date moves, for the timeline and its lists.
    LoadTimeline,
    /// Load fresh rows and open a form on them.
    OpenForm(EditKind),
    /// Run a write; on success close the form and reload what is on screen.
    Write(Write),
    /// Undo (or redo) this change of the user's, as a new change.
    Undo(Done),
    Redo(Done),
    /// Reload what is on screen, keeping selections (another user's change, or our own).
    Refresh,
    LoadHistory,
    /// Edit the focused long-text field in `$EDITOR` (the loop suspends the terminal).
    ExternalEditor,
    LoadRisks,
    LoadDesk,
    LoadReport,
    /// Write the previewed report to files and record the run.
    WriteReport,
    /// Run this screen's own read (`screens::Reader`).
    Read(Screen),
}
