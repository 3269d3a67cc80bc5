//! The edits a user can make, as forms: which fields each has, the rules across fields, and
//! the write a valid form becomes. The store checks versions and writes the audit trail.

use chrono::NaiveDate;
use rusqlite::types::Value;

use super::app::{App, FormPurpose, OpenForm, Write};
use super::form::{Field, FieldKind, Form};
use crate::domain::dates::iso;
use crate::domain::money::format_plain;
use crate::domain::{Milestone, Project, Rag, Risk, Stage};
use crate::store::edit::{Edit, Entity};

fn date_text(d: Option<NaiveDate>) -> String {
    d.map(iso).unwrap_or_default()
}

fn money_text(p: Option<i64>) -> String {
    p.map(format_plain).unwrap_or_default()
}

fn stages() -> Vec<String> {
    Stage::ALL.iter().map(|s| s.as_str().to_string()).collect()
}

pub fn rag_form(app: &App, project: &Project) -> OpenForm {
    let options: Vec<String> = app
        .settings
        .rag_scale
        .values()
        .iter()
        .map(|r| r.as_str().to_string())
        .collect();
    let current = project.rag.on_scale(app.settings.rag_scale);
    let mut form = Form::new(
        format!("Change RAG · {} {}", project.code, project.name),
        vec![
            Field::new("rag", "RAG", FieldKind::Choice(options), current.as_str()),
            Field::new(
                "rag_reason",
                "Reason",
                FieldKind::LongText { required: false },
                &project.rag_reason,
            ),
        ],
    );
    form.help = app
        .settings
        .rag_scale
        .values()
        .iter()
        .map(|r| format!("{:<11} {}", r.label(), r.definition()))
        .collect();
    form.help
        .push("A reason is required for anything but green.".to_string());
    OpenForm {
        loaded: Vec::new(),
        form,
        purpose: FormPurpose::ChangeRag {
            project: project.id,
            version: project.version,
        },
    }
}

fn project_fields(p: &Project) -> Vec<Field> {
    vec![
        Field::new("name", "Name", FieldKind::Text { required: true }, &p.name),
        Field::new(
            "stage",
            "Stage",
            FieldKind::Choice(stages()),
            p.stage.as_str(),
        ),
        Field::new(
            "manager",
            "Manager",
            FieldKind::Text { required: false },
            &p.manager,
        ),
        Field::new(
            "sponsor",
            "Sponsor",
            FieldKind::Text { required: false },
            &p.sponsor,
        ),
        Field::new(
            "start_date",
            "Start",
            FieldKind::Date { required: false },
            &date_text(p.start_date),
        ),
        Field::new(
            "baseline_end",
            "Baseline end",
            FieldKind::Date { required: false },
            &date_text(p.baseline_end),
        ),
        Field::new(
            "forecast_end",
            "Forecast end",
            FieldKind::Date { required: false },
            &date_text(p.forecast_end),
        ),
        Field::new(
            "budget_capital",
            "Capital £",
            FieldKind::Money,
            &money_text(p.budget_capital),
        ),
        Field::new(
            "budget_revenue",
            "Revenue £",
            FieldKind::Money,
            &money_text(p.budget_revenue),
        ),
        Field::new(
            "spend_to_date",
            "Spend £",
            FieldKind::Money,
            &money_text(p.spend_to_date),
        ),
        Field::new(
            "percent_complete",
            "% complete",
            FieldKind::Percent,
            &p.percent_complete
                .map(|c| c.to_string())
                .unwrap_or_default(),
        ),
        Field::new(
            "description",
            "Description",
            FieldKind::LongText { required: false },
            &p.description,
        ),
    ]
}

pub fn edit_project_form(project: &Project) -> OpenForm {
    let mut fields = project_fields(project);
    fields.push(reason_field());
    let mut form = Form::new(format!("Edit {} · {}", project.code, project.name), fields);
    form.help = vec!["Changing the baseline end is a re-baseline: give a reason.".to_string()];
    OpenForm {
        loaded: Vec::new(),
        form,
        purpose: FormPurpose::EditProject {
            id: project.id,
            version: project.version,
        },
    }
}

