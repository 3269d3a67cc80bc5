//! Applying an import: every register in one transaction, all or nothing. Rows update by their
//! codes (project code; project code + milestone name; risk code; case ref; month + organisation).

use std::collections::HashMap;

use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, Transaction, params};

use super::audit::{self, AuditRow};
use super::row::{iso_date, iso_datetime};
use super::{Result, Store, StoreError, classify};
use crate::domain::dates;
use crate::domain::records::{ImportBatch, Origin, Problem};

/// A row the database cannot take (an unknown code it refers to).
pub type ImportProblem = Problem;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOutcome {
    pub created: usize,
    pub updated: usize,
    /// Rows identical to what the database already held: not written, not audited.
    pub unchanged: usize,
    /// With `skip_invalid`: the rows left out, and why.
    pub skipped: Vec<Problem>,
    /// What the import decided that the user should hear once (a RAG scale adopted).
    pub notes: Vec<String>,
}

pub struct ImportOptions<'a> {
    pub user: &'a str,
    pub now: NaiveDateTime,
    /// Record each project's RAG as a history entry when it differs from its latest one.
    /// Off when the batch brings its own RAG history (the demo).
    pub record_rag_changes: bool,
    /// Do everything in the transaction, report what would happen, then roll it back.
    pub dry_run: bool,
    /// Keep the good rows when some refer to unknown codes (and list those).
    pub skip_invalid: bool,
}

#[derive(Default)]
struct Lookup {
    themes: HashMap<String, i64>,
    organisations: HashMap<String, i64>,
    projects: HashMap<String, i64>,
    risks: HashMap<String, i64>,
}

fn key(text: &str) -> String {
    text.trim().to_lowercase()
}

impl Store {
    /// Apply `batch` in one transaction. Any problem rolls everything back and is returned
    /// with every other problem found, so a user can fix the file in one pass.
    pub fn import(
        &mut self,
        batch: &ImportBatch,
        options: &ImportOptions<'_>,
    ) -> Result<std::result::Result<ImportOutcome, Vec<ImportProblem>>> {
        if self.read_only {
            return Err(StoreError::Invalid(format!(
                "{} is open read-only: nothing was imported",
                self.path.display()
            )));
        }
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| classify(&path, e))?;
        let mut problems = Vec::new();
        let outcome = apply(&tx, batch, options, &mut problems).map_err(|e| classify(&path, e))?;
        if problems.is_empty() || options.skip_invalid {
            if options.dry_run {
                tx.rollback().map_err(|e| classify(&path, e))?;
            } else {
                tx.commit().map_err(|e| classify(&path, e))?;
            }
            let mut outcome = outcome;
            outcome.skipped = problems;
            Ok(Ok(outcome))
        } else {
            tx.rollback().map_err(|e| classify(&path, e))?;
            Ok(Err(problems))
        }
    }
}

