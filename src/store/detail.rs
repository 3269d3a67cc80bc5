//! What the project detail view reads: the project, its RAG history, milestones, risks and cases.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{OptionalExtension, params};

use super::row::{date, datetime, list, parsed, small};
use super::{Result, Store};
use crate::domain::dates;
use crate::domain::project::MilestoneMove;
use crate::domain::{CaseKind, CaseState, Milestone, Project, RagChange, Risk};

#[derive(Debug, Clone, PartialEq)]
pub struct LinkedCase {
    pub id: i64,
    pub version: i64,
    pub reference: String,
    pub kind: CaseKind,
    pub priority: u8,
    pub state: CaseState,
    pub hold_reason: String,
    pub opened_at: Option<NaiveDateTime>,
    pub summary: String,
}

/// A risk from the first 19 columns every risk query selects, in this order: id, project_id,
/// project code, code, kind, title, consequence, control, owner, status, likelihood, impact,
/// inherent L and I, target L and I, review date, version, archived.
pub(super) fn risk_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Risk> {
    let status: String = r.get(9)?;
    Ok(Risk {
        id: r.get(0)?,
        project_id: r.get(1)?,
        project_code: r.get(2)?,
        code: r.get(3)?,
        kind: parsed(r, 4)?,
        title: r.get(5)?,
        consequence: r.get(6)?,
        control: r.get(7)?,
        owner: r.get(8)?,
        open: status == "open",
        likelihood: small(r, 10)?.unwrap_or(1),
        impact: small(r, 11)?.unwrap_or(1),
        inherent_likelihood: small(r, 12)?,
        inherent_impact: small(r, 13)?,
        target_likelihood: small(r, 14)?,
        target_impact: small(r, 15)?,
        review_date: date(r, 16)?,
        version: r.get(17)?,
        archived: r.get(18)?,
    })
}

fn milestone_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Milestone> {
    Ok(Milestone {
        id: r.get(0)?,
        project_id: r.get(1)?,
        name: r.get(2)?,
        baseline_date: date(r, 3)?,
        forecast_date: date(r, 4)?,
        actual_date: date(r, 5)?,
        owner: r.get(6)?,
        notes: r.get(7)?,
        version: r.get(8)?,
        archived: r.get::<_, Option<bool>>(9)?.unwrap_or(false),
    })
}

/// A milestone date move from the columns both move queries select, in this order: milestone
/// id, project id, changed at, field, old date, new date, reason, changed by.
fn move_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<MilestoneMove> {
    Ok(MilestoneMove {
        milestone_id: r.get(0)?,
        project_id: r.get(1)?,
        changed_at: datetime(r, 2)?.unwrap_or_default(),
        field: parsed(r, 3)?,
        old_date: date(r, 4)?,
        new_date: date(r, 5)?,
        reason: r.get(6)?,
        changed_by: r.get(7)?,
    })
}

const PROJECT_SQL: &str = "
SELECT p.id, p.code, p.name, t.name, p.stage, p.rag, p.rag_reason, p.manager, p.sponsor,
       p.start_date, p.baseline_end, p.forecast_end, p.budget_capital, p.budget_revenue,
       p.spend_to_date, p.percent_complete, p.description, p.last_reviewed_at, p.updated_at,
       p.version, p.archived,
       (SELECT group_concat(name, ';') FROM
            (SELECT o.name AS name FROM project_organisations po
             JOIN organisations o ON o.id = po.organisation_id
             WHERE po.project_id = p.id ORDER BY o.name))
FROM projects p LEFT JOIN themes t ON t.id = p.theme_id
WHERE p.id = ?1";

/// One row of [`PROJECT_SQL`].
fn project_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Project> {
    Ok(Project {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        theme: r.get(3)?,
        stage: parsed(r, 4)?,
        rag: parsed(r, 5)?,
        rag_reason: r.get(6)?,
        manager: r.get(7)?,
        sponsor: r.get(8)?,
        start_date: date(r, 9)?,
        baseline_end: date(r, 10)?,
        forecast_end: date(r, 11)?,
        budget_capital: r.get(12)?,
        budget_revenue: r.get(13)?,
        spend_to_date: r.get(14)?,
        percent_complete: small(r, 15)?,
        description: r.get(16)?,
        last_reviewed_at: datetime(r, 17)?,
        updated_at: datetime(r, 18)?,
        version: r.get(19)?,
        archived: r.get(20)?,
        organisations: list(r, 21)?,
    })
}

/// Milestone date moves with their milestone's project; a condition and order follow.
const MOVES_SQL: &str = "
SELECT c.milestone_id, m.project_id, c.changed_at, c.field, c.old_date, c.new_date,
       c.reason, c.changed_by
FROM milestone_date_changes c
JOIN milestones m ON m.id = c.milestone_id";

/// Forecast moves since a day, of live milestones of live projects.
static MOVES_SINCE_SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "{MOVES_SQL}
         JOIN projects p ON p.id = m.project_id
         WHERE c.changed_at >= ?1 AND c.field = 'forecast' AND m.archived = 0 AND p.archived = 0
         ORDER BY c.changed_at DESC, c.id DESC"
    )
});