pub fn new_project_form() -> OpenForm {
    let blank = Project {
        stage: Stage::Proposed,
        ..Project::default()
    };
    let mut fields = vec![Field::new(
        "code",
        "Code",
        FieldKind::Text { required: true },
        "",
    )];
    fields.extend(project_fields(&blank));
    OpenForm {
        loaded: Vec::new(),
        form: Form::new("New project", fields),
        purpose: FormPurpose::NewProject,
    }
}

fn reason_field() -> Field {
    Field::new(
        "reason",
        "Reason",
        FieldKind::LongText { required: false },
        "",
    )
}

pub fn edit_milestone_form(m: &Milestone) -> OpenForm {
    let mut form = Form::new(
        format!("Edit milestone · {}", m.name),
        vec![
            Field::new("name", "Name", FieldKind::Text { required: true }, &m.name),
            Field::new(
                "baseline_date",
                "Baseline",
                FieldKind::Date { required: false },
                &date_text(m.baseline_date),
            ),
            Field::new(
                "forecast_date",
                "Forecast",
                FieldKind::Date { required: false },
                &date_text(m.forecast_date),
            ),
            Field::new(
                "actual_date",
                "Actual",
                FieldKind::Date { required: false },
                &date_text(m.actual_date),
            ),
            Field::new(
                "owner",
                "Owner",
                FieldKind::Text { required: false },
                &m.owner,
            ),
            Field::new(
                "notes",
                "Notes",
                FieldKind::LongText { required: false },
                &m.notes,
            ),
            reason_field(),
        ],
    );
    form.help = vec![
        "Moving the forecast or re-baselining needs a reason; the old date is kept.".to_string(),
    ];
    OpenForm {
        loaded: Vec::new(),
        form,
        purpose: FormPurpose::EditMilestone {
            id: m.id,
            version: m.version,
        },
    }
}

pub fn new_milestone_form(project: &Project) -> OpenForm {
    OpenForm {
        loaded: Vec::new(),
        form: Form::new(
            format!("New milestone · {}", project.code),
            vec![
                Field::new("name", "Name", FieldKind::Text { required: true }, ""),
                Field::new(
                    "baseline_date",
                    "Baseline",
                    FieldKind::Date { required: true },
                    "",
                ),
                Field::new(
                    "forecast_date",
                    "Forecast",
                    FieldKind::Date { required: false },
                    "",
                ),
                Field::new(
                    "owner",
                    "Owner",
                    FieldKind::Text { required: false },
                    &project.manager,
                ),
                Field::new(
                    "notes",
                    "Notes",
                    FieldKind::LongText { required: false },
                    "",
                ),
            ],
        ),
        purpose: FormPurpose::NewMilestone {
            project: project.id,
        },
    }
}

pub fn mark_done_form(m: &Milestone) -> OpenForm {
    OpenForm {
        loaded: Vec::new(),
        form: Form::new(
            format!("Mark done · {}", m.name),
            vec![Field::new(
                "actual_date",
                "Done on",
                FieldKind::Date { required: true },
                "today",
            )],
        ),
        purpose: FormPurpose::MarkDone {
            id: m.id,
            version: m.version,
        },
    }
}

pub fn move_form(m: &Milestone) -> OpenForm {
    let mut form = Form::new(
        format!("Move forecast · {}", m.name),
        vec![
            // Starts empty so "+2w" or "next fri" can be typed straight away.
            Field::new(
                "forecast_date",
                "New forecast",
                FieldKind::Date { required: true },
                "",
            ),
            Field::new(
                "reason",
                "Reason",
                FieldKind::LongText { required: true },
                "",
            ),
        ],
    );
    form.focus = 0;
    form.help = vec![format!(
        "Baseline {} · forecast now {} · the old forecast is kept in the milestone's history.",
        m.baseline_date
            .map(crate::domain::dates::display)
            .unwrap_or_else(|| "—".into()),
        m.forecast_date
            .map(crate::domain::dates::display)
            .unwrap_or_else(|| "—".into())
    )];
    OpenForm {
        loaded: Vec::new(),
        form,
        purpose: FormPurpose::MoveMilestone {
            id: m.id,
            version: m.version,
        },
    }
}

