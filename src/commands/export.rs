//! `workplan export`: a register with the same columns import reads, so export then import
//! into an empty database reproduces the data.

use std::collections::HashMap;
use std::io::Write;

use super::CommandError;
use super::progress::{Progress, Unit};
use crate::domain::dates::{iso, iso_datetime};
use crate::domain::money::format_plain;
use crate::domain::records::CaseRecord;
use crate::io::assurance::{
    CERTIFICATION_ASSESSMENT_COLUMNS, CERTIFICATION_COLUMNS, RECOMMENDATION_COLUMNS,
};
use crate::io::registers::{
    CASE_COLUMNS, MILESTONE_COLUMNS, PROJECT_COLUMNS, RISK_COLUMNS, SNAPSHOT_COLUMNS,
};
use crate::io::table::{Format, Table, TableWriter};
use crate::store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Register {
    Projects,
    Milestones,
    Risks,
    Cases,
    CaseSnapshots,
    Recommendations,
    Certifications,
    CertificationAssessments,
    Audit,
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(iso).unwrap_or_default()
}

fn names(columns: &[crate::io::csv_table::Column]) -> Vec<&'static str> {
    columns.iter().map(|c| c.name).collect()
}

fn case_row(c: CaseRecord) -> Vec<String> {
    vec![
        c.reference,
        c.kind.as_str().into(),
        c.priority.to_string(),
        c.state.as_str().into(),
        c.hold_reason,
        iso_datetime(c.opened_at),
        c.resolved_at.map(iso_datetime).unwrap_or_default(),
        c.closed_at.map(iso_datetime).unwrap_or_default(),
        c.category,
        c.service,
        c.assignment_group,
        c.organisation.unwrap_or_default(),
        c.project_code.unwrap_or_default(),
        c.summary,
    ]
}

/// Write `register` to `out` and return how many rows were written, with a progress bar on
/// standard error when `progress`. Cases (the register that runs to millions of rows) stream
/// from the database; the rest are built as a table first.
pub fn export(
    store: &Store,
    register: Register,
    format: Format,
    out: &mut dyn Write,
    progress: bool,
) -> Result<u64, CommandError> {
    let progress = Progress::new(progress, "Reading the register…");
    if register == Register::Cases {
        let total = u64::try_from(store.case_count()?).ok();
        progress.count("Exporting cases", total, Unit::Items("cases"));
        let mut writer = TableWriter::new("cases", &names(&CASE_COLUMNS), format, out)?;
        store.each_export_case(|case| {
            progress.inc(1);
            writer.row(&case_row(case)).map_err(CommandError::from)
        })?;
        let rows = writer.rows();
        finish(writer, format, &progress)?;
        return Ok(rows);
    }
    let table = table(store, register)?;
    let rows = Some(table.rows.len() as u64);
    progress.count(
        format!("Exporting {}", table.name),
        rows,
        Unit::Items("rows"),
    );
    let mut writer = TableWriter::new(table.name, &table.columns, format, out)?;
    for row in &table.rows {
        writer.row(row)?;
        progress.inc(1);
    }
    finish(writer, format, &progress)?;
    Ok(table.rows.len() as u64)
}

/// The end of an export: a workbook is written whole only now, which takes a while.
fn finish(
    writer: TableWriter<'_>,
    format: Format,
    progress: &Progress,
) -> Result<(), CommandError> {
    if format == Format::Xlsx {
        progress.stage("Writing the workbook…");
    }
    writer.finish()?;
    Ok(())
}

