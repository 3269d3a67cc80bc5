//! The project forms: change the RAG (with a reason), edit the details, add a project.

use super::widget::{Field, FieldKind, Form};
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
            Field::new("rag", "RAG", FieldKind::Choice(options), current.as_str()),
            // Empty, so a new status gets a reason of its own; the current one is shown above.
            Field::new(
                "rag_reason",
                "Reason",
                FieldKind::LongText { required: false },
                "",
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
        kind: EditKind::EditProject(project.id),
        version: project.version,
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
        kind: EditKind::NewProject,
        version: 0,
    }
}
