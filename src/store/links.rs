//! A project's theme and organisations, edited by name. They are not columns of `projects` but
//! links (`theme_id` to `themes`, rows of `project_organisations`), so an edit or a new project
//! names them as the import files do (a theme's name; organisations as `A; B`), and the store
//! reads, compares and writes them here, inside the edit's own transaction (its audit rows
//! name them `theme` and `organisations`, as an import's do). A name the work plan does not
//! know yet is added, as an import adds it; a known one is matched whatever its case.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Transaction, params};

/// A project's theme, by name.
pub(super) const THEME: &str = "theme";
/// A project's organisations, by name, `; ` between them.
pub(super) const ORGANISATIONS: &str = "organisations";
/// The names an edit of a project may use besides its columns.
pub(super) const PROJECT_LINKS: [&str; 2] = [THEME, ORGANISATIONS];

/// The link `name` is (`THEME` or `ORGANISATIONS`), if it is one of a project's.
pub(super) fn named(name: &str) -> Option<&'static str> {
    PROJECT_LINKS.iter().find(|link| **link == name).copied()
}

/// What a `SELECT … FROM projects` reads for `link`: its names as text, `''` for none, in
/// the form `canonical` gives (so a value loaded and saved unchanged compares equal).
pub(super) fn select(link: &'static str) -> &'static str {
    match link {
        THEME => "coalesce((SELECT name FROM themes WHERE id = projects.theme_id), '')",
        _ => {
            "coalesce((SELECT group_concat(name, '; ') FROM
                (SELECT o.name AS name FROM project_organisations po
                 JOIN organisations o ON o.id = po.organisation_id
                 WHERE po.project_id = projects.id ORDER BY o.name)), '')"
        }
    }
}

/// `value` as the store reads it back: each name trimmed and spelt as the work plan already
/// spells it; organisations without repeats, in name order, joined with `; `.
pub(super) fn canonical(
    tx: &Transaction<'_>,
    link: &'static str,
    value: &Value,
) -> rusqlite::Result<Value> {
    let text = text_of(value);
    let (table, names): (Named, Vec<&str>) = match link {
        THEME => (Named::Theme, vec![text.trim()]),
        _ => (
            Named::Organisation,
            text.split(';').map(str::trim).collect(),
        ),
    };
    let mut spelt: Vec<String> = Vec::new();
    for name in names.into_iter().filter(|n| !n.is_empty()) {
        let name = existing(tx, table, name)?.map_or_else(|| name.to_string(), |(_, known)| known);
        if !spelt.iter().any(|s| s.eq_ignore_ascii_case(&name)) {
            spelt.push(name);
        }
    }
    // SQLite's NOCASE order: ASCII letters folded.
    spelt.sort_by_key(|name| name.to_ascii_lowercase());
    Ok(Value::Text(spelt.join("; ")))
}

/// The column and value a row's UPDATE or INSERT writes for `link` = `value`: a theme is its
/// `theme_id` (a new theme when the work plan has none by that name; NULL for none). The
/// organisations are rows of their own (`None`: `write_organisations` writes them).
pub(super) fn stored(
    tx: &Transaction<'_>,
    link: &'static str,
    value: &Value,
) -> rusqlite::Result<Option<(&'static str, Value)>> {
    if link != THEME {
        return Ok(None);
    }
    let name = text_of(value);
    let name = name.trim();
    if name.is_empty() {
        return Ok(Some(("theme_id", Value::Null)));
    }
    id_of(tx, Named::Theme, name).map(|id| Some(("theme_id", Value::Integer(id))))
}

/// Link project `project` to the organisations `value` names, in place of its links now,
/// adding any organisation the work plan does not know yet.
pub(super) fn write_organisations(
    tx: &Transaction<'_>,
    project: i64,
    value: &Value,
) -> rusqlite::Result<()> {
    tx.prepare_cached("DELETE FROM project_organisations WHERE project_id = ?1")?
        .execute(params![project])?;
    for name in text_of(value)
        .split(';')
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        let organisation = id_of(tx, Named::Organisation, name)?;
        tx.prepare_cached(
            "INSERT OR IGNORE INTO project_organisations (project_id, organisation_id)
             VALUES (?1, ?2)",
        )?
        .execute(params![project, organisation])?;
    }
    Ok(())
}

/// The two tables of names; their statements are constants, never built from input.
#[derive(Debug, Clone, Copy)]
enum Named {
    Theme,
    Organisation,
}

impl Named {
    fn select(self) -> &'static str {
        match self {
            Named::Theme => "SELECT id, name FROM themes WHERE name = ?1",
            Named::Organisation => "SELECT id, name FROM organisations WHERE name = ?1",
        }
    }

    fn insert(self) -> &'static str {
        match self {
            Named::Theme => "INSERT INTO themes (name) VALUES (?1)",
            Named::Organisation => "INSERT INTO organisations (name) VALUES (?1)",
        }
    }
}

/// The id and stored spelling of the theme or organisation called `name` (any case: the
/// names are `COLLATE NOCASE`).
fn existing(
    tx: &Transaction<'_>,
    table: Named,
    name: &str,
) -> rusqlite::Result<Option<(i64, String)>> {
    tx.prepare_cached(table.select())?
        .query_row(params![name], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
}

/// The id of the theme or organisation called `name`, added when there is none.
fn id_of(tx: &Transaction<'_>, table: Named, name: &str) -> rusqlite::Result<i64> {
    if let Some((id, _)) = existing(tx, table, name)? {
        return Ok(id);
    }
    tx.prepare_cached(table.insert())?.execute(params![name])?;
    Ok(tx.last_insert_rowid())
}

fn text_of(value: &Value) -> String {
    match value {
        Value::Text(t) => t.clone(),
        Value::Integer(i) => i.to_string(),
        Value::Real(r) => r.to_string(),
        Value::Null | Value::Blob(_) => String::new(),
    }
}
