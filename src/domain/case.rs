//! Service-desk cases: kinds, states (with the stop-clock on-hold state) and priorities.

use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
        match s.trim().to_ascii_lowercase().as_str() {
            "incident" => Ok(CaseKind::Incident),
            "request" | "service request" | "service-request" => Ok(CaseKind::Request),
            "problem" => Ok(CaseKind::Problem),
            "change" => Ok(CaseKind::Change),
            _ => Err(format!(
                "'{s}' is not a case kind (use incident, request, problem or change)"
            )),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
        let key = s.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        match key.as_str() {
            "new" => Ok(CaseState::New),
            "active" | "in-progress" => Ok(CaseState::Active),
            "on-hold" | "onhold" | "stop-clock" => Ok(CaseState::OnHold),
            k if k.starts_with("awaiting-") => Ok(CaseState::OnHold),
            "resolved" => Ok(CaseState::Resolved),
            "closed" => Ok(CaseState::Closed),
            "cancelled" | "canceled" => Ok(CaseState::Cancelled),
            _ => Err(format!(
                "'{s}' is not a case state (use new, active, on-hold, resolved, closed or cancelled)"
            )),
        }
    }
}

/// Priority 1 (critical) to 4 (low); a source's 5 ("planning") maps to 4. Accepts `3 - Moderate`.
pub fn parse_priority(s: &str) -> Result<u8, String> {
    let digits: String = s
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    match digits.parse::<u8>() {
        Ok(p @ 1..=4) => Ok(p),
        Ok(5) => Ok(4),
        _ => Err(format!("'{s}' is not a priority (use 1 to 4)")),
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
    fn priorities_map_planning_to_low() {
        assert_eq!(parse_priority("3 - Moderate"), Ok(3));
        assert_eq!(parse_priority("5"), Ok(4));
        assert!(parse_priority("0").is_err());
        assert!(parse_priority("high").is_err());
        assert_eq!("Service Request".parse(), Ok(CaseKind::Request));
    }
}
