//! The assurance registers' CSV columns (DOMAIN.md) and how one row becomes a record: audit
//! recommendations and certifications by code, certifications' assessments by code and date.

use std::io::Read;

use super::csv_table::{Column, ReadOptions, key, optional, required};
use super::registers::{Parsed, read_keyed};
use crate::domain::assurance::{
    AssessmentResult, Assurance, Certification, Frequency, Priority, Recommendation,
    RecommendationStatus,
};
use crate::domain::records::CertificationAssessmentRecord;

/// The order exports write (`auditor` last); import matches headers by name, in any order.
pub const RECOMMENDATION_COLUMNS: [Column; 15] = [
    key("code"),
    required("audit"),
    optional("audit_date"),
    optional("assurance"),
    required("recommendation"),
    optional("priority"),
    optional("owner"),
    optional("action"),
    optional("due_date"),
    optional("revised_due_date"),
    optional("status"),
    optional("implemented_date"),
    optional("evidence"),
    optional("project_code"),
    optional("auditor"),
];

pub const CERTIFICATION_COLUMNS: [Column; 10] = [
    key("code"),
    required("name"),
    optional("body"),
    optional("scope"),
    optional("certified_on"),
    optional("expires_on"),
    optional("frequency"),
    optional("owner"),
    optional("project_code"),
    optional("notes"),
];

pub const CERTIFICATION_ASSESSMENT_COLUMNS: [Column; 4] = [
    key("certification_code"),
    key("date"),
    key("result"),
    optional("notes"),
];

/// Recommendations by code. A blank `audit` or `recommendation` leaves the stored text (a new
/// recommendation needs both); a blank `priority` or `status` leaves the stored word (a new
/// one is medium and open), since neither can be empty in the register.
pub fn parse_recommendations(
    file: &str,
    input: impl Read,
    options: &ReadOptions,
) -> Parsed<Recommendation> {
    read_keyed(
        file,
        input,
        &RECOMMENDATION_COLUMNS,
        options,
        |row| {
            let code = row.required("code")?;
            let audit = row.unless_blank("audit").unwrap_or_default();
            let recommendation = row.unless_blank("recommendation").unwrap_or_default();
            let audit_date = row.optional_date("audit_date");
            let assurance = row.word("assurance", str::parse::<Assurance>);
            let priority = match row.unless_blank("priority") {
                Some(_) => row.word("priority", str::parse::<Priority>),
                None => Some(None),
            };
            let due_date = row.optional_date("due_date");
            let revised_due_date = row.optional_date("revised_due_date");
            let status = match row.unless_blank("status") {
                Some(_) => row.word("status", str::parse::<RecommendationStatus>),
                None => Some(None),
            };
            let implemented_date = row.optional_date("implemented_date");
            Some(Recommendation {
                code,
                audit,
                audit_date: audit_date?,
                auditor: row.text("auditor"),
                assurance: assurance?,
                recommendation,
                priority: priority?,
                owner: row.text("owner"),
                action: row.text("action"),
                due_date: due_date?,
                revised_due_date: revised_due_date?,
                status: status?,
                implemented_date: implemented_date?,
                evidence: row.text("evidence"),
                project_code: Some(row.text("project_code")).filter(|c| !c.is_empty()),
                ..Recommendation::default()
            })
        },
        (
            "code",
            |r: &Recommendation| r.code.clone(),
            |r: &Recommendation| format!("recommendation code '{}'", r.code),
        ),
    )
}

/// Certifications by code. A blank `name` leaves the stored name (a new one needs it).
pub fn parse_certifications(
    file: &str,
    input: impl Read,
    options: &ReadOptions,
) -> Parsed<Certification> {
    read_keyed(
        file,
        input,
        &CERTIFICATION_COLUMNS,
        options,
        |row| {
            let code = row.required("code")?;
            let name = row.unless_blank("name").unwrap_or_default();
            let certified_on = row.optional_date("certified_on");
            let expires_on = row.optional_date("expires_on");
            let frequency = row.word("frequency", str::parse::<Frequency>);
            Some(Certification {
                code,
                name,
                body: row.text("body"),
                scope: row.text("scope"),
                certified_on: certified_on?,
                expires_on: expires_on?,
                frequency: frequency?,
                owner: row.text("owner"),
                project_code: Some(row.text("project_code")).filter(|c| !c.is_empty()),
                notes: row.text("notes"),
                ..Certification::default()
            })
        },
        (
            "code",
            |c: &Certification| c.code.clone(),
            |c: &Certification| format!("certification code '{}'", c.code),
        ),
    )
}

