//! Risks and issues, scored 5x5 (likelihood x impact) and banded by the database's settings.

use chrono::NaiveDate;
use std::str::FromStr;

use super::Settings;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RiskKind {
    #[default]
    Risk,
    Issue,
}

impl RiskKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RiskKind::Risk => "risk",
            RiskKind::Issue => "issue",
        }
    }
}

impl FromStr for RiskKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "risk" | "" => Ok(RiskKind::Risk),
            "issue" => Ok(RiskKind::Issue),
            _ => Err(format!("'{s}' is not a kind (use risk or issue)")),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RiskBand {
    Low,
    Medium,
    High,
    VeryHigh,
}

impl RiskBand {
    pub fn label(self) -> &'static str {
        match self {
            RiskBand::Low => "Low",
            RiskBand::Medium => "Medium",
            RiskBand::High => "High",
            RiskBand::VeryHigh => "Very high",
        }
    }

    pub fn of(score: u8, settings: &Settings) -> RiskBand {
        if score <= settings.risk_low_max {
            RiskBand::Low
        } else if score <= settings.risk_medium_max {
            RiskBand::Medium
        } else if score <= settings.risk_high_max {
            RiskBand::High
        } else {
            RiskBand::VeryHigh
        }
    }
}

pub const LIKELIHOOD_WORDS: [&str; 5] =
    ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"];
pub const IMPACT_WORDS: [&str; 5] = [
    "Insignificant",
    "Minor",
    "Moderate",
    "Major",
    "Catastrophic",
];

/// Check a 1-5 likelihood or impact.
pub fn valid_rating(value: i64) -> Option<u8> {
    (1..=5).contains(&value).then_some(value as u8)
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Risk {
    pub id: i64,
    pub project_id: Option<i64>,
    pub project_code: Option<String>,
    pub code: String,
    pub kind: RiskKind,
    pub title: String,
    pub consequence: String,
    pub control: String,
    pub owner: String,
    pub open: bool,
    pub likelihood: u8,
    pub impact: u8,
    pub inherent_likelihood: Option<u8>,
    pub inherent_impact: Option<u8>,
    pub target_likelihood: Option<u8>,
    pub target_impact: Option<u8>,
    pub review_date: Option<NaiveDate>,
    pub version: i64,
    pub archived: bool,
}

impl Risk {
    pub fn score(&self) -> u8 {
        self.likelihood * self.impact
    }

    pub fn inherent_score(&self) -> Option<u8> {
        Some(self.inherent_likelihood? * self.inherent_impact?)
    }

    pub fn target_score(&self) -> Option<u8> {
        Some(self.target_likelihood? * self.target_impact?)
    }

    pub fn band(&self, settings: &Settings) -> RiskBand {
        RiskBand::of(self.score(), settings)
    }

    pub fn outside_appetite(&self, settings: &Settings) -> bool {
        self.score() > settings.risk_appetite
    }

    pub fn review_overdue(&self, today: NaiveDate) -> bool {
        self.open && self.review_date.is_some_and(|d| d < today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_bands_follow_domain_md() {
        let s = Settings::default();
        let band = |score| RiskBand::of(score, &s);
        assert_eq!(band(1), RiskBand::Low);
        assert_eq!(band(3), RiskBand::Low);
        assert_eq!(band(4), RiskBand::Medium);
        assert_eq!(band(6), RiskBand::Medium);
        assert_eq!(band(8), RiskBand::High);
        assert_eq!(band(12), RiskBand::High);
        assert_eq!(band(15), RiskBand::VeryHigh);
        assert_eq!(band(25), RiskBand::VeryHigh);
    }

    #[test]
    fn score_and_appetite() {
        let s = Settings::default();
        let risk = Risk {
            likelihood: 4,
            impact: 4,
            inherent_likelihood: Some(5),
            inherent_impact: Some(5),
            target_likelihood: Some(2),
            target_impact: None,
            open: true,
            ..Risk::default()
        };
        assert_eq!(risk.score(), 16);
        assert_eq!(risk.inherent_score(), Some(25));
        assert_eq!(risk.target_score(), None);
        assert!(risk.outside_appetite(&s));
        let tamed = Risk {
            likelihood: 3,
            impact: 4,
            ..risk
        };
        assert!(!tamed.outside_appetite(&s), "12 is at, not above, appetite");
    }

    #[test]
    fn ratings_outside_one_to_five_are_refused() {
        assert_eq!(valid_rating(0), None);
        assert_eq!(valid_rating(6), None);
        assert_eq!(valid_rating(5), Some(5));
    }
}
