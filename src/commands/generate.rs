//! `workplan demo --projects N --cases N`: a large, plausible work plan for trying the app at
//! scale and for benchmarks. Deterministic (fixed seed), relative to today, about ten milestones
//! and five risks per project, each with history, an audit recommendation per five projects
//! and a certification per fifty, written through the store's bulk loader.

use std::path::Path;
use std::time::{Duration as Elapsed, Instant};

use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::CommandError;
use super::demo::{DemoFile, not_built};
use super::progress::{Progress, Unit};
use crate::domain::assurance::{
    AssessmentResult, Assurance, Certification, Frequency, Priority, Recommendation,
    RecommendationStatus,
};
use crate::domain::{CaseKind, CaseState, Rag, Stage};
use crate::store::{
    BulkCase, BulkLoad, BulkMilestone, BulkProject, BulkRisk, Result as StoreResult,
};

const ORGANISATIONS: [&str; 2] = ["Brackenford Borough Council", "Holmwick District Council"];
const THEMES: [&str; 3] = [
    "ICT Strategic Architecture",
    "ICT Governance and Service Development",
    "Council Service Development and Transformation",
];
const SYSTEMS: [&str; 16] = [
    "Revenues and benefits system",
    "Housing management system",
    "Planning portal",
    "Microsoft 365 tenancy",
    "Telephony platform",
    "Payroll system",
    "Customer portal",
    "Wi-Fi at council sites",
    "Backup service",
    "Electoral registration system",
    "Waste management app",
    "Firewall estate",
    "Financial ledger",
    "Document management",
    "Intranet",
    "Desktop estate",
];
const ACTIONS: [&str; 8] = [
    "upgrade",
    "replacement",
    "migration to the cloud",
    "refresh",
    "procurement",
    "consolidation",
    "security hardening",
    "rollout",
];
const PEOPLE: [&str; 12] = [
    "Priya Shah",
    "Tom Ellery",
    "Grace Okafor",
    "Martin Doyle",
    "Sian Parry",
    "Colin Marsh",
    "Hannah Wu",
    "Dev Patel",
    "Ruth Abbott",
    "Owen Hughes",
    "Lena Novak",
    "Sam Fletcher",
];
const MILESTONES: [&str; 10] = [
    "Business case approved",
    "Requirements signed off",
    "Supplier appointed",
    "Design agreed",
    "Build complete",
    "Data migration trial",
    "User acceptance testing",
    "Training delivered",
    "Go-live",
    "Project closure",
];
const SLIP_REASONS: [&str; 5] = [
    "Delayed awaiting user sign-off",
    "Supplier resource unavailable",
    "Dependency on network cutover",
    "Test defects to resolve",
    "Key technical post vacant",
];
const RED_REASONS: [&str; 4] = [
    "Go-live cannot proceed: data migration failures outstanding",
    "Supplier has missed two delivery dates; escalated to contract board",
    "Capital funding not yet approved",
    "Critical defects found in user acceptance testing",
];
const AMBER_REASONS: [&str; 4] = [
    "Delayed awaiting user sign-off",
    "Key technical post vacant; interim cover being sought",
    "Integration connector late from the supplier",
    "Training dates moved to fit service peaks",
];
const RISK_TITLES: [&str; 6] = [
    "Supplier fails to deliver on time",
    "Insufficient staff capacity in the service",
    "Data migration quality below the go-live threshold",
    "Cyber attack during cutover",
    "Budget overspend on licences",
    "Loss of key technical knowledge",
];
const SERVICES: [&str; 8] = [
    "Finance system",
    "Website",
    "Email",
    "Telephony",
    "Network",
    "Housing system",
    "Printing",
    "Laptops",
];
const SUMMARIES: [&str; 6] = [
    "Cannot log in",
    "Report timing out",
    "Printer offline on second floor",
    "New starter equipment request",
    "Form submission error",
    "Access to shared mailbox",
];