fn risk_fields(r: &Risk) -> Vec<Field> {
    let rating = |v: Option<u8>| v.map(|x| x.to_string()).unwrap_or_default();
    vec![
        Field::new(
            "title",
            "Risk",
            FieldKind::Text { required: true },
            &r.title,
        ),
        Field::new(
            "consequence",
            "Impact",
            FieldKind::LongText { required: false },
            &r.consequence,
        ),
        Field::new(
            "control",
            "Control",
            FieldKind::LongText { required: false },
            &r.control,
        ),
        Field::new(
            "owner",
            "Owner",
            FieldKind::Text { required: false },
            &r.owner,
        ),
        Field::new(
            "kind",
            "Kind",
            FieldKind::Choice(vec!["risk".into(), "issue".into()]),
            r.kind.as_str(),
        ),
        Field::new(
            "status",
            "Status",
            FieldKind::Choice(vec!["open".into(), "closed".into()]),
            if r.open { "open" } else { "closed" },
        ),
        Field::new(
            "likelihood",
            "Likelihood",
            FieldKind::Rating { required: true },
            &rating(Some(r.likelihood)),
        ),
        Field::new(
            "impact",
            "Impact 1-5",
            FieldKind::Rating { required: true },
            &rating(Some(r.impact)),
        ),
        Field::new(
            "target_likelihood",
            "Target L",
            FieldKind::Rating { required: false },
            &rating(r.target_likelihood),
        ),
        Field::new(
            "target_impact",
            "Target I",
            FieldKind::Rating { required: false },
            &rating(r.target_impact),
        ),
        Field::new(
            "review_date",
            "Review",
            FieldKind::Date { required: false },
            &date_text(r.review_date),
        ),
    ]
}

pub fn edit_risk_form(r: &Risk) -> OpenForm {
    OpenForm {
        loaded: Vec::new(),
        form: Form::new(
            format!("Edit risk {} · {}", r.code, r.title),
            risk_fields(r),
        ),
        purpose: FormPurpose::EditRisk {
            id: r.id,
            version: r.version,
        },
    }
}

pub fn new_risk_form(project: Option<i64>) -> OpenForm {
    let blank = Risk {
        open: true,
        likelihood: 3,
        impact: 3,
        ..Risk::default()
    };
    let mut fields = vec![Field::new(
        "code",
        "Code",
        FieldKind::Text { required: true },
        "",
    )];
    fields.extend(risk_fields(&blank));
    OpenForm {
        loaded: Vec::new(),
        form: Form::new("New risk", fields),
        purpose: FormPurpose::NewRisk { project },
    }
}

pub fn reassess_form(r: &Risk, settings: &crate::domain::Settings) -> OpenForm {
    let mut form = Form::new(
        format!("Re-assess {} · {}", r.code, r.title),
        vec![
            Field::new(
                "likelihood",
                "Likelihood",
                FieldKind::Rating { required: true },
                &r.likelihood.to_string(),
            ),
            Field::new(
                "impact",
                "Impact",
                FieldKind::Rating { required: true },
                &r.impact.to_string(),
            ),
            Field::new("note", "Note", FieldKind::LongText { required: true }, ""),
        ],
    );
    form.help = vec![
        format!(
            "Now {} ({}×{}, {}) · target {}",
            r.score(),
            r.likelihood,
            r.impact,
            r.band(settings).label(),
            r.target_score()
                .map(|t| t.to_string())
                .unwrap_or_else(|| "—".into())
        ),
        "Likelihood 1 Rare, 2 Unlikely, 3 Possible, 4 Likely, 5 Almost certain".into(),
        "Impact 1 Insignificant, 2 Minor, 3 Moderate, 4 Major, 5 Catastrophic".into(),
        "The assessment is kept, dated, in the risk's trajectory.".into(),
    ];
    OpenForm {
        loaded: Vec::new(),
        form,
        purpose: FormPurpose::Reassess {
            id: r.id,
            version: r.version,
        },
    }
}

