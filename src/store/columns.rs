//! Each register's columns, written once: the name files use (import and export), the table's
//! column, and whether the app's edits may set it. The import's updates, its inserts, the bulk
//! loader's inserts and the edits' allowed columns all read these lists, so a new column is
//! one line here (and a migration).

/// One column of a register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Field {
    /// The CSV header (`""`: not in files).
    pub csv: &'static str,
    /// The table's column.
    pub sql: &'static str,
    /// The app's edits may set it.
    pub edit: bool,
}

const fn field(csv: &'static str, sql: &'static str, edit: bool) -> Field {
    Field { csv, sql, edit }
}

/// `projects`: the file's columns in the file's order (organisations live in their own table),
/// then the app's own.
pub(crate) const PROJECT: [Field; 18] = [
    field("code", "code", false),
    field("name", "name", true),
    field("theme", "theme_id", false),
    field("stage", "stage", true),
    field("rag", "rag", true),
    field("rag_reason", "rag_reason", true),
    field("manager", "manager", true),
    field("sponsor", "sponsor", true),
    field("start_date", "start_date", true),
    field("baseline_end", "baseline_end", true),
    field("forecast_end", "forecast_end", true),
    field("budget_capital", "budget_capital", true),
    field("budget_revenue", "budget_revenue", true),
    field("spend_to_date", "spend_to_date", true),
    field("percent_complete", "percent_complete", true),
    field("description", "description", true),
    field("", "last_reviewed_at", true),
    field("", "archived", true),
];

/// `milestones`, keyed by project and name.
pub(crate) const MILESTONE: [Field; 8] = [
    field("project_code", "project_id", false),
    field("name", "name", true),
    field("baseline_date", "baseline_date", true),
    field("forecast_date", "forecast_date", true),
    field("actual_date", "actual_date", true),
    field("owner", "owner", true),
    field("notes", "notes", true),
    field("", "archived", true),
];

/// `risks`, keyed by code.
pub(crate) const RISK: [Field; 16] = [
    field("project_code", "project_id", false),
    field("code", "code", false),
    field("kind", "kind", true),
    field("title", "title", true),
    field("consequence", "consequence", true),
    field("control", "control", true),
    field("owner", "owner", true),
    field("status", "status", true),
    field("likelihood", "likelihood", true),
    field("impact", "impact", true),
    field("inherent_likelihood", "inherent_likelihood", false),
    field("inherent_impact", "inherent_impact", false),
    field("target_likelihood", "target_likelihood", true),
    field("target_impact", "target_impact", true),
    field("review_date", "review_date", true),
    field("", "archived", true),
];

/// A column the app's edits and new rows may set, named in code: a form's field is bound to
/// one of these (never to a string), and `sql` gives the table's name for it. Which register
/// may set which column is still checked by the store (`edit`, `creatable`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Code,
    ProjectId,
    Name,
    Stage,
    Rag,
    RagReason,
    Manager,
    Sponsor,
    StartDate,
    BaselineEnd,
    ForecastEnd,
    BudgetCapital,
    BudgetRevenue,
    SpendToDate,
    PercentComplete,
    Description,
    LastReviewedAt,
    Archived,
    BaselineDate,
    ForecastDate,
    ActualDate,
    Owner,
    Notes,
    Kind,
    Title,
    Consequence,
    Control,
    Status,
    Likelihood,
    Impact,
    TargetLikelihood,
    TargetImpact,
    ReviewDate,
    Audit,
    AuditDate,
    Auditor,
    AssuranceLevel,
    RecommendationText,
    Priority,
    Action,
    DueDate,
    RevisedDueDate,
    ImplementedDate,
    Evidence,
    Body,
    Scope,
    CertifiedOn,
    ExpiresOn,
    Frequency,
    /// A project's theme, by name (`store::links`: `theme_id`, not this, is the column).
    Theme,
    /// A project's organisations, by name (`A; B`; `store::links`: rows of
    /// `project_organisations`).
    Organisations,
}

