//! The report's assurance sections, in the words council reports use: "There are 3 outstanding
//! recommendations relating to the Cyber Crime audit", "continued to pass PCI DSS quarterly
//! tests". Both registers are the shared service's, not one organisation's, so a report for
//! one organisation shows them whole. Each section is left out when its register has no live
//! rows, so a plan without assurance data gives the same report as before.

use std::cmp::Reverse;
use std::collections::HashMap;

use chrono::NaiveDate;

use super::cells::{number, opt_date, plural, text};
use super::{Block, Cell};
use crate::domain::assurance::{
    AssessmentResult, Assurance, CertificationAssessment, CertificationRow, CertificationStatus,
    Frequency, PriorityCounts, Recommendation, RecommendationStatus,
};
use crate::domain::dates::display;
use crate::domain::text::same_name;

/// One audit's recommendations as the report groups them.
struct Audit<'a> {
    name: &'a str,
    /// The first recorded on any of its recommendations (they share one audit).
    assurance: Option<Assurance>,
    date: Option<NaiveDate>,
    outstanding: Vec<&'a Recommendation>,
}

/// Recommendations grouped by audit name (any case), in the order the register lists them.
fn audits<'a>(recs: &[&'a Recommendation]) -> Vec<Audit<'a>> {
    let mut audits: Vec<Audit<'a>> = Vec::new();
    for &r in recs {
        let index = match audits.iter().position(|a| same_name(a.name, &r.audit)) {
            Some(i) => i,
            None => {
                audits.push(Audit {
                    name: r.audit.trim(),
                    assurance: None,
                    date: None,
                    outstanding: Vec::new(),
                });
                audits.len() - 1
            }
        };
        let audit = &mut audits[index];
        audit.assurance = audit.assurance.or(r.assurance);
        audit.date = audit.date.or(r.audit_date);
        if r.is_outstanding() {
            audit.outstanding.push(r);
        }
    }
    audits
}

/// "the Cyber Crime audit", but "the SOCITM review" (no "review audit").
fn audit_phrase(name: &str) -> String {
    if name.is_empty() {
        return "an unnamed audit".into();
    }
    let lower = name.to_lowercase();
    if ["audit", "review", "assessment", "inspection"]
        .iter()
        .any(|w| lower.ends_with(w))
    {
        format!("the {name}")
    } else {
        format!("the {name} audit")
    }
}

/// "limited assurance", "no assurance".
fn assurance_words(assurance: Assurance) -> String {
    match assurance {
        Assurance::NoAssurance => "no assurance".into(),
        a => format!("{} assurance", a.label().to_lowercase()),
    }
}

