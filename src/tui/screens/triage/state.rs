//! Where a triage stands: the red and amber projects it walks through, and which are done.

pub struct TriageState {
    /// The red and amber projects of the filter when triage began, worst first.
    pub ids: Vec<i64>,
    pub index: usize,
    /// Projects confirmed or changed during this triage.
    pub reviewed: std::collections::HashSet<i64>,
}
