//! Append-only migrations tracked by `PRAGMA user_version`; never edit a released one.

use std::sync::LazyLock;

use rusqlite_migration::{HookResult, M, Migrations};

const V1: &str = r#"
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE organisations (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
);

CREATE TABLE themes (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
);

CREATE TABLE projects (
    id               INTEGER PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name             TEXT NOT NULL,
    theme_id         INTEGER REFERENCES themes(id),
    stage            TEXT NOT NULL CHECK (stage IN ('proposed','awaiting-resource','in-delivery',
                         'on-hold','completed','closed','cancelled')),
    rag              TEXT NOT NULL DEFAULT 'unrated' CHECK (rag IN ('red','amber-red','amber',
                         'amber-green','green','unrated')),
    rag_reason       TEXT NOT NULL DEFAULT '',
    manager          TEXT NOT NULL DEFAULT '',
    sponsor          TEXT NOT NULL DEFAULT '',
    start_date       TEXT,
    baseline_end     TEXT,
    forecast_end     TEXT,
    budget_capital   INTEGER CHECK (budget_capital >= 0),
    budget_revenue   INTEGER CHECK (budget_revenue >= 0),
    spend_to_date    INTEGER CHECK (spend_to_date >= 0),
    percent_complete INTEGER CHECK (percent_complete BETWEEN 0 AND 100),
    description      TEXT NOT NULL DEFAULT '',
    archived         INTEGER NOT NULL DEFAULT 0,
    last_reviewed_at TEXT,
    updated_at       TEXT NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX projects_live ON projects(archived, stage);

CREATE TABLE project_organisations (
    project_id      INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    PRIMARY KEY (project_id, organisation_id)
) WITHOUT ROWID;
CREATE INDEX project_organisations_by_org ON project_organisations(organisation_id);

CREATE TABLE rag_history (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    changed_at TEXT NOT NULL,
    rag        TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    changed_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX rag_history_by_project ON rag_history(project_id, changed_at);

CREATE TABLE milestones (
    id            INTEGER PRIMARY KEY,
    project_id    INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    baseline_date TEXT,
    forecast_date TEXT,
    actual_date   TEXT,
    owner         TEXT NOT NULL DEFAULT '',
    notes         TEXT NOT NULL DEFAULT '',
    archived      INTEGER NOT NULL DEFAULT 0,
    updated_at    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    UNIQUE (project_id, name)
);
CREATE INDEX milestones_open_by_project ON milestones(project_id, actual_date, forecast_date);

CREATE TABLE milestone_date_changes (
    id           INTEGER PRIMARY KEY,
    milestone_id INTEGER NOT NULL REFERENCES milestones(id) ON DELETE CASCADE,
    changed_at   TEXT NOT NULL,
    field        TEXT NOT NULL CHECK (field IN ('baseline','forecast','actual')),
    old_date     TEXT,
    new_date     TEXT,
    reason       TEXT NOT NULL DEFAULT '',
    changed_by   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX milestone_date_changes_by_milestone ON milestone_date_changes(milestone_id, changed_at);

CREATE TABLE risks (
    id                  INTEGER PRIMARY KEY,
    project_id          INTEGER REFERENCES projects(id) ON DELETE CASCADE,
    code                TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind                TEXT NOT NULL DEFAULT 'risk' CHECK (kind IN ('risk','issue')),
    title               TEXT NOT NULL,
    consequence         TEXT NOT NULL DEFAULT '',
    control             TEXT NOT NULL DEFAULT '',
    owner               TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
    likelihood          INTEGER NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
    impact              INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),
    inherent_likelihood INTEGER CHECK (inherent_likelihood BETWEEN 1 AND 5),
    inherent_impact     INTEGER CHECK (inherent_impact BETWEEN 1 AND 5),
    target_likelihood   INTEGER CHECK (target_likelihood BETWEEN 1 AND 5),
    target_impact       INTEGER CHECK (target_impact BETWEEN 1 AND 5),
    review_date         TEXT,
    archived            INTEGER NOT NULL DEFAULT 0,
    updated_at          TEXT NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX risks_by_project ON risks(project_id, status, archived);

CREATE TABLE risk_assessments (
    id          INTEGER PRIMARY KEY,
    risk_id     INTEGER NOT NULL REFERENCES risks(id) ON DELETE CASCADE,
    assessed_at TEXT NOT NULL,
    likelihood  INTEGER NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
    impact      INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),
    note        TEXT NOT NULL DEFAULT '',
    assessed_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX risk_assessments_by_risk ON risk_assessments(risk_id, assessed_at);

CREATE TABLE cases (
    id               INTEGER PRIMARY KEY,
    ref              TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind             TEXT NOT NULL CHECK (kind IN ('incident','request','problem','change')),
    priority         INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 4),
    state            TEXT NOT NULL CHECK (state IN ('new','active','on-hold','resolved','closed','cancelled')),
    hold_reason      TEXT NOT NULL DEFAULT '',
    opened_at        TEXT NOT NULL,
    resolved_at      TEXT,
    closed_at        TEXT,
    category         TEXT NOT NULL DEFAULT '',
    service          TEXT NOT NULL DEFAULT '',
    assignment_group TEXT NOT NULL DEFAULT '',
    organisation_id  INTEGER REFERENCES organisations(id),
    project_id       INTEGER REFERENCES projects(id) ON DELETE SET NULL,
    summary          TEXT NOT NULL DEFAULT '',
    updated_at       TEXT NOT NULL
);
CREATE INDEX cases_by_project ON cases(project_id, state);
CREATE INDEX cases_by_state ON cases(state, opened_at);

CREATE TABLE case_state_changes (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    changed_at  TEXT NOT NULL,
    state       TEXT NOT NULL,
    hold_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_state_changes_by_case ON case_state_changes(case_id, changed_at);

CREATE TABLE case_snapshots (
    month           TEXT NOT NULL,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    open_incidents  INTEGER NOT NULL CHECK (open_incidents >= 0),
    open_requests   INTEGER NOT NULL CHECK (open_requests >= 0),
    stop_clock      INTEGER NOT NULL CHECK (stop_clock >= 0),
    PRIMARY KEY (month, organisation_id)
) WITHOUT ROWID;

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    user      TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    project_id INTEGER,
    field     TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    reason    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_by_project ON audit_log(project_id, at);
CREATE INDEX audit_by_time ON audit_log(at);

-- The audit trail is a record an audit committee relies on: the app never rewrites it.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit rows are never changed'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit rows are never deleted'); END;
"#;

/// "Slipped since a date" reads date moves by time.
const V2: &str = r#"
CREATE INDEX milestone_date_changes_by_time ON milestone_date_changes(changed_at);
"#;

/// The portfolio-wide history view filters by user.
const V3: &str = r#"
CREATE INDEX audit_by_user ON audit_log(user, at);
"#;

/// Cases can be linked to and unlinked from projects in the app, with the same version check
/// as every other edit.
const V4: &str = r#"
ALTER TABLE cases ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
"#;

/// Each committee report run is recorded: "the last report" is the previous one's date.
const V5: &str = r#"
CREATE TABLE report_runs (
    id           INTEGER PRIMARY KEY,
    run_at       TEXT NOT NULL,
    report_date  TEXT NOT NULL,
    since        TEXT NOT NULL,
    organisation TEXT,
    user         TEXT NOT NULL
);
CREATE INDEX report_runs_by_date ON report_runs(report_date);
"#;

/// The portfolio's per-project counts read from their index alone (no row look-ups): the open
/// milestones index gains `archived`, the risks index the rating.
const V6: &str = r#"
DROP INDEX milestones_open_by_project;
CREATE INDEX milestones_live_by_project ON milestones(project_id, archived, actual_date, forecast_date);
DROP INDEX risks_by_project;
CREATE INDEX risks_by_project ON risks(project_id, status, archived, likelihood, impact);
"#;

/// A milestone with a baseline and no forecast is forecast on its baseline: the portfolio's
/// "overdue" and "next" read `coalesce(forecast_date, baseline_date)`, so the open milestones
/// index holds that expression (spelt exactly as the queries spell it) and the counts still
/// read the index alone, with the next milestone the first entry in range.
const V7: &str = r#"
DROP INDEX milestones_live_by_project;
CREATE INDEX milestones_live_by_project
    ON milestones(project_id, archived, actual_date, coalesce(forecast_date, baseline_date));
"#;

/// Saved import options (`import --save-profile NAME`), shared by everyone using the file.
const V8: &str = r#"
CREATE TABLE import_profiles (
    name     TEXT PRIMARY KEY COLLATE NOCASE,
    register TEXT NOT NULL,
    options  TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    saved_by TEXT NOT NULL
);
"#;

/// The audit trail becomes tamper-evident: each row carries `hash`, chained to the row before
/// it (computed by the app, see `audit::chain_hash`), and an insert over an existing id
/// (`REPLACE INTO`, which deletes without firing the delete trigger) is refused like updates
/// and deletes. Existing rows keep no hash: the migration's hook adds a row saying the chain
/// starts there.
const V9: &str = r#"
ALTER TABLE audit_log ADD COLUMN hash TEXT;

CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'audit rows are never replaced'); END;
"#;

/// Assurance: ICT audit recommendations (each revision of a due date kept, like a
/// milestone's moves) and certifications with their dated assessments.
const V10: &str = r#"
CREATE TABLE recommendations (
    id               INTEGER PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE COLLATE NOCASE,
    audit            TEXT NOT NULL,
    audit_date       TEXT,
    auditor          TEXT NOT NULL DEFAULT '',
    assurance        TEXT CHECK (assurance IN ('full','substantial','reasonable','limited','none')),
    recommendation   TEXT NOT NULL,
    priority         TEXT NOT NULL DEFAULT 'medium' CHECK (priority IN ('high','medium','low')),
    owner            TEXT NOT NULL DEFAULT '',
    action           TEXT NOT NULL DEFAULT '',
    due_date         TEXT,
    revised_due_date TEXT,
    status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','in-progress',
                         'implemented','verified','not-accepted','superseded')),
    implemented_date TEXT,
    evidence         TEXT NOT NULL DEFAULT '',
    project_id       INTEGER REFERENCES projects(id) ON DELETE SET NULL,
    archived         INTEGER NOT NULL DEFAULT 0,
    updated_at       TEXT NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX recommendations_by_audit ON recommendations(audit, audit_date);