/// " (limited assurance, March 2026)", or less, or nothing.
fn audit_detail(audit: &Audit<'_>) -> String {
    let parts: Vec<String> = audit
        .assurance
        .map(assurance_words)
        .into_iter()
        .chain(audit.date.map(|d| d.format("%B %Y").to_string()))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

/// "There are 3 outstanding recommendations relating to the Cyber Crime audit (limited
/// assurance, March 2026): 1 high, 2 medium; 1 is overdue."
fn audit_paragraph(audit: &Audit<'_>, counts: &PriorityCounts) -> String {
    let n = counts.outstanding_total();
    let (verb, noun) = if n == 1 {
        ("is", "recommendation")
    } else {
        ("are", "recommendations")
    };
    let priorities = ["high", "medium", "low"]
        .into_iter()
        .zip(counts.outstanding)
        .filter(|(_, count)| *count > 0)
        .map(|(word, count)| format!("{count} {word}"))
        .collect::<Vec<_>>()
        .join(", ");
    let overdue = match counts.overdue_total() {
        0 => "none is overdue".to_string(),
        1 => "1 is overdue".to_string(),
        k => format!("{k} are overdue"),
    };
    format!(
        "There {verb} {n} outstanding {noun} relating to {}{}: {priorities}; {overdue}.",
        audit_phrase(audit.name),
        audit_detail(audit)
    )
}

fn or_dash(text: &str) -> String {
    match text.trim() {
        "" => "—".into(),
        t => t.to_string(),
    }
}

/// The date it is due by, with the date it replaced: "31 Oct 2026 (revised from 30 Jun 2026)".
fn due_words(r: &Recommendation) -> String {
    match (r.revised_due_date, r.due_date) {
        (Some(revised), Some(original)) if revised != original => {
            format!("{} (revised from {})", display(revised), display(original))
        }
        (Some(revised), None) => format!("{} (revised)", display(revised)),
        _ => opt_date(r.due()),
    }
}

/// "ICT audit recommendations": a paragraph per audit with outstanding recommendations, the
/// outstanding ones by audit and priority, the overdue ones with their agreed actions, and
/// those implemented since `since`. Nothing when the register has no live recommendation.
pub fn recommendations(recs: &[Recommendation], today: NaiveDate, since: NaiveDate) -> Vec<Block> {
    let live: Vec<&Recommendation> = recs.iter().filter(|r| !r.archived).collect();
    if live.is_empty() {
        return Vec::new();
    }
    let mut blocks = vec![Block::Heading(2, "ICT audit recommendations".into())];
    let open: Vec<(Audit<'_>, PriorityCounts)> = audits(&live)
        .into_iter()
        .filter(|a| !a.outstanding.is_empty())
        .map(|a| {
            let counts = PriorityCounts::of(a.outstanding.iter().copied(), today);
            (a, counts)
        })
        .collect();
    if open.is_empty() {
        blocks.push(Block::Paragraph(
            "There are no outstanding audit recommendations.".into(),
        ));
    } else {
        for (audit, counts) in &open {
            blocks.push(Block::Paragraph(audit_paragraph(audit, counts)));
        }
        let mut rows: Vec<Vec<Cell>> = open
            .iter()
            .map(|(audit, counts)| {
                let [high, medium, low] = counts.outstanding;
                vec![
                    text(or_dash(audit.name)),
                    text(audit.assurance.map_or("—", |a| a.label())),
                    number(high),
                    number(medium),
                    number(low),
                    number(counts.overdue_total()),
                ]
            })
            .collect();
        if open.len() > 1 {
            let total = |i: usize| open.iter().map(|(_, c)| c.outstanding[i]).sum::<usize>();
            rows.push(vec![
                text("Total"),
                text(""),
                number(total(0)),
                number(total(1)),
                number(total(2)),
                number(open.iter().map(|(_, c)| c.overdue_total()).sum::<usize>()),
            ]);
        }
        blocks.push(Block::Table {
            headers: ["Audit", "Assurance", "High", "Medium", "Low", "Overdue"]
                .map(String::from)
                .to_vec(),
            rows,
        });

        let mut overdue: Vec<&Recommendation> = live
            .iter()
            .copied()
            .filter(|r| r.is_overdue(today))
            .collect();
        overdue.sort_by_key(|r| (Reverse(r.days_overdue(today)), r.code.clone()));
        if !overdue.is_empty() {
            blocks.push(Block::Heading(3, "Overdue recommendations".into()));
            blocks.push(Block::Table {
                headers: [
                    "Recommendation",
                    "Audit",
                    "Agreed action",
                    "Owner",
                    "Due",
                    "Days overdue",
                ]
                .map(String::from)
                .to_vec(),
                rows: overdue
                    .iter()
                    .map(|r| {
                        vec![
                            text(format!("{} {}", r.code, r.recommendation.trim())),
                            text(or_dash(&r.audit)),
                            text(or_dash(&r.action)),
                            text(or_dash(&r.owner)),
                            text(due_words(r)),
                            number(r.days_overdue(today)),
                        ]
                    })
                    .collect(),
            });
        }
    }

    blocks.push(Block::Heading(
        3,
        "Implemented since the last report".into(),
    ));
    let mut implemented: Vec<&Recommendation> = live
        .iter()
        .copied()
        .filter(|r| {
            matches!(
                r.status(),
                RecommendationStatus::Implemented | RecommendationStatus::Verified
            ) && r.implemented_date.is_some_and(|d| d >= since && d <= today)
        })
        .collect();
    implemented.sort_by_key(|r| (r.implemented_date, r.code.clone()));
    if implemented.is_empty() {
        blocks.push(Block::Paragraph(
            "No recommendation was implemented since the last report.".into(),
        ));
    } else {
        blocks.push(Block::Bullets(
            implemented
                .iter()
                .map(|r| {
                    let verified = if r.status() == RecommendationStatus::Verified {
                        " and verified"
                    } else {
                        ""
                    };
                    format!(
                        "{} {} ({}): implemented {}{verified}",
                        r.code,
                        r.recommendation.trim(),
                        or_dash(&r.audit),
                        opt_date(r.implemented_date)
                    )
                })
                .collect(),
        ));
    }
    blocks
}

/// The name a councillor knows it by (its code when it has none).
fn cert_name(c: &CertificationRow) -> String {
    match c.certification.name.trim() {
        "" => c.certification.code.trim().to_string(),
        name => name.to_string(),
    }
}

/// "Pass with actions, 1 May 2026".
fn last_words(c: &CertificationRow) -> String {
    match &c.last {
        Some(a) => format!("{}, {}", a.result.label(), display(a.date)),
        None => "None recorded".into(),
    }
}

fn result_verb(result: AssessmentResult) -> &'static str {
    match result {
        AssessmentResult::Pass => "passed",
        AssessmentResult::PassWithActions => "passed with actions",
        AssessmentResult::Fail => "failed",
    }
}

fn frequency_word(frequency: Option<Frequency>) -> String {
    frequency
        .map(|f| format!("{} ", f.label().to_lowercase()))
        .unwrap_or_default()
}

/// "PCI DSS: quarterly assessment passed on 12 Oct 2026 (ASV scan clean)".
fn assessment_words(c: &CertificationRow, a: &CertificationAssessment) -> String {
    let notes = match a.notes.trim() {
        "" => String::new(),
        notes => format!(" ({notes})"),
    };
    format!(
        "{}: {}assessment {} on {}{notes}",
        cert_name(c),
        frequency_word(c.certification.frequency),
        result_verb(a.result),
        display(a.date)
    )
}

/// What a certification that is not current needs, in a clause: "PSN expired on 14 Jan 2026".
fn attention_words(c: &CertificationRow, status: CertificationStatus) -> String {
    let name = cert_name(c);
    match status {
        CertificationStatus::Expired => {
            format!("{name} expired on {}", opt_date(c.certification.expires_on))
        }
        CertificationStatus::Failed => format!(
            "{name} failed its last assessment on {}",
            opt_date(c.last.as_ref().map(|a| a.date))
        ),
        CertificationStatus::Overdue => format!(
            "{name} is overdue for assessment (due {})",
            opt_date(c.next_assessment())
        ),
        CertificationStatus::Due => {
            let next = c.next_date();
            let what = if next.is_some() && next == c.certification.expires_on {
                "renewal"
            } else {
                "assessment"
            };
            format!("{name} is due for {what} by {}", opt_date(next))
        }
        CertificationStatus::Current => format!("{name} is current"),
    }
}

/// "Compliance and certification": every live certification with its standing today, then
/// the assessments recorded from `since` to `today` and the certifications that are not
/// current, named. Nothing when there is no live certification.
pub fn certifications(
    certs: &[CertificationRow],
    assessments: &[CertificationAssessment],
    today: NaiveDate,
    since: NaiveDate,
    due_days: i64,
) -> Vec<Block> {
    let live: Vec<(&CertificationRow, CertificationStatus)> = certs
        .iter()
        .filter(|c| !c.certification.archived)
        .map(|c| (c, c.status(today, due_days)))
        .collect();
    if live.is_empty() {
        return Vec::new();
    }
    let mut blocks = vec![Block::Heading(2, "Compliance and certification".into())];
    let by_status: Vec<String> = CertificationStatus::ALL
        .iter()
        .filter_map(|status| {
            let n = live.iter().filter(|(_, s)| s == status).count();
            (n > 0).then(|| format!("{n} {}", status.label().to_lowercase()))
        })
        .collect();
    blocks.push(Block::Paragraph(format!(
        "{} held: {}.",
        plural(live.len(), "certification is", "certifications are"),
        by_status.join(", ")
    )));
    blocks.push(Block::Table {
        headers: [
            "Certification",
            "Certifying body",
            "Status",
            "Last assessment",
            "Next date",
            "Expires",
        ]
        .map(String::from)
        .to_vec(),
        rows: live
            .iter()
            .map(|(c, status)| {
                vec![
                    text(cert_name(c)),
                    text(or_dash(&c.certification.body)),
                    text(status.label()),
                    text(last_words(c)),
                    text(opt_date(c.next_date())),
                    text(opt_date(c.certification.expires_on)),
                ]
            })
            .collect(),
    });

    blocks.push(Block::Heading(3, "Changes since the last report".into()));
    let by_id: HashMap<i64, &CertificationRow> =
        live.iter().map(|(c, _)| (c.certification.id, *c)).collect();
    let mut changes: Vec<(&CertificationRow, &CertificationAssessment)> = assessments
        .iter()
        .filter(|a| a.date >= since && a.date <= today)
        .filter_map(|a| Some((*by_id.get(&a.certification_id)?, a)))
        .collect();
    changes.sort_by_key(|(c, a)| (a.date, cert_name(c)));
    if changes.is_empty() {
        blocks.push(Block::Paragraph(
            "No assessment was recorded since the last report.".into(),
        ));
    } else {
        blocks.push(Block::Bullets(
            changes
                .iter()
                .map(|(c, a)| assessment_words(c, a))
                .collect(),
        ));
    }
    let mut attention: Vec<(&CertificationRow, CertificationStatus)> = live
        .iter()
        .copied()
        .filter(|(_, s)| *s != CertificationStatus::Current)
        .collect();
    // Worst first: expired, failed, overdue, due.
    attention.sort_by_key(|(c, s)| (Reverse(*s), cert_name(c)));
    blocks.push(Block::Paragraph(if attention.is_empty() {
        "Every certification is current.".to_string()
    } else {
        format!(
            "{}: {}.",
            plural(
                attention.len(),
                "certification needs attention",
                "certifications need attention"
            ),
            attention
                .iter()
                .map(|(c, s)| attention_words(c, *s))
                .collect::<Vec<_>>()
                .join("; ")
        )
    }));
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::assurance::{Certification, Priority};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn rec(code: &str, audit: &str, priority: Priority, due: &str) -> Recommendation {
        Recommendation {
            code: code.into(),
            audit: audit.into(),
            audit_date: Some(d("2026-03-10")),
            assurance: Some(Assurance::Limited),
            recommendation: format!("Recommendation {code}"),
            priority: Some(priority),
            action: format!("Action {code}"),
            owner: "Ann Lee".into(),
            due_date: Some(d(due)),
            ..Recommendation::default()
        }
    }

    fn paragraphs(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some(p.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn an_empty_register_adds_nothing() {
        let today = d("2026-12-01");
        assert!(recommendations(&[], today, d("2026-10-01")).is_empty());
        let archived = Recommendation {
            archived: true,
            ..rec("AR-1", "Cyber Crime", Priority::High, "2026-01-01")
        };
        assert!(recommendations(&[archived], today, d("2026-10-01")).is_empty());
        assert!(certifications(&[], &[], today, d("2026-10-01"), 60).is_empty());
    }

    #[test]
    fn each_audit_reads_as_the_seed_reports_say_it() {
        let today = d("2026-12-01");
        let recs = [
            rec("AR-1", "Cyber Crime", Priority::High, "2026-10-31"),
            rec("AR-2", "Cyber Crime", Priority::Medium, "2027-01-31"),
            rec("AR-3", "cyber crime", Priority::Medium, "2027-02-28"),
            Recommendation {
                assurance: Some(Assurance::Reasonable),
                audit_date: None,
                ..rec("SR-1", "SOCITM review", Priority::Low, "2027-03-31")
            },
        ];
        let blocks = recommendations(&recs, today, d("2026-10-01"));
        let paras = paragraphs(&blocks);
        assert_eq!(
            paras[0],
            "There are 3 outstanding recommendations relating to the Cyber Crime audit \
             (limited assurance, March 2026): 1 high, 2 medium; 1 is overdue."
        );
        assert_eq!(
            paras[1],
            "There is 1 outstanding recommendation relating to the SOCITM review \
             (reasonable assurance): 1 low; none is overdue."
        );
        let overdue = blocks
            .iter()
            .find_map(|b| match b {
                Block::Table { headers, rows } if headers[0] == "Recommendation" => {
                    Some(rows.clone())
                }
                _ => None,
            })
            .unwrap();
        assert_eq!(overdue.len(), 1);
        assert_eq!(overdue[0][0].text(), "AR-1 Recommendation AR-1");
        assert_eq!(overdue[0][5].text(), "31");
    }

    #[test]
    fn a_certification_that_is_not_current_is_named() {
        let today = d("2026-12-01");
        let cert = |id, name: &str, expires: &str| CertificationRow {
            certification: Certification {
                id,
                name: name.into(),
                certified_on: Some(d("2026-01-15")),
                expires_on: Some(d(expires)),
                frequency: Some(Frequency::Quarterly),
                ..Certification::default()
            },
            last: None,
        };
        let fail = CertificationAssessment {
            id: 1,
            certification_id: 1,
            date: d("2026-11-20"),
            result: AssessmentResult::Fail,
            notes: String::new(),
        };
        let mut pci = cert(1, "PCI DSS", "2027-06-30");
        pci.last = Some(fail.clone());
        let psn = cert(2, "PSN", "2026-11-30");
        let blocks = certifications(&[pci, psn], &[fail], today, d("2026-10-01"), 60);
        let paras = paragraphs(&blocks);
        assert_eq!(paras[0], "2 certifications are held: 1 failed, 1 expired.");
        assert!(blocks.contains(&Block::Bullets(vec![
            "PCI DSS: quarterly assessment failed on 20 Nov 2026".into()
        ])));
        assert_eq!(
            paras.last().unwrap(),
            "2 certifications need attention: PSN expired on 30 Nov 2026; PCI DSS failed its \
             last assessment on 20 Nov 2026."
        );
    }
}