impl Column {
    pub const ALL: [Column; 51] = [
        Column::Code,
        Column::ProjectId,
        Column::Name,
        Column::Stage,
        Column::Rag,
        Column::RagReason,
        Column::Manager,
        Column::Sponsor,
        Column::StartDate,
        Column::BaselineEnd,
        Column::ForecastEnd,
        Column::BudgetCapital,
        Column::BudgetRevenue,
        Column::SpendToDate,
        Column::PercentComplete,
        Column::Description,
        Column::LastReviewedAt,
        Column::Archived,
        Column::BaselineDate,
        Column::ForecastDate,
        Column::ActualDate,
        Column::Owner,
        Column::Notes,
        Column::Kind,
        Column::Title,
        Column::Consequence,
        Column::Control,
        Column::Status,
        Column::Likelihood,
        Column::Impact,
        Column::TargetLikelihood,
        Column::TargetImpact,
        Column::ReviewDate,
        Column::Audit,
        Column::AuditDate,
        Column::Auditor,
        Column::AssuranceLevel,
        Column::RecommendationText,
        Column::Priority,
        Column::Action,
        Column::DueDate,
        Column::RevisedDueDate,
        Column::ImplementedDate,
        Column::Evidence,
        Column::Body,
        Column::Scope,
        Column::CertifiedOn,
        Column::ExpiresOn,
        Column::Frequency,
        Column::Theme,
        Column::Organisations,
    ];

    /// The table's column.
    pub const fn sql(self) -> &'static str {
        match self {
            Column::Code => "code",
            Column::ProjectId => "project_id",
            Column::Name => "name",
            Column::Stage => "stage",
            Column::Rag => "rag",
            Column::RagReason => "rag_reason",
            Column::Manager => "manager",
            Column::Sponsor => "sponsor",
            Column::StartDate => "start_date",
            Column::BaselineEnd => "baseline_end",
            Column::ForecastEnd => "forecast_end",
            Column::BudgetCapital => "budget_capital",
            Column::BudgetRevenue => "budget_revenue",
            Column::SpendToDate => "spend_to_date",
            Column::PercentComplete => "percent_complete",
            Column::Description => "description",
            Column::LastReviewedAt => "last_reviewed_at",
            Column::Archived => "archived",
            Column::BaselineDate => "baseline_date",
            Column::ForecastDate => "forecast_date",
            Column::ActualDate => "actual_date",
            Column::Owner => "owner",
            Column::Notes => "notes",
            Column::Kind => "kind",
            Column::Title => "title",
            Column::Consequence => "consequence",
            Column::Control => "control",
            Column::Status => "status",
            Column::Likelihood => "likelihood",
            Column::Impact => "impact",
            Column::TargetLikelihood => "target_likelihood",
            Column::TargetImpact => "target_impact",
            Column::ReviewDate => "review_date",
            Column::Audit => "audit",
            Column::AuditDate => "audit_date",
            Column::Auditor => "auditor",
            Column::AssuranceLevel => "assurance",
            Column::RecommendationText => "recommendation",
            Column::Priority => "priority",
            Column::Action => "action",
            Column::DueDate => "due_date",
            Column::RevisedDueDate => "revised_due_date",
            Column::ImplementedDate => "implemented_date",
            Column::Evidence => "evidence",
            Column::Body => "body",
            Column::Scope => "scope",
            Column::CertifiedOn => "certified_on",
            Column::ExpiresOn => "expires_on",
            Column::Frequency => "frequency",
            Column::Theme => super::links::THEME,
            Column::Organisations => super::links::ORGANISATIONS,
        }
    }
}

/// `recommendations`, keyed by code.
pub(crate) const RECOMMENDATION: [Field; 16] = [
    field("code", "code", false),
    field("audit", "audit", true),
    field("audit_date", "audit_date", true),
    field("assurance", "assurance", true),
    field("recommendation", "recommendation", true),
    field("priority", "priority", true),
    field("owner", "owner", true),
    field("action", "action", true),
    field("due_date", "due_date", true),
    field("revised_due_date", "revised_due_date", true),
    field("status", "status", true),
    field("implemented_date", "implemented_date", true),
    field("evidence", "evidence", true),
    field("project_code", "project_id", true),
    field("auditor", "auditor", true),
    field("", "archived", true),
];

