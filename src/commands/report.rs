//! `workplan report`: gather the work plan and write the committee progress report.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::CommandError;
use crate::domain::Settings;
use crate::domain::dates::{display, parse_date};
use crate::report::{Block, Format, FrontSheet, ReportInput, build, to_docx, to_html, to_markdown};
use crate::store::Store;

/// Without `--since` or an earlier report, the report looks back this far.
pub const DEFAULT_PERIOD_DAYS: i64 = 60;

/// The report's title, and the front sheet's unless one is given.
pub const TITLE: &str = "ICT Work Plan progress report";
/// The front sheet's purpose unless one is given.
pub const PURPOSE: &str = "To update the committee on the progress of the ICT work plan, its \
                           risks, audit recommendations and compliance.";
/// The front sheet's recommendation unless one is given.
pub const RECOMMENDATION: &str = "That the committee notes the report.";

#[derive(Debug, Clone)]
pub struct ReportRequest {
    pub today: NaiveDate,
    /// The moment SLA clocks count to: the same clock the app uses, so the app's service desk
    /// and the report agree on the same day.
    pub now: NaiveDateTime,
    pub since: Option<NaiveDate>,
    pub organisation: Option<String>,
    pub format: Format,
}

/// The Word document's front sheet as the command line gives it. A line not given falls back
/// to its shared setting (`report-committee`, `report-title`, `report-author`,
/// `report-council`) and then to the default; an empty value leaves the line out.
#[derive(Debug, Clone, Default, PartialEq, Eq, clap::Args)]
pub struct FrontSheetOptions {
    /// DOCX front sheet: the committee the paper goes to (default: the report-committee
    /// setting, else none).
    #[arg(long, value_name = "NAME")]
    pub committee: Option<String>,
    /// DOCX front sheet: the date of the meeting, e.g. 15/12/2026 (default: none).
    #[arg(long, value_name = "DATE")]
    pub meeting_date: Option<String>,
    /// DOCX front sheet: the paper's title (default: the report-title setting, else "ICT Work
    /// Plan progress report").
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// DOCX front sheet: the paper's purpose (default: to update the committee on the work
    /// plan, its risks, audit recommendations and compliance).
    #[arg(long, value_name = "TEXT")]
    pub purpose: Option<String>,
    /// DOCX front sheet: what the committee is asked to do (default: "That the committee
    /// notes the report.").
    #[arg(long, value_name = "TEXT")]
    pub recommendation: Option<String>,
    /// DOCX front sheet: the author (default: the report-author setting, else --user).
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
    /// DOCX front sheet: the council or shared service at its top (default: the
    /// report-council setting, else none).
    #[arg(long, value_name = "NAME")]
    pub council: Option<String>,
}

impl FrontSheetOptions {
    /// No front-sheet option was given.
    pub fn is_empty(&self) -> bool {
        *self == FrontSheetOptions::default()
    }
}

/// The given text, else the setting (when set), else the default.
fn line(option: Option<&str>, setting: &str, default: &str) -> String {
    match option {
        Some(text) => text.trim().to_string(),
        None if !setting.trim().is_empty() => setting.trim().to_string(),
        None => default.to_string(),
    }
}

/// The front sheet: each line from its option, else its shared setting, else its default
/// (the author defaults to `user`, the committee, council and meeting date to none).
pub fn front_sheet(
    options: &FrontSheetOptions,
    settings: &Settings,
    user: &str,
) -> Result<FrontSheet, CommandError> {
    let meeting_date = match options.meeting_date.as_deref() {
        Some(text) => display(
            parse_date(text).map_err(|e| CommandError::Invalid(format!("--meeting-date: {e}")))?,
        ),
        None => String::new(),
    };
    Ok(FrontSheet {
        council: line(options.council.as_deref(), &settings.report_council, ""),
        committee: line(options.committee.as_deref(), &settings.report_committee, ""),
        meeting_date,
        title: line(options.title.as_deref(), &settings.report_title, TITLE),
        purpose: line(options.purpose.as_deref(), "", PURPOSE),
        recommendation: line(options.recommendation.as_deref(), "", RECOMMENDATION),
        author: line(options.author.as_deref(), &settings.report_author, user),
    })
}