pub fn settings_form(s: &crate::domain::Settings) -> OpenForm {
    let number = |name, label, value: i64| {
        Field::new(
            name,
            label,
            FieldKind::Text { required: true },
            &value.to_string(),
        )
    };
    let mut form = Form::new(
        "Settings shared by everyone using this work plan",
        vec![
            Field::new(
                "rag_scale",
                "RAG scale",
                FieldKind::Choice(vec!["3".into(), "5".into()]),
                &s.rag_scale.points().to_string(),
            ),
            number("stale_after_days", "Stale after", s.stale_after_days),
            number(
                "schedule_tolerance_days",
                "Tolerance days",
                s.schedule_tolerance_days,
            ),
            number("due_soon_days", "Due soon days", s.due_soon_days),
            number("risk_low_max", "Low up to", i64::from(s.risk_low_max)),
            number(
                "risk_medium_max",
                "Medium up to",
                i64::from(s.risk_medium_max),
            ),
            number("risk_high_max", "High up to", i64::from(s.risk_high_max)),
            number("risk_appetite", "Appetite", i64::from(s.risk_appetite)),
        ],
    );
    form.help = vec![
        "Risk scores are likelihood × impact (1-25). Bands: low up to the first number, medium"
            .into(),
        "up to the second, high up to the third, very high above; above appetite is flagged."
            .into(),
    ];
    OpenForm {
        loaded: Vec::new(),
        form,
        purpose: FormPurpose::Settings,
    }
}

pub fn link_form(case: &crate::domain::sla::DeskCase, codes: &[String]) -> OpenForm {
    let mut form = Form::new(
        format!("Link {} to a project", case.reference),
        vec![Field::new(
            "code",
            "Project code",
            FieldKind::Text { required: true },
            case.project_code.as_deref().unwrap_or(""),
        )],
    );
    form.help = vec![
        fit_line(&case.summary),
        format!("Projects: {}", codes.join(", ")),
    ];
    OpenForm {
        loaded: Vec::new(),
        form,
        purpose: FormPurpose::LinkCase {
            id: case.id,
            version: case.version,
        },
    }
}

fn fit_line(text: &str) -> String {
    crate::tui::views::widgets::fit(text, 90)
}

pub fn snapshot_form(today: NaiveDate, organisations: &[String]) -> OpenForm {
    let mut form = Form::new(
        "Monthly service-desk counts",
        vec![
            Field::new(
                "month",
                "Month",
                FieldKind::Text { required: true },
                &today.format("%Y-%m").to_string(),
            ),
            Field::new(
                "organisation",
                "Organisation",
                FieldKind::Choice(organisations.to_vec()),
                organisations.first().map(String::as_str).unwrap_or(""),
            ),
            // Checked as whole numbers when saved (see `snapshot_from`).
            Field::new(
                "open_incidents",
                "Open incidents",
                FieldKind::Text { required: false },
                "",
            ),
            Field::new(
                "open_requests",
                "Open requests",
                FieldKind::Text { required: false },
                "",
            ),
            Field::new(
                "stop_clock",
                "Stop-clock",
                FieldKind::Text { required: false },
                "",
            ),
        ],
    );
    form.help = vec![
        "For teams that only have monthly counts. A month already recorded for that".into(),
        "organisation is corrected (the old figures stay in the history).".into(),
    ];
    OpenForm {
        loaded: Vec::new(),
        form,
        purpose: FormPurpose::Snapshot,
    }
}

