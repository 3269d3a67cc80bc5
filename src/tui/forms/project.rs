//! The project forms: change the RAG (with a reason), edit the details, add a project.

use super::keys::field;
use super::widget::{Field, Form};
use super::{EditKind, OpenForm};
use crate::domain::{Project, Stage};
use crate::tui::app::App;

use super::fields::*;

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
            Field::choice(field::RAG, "RAG", options, current.as_str()),
            // Empty, so a new status gets a reason of its own; the current one is shown above.
            Field::long_text(field::RAG_REASON, "Reason", false, ""),
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
    if !project.rag_reason.trim().is_empty() {
        form.help.push(format!(
            "Reason now: {}",
            crate::tui::views::widgets::clean(&project.rag_reason)
        ));
    }
    OpenForm {
        loaded: Vec::new(),
        form,
        kind: EditKind::ChangeRag(project.id),
        version: project.version,
    }
}

fn project_fields(p: &Project) -> Vec<Field> {
    vec![
        Field::line(field::NAME, "Name", true, &p.name),
        Field::choice(field::STAGE, "Stage", stages(), p.stage.as_str()),
        Field::line(
            field::THEME,
            "Theme",
            false,
            p.theme.as_deref().unwrap_or(""),
        ),
        // As the import files name them: `;` between them.
        Field::line(
            field::ORGANISATIONS,
            "Organisations",
            false,
            &p.organisations.join("; "),
        ),
        Field::line(field::MANAGER, "Manager", false, &p.manager),
        Field::line(field::SPONSOR, "Sponsor", false, &p.sponsor),
        Field::date(field::START_DATE, "Start", false, p.start_date),
        Field::date(field::BASELINE_END, "Baseline end", false, p.baseline_end),
        Field::date(field::FORECAST_END, "Forecast end", false, p.forecast_end),
        Field::money(field::BUDGET_CAPITAL, "Capital £", p.budget_capital),
        Field::money(field::BUDGET_REVENUE, "Revenue £", p.budget_revenue),
        Field::money(field::SPEND_TO_DATE, "Spend £", p.spend_to_date),
        Field::percent(field::PERCENT_COMPLETE, "% complete", p.percent_complete),
        Field::long_text(field::DESCRIPTION, "Description", false, &p.description),
    ]
}

pub fn edit_project_form(project: &Project) -> OpenForm {
    let mut fields = project_fields(project);
    fields.push(reason_field());
    let mut form = Form::new(format!("Edit {} · {}", project.code, project.name), fields);
    form.help = vec![
        "Changing the baseline end is a re-baseline: give a reason.".to_string(),
        LINKS_HELP.to_string(),
    ];
    OpenForm {
        loaded: Vec::new(),
        form,
        kind: EditKind::EditProject(project.id),
        version: project.version,
    }
}

pub fn new_project_form() -> OpenForm {
    let blank = Project {
        stage: Stage::Proposed,
        ..Project::default()
    };
    let mut fields = vec![Field::line(field::CODE, "Code", true, "")];
    fields.extend(project_fields(&blank));
    let mut form = Form::new("New project", fields);
    form.help = vec![LINKS_HELP.to_string()];
    OpenForm {
        loaded: Vec::new(),
        form,
        kind: EditKind::NewProject,
        version: 0,
    }
}

/// What the theme and organisations fields take (a name new to the work plan is added, as
/// an import adds it).
const LINKS_HELP: &str =
    "Organisations with ; between them; a theme or organisation not yet known is added.";