/// `certifications`, keyed by code.
pub(crate) const CERTIFICATION: [Field; 11] = [
    field("code", "code", false),
    field("name", "name", true),
    field("body", "body", true),
    field("scope", "scope", true),
    field("certified_on", "certified_on", true),
    field("expires_on", "expires_on", true),
    field("frequency", "frequency", true),
    field("owner", "owner", true),
    field("project_code", "project_id", true),
    field("notes", "notes", true),
    field("", "archived", true),
];

/// Each register's insert, built once (the bulk loader runs it millions of times).
pub(crate) static PROJECT_INSERT: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| insert_sql("projects", &PROJECT));
pub(crate) static MILESTONE_INSERT: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| insert_sql("milestones", &MILESTONE));
pub(crate) static RISK_INSERT: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| insert_sql("risks", &RISK));

/// The columns of `fields` a file gives, in order.
pub(crate) fn in_files(fields: &[Field]) -> impl Iterator<Item = &Field> {
    fields.iter().filter(|f| !f.csv.is_empty())
}

/// The file's columns of `fields` with their values, in order, for `update_present`.
pub(crate) fn bound<'v>(
    fields: &[Field],
    values: &[&'v dyn rusqlite::ToSql],
) -> Vec<(&'static str, &'static str, &'v dyn rusqlite::ToSql)> {
    in_files(fields)
        .zip(values)
        .map(|(f, v)| (f.csv, f.sql, *v))
        .collect()
}

/// `INSERT INTO table (the file's columns…, updated_at) VALUES (?1, …)`: the statement an
/// import and the bulk loader create rows with.
pub(crate) fn insert_sql(table: &str, fields: &[Field]) -> String {
    let columns: Vec<&str> = in_files(fields).map(|f| f.sql).collect();
    let places: Vec<String> = (1..=columns.len() + 1).map(|i| format!("?{i}")).collect();
    format!(
        "INSERT INTO {table} ({}, updated_at) VALUES ({})",
        columns.join(", "),
        places.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::registers::{MILESTONE_COLUMNS, PROJECT_COLUMNS, RISK_COLUMNS};

    /// The files' columns (io) and the tables' (here) are the same lists.
    #[test]
    fn the_file_columns_are_the_registers() {
        let csv = |fields: &[Field]| in_files(fields).map(|f| f.csv).collect::<Vec<_>>();
        let io = |columns: &[crate::io::csv_table::Column]| {
            columns.iter().map(|c| c.name).collect::<Vec<_>>()
        };
        let mut projects = io(&PROJECT_COLUMNS);
        projects.retain(|c| *c != "organisations");
        assert_eq!(csv(&PROJECT), projects);
        assert_eq!(csv(&MILESTONE), io(&MILESTONE_COLUMNS));
        assert_eq!(csv(&RISK), io(&RISK_COLUMNS));
    }

    /// Every column a form may be bound to is a column of some register.
    #[test]
    fn every_bindable_column_is_a_register_column() {
        for column in Column::ALL {
            let known = [
                &PROJECT[..],
                &MILESTONE[..],
                &RISK[..],
                &RECOMMENDATION[..],
                &CERTIFICATION[..],
            ]
            .iter()
            .any(|fields| fields.iter().any(|f| f.sql == column.sql()))
                || crate::store::links::PROJECT_LINKS.contains(&column.sql());
            assert!(
                known,
                "{column:?} is no register's column nor a project's link"
            );
        }
    }

    #[test]
    fn the_insert_names_every_file_column_once() {
        assert_eq!(
            insert_sql("milestones", &MILESTONE),
            "INSERT INTO milestones (project_id, name, baseline_date, forecast_date, actual_date, owner, notes, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
        );
    }
}