/// A report in one format: text (Markdown, HTML) or the bytes of a Word document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    Text(String),
    Document(Vec<u8>),
}

impl Output {
    /// What to write to a file.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Output::Text(text) => text.as_bytes(),
            Output::Document(bytes) => bytes,
        }
    }
}

/// The report as text (Markdown or HTML), and the date it counts from. A Word document is not
/// text: build the blocks and [`format`] them.
pub fn render(store: &Store, request: &ReportRequest) -> Result<(String, NaiveDate), CommandError> {
    let not_text = || {
        CommandError::Invalid("a Word document is not text: write it to a file with -o FILE".into())
    };
    if request.format == Format::Docx {
        return Err(not_text());
    }
    let (blocks, since) = build_blocks(store, request)?;
    match format(&blocks, request.format, &FrontSheet::default())? {
        Output::Text(text) => Ok((text, since)),
        Output::Document(_) => Err(not_text()),
    }
}

/// The report in `format`; `front` is the Word document's front sheet (Markdown and HTML have
/// none).
pub fn format(
    blocks: &[Block],
    format: Format,
    front: &FrontSheet,
) -> Result<Output, CommandError> {
    Ok(match format {
        Format::Md => Output::Text(to_markdown(blocks)),
        Format::Html => Output::Text(to_html(TITLE, blocks)),
        Format::Docx => Output::Document(to_docx(front, blocks).map_err(CommandError::Invalid)?),
    })
}

/// The report's content (any format), and the date it counts from.
pub fn build_blocks(
    store: &Store,
    request: &ReportRequest,
) -> Result<(Vec<Block>, NaiveDate), CommandError> {
    let today = request.today;
    let last = store.last_report_before(today)?;
    let since = request
        .since
        .or(last)
        .unwrap_or(today - Duration::days(DEFAULT_PERIOD_DAYS));
    let now = request.now;
    let settings = store.settings()?;
    let same = crate::domain::text::same_name;
    let wanted = |orgs: &[String]| {
        request
            .organisation
            .as_ref()
            .is_none_or(|o| orgs.iter().any(|x| same(x, o)))
    };
    let rows: Vec<_> = store
        .portfolio(today)?
        .into_iter()
        .filter(|r| !r.archived && wanted(&r.organisations))
        .collect();
    if let Some(org) = &request.organisation
        && rows.is_empty()
    {
        return Err(CommandError::Invalid(format!(
            "no projects belong to an organisation called '{org}'"
        )));
    }
    let ids: std::collections::HashSet<i64> = rows.iter().map(|r| r.id).collect();
    let projects = store
        .projects()?
        .into_iter()
        .filter(|p| ids.contains(&p.id))
        .collect();
    // One read for every history, not one query per project.
    let mut histories = store.all_rag_history()?;
    histories.retain(|id, _| ids.contains(id));
    let mut milestones: HashMap<i64, Vec<crate::domain::Milestone>> = HashMap::new();
    // Only the milestones the report lists: due in the coming period, or moved since.
    let horizon = crate::report::due_horizon(today, since);
    for m in store.milestones_due_or_moved(today, horizon, since)? {
        if ids.contains(&m.project_id) {
            milestones.entry(m.project_id).or_default().push(m);
        }
    }
    let moves = store.milestone_moves_since(since)?;
    // Only the key risks (open, high or very high) are reported: read just those.
    let risks = store
        .open_risks_scoring(settings.high_risk_min_score())?
        .into_iter()
        .filter(|r| r.is_corporate() || r.risk.project_id.is_some_and(|p| ids.contains(&p)))
        .collect();
    let desk = super::desk::load(store, now, &settings, request.organisation.as_deref())?.summary;
    // The assurance registers are the shared service's, not one organisation's: whole, always.
    let recommendations = store.recommendations()?;
    let certifications = store.certifications()?;
    let assessments = store
        .all_certification_assessments()?
        .into_iter()
        .filter(|a| a.date >= since && a.date <= today)
        .collect();
    let input = ReportInput {
        today,
        since,
        since_is_last_report: request.since.is_none() && last.is_some(),
        organisation: request.organisation.clone(),
        settings: &settings,
        rows,
        projects,
        histories,
        milestones,
        moves,
        risks,
        desk,
        recommendations,
        certifications,
        assessments,
    };
    Ok((build(&input), since))
}
