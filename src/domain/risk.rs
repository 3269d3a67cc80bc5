//! Risks and issues, scored 5x5 (likelihood x impact) and banded by the database's settings.

use chrono::NaiveDate;
use std::str::FromStr;
use std::sync::Arc;

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

    /// For narrow table cells.
    pub fn short(self) -> &'static str {
        match self {
            RiskBand::Low => "Low",
            RiskBand::Medium => "Med",
            RiskBand::High => "High",
            RiskBand::VeryHigh => "V.high",
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

/// The codes a register's new risk is offered from: a prefix and a number, the number written
/// at least `width` digits wide (`R-` 38 at 3 is `R-038`, `ICT-007-R` 1 at 1 is `ICT-007-R1`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeSequence {
    pub prefix: String,
    next: u64,
    width: usize,
}

impl CodeSequence {
    /// The sequence a register's codes follow: after its highest-numbered code (`-R3` after
    /// `-R1` and `-R2`; `R-038` after `R-037`). A register with no numbered code starts at 1
    /// after `prefix`, `width` digits wide.
    pub fn following(codes: &[String], prefix: &str, width: usize) -> CodeSequence {
        codes
            .iter()
            .filter_map(|code| numbered(code))
            .max_by_key(|(_, number, _)| *number)
            .map(|(prefix, number, width)| CodeSequence {
                prefix: prefix.to_string(),
                next: number + 1,
                width,
            })
            .unwrap_or_else(|| CodeSequence {
                prefix: prefix.to_string(),
                next: 1,
                width,
            })
    }

    /// The first code of the sequence not among `taken` (in any case): risk codes are unique
    /// across the whole work plan, not only the register's.
    pub fn first_free(&self, taken: &[String]) -> String {
        let taken: std::collections::HashSet<String> =
            taken.iter().map(|c| c.trim().to_lowercase()).collect();
        // Of `taken.len() + 1` codes, at least one is free.
        (self.next..=self.next + taken.len() as u64)
            .map(|n| self.code(n))
            .find(|code| !taken.contains(&code.to_lowercase()))
            .unwrap_or_else(|| self.code(self.next))
    }

    fn code(&self, number: u64) -> String {
        format!("{}{number:0width$}", self.prefix, width = self.width)
    }
}

/// A code's prefix, its trailing number and how many digits it is written in (`R-037`: `R-`,
/// 37, 3); none when it does not end in 1 to 9 digits.
fn numbered(code: &str) -> Option<(&str, u64, usize)> {
    let code = code.trim();
    let prefix = code.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = &code[prefix.len()..];
    if digits.is_empty() || digits.len() > 9 {
        return None;
    }
    digits
        .parse()
        .ok()
        .map(|number| (prefix, number, digits.len()))
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

/// One dated assessment of a risk's likelihood and impact.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub assessed_at: NaiveDate,
    pub likelihood: u8,
    pub impact: u8,
    pub note: String,
    pub assessed_by: String,
}

impl Assessment {
    pub fn score(&self) -> u8 {
        self.likelihood * self.impact
    }
}

/// Which of a risk's three scores a view shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Basis {
    Inherent,
    #[default]
    Current,
    Target,
}

impl Basis {
    pub fn label(self) -> &'static str {
        match self {
            Basis::Inherent => "inherent",
            Basis::Current => "current",
            Basis::Target => "target",
        }
    }

    pub fn next(self) -> Basis {
        match self {
            Basis::Inherent => Basis::Current,
            Basis::Current => Basis::Target,
            Basis::Target => Basis::Inherent,
        }
    }
}

/// Movement since the previous assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    Rising,
    Falling,
    Steady,
}

impl Trend {
    pub fn arrow(self, unicode: bool) -> &'static str {
        match (self, unicode) {
            (Trend::Rising, true) => "↑",
            (Trend::Falling, true) => "↓",
            (Trend::Steady, true) => "→",
            (Trend::Rising, false) => "^",
            (Trend::Falling, false) => "v",
            (Trend::Steady, false) => "=",
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Trend::Rising => "rising",
            Trend::Falling => "falling",
            Trend::Steady => "steady",
        }
    }
}

