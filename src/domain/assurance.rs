//! Assurance: ICT audit recommendations (from internal audit or an external review such as
//! SOCITM) and certifications (PSN, Cyber Essentials, ISO 27001, PCI DSS …) with their dated
//! assessments. Every rule that depends on the date takes `today`.

use std::fmt;
use std::str::FromStr;

use chrono::{Months, NaiveDate};

/// Generates a closed word list: its variants, the stored word of each, the label a person
/// reads, and parsing that accepts the word or the label (any case, `-`, `_` or space).
macro_rules! words {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($variant:ident => $word:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The word files and the database use.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word,)+
                }
            }

            /// The word a person reads.
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)+
                }
            }

            /// Every accepted word, for a message that refuses another.
            pub fn words() -> String {
                $name::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
        }

        impl FromStr for $name {
            type Err = String;

            fn from_str(text: &str) -> Result<Self, String> {
                let wanted = normalise(text);
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| normalise(v.as_str()) == wanted || normalise(v.label()) == wanted)
                    .ok_or_else(|| {
                        format!("'{}' is not {} ({})", text.trim(), $what, $name::words())
                    })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

/// Lower case, with `-`, `_` and runs of spaces read alike, so "In progress", "in-progress"
/// and "IN_PROGRESS" are one word.
fn normalise(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .split(|c: char| c == '-' || c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

words!(
    /// The opinion an audit gives (the CIPFA / IIA levels councils use).
    Assurance, "an assurance level" {
        Full => "full", "Full";
        Substantial => "substantial", "Substantial";
        Reasonable => "reasonable", "Reasonable";
        Limited => "limited", "Limited";
        NoAssurance => "none", "No assurance";
    }
);

words!(
    Priority, "a priority" {
        High => "high", "High";
        Medium => "medium", "Medium";
        Low => "low", "Low";
    }
);

words!(
    /// Where a recommendation stands.
    RecommendationStatus, "a recommendation status" {
        Open => "open", "Open";
        InProgress => "in-progress", "In progress";
        Implemented => "implemented", "Implemented";
        Verified => "verified", "Verified";
        NotAccepted => "not-accepted", "Not accepted";
        Superseded => "superseded", "Superseded";
    }
);

words!(
    /// How often a certification is assessed.
    Frequency, "an assessment frequency" {
        Annual => "annual", "Annual";
        SixMonthly => "six-monthly", "Six-monthly";
        Quarterly => "quarterly", "Quarterly";
        Monthly => "monthly", "Monthly";
    }
);

words!(
    AssessmentResult, "an assessment result" {
        Pass => "pass", "Pass";
        PassWithActions => "pass-with-actions", "Pass with actions";
        Fail => "fail", "Fail";
    }
);

words!(
    /// A certification's standing today (derived, never stored).
    CertificationStatus, "a certification status" {
        Current => "current", "Current";
        Due => "due", "Due";
        Overdue => "overdue", "Overdue";
        Failed => "failed", "Failed";
        Expired => "expired", "Expired";
    }
);

impl RecommendationStatus {
    /// Still to be done: open or in progress.
    pub fn is_outstanding(self) -> bool {
        matches!(
            self,
            RecommendationStatus::Open | RecommendationStatus::InProgress
        )
    }
}

impl Frequency {
    pub fn months(self) -> u32 {
        match self {
            Frequency::Annual => 12,
            Frequency::SixMonthly => 6,
            Frequency::Quarterly => 3,
            Frequency::Monthly => 1,
        }
    }
}

/// One audit recommendation with its agreed action.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recommendation {
    pub id: i64,
    pub code: String,
    /// The audit it came from ("Cyber Crime", "SOCITM review").
    pub audit: String,
    pub audit_date: Option<NaiveDate>,
    pub auditor: String,
    pub assurance: Option<Assurance>,
    pub recommendation: String,
    pub priority: Option<Priority>,
    pub owner: String,
    pub action: String,
    pub due_date: Option<NaiveDate>,
    pub revised_due_date: Option<NaiveDate>,
    pub status: Option<RecommendationStatus>,
    pub implemented_date: Option<NaiveDate>,
    pub evidence: String,
    pub project_id: Option<i64>,
    pub project_code: Option<String>,
    pub archived: bool,
    pub version: i64,
}

impl Recommendation {
    pub fn status(&self) -> RecommendationStatus {
        self.status.unwrap_or(RecommendationStatus::Open)
    }

    pub fn priority(&self) -> Priority {
        self.priority.unwrap_or(Priority::Medium)
    }

    /// The date it is due by: the revised date when there is one.
    pub fn due(&self) -> Option<NaiveDate> {
        self.revised_due_date.or(self.due_date)
    }

    pub fn is_outstanding(&self) -> bool {
        !self.archived && self.status().is_outstanding()
    }

    /// Past its (revised) due date and not implemented.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.is_outstanding() && self.due().is_some_and(|d| d < today)
    }

    /// Days past its due date (0 when not overdue).
    pub fn days_overdue(&self, today: NaiveDate) -> i64 {
        match self.due() {
            Some(d) if self.is_overdue(today) => (today - d).num_days(),
            _ => 0,
        }
    }
}

/// A revision of a recommendation's due date, kept like a milestone's moves.
#[derive(Debug, Clone, PartialEq)]
pub struct DueRevision {
    pub changed_at: String,
    pub old_date: Option<NaiveDate>,
    pub new_date: Option<NaiveDate>,
    pub reason: String,
    pub changed_by: String,
}

/// A certification or compliance regime the service holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Certification {
    pub id: i64,
    pub code: String,
    /// "PSN", "ISO 27001:2013", "PCI DSS" …
    pub name: String,
    /// Who certifies it (the Cabinet Office, an accredited body, the QSA).
    pub body: String,
    pub scope: String,
    pub certified_on: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
    pub frequency: Option<Frequency>,
    pub owner: String,
    pub project_id: Option<i64>,
    pub project_code: Option<String>,
    pub notes: String,
    pub archived: bool,
    pub version: i64,
}