const AUDITS: [&str; 8] = [
    "Cyber Crime",
    "Software Controls",
    "IT Disaster Recovery",
    "Network Security",
    "Change Management",
    "Data Protection",
    "Third-party Access",
    "Patch Management",
];
const SOCITM: &str = "SOCITM Advisory";
const AUDITORS: [&str; 3] = ["Internal Audit Partnership", "External Audit", SOCITM];
const RECOMMENDATIONS: [&str; 8] = [
    "Revise the Information Security and Acceptable Use policies",
    "Review the information asset register for completeness",
    "Test the full recovery of critical systems once a year",
    "Remove local administrator rights from standard accounts",
    "Record software licence entitlements in the asset register",
    "Review firewall rules every quarter",
    "Apply critical security patches within 14 days",
    "Agree recovery time objectives with service managers",
];
const REC_ACTIONS: [&str; 4] = [
    "Policy being revised",
    "Review under way with the service",
    "Scheduled in the work plan",
    "Supplier engaged",
];
/// Name, certifying body and how often it is assessed.
const CERTIFICATES: [(&str, &str, Frequency); 8] = [
    ("PSN compliance", "Cabinet Office", Frequency::Annual),
    (
        "Cyber Essentials Plus",
        "IASME certification body",
        Frequency::Annual,
    ),
    ("ISO 27001:2022", "BSI", Frequency::Annual),
    ("ISO 9001:2015", "BSI", Frequency::Annual),
    ("PCI DSS", "QSA and ASV", Frequency::Quarterly),
    ("DSP Toolkit", "NHS England", Frequency::Annual),
    (
        "Payment gateway assurance",
        "Payment provider",
        Frequency::SixMonthly,
    ),
    (
        "Backup restore test",
        "Internal Audit Partnership",
        Frequency::Monthly,
    ),
];

/// The most projects `demo --projects` generates.
pub const MAX_PROJECTS: usize = 1_000_000;
/// The most service-desk cases `demo --cases` generates.
pub const MAX_CASES: usize = 100_000_000;

/// How big a generated work plan is.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub projects: usize,
    pub cases: usize,
}

impl Size {
    /// Refuse a size beyond what the generator makes, before anything is written or
    /// allocated.
    pub fn check(&self) -> Result<(), CommandError> {
        if self.projects > MAX_PROJECTS {
            return Err(CommandError::Invalid(format!(
                "--projects {}: the generator makes at most 1,000,000 projects",
                self.projects
            )));
        }
        if self.cases > MAX_CASES {
            return Err(CommandError::Invalid(format!(
                "--cases {}: the generator makes at most 100,000,000 cases",
                self.cases
            )));
        }
        Ok(())
    }
}

/// What a generation wrote, and how fast.
#[derive(Debug)]
pub struct Generated {
    pub projects: usize,
    pub rows: u64,
    pub took: Elapsed,
}

impl Generated {
    pub fn rows_per_second(&self) -> f64 {
        self.rows as f64 / self.took.as_secs_f64().max(1e-9)
    }
}

/// Build a generated demo database at `path` (replacing only an earlier demo), in a
/// temporary file beside it that is moved into place only when complete.
pub fn build_large_demo(
    path: &Path,
    now: NaiveDateTime,
    user: &str,
    size: Size,
) -> Result<Generated, CommandError> {
    build_large_demo_with(path, now, user, size, false)
}

/// [`build_large_demo`], with a progress bar on standard error when `progress`.
pub fn build_large_demo_with(
    path: &Path,
    now: NaiveDateTime,
    user: &str,
    size: Size,
    progress: bool,
) -> Result<Generated, CommandError> {
    size.check()?;
    let file = DemoFile::begin(path)?;
    let started = Instant::now();
    let progress = Progress::new(progress, "Generating");
    let built = (|| {
        let mut store = file.open_store()?;
        let mut load = store.bulk_load(now)?;
        // Projects and cases, one each (a project's milestones, risks and history with it).
        let total = size.projects as u64 + size.cases as u64;
        progress.count("Generating", Some(total), Unit::Items("projects and cases"));
        generate(&mut load, now, user, size, &progress)?;
        progress.stage("Saving the work plan…");
        let rows = load.commit()?;
        Ok::<_, CommandError>((store, rows))
    })();
    drop(progress);
    let (store, rows) = built.map_err(|e| not_built(path, e))?;
    let took = started.elapsed();
    file.install(store).map_err(|e| not_built(path, e))?;
    Ok(Generated {
        projects: size.projects,
        rows,
        took,
    })
}

fn pick<'a>(rng: &mut fastrand::Rng, items: &[&'a str]) -> &'a str {
    items[rng.usize(..items.len())]
}