/// The trend from the last two assessments (oldest first); `None` with fewer than two.
pub fn trend(assessments: &[Assessment]) -> Option<Trend> {
    let [.., previous, latest] = assessments else {
        return None;
    };
    Some(match latest.score().cmp(&previous.score()) {
        std::cmp::Ordering::Greater => Trend::Rising,
        std::cmp::Ordering::Less => Trend::Falling,
        std::cmp::Ordering::Equal => Trend::Steady,
    })
}

impl Risk {
    /// Likelihood and impact on the chosen basis (inherent and target may be unknown).
    pub fn rating(&self, basis: Basis) -> Option<(u8, u8)> {
        match basis {
            Basis::Inherent => Some((self.inherent_likelihood?, self.inherent_impact?)),
            Basis::Current => Some((self.likelihood, self.impact)),
            Basis::Target => Some((self.target_likelihood?, self.target_impact?)),
        }
    }
}

/// Counts per cell of the 5x5 map: `[impact - 1][likelihood - 1]`.
pub fn heat_counts<'a>(risks: impl IntoIterator<Item = &'a Risk>, basis: Basis) -> [[u32; 5]; 5] {
    let mut counts = [[0u32; 5]; 5];
    for risk in risks {
        if let Some((l, i)) = risk.rating(basis)
            && (1..=5).contains(&l)
            && (1..=5).contains(&i)
        {
            counts[usize::from(i - 1)][usize::from(l - 1)] += 1;
        }
    }
    counts
}

/// The trajectory a report draws: inherent, each dated assessment, then target.
pub fn trajectory(risk: &Risk, assessments: &[Assessment]) -> Vec<(String, u8)> {
    let mut points = Vec::new();
    if let Some(s) = risk.inherent_score() {
        points.push(("inherent".to_string(), s));
    }
    for a in assessments {
        points.push((a.assessed_at.format("%b %y").to_string(), a.score()));
    }
    if assessments.is_empty() {
        points.push(("now".to_string(), risk.score()));
    }
    if let Some(s) = risk.target_score() {
        points.push(("target".to_string(), s));
    }
    points
}

#[cfg(test)]
mod register_tests {
    use super::*;

    fn assessed(day: u32, l: u8, i: u8) -> Assessment {
        Assessment {
            assessed_at: NaiveDate::from_ymd_opt(2026, 1, day).unwrap(),
            likelihood: l,
            impact: i,
            note: String::new(),
            assessed_by: String::new(),
        }
    }

    #[test]
    fn trend_compares_the_last_two_assessments() {
        assert_eq!(trend(&[]), None);
        assert_eq!(trend(&[assessed(1, 4, 4)]), None);
        assert_eq!(
            trend(&[assessed(1, 4, 4), assessed(2, 3, 4)]),
            Some(Trend::Falling)
        );
        assert_eq!(
            trend(&[assessed(1, 2, 2), assessed(2, 4, 4), assessed(3, 4, 5)]),
            Some(Trend::Rising)
        );
        assert_eq!(
            trend(&[assessed(1, 2, 3), assessed(2, 3, 2)]),
            Some(Trend::Steady),
            "same score"
        );
        assert_eq!(Trend::Rising.arrow(false), "^");
    }

    #[test]
    fn bands_and_appetite_follow_non_default_settings() {
        let strict = Settings {
            risk_low_max: 2,
            risk_medium_max: 4,
            risk_high_max: 9,
            risk_appetite: 6,
            ..Settings::default()
        };
        let risk = |l, i| Risk {
            likelihood: l,
            impact: i,
            open: true,
            ..Risk::default()
        };
        assert_eq!(risk(1, 3).band(&strict), RiskBand::Medium);
        assert_eq!(risk(2, 3).band(&strict), RiskBand::High);
        assert_eq!(risk(2, 5).band(&strict), RiskBand::VeryHigh);
        assert!(risk(2, 4).outside_appetite(&strict));
        assert!(!risk(2, 3).outside_appetite(&strict));
        assert!(!risk(2, 4).outside_appetite(&Settings::default()));
    }