/// One dated assessment of a certification (an annual audit, a quarterly scan).
#[derive(Debug, Clone, PartialEq)]
pub struct CertificationAssessment {
    pub id: i64,
    pub certification_id: i64,
    pub date: NaiveDate,
    pub result: AssessmentResult,
    pub notes: String,
}

/// A certification with its latest assessment, as the views and the report read it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CertificationRow {
    pub certification: Certification,
    pub last: Option<CertificationAssessment>,
}

impl CertificationRow {
    /// When the next assessment falls: a frequency's period after the last assessment (or
    /// the certification, when none has been recorded). None without a frequency.
    pub fn next_assessment(&self) -> Option<NaiveDate> {
        let frequency = self.certification.frequency?;
        let from = self
            .last
            .as_ref()
            .map(|a| a.date)
            .or(self.certification.certified_on)?;
        from.checked_add_months(Months::new(frequency.months()))
    }

    /// The next date that matters: the next assessment or the expiry, whichever comes first.
    pub fn next_date(&self) -> Option<NaiveDate> {
        match (self.next_assessment(), self.certification.expires_on) {
            (Some(a), Some(e)) => Some(a.min(e)),
            (a, e) => a.or(e),
        }
    }

    /// Its standing today: expired (past its expiry), failed (the last assessment failed),
    /// overdue (the next assessment has passed), due (the next date within `due_days`), or
    /// current.
    pub fn status(&self, today: NaiveDate, due_days: i64) -> CertificationStatus {
        if self.certification.expires_on.is_some_and(|e| e < today) {
            return CertificationStatus::Expired;
        }
        if self
            .last
            .as_ref()
            .is_some_and(|a| a.result == AssessmentResult::Fail)
        {
            return CertificationStatus::Failed;
        }
        if self.next_assessment().is_some_and(|d| d < today) {
            return CertificationStatus::Overdue;
        }
        match self.next_date() {
            Some(d) if (d - today).num_days() <= due_days => CertificationStatus::Due,
            _ => CertificationStatus::Current,
        }
    }