fn generate(
    load: &mut BulkLoad<'_>,
    now: NaiveDateTime,
    user: &str,
    size: Size,
    progress: &Progress,
) -> StoreResult<()> {
    let today = now.date();
    let mut rng = fastrand::Rng::with_seed(20_261_122);
    let orgs = [
        load.organisation(ORGANISATIONS[0])?,
        load.organisation(ORGANISATIONS[1])?,
    ];
    let themes = [
        load.theme(THEMES[0])?,
        load.theme(THEMES[1])?,
        load.theme(THEMES[2])?,
    ];
    // `build_large_demo` checked the size; the capacity is bounded all the same.
    let mut project_ids = Vec::with_capacity(size.projects.min(MAX_PROJECTS));
    for n in 1..=size.projects {
        project_ids.push(project(load, &mut rng, n, today, user, &orgs, &themes)?);
        progress.inc(1);
    }
    // A generator of its own, so the projects and cases are those generated before the
    // assurance registers were added.
    let mut assurance_rng = fastrand::Rng::with_seed(20_261_123);
    assurance_registers(load, &mut assurance_rng, today, user, &project_ids)?;
    let mut reference = String::new();
    for n in 1..=size.cases {
        use std::fmt::Write;
        reference.clear();
        let _ = write!(reference, "GEN{n:08}");
        case(load, &mut rng, &reference, now, &orgs, &project_ids)?;
        progress.inc(1);
    }
    Ok(())
}

fn project(
    load: &mut BulkLoad<'_>,
    rng: &mut fastrand::Rng,
    n: usize,
    today: NaiveDate,
    user: &str,
    orgs: &[i64; 2],
    themes: &[i64; 3],
) -> StoreResult<i64> {
    let stage = match rng.u8(..100) {
        0..=9 => Stage::Proposed,
        10..=14 => Stage::AwaitingResource,
        15..=69 => Stage::InDelivery,
        70..=74 => Stage::OnHold,
        75..=89 => Stage::Completed,
        90..=96 => Stage::Closed,
        _ => Stage::Cancelled,
    };
    let rag = match rng.u8(..100) {
        0..=7 => Rag::Red,
        8..=15 => Rag::AmberRed,
        16..=35 => Rag::Amber,
        36..=50 => Rag::AmberGreen,
        _ => Rag::Green,
    };
    let reason = match rag {
        Rag::Red | Rag::AmberRed => pick(rng, &RED_REASONS),
        Rag::Amber | Rag::AmberGreen => pick(rng, &AMBER_REASONS),
        _ => "On track",
    };
    // Finished projects ended in the past; the rest run from the past into the future.
    let finished = matches!(stage, Stage::Completed | Stage::Closed | Stage::Cancelled);
    let (start, baseline_end) = if finished {
        let end = today - Duration::days(rng.i64(30..700));
        (end - Duration::days(rng.i64(90..720)), end)
    } else {
        let start = today - Duration::days(rng.i64(0..500));
        (start, today.max(start) + Duration::days(rng.i64(20..500)))
    };
    let slip = if rag == Rag::Green {
        0
    } else {
        rng.i64(0..120)
    };
    let forecast_end = baseline_end + Duration::days(slip);
    let code = format!("GEN-{n:05}");
    let name = format!("{} {} ({n})", pick(rng, &SYSTEMS), pick(rng, &ACTIONS));
    let manager = pick(rng, &PEOPLE);
    let capital = i64::from(rng.u32(0..500)) * 100_000; // £1,000 steps, in pence
    let id = load.project(&BulkProject {
        code: &code,
        name: &name,
        theme_id: themes[rng.usize(..3)],
        organisation_id: orgs[rng.usize(..2)],
        stage,
        rag,
        rag_reason: reason,
        manager,
        sponsor: pick(rng, &PEOPLE),
        start,
        baseline_end,
        forecast_end,
        budget_capital: capital,
        budget_revenue: i64::from(rng.u32(0..100)) * 100_000,
        spend_to_date: capital / 100 * i64::from(rng.u32(0..100)),
        percent_complete: i64::from(rng.u8(0..=100)),
    })?;

    // A year of monthly reviews: green, then the current status some months ago.
    let since = i64::from(rng.u8(1..12)) * 30;
    load.rag_change(
        id,
        (today - Duration::days(360)).and_time(Default::default()),
        Rag::Green,
        "",
        manager,
    )?;
    load.rag_change(
        id,
        (today - Duration::days(since)).and_time(Default::default()),
        rag,
        reason,
        manager,
    )?;

    let span = (forecast_end - start).num_days().max(10);
    for (i, name) in MILESTONES.iter().enumerate() {
        let baseline = start + Duration::days(span * (i as i64 + 1) / 11);
        let moved = slip > 0 && rng.u8(..100) < 40;
        let forecast = if moved {
            baseline + Duration::days(rng.i64(7..90))
        } else {
            baseline
        };
        let actual = (forecast < today - Duration::days(7) && rng.u8(..100) < 85)
            .then(|| (forecast + Duration::days(rng.i64(-3..10))).min(today));
        let milestone = load.milestone(&BulkMilestone {
            project_id: id,
            name,
            baseline,
            forecast,
            actual,
            owner: manager,
        })?;
        if moved {
            let at = (baseline - Duration::days(rng.i64(5..60))).min(today);
            load.forecast_move(
                milestone,
                at.and_time(Default::default()),
                baseline,
                forecast,
                pick(rng, &SLIP_REASONS),
                user,
            )?;
        }
    }

    for r in 1..=5 {
        let inherent = (rng.u8(3..=5), rng.u8(3..=5));
        let current = (rng.u8(1..=inherent.0), rng.u8(1..=inherent.1));
        let target = (rng.u8(1..=current.0), rng.u8(1..=current.1));
        let risk_code = format!("{code}-R{r}");
        let risk = load.risk(&BulkRisk {
            project_id: id,
            code: &risk_code,
            title: pick(rng, &RISK_TITLES),
            consequence: "Delay to go-live and additional cost",
            control: "Monthly review with the supplier; escalation route agreed",
            owner: manager,
            open: rng.u8(..100) < 80,
            inherent,
            current,
            target,
            review_date: today + Duration::days(rng.i64(-20..60)),
        })?;
        load.assessment(
            risk,
            today - Duration::days(120),
            inherent,
            "first assessment",
            manager,
        )?;
        load.assessment(
            risk,
            today - Duration::days(rng.i64(0..60)),
            current,
            "monthly review",
            manager,
        )?;
    }
    Ok(id)
}

