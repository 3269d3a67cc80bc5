//! The assurance registers: audit recommendations (with their due-date revisions) and
//! certifications (with their dated assessments). Small tables: each is read whole.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};

use super::audit::{self, AuditRow};
use super::edit::Actor;
use super::row::{date, parsed};
use super::{Result, Store, StoreError, classify};
use crate::domain::assurance::{
    AssessmentResult, Certification, CertificationAssessment, CertificationRow, DueRevision,
    Exceptions, Recommendation,
};
use crate::domain::dates;

const RECOMMENDATION_SQL: &str = "
SELECT r.id, r.code, r.audit, r.audit_date, r.auditor, r.assurance, r.recommendation,
       r.priority, r.owner, r.action, r.due_date, r.revised_due_date, r.status,
       r.implemented_date, r.evidence, r.project_id, p.code, r.archived, r.version
FROM recommendations r LEFT JOIN projects p ON p.id = r.project_id";

const CERTIFICATION_SQL: &str = "
SELECT c.id, c.code, c.name, c.body, c.scope, c.certified_on, c.expires_on, c.frequency,
       c.owner, c.project_id, p.code, c.notes, c.archived, c.version
FROM certifications c LEFT JOIN projects p ON p.id = c.project_id";

const ASSESSMENT_SQL: &str =
    "SELECT id, certification_id, assessed_on, result, notes FROM certification_assessments";

/// An optional domain word: NULL or empty is none; anything else must read.
fn word<T>(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<T>>
where
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    let text: Option<String> = row.get(idx)?;
    match text.filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(_) => parsed(row, idx).map(Some),
    }
}

fn recommendation(r: &Row<'_>) -> rusqlite::Result<Recommendation> {
    Ok(Recommendation {
        id: r.get(0)?,
        code: r.get(1)?,
        audit: r.get(2)?,
        audit_date: date(r, 3)?,
        auditor: r.get(4)?,
        assurance: word(r, 5)?,
        recommendation: r.get(6)?,
        priority: word(r, 7)?,
        owner: r.get(8)?,
        action: r.get(9)?,
        due_date: date(r, 10)?,
        revised_due_date: date(r, 11)?,
        status: word(r, 12)?,
        implemented_date: date(r, 13)?,
        evidence: r.get(14)?,
        project_id: r.get(15)?,
        project_code: r.get(16)?,
        archived: r.get::<_, i64>(17)? != 0,
        version: r.get(18)?,
    })
}

fn certification(r: &Row<'_>) -> rusqlite::Result<Certification> {
    Ok(Certification {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        body: r.get(3)?,
        scope: r.get(4)?,
        certified_on: date(r, 5)?,
        expires_on: date(r, 6)?,
        frequency: word(r, 7)?,
        owner: r.get(8)?,
        project_id: r.get(9)?,
        project_code: r.get(10)?,
        notes: r.get(11)?,
        archived: r.get::<_, i64>(12)? != 0,
        version: r.get(13)?,
    })
}

fn assessment(r: &Row<'_>) -> rusqlite::Result<CertificationAssessment> {
    Ok(CertificationAssessment {
        id: r.get(0)?,
        certification_id: r.get(1)?,
        date: date(r, 2)?.unwrap_or_default(),
        result: parsed(r, 3)?,
        notes: r.get(4)?,
    })
}

impl Store {
    /// Every recommendation (archived ones flagged), by audit date, audit and code.
    pub fn recommendations(&self) -> Result<Vec<Recommendation>> {
        let sql = format!("{RECOMMENDATION_SQL} ORDER BY r.audit_date DESC, r.audit, r.code");
        self.rows(&sql, [], recommendation)
    }

    /// What triage and the portfolio's header count: the high-priority recommendations past
    /// their (revised) due date, most overdue first, and the certifications expired or failed.
    pub fn assurance_exceptions(&self, today: NaiveDate) -> Result<Exceptions> {
        let sql = format!(
            "{RECOMMENDATION_SQL}
             WHERE r.archived = 0 AND r.priority = 'high' AND r.status IN ('open', 'in-progress')
               AND coalesce(r.revised_due_date, r.due_date) < ?1
             ORDER BY coalesce(r.revised_due_date, r.due_date), r.code"
        );
        let recommendations = self.rows(&sql, [dates::iso(today)], recommendation)?;
        let certifications = self
            .certifications()?
            .into_iter()
            .filter(|c| c.needs_attention(today))
            .collect();
        Ok(Exceptions {
            recommendations,
            certifications,
        })
    }

    pub fn recommendation(&self, id: i64) -> Result<Option<Recommendation>> {
        let sql = format!("{RECOMMENDATION_SQL} WHERE r.id = ?1");
        Ok(self.rows(&sql, [id], recommendation)?.into_iter().next())
    }