/// Assessments by certification code and date: one a day per certification, as the app
/// records them.
pub fn parse_certification_assessments(
    file: &str,
    input: impl Read,
    options: &ReadOptions,
) -> Parsed<CertificationAssessmentRecord> {
    read_keyed(
        file,
        input,
        &CERTIFICATION_ASSESSMENT_COLUMNS,
        options,
        |row| {
            let certification_code = row.required("certification_code");
            let date = row.date("date");
            let result = row.required_word("result", str::parse::<AssessmentResult>);
            Some(CertificationAssessmentRecord {
                certification_code: certification_code?,
                date: date?,
                result: result?,
                notes: row.text("notes"),
            })
        },
        (
            "date",
            |a: &CertificationAssessmentRecord| format!("{}\u{0}{}", a.certification_code, a.date),
            |a: &CertificationAssessmentRecord| {
                format!(
                    "the {} assessment of {}",
                    crate::domain::dates::iso(a.date),
                    a.certification_code
                )
            },
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECS: &str = "code,audit,audit_date,assurance,recommendation,priority,owner,action,due_date,revised_due_date,status,implemented_date,evidence,project_code,auditor\n";

    fn messages<T: std::fmt::Debug>(result: Parsed<T>) -> Vec<String> {
        result
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn a_good_recommendation_row_reads_its_words_and_dates() {
        let rows = parse_recommendations(
            "r.csv",
            format!(
                "{RECS}AR-1,Cyber Crime,03/04/2026,Limited,Patch the servers,HIGH,Ann,Monthly patching,2026-06-30,,In progress,,,ICT-001,Internal Audit\n"
            )
            .as_bytes(),
            &ReadOptions::default(),
        )
        .unwrap();
        let r = &rows[0].record;
        assert_eq!(r.code, "AR-1");
        // Day-first, the UK rule, as every register reads a date that proves no order.
        assert_eq!(r.audit_date, chrono::NaiveDate::from_ymd_opt(2026, 4, 3));
        assert_eq!(r.assurance, Some(Assurance::Limited));
        assert_eq!(r.priority, Some(Priority::High));
        assert_eq!(r.status, Some(RecommendationStatus::InProgress));
        assert_eq!(r.project_code.as_deref(), Some("ICT-001"));
        assert_eq!(r.auditor, "Internal Audit");
        assert!(rows[0].keep.is_empty(), "{:?}", rows[0].keep);
    }

    #[test]
    fn unknown_words_are_refused_naming_line_field_and_value() {
        let got = messages(parse_recommendations(
            "r.csv",
            format!(
                "{RECS}AR-1,Cyber,,adequate,Patch,urgent,,,,,done,,,,\n\
                 AR-2,Cyber,,,Patch,,,,31/02/2026,,,,,,\n\
                 AR-2,Cyber,,,Again,,,,,,,,,,\n\
                 AR-2,Cyber,,,Twice,,,,,,,,,,\n"
            )
            .as_bytes(),
            &ReadOptions::default(),
        ));
        assert_eq!(
            got,
            [
                "r.csv:2: assurance: 'adequate' is not an assurance level (full, substantial, reasonable, limited, none)",
                "r.csv:2: priority: 'urgent' is not a priority (high, medium, low)",
                "r.csv:2: status: 'done' is not a recommendation status (open, in-progress, implemented, verified, not-accepted, superseded)",
                "r.csv:3: due_date: '31/02/2026' is not a date (use 2026-11-22 or 22/11/2026)",
                "r.csv:5: code: recommendation code 'AR-2' appears more than once (first on line 4)",
            ]
        );
    }

    #[test]
    fn blank_required_text_and_words_are_kept_for_an_update() {
        let rows = parse_recommendations(
            "r.csv",
            "code,status,priority\nAR-1,implemented,\n".as_bytes(),
            &ReadOptions::default(),
        )
        .unwrap();
        let mut keep = rows[0].keep.clone();
        keep.sort_unstable();
        assert_eq!(keep, ["audit", "priority", "recommendation"]);
        assert_eq!(
            rows[0].record.status,
            Some(RecommendationStatus::Implemented)
        );
    }

    #[test]
    fn certifications_and_assessments_validate_their_fields() {
        let got = messages(parse_certifications(
            "c.csv",
            "code,name,frequency,expires_on\nPSN,PSN compliance,biannual,2027-01-31\n".as_bytes(),
            &ReadOptions::default(),
        ));
        assert_eq!(
            got,
            [
                "c.csv:2: frequency: 'biannual' is not an assessment frequency (annual, six-monthly, quarterly, monthly)"
            ]
        );
        let got = messages(parse_certification_assessments(
            "a.csv",
            "certification_code,date,result,notes\n\
             PSN,2026-03-01,passed,\n\
             PSN,,pass,\n\
             PCI,2026-03-01,pass,\n\
             PCI,01/03/2026,fail,\n"
                .as_bytes(),
            &ReadOptions::default(),
        ));
        assert_eq!(
            got,
            [
                "a.csv:2: result: 'passed' is not an assessment result (pass, pass-with-actions, fail)",
                "a.csv:3: date: is required but empty",
                "a.csv:5: date: the 2026-03-01 assessment of PCI appears more than once (first on line 4)",
            ]
        );
    }
}