pub fn table(store: &Store, register: Register) -> Result<Table, CommandError> {
    let money = |p: Option<i64>| p.map(format_plain).unwrap_or_default();
    let rating = |v: Option<u8>| v.map(|x| x.to_string()).unwrap_or_default();
    Ok(match register {
        Register::Projects => Table {
            name: "projects",
            columns: names(&PROJECT_COLUMNS),
            rows: store
                .projects()?
                .into_iter()
                .map(|p| {
                    vec![
                        p.code,
                        p.name,
                        p.theme.unwrap_or_default(),
                        p.organisations.join(";"),
                        p.stage.as_str().into(),
                        p.rag.as_str().into(),
                        p.rag_reason,
                        p.manager,
                        p.sponsor,
                        date(p.start_date),
                        date(p.baseline_end),
                        date(p.forecast_end),
                        money(p.budget_capital),
                        money(p.budget_revenue),
                        money(p.spend_to_date),
                        p.percent_complete
                            .map(|c| c.to_string())
                            .unwrap_or_default(),
                        p.description,
                    ]
                })
                .collect(),
        },
        Register::Milestones => {
            let codes: HashMap<i64, String> = store
                .projects()?
                .into_iter()
                .map(|p| (p.id, p.code))
                .collect();
            Table {
                name: "milestones",
                columns: names(&MILESTONE_COLUMNS),
                rows: store
                    .all_milestones()?
                    .into_iter()
                    .filter_map(|m| {
                        Some(vec![
                            codes.get(&m.project_id)?.clone(),
                            m.name,
                            date(m.baseline_date),
                            date(m.forecast_date),
                            date(m.actual_date),
                            m.owner,
                            m.notes,
                        ])
                    })
                    .collect(),
            }
        }
        Register::Risks => Table {
            name: "risks",
            columns: names(&RISK_COLUMNS),
            rows: store
                .risk_register()?
                .into_iter()
                .filter(|r| !r.risk.archived)
                .map(|row| {
                    let r = row.risk;
                    vec![
                        r.project_code.unwrap_or_default(),
                        r.code,
                        r.kind.as_str().into(),
                        r.title,
                        r.consequence,
                        r.control,
                        r.owner,
                        if r.open { "open" } else { "closed" }.into(),
                        r.likelihood.to_string(),
                        r.impact.to_string(),
                        rating(r.inherent_likelihood),
                        rating(r.inherent_impact),
                        rating(r.target_likelihood),
                        rating(r.target_impact),
                        date(r.review_date),
                    ]
                })
                .collect(),
        },
        Register::Cases => Table {
            name: "cases",
            columns: names(&CASE_COLUMNS),
            rows: store.export_cases()?.into_iter().map(case_row).collect(),
        },
        Register::CaseSnapshots => Table {
            name: "case_snapshots",
            columns: names(&SNAPSHOT_COLUMNS),
            rows: store
                .snapshots()?
                .into_iter()
                .map(|s| {
                    vec![
                        s.month.format("%Y-%m").to_string(),
                        s.organisation,
                        s.open_incidents.to_string(),
                        s.open_requests.to_string(),
                        s.stop_clock.to_string(),
                    ]
                })
                .collect(),
        },
        Register::Recommendations => Table {
            name: "recommendations",
            columns: names(&RECOMMENDATION_COLUMNS),
            rows: store
                .recommendations()?
                .into_iter()
                .filter(|r| !r.archived)
                .map(|r| {
                    // Read before the fields are moved out.
                    let priority = r.priority().as_str();
                    let status = r.status().as_str();
                    let assurance = r.assurance.map(|a| a.as_str()).unwrap_or_default();
                    vec![
                        r.code,
                        r.audit,
                        date(r.audit_date),
                        assurance.into(),
                        r.recommendation,
                        priority.into(),
                        r.owner,
                        r.action,
                        date(r.due_date),
                        date(r.revised_due_date),
                        status.into(),
                        date(r.implemented_date),
                        r.evidence,
                        r.project_code.unwrap_or_default(),
                        r.auditor,
                    ]
                })
                .collect(),
        },
        Register::Certifications => Table {
            name: "certifications",
            columns: names(&CERTIFICATION_COLUMNS),
            rows: store
                .certifications()?
                .into_iter()
                .map(|row| row.certification)
                .filter(|c| !c.archived)
                .map(|c| {
                    vec![
                        c.code,
                        c.name,
                        c.body,
                        c.scope,
                        date(c.certified_on),
                        date(c.expires_on),
                        c.frequency
                            .map(|f| f.as_str().to_string())
                            .unwrap_or_default(),
                        c.owner,
                        c.project_code.unwrap_or_default(),
                        c.notes,
                    ]
                })
                .collect(),
        },
        Register::CertificationAssessments => {
            // Only those of the certifications exported, so the two files import together.
            let codes: HashMap<i64, String> = store
                .certifications()?
                .into_iter()
                .filter(|row| !row.certification.archived)
                .map(|row| (row.certification.id, row.certification.code))
                .collect();
            let mut rows: Vec<Vec<String>> = store
                .all_certification_assessments()?
                .into_iter()
                .filter_map(|a| {
                    Some(vec![
                        codes.get(&a.certification_id)?.clone(),
                        iso(a.date),
                        a.result.as_str().to_string(),
                        a.notes,
                    ])
                })
                .collect();
            // By code and date, whatever order the rows were stored in.
            rows.sort();
            Table {
                name: "certification_assessments",
                columns: names(&CERTIFICATION_ASSESSMENT_COLUMNS),
                rows,
            }
        }
        Register::Audit => {
            // Oldest first, each row with its chain hash (empty for rows from before the
            // trail was chained), so a copy handed to an auditor can be compared later.
            let entries = store.audit_export()?;
            Table {
                name: "audit",
                columns: vec![
                    "at",
                    "user",
                    "entity",
                    "entity_id",
                    "project_code",
                    "field",
                    "old_value",
                    "new_value",
                    "reason",
                    "hash",
                ],
                rows: entries
                    .into_iter()
                    .map(|(a, hash)| {
                        vec![
                            iso_datetime(a.at),
                            a.user,
                            a.entity,
                            a.entity_id.to_string(),
                            a.project_code,
                            a.field,
                            a.old_value.unwrap_or_default(),
                            a.new_value.unwrap_or_default(),
                            a.reason,
                            hash.unwrap_or_default(),
                        ]
                    })
                    .collect(),
            }
        }
    })
}
