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
    form.help.push("A reason is required for anything but green.".to_string());
    OpenForm {
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
        Field::new("stage", "Stage", FieldKind::Choice(stages()), p.stage.as_str()),
        Field::new("manager", "Manager", FieldKind::Text { required: false }, &p.manager),
        Field::new("sponsor", "Sponsor", FieldKind::Text { required: false }, &p.sponsor),
        Field::new("start_date", "Start", FieldKind::Date { required: false }, &date_text(p.start_date)),
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
        Field::new("budget_capital", "Capital £", FieldKind::Money, &money_text(p.budget_capital)),
        Field::new("budget_revenue", "Revenue £", FieldKind::Money, &money_text(p.budget_revenue)),
        Field::new("spend_to_date", "Spend £", FieldKind::Money, &money_text(p.spend_to_date)),
        Field::new(
            "percent_complete",
            "% complete",
            FieldKind::Percent,
            &p.percent_complete.map(|c| c.to_string()).unwrap_or_default(),
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
    let mut fields = vec![Field::new("code", "Code", FieldKind::Text { required: true }, "")];
    fields.extend(project_fields(&blank));
    OpenForm {
        form: Form::new("New project", fields),
        purpose: FormPurpose::NewProject,
    }
}

fn reason_field() -> Field {
    Field::new("reason", "Reason", FieldKind::LongText { required: false }, "")
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
            Field::new("owner", "Owner", FieldKind::Text { required: false }, &m.owner),
            Field::new("notes", "Notes", FieldKind::LongText { required: false }, &m.notes),
            reason_field(),
        ],
    );
    form.help = vec![
        "Moving the forecast or re-baselining needs a reason; the old date is kept.".to_string(),
    ];
    OpenForm {
        form,
        purpose: FormPurpose::EditMilestone {
            id: m.id,
            version: m.version,
        },
    }
}

pub fn new_milestone_form(project: &Project) -> OpenForm {
    OpenForm {
        form: Form::new(
            format!("New milestone · {}", project.code),
            vec![
                Field::new("name", "Name", FieldKind::Text { required: true }, ""),
                Field::new("baseline_date", "Baseline", FieldKind::Date { required: true }, ""),
                Field::new("forecast_date", "Forecast", FieldKind::Date { required: false }, ""),
                Field::new("owner", "Owner", FieldKind::Text { required: false }, &project.manager),
                Field::new("notes", "Notes", FieldKind::LongText { required: false }, ""),
            ],
        ),
        purpose: FormPurpose::NewMilestone {
            project: project.id,
        },
    }
}

