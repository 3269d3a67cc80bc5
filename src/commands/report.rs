//! `workplan report`: gather the work plan and write the committee progress report.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveTime};

use super::CommandError;
use crate::report::{Block, Format, ReportInput, build, to_html, to_markdown};
use crate::store::Store;

/// Without `--since` or an earlier report, the report looks back this far.
pub const DEFAULT_PERIOD_DAYS: i64 = 60;

#[derive(Debug, Clone)]
pub struct ReportRequest {
    pub today: NaiveDate,
    pub since: Option<NaiveDate>,
    pub organisation: Option<String>,
    pub format: Format,
}

/// The report as text, and the date it counts from.
pub fn render(store: &Store, request: &ReportRequest) -> Result<(String, NaiveDate), CommandError> {
    let (blocks, since) = build_blocks(store, request)?;
    Ok((format(&blocks, request.format), since))
}

/// The report in `format`.
pub fn format(blocks: &[Block], format: Format) -> String {
    match format {
        Format::Md => to_markdown(blocks),
        Format::Html => to_html("ICT Work Plan progress report", blocks),
    }
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
    // "As at the end of the report day", so the output depends only on the data and the date.
    let now = today.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN));
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
    };
    Ok((build(&input), since))
}
