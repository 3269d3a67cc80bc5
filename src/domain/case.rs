//! Service-desk cases: kinds, states (with the stop-clock on-hold state) and priorities.

use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CaseKind {
    Incident,
    Request,
    Problem,
    Change,
}

impl CaseKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CaseKind::Incident => "incident",
            CaseKind::Request => "request",
            CaseKind::Problem => "problem",
            CaseKind::Change => "change",
        }
    }
}

impl FromStr for CaseKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s
            .trim()
            .to_ascii_lowercase()
            .replace(['_', '-'], " ")
            .as_str()
        {
            "incident" | "inc" | "fault" | "major incident" => Ok(CaseKind::Incident),
            "request"
            | "service request"
            | "sr"
            | "req"
            | "request for service"
            | "service request with approvals"
            | "ritm"
            | "call" => Ok(CaseKind::Request),
            "problem" | "prb" => Ok(CaseKind::Problem),
            "change" | "change request" | "chg" | "rfc" | "standard change" | "normal change"
            | "emergency change" => Ok(CaseKind::Change),
            _ => Err(format!(
                "'{s}' is not a case kind (use incident, request, problem or change)"
            )),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CaseState {
    New,
    Active,
    /// Stop-clock: waiting on the user, a vendor, a problem or change, or resources.
    OnHold,
    Resolved,
    Closed,
    Cancelled,
}

impl CaseState {
    pub fn as_str(self) -> &'static str {
        match self {
            CaseState::New => "new",
            CaseState::Active => "active",
            CaseState::OnHold => "on-hold",
            CaseState::Resolved => "resolved",
            CaseState::Closed => "closed",
            CaseState::Cancelled => "cancelled",
        }
    }

    pub fn is_open(self) -> bool {
        matches!(self, CaseState::New | CaseState::Active | CaseState::OnHold)
    }
}

impl FromStr for CaseState {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        read_state(s).map(|(state, _)| state)
    }
}

