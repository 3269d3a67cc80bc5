//! The risk register: every risk with its project and its dated assessments, in two queries.

use std::collections::HashMap;
use std::sync::Arc;

use rusqlite::params;

use super::row::{date, list, small};
use super::{Result, Store};
use crate::domain::{Assessment, RegisterRow};

const REGISTER_SQL: &str = "
SELECT r.id, r.project_id, p.code, r.code, r.kind, r.title, r.consequence, r.control, r.owner,
       r.status, r.likelihood, r.impact, r.inherent_likelihood, r.inherent_impact,
       r.target_likelihood, r.target_impact, r.review_date, r.version, r.archived,
       p.name, t.name,
       (SELECT group_concat(name, ';') FROM
            (SELECT o.name AS name FROM project_organisations po
             JOIN organisations o ON o.id = po.organisation_id
             WHERE po.project_id = p.id ORDER BY o.name))
FROM risks r
LEFT JOIN projects p ON p.id = r.project_id
LEFT JOIN themes t ON t.id = p.theme_id
WHERE (p.id IS NULL OR p.archived = 0)
  AND (?1 = 0 OR (r.status = 'open' AND r.archived = 0 AND r.likelihood * r.impact >= ?1))
ORDER BY r.code";

/// The assessments of the risks `REGISTER_SQL` reads, with the same filter.
const ASSESSMENTS_SQL: &str = "
SELECT a.risk_id, a.assessed_at, a.likelihood, a.impact, a.note, a.assessed_by
FROM risk_assessments a JOIN risks r ON r.id = a.risk_id
WHERE ?1 = 0 OR (r.status = 'open' AND r.archived = 0 AND r.likelihood * r.impact >= ?1)
ORDER BY a.risk_id, a.assessed_at, a.id";

/// A project's name, theme and organisations as its risks share them.
type ProjectLabels = (Option<Arc<str>>, Option<Arc<str>>, Arc<[String]>);

fn project_labels(r: &rusqlite::Row<'_>) -> rusqlite::Result<ProjectLabels> {
    let name: Option<String> = r.get(19)?;
    let theme: Option<String> = r.get(20)?;
    Ok((
        name.map(Arc::from),
        theme.map(Arc::from),
        Arc::from(list(r, 21)?),
    ))
}

impl Store {
    /// Every risk and issue, corporate and project, archived ones flagged.
    pub fn risk_register(&self) -> Result<Vec<RegisterRow>> {
        self.register_rows(0)
    }

    /// Only the open risks scoring at least `min_score` (the report's key risks): a fraction
    /// of a large register, read without holding the rest.
    pub fn open_risks_scoring(&self, min_score: u8) -> Result<Vec<RegisterRow>> {
        self.register_rows(i64::from(min_score.max(1)))
    }

    /// The register, all of it when `min_open_score` is 0.
    fn register_rows(&self, min_open_score: i64) -> Result<Vec<RegisterRow>> {
        let mut stmt = self
            .conn
            .prepare_cached(REGISTER_SQL)
            .map_err(|e| self.err(e))?;
        // A project's name, theme and organisations, read once and shared by its risks.
        let mut shared: HashMap<i64, ProjectLabels> = HashMap::new();
        let mut rows = stmt.query([min_open_score]).map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let risk = super::detail::risk_row(r).map_err(|e| self.err(e))?;
            let labels = match risk.project_id {
                Some(id) if shared.contains_key(&id) => shared[&id].clone(),
                project => {
                    let labels = project_labels(r).map_err(|e| self.err(e))?;
                    if let Some(id) = project {
                        shared.insert(id, labels.clone());
                    }
                    labels
                }
            };
            out.push(RegisterRow {
                risk,
                project_name: labels.0,
                theme: labels.1,
                organisations: labels.2,
                assessments: Vec::new(),
            });
        }
        drop(rows);
        // Each assessment straight onto its risk (found by id), sized to fit: a large register
        // holds no second map of them, nor room for assessments it will never have.
        let place: HashMap<i64, usize> = out
            .iter()
            .enumerate()
            .map(|(i, row)| (row.risk.id, i))
            .collect();
        let mut stmt = self
            .conn
            .prepare_cached(ASSESSMENTS_SQL)
            .map_err(|e| self.err(e))?;
        let assessments = stmt
            .query_map([min_open_score], |r| {
                Ok((r.get::<_, i64>(0)?, assessment_row(r, 1)?))
            })
            .map_err(|e| self.err(e))?;
        for assessment in assessments {
            let (risk, a) = assessment.map_err(|e| self.err(e))?;
            if let Some(row) = place.get(&risk).and_then(|i| out.get_mut(*i)) {
                row.assessments.push(a);
            }
        }
        for row in &mut out {
            row.assessments.shrink_to_fit();
        }
        Ok(out)
    }

    /// A risk's dated assessments, oldest first.
    pub fn assessments(&self, risk_id: i64) -> Result<Vec<Assessment>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT assessed_at, likelihood, impact, note, assessed_by FROM risk_assessments
                 WHERE risk_id = ?1 ORDER BY assessed_at, id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![risk_id], |r| assessment_row(r, 0))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// The dated assessments of every risk of a project (archived ones too), oldest first, by
    /// risk id: what a risk's detail on the project's Risks tab shows.
    pub fn project_assessments(&self, project_id: i64) -> Result<HashMap<i64, Vec<Assessment>>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT a.risk_id, a.assessed_at, a.likelihood, a.impact, a.note, a.assessed_by
                 FROM risk_assessments a JOIN risks r ON r.id = a.risk_id
                 WHERE r.project_id = ?1
                 ORDER BY a.risk_id, a.assessed_at, a.id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![project_id], |r| {
                Ok((r.get::<_, i64>(0)?, assessment_row(r, 1)?))
            })
            .map_err(|e| self.err(e))?;
        let mut out: HashMap<i64, Vec<Assessment>> = HashMap::new();
        for row in rows {
            let (risk, a) = row.map_err(|e| self.err(e))?;
            out.entry(risk).or_default().push(a);
        }
        Ok(out)
    }
}

/// An assessment from five columns starting at `first`: assessed at, likelihood, impact, note,
/// assessed by.
fn assessment_row(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Assessment> {
    Ok(Assessment {
        assessed_at: date(r, first)?.unwrap_or_default(),
        likelihood: small(r, first + 1)?.unwrap_or(1),
        impact: small(r, first + 2)?.unwrap_or(1),
        note: r.get(first + 3)?,
        assessed_by: r.get(first + 4)?,
    })
}