/// Every move of one project's milestones.
static PROJECT_MOVES_SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!("{MOVES_SQL} WHERE m.project_id = ?1 ORDER BY c.changed_at DESC, c.id DESC")
});

/// Every live project, by code.
static ALL_PROJECTS_SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    PROJECT_SQL.replace("WHERE p.id = ?1", "WHERE p.archived = 0 ORDER BY p.code")
});

/// The live (not archived) milestones of live projects, with a further condition, in plan
/// order by project: one statement text per use, built at compile time.
macro_rules! live_milestones_sql {
    ($and:literal) => {
        concat!(
            "SELECT m.id, m.project_id, m.name, m.baseline_date, m.forecast_date, m.actual_date,
                    m.owner, m.notes, m.version, m.archived
             FROM milestones m JOIN projects p ON p.id = m.project_id
             WHERE m.archived = 0 AND p.archived = 0 ",
            $and,
            " ORDER BY m.project_id,
                      coalesce(m.actual_date, m.forecast_date, m.baseline_date) IS NULL,
                      coalesce(m.actual_date, m.forecast_date, m.baseline_date), m.id"
        )
    };
}

impl Store {
    pub fn project(&self, id: i64) -> Result<Option<Project>> {
        self.conn
            .prepare_cached(PROJECT_SQL)
            .and_then(|mut stmt| stmt.query_row(params![id], project_row).optional())
            .map_err(|e| self.err(e))
    }

    /// Every project on the plan (not archived), by code: the report's budget table reads it.
    /// One statement for them all.
    pub fn projects(&self) -> Result<Vec<Project>> {
        let mut stmt = self
            .conn
            .prepare_cached(&ALL_PROJECTS_SQL)
            .map_err(|e| self.err(e))?;
        let rows = stmt.query_map([], project_row).map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    pub fn project_id_by_code(&self, code: &str) -> Result<Option<i64>> {
        self.conn
            .query_row(
                "SELECT id FROM projects WHERE code = ?1",
                params![code],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Oldest first.
    pub fn rag_history(&self, project_id: i64) -> Result<Vec<RagChange>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT changed_at, rag, reason, changed_by FROM rag_history
                 WHERE project_id = ?1 ORDER BY changed_at, id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![project_id], |r| {
                Ok(RagChange {
                    changed_at: datetime(r, 0)?.unwrap_or_default(),
                    rag: parsed(r, 1)?,
                    reason: r.get(2)?,
                    changed_by: r.get(3)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// Every project's RAG history (oldest first) in one read, for the report.
    pub fn all_rag_history(&self) -> Result<std::collections::HashMap<i64, Vec<RagChange>>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT project_id, changed_at, rag, reason, changed_by FROM rag_history
                 ORDER BY project_id, changed_at, id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    RagChange {
                        changed_at: datetime(r, 1)?.unwrap_or_default(),
                        rag: parsed(r, 2)?,
                        reason: r.get(3)?,
                        changed_by: r.get(4)?,
                    },
                ))
            })
            .map_err(|e| self.err(e))?;
        let mut all: std::collections::HashMap<i64, Vec<RagChange>> =
            std::collections::HashMap::new();
        for row in rows {
            let (project, change) = row.map_err(|e| self.err(e))?;
            all.entry(project).or_default().push(change);
        }
        Ok(all)
    }

    /// In plan order: by forecast (then baseline) date, undated last.
    pub fn milestones(&self, project_id: i64) -> Result<Vec<Milestone>> {
        self.milestones_with(project_id, false)
    }

    /// A project's milestones, archived ones too when asked (they can be shown and restored).
    pub fn milestones_with(&self, project_id: i64, archived: bool) -> Result<Vec<Milestone>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, project_id, name, baseline_date, forecast_date, actual_date, owner, notes,
                        version, archived
                 FROM milestones WHERE project_id = ?1 AND (archived = 0 OR ?2)
                 ORDER BY coalesce(actual_date, forecast_date, baseline_date) IS NULL,
                          coalesce(actual_date, forecast_date, baseline_date), id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![project_id, archived], milestone_row)
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// One milestone, archived or not (forms load the row fresh, with its current version).
    pub fn milestone(&self, id: i64) -> Result<Option<Milestone>> {
        self.conn
            .prepare_cached(
                "SELECT id, project_id, name, baseline_date, forecast_date, actual_date, owner, notes,
                        version, archived
                 FROM milestones WHERE id = ?1",
            )
            .and_then(|mut stmt| stmt.query_row(params![id], milestone_row).optional())
            .map_err(|e| self.err(e))
    }

