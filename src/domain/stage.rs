//! Project stage: proposed → awaiting-resource → in-delivery → completed → closed, plus on-hold and cancelled.

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Stage {
    #[default]
    Proposed,
    AwaitingResource,
    InDelivery,
    OnHold,
    Completed,
    Closed,
    Cancelled,
}

impl Stage {
    pub const ALL: [Stage; 7] = [
        Stage::Proposed,
        Stage::AwaitingResource,
        Stage::InDelivery,
        Stage::OnHold,
        Stage::Completed,
        Stage::Closed,
        Stage::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Proposed => "proposed",
            Stage::AwaitingResource => "awaiting-resource",
            Stage::InDelivery => "in-delivery",
            Stage::OnHold => "on-hold",
            Stage::Completed => "completed",
            Stage::Closed => "closed",
            Stage::Cancelled => "cancelled",
        }
    }

    /// The words a person reads (a committee report's table).
    pub fn label(self) -> &'static str {
        match self {
            Stage::Proposed => "Proposed",
            Stage::AwaitingResource => "Awaiting resource",
            Stage::InDelivery => "In delivery",
            Stage::OnHold => "On hold",
            Stage::Completed => "Completed",
            Stage::Closed => "Closed",
            Stage::Cancelled => "Cancelled",
        }
    }

    /// Short form for narrow tables and headers.
    pub fn short(self) -> &'static str {
        match self {
            Stage::Proposed => "Proposed",
            Stage::AwaitingResource => "Queued",
            Stage::InDelivery => "Live",
            Stage::OnHold => "On hold",
            Stage::Completed => "Done",
            Stage::Closed => "Closed",
            Stage::Cancelled => "Cancelled",
        }
    }

    /// Live and on-hold projects need a current RAG (DOMAIN.md).
    pub fn needs_rag(self) -> bool {
        matches!(self, Stage::InDelivery | Stage::OnHold)
    }

    /// Still on the work plan: not finished, closed or cancelled.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Stage::Proposed | Stage::AwaitingResource | Stage::InDelivery | Stage::OnHold
        )
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{0}' is not a stage (use proposed, awaiting-resource, in-delivery, on-hold, completed, closed or cancelled)"
)]
pub struct ParseStageError(pub String);

impl FromStr for Stage {
    type Err = ParseStageError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key: String = s
            .trim()
            .to_ascii_lowercase()
            .chars()
            .map(|c| if c == ' ' || c == '_' { '-' } else { c })
            .collect();
        match key.as_str() {
            "proposed" => Ok(Stage::Proposed),
            "awaiting-resource" | "queued" | "awaiting-resources" => Ok(Stage::AwaitingResource),
            "in-delivery" | "live" | "in-progress" => Ok(Stage::InDelivery),
            "on-hold" => Ok(Stage::OnHold),
            "completed" | "complete" => Ok(Stage::Completed),
            "closed" => Ok(Stage::Closed),
            "cancelled" | "canceled" => Ok(Stage::Cancelled),
            _ => Err(ParseStageError(s.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_canonical_and_report_words() {
        for stage in Stage::ALL {
            assert_eq!(stage.as_str().parse::<Stage>(), Ok(stage));
        }
        assert_eq!("Live".parse::<Stage>(), Ok(Stage::InDelivery));
        assert_eq!("In Delivery".parse::<Stage>(), Ok(Stage::InDelivery));
        assert_eq!("on_hold".parse::<Stage>(), Ok(Stage::OnHold));
        assert!("finished-ish".parse::<Stage>().is_err());
    }

    #[test]
    fn only_live_and_on_hold_need_rag() {
        let needing: Vec<_> = Stage::ALL.into_iter().filter(|s| s.needs_rag()).collect();
        assert_eq!(needing, vec![Stage::InDelivery, Stage::OnHold]);
        assert!(!Stage::Completed.is_open());
        assert!(Stage::Proposed.is_open());
    }
}