/// A service desk's state word in our terms, with the hold reason when the word is a hold
/// (the source's own words are kept: "Waiting for customer"). The words of ServiceNow, Jira
/// Service Management, TOPdesk, Freshservice and vFire are known; a queue ("Awaiting
/// Assignment", "Logged") is open but not stop-clock: only a hold stops the clock.
pub fn read_state(word: &str) -> Result<(CaseState, String), String> {
    let key = word
        .trim()
        .to_ascii_lowercase()
        .replace(['_', '-', ':', '/'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let hold = || Ok((CaseState::OnHold, word.trim().to_string()));
    let plain = |state| Ok((state, String::new()));
    match key.as_str() {
        "new"
        | "open"
        | "logged"
        | "registered"
        | "submitted"
        | "queued"
        | "unassigned"
        | "awaiting assignment"
        | "waiting for support"
        | "to do"
        | "todo"
        | "received" => plain(CaseState::New),
        "active"
        | "assigned"
        | "in progress"
        | "work in progress"
        | "wip"
        | "in call"
        | "escalated"
        | "accepted"
        | "investigating"
        | "under investigation"
        | "working"
        | "in hand"
        | "reopened"
        | "re opened" => plain(CaseState::Active),
        "on hold" | "onhold" | "stop clock" | "pending" | "paused" | "suspended" | "deferred" => {
            hold()
        }
        k if k.starts_with("awaiting ")
            || k.starts_with("waiting for ")
            || k.starts_with("waiting on ")
            || k.starts_with("wait ")
            || k.starts_with("pending ")
            || k.starts_with("on hold ") =>
        {
            hold()
        }
        "resolved" | "completed" | "complete" | "done" | "fixed" | "solved" => {
            plain(CaseState::Resolved)
        }
        "closed" | "closed complete" | "closed incomplete" | "archived" => plain(CaseState::Closed),
        "cancelled" | "canceled" | "closed cancelled" | "closed canceled" | "withdrawn"
        | "rejected" | "declined" | "duplicate" | "closed skipped" => plain(CaseState::Cancelled),
        _ => Err(format!(
            "'{}' is not a case state this import knows (new, assigned, in progress, on hold, pending, awaiting …, waiting for …, resolved, closed, cancelled; map others with --map-value \"state:WORD=STATE\")",
            word.trim()
        )),
    }
}

/// Priority 1 (critical) to 4 (low); a source's 5 ("planning") maps to 4. Accepts `3 - Moderate`,
/// `P2`, and the words service desks use (Critical, Major, High, Medium, Low, Highest …).
pub fn parse_priority(s: &str) -> Result<u8, String> {
    let text = s.trim();
    let number = text
        .strip_prefix(['P', 'p'])
        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or(text);
    let digits: String = number.chars().take_while(|c| c.is_ascii_digit()).collect();
    if !digits.is_empty() {
        return match digits.parse::<u8>() {
            Ok(p @ 1..=4) => Ok(p),
            Ok(5) => Ok(4),
            _ => Err(format!("'{s}' is not a priority (use 1 to 4)")),
        };
    }
    match text.to_ascii_lowercase().as_str() {
        "critical" | "highest" | "urgent" | "major" | "emergency" | "very high" => Ok(1),
        "high" => Ok(2),
        "medium" | "moderate" | "normal" => Ok(3),
        "low" | "lowest" | "minor" | "planning" | "very low" => Ok(4),
        _ => Err(format!(
            "'{s}' is not a priority (use 1 to 4, P1 to P5, or critical, high, medium, low)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn awaiting_states_are_stop_clock() {
        assert_eq!("Awaiting User Info".parse(), Ok(CaseState::OnHold));
        assert_eq!("on hold".parse(), Ok(CaseState::OnHold));
        assert!(CaseState::OnHold.is_open());
        assert!(!CaseState::Resolved.is_open());
        assert!("lost".parse::<CaseState>().is_err());
    }

    #[test]
    fn other_desks_words_are_known_and_only_holds_stop_the_clock() {
        let state = |w: &str| read_state(w).unwrap();
        assert_eq!(
            state("Awaiting Assignment").0,
            CaseState::New,
            "a queue, not a hold"
        );
        assert_eq!(state("Logged").0, CaseState::New);
        assert_eq!(state("Waiting for support").0, CaseState::New);
        assert_eq!(state("Assigned").0, CaseState::Active);
        assert_eq!(state("In Call").0, CaseState::Active);
        assert_eq!(state("Work in Progress").0, CaseState::Active);
        assert_eq!(
            state("Wait - User"),
            (CaseState::OnHold, "Wait - User".to_string())
        );
        assert_eq!(
            state("Waiting for customer"),
            (CaseState::OnHold, "Waiting for customer".to_string())
        );
        assert_eq!(state("Pending").0, CaseState::OnHold);
        assert_eq!(state("Awaiting Vendor").0, CaseState::OnHold);
        assert_eq!(state("Completed").0, CaseState::Resolved);
        assert_eq!(state("Canceled").0, CaseState::Cancelled);
        assert_eq!(state("Closed Complete").0, CaseState::Closed);
        let err = read_state("Parked").unwrap_err();
        assert!(err.contains("--map-value"), "{err}");
    }

    #[test]
    fn priorities_map_planning_to_low() {
        assert_eq!(parse_priority("3 - Moderate"), Ok(3));
        assert_eq!(parse_priority("5"), Ok(4));
        assert!(parse_priority("0").is_err());
        assert_eq!(parse_priority("high"), Ok(2));
        assert_eq!(parse_priority("P1"), Ok(1));
        assert_eq!(parse_priority("P5"), Ok(4));
        assert_eq!(parse_priority("Major"), Ok(1));
        assert_eq!(parse_priority("Lowest"), Ok(4));
        assert!(parse_priority("soon").is_err());
        assert!(parse_priority("P0").is_err());
        assert_eq!("Service Request".parse(), Ok(CaseKind::Request));
    }
}
