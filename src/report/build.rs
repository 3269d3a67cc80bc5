//! The report's content, in the order and words of the seed reports: summary; portfolio by
//! stage and RAG with changes since the last report; exceptions; completed and started;
//! milestones slipped and due; service desk; key risks; audit recommendations and
//! certification (`assurance.rs`, left out when their registers are empty); budget.

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};

use super::cells::{number, opt_date, plural, text};
use super::{Block, Cell};
use crate::domain::assurance::{CertificationAssessment, CertificationRow, Recommendation};
use crate::domain::dates::display;
use crate::domain::desk::{DeskSummary, MonthFigures};
use crate::domain::money::format_pounds;
use crate::domain::project::MilestoneMove;
use crate::domain::triage::PortfolioRow;
use crate::domain::{Milestone, Project, Rag, RagChange, RegisterRow, RiskBand, Settings, Stage};

/// Everything the report is built from (already narrowed to one organisation if asked).
pub struct ReportInput<'a> {
    pub today: NaiveDate,
    pub since: NaiveDate,
    /// Whether `since` is the previous report's date (else a default or `--since`).
    pub since_is_last_report: bool,
    pub organisation: Option<String>,
    pub settings: &'a Settings,
    pub rows: Vec<PortfolioRow>,
    pub projects: Vec<Project>,
    pub histories: HashMap<i64, Vec<RagChange>>,
    pub milestones: HashMap<i64, Vec<Milestone>>,
    pub moves: Vec<MilestoneMove>,
    pub risks: Vec<RegisterRow>,
    pub desk: DeskSummary,
    /// The assurance registers: service-wide, so never narrowed to one organisation.
    pub recommendations: Vec<Recommendation>,
    /// Every certification with its latest assessment.
    pub certifications: Vec<CertificationRow>,
    /// The assessments the report lists: those dated from `since` to `today`.
    pub assessments: Vec<CertificationAssessment>,
}

/// A monthly figure: "—" when unknown (no history reaching the month and no reported
/// counts), never 0. Still a number column, so it stays right-aligned.
fn figure(n: Option<u32>) -> Cell {
    n.map_or_else(|| number("—"), number)
}

/// The end of "due in the next period": as far ahead as the report looks back, a month at least.
pub fn due_horizon(today: NaiveDate, since: NaiveDate) -> NaiveDate {
    today + Duration::days((today - since).num_days().max(30))
}

/// The RAG a project had at the end of `day`, from its history.
fn rag_at(history: &[RagChange], day: NaiveDate) -> Option<Rag> {
    history
        .iter()
        .rfind(|h| h.changed_at.date() <= day)
        .map(|h| h.rag)
}