    /// A recommendation's due-date revisions, oldest first.
    pub fn due_revisions(&self, recommendation: i64) -> Result<Vec<DueRevision>> {
        self.rows(
            "SELECT changed_at, old_date, new_date, reason, changed_by
             FROM recommendation_due_changes WHERE recommendation_id = ?1
             ORDER BY changed_at, id",
            [recommendation],
            |r| {
                Ok(DueRevision {
                    changed_at: r.get(0)?,
                    old_date: date(r, 1)?,
                    new_date: date(r, 2)?,
                    reason: r.get(3)?,
                    changed_by: r.get(4)?,
                })
            },
        )
    }

    /// Every recommendation's due-date revisions, by recommendation, oldest first.
    pub fn all_due_revisions(&self) -> Result<Vec<(i64, DueRevision)>> {
        self.rows(
            "SELECT recommendation_id, changed_at, old_date, new_date, reason, changed_by
             FROM recommendation_due_changes ORDER BY recommendation_id, changed_at, id",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    DueRevision {
                        changed_at: r.get(1)?,
                        old_date: date(r, 2)?,
                        new_date: date(r, 3)?,
                        reason: r.get(4)?,
                        changed_by: r.get(5)?,
                    },
                ))
            },
        )
    }

    /// Every certification with its latest assessment, by code.
    pub fn certifications(&self) -> Result<Vec<CertificationRow>> {
        let certs = self.rows(
            &format!("{CERTIFICATION_SQL} ORDER BY c.code"),
            [],
            certification,
        )?;
        let mut assessments = self.all_certification_assessments()?;
        assessments.sort_by_key(|a| (a.certification_id, a.date));
        Ok(certs
            .into_iter()
            .map(|certification| {
                let last = assessments
                    .iter()
                    .rev()
                    .find(|a| a.certification_id == certification.id)
                    .cloned();
                CertificationRow {
                    certification,
                    last,
                }
            })
            .collect())
    }

    pub fn certification(&self, id: i64) -> Result<Option<Certification>> {
        let sql = format!("{CERTIFICATION_SQL} WHERE c.id = ?1");
        Ok(self.rows(&sql, [id], certification)?.into_iter().next())
    }

    /// A certification's assessments, newest first.
    pub fn certification_assessments(
        &self,
        certification: i64,
    ) -> Result<Vec<CertificationAssessment>> {
        let sql = format!(
            "{ASSESSMENT_SQL} WHERE certification_id = ?1 ORDER BY assessed_on DESC, id DESC"
        );
        self.rows(&sql, [certification], assessment)
    }

    /// Every assessment of every certification, by certification and date.
    pub fn all_certification_assessments(&self) -> Result<Vec<CertificationAssessment>> {
        let sql = format!("{ASSESSMENT_SQL} ORDER BY certification_id, assessed_on, id");
        self.rows(&sql, [], assessment)
    }

    /// Record a dated assessment of a certification, audited, in one transaction. A second
    /// assessment on the same date is refused (correct the first instead).
    pub fn record_assessment(
        &mut self,
        certification: i64,
        (on, result): (NaiveDate, AssessmentResult),
        notes: &str,
        actor: Actor<'_>,
    ) -> Result<()> {
        if self.read_only {
            return Err(StoreError::ReadOnly(self.path.clone()));
        }
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| classify(&path, e))?;
        let found: Option<(String, Option<i64>)> = tx
            .query_row(
                "SELECT code, project_id FROM certifications WHERE id = ?1",
                [certification],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| classify(&path, e))?;
        let Some((code, project_id)) = found else {
            return Err(StoreError::Invalid(
                "that certification no longer exists (another user may have removed it)".into(),
            ));
        };
        let taken: bool = tx
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM certification_assessments
                 WHERE certification_id = ?1 AND assessed_on = ?2)",
                params![certification, dates::iso(on)],
                |r| r.get(0),
            )
            .map_err(|e| classify(&path, e))?;
        if taken {
            return Err(StoreError::Invalid(format!(
                "{code} already has an assessment on {}",
                dates::display(on)
            )));
        }
        let now = dates::iso_datetime(actor.now);
        tx.execute(
            "INSERT INTO certification_assessments
                (certification_id, assessed_on, result, notes, recorded_by, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                certification,
                dates::iso(on),
                result.as_str(),
                notes,
                actor.user,
                now
            ],
        )
        .map_err(|e| classify(&path, e))?;
        let what = format!("{} on {}", result.label(), dates::iso(on));
        audit::write(
            &tx,
            &AuditRow {
                at: actor.now,
                user: actor.user,
                entity: "certification",
                entity_id: certification,
                project_id,
                field: "assessment",
                old_value: None,
                new_value: Some(&what),
                reason: notes,
            },
        )
        .map_err(|e| classify(&path, e))?;
        tx.commit().map_err(|e| classify(&path, e))
    }

    fn rows<T, P: rusqlite::Params>(
        &self,
        sql: &str,
        params: P,
        read: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params, read)
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<Vec<T>>>();
        rows.map_err(|e| self.err(e))
    }
}