CREATE INDEX recommendations_by_project ON recommendations(project_id);

CREATE TABLE recommendation_due_changes (
    id                INTEGER PRIMARY KEY,
    recommendation_id INTEGER NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
    changed_at        TEXT NOT NULL,
    old_date          TEXT,
    new_date          TEXT,
    reason            TEXT NOT NULL DEFAULT '',
    changed_by        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX recommendation_due_changes_by_rec
    ON recommendation_due_changes(recommendation_id, changed_at);

CREATE TABLE certifications (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name         TEXT NOT NULL,
    body         TEXT NOT NULL DEFAULT '',
    scope        TEXT NOT NULL DEFAULT '',
    certified_on TEXT,
    expires_on   TEXT,
    frequency    TEXT CHECK (frequency IN ('annual','six-monthly','quarterly','monthly')),
    owner        TEXT NOT NULL DEFAULT '',
    project_id   INTEGER REFERENCES projects(id) ON DELETE SET NULL,
    notes        TEXT NOT NULL DEFAULT '',
    archived     INTEGER NOT NULL DEFAULT 0,
    updated_at   TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE certification_assessments (
    id               INTEGER PRIMARY KEY,
    certification_id INTEGER NOT NULL REFERENCES certifications(id) ON DELETE CASCADE,
    assessed_on      TEXT NOT NULL,
    result           TEXT NOT NULL CHECK (result IN ('pass','pass-with-actions','fail')),
    notes            TEXT NOT NULL DEFAULT '',
    recorded_by      TEXT NOT NULL DEFAULT '',
    recorded_at      TEXT NOT NULL,
    UNIQUE (certification_id, assessed_on)
);
"#;

/// The service desk's sums (issue 17): every case by state, priority, kind and organisation
/// (0: none); by month, what opened, resolved and changed the open figures; and by day, the
/// cases with a target resolved and how many within it. Changed in the transaction of every
/// write to a case; the hook counts them from the cases already held. And the open cases'
/// own index.
const V11: &str = r#"
CREATE TABLE desk_counts (
    state           TEXT NOT NULL,
    priority        INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    organisation_id INTEGER NOT NULL,
    cases           INTEGER NOT NULL,
    PRIMARY KEY (state, priority, kind, organisation_id)
) WITHOUT ROWID;

CREATE TABLE desk_months (
    month             TEXT NOT NULL,
    organisation_id   INTEGER NOT NULL,
    opened            INTEGER NOT NULL DEFAULT 0,
    resolved          INTEGER NOT NULL DEFAULT 0,
    history_opened    INTEGER NOT NULL DEFAULT 0,
    active_change     INTEGER NOT NULL DEFAULT 0,
    stop_clock_change INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (month, organisation_id)
) WITHOUT ROWID;

CREATE TABLE desk_resolutions (
    day             TEXT NOT NULL,
    organisation_id INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    priority        INTEGER NOT NULL,
    resolved        INTEGER NOT NULL,
    within          INTEGER NOT NULL,
    PRIMARY KEY (day, organisation_id, kind, priority)
) WITHOUT ROWID;

-- The portfolio's counts by stage and RAG, read from this index alone for the first screen.
CREATE INDEX projects_by_stage ON projects(archived, stage, rag);

-- The desk's queue, a few thousand of a million cases, read in order from its own index.
CREATE INDEX cases_open ON cases(id, ref, kind, priority, state, hold_reason, opened_at,
    resolved_at, closed_at, organisation_id, project_id, summary, version)
    WHERE state IN ('new', 'active', 'on-hold');
"#;

fn count_desk_sums(tx: &rusqlite::Transaction<'_>) -> HookResult {
    // Settings the app cannot read count with the defaults; `check` names the bad value.
    let settings = super::settings::read_settings(tx)?.unwrap_or_default();
    super::desk_sums::rebuild(tx, &settings)?;
    Ok(())
}

fn start_audit_chain(tx: &rusqlite::Transaction<'_>) -> HookResult {
    super::audit::start_chain(tx)?;
    Ok(())
}

/// Every schema version this build knows, oldest first. (A static, not a constant: a
/// migration with a hook is built at run time.)
pub static MIGRATIONS: LazyLock<Vec<M<'static>>> = LazyLock::new(|| {
    vec![
        M::up(V1),
        M::up(V2),
        M::up(V3),
        M::up(V4),
        M::up(V5),
        M::up(V6),
        M::up(V7),
        M::up(V8),
        M::up_with_hook(V9, start_audit_chain),
        M::up(V10),
        M::up_with_hook(V11, count_desk_sums),
    ]
});

pub fn migrations() -> Migrations<'static> {
    Migrations::from_slice(MIGRATIONS.as_slice())
}

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}
