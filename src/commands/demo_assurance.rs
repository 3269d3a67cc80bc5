//! The demo's assurance registers: audit recommendations, certifications and their dated
//! assessments, read from `assets/demo/` through the parsers users' files go through and moved
//! to today with the rest of the demo.

use super::demo_shift::{Shift, take};
use crate::domain::records::{ImportBatch, Problem};
use crate::io::assurance;
use crate::io::csv_table::ReadOptions;

const RECOMMENDATIONS: &str = include_str!("../../assets/demo/recommendations.csv");
const CERTIFICATIONS: &str = include_str!("../../assets/demo/certifications.csv");
const ASSESSMENTS: &str = include_str!("../../assets/demo/certification_assessments.csv");

/// Read the three files into `batch`, adding their problems to the other files' so every
/// mistake is listed at once.
pub(super) fn read(batch: &mut ImportBatch, opts: &ReadOptions, problems: &mut Vec<Problem>) {
    batch.recommendations = take(
        assurance::parse_recommendations("recommendations.csv", RECOMMENDATIONS.as_bytes(), opts),
        problems,
    );
    batch.certifications = take(
        assurance::parse_certifications("certifications.csv", CERTIFICATIONS.as_bytes(), opts),
        problems,
    );
    batch.certification_assessments = take(
        assurance::parse_certification_assessments(
            "certification_assessments.csv",
            ASSESSMENTS.as_bytes(),
            opts,
        ),
        problems,
    );
}

