//! Where a triage stands: the red and amber projects it walks through, and which are done.

pub struct TriageState {
    /// The red and amber projects of the filter when triage began, worst first.
    pub ids: Vec<i64>,
    pub index: usize,
    /// Projects confirmed or changed during this triage.
    pub reviewed: std::collections::HashSet<i64>,
    /// Overdue high-priority recommendations and lapsed or failed certifications when triage
    /// began: a last card after the projects (none when empty).
    pub assurance: crate::domain::assurance::Exceptions,
}

impl TriageState {
    /// Cards to step through: the projects, then the assurance card if there is one.
    pub fn cards(&self) -> usize {
        self.ids.len() + usize::from(!self.assurance.is_empty())
    }

    /// The assurance card is showing.
    pub fn on_assurance(&self) -> bool {
        self.index >= self.ids.len() && !self.assurance.is_empty()
    }
}