pub fn mark_done_form(m: &Milestone) -> OpenForm {
    OpenForm {
        form: Form::new(
            format!("Mark done · {}", m.name),
            vec![Field::new("actual_date", "Done on", FieldKind::Date { required: true }, "today")],
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
            Field::new(
                "forecast_date",
                "New forecast",
                FieldKind::Date { required: true },
                &date_text(m.forecast_date),
            ),
            Field::new("reason", "Reason", FieldKind::LongText { required: true }, ""),
        ],
    );
    form.focus = 0;
    form.help = vec![format!(
        "Baseline {} · the old forecast is kept in the milestone's history.",
        m.baseline_date.map(crate::domain::dates::display).unwrap_or_else(|| "—".into())
    )];
    OpenForm {
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
        Field::new("title", "Risk", FieldKind::Text { required: true }, &r.title),
        Field::new("consequence", "Impact", FieldKind::LongText { required: false }, &r.consequence),
        Field::new("control", "Control", FieldKind::LongText { required: false }, &r.control),
        Field::new("owner", "Owner", FieldKind::Text { required: false }, &r.owner),
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
        Field::new("likelihood", "Likelihood", FieldKind::Rating, &rating(Some(r.likelihood))),
        Field::new("impact", "Impact 1-5", FieldKind::Rating, &rating(Some(r.impact))),
        Field::new("target_likelihood", "Target L", FieldKind::Rating, &rating(r.target_likelihood)),
        Field::new("target_impact", "Target I", FieldKind::Rating, &rating(r.target_impact)),
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
        form: Form::new(format!("Edit risk {} · {}", r.code, r.title), risk_fields(r)),
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
    let mut fields = vec![Field::new("code", "Code", FieldKind::Text { required: true }, "")];
    fields.extend(risk_fields(&blank));
    OpenForm {
        form: Form::new("New risk", fields),
        purpose: FormPurpose::NewRisk { project },
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
    let write: Option<Write>;
    match open.purpose {
        FormPurpose::ChangeRag { project, version } => {
            let rag: Rag = text_of(&values, "rag").parse().unwrap_or(Rag::Unrated);
            let why = text_of(&values, "rag_reason");
            if rag.needs_reason() && why.is_empty() {
                form.fail("rag_reason", format!("a reason is required for {}", rag.label()));
            }
            write = Some(Write::Edit {
                edit: Edit {
                    entity: Entity::Project,
                    id: project,
                    expected_version: version,
                    values: vec![("rag", Value::Text(rag.as_str().into())), ("rag_reason", Value::Text(why.clone()))],
                    reason: why,
                },
                label: format!("RAG {}", rag.label()),
            });
        }
        FormPurpose::EditProject { id, version } => {
            if changed("baseline_end") && reason.is_empty() {
                form.fail("reason", "re-baselining needs a reason");
            }
            write = Some(Write::Edit {
                edit: Edit {
                    entity: Entity::Project,
                    id,
                    expected_version: version,
                    values: without(&values, &["reason"]),
                    reason,
                },
                label: "project details".into(),
            });
        }
        FormPurpose::NewProject => {
            let mut v = values.clone();
            v.push(("rag", Value::Text("unrated".into())));
            write = Some(Write::Create {
                entity: Entity::Project,
                label: format!("new project {}", text_of(&values, "code")),
                values: v,
            });
        }
        FormPurpose::EditMilestone { id, version } => {
            if (changed("baseline_date") || changed("forecast_date")) && reason.is_empty() {
                let which = if changed("baseline_date") { "baseline_date" } else { "forecast_date" };
                form.fail("reason", format!("moving the {} needs a reason", which.trim_end_matches("_date")));
            }
            write = Some(Write::Edit {
                edit: Edit {
                    entity: Entity::Milestone,
                    id,
                    expected_version: version,
                    values: without(&values, &["reason"]),
                    reason,
                },
                label: format!("milestone {}", text_of(&values, "name")),
            });
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
            write = Some(Write::Create {
                entity: Entity::Milestone,
                label: format!("new milestone {}", text_of(&values, "name")),
                values: v,
            });
        }
        FormPurpose::MarkDone { id, version } => {
            if date_of(&values, "actual_date").is_some_and(|d| d > today) {
                form.fail("actual_date", "is in the future: a milestone is done when it is done");
            }
            write = Some(Write::Edit {
                edit: Edit {
                    entity: Entity::Milestone,
                    id,
                    expected_version: version,
                    values: values.clone(),
                    reason: "done".into(),
                },
                label: "milestone done".into(),
            });
        }
        FormPurpose::MoveMilestone { id, version } => {
            write = Some(Write::Edit {
                edit: Edit {
                    entity: Entity::Milestone,
                    id,
                    expected_version: version,
                    values: without(&values, &["reason"]),
                    reason,
                },
                label: "forecast moved".into(),
            });
        }
        FormPurpose::EditRisk { id, version } => {
            write = Some(Write::Edit {
                edit: Edit {
                    entity: Entity::Risk,
                    id,
                    expected_version: version,
                    values: values.clone(),
                    reason: String::new(),
                },
                label: format!("risk {}", text_of(&values, "title")),
            });
        }
        FormPurpose::NewRisk { project } => {
            let mut v = values.clone();
            if let Some(p) = project {
                v.push(("project_id", Value::Integer(p)));
            }
            write = Some(Write::Create {
                entity: Entity::Risk,
                label: format!("new risk {}", text_of(&values, "code")),
                values: v,
            });
        }
    }
    if open.form.has_errors() {
        open.form.focus_first_error();
        return None;
    }
    write
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
            reason: "reviewed, unchanged".to_string(),
        },
        label: format!("{} reviewed, unchanged", project.code),
    }
}