    /// An ICT manager's red: lapsed or failed.
    pub fn needs_attention(&self, today: NaiveDate) -> bool {
        !self.certification.archived
            && matches!(
                self.status(today, 0),
                CertificationStatus::Expired | CertificationStatus::Failed
            )
    }
}

/// Outstanding and overdue recommendations by priority (high, medium, low).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PriorityCounts {
    pub outstanding: [usize; 3],
    pub overdue: [usize; 3],
}

impl PriorityCounts {
    pub fn of<'a>(recs: impl IntoIterator<Item = &'a Recommendation>, today: NaiveDate) -> Self {
        let mut counts = PriorityCounts::default();
        for r in recs {
            let i = match r.priority() {
                Priority::High => 0,
                Priority::Medium => 1,
                Priority::Low => 2,
            };
            if r.is_outstanding() {
                counts.outstanding[i] += 1;
            }
            if r.is_overdue(today) {
                counts.overdue[i] += 1;
            }
        }
        counts
    }

    pub fn outstanding_total(&self) -> usize {
        self.outstanding.iter().sum()
    }

    pub fn overdue_total(&self) -> usize {
        self.overdue.iter().sum()
    }
}

/// The assurance figures the portfolio header and triage count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AssuranceAlerts {
    /// High-priority recommendations past their due date.
    pub overdue_high: usize,
    /// Certifications expired or whose last assessment failed.
    pub lapsed_or_failed: usize,
}

impl AssuranceAlerts {
    pub fn of(recs: &[Recommendation], certs: &[CertificationRow], today: NaiveDate) -> Self {
        AssuranceAlerts {
            overdue_high: recs
                .iter()
                .filter(|r| r.priority() == Priority::High && r.is_overdue(today))
                .count(),
            lapsed_or_failed: certs.iter().filter(|c| c.needs_attention(today)).count(),
        }
    }

    pub fn any(&self) -> bool {
        self.overdue_high + self.lapsed_or_failed > 0
    }
}

/// What triage shows of assurance: the high-priority recommendations past their due date and
/// the certifications expired or failed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Exceptions {
    pub recommendations: Vec<Recommendation>,
    pub certifications: Vec<CertificationRow>,
}