/// Move every date by the same days, due dates and expiries included, so each
/// recommendation and certification stands today as it stood at the anchor.
pub(super) fn shift(batch: &mut ImportBatch, shift: &Shift) {
    for r in &mut batch.recommendations {
        let r = &mut r.record;
        shift.opt_date(&mut r.audit_date);
        shift.opt_date(&mut r.due_date);
        shift.opt_date(&mut r.revised_due_date);
        shift.opt_date(&mut r.implemented_date);
    }
    for c in &mut batch.certifications {
        let c = &mut c.record;
        shift.opt_date(&mut c.certified_on);
        shift.opt_date(&mut c.expires_on);
    }
    for a in &mut batch.certification_assessments {
        shift.date(&mut a.record.date);
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::commands::demo::{build_demo, demo_batch};
    use crate::domain::assurance::{
        AssessmentResult, Assurance, AssuranceAlerts, CertificationAssessment, CertificationRow,
        CertificationStatus, Frequency, Priority, PriorityCounts, Recommendation,
    };
    use crate::domain::settings::Settings;
    use crate::store::{OpenMode, Store};

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    const ONE_OVERDUE_HIGH: AssuranceAlerts = AssuranceAlerts {
        overdue_high: 1,
        lapsed_or_failed: 0,
    };

    /// What the app reads back from a built demo, at the anchor (assets/demo/ANCHOR).
    #[test]
    fn the_demo_has_one_limited_audit_one_overdue_high_action_and_one_certification_due() {
        let today = day("2026-11-22");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("demo.db");
        build_demo(&path, today.and_hms_opt(9, 0, 0).unwrap(), "Test User").unwrap();
        let store = Store::open(&path, OpenMode::MustExist).unwrap();
        let recs = store.recommendations().unwrap();
        let certs = store.certifications().unwrap();
        assert_eq!(AssuranceAlerts::of(&recs, &certs, today), ONE_OVERDUE_HIGH);

        let limited: Vec<&Recommendation> = recs
            .iter()
            .filter(|r| r.assurance == Some(Assurance::Limited))
            .collect();
        assert!(limited.iter().all(|r| r.audit == "Cyber Crime"));
        assert_eq!(limited.iter().filter(|r| r.is_outstanding()).count(), 3);
        let overdue: Vec<_> = recs
            .iter()
            .filter(|r| r.is_overdue(today))
            .map(|r| (r.code.as_str(), r.priority(), r.days_overdue(today)))
            .collect();
        assert_eq!(overdue, [("CC-01", Priority::High, 53)]);
        assert_eq!(
            PriorityCounts::of(&recs, today),
            PriorityCounts {
                outstanding: [4, 4, 2],
                overdue: [1, 0, 0],
            }
        );
        assert!(
            recs.iter()
                .filter(|r| r.assurance == Some(Assurance::Full))
                .all(|r| !r.is_outstanding() && r.implemented_date.is_some())
        );
        // The SOCITM plan's Microsoft 365 action moved its date, so it is not overdue.
        let m365 = recs.iter().find(|r| r.code == "SOC-02").unwrap();
        assert_eq!(m365.audit, "SOCITM review");
        assert_eq!(m365.project_code.as_deref(), Some("ICT-007"));
        assert!(m365.revised_due_date.is_some() && m365.is_outstanding());
        assert!(!m365.is_overdue(today));

        let due_days = store.settings().unwrap().certification_due_days;
        assert_eq!(due_days, Settings::default().certification_due_days);
        let statuses: Vec<(&str, CertificationStatus)> = certs
            .iter()
            .map(|c| (c.certification.code.as_str(), c.status(today, due_days)))
            .collect();
        let due: Vec<&str> = statuses
            .iter()
            .filter(|(_, s)| *s == CertificationStatus::Due)
            .map(|(code, _)| *code)
            .collect();
        assert_eq!(due, ["PSN"]);
        assert!(
            statuses.iter().all(|(_, s)| matches!(
                *s,
                CertificationStatus::Current | CertificationStatus::Due
            )),
            "{statuses:?}"
        );
        let psn = certs
            .iter()
            .find(|c| c.certification.code == "PSN")
            .unwrap();
        assert_eq!(psn.certification.project_code.as_deref(), Some("ICT-027"));
        assert_eq!(psn.certification.body, "Cabinet Office");
        let pci = certs
            .iter()
            .find(|c| c.certification.code == "PCI-DSS")
            .unwrap();
        assert_eq!(pci.certification.frequency, Some(Frequency::Quarterly));
        let scans = store
            .certification_assessments(pci.certification.id)
            .unwrap();
        assert_eq!(scans.len(), 4);
        assert!(scans.iter().all(|a| a.result == AssessmentResult::Pass));
    }

    /// Every date moves by the same days, so the standing is the same on any day the demo is
    /// built (month ends and a leap day included, where adding months rounds).
    #[test]
    fn the_demo_assurance_standing_holds_whatever_today_is() {
        for text in [
            "2026-11-22",
            "2025-06-30",
            "2027-02-28",
            "2027-08-31",
            "2028-02-29",
        ] {
            let today = day(text);
            let batch = demo_batch(today).unwrap();
            let recs: Vec<Recommendation> = batch
                .recommendations
                .iter()
                .map(|r| r.record.clone())
                .collect();
            let certs: Vec<CertificationRow> = batch
                .certifications
                .iter()
                .map(|c| CertificationRow {
                    certification: c.record.clone(),
                    last: batch
                        .certification_assessments
                        .iter()
                        .map(|a| &a.record)
                        .filter(|a| a.certification_code == c.record.code)
                        .max_by_key(|a| a.date)
                        .map(|a| CertificationAssessment {
                            id: 0,
                            certification_id: 0,
                            date: a.date,
                            result: a.result,
                            notes: a.notes.clone(),
                        }),
                })
                .collect();
            assert_eq!(
                AssuranceAlerts::of(&recs, &certs, today),
                ONE_OVERDUE_HIGH,
                "{today}"
            );
            let due_days = Settings::default().certification_due_days;
            let statuses: Vec<(&str, CertificationStatus)> = certs
                .iter()
                .map(|c| (c.certification.code.as_str(), c.status(today, due_days)))
                .collect();
            let expected: Vec<(&str, CertificationStatus)> = statuses
                .iter()
                .map(|(code, _)| {
                    let status = if *code == "PSN" {
                        CertificationStatus::Due
                    } else {
                        CertificationStatus::Current
                    };
                    (*code, status)
                })
                .collect();
            assert_eq!(statuses, expected, "{today}");
        }
    }
}