    #[test]
    fn heat_counts_place_risks_by_likelihood_and_impact() {
        let risks = vec![
            Risk {
                likelihood: 4,
                impact: 5,
                target_likelihood: Some(2),
                target_impact: Some(2),
                ..Risk::default()
            },
            Risk {
                likelihood: 4,
                impact: 5,
                ..Risk::default()
            },
            Risk {
                likelihood: 1,
                impact: 1,
                ..Risk::default()
            },
        ];
        let current = heat_counts(&risks, Basis::Current);
        assert_eq!(current[4][3], 2, "impact 5, likelihood 4");
        assert_eq!(current[0][0], 1);
        assert_eq!(current.iter().flatten().sum::<u32>(), 3);
        let target = heat_counts(&risks, Basis::Target);
        assert_eq!(
            target.iter().flatten().sum::<u32>(),
            1,
            "targets only where set"
        );
        assert_eq!(target[1][1], 1);
    }

    #[test]
    fn trajectory_runs_inherent_to_target() {
        let risk = Risk {
            likelihood: 3,
            impact: 4,
            inherent_likelihood: Some(5),
            inherent_impact: Some(5),
            target_likelihood: Some(2),
            target_impact: Some(2),
            ..Risk::default()
        };
        let points = trajectory(&risk, &[assessed(1, 4, 4), assessed(20, 3, 4)]);
        let scores: Vec<u8> = points.iter().map(|(_, s)| *s).collect();
        assert_eq!(scores, vec![25, 16, 12, 4]);
        assert_eq!(points[1].0, "Jan 26");
        let bare = trajectory(
            &Risk {
                likelihood: 2,
                impact: 2,
                ..Risk::default()
            },
            &[],
        );
        assert_eq!(bare, vec![("now".to_string(), 4)]);
    }
}

/// One line of the risk register: the risk, where it sits, and its assessments (oldest first).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RegisterRow {
    pub risk: Risk,
    /// The project's name, theme and organisations, shared by its risks (a register of
    /// 50,000 risks held them 50,000 times).
    pub project_name: Option<Arc<str>>,
    pub organisations: Arc<[String]>,
    pub theme: Option<Arc<str>>,
    pub assessments: Vec<Assessment>,
}

impl RegisterRow {
    pub fn is_corporate(&self) -> bool {
        self.risk.project_id.is_none()
    }

    pub fn trend(&self) -> Option<Trend> {
        trend(&self.assessments)
    }
}

#[cfg(test)]
mod code_tests {
    use super::*;

    fn codes(list: &[&str]) -> Vec<String> {
        list.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn a_new_code_follows_the_registers_own_pattern() {
        let generated = codes(&["GEN-00001-R1", "GEN-00001-R2"]);
        let next = CodeSequence::following(&generated, "GEN-00001-R", 1);
        assert_eq!(next.prefix, "GEN-00001-R");
        assert_eq!(next.first_free(&generated), "GEN-00001-R3");
        // The demo numbers risks across the plan: the next free one, zero-padded alike.
        let project = codes(&["R-001", "R-003", "R-002"]);
        let next = CodeSequence::following(&project, "ICT-007-R", 1);
        assert_eq!(next.prefix, "R-");
        let taken = codes(&["R-001", "R-002", "R-003", "r-004", "R-005"]);
        assert_eq!(next.first_free(&taken), "R-006");
        assert_eq!(
            CodeSequence::following(&codes(&["R-999"]), "X-R", 1).first_free(&[]),
            "R-1000"
        );
    }

    #[test]
    fn a_register_without_numbered_codes_starts_at_one() {
        let none = CodeSequence::following(&[], "ICT-001-R", 1);
        assert_eq!(none.first_free(&[]), "ICT-001-R1");
        assert_eq!(
            none.first_free(&codes(&["ict-001-r1"])),
            "ICT-001-R2",
            "taken in another case"
        );
        let corporate = CodeSequence::following(&codes(&["FIREWALL"]), "CR-", 2);
        assert_eq!(corporate.first_free(&[]), "CR-01");
        assert_eq!(
            CodeSequence::following(&codes(&["CR-01", "CR-10"]), "CR-", 2).first_free(&[]),
            "CR-11"
        );
    }
}
