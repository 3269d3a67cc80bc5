//! Where a triage stands: the red and amber projects it walks through, and which are done.

pub struct TriageState {
    /// The red and amber projects of the filter when triage began, worst first.
    pub ids: Vec<i64>,
    pub index: usize,
    /// Projects reviewed today (confirmed unchanged, or given a status update), so leaving
    /// triage and coming back keeps the day's progress.
    pub reviewed: std::collections::HashSet<i64>,
    /// Projects changed during this triage (a RAG, a milestone), for the summary at the end.
    pub changed: std::collections::HashSet<i64>,
    /// Overdue high-priority recommendations and lapsed or failed certifications when triage
    /// began: a last card after the projects (none when empty).
    pub assurance: crate::domain::assurance::Exceptions,
}

impl TriageState {
    /// Cards to step through: the projects, then the assurance card if there is one.
    pub fn cards(&self) -> usize {
        self.ids.len() + usize::from(!self.assurance.is_empty())
    }

    /// The next project card after the current one not yet reviewed today.
    pub fn next_unreviewed(&self) -> Option<usize> {
        (self.index + 1..self.ids.len()).find(|i| !self.reviewed.contains(&self.ids[*i]))
    }

    /// "9 reviewed (2 changed), 2 left": where the day's triage stands.
    pub fn summary(&self) -> String {
        let reviewed = self
            .ids
            .iter()
            .filter(|id| self.reviewed.contains(id))
            .count();
        let left = self.ids.len() - reviewed;
        format!(
            "{reviewed} of {} reviewed ({} changed), {left} left",
            self.ids.len(),
            self.changed.len()
        )
    }

    /// The assurance card is showing.
    pub fn on_assurance(&self) -> bool {
        self.index >= self.ids.len() && !self.assurance.is_empty()
    }
}