    /// One risk, archived or not.
    pub fn risk(&self, id: i64) -> Result<Option<Risk>> {
        let project: Option<Option<i64>> = self
            .conn
            .query_row(
                "SELECT project_id FROM risks WHERE id = ?1",
                params![id],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        let Some(project) = project else {
            return Ok(None);
        };
        let risks = match project {
            Some(p) => self.project_risks_with(p, true)?,
            None => self.corporate_risks()?,
        };
        Ok(risks.into_iter().find(|r| r.id == id))
    }

    /// The corporate (programme) register: risks with no project.
    pub fn corporate_risks(&self) -> Result<Vec<Risk>> {
        self.risks_where(None, true)
    }

    /// The codes of a project's risks (the corporate register's for `None`), archived ones
    /// too, oldest first: a new risk's code follows them.
    pub fn risk_codes(&self, project_id: Option<i64>) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT code FROM risks WHERE project_id IS ?1 ORDER BY id")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![project_id], |r| r.get::<_, String>(0))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// Every risk code in the work plan that starts with `prefix` (in any case): a new code
    /// must be free across all of it.
    pub fn risk_codes_starting(&self, prefix: &str) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT code FROM risks WHERE substr(code, 1, length(?1)) = ?1 COLLATE NOCASE",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![prefix], |r| r.get::<_, String>(0))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// Every milestone on the plan, grouped by project in plan order (the timeline draws them
    /// all in one go rather than querying per row).
    pub fn all_milestones(&self) -> Result<Vec<Milestone>> {
        let mut stmt = self
            .conn
            .prepare_cached(live_milestones_sql!(""))
            .map_err(|e| self.err(e))?;
        let rows = stmt.query_map([], milestone_row).map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// The milestones a report lists: open ones forecast from `from` to `to` (by effective
    /// forecast: the baseline when there is no forecast), and any whose forecast moved on or
    /// after `moved_since`. The rest of a large plan is not read.
    pub fn milestones_due_or_moved(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        moved_since: NaiveDate,
    ) -> Result<Vec<Milestone>> {
        let mut stmt = self
            .conn
            .prepare_cached(live_milestones_sql!(
                "AND ((m.actual_date IS NULL
                           AND coalesce(m.forecast_date, m.baseline_date) BETWEEN ?1 AND ?2)
                          OR m.id IN (SELECT c.milestone_id FROM milestone_date_changes c
                                       WHERE c.changed_at >= ?3 AND c.field = 'forecast'))"
            ))
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(
                params![dates::iso(from), dates::iso(to), dates::iso(moved_since)],
                milestone_row,
            )
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// Forecast moves recorded on or after `since`, newest first.
    pub fn milestone_moves_since(&self, since: NaiveDate) -> Result<Vec<MilestoneMove>> {
        self.milestone_moves(&MOVES_SINCE_SQL, params![dates::iso(since)])
    }

    /// Every recorded move of any date of a project's milestones (archived ones too), newest
    /// first: what a milestone's detail lists.
    pub fn project_milestone_moves(&self, project_id: i64) -> Result<Vec<MilestoneMove>> {
        self.milestone_moves(&PROJECT_MOVES_SQL, params![project_id])
    }

    fn milestone_moves(
        &self,
        sql: &str,
        bound: impl rusqlite::Params,
    ) -> Result<Vec<MilestoneMove>> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        let rows = stmt.query_map(bound, move_row).map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// Open risks first, highest current score first.
    pub fn project_risks(&self, project_id: i64) -> Result<Vec<Risk>> {
        self.project_risks_with(project_id, false)
    }

    pub fn project_risks_with(&self, project_id: i64, archived: bool) -> Result<Vec<Risk>> {
        self.risks_where(Some(project_id), archived)
    }

    fn risks_where(&self, project_id: Option<i64>, archived: bool) -> Result<Vec<Risk>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT r.id, r.project_id, p.code, r.code, r.kind, r.title, r.consequence, r.control,
                        r.owner, r.status, r.likelihood, r.impact, r.inherent_likelihood,
                        r.inherent_impact, r.target_likelihood, r.target_impact, r.review_date,
                        r.version, r.archived
                 FROM risks r LEFT JOIN projects p ON p.id = r.project_id
                 WHERE r.project_id IS ?1 AND (r.archived = 0 OR ?2)
                 ORDER BY r.status = 'closed', r.likelihood * r.impact DESC, r.code",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![project_id, archived], risk_row)
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// Cases linked to a project: open ones first, oldest first.
    pub fn project_cases(&self, project_id: i64) -> Result<Vec<LinkedCase>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT ref, kind, priority, state, hold_reason, opened_at, summary, id, version
                 FROM cases
                 WHERE project_id = ?1
                 ORDER BY state NOT IN ('new','active','on-hold'), opened_at",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![project_id], |r| {
                Ok(LinkedCase {
                    reference: r.get(0)?,
                    kind: parsed(r, 1)?,
                    priority: small(r, 2)?.unwrap_or(4),
                    state: parsed(r, 3)?,
                    hold_reason: r.get(4)?,
                    opened_at: datetime(r, 5)?,
                    summary: r.get(6)?,
                    id: r.get(7)?,
                    version: r.get(8)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }
}