/// The audit an auditor's recommendations share.
struct Audit {
    name: String,
    date: NaiveDate,
    auditor: &'static str,
    assurance: Option<Assurance>,
}

/// About one audit recommendation per five projects, five to an audit, and one certification
/// per fifty projects (at least five), each with two to four assessments: the assurance
/// registers at the scale of the plan. Bounded by the projects' cap.
fn assurance_registers(
    load: &mut BulkLoad<'_>,
    rng: &mut fastrand::Rng,
    today: NaiveDate,
    user: &str,
    projects: &[i64],
) -> StoreResult<()> {
    let mut audit = Audit {
        name: String::new(),
        date: today,
        auditor: AUDITORS[0],
        assurance: None,
    };
    for n in 0..projects.len() / 5 {
        if n % 5 == 0 {
            let auditor = pick(rng, &AUDITORS);
            // An external review's improvement plan gives no opinion.
            let assurance = (auditor != SOCITM).then(|| match rng.u8(..100) {
                0..=9 => Assurance::Full,
                10..=34 => Assurance::Substantial,
                35..=69 => Assurance::Reasonable,
                70..=94 => Assurance::Limited,
                _ => Assurance::NoAssurance,
            });
            audit = Audit {
                name: format!("{} ({})", pick(rng, &AUDITS), n / 5 + 1),
                date: today - Duration::days(rng.i64(30..720)),
                auditor,
                assurance,
            };
        }
        let due = audit.date + Duration::days(rng.i64(60..540));
        let revised = (rng.u8(..100) < 15).then(|| due + Duration::days(rng.i64(30..180)));
        let deadline = revised.unwrap_or(due);
        // Most past their date are done; some are overdue, as a register has.
        let done_percent = if deadline < today { 75 } else { 20 };
        let status = match (rng.u8(..100) < done_percent, rng.bool()) {
            (true, true) => RecommendationStatus::Verified,
            (true, false) => RecommendationStatus::Implemented,
            (false, true) => RecommendationStatus::InProgress,
            (false, false) => RecommendationStatus::Open,
        };
        let implemented_date = (!status.is_outstanding()).then(|| {
            (deadline - Duration::days(rng.i64(0..60)))
                .max(audit.date)
                .min(today)
        });
        let project_id = (rng.u8(..100) < 60 && !projects.is_empty())
            .then(|| projects[rng.usize(..projects.len())]);
        let owner = pick(rng, &PEOPLE);
        let id = load.recommendation(&Recommendation {
            code: format!("GEN-AR-{:06}", n + 1),
            audit: audit.name.clone(),
            audit_date: Some(audit.date),
            auditor: audit.auditor.to_string(),
            assurance: audit.assurance,
            recommendation: pick(rng, &RECOMMENDATIONS).to_string(),
            priority: Some(match rng.u8(..100) {
                0..=24 => Priority::High,
                25..=74 => Priority::Medium,
                _ => Priority::Low,
            }),
            owner: owner.to_string(),
            action: pick(rng, &REC_ACTIONS).to_string(),
            due_date: Some(due),
            revised_due_date: revised,
            status: Some(status),
            implemented_date,
            evidence: if implemented_date.is_some() {
                "Checked at the audit follow-up".to_string()
            } else {
                String::new()
            },
            project_id,
            ..Recommendation::default()
        })?;
        if let Some(new) = revised {
            let at = (due - Duration::days(rng.i64(1..30)))
                .max(audit.date)
                .min(today);
            load.due_revision(
                id,
                at.and_time(Default::default()),
                (due, new),
                pick(rng, &SLIP_REASONS),
                owner,
            )?;
        }
    }

    for n in 1..=(projects.len() / 50).max(5) {
        let (name, body, frequency) = CERTIFICATES[rng.usize(..CERTIFICATES.len())];
        let period = i64::from(frequency.months()) * 30;
        // The latest assessment mostly within its period, a few late.
        let last = today - Duration::days(rng.i64(0..period + period / 5));
        let count = rng.i64(2..=4);
        let first = last - Duration::days(period * (count - 1));
        let certified_on = first - Duration::days(rng.i64(0..60));
        let expires_on = if rng.u8(..100) < 5 {
            today - Duration::days(rng.i64(1..60))
        } else {
            today + Duration::days(rng.i64(20..1000))
        };
        let project_id = (rng.u8(..100) < 30 && !projects.is_empty())
            .then(|| projects[rng.usize(..projects.len())]);
        let id = load.certification(&Certification {
            code: format!("GEN-C{n:05}"),
            name: format!("{name} ({n})"),
            body: body.to_string(),
            scope: pick(rng, &SYSTEMS).to_string(),
            certified_on: Some(certified_on),
            expires_on: Some(expires_on),
            frequency: Some(frequency),
            owner: pick(rng, &PEOPLE).to_string(),
            project_id,
            ..Certification::default()
        })?;
        for k in 0..count {
            let result = match rng.u8(..100) {
                0..=89 => AssessmentResult::Pass,
                90..=96 => AssessmentResult::PassWithActions,
                _ => AssessmentResult::Fail,
            };
            load.certification_assessment(
                id,
                (first + Duration::days(period * k), result),
                "",
                user,
            )?;
        }
    }
    Ok(())
}

