//! Loading a generated work plan fast: plain inserts through cached statements in one
//! transaction. No audit rows (no person changed anything) and no lookups per row: the caller
//! holds the ids it was given.

use std::cell::Cell;
use std::path::PathBuf;
use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Transaction, params};

use super::{Result, Store, StoreError, classify};
use super::{columns, settings};
use crate::domain::Settings;
use crate::domain::assurance::{
    AssessmentResult, Assurance, Certification, Frequency, Recommendation,
};
use crate::domain::dates::{iso, iso_datetime};
use crate::domain::desk_sums::{DeskSums, NO_ORGANISATION};
use crate::domain::sla::{DeskCase, StateChange};
use crate::domain::{CaseKind, CaseState, Rag, Stage};

/// The assurance registers' inserts, as an import creates their rows.
static RECOMMENDATION_INSERT: LazyLock<String> =
    LazyLock::new(|| columns::insert_sql("recommendations", &columns::RECOMMENDATION));
static CERTIFICATION_INSERT: LazyLock<String> =
    LazyLock::new(|| columns::insert_sql("certifications", &columns::CERTIFICATION));

pub struct BulkProject<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub theme_id: i64,
    pub organisation_id: i64,
    pub stage: Stage,
    pub rag: Rag,
    pub rag_reason: &'a str,
    pub manager: &'a str,
    pub sponsor: &'a str,
    pub start: NaiveDate,
    pub baseline_end: NaiveDate,
    pub forecast_end: NaiveDate,
    pub budget_capital: i64,
    pub budget_revenue: i64,
    pub spend_to_date: i64,
    pub percent_complete: i64,
}

pub struct BulkMilestone<'a> {
    pub project_id: i64,
    pub name: &'a str,
    pub baseline: NaiveDate,
    pub forecast: NaiveDate,
    pub actual: Option<NaiveDate>,
    pub owner: &'a str,
}

pub struct BulkRisk<'a> {
    pub project_id: i64,
    pub code: &'a str,
    pub title: &'a str,
    pub consequence: &'a str,
    pub control: &'a str,
    pub owner: &'a str,
    pub open: bool,
    /// Inherent, current and target (likelihood, impact).
    pub inherent: (u8, u8),
    pub current: (u8, u8),
    pub target: (u8, u8),
    pub review_date: NaiveDate,
}

pub struct BulkCase<'a> {
    pub reference: &'a str,
    pub kind: CaseKind,
    pub priority: u8,
    pub state: CaseState,
    pub hold_reason: &'a str,
    pub opened_at: NaiveDateTime,
    pub resolved_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    pub category: &'a str,
    pub service: &'a str,
    pub assignment_group: &'a str,
    pub organisation_id: i64,
    pub project_id: Option<i64>,
    pub summary: &'a str,
}

/// One open write transaction for a generated load; nothing is visible until `commit`.
pub struct BulkLoad<'s> {
    tx: Transaction<'s>,
    path: PathBuf,
    updated_at: String,
    /// A `Cell` so inserts can borrow `updated_at` while counting.
    rows: Cell<u64>,
    /// The service desk's sums the load adds, written at `commit`.
    desk: DeskSums,
    settings: Settings,
    /// The case being loaded (its states follow it), with its organisation: added to `desk`
    /// when the next case starts.
    pending: Option<(DeskCase, i64)>,
}

impl Store {
    pub fn bulk_load(&mut self, now: NaiveDateTime) -> Result<BulkLoad<'_>> {
        if self.read_only {
            return Err(StoreError::ReadOnly(self.path.clone()));
        }
        let path = self.path.clone();
        self.use_large_write_cache()?;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| classify(&path, e))?;
        let settings = settings::read_settings(&tx)
            .map_err(|e| classify(&path, e))?
            .unwrap_or_default();
        Ok(BulkLoad {
            tx,
            path,
            updated_at: iso_datetime(now),
            rows: Cell::new(0),
            desk: DeskSums::default(),
            settings,
            pending: None,
        })
    }
}

fn opt_date(date: Option<NaiveDate>) -> Option<String> {
    date.map(iso)
}

fn opt_datetime(at: Option<NaiveDateTime>) -> Option<String> {
    at.map(iso_datetime)
}