impl Exceptions {
    pub fn alerts(&self) -> AssuranceAlerts {
        AssuranceAlerts {
            overdue_high: self.recommendations.len(),
            lapsed_or_failed: self.certifications.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.recommendations.is_empty() && self.certifications.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn words_read_their_labels_in_any_case_and_refuse_others_by_name() {
        assert_eq!(
            "In Progress".parse::<RecommendationStatus>(),
            Ok(RecommendationStatus::InProgress)
        );
        assert_eq!(
            "NOT_ACCEPTED".parse(),
            Ok(RecommendationStatus::NotAccepted)
        );
        assert_eq!("No assurance".parse(), Ok(Assurance::NoAssurance));
        assert_eq!("none".parse(), Ok(Assurance::NoAssurance));
        assert_eq!(
            "pass with actions".parse(),
            Ok(AssessmentResult::PassWithActions)
        );
        assert_eq!(
            "adequate".parse::<Assurance>(),
            Err("'adequate' is not an assurance level (full, substantial, reasonable, limited, none)".into())
        );
        assert!("biannual".parse::<Frequency>().is_err());
    }

    #[test]
    fn overdue_means_past_the_revised_date_and_not_implemented() {
        let today = d("2026-12-01");
        let mut r = Recommendation {
            due_date: Some(d("2026-10-31")),
            priority: Some(Priority::High),
            ..Recommendation::default()
        };
        assert!(r.is_overdue(today));
        assert_eq!(r.days_overdue(today), 31);
        r.revised_due_date = Some(d("2027-01-31"));
        assert!(!r.is_overdue(today), "the revised date counts");
        r.revised_due_date = Some(d("2026-11-30"));
        assert!(r.is_overdue(today));
        r.status = Some(RecommendationStatus::Implemented);
        assert!(!r.is_overdue(today) && !r.is_outstanding());
        r.status = Some(RecommendationStatus::InProgress);
        r.archived = true;
        assert!(!r.is_overdue(today), "archived rows are not counted");
    }

    fn cert(
        frequency: Option<Frequency>,
        expires: &str,
        last: Option<(&str, AssessmentResult)>,
    ) -> CertificationRow {
        CertificationRow {
            certification: Certification {
                certified_on: Some(d("2026-01-15")),
                expires_on: Some(d(expires)),
                frequency,
                ..Certification::default()
            },
            last: last.map(|(date, result)| CertificationAssessment {
                id: 1,
                certification_id: 1,
                date: d(date),
                result,
                notes: String::new(),
            }),
        }
    }

    #[test]
    fn a_certification_status_follows_its_dates_and_last_result() {
        let today = d("2026-12-01");
        use AssessmentResult::*;
        use CertificationStatus::*;
        // Quarterly scans, the last in October: next in January, outside 60 days? 2027-01-10 is 40 days.
        let quarterly = cert(
            Some(Frequency::Quarterly),
            "2027-06-30",
            Some(("2026-10-10", Pass)),
        );
        assert_eq!(quarterly.next_assessment(), Some(d("2027-01-10")));
        assert_eq!(quarterly.status(today, 60), Due);
        assert_eq!(quarterly.status(today, 30), Current);
        let late = cert(
            Some(Frequency::Quarterly),
            "2027-06-30",
            Some(("2026-08-01", Pass)),
        );
        assert_eq!(late.status(today, 60), Overdue);
        let failed = cert(
            Some(Frequency::Quarterly),
            "2027-06-30",
            Some(("2026-11-20", Fail)),
        );
        assert_eq!(failed.status(today, 60), Failed);
        assert!(failed.needs_attention(today));
        let expired = cert(
            Some(Frequency::Annual),
            "2026-11-30",
            Some(("2026-11-20", Pass)),
        );
        assert_eq!(expired.status(today, 60), Expired);
        // No assessments yet: the next counts from the certification date.
        let annual = cert(Some(Frequency::Annual), "2028-01-14", None);
        assert_eq!(annual.next_assessment(), Some(d("2027-01-15")));
        assert_eq!(annual.status(today, 60), Due);
        assert_eq!(annual.status(today, 30), Current);
        assert!(!annual.needs_attention(today));
    }

    #[test]
    fn alerts_count_overdue_high_priority_and_lapsed_or_failed() {
        let today = d("2026-12-01");
        let rec = |priority, due: &str| Recommendation {
            priority: Some(priority),
            due_date: Some(d(due)),
            ..Recommendation::default()
        };
        let recs = [
            rec(Priority::High, "2026-11-01"),
            rec(Priority::Medium, "2026-11-01"),
            rec(Priority::High, "2027-01-01"),
        ];
        let certs = [
            cert(
                Some(Frequency::Quarterly),
                "2027-06-30",
                Some(("2026-11-20", AssessmentResult::Fail)),
            ),
            cert(None, "2026-10-01", None),
            cert(None, "2027-10-01", None),
        ];
        let alerts = AssuranceAlerts::of(&recs, &certs, today);
        assert_eq!(
            alerts,
            AssuranceAlerts {
                overdue_high: 1,
                lapsed_or_failed: 2
            }
        );
        let counts = PriorityCounts::of(&recs, today);
        assert_eq!(counts.outstanding, [2, 1, 0]);
        assert_eq!(counts.overdue, [1, 1, 0]);
    }
}
