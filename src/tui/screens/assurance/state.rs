//! What the assurance view holds: both registers as read, which one is showing, and the
//! search, filter and sort of each.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::Settings;
use crate::domain::assurance::{
    CertificationAssessment, CertificationRow, CertificationStatus, DueRevision, Priority,
    Recommendation,
};
use crate::tui::cursor::Cursor;

/// Both registers with their histories, as one read returns them.
#[derive(Debug, Clone, Default)]
pub struct AssuranceData {
    pub recommendations: Vec<Recommendation>,
    pub certifications: Vec<CertificationRow>,
    /// Due-date revisions by recommendation id, oldest first.
    pub revisions: HashMap<i64, Vec<DueRevision>>,
    /// Assessments by certification id, newest first.
    pub assessments: HashMap<i64, Vec<CertificationAssessment>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Register {
    #[default]
    Recommendations,
    Certifications,
}

/// How the recommendations are ordered: grouped by audit (newest first), or as one list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RecommendationSort {
    #[default]
    Audit,
    Due,
    Priority,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CertificationSort {
    /// The next assessment or expiry first.
    #[default]
    NextDate,
    Name,
    Status,
}

/// What the filter dialog narrows to (None: any).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AssuranceFilter {
    pub audit: Option<String>,
    pub priority: Option<Priority>,
    /// A recommendation status word, `outstanding` or `overdue`.
    pub rec_status: Option<String>,
    pub cert_status: Option<CertificationStatus>,
    pub owner: Option<String>,
}

#[derive(Default)]
pub struct AssuranceState {
    pub data: AssuranceData,
    pub loaded: bool,
    pub register: Register,
    /// The recommendations shown (indexes into `data.recommendations`), in order.
    pub recommendations: Vec<usize>,
    pub certifications: Vec<usize>,
    pub rec_cursor: Cursor,
    pub cert_cursor: Cursor,
    pub rec_sort: RecommendationSort,
    pub cert_sort: CertificationSort,
    pub reverse: bool,
    pub filter: AssuranceFilter,
    pub search: String,
    pub show_archived: bool,
    /// The selected row's detail is open.
    pub detail: bool,
}

impl AssuranceState {
    pub fn selected_recommendation(&self) -> Option<&Recommendation> {
        let i = self.recommendations.get(self.rec_cursor.selected)?;
        self.data.recommendations.get(*i)
    }

    pub fn selected_certification(&self) -> Option<&CertificationRow> {
        let i = self.certifications.get(self.cert_cursor.selected)?;
        self.data.certifications.get(*i)
    }

    /// The cursor and length of the register showing.
    pub fn list(&mut self) -> (&mut Cursor, usize) {
        match self.register {
            Register::Recommendations => (&mut self.rec_cursor, self.recommendations.len()),
            Register::Certifications => (&mut self.cert_cursor, self.certifications.len()),
        }
    }

    /// Filter, search and sort both registers again (on every key that changes them).
    pub fn refresh_visible(&mut self, today: NaiveDate, settings: &Settings, height: usize) {
        let f = &self.filter;
        let words = self.search.trim().to_lowercase();
        let recs = &self.data.recommendations;
        let mut shown: Vec<usize> = (0..recs.len())
            .filter(|&i| {
                let r = &recs[i];
                (self.show_archived || !r.archived)
                    && f.audit
                        .as_ref()
                        .is_none_or(|a| r.audit.eq_ignore_ascii_case(a))
                    && f.priority.is_none_or(|p| r.priority() == p)
                    && f.owner
                        .as_ref()
                        .is_none_or(|o| r.owner.eq_ignore_ascii_case(o))
                    && f.rec_status
                        .as_ref()
                        .is_none_or(|s| rec_status_matches(r, s, today))
                    && (words.is_empty()
                        || [&r.code, &r.audit, &r.recommendation, &r.owner, &r.action]
                            .iter()
                            .any(|t| contains_ignoring_case(t, &words)))
            })
            .collect();
        let key = |i: &usize| {
            let r = &recs[*i];
            let due = r.due().unwrap_or(NaiveDate::MAX);
            match self.rec_sort {
                // Newest audit first; within it the outstanding, most urgent first.
                RecommendationSort::Audit => (
                    std::cmp::Reverse(r.audit_date.unwrap_or(NaiveDate::MIN)),
                    r.audit.to_lowercase(),
                    !r.is_outstanding(),
                    r.priority(),
                    due,
                    r.code.to_lowercase(),
                ),
                RecommendationSort::Due => (
                    std::cmp::Reverse(NaiveDate::MIN),
                    String::new(),
                    !r.is_outstanding(),
                    Priority::High,
                    due,
                    r.code.to_lowercase(),
                ),
                RecommendationSort::Priority => (
                    std::cmp::Reverse(NaiveDate::MIN),
                    String::new(),
                    !r.is_outstanding(),
                    r.priority(),
                    due,
                    r.code.to_lowercase(),
                ),
            }
        };
        shown.sort_by_cached_key(key);
        if self.reverse {
            shown.reverse();
        }
        self.recommendations = shown;
        let certs = &self.data.certifications;
        let due_days = settings.certification_due_days;
        let mut shown: Vec<usize> = (0..certs.len())
            .filter(|&i| {
                let c = &certs[i];
                let cert = &c.certification;
                (self.show_archived || !cert.archived)
                    && f.owner
                        .as_ref()
                        .is_none_or(|o| cert.owner.eq_ignore_ascii_case(o))
                    && f.cert_status.is_none_or(|s| c.status(today, due_days) == s)
                    && (words.is_empty()
                        || [&cert.code, &cert.name, &cert.body, &cert.scope, &cert.owner]
                            .iter()
                            .any(|t| contains_ignoring_case(t, &words)))
            })
            .collect();
        shown.sort_by_cached_key(|i| {
            let c = &certs[*i];
            let next = c.next_date().unwrap_or(NaiveDate::MAX);
            match self.cert_sort {
                CertificationSort::NextDate => (0, next, c.certification.code.to_lowercase()),
                CertificationSort::Name => (0, NaiveDate::MIN, c.certification.name.to_lowercase()),
                CertificationSort::Status => (
                    // The worst first: expired, failed, overdue, due, current.
                    4 - c.status(today, due_days) as u8,
                    next,
                    c.certification.code.to_lowercase(),
                ),
            }
        });
        if self.reverse {
            shown.reverse();
        }
        self.certifications = shown;
        let (len, cursor) = (self.recommendations.len(), &mut self.rec_cursor);
        cursor.keep_visible(len, height);
        let (len, cursor) = (self.certifications.len(), &mut self.cert_cursor);
        cursor.keep_visible(len, height);
    }
}

/// Whether `text` holds the (lower-case) search words.
fn contains_ignoring_case(text: &str, words: &str) -> bool {
    text.to_lowercase().contains(words)
}

/// A recommendation filter's status: a status word, `outstanding` or `overdue`.
fn rec_status_matches(r: &Recommendation, wanted: &str, today: NaiveDate) -> bool {
    match wanted {
        "outstanding" => r.is_outstanding(),
        "overdue" => r.is_overdue(today),
        word => r.status().as_str() == word,
    }
}