fn get<'a>(values: &'a [(&'static str, Value)], name: &str) -> Option<&'a Value> {
    values.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
}

fn text_of(values: &[(&'static str, Value)], name: &str) -> String {
    match get(values, name) {
        Some(Value::Text(t)) => t.clone(),
        _ => String::new(),
    }
}

fn date_of(values: &[(&'static str, Value)], name: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&text_of(values, name), "%Y-%m-%d").ok()
}

/// Check a form and turn it into a write. On any problem the form carries inline errors
/// and `None` comes back: nothing is saved.
pub fn submit(open: &mut OpenForm, today: NaiveDate) -> Option<Write> {
    let values = open.form.values(today)?;
    let form = &mut open.form;
    let loaded = &open.loaded;
    let changed_names: Vec<&'static str> = form
        .fields
        .iter()
        .filter(|f| f.changed())
        .map(|f| f.name)
        .collect();
    let changed = |name: &str| changed_names.contains(&name);
    let reason = text_of(&values, "reason");
    // Cross-field rules.
    let start = date_of(&values, "start_date");
    for end in ["forecast_end", "baseline_end"] {
        if let (Some(s), Some(e)) = (start, date_of(&values, end))
            && e < s
        {
            form.fail(end, "is before the start date");
        }
    }
    let write = match open.purpose {
        FormPurpose::ChangeRag { project, version } => {
            let rag: Rag = text_of(&values, "rag").parse().unwrap_or(Rag::Unrated);
            let why = text_of(&values, "rag_reason");
            if rag.needs_reason() && why.is_empty() {
                form.fail(
                    "rag_reason",
                    format!("a reason is required for {}", rag.label()),
                );
            }
            Some(Write::Edit {
                edit: user_edit(
                    Entity::Project,
                    project,
                    version,
                    vec![
                        ("rag", Value::Text(rag.as_str().into())),
                        ("rag_reason", Value::Text(why.clone())),
                    ],
                    loaded,
                    why,
                ),
                label: format!("RAG {}", rag.label()),
            })
        }
        FormPurpose::EditProject { id, version } => {
            if changed("baseline_end") && reason.is_empty() {
                form.fail("reason", "re-baselining needs a reason");
            }
            Some(Write::Edit {
                edit: user_edit(
                    Entity::Project,
                    id,
                    version,
                    without(&values, &["reason"]),
                    loaded,
                    reason,
                ),
                label: "project details".into(),
            })
        }
        FormPurpose::NewProject => {
            let mut v = values.clone();
            v.push(("rag", Value::Text("unrated".into())));
            Some(Write::Create {
                entity: Entity::Project,
                label: format!("new project {}", text_of(&values, "code")),
                values: v,
            })
        }
        FormPurpose::EditMilestone { id, version } => {
            if (changed("baseline_date") || changed("forecast_date")) && reason.is_empty() {
                let which = if changed("baseline_date") {
                    "baseline_date"
                } else {
                    "forecast_date"
                };
                form.fail(
                    "reason",
                    format!(
                        "moving the {} needs a reason",
                        which.trim_end_matches("_date")
                    ),
                );
            }
            Some(Write::Edit {
                edit: user_edit(
                    Entity::Milestone,
                    id,
                    version,
                    without(&values, &["reason"]),
                    loaded,
                    reason,
                ),
                label: format!("milestone {}", text_of(&values, "name")),
            })
        }
        FormPurpose::NewMilestone { project } => {
            let mut v = values.clone();
            if get(&v, "forecast_date") == Some(&Value::Null)
                && let Some(b) = get(&values, "baseline_date")
            {
                v.retain(|(n, _)| *n != "forecast_date");
                v.push(("forecast_date", b.clone()));
            }
            v.push(("project_id", Value::Integer(project)));
            Some(Write::Create {
                entity: Entity::Milestone,
                label: format!("new milestone {}", text_of(&values, "name")),
                values: v,
            })
        }
        FormPurpose::MarkDone { id, version } => {
            if date_of(&values, "actual_date").is_some_and(|d| d > today) {
                form.fail(
                    "actual_date",
                    "is in the future: a milestone is done when it is done",
                );
            }
            Some(Write::Edit {
                edit: user_edit(
                    Entity::Milestone,
                    id,
                    version,
                    values.clone(),
                    loaded,
                    "done".into(),
                ),
                label: "milestone done".into(),
            })
        }
        FormPurpose::MoveMilestone { id, version } => Some(Write::Edit {
            edit: user_edit(
                Entity::Milestone,
                id,
                version,
                without(&values, &["reason"]),
                loaded,
                reason,
            ),
            label: "forecast moved".into(),
        }),
        FormPurpose::EditRisk { id, version } => Some(Write::Edit {
            edit: user_edit(
                Entity::Risk,
                id,
                version,
                values.clone(),
                loaded,
                String::new(),
            ),
            label: format!("risk {}", text_of(&values, "title")),
        }),
        FormPurpose::Reassess { id, version } => Some(Write::Edit {
            edit: user_edit(
                Entity::Risk,
                id,
                version,
                without(&values, &["note"]),
                loaded,
                text_of(&values, "note"),
            ),
            label: "re-assessed".into(),
        }),
        FormPurpose::Settings => settings_from(form, &values),
        FormPurpose::LinkCase { id, version } => Some(Write::Link {
            case: id,
            version,
            code: text_of(&values, "code"),
            loaded: loaded.clone(),
        }),
        FormPurpose::Snapshot => snapshot_from(form, &values),
        FormPurpose::NewRisk { project } => {
            let mut v = values.clone();
            if let Some(p) = project {
                v.push(("project_id", Value::Integer(p)));
            }
            Some(Write::Create {
                entity: Entity::Risk,
                label: format!("new risk {}", text_of(&values, "code")),
                values: v,
            })
        }
    };
    if open.form.has_errors() {
        open.form.focus_first_error();
        return None;
    }
    write
}

/// Check the settings form: whole numbers in range, and risk bands that rise. The write
/// carries only the form's keys, so settings it does not show are left as they are.
fn settings_from(form: &mut Form, values: &[(&'static str, Value)]) -> Option<Write> {
    let limits: [(&'static str, i64); 7] = [
        ("stale_after_days", 3650),
        ("schedule_tolerance_days", 3650),
        ("due_soon_days", 3650),
        ("risk_low_max", 25),
        ("risk_medium_max", 25),
        ("risk_high_max", 25),
        ("risk_appetite", 25),
    ];
    let mut pairs = vec![("rag_scale", text_of(values, "rag_scale"))];
    let mut numbers = std::collections::HashMap::new();
    for (name, max) in limits {
        let text = text_of(values, name);
        match text.trim().parse::<i64>() {
            Ok(n) if (0..=max).contains(&n) => {
                numbers.insert(name, n);
                pairs.push((name, n.to_string()));
            }
            _ => form.fail(
                name,
                format!("'{text}' is not a whole number from 0 to {max}"),
            ),
        }
    }
    if form.has_errors() {
        return None;
    }
    let band = |k: &str| numbers.get(k).copied().unwrap_or(0);
    if !(band("risk_low_max") < band("risk_medium_max")
        && band("risk_medium_max") < band("risk_high_max")
        && band("risk_high_max") < 25)
    {
        form.fail(
            "risk_medium_max",
            "bands must rise: low < medium < high < 25",
        );
        return None;
    }
    Some(Write::Settings(pairs))
}

fn snapshot_from(form: &mut Form, values: &[(&'static str, Value)]) -> Option<Write> {
    let month_text = text_of(values, "month");
    let month = NaiveDate::parse_from_str(&format!("{}-01", month_text.trim()), "%Y-%m-%d");
    if month.is_err() {
        form.fail(
            "month",
            format!("'{month_text}' is not a month (use 2026-11)"),
        );
    }
    let organisation = text_of(values, "organisation");
    if organisation.trim().is_empty() {
        form.fail("organisation", "required");
    }
    let mut count = |name: &'static str| -> u32 {
        let text = text_of(values, name);
        text.trim().parse::<u32>().unwrap_or_else(|_| {
            form.fail(
                name,
                format!("'{text}' is not a whole number of zero or more"),
            );
            0
        })
    };
    let open_incidents = count("open_incidents");
    let open_requests = count("open_requests");
    let stop_clock = count("stop_clock");
    let month = month.ok()?;
    Some(Write::Snapshot(crate::store::Snapshot {
        month,
        organisation,
        open_incidents,
        open_requests,
        stop_clock,
    }))
}

/// The edit a form saves: only the fields whose value differs from what the form loaded
/// (so a colleague's change to any other field stands), with those loaded values to check
/// against. Pseudo-fields (a reason, a note) were taken out before.
fn user_edit(
    entity: Entity,
    id: i64,
    version: i64,
    values: Vec<(&'static str, Value)>,
    loaded: &[(&'static str, Value)],
    reason: String,
) -> Edit {
    let was = |name: &str| loaded.iter().find(|(c, _)| *c == name).map(|(_, v)| v);
    let values: Vec<(&'static str, Value)> = values
        .into_iter()
        .filter(|(name, value)| was(name) != Some(value))
        .collect();
    let loaded = values
        .iter()
        .filter_map(|(name, _)| was(name).map(|v| (*name, v.clone())))
        .collect();
    Edit {
        entity,
        id,
        expected_version: version,
        values,
        loaded,
        reason,
    }
}

fn without(values: &[(&'static str, Value)], names: &[&str]) -> Vec<(&'static str, Value)> {
    values
        .iter()
        .filter(|(n, _)| !names.contains(n))
        .cloned()
        .collect()
}

/// The write that archives (or restores) a row, for the confirmation dialog.
pub fn archive_write(entity: Entity, id: i64, version: i64, archived: bool, what: &str) -> Write {
    Write::Edit {
        edit: Edit {
            entity,
            id,
            expected_version: version,
            values: vec![("archived", Value::Integer(i64::from(!archived)))],
            loaded: vec![("archived", Value::Integer(i64::from(archived)))],
            reason: if archived { "restored" } else { "archived" }.to_string(),
        },
        label: format!("{} {what}", if archived { "restored" } else { "archived" }),
    }
}

/// The write that stamps "reviewed, unchanged" on a project.
pub fn reviewed_write(project: &Project, now: chrono::NaiveDateTime) -> Write {
    Write::Edit {
        edit: Edit {
            entity: Entity::Project,
            id: project.id,
            expected_version: project.version,
            values: vec![(
                "last_reviewed_at",
                Value::Text(crate::domain::dates::iso_datetime(now)),
            )],
            loaded: vec![(
                "last_reviewed_at",
                project
                    .last_reviewed_at
                    .map(|at| Value::Text(crate::domain::dates::iso_datetime(at)))
                    .unwrap_or(Value::Null),
            )],
            reason: "reviewed, unchanged".to_string(),
        },
        label: format!("{} reviewed, unchanged", project.code),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    fn d(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    fn project() -> Project {
        Project {
            id: 7,
            code: "ICT-7".into(),
            name: "Firewall".into(),
            stage: Stage::InDelivery,
            rag: Rag::Green,
            start_date: d("2026-01-01"),
            baseline_end: d("2026-12-01"),
            forecast_end: d("2026-12-01"),
            version: 3,
            ..Project::default()
        }
    }

    fn milestone() -> Milestone {
        Milestone {
            id: 9,
            project_id: 7,
            name: "Go-live".into(),
            baseline_date: d("2026-12-01"),
            forecast_date: d("2026-12-01"),
            version: 5,
            ..Milestone::default()
        }
    }

    fn set(open: &mut OpenForm, name: &str, text: &str) {
        open.form.field_mut(name).unwrap().set_text(text);
    }

    fn error(open: &OpenForm, name: &str) -> String {
        open.form
            .field(name)
            .unwrap()
            .error
            .clone()
            .unwrap_or_default()
    }

    #[test]
    fn a_valid_project_edit_becomes_a_versioned_edit_without_the_reason_column() {
        let mut open = edit_project_form(&project());
        set(&mut open, "forecast_end", "+3m");
        set(&mut open, "budget_capital", "£1.3m");
        let Some(Write::Edit { edit, .. }) = submit(&mut open, today()) else {
            panic!("should save")
        };
        assert_eq!(edit.expected_version, 3);
        assert!(
            edit.values
                .contains(&("forecast_end", Value::Text("2027-02-22".into())))
        );
        assert!(
            edit.values
                .contains(&("budget_capital", Value::Integer(130_000_000)))
        );
        assert!(!edit.values.iter().any(|(c, _)| *c == "reason"));
    }

    #[test]
    fn bad_fields_block_the_save_with_inline_errors() {
        let mut open = edit_project_form(&project());
        set(&mut open, "forecast_end", "2025-06-01");
        set(&mut open, "percent_complete", "120");
        set(&mut open, "spend_to_date", "-100");
        set(&mut open, "budget_capital", "£1,000,000,000,000.01");
        assert!(submit(&mut open, today()).is_none(), "nothing is saved");
        assert!(error(&open, "budget_capital").contains("over £1 trillion"));
        set(&mut open, "budget_capital", "1.3m");
        assert_eq!(
            error(&open, "percent_complete"),
            "'120' is over 100 or below 0"
        );
        assert!(error(&open, "spend_to_date").contains("negative"));
        set(&mut open, "percent_complete", "20");
        set(&mut open, "spend_to_date", "100");
        assert!(submit(&mut open, today()).is_none());
        assert_eq!(error(&open, "forecast_end"), "is before the start date");
        assert_eq!(
            open.form.focused().unwrap().name,
            "forecast_end",
            "focus on the problem"
        );
    }

    #[test]
    fn rebaselining_and_moving_need_reasons() {
        let mut open = edit_project_form(&project());
        set(&mut open, "baseline_end", "2027-01-31");
        assert!(submit(&mut open, today()).is_none());
        assert!(error(&open, "reason").contains("re-baselining"));
        set(&mut open, "reason", "Board approved new plan");
        let Some(Write::Edit { edit, .. }) = submit(&mut open, today()) else {
            panic!("should save")
        };
        assert_eq!(edit.reason, "Board approved new plan");

        let mut moved = move_form(&milestone());
        set(&mut moved, "forecast_date", "next fri");
        assert!(submit(&mut moved, today()).is_none());
        assert_eq!(error(&moved, "reason"), "required");
        set(&mut moved, "reason", "Supplier late");
        let Some(Write::Edit { edit, .. }) = submit(&mut moved, today()) else {
            panic!("should save")
        };
        assert_eq!(
            edit.values,
            vec![("forecast_date", Value::Text("2026-11-27".into()))]
        );
        assert_eq!(edit.expected_version, 5);

        let mut edit_ms = edit_milestone_form(&milestone());
        set(&mut edit_ms, "forecast_date", "2026-12-15");
        assert!(submit(&mut edit_ms, today()).is_none());
        assert!(error(&edit_ms, "reason").contains("forecast"));
    }

    #[test]
    fn marking_done_defaults_to_today_and_refuses_the_future() {
        let mut open = mark_done_form(&milestone());
        let Some(Write::Edit { edit, .. }) = submit(&mut open, today()) else {
            panic!("should save")
        };
        assert_eq!(
            edit.values,
            vec![("actual_date", Value::Text("2026-11-22".into()))]
        );
        set(&mut open, "actual_date", "tomorrow");
        assert!(submit(&mut open, today()).is_none());
        assert!(error(&open, "actual_date").contains("future"));
    }

    #[test]
    fn a_new_milestone_forecasts_its_baseline_and_names_its_project() {
        let mut open = new_milestone_form(&project());
        assert!(
            submit(&mut open, today()).is_none(),
            "name and baseline are required"
        );
        set(&mut open, "name", "UAT signed off");
        set(&mut open, "baseline_date", "31/12/2026");
        let Some(Write::Create { entity, values, .. }) = submit(&mut open, today()) else {
            panic!("should save")
        };
        assert_eq!(entity, Entity::Milestone);
        assert!(values.contains(&("forecast_date", Value::Text("2026-12-31".into()))));
        assert!(values.contains(&("project_id", Value::Integer(7))));
    }

    #[test]
    fn a_risk_needs_ratings_from_one_to_five() {
        let mut open = new_risk_form(None);
        set(&mut open, "code", "CR-99");
        set(&mut open, "title", "Key supplier fails");
        set(&mut open, "likelihood", "7");
        assert!(submit(&mut open, today()).is_none());
        assert!(error(&open, "likelihood").contains("1 to 5"));
        set(&mut open, "likelihood", "4");
        let focus_status = open
            .form
            .fields
            .iter()
            .position(|f| f.name == "status")
            .unwrap();
        open.form.focus = focus_status;
        open.form
            .handle_key(KeyEvent::new(KeyCode::Right, KeyModifiers::NONE));
        let Some(Write::Create { values, .. }) = submit(&mut open, today()) else {
            panic!("should save")
        };
        assert!(values.contains(&("status", Value::Text("closed".into()))));
        assert!(
            !values.iter().any(|(c, _)| *c == "project_id"),
            "corporate register"
        );
    }
}
