//! Settings that must agree across every user of one database file (stored in it).

use super::{CaseKind, RagScale};

#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub rag_scale: RagScale,
    /// A live project with no status update for this many days is stale (reviewed monthly).
    pub stale_after_days: i64,
    /// Forecast end later than baseline by more than this many days suggests red.
    pub schedule_tolerance_days: i64,
    pub due_soon_days: i64,
    /// "Worsening" compares the RAG now with the RAG this many days ago.
    pub review_period_days: i64,
    pub risk_low_max: u8,
    pub risk_medium_max: u8,
    pub risk_high_max: u8,
    /// Scores above this are outside appetite.
    pub risk_appetite: u8,
    /// Resolution targets in hours, indexed by priority 1..=4.
    pub sla_incident_hours: [u32; 4],
    pub sla_request_hours: [u32; 4],
    pub sla_warn_percent: u8,
    /// A certification is due when its next assessment or expiry is this many days away.
    pub certification_due_days: i64,
    /// The committee report's front sheet (the Word document), each empty when not set: the
    /// council or shared service at its top, the committee, the title and the author.
    pub report_council: String,
    pub report_committee: String,
    pub report_title: String,
    pub report_author: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            rag_scale: RagScale::Three,
            stale_after_days: 30,
            schedule_tolerance_days: 30,
            due_soon_days: 14,
            review_period_days: 30,
            risk_low_max: 3,
            risk_medium_max: 6,
            risk_high_max: 12,
            risk_appetite: 12,
            sla_incident_hours: [4, 8, 24, 72],
            sla_request_hours: [24, 48, 120, 240],
            sla_warn_percent: 75,
            certification_due_days: 60,
            report_council: String::new(),
            report_committee: String::new(),
            report_title: String::new(),
            report_author: String::new(),
        }
    }
}

impl Settings {
    /// The lowest score in the high band: "open risks at or above the high band".
    pub fn high_risk_min_score(&self) -> u8 {
        self.risk_medium_max + 1
    }

    pub fn sla_target_hours(&self, kind: CaseKind, priority: u8) -> Option<u32> {
        let index = usize::from(priority.clamp(1, 4) - 1);
        match kind {
            CaseKind::Incident => Some(self.sla_incident_hours[index]),
            CaseKind::Request => Some(self.sla_request_hours[index]),
            CaseKind::Problem | CaseKind::Change => None,
        }
    }

    /// Key/value pairs as stored in the settings table.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let join = |v: &[u32; 4]| v.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
        vec![
            ("rag_scale", self.rag_scale.points().to_string()),
            ("stale_after_days", self.stale_after_days.to_string()),
            (
                "schedule_tolerance_days",
                self.schedule_tolerance_days.to_string(),
            ),
            ("due_soon_days", self.due_soon_days.to_string()),
            ("review_period_days", self.review_period_days.to_string()),
            ("risk_low_max", self.risk_low_max.to_string()),
            ("risk_medium_max", self.risk_medium_max.to_string()),
            ("risk_high_max", self.risk_high_max.to_string()),
            ("risk_appetite", self.risk_appetite.to_string()),
            ("sla_incident_hours", join(&self.sla_incident_hours)),
            ("sla_request_hours", join(&self.sla_request_hours)),
            ("sla_warn_percent", self.sla_warn_percent.to_string()),
            (
                "certification_due_days",
                self.certification_due_days.to_string(),
            ),
            ("report_council", self.report_council.clone()),
            ("report_committee", self.report_committee.clone()),
            ("report_title", self.report_title.clone()),
            ("report_author", self.report_author.clone()),
        ]
    }

    /// Apply one stored pair. Unknown keys (from a newer minor version) are ignored;
    /// an unreadable value is an error naming the key.
    pub fn apply(&mut self, key: &str, value: &str) -> Result<(), String> {
        let bad = || format!("setting {key} has an unreadable value '{value}'");
        let int = || value.trim().parse::<i64>().map_err(|_| bad());
        let small = || value.trim().parse::<u8>().map_err(|_| bad());
        let hours = || -> Result<[u32; 4], String> {
            let parts: Vec<u32> = value
                .split(',')
                .map(|p| p.trim().parse::<u32>())
                .collect::<Result<_, _>>()
                .map_err(|_| bad())?;
            parts.try_into().map_err(|_| bad())
        };
        match key {
            "rag_scale" => self.rag_scale = RagScale::from_points(int()?).ok_or_else(bad)?,
            "stale_after_days" => self.stale_after_days = int()?,
            "schedule_tolerance_days" => self.schedule_tolerance_days = int()?,
            "due_soon_days" => self.due_soon_days = int()?,
            "review_period_days" => self.review_period_days = int()?,
            "risk_low_max" => self.risk_low_max = small()?,
            "risk_medium_max" => self.risk_medium_max = small()?,
            "risk_high_max" => self.risk_high_max = small()?,
            "risk_appetite" => self.risk_appetite = small()?,
            "sla_incident_hours" => self.sla_incident_hours = hours()?,
            "sla_request_hours" => self.sla_request_hours = hours()?,
            "sla_warn_percent" => self.sla_warn_percent = small()?,
            "certification_due_days" => self.certification_due_days = int()?,
            // Text as stored: `settings set` has already cleaned and limited it.
            "report_council" => self.report_council = value.to_string(),
            "report_committee" => self.report_committee = value.to_string(),
            "report_title" => self.report_title = value.to_string(),
            "report_author" => self.report_author = value.to_string(),
            _ => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_round_trip() {
        let mut custom = Settings {
            rag_scale: RagScale::Five,
            stale_after_days: 45,
            sla_incident_hours: [2, 6, 20, 60],
            report_committee: "Audit and Governance Committee".into(),
            report_author: "Head of ICT, Shared Service".into(),
            ..Settings::default()
        };
        custom.risk_appetite = 9;
        let mut restored = Settings::default();
        for (key, value) in custom.to_pairs() {
            restored.apply(key, &value).unwrap();
        }
        assert_eq!(restored, custom);
    }

    #[test]
    fn bad_values_name_the_key() {
        let mut s = Settings::default();
        let err = s.apply("rag_scale", "4").unwrap_err();
        assert!(err.contains("rag_scale"), "{err}");
        assert!(s.apply("sla_request_hours", "1,2,3").is_err());
        assert!(s.apply("stale_after_days", "soon").is_err());
        assert!(s.apply("some_future_key", "x").is_ok());
    }

    #[test]
    fn sla_targets_by_kind_and_priority() {
        let s = Settings::default();
        assert_eq!(s.sla_target_hours(CaseKind::Incident, 1), Some(4));
        assert_eq!(s.sla_target_hours(CaseKind::Request, 4), Some(240));
        assert_eq!(s.sla_target_hours(CaseKind::Change, 2), None);
        assert_eq!(s.high_risk_min_score(), 7);
    }
}