pub fn build(input: &ReportInput<'_>) -> Vec<Block> {
    let s = input.settings;
    let scale = |r: Rag| r.on_scale(s.rag_scale);
    let live: Vec<&PortfolioRow> = input.rows.iter().filter(|r| r.stage.is_open()).collect();
    let count_stage = |stage: Stage| input.rows.iter().filter(|r| r.stage == stage).count();
    let count_rag = |rag: Rag| {
        live.iter()
            .filter(|r| r.stage.needs_rag() && scale(r.rag) == rag)
            .count()
    };
    let mut blocks = vec![
        Block::Heading(1, "ICT Work Plan progress report".into()),
        Block::Paragraph(format!(
            "Report date {} · {} · changes since {}{}.",
            display(input.today),
            input
                .organisation
                .clone()
                .unwrap_or_else(|| "all organisations".into()),
            display(input.since),
            if input.since_is_last_report {
                " (the last report)"
            } else {
                ""
            }
        )),
        Block::Heading(2, "Purpose and summary".into()),
    ];
    let rag_words: Vec<(usize, String)> = s
        .rag_scale
        .values()
        .iter()
        .filter(|r| **r != Rag::Green)
        .map(|r| (count_rag(*r), r.label().to_lowercase()))
        .collect();
    // "3 are reported as red, 3 as amber/red, ...": the verb once, with the first figure.
    let (first_count, first_label) = rag_words.first().cloned().unwrap_or_default();
    let other_rags: String = rag_words
        .iter()
        .skip(1)
        .map(|(n, label)| format!(", {n} as {label}"))
        .collect();
    let changed: Vec<(&PortfolioRow, Rag, Rag, &RagChange)> = live
        .iter()
        .filter_map(|row| {
            let history = input.histories.get(&row.id)?;
            let last = history.last()?;
            if last.changed_at.date() <= input.since {
                return None;
            }
            let before = rag_at(history, input.since)?;
            (scale(before) != scale(last.rag)).then_some((
                *row,
                scale(before),
                scale(last.rag),
                last,
            ))
        })
        .collect();
    let rosier = live
        .iter()
        .filter(|r| r.stage.needs_rag() && r.suggested_rag(s).is_some())
        .count();
    blocks.push(Block::Paragraph(format!(
        "This report summarises progress on the ICT Work Plan. There are currently {} in delivery, \
         with a further {} awaiting resource allocation and scheduling, {} proposed and {} on hold. \
         Of the live and on-hold projects, {} reported as {first_label}{other_rags}; the rest are green. {} changed \
         RAG status since the last report{}.",
        plural(count_stage(Stage::InDelivery), "'live' project", "'live' projects"),
        count_stage(Stage::AwaitingResource),
        count_stage(Stage::Proposed),
        count_stage(Stage::OnHold),
        plural(first_count, "is", "are"),
        plural(changed.len(), "project", "projects"),
        if rosier > 0 {
            format!(
                "; {} a rosier RAG than their schedules suggest",
                plural(rosier, "project shows", "projects show")
            )
        } else {
            String::new()
        }
    )));

    // Portfolio by stage and RAG.
    blocks.push(Block::Heading(2, "Portfolio by stage and RAG".into()));
    let mut rags: Vec<Rag> = s.rag_scale.values().to_vec();
    rags.push(Rag::Unrated);
    let mut headers = vec!["Stage".to_string()];
    headers.extend(rags.iter().map(|r| r.letters().to_string()));
    headers.push("Total".into());
    let stage_rows: Vec<Vec<Cell>> = Stage::ALL
        .iter()
        .filter_map(|stage| {
            let in_stage: Vec<&PortfolioRow> =
                input.rows.iter().filter(|r| r.stage == *stage).collect();
            if in_stage.is_empty() {
                return None;
            }
            let mut row = vec![text(stage.label())];
            row.extend(
                rags.iter()
                    .map(|rag| number(in_stage.iter().filter(|r| scale(r.rag) == *rag).count())),
            );
            row.push(number(in_stage.len()));
            Some(row)
        })
        .collect();
    blocks.push(Block::Table {
        headers,
        rows: stage_rows,
    });
    // The letters a reader meets first, explained once (`-` is not yet rated).
    blocks.push(Block::Paragraph(format!(
        "RAG: {}.",
        rags.iter()
            .map(|r| format!("{} {}", r.letters(), r.label().to_lowercase()))
            .collect::<Vec<_>>()
            .join(", ")
    )));
    if changed.is_empty() {
        blocks.push(Block::Paragraph(
            "No project changed RAG status since the last report.".into(),
        ));
    } else {
        blocks.push(Block::Heading(
            3,
            "RAG changes since the last report".into(),
        ));
        blocks.push(Block::Table {
            headers: ["Project", "Was", "Now", "Changed", "Reason"]
                .map(String::from)
                .to_vec(),
            rows: changed
                .iter()
                .map(|(row, before, now, last)| {
                    vec![
                        text(format!("{} {}", row.code, row.name)),
                        Cell::Rag(*before),
                        Cell::Rag(*now),
                        text(display(last.changed_at.date())),
                        text(last.reason.clone()),
                    ]
                })
                .collect(),
        });
    }

    // Exceptions.
    blocks.push(Block::Heading(2, "Exceptions".into()));
    // Worst first: red, amber-red, amber; within each, the most slipped first.
    let mut exceptions: Vec<&PortfolioRow> = live
        .iter()
        .copied()
        .filter(|r| matches!(scale(r.rag), Rag::Red | Rag::AmberRed | Rag::Amber))
        .collect();
    let severity = |rag: Rag| match rag {
        Rag::Red => 0,
        Rag::AmberRed => 1,
        _ => 2,
    };
    exceptions.sort_by_key(|r| {
        (
            severity(scale(r.rag)),
            std::cmp::Reverse(r.slippage_days().unwrap_or(0)),
            r.code.clone(),
        )
    });
    if exceptions.is_empty() {
        blocks.push(Block::Paragraph(
            "No project is showing as red or amber.".into(),
        ));
    } else {
        blocks.push(Block::Paragraph(format!(
            "{} showing as red or amber. Each is listed with its reason, since when, and the next \
             step towards recovery.",
            plural(exceptions.len(), "project is", "projects are")
        )));
        blocks.push(Block::Table {
            headers: [
                "Project",
                "RAG",
                "Reason",
                "Since",
                "Recovery: next milestone and forecast",
            ]
            .map(String::from)
            .to_vec(),
            rows: exceptions
                .iter()
                .map(|row| {
                    let since = row
                        .rag_since
                        .map(|d| display(d.date()))
                        .unwrap_or_else(|| "—".into());
                    let next = match (&row.next_milestone, row.next_milestone_date) {
                        (Some(name), Some(date)) => format!("{name}, due {}", display(date)),
                        _ => "no milestone planned".into(),
                    };
                    let slip = row
                        .slippage_days()
                        .filter(|d| *d > 0)
                        .map(|d| format!(" ({d} days after baseline)"))
                        .unwrap_or_default();
                    let overdue = if row.overdue_milestones > 0 {
                        format!(
                            "; {} overdue",
                            plural(row.overdue_milestones as usize, "milestone", "milestones")
                        )
                    } else {
                        String::new()
                    };
                    vec![
                        text(format!("{} {}", row.code, row.name)),
                        Cell::Rag(scale(row.rag)),
                        text(row.rag_reason.clone()),
                        text(since),
                        text(format!(
                            "{next}; forecast end {}{slip}{overdue}",
                            opt_date(row.forecast_end)
                        )),
                    ]
                })
                .collect(),
        });
    }

    // Completed and started.
    blocks.push(Block::Heading(
        2,
        "Completed and started since the last report".into(),
    ));
    let in_period = |d: Option<NaiveDate>| d.is_some_and(|d| d > input.since && d <= input.today);
    let completed: Vec<String> = input
        .rows
        .iter()
        .filter(|r| {
            matches!(r.stage, Stage::Completed | Stage::Closed) && in_period(r.forecast_end)
        })
        .map(|r| {
            format!(
                "{} {} (completed {})",
                r.code,
                r.name,
                opt_date(r.forecast_end)
            )
        })
        .collect();
    let started: Vec<String> = input
        .rows
        .iter()
        .filter(|r| r.stage != Stage::Cancelled && in_period(r.start_date))
        .map(|r| format!("{} {} (started {})", r.code, r.name, opt_date(r.start_date)))
        .collect();
    blocks.push(Block::Paragraph(format!(
        "Completed: {}. Started: {}.",
        plural(completed.len(), "project", "projects"),
        plural(started.len(), "project", "projects")
    )));
    let mut both = completed;
    both.extend(started);
    if !both.is_empty() {
        blocks.push(Block::Bullets(both));
    }

    // Milestones.
    blocks.push(Block::Heading(2, "Milestones".into()));
    let codes: HashMap<i64, &PortfolioRow> = input.rows.iter().map(|r| (r.id, r)).collect();
    let milestone_by_id: HashMap<i64, &Milestone> = input
        .milestones
        .values()
        .flatten()
        .map(|m| (m.id, m))
        .collect();
    let mut slipped: Vec<&MilestoneMove> = input
        .moves
        .iter()
        .filter(|m| {
            m.changed_at.date() > input.since
                && m.moved_days().unwrap_or(0) > 0
                && codes.contains_key(&m.project_id)
        })
        .collect();
    slipped.sort_by_key(|m| {
        (
            codes.get(&m.project_id).map(|r| r.code.clone()),
            m.changed_at,
        )
    });
    blocks.push(Block::Heading(3, "Slipped since the last report".into()));
    if slipped.is_empty() {
        blocks.push(Block::Paragraph("No milestone slipped.".into()));
    } else {
        blocks.push(Block::Table {
            headers: [
                "Project",
                "Milestone",
                "Baseline",
                "Moved from",
                "To",
                "Days",
                "Reason",
            ]
            .map(String::from)
            .to_vec(),
            rows: slipped
                .iter()
                .filter_map(|m| {
                    let ms = milestone_by_id.get(&m.milestone_id)?;
                    Some(vec![
                        text(
                            codes
                                .get(&m.project_id)
                                .map(|r| r.code.clone())
                                .unwrap_or_default(),
                        ),
                        text(ms.name.clone()),
                        text(opt_date(ms.baseline_date)),
                        text(opt_date(m.old_date)),
                        text(opt_date(m.new_date)),
                        number(format!("+{}", m.moved_days().unwrap_or(0))),
                        text(m.reason.clone()),
                    ])
                })
                .collect(),
        });
    }
    let horizon = due_horizon(input.today, input.since);
    let mut due: Vec<(&PortfolioRow, &Milestone)> = input
        .milestones
        .iter()
        .filter_map(|(pid, ms)| codes.get(pid).map(|row| (*row, ms)))
        .filter(|(row, _)| row.stage.is_open())
        .flat_map(|(row, ms)| ms.iter().map(move |m| (row, m)))
        .filter(|(_, m)| {
            !m.is_done()
                && m.effective_forecast()
                    .is_some_and(|f| f >= input.today && f <= horizon)
        })
        .collect();
    due.sort_by_key(|(row, m)| (m.effective_forecast(), row.code.clone()));
    blocks.push(Block::Heading(
        3,
        format!("Due in the next period (to {})", display(horizon)),
    ));
    if due.is_empty() {
        blocks.push(Block::Paragraph("No milestone is due.".into()));
    } else {
        blocks.push(Block::Table {
            headers: ["Due", "Project", "Milestone", "Owner"]
                .map(String::from)
                .to_vec(),
            rows: due
                .iter()
                .map(|(row, m)| {
                    vec![
                        text(opt_date(m.effective_forecast())),
                        text(row.code.clone()),
                        text(m.name.clone()),
                        text(m.owner.clone()),
                    ]
                })
                .collect(),
        });
    }

    // Service desk.
    blocks.push(Block::Heading(2, "Service desk".into()));
    let d = &input.desk;
    let six: Vec<_> = d.months.iter().rev().take(6).rev().collect();
    // Only months whose figure is known: an unknown month is never read as 0.
    let open_at = |m: Option<&&MonthFigures>| m.and_then(|m| m.open).map(|open| open.total());
    let trend = match (open_at(six.first()), open_at(six.last())) {
        (Some(first), Some(last)) if first > 0 => format!(
            " The total number of open cases has changed in the last six months from {first} to \
             {last}."
        ),
        _ => String::new(),
    };
    let sla = match d.resolved_within {
        (_, 0) => String::new(),
        (ok, all) => format!(
            " {}% of the {all} cases resolved in the last 30 days were within their target.",
            ok * 100 / all
        ),
    };
    blocks.push(Block::Paragraph(format!(
        "There are {} open cases: {} active incidents and requests, and {} cases where the clock \
         has stopped (waiting for the user, a supplier, or a problem or change).{trend}{sla} {} open \
         cases have breached their target and {} are past the escalation threshold.",
        d.open.total(),
        d.open.active,
        d.open.stop_clock,
        d.breached_total,
        d.warning_total
    )));
    blocks.push(Block::Table {
        headers: [
            "Month",
            "Open",
            "Active",
            "Stop-clock",
            "Opened",
            "Resolved",
        ]
        .map(String::from)
        .to_vec(),
        rows: six
            .iter()
            .map(|m| {
                vec![
                    // The month in progress is not complete: it says so.
                    text(
                        if m.month.year() == input.today.year()
                            && m.month.month() == input.today.month()
                        {
                            format!("{} (to {})", m.month.format("%B %Y"), display(input.today))
                        } else {
                            m.month.format("%B %Y").to_string()
                        },
                    ),
                    figure(m.open.map(|open| open.total())),
                    figure(m.open.map(|open| open.active)),
                    figure(m.open.map(|open| open.stop_clock)),
                    figure(m.opened),
                    figure(m.resolved),
                ]
            })
            .collect(),
    });

    // Key risks.
    blocks.push(Block::Heading(2, "Key risks".into()));
    let mut key: Vec<&RegisterRow> = input
        .risks
        .iter()
        .filter(|r| r.risk.open && !r.risk.archived && r.risk.band(s) >= RiskBand::High)
        .collect();
    key.sort_by_key(|r| (std::cmp::Reverse(r.risk.score()), r.risk.code.clone()));
    key.truncate(12);
    if key.is_empty() {
        blocks.push(Block::Paragraph(
            "No open risk is rated high or very high.".into(),
        ));
    } else {
        blocks.push(Block::Table {
            headers: ["Risk", "Impact", "Control", "Score", "Trend"]
                .map(String::from)
                .to_vec(),
            rows: key
                .iter()
                .map(|r| {
                    let risk = &r.risk;
                    let trend = r.trend().map(|t| t.word()).unwrap_or("new");
                    vec![
                        text(format!(
                            "{} {}{}",
                            risk.code,
                            risk.title,
                            risk.project_code
                                .as_deref()
                                .map(|c| format!(" ({c})"))
                                .unwrap_or_default()
                        )),
                        text(risk.consequence.clone()),
                        text(risk.control.clone()),
                        number(format!("{} {}", risk.score(), risk.band(s).label())),
                        text(trend),
                    ]
                })
                .collect(),
        });
    }

    // Audit recommendations and certification: after the risks, before the money, as the
    // seed reports place them.
    blocks.extend(super::assurance::recommendations(
        &input.recommendations,
        input.today,
        input.since,
    ));
    blocks.extend(super::assurance::certifications(
        &input.certifications,
        &input.assessments,
        input.today,
        input.since,
        s.certification_due_days,
    ));

    // Budget.
    blocks.push(Block::Heading(2, "Budget".into()));
    let budgeted: Vec<&Project> = input
        .projects
        .iter()
        .filter(|p| p.stage.is_open() && (p.total_budget().is_some() || p.spend_to_date.is_some()))
        .collect();
    if budgeted.is_empty() {
        blocks.push(Block::Paragraph("No budgets are recorded.".into()));
    } else {
        let money = |p: Option<i64>| p.map(format_pounds).unwrap_or_default();
        let mut rows: Vec<Vec<Cell>> = budgeted
            .iter()
            .map(|p| {
                vec![
                    text(format!("{} {}", p.code, p.name)),
                    number(money(p.budget_capital)),
                    number(money(p.budget_revenue)),
                    number(money(p.spend_to_date)),
                ]
            })
            .collect();
        // Totals in a wider type: a sum never wraps round to a plausible figure.
        let sum = |f: fn(&Project) -> Option<i64>| {
            crate::domain::money::format_pounds_total(crate::domain::money::total_pence(
                budgeted.iter().filter_map(|p| f(p)),
            ))
        };
        rows.push(vec![
            text("Total"),
            number(sum(|p| p.budget_capital)),
            number(sum(|p| p.budget_revenue)),
            number(sum(|p| p.spend_to_date)),
        ]);
        blocks.push(Block::Table {
            headers: [
                "Project",
                "Capital £",
                "Annual revenue £",
                "Spend to date £",
            ]
            .map(String::from)
            .to_vec(),
            rows,
        });
    }
    blocks
}