fn apply(
    tx: &Transaction<'_>,
    batch: &ImportBatch,
    options: &ImportOptions<'_>,
    problems: &mut Vec<ImportProblem>,
) -> rusqlite::Result<ImportOutcome> {
    let mut lookup = Lookup::default();
    let mut outcome = ImportOutcome::default();
    let now = dates::iso_datetime(options.now);
    let mut problem = |origin: &Origin, column: &str, text: String| {
        problems.push(ImportProblem {
            origin: origin.clone(),
            column: column.to_string(),
            problem: text,
        })
    };
    // The new value names the record, so a History tab reads "created Go-live", not an id.
    let audit = |entity: &str,
                 id: i64,
                 project_id: Option<i64>,
                 created: bool,
                 label: &str,
                 origin: &Origin| {
        let what = format!("{} {label}", if created { "created" } else { "updated" });
        audit::write(
            tx,
            &AuditRow {
                at: options.now,
                user: options.user,
                entity,
                entity_id: id,
                project_id,
                field: "import",
                old_value: None,
                new_value: Some(&what),
                reason: &format!("imported from {}", origin.file),
            },
        )
    };

    if !rag_scale_fits(tx, batch, options, &mut outcome, &mut problem)? {
        return Ok(outcome);
    }
    for located in &batch.projects {
        let p = &located.record;
        let theme_id = match &p.theme {
            Some(name) if !name.trim().is_empty() => {
                Some(named_id(tx, &mut lookup.themes, "themes", name)?)
            }
            _ => None,
        };
        let existing: Option<i64> = tx
            .query_row(
                "SELECT id FROM projects WHERE code = ?1",
                params![p.code],
                |r| r.get(0),
            )
            .optional()?;
        let rag_changed;
        if existing.is_none()
            && lacks_to_create(
                located,
                &["name", "stage"],
                ("project", &p.code),
                &mut problem,
            )
        {
            continue;
        }
        let values = params![
            p.code,
            p.name,
            theme_id,
            p.stage.as_str(),
            p.rag.as_str(),
            p.rag_reason,
            p.manager,
            p.sponsor,
            iso_date(p.start_date),
            iso_date(p.baseline_end),
            iso_date(p.forecast_end),
            p.budget_capital,
            p.budget_revenue,
            p.spend_to_date,
            p.percent_complete,
            p.description,
            now,
        ];
        let (id, touched) = match existing {
            Some(id) => {
                let fields: [(&str, &str, &dyn rusqlite::ToSql); 16] = [
                    ("code", "code", values[0]),
                    ("name", "name", values[1]),
                    ("theme", "theme_id", values[2]),
                    ("stage", "stage", values[3]),
                    ("rag", "rag", values[4]),
                    ("rag_reason", "rag_reason", values[5]),
                    ("manager", "manager", values[6]),
                    ("sponsor", "sponsor", values[7]),
                    ("start_date", "start_date", values[8]),
                    ("baseline_end", "baseline_end", values[9]),
                    ("forecast_end", "forecast_end", values[10]),
                    ("budget_capital", "budget_capital", values[11]),
                    ("budget_revenue", "budget_revenue", values[12]),
                    ("spend_to_date", "spend_to_date", values[13]),
                    ("percent_complete", "percent_complete", values[14]),
                    ("description", "description", values[15]),
                ];
                let changed = update_audited(
                    tx,
                    options,
                    ("projects", "project", id, Some(id)),
                    (
                        batch.columns.get("projects"),
                        &located.keep,
                        &located.origin.file,
                    ),
                    &fields,
                )?;
                rag_changed = changed.iter().any(|c| c.field == "rag");
                (id, !changed.is_empty())
            }
            None => {
                tx.prepare_cached(
                    "INSERT INTO projects (code, name, theme_id, stage, rag, rag_reason, manager,
                        sponsor, start_date, baseline_end, forecast_end, budget_capital,
                        budget_revenue, spend_to_date, percent_complete, description, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
                )?
                .execute(values)?;
                outcome.created += 1;
                rag_changed = true;
                (tx.last_insert_rowid(), true)
            }
        };
        let mut touched = touched;
        lookup.projects.insert(key(&p.code), id);
        let organisations_given = existing.is_none()
            || batch
                .columns
                .get("projects")
                .is_none_or(|c| c.contains("organisations"));
        if organisations_given {
            let mut before: Vec<String> = tx
                .prepare_cached(
                    "SELECT o.name FROM project_organisations po
                     JOIN organisations o ON o.id = po.organisation_id WHERE po.project_id = ?1",
                )?
                .query_map(params![id], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut after: Vec<String> = p.organisations.iter().map(|o| key(o)).collect();
            before.iter_mut().for_each(|b| *b = key(b));
            before.sort();
            after.sort();
            after.dedup();
            if existing.is_some() && before != after {
                audit::write(
                    tx,
                    &AuditRow {
                        at: options.now,
                        user: options.user,
                        entity: "project",
                        entity_id: id,
                        project_id: Some(id),
                        field: "organisations",
                        old_value: Some(&before.join("; ")),
                        new_value: Some(&after.join("; ")),
                        reason: &format!("imported from {}", located.origin.file),
                    },
                )?;
            }
            touched |= before != after;
            tx.execute(
                "DELETE FROM project_organisations WHERE project_id = ?1",
                params![id],
            )?;
        }
        for organisation in p
            .organisations
            .iter()
            .filter(|o| organisations_given && !o.trim().is_empty())
        {
            let org_id = named_id(tx, &mut lookup.organisations, "organisations", organisation)?;
            tx.prepare_cached(
                "INSERT OR IGNORE INTO project_organisations (project_id, organisation_id) VALUES (?1, ?2)",
            )?
            .execute(params![id, org_id])?;
        }
        // A RAG this import set (on a new project, or changed) starts a history entry; an
        // unchanged one adds nothing.
        if options.record_rag_changes && rag_changed {
            tx.prepare_cached(
                "INSERT INTO rag_history (project_id, changed_at, rag, reason, changed_by)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![id, now, p.rag.as_str(), p.rag_reason, options.user])?;
        }
        if touched {
            if existing.is_some() {
                outcome.updated += 1;
            } else {
                audit("project", id, Some(id), true, &p.code, &located.origin)?;
            }
        } else {
            outcome.unchanged += 1;
        }
    }

    for located in &batch.rag_history {
        let h = &located.record;
        let Some(project_id) = project_id(tx, &mut lookup, &h.project_code)? else {
            problem(
                &located.origin,
                "project_code",
                unknown_project(&h.project_code),
            );
            continue;
        };
        tx.prepare_cached(
            "INSERT INTO rag_history (project_id, changed_at, rag, reason, changed_by)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            project_id,
            dates::iso_datetime(h.change.changed_at),
            h.change.rag.as_str(),
            h.change.reason,
            h.change.changed_by,
        ])?;
    }

    for located in &batch.milestones {
        let m = &located.record;
        let Some(project_id) = project_id(tx, &mut lookup, &m.project_code)? else {
            problem(
                &located.origin,
                "project_code",
                unknown_project(&m.project_code),
            );
            continue;
        };
        let ms = &m.milestone;
        let existing: Option<(i64, Option<String>, Option<String>)> = tx
            .query_row(
                "SELECT id, baseline_date, forecast_date FROM milestones
                 WHERE project_id = ?1 AND name = ?2",
                params![project_id, ms.name],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let created = existing.is_none();
        let (id, touched) = match existing {
            Some((id, old_baseline, old_forecast)) => {
                // A re-import that moves a date keeps the old one, as an edit would.
                let reason = format!("imported from {}", located.origin.file);
                let present = |c: &str| {
                    batch
                        .columns
                        .get("milestones")
                        .is_none_or(|p| p.contains(c))
                };
                for (field, old, new) in [
                    ("baseline", old_baseline, iso_date(ms.baseline_date)),
                    ("forecast", old_forecast, iso_date(ms.forecast_date)),
                ] {
                    if old != new && present(&format!("{field}_date")) {
                        tx.prepare_cached(
                            "INSERT INTO milestone_date_changes
                                (milestone_id, changed_at, field, old_date, new_date, reason, changed_by)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        )?
                        .execute(params![id, now, field, old, new, reason, options.user])?;
                    }
                }
                let baseline = iso_date(ms.baseline_date);
                let forecast = iso_date(ms.forecast_date);
                let actual = iso_date(ms.actual_date);
                let fields: [(&str, &str, &dyn rusqlite::ToSql); 5] = [
                    ("baseline_date", "baseline_date", &baseline),
                    ("forecast_date", "forecast_date", &forecast),
                    ("actual_date", "actual_date", &actual),
                    ("owner", "owner", &ms.owner),
                    ("notes", "notes", &ms.notes),
                ];
                let changed = update_audited(
                    tx,
                    options,
                    ("milestones", "milestone", id, Some(project_id)),
                    (
                        batch.columns.get("milestones"),
                        &located.keep,
                        &located.origin.file,
                    ),
                    &fields,
                )?;
                if changed.is_empty() {
                    outcome.unchanged += 1;
                } else {
                    outcome.updated += 1;
                }
                (id, false)
            }
            None => {
                tx.prepare_cached(
                    "INSERT INTO milestones (project_id, name, baseline_date, forecast_date,
                        actual_date, owner, notes, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )?
                .execute(params![
                    project_id,
                    ms.name,
                    iso_date(ms.baseline_date),
                    iso_date(ms.forecast_date),
                    iso_date(ms.actual_date),
                    ms.owner,
                    ms.notes,
                    now
                ])?;
                outcome.created += 1;
                (tx.last_insert_rowid(), true)
            }
        };
        if touched && created {
            audit(
                "milestone",
                id,
                Some(project_id),
                created,
                &ms.name,
                &located.origin,
            )?;
        }
    }

    for located in &batch.milestone_changes {
        let c = &located.record;
        let Some(project_id) = project_id(tx, &mut lookup, &c.project_code)? else {
            problem(
                &located.origin,
                "project_code",
                unknown_project(&c.project_code),
            );
            continue;
        };
        let milestone: Option<i64> = tx
            .prepare_cached("SELECT id FROM milestones WHERE project_id = ?1 AND name = ?2")?
            .query_row(params![project_id, c.milestone], |r| r.get(0))
            .optional()?;
        let Some(milestone_id) = milestone else {
            problem(
                &located.origin,
                "milestone",
                format!("{} has no milestone '{}'", c.project_code, c.milestone),
            );
            continue;
        };
        let m = &c.change;
        tx.prepare_cached(
            "INSERT INTO milestone_date_changes
                (milestone_id, changed_at, field, old_date, new_date, reason, changed_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            milestone_id,
            dates::iso_datetime(m.changed_at),
            m.field.as_str(),
            iso_date(m.old_date),
            iso_date(m.new_date),
            m.reason,
            m.changed_by
        ])?;
    }

    for located in &batch.risks {
        let r = &located.record;
        let project = match r.project_code.as_deref().filter(|c| !c.trim().is_empty()) {
            None => None,
            Some(code) => match project_id(tx, &mut lookup, code)? {
                Some(id) => Some(id),
                None => {
                    problem(&located.origin, "project_code", unknown_project(code));
                    continue;
                }
            },
        };
        let existing: Option<i64> = tx
            .query_row(
                "SELECT id FROM risks WHERE code = ?1",
                params![r.code],
                |row| row.get(0),
            )
            .optional()?;
        if existing.is_none()
            && lacks_to_create(
                located,
                &["title", "likelihood", "impact"],
                ("risk", &r.code),
                &mut problem,
            )
        {
            continue;
        }
        let status = if r.open { "open" } else { "closed" };
        let values = params![
            project,
            r.code,
            r.kind.as_str(),
            r.title,
            r.consequence,
            r.control,
            r.owner,
            status,
            r.likelihood,
            r.impact,
            r.inherent_likelihood,
            r.inherent_impact,
            r.target_likelihood,
            r.target_impact,
            iso_date(r.review_date),
            now,
        ];
        let (id, touched) = match existing {
            Some(id) => {
                let fields: [(&str, &str, &dyn rusqlite::ToSql); 15] = [
                    ("project_code", "project_id", values[0]),
                    ("code", "code", values[1]),
                    ("kind", "kind", values[2]),
                    ("title", "title", values[3]),
                    ("consequence", "consequence", values[4]),
                    ("control", "control", values[5]),
                    ("owner", "owner", values[6]),
                    ("status", "status", values[7]),
                    ("likelihood", "likelihood", values[8]),
                    ("impact", "impact", values[9]),
                    ("inherent_likelihood", "inherent_likelihood", values[10]),
                    ("inherent_impact", "inherent_impact", values[11]),
                    ("target_likelihood", "target_likelihood", values[12]),
                    ("target_impact", "target_impact", values[13]),
                    ("review_date", "review_date", values[14]),
                ];
                let changed = update_audited(
                    tx,
                    options,
                    ("risks", "risk", id, project),
                    (
                        batch.columns.get("risks"),
                        &located.keep,
                        &located.origin.file,
                    ),
                    &fields,
                )?;
                if changed.is_empty() {
                    outcome.unchanged += 1;
                } else {
                    outcome.updated += 1;
                }
                (id, false)
            }
            None => {
                tx.prepare_cached(
                    "INSERT INTO risks (project_id, code, kind, title, consequence, control, owner,
                        status, likelihood, impact, inherent_likelihood, inherent_impact,
                        target_likelihood, target_impact, review_date, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                )?
                .execute(values)?;
                outcome.created += 1;
                (tx.last_insert_rowid(), true)
            }
        };
        lookup.risks.insert(key(&r.code), id);
        if touched {
            audit(
                "risk",
                id,
                project,
                existing.is_none(),
                &r.code,
                &located.origin,
            )?;
        }
    }

    for located in &batch.assessments {
        let a = &located.record;
        let risk_id = match lookup.risks.get(&key(&a.risk_code)) {
            Some(id) => Some(*id),
            None => tx
                .query_row(
                    "SELECT id FROM risks WHERE code = ?1",
                    params![a.risk_code],
                    |r| r.get(0),
                )
                .optional()?,
        };
        let Some(risk_id) = risk_id else {
            problem(
                &located.origin,
                "risk_code",
                format!("no risk with code '{}'", a.risk_code),
            );
            continue;
        };
        tx.prepare_cached(
            "INSERT INTO risk_assessments (risk_id, assessed_at, likelihood, impact, note, assessed_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            risk_id,
            dates::iso(a.assessed_at),
            a.likelihood,
            a.impact,
            a.note,
            options.user
        ])?;
    }

    let mut case_problems = Vec::new();
    let mut new_cases = NewCases::default();
    for located in &batch.cases {
        upsert_case(
            tx,
            &mut lookup.organisations,
            &mut lookup.projects,
            located,
            &[],
            options,
            &mut outcome,
            &mut new_cases,
            &mut case_problems,
        )?;
    }
    new_cases.audit(tx, options)?;

    for located in &batch.case_events {
        let e = &located.record;
        let case_id: Option<i64> = tx
            .prepare_cached("SELECT id FROM cases WHERE ref = ?1")?
            .query_row(params![e.reference], |r| r.get(0))
            .optional()?;
        let Some(case_id) = case_id else {
            problem(
                &located.origin,
                "ref",
                format!("no case with ref '{}'", e.reference),
            );
            continue;
        };
        tx.prepare_cached(
            "INSERT INTO case_state_changes (case_id, changed_at, state, hold_reason)
             VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![
            case_id,
            dates::iso_datetime(e.changed_at),
            e.state.as_str(),
            e.hold_reason
        ])?;
    }

    for located in &batch.snapshots {
        let s = &located.record;
        let org_id = named_id(
            tx,
            &mut lookup.organisations,
            "organisations",
            &s.organisation,
        )?;
        tx.prepare_cached(
            "INSERT INTO case_snapshots (month, organisation_id, open_incidents, open_requests, stop_clock)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (month, organisation_id) DO UPDATE SET open_incidents = excluded.open_incidents,
                open_requests = excluded.open_requests, stop_clock = excluded.stop_clock",
        )?
        .execute(params![
            s.month.format("%Y-%m").to_string(),
            org_id,
            s.open_incidents,
            s.open_requests,
            s.stop_clock
        ])?;
        outcome.created += 1;
    }
    problems.extend(case_problems);
    Ok(outcome)
}

/// A file rated on the 5-point scale (amber-red, amber-green) goes into a 3-point work plan
/// only by a decision: into an empty one it brings its scale (said once); into one with
/// projects it is refused, naming the command that changes the scale. Never collapsed.
fn rag_scale_fits(
    tx: &Transaction<'_>,
    batch: &ImportBatch,
    options: &ImportOptions<'_>,
    outcome: &mut ImportOutcome,
    problem: &mut impl FnMut(&Origin, &str, String),
) -> rusqlite::Result<bool> {
    use crate::domain::Rag;
    let five: Vec<_> = batch
        .projects
        .iter()
        .filter(|l| !l.keeps("rag") && matches!(l.record.rag, Rag::AmberRed | Rag::AmberGreen))
        .collect();
    let Some(first) = five.first() else {
        return Ok(true);
    };
    let scale: Option<String> = tx
        .query_row(
            "SELECT value FROM settings WHERE key = 'rag_scale'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    if scale.as_deref() == Some("5") {
        return Ok(true);
    }
    let projects: i64 = tx.query_row("SELECT count(*) FROM projects", [], |r| r.get(0))?;
    if projects == 0 {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES ('rag_scale', '5')
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [],
        )?;
        audit::write(
            tx,
            &AuditRow {
                at: options.now,
                user: options.user,
                entity: "settings",
                entity_id: 0,
                project_id: None,
                field: "rag_scale",
                old_value: Some(scale.as_deref().unwrap_or("3")),
                new_value: Some("5"),
                reason: &format!("imported from {}", first.origin.file),
            },
        )?;
        outcome.notes.push(format!(
            "{} rates projects on the 5-point scale (amber-red, amber-green), so this new work plan now uses it too",
            first.origin.file
        ));
        return Ok(true);
    }
    for located in five {
        problem(
            &located.origin,
            "rag",
            format!(
                "{} is on the 5-point scale but this work plan uses 3 points (red, amber, green): change the scale first with `workplan settings set rag-scale 5`, or translate the file's words with --map-value",
                located.record.rag.label()
            ),
        );
    }
    Ok(false)
}