fn case(
    load: &mut BulkLoad<'_>,
    rng: &mut fastrand::Rng,
    reference: &str,
    now: NaiveDateTime,
    orgs: &[i64; 2],
    projects: &[i64],
) -> StoreResult<()> {
    let opened_at = now - Duration::minutes(rng.i64(10..(2 * 365 * 24 * 60)));
    let age = (now - opened_at).num_minutes();
    // Old cases are nearly all finished; recent ones are the open queue.
    let open_percent = match age / (24 * 60) {
        0..=6 => 40,
        7..=29 => 8,
        30..=90 => 2,
        _ => 0,
    };
    let state = if rng.u8(..100) >= open_percent {
        CaseState::Closed
    } else {
        match rng.u8(..100) {
            0..=19 => CaseState::New,
            20..=59 => CaseState::Active,
            60..=79 => CaseState::OnHold,
            _ => CaseState::Resolved,
        }
    };
    let resolved_at = matches!(state, CaseState::Resolved | CaseState::Closed)
        .then(|| {
            // Most cases are fixed within days; a few take weeks.
            let limit = if rng.u8(..100) < 90 {
                3 * 24 * 60
            } else {
                30 * 24 * 60
            };
            opened_at + Duration::minutes(rng.i64(20..limit))
        })
        .map(|at| at.min(now));
    let closed_at = (state == CaseState::Closed)
        .then(|| resolved_at.map(|at| (at + Duration::days(3)).min(now)))
        .flatten();
    let hold_reason = if state == CaseState::OnHold {
        "Awaiting user response"
    } else {
        ""
    };
    let project_id =
        (rng.u8(..100) < 3 && !projects.is_empty()).then(|| projects[rng.usize(..projects.len())]);
    let id = load.case(&BulkCase {
        reference,
        kind: if rng.u8(..100) < 60 {
            CaseKind::Incident
        } else {
            CaseKind::Request
        },
        priority: rng.u8(1..=4),
        state,
        hold_reason,
        opened_at,
        resolved_at,
        closed_at,
        category: "Software",
        service: pick(rng, &SERVICES),
        assignment_group: "Service Desk",
        organisation_id: orgs[rng.usize(..2)],
        project_id,
        summary: pick(rng, &SUMMARIES),
    })?;
    load.case_state(id, opened_at, CaseState::New, "")?;
    if state == CaseState::OnHold {
        load.case_state(
            id,
            opened_at + Duration::minutes(30),
            CaseState::OnHold,
            hold_reason,
        )?;
    }
    if let Some(at) = resolved_at {
        load.case_state(id, at, CaseState::Resolved, "")?;
    }
    if let Some(at) = closed_at {
        load.case_state(id, at, CaseState::Closed, "")?;
    }
    Ok(())
}