impl BulkLoad<'_> {
    /// Rows written so far, history included.
    pub fn rows(&self) -> u64 {
        self.rows.get()
    }

    fn insert(&self, sql: &str, values: impl rusqlite::Params) -> Result<i64> {
        self.tx
            .prepare_cached(sql)
            .and_then(|mut statement| statement.execute(values))
            .map_err(|e| classify(&self.path, e))?;
        self.rows.set(self.rows.get() + 1);
        Ok(self.tx.last_insert_rowid())
    }

    /// The id of a named row in `organisations` or `themes`, creating it when new.
    fn named(&mut self, insert: &str, select: &str, name: &str) -> Result<i64> {
        self.tx
            .execute(insert, [name])
            .and_then(|_| self.tx.query_row(select, [name], |r| r.get(0)))
            .map_err(|e| classify(&self.path, e))
    }

    pub fn organisation(&mut self, name: &str) -> Result<i64> {
        self.named(
            "INSERT INTO organisations (name) VALUES (?1) ON CONFLICT(name) DO NOTHING",
            "SELECT id FROM organisations WHERE name = ?1",
            name,
        )
    }

    pub fn theme(&mut self, name: &str) -> Result<i64> {
        self.named(
            "INSERT INTO themes (name) VALUES (?1) ON CONFLICT(name) DO NOTHING",
            "SELECT id FROM themes WHERE name = ?1",
            name,
        )
    }

    pub fn project(&mut self, p: &BulkProject<'_>) -> Result<i64> {
        let id = self.insert(
            &columns::PROJECT_INSERT,
            params![
                p.code,
                p.name,
                p.theme_id,
                p.stage.as_str(),
                p.rag.as_str(),
                p.rag_reason,
                p.manager,
                p.sponsor,
                iso(p.start),
                iso(p.baseline_end),
                iso(p.forecast_end),
                p.budget_capital,
                p.budget_revenue,
                p.spend_to_date,
                p.percent_complete,
                "",
                self.updated_at
            ],
        )?;
        self.insert(
            "INSERT INTO project_organisations (project_id, organisation_id) VALUES (?1, ?2)",
            params![id, p.organisation_id],
        )?;
        Ok(id)
    }

    pub fn rag_change(
        &mut self,
        project_id: i64,
        at: NaiveDateTime,
        rag: Rag,
        reason: &str,
        by: &str,
    ) -> Result<()> {
        self.insert(
            "INSERT INTO rag_history (project_id, changed_at, rag, reason, changed_by)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![project_id, iso_datetime(at), rag.as_str(), reason, by],
        )
        .map(drop)
    }

    pub fn milestone(&mut self, m: &BulkMilestone<'_>) -> Result<i64> {
        self.insert(
            &columns::MILESTONE_INSERT,
            params![
                m.project_id,
                m.name,
                iso(m.baseline),
                iso(m.forecast),
                opt_date(m.actual),
                m.owner,
                "",
                self.updated_at
            ],
        )
    }

    /// A forecast move kept in the milestone's date history.
    pub fn forecast_move(
        &mut self,
        milestone_id: i64,
        at: NaiveDateTime,
        old: NaiveDate,
        new: NaiveDate,
        reason: &str,
        by: &str,
    ) -> Result<()> {
        self.insert(
            "INSERT INTO milestone_date_changes
                (milestone_id, changed_at, field, old_date, new_date, reason, changed_by)
             VALUES (?1, ?2, 'forecast', ?3, ?4, ?5, ?6)",
            params![
                milestone_id,
                iso_datetime(at),
                iso(old),
                iso(new),
                reason,
                by
            ],
        )
        .map(drop)
    }

    pub fn risk(&mut self, r: &BulkRisk<'_>) -> Result<i64> {
        self.insert(
            &columns::RISK_INSERT,
            params![
                r.project_id,
                r.code,
                "risk",
                r.title,
                r.consequence,
                r.control,
                r.owner,
                if r.open { "open" } else { "closed" },
                r.current.0,
                r.current.1,
                r.inherent.0,
                r.inherent.1,
                r.target.0,
                r.target.1,
                iso(r.review_date),
                self.updated_at
            ],
        )
    }

    pub fn assessment(
        &mut self,
        risk_id: i64,
        on: NaiveDate,
        score: (u8, u8),
        note: &str,
        by: &str,
    ) -> Result<()> {
        self.insert(
            "INSERT INTO risk_assessments (risk_id, assessed_at, likelihood, impact, note, assessed_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![risk_id, iso(on), score.0, score.1, note, by],
        )
        .map(drop)
    }

    pub fn case(&mut self, c: &BulkCase<'_>) -> Result<i64> {
        self.settle_pending();
        let id = self.insert(
            "INSERT INTO cases (ref, kind, priority, state, hold_reason, opened_at, resolved_at,
                closed_at, category, service, assignment_group, organisation_id, project_id,
                summary, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            params![
                c.reference,
                c.kind.as_str(),
                c.priority,
                c.state.as_str(),
                c.hold_reason,
                iso_datetime(c.opened_at),
                opt_datetime(c.resolved_at),
                opt_datetime(c.closed_at),
                c.category,
                c.service,
                c.assignment_group,
                c.organisation_id,
                c.project_id,
                c.summary,
                self.updated_at
            ],
        )?;
        let case = DeskCase {
            id,
            reference: String::new(),
            kind: c.kind,
            priority: c.priority,
            state: c.state,
            hold_reason: String::new(),
            opened_at: c.opened_at,
            resolved_at: c.resolved_at,
            closed_at: c.closed_at,
            organisation: None,
            project_code: None,
            summary: String::new(),
            history: Vec::new(),
            version: 1,
        };
        self.pending = Some((case, c.organisation_id));
        Ok(id)
    }

    /// Add the case being loaded to the desk's sums.
    fn settle_pending(&mut self) {
        if let Some((case, org)) = self.pending.take() {
            self.desk.add_case(&case.facts(org), &self.settings, 1);
        }
    }

    /// A state change of the case just loaded (or of any case already stored).
    pub fn case_state(
        &mut self,
        case_id: i64,
        at: NaiveDateTime,
        state: CaseState,
        hold_reason: &str,
    ) -> Result<()> {
        let loading = self.pending.as_ref().is_some_and(|(c, _)| c.id == case_id);
        if !loading {
            self.settle_pending();
            self.stored_case(case_id, -1)?;
        }
        self.insert(
            "INSERT INTO case_state_changes (case_id, changed_at, state, hold_reason)
             VALUES (?1, ?2, ?3, ?4)",
            params![case_id, iso_datetime(at), state.as_str(), hold_reason],
        )?;
        match self.pending.as_mut() {
            Some((case, _)) if loading => {
                // Kept in the store's order: by time, then as recorded.
                let place = case.history.partition_point(|h| h.at <= at);
                case.history.insert(
                    place,
                    StateChange {
                        at,
                        state,
                        hold_reason: hold_reason.to_string(),
                    },
                );
                Ok(())
            }
            _ => self.stored_case(case_id, 1),
        }
    }

    /// Take a stored case's contribution away (`sign` -1) or add it (1).
    fn stored_case(&mut self, id: i64, sign: i64) -> Result<()> {
        let found = super::desk::stored_case(&self.tx, id).map_err(|e| classify(&self.path, e))?;
        if let Some((case, org)) = found {
            let org = org.unwrap_or(NO_ORGANISATION);
            self.desk.add_case(&case.facts(org), &self.settings, sign);
        }
        Ok(())
    }

    /// A recommendation linked by `project_id` (its `project_code` is not read).
    pub fn recommendation(&mut self, r: &Recommendation) -> Result<i64> {
        self.insert(
            &RECOMMENDATION_INSERT,
            params![
                r.code,
                r.audit,
                opt_date(r.audit_date),
                r.assurance.map(Assurance::as_str),
                r.recommendation,
                r.priority().as_str(),
                r.owner,
                r.action,
                opt_date(r.due_date),
                opt_date(r.revised_due_date),
                r.status().as_str(),
                opt_date(r.implemented_date),
                r.evidence,
                r.project_id,
                r.auditor,
                self.updated_at
            ],
        )
    }

    /// A move of a recommendation's due date, kept in its revisions.
    pub fn due_revision(
        &mut self,
        recommendation_id: i64,
        at: NaiveDateTime,
        (old, new): (NaiveDate, NaiveDate),
        reason: &str,
        by: &str,
    ) -> Result<()> {
        self.insert(
            "INSERT INTO recommendation_due_changes
                (recommendation_id, changed_at, old_date, new_date, reason, changed_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                recommendation_id,
                iso_datetime(at),
                iso(old),
                iso(new),
                reason,
                by
            ],
        )
        .map(drop)
    }

    /// A certification linked by `project_id` (its `project_code` is not read).
    pub fn certification(&mut self, c: &Certification) -> Result<i64> {
        self.insert(
            &CERTIFICATION_INSERT,
            params![
                c.code,
                c.name,
                c.body,
                c.scope,
                opt_date(c.certified_on),
                opt_date(c.expires_on),
                c.frequency.map(Frequency::as_str),
                c.owner,
                c.project_id,
                c.notes,
                self.updated_at
            ],
        )
    }

    /// One dated assessment of a certification (one a day per certification).
    pub fn certification_assessment(
        &mut self,
        certification_id: i64,
        (on, result): (NaiveDate, AssessmentResult),
        notes: &str,
        by: &str,
    ) -> Result<()> {
        self.insert(
            "INSERT INTO certification_assessments
                (certification_id, assessed_on, result, notes, recorded_by, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                certification_id,
                iso(on),
                result.as_str(),
                notes,
                by,
                self.updated_at
            ],
        )
        .map(drop)
    }

    pub fn commit(mut self) -> Result<u64> {
        self.settle_pending();
        let rows = self.rows.get();
        let path = self.path;
        super::desk_sums::apply(&self.tx, &self.desk).map_err(|e| classify(&path, e))?;
        self.tx.commit().map_err(|e| classify(&path, e))?;
        Ok(rows)
    }
}