/// One field an import changed: its CSV name, and the stored values before and after.
struct Changed {
    field: &'static str,
    old: rusqlite::types::Value,
    new: rusqlite::types::Value,
}

fn owned(value: &dyn rusqlite::ToSql) -> Option<rusqlite::types::Value> {
    match value.to_sql() {
        Ok(rusqlite::types::ToSqlOutput::Borrowed(v)) => rusqlite::types::Value::try_from(v).ok(),
        Ok(rusqlite::types::ToSqlOutput::Owned(v)) => Some(v),
        _ => None,
    }
}

/// Write the fields of one row that the file gives (all of them when `present` is `None`),
/// leaving out those the row keeps, and only where they differ from what is stored: an
/// unchanged row is not written, versioned or audited, and a colleague's change to another
/// field stands. Column names come from the fixed lists above, never from the file; values
/// are bound.
fn update_present(
    tx: &Transaction<'_>,
    table: &'static str,
    id: i64,
    (present, keep): (Option<&std::collections::HashSet<String>>, &[&str]),
    fields: &[(&'static str, &'static str, &dyn rusqlite::ToSql)],
    now: &str,
) -> rusqlite::Result<Vec<Changed>> {
    let chosen: Vec<&(&'static str, &'static str, &dyn rusqlite::ToSql)> = fields
        .iter()
        .filter(|(csv, _, _)| present.is_none_or(|p| p.contains(*csv)) && !keep.contains(csv))
        .collect();
    if chosen.is_empty() {
        return Ok(Vec::new());
    }
    let columns: Vec<&str> = chosen.iter().map(|(_, c, _)| *c).collect();
    let current: Vec<rusqlite::types::Value> = tx.query_row(
        &format!("SELECT {} FROM {table} WHERE id = ?1", columns.join(", ")),
        [id],
        |r| (0..columns.len()).map(|i| r.get(i)).collect(),
    )?;
    let mut changed = Vec::new();
    let mut writes: Vec<(&'static str, &dyn rusqlite::ToSql)> = Vec::new();
    for ((csv, column, value), old) in chosen.iter().zip(current) {
        let Some(new) = owned(*value) else {
            continue;
        };
        if new != old {
            changed.push(Changed {
                field: csv,
                old,
                new,
            });
            writes.push((column, *value));
        }
    }
    if writes.is_empty() {
        return Ok(changed);
    }
    let mut sets: Vec<String> = writes
        .iter()
        .enumerate()
        .map(|(i, (column, _))| format!("{column} = ?{}", i + 1))
        .collect();
    sets.push(format!("updated_at = ?{}", writes.len() + 1));
    sets.push("version = version + 1".to_string());
    let sql = format!(
        "UPDATE {table} SET {} WHERE id = ?{}",
        sets.join(", "),
        writes.len() + 2
    );
    let mut params: Vec<&dyn rusqlite::ToSql> = writes.iter().map(|(_, v)| *v).collect();
    params.push(&now);
    params.push(&id);
    tx.prepare_cached(&sql)?
        .execute(rusqlite::params_from_iter(params))?;
    Ok(changed)
}

/// Whether a row that would create a record lacks a field only a new record needs (the file
/// has no such column, or the cell is blank); each one missing is a problem.
fn lacks_to_create<T>(
    located: &crate::domain::records::Located<T>,
    fields: &[&str],
    (what, code): (&str, &str),
    problem: &mut impl FnMut(&Origin, &str, String),
) -> bool {
    let mut lacking = false;
    for field in fields.iter().filter(|f| located.keeps(f)) {
        problem(
            &located.origin,
            field,
            format!("is needed to create {what} '{code}', which is not in the work plan"),
        );
        lacking = true;
    }
    lacking
}

/// `update_present`, then an audit row for each field it changed.
fn update_audited(
    tx: &Transaction<'_>,
    options: &ImportOptions<'_>,
    (table, entity, id, project_id): (&'static str, &str, i64, Option<i64>),
    (present, keep, file): (Option<&std::collections::HashSet<String>>, &[&str], &str),
    fields: &[(&'static str, &'static str, &dyn rusqlite::ToSql)],
) -> rusqlite::Result<Vec<Changed>> {
    let now = dates::iso_datetime(options.now);
    let changed = update_present(tx, table, id, (present, keep), fields, &now)?;
    audit_changes(tx, options, (entity, id, project_id), &changed, file)?;
    Ok(changed)
}

/// One audit row per changed field, as the app's edits write them.
fn audit_changes(
    tx: &Transaction<'_>,
    options: &ImportOptions<'_>,
    (entity, id, project_id): (&str, i64, Option<i64>),
    changes: &[Changed],
    file: &str,
) -> rusqlite::Result<()> {
    let reason = format!("imported from {file}");
    for change in changes {
        let (old, new) = if change.field == "theme" || change.field == "project_code" {
            (
                name_of(tx, change.field, &change.old)?,
                name_of(tx, change.field, &change.new)?,
            )
        } else {
            (
                super::edit::value_text(&change.old),
                super::edit::value_text(&change.new),
            )
        };
        audit::write(
            tx,
            &AuditRow {
                at: options.now,
                user: options.user,
                entity,
                entity_id: id,
                project_id,
                field: change.field,
                old_value: old.as_deref(),
                new_value: new.as_deref(),
                reason: &reason,
            },
        )?;
    }
    Ok(())
}

/// A theme's name or a project's code for an id an import changed (the audit reads names).
fn name_of(
    tx: &Transaction<'_>,
    field: &str,
    value: &rusqlite::types::Value,
) -> rusqlite::Result<Option<String>> {
    let rusqlite::types::Value::Integer(id) = value else {
        return Ok(None);
    };
    let sql = if field == "theme" {
        "SELECT name FROM themes WHERE id = ?1"
    } else {
        "SELECT code FROM projects WHERE id = ?1"
    };
    tx.query_row(sql, [id], |r| r.get(0)).optional()
}

/// Insert or update one case by ref. An unchanged case is not written; a new state joins the
/// case's history (with the source's own history when it gives one).
#[allow(clippy::too_many_arguments)]
pub(super) fn upsert_case(
    tx: &Transaction<'_>,
    organisations: &mut HashMap<String, i64>,
    projects: &mut HashMap<String, i64>,
    located: &crate::domain::records::Located<crate::domain::records::CaseRecord>,
    history: &[crate::domain::sla::StateChange],
    options: &ImportOptions<'_>,
    outcome: &mut ImportOutcome,
    new_cases: &mut NewCases,
    problems: &mut Vec<Problem>,
) -> rusqlite::Result<()> {
    let c = &located.record;
    let now = dates::iso_datetime(options.now);
    let project = match c.project_code.as_deref().filter(|c| !c.trim().is_empty()) {
        None => None,
        Some(code) => {
            let found = match projects.get(&key(code)) {
                Some(id) => Some(*id),
                None => tx
                    .prepare_cached("SELECT id FROM projects WHERE code = ?1")?
                    .query_row(params![code.trim()], |r| r.get::<_, i64>(0))
                    .optional()?,
            };
            match found {
                Some(id) => {
                    projects.insert(key(code), id);
                    Some(id)
                }
                None => {
                    problems.push(Problem {
                        origin: located.origin.clone(),
                        column: "project_code".into(),
                        problem: unknown_project(code),
                    });
                    return Ok(());
                }
            }
        }
    };
    let organisation = match c.organisation.as_deref().filter(|o| !o.trim().is_empty()) {
        Some(name) => Some(named_id(tx, organisations, "organisations", name)?),
        None => None,
    };
    let values: [rusqlite::types::Value; 13] = {
        use rusqlite::types::Value;
        let text = |s: &str| Value::Text(s.to_string());
        let opt = |d: Option<String>| d.map(Value::Text).unwrap_or(Value::Null);
        let id = |i: Option<i64>| i.map(Value::Integer).unwrap_or(Value::Null);
        [
            text(c.kind.as_str()),
            Value::Integer(i64::from(c.priority)),
            text(c.state.as_str()),
            text(&c.hold_reason),
            text(&dates::iso_datetime(c.opened_at)),
            opt(iso_datetime(c.resolved_at)),
            opt(iso_datetime(c.closed_at)),
            text(&c.category),
            text(&c.service),
            text(&c.assignment_group),
            id(organisation),
            id(project),
            text(&c.summary),
        ]
    };
    // Insert first: a new case (the bulk of a large import) then costs one index probe, not a
    // look-up and an insert. Plain statements, not an upsert that updates: SQLite gives that
    // a statement journal, which cost a third of a million-case import.
    let reference = rusqlite::types::Value::Text(c.reference.clone());
    let stamp = rusqlite::types::Value::Text(now.clone());
    let inserted = tx
        .prepare_cached(
            "INSERT INTO cases (ref, kind, priority, state, hold_reason, opened_at, resolved_at,
                closed_at, category, service, assignment_group, organisation_id, project_id,
                summary, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
             ON CONFLICT (ref) DO NOTHING",
        )?
        .execute(rusqlite::params_from_iter(
            std::iter::once(&reference)
                .chain(values.iter())
                .chain(std::iter::once(&stamp)),
        ))?;
    let existing: Option<(i64, Vec<rusqlite::types::Value>)> = if inserted == 1 {
        None
    } else {
        let found = tx
            .prepare_cached(
                "SELECT id, kind, priority, state, hold_reason, opened_at, resolved_at, closed_at,
                        category, service, assignment_group, organisation_id, project_id, summary
                 FROM cases WHERE ref = ?1",
            )?
            .query_row(params![c.reference], |r| {
                let values = (1..=13)
                    .map(|i| r.get::<_, rusqlite::types::Value>(i))
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                Ok((r.get::<_, i64>(0)?, values))
            })?;
        Some(found)
    };
    if let Some((_, old)) = &existing
        && old.as_slice() == values.as_slice()
        && history.is_empty()
    {
        outcome.unchanged += 1;
        return Ok(());
    }
    let previous_state = existing.as_ref().and_then(|(_, old)| match &old[2] {
        rusqlite::types::Value::Text(t) => Some(t.clone()),
        _ => None,
    });
    let id: i64 = match &existing {
        Some((id, _)) => {
            tx.prepare_cached(
                "UPDATE cases SET kind = ?1, priority = ?2, state = ?3, hold_reason = ?4,
                    opened_at = ?5, resolved_at = ?6, closed_at = ?7, category = ?8, service = ?9,
                    assignment_group = ?10, organisation_id = ?11, project_id = ?12,
                    summary = ?13, updated_at = ?14
                 WHERE id = ?15",
            )?
            .execute(rusqlite::params_from_iter(
                values
                    .iter()
                    .chain([&stamp, &rusqlite::types::Value::Integer(*id)]),
            ))?;
            *id
        }
        None => tx.last_insert_rowid(),
    };
    let insert_change = |at: NaiveDateTime, state: &str, reason: &str| {
        tx.prepare_cached(
            "INSERT INTO case_state_changes (case_id, changed_at, state, hold_reason)
             VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![id, dates::iso_datetime(at), state, reason])
        .map(|_| ())
    };
    if history.is_empty() {
        // A later export that moves a case on becomes part of its state history.
        if previous_state
            .as_deref()
            .is_some_and(|p| p != c.state.as_str())
        {
            let at = match c.state {
                crate::domain::CaseState::Resolved => c.resolved_at,
                crate::domain::CaseState::Closed | crate::domain::CaseState::Cancelled => {
                    c.closed_at
                }
                _ => None,
            }
            .unwrap_or(options.now);
            insert_change(at, c.state.as_str(), &c.hold_reason)?;
        }
    } else {
        // The source's own history: add only what is newer than what is recorded.
        let latest: Option<String> = tx
            .prepare_cached("SELECT max(changed_at) FROM case_state_changes WHERE case_id = ?1")?
            .query_row(params![id], |r| r.get(0))?;
        for change in history {
            let at = dates::iso_datetime(change.at);
            if latest.as_deref().is_none_or(|l| at.as_str() > l) {
                insert_change(change.at, change.state.as_str(), &change.hold_reason)?;
            }
        }
    }
    let created = existing.is_none();
    if created {
        outcome.created += 1;
        if project.is_none() {
            new_cases.add(&c.reference, &located.origin.file);
            return Ok(());
        }
    } else {
        outcome.updated += 1;
    }
    let what = format!(
        "{} {}",
        if created { "created" } else { "updated" },
        c.reference
    );
    audit_case_import(tx, options, (id, project), &what, &located.origin.file)
}

/// The audit entry for cases an import wrote: `case` is (case id, its project), (0, None) for
/// a summary of many.
fn audit_case_import(
    tx: &Transaction<'_>,
    options: &ImportOptions<'_>,
    (case, project): (i64, Option<i64>),
    what: &str,
    file: &str,
) -> rusqlite::Result<()> {
    audit::write(
        tx,
        &AuditRow {
            at: options.now,
            user: options.user,
            entity: "case",
            entity_id: case,
            project_id: project,
            field: "import",
            old_value: None,
            new_value: Some(what),
            reason: &format!("imported from {file}"),
        },
    )
}

/// The cases an import created that belong to no project. They are audited as one entry per
/// file (how many, first and last reference) rather than one each: a million audit rows cost
/// a quarter of a million-case import and told the reader nothing the cases do not. Cases
/// linked to a project keep an entry each (they show in that project's history), as do
/// updates to existing cases.
#[derive(Debug, Default)]
pub(super) struct NewCases {
    count: usize,
    file: String,
    first: String,
    last: String,
}

impl NewCases {
    fn add(&mut self, reference: &str, file: &str) {
        if self.count == 0 {
            self.first = reference.to_string();
            self.file = file.to_string();
        }
        self.count += 1;
        self.last.clear();
        self.last.push_str(reference);
    }

    pub(super) fn audit(
        &self,
        tx: &Transaction<'_>,
        options: &ImportOptions<'_>,
    ) -> rusqlite::Result<()> {
        if self.count == 0 {
            return Ok(());
        }
        let what = match self.count {
            1 => format!("created {}", self.first),
            n => format!("created {n} cases ({} … {})", self.first, self.last),
        };
        audit_case_import(tx, options, (0, None), &what, &self.file)
    }
}

fn unknown_project(code: &str) -> String {
    format!("no project with code '{code}'")
}

fn project_id(
    tx: &Transaction<'_>,
    lookup: &mut Lookup,
    code: &str,
) -> rusqlite::Result<Option<i64>> {
    if let Some(id) = lookup.projects.get(&key(code)) {
        return Ok(Some(*id));
    }
    let id: Option<i64> = tx
        .query_row(
            "SELECT id FROM projects WHERE code = ?1",
            params![code.trim()],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = id {
        lookup.projects.insert(key(code), id);
    }
    Ok(id)
}

/// The id of a theme or organisation by name, created on first use (they are data, not code).
fn named_id(
    tx: &Transaction<'_>,
    cache: &mut HashMap<String, i64>,
    table: &'static str,
    name: &str,
) -> rusqlite::Result<i64> {
    if let Some(id) = cache.get(&key(name)) {
        return Ok(*id);
    }
    // `table` is one of two constants, never user input.
    let (select, insert) = match table {
        "themes" => (
            "SELECT id FROM themes WHERE name = ?1",
            "INSERT INTO themes (name) VALUES (?1)",
        ),
        _ => (
            "SELECT id FROM organisations WHERE name = ?1",
            "INSERT INTO organisations (name) VALUES (?1)",
        ),
    };
    let name = name.trim();
    let id = match tx
        .query_row(select, params![name], |r| r.get(0))
        .optional()?
    {
        Some(id) => id,
        None => {
            tx.execute(insert, params![name])?;
            tx.last_insert_rowid()
        }
    };
    cache.insert(key(name), id);
    Ok(id)
}
