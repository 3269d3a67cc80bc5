//! The risk register's state: every risk, what the filters and the heat-map cell let through,
//! and the basis (inherent, current or target) the map shows.

use crate::domain::{Basis, RegisterRow, RiskBand, RiskKind, Settings};

use crate::store::ChangeToken;
use crate::tui::cursor::Cursor;

/// Corporate (programme) risks, project risks, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    #[default]
    All,
    Corporate,
    Project,
}

impl Scope {
    pub fn label(self) -> &'static str {
        match self {
            Scope::All => "all risks",
            Scope::Corporate => "corporate register",
            Scope::Project => "project risks",
        }
    }

    pub fn next(self) -> Scope {
        match self {
            Scope::All => Scope::Corporate,
            Scope::Corporate => Scope::Project,
            Scope::Project => Scope::All,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskFilter {
    pub scope: Scope,
    pub organisation: Option<String>,
    pub theme: Option<String>,
    pub project: Option<String>,
    pub owner: Option<String>,
    pub band: Option<RiskBand>,
    /// Open (the register's default), closed, or `None`: both.
    pub open: Option<bool>,
    pub kind: Option<RiskKind>,
    pub archived: bool,
}

impl Default for RiskFilter {
    /// The register opens on the open risks and issues, corporate and project.
    fn default() -> Self {
        RiskFilter {
            scope: Scope::default(),
            organisation: None,
            theme: None,
            project: None,
            owner: None,
            band: None,
            open: Some(true),
            kind: None,
            archived: false,
        }
    }
}

impl RiskFilter {
    pub fn matches(&self, row: &RegisterRow, settings: &Settings) -> bool {
        let r = &row.risk;
        let same = crate::domain::text::same_name;
        let scope_ok = match self.scope {
            Scope::All => true,
            Scope::Corporate => row.is_corporate(),
            Scope::Project => !row.is_corporate(),
        };
        scope_ok
            && r.archived == self.archived
            && self.open.is_none_or(|open| r.open == open)
            && self.kind.is_none_or(|k| r.kind == k)
            && self.band.is_none_or(|b| r.band(settings) == b)
            && self
                .organisation
                .as_ref()
                .is_none_or(|o| row.organisations.iter().any(|x| same(x, o)))
            && self
                .theme
                .as_ref()
                .is_none_or(|t| row.theme.as_deref().is_some_and(|x| same(x, t)))
            && self
                .project
                .as_ref()
                .is_none_or(|p| r.project_code.as_deref().is_some_and(|x| same(x, p)))
            && self.owner.as_ref().is_none_or(|o| same(&r.owner, o))
    }

    pub fn describe(&self) -> String {
        let mut parts = vec![self.scope.label().to_string()];
        parts.push(
            match self.open {
                Some(true) => "open",
                Some(false) => "closed",
                None => "open and closed",
            }
            .into(),
        );
        for (name, value) in [
            ("org", &self.organisation),
            ("theme", &self.theme),
            ("project", &self.project),
            ("owner", &self.owner),
        ] {
            if let Some(v) = value {
                parts.push(format!("{name}: {v}"));
            }
        }
        if let Some(b) = self.band {
            parts.push(format!("band: {}", b.label()));
        }
        if let Some(k) = self.kind {
            parts.push(format!("{}s", k.as_str()));
        }
        if self.archived {
            parts.push("archived".into());
        }
        parts.join(" · ")
    }
}

pub struct RiskState {
    pub rows: Vec<RegisterRow>,
    /// Indices into `rows` shown, highest score first.
    pub visible: Vec<usize>,
    pub cursor: Cursor,
    pub filter: RiskFilter,
    pub search: String,
    pub basis: Basis,
    /// The heat-map cell the list is narrowed to: (likelihood, impact).
    pub cell: Option<(u8, u8)>,
    /// Arrow keys move the map's cell instead of the list.
    pub map_focus: bool,
    /// The risk whose detail is open.
    pub detail: Option<i64>,
    /// The store's change token when `rows` were read: unchanged data is not read again.
    pub loaded_at: Option<ChangeToken>,
}

impl Default for RiskState {
    fn default() -> Self {
        RiskState {
            rows: Vec::new(),
            visible: Vec::new(),
            cursor: Cursor::default(),
            filter: RiskFilter::default(),
            search: String::new(),
            basis: Basis::Current,
            cell: None,
            map_focus: false,
            detail: None,
            loaded_at: None,
        }
    }
}

impl RiskState {
    /// Rows that pass the filters (before the heat-map cell): what the map counts.
    pub fn filtered<'a>(&'a self, settings: &'a Settings) -> impl Iterator<Item = &'a RegisterRow> {
        self.filtered_indices(settings).map(|i| &self.rows[i])
    }

    /// Indices of the rows that pass the filters.
    fn filtered_indices<'a>(&'a self, settings: &'a Settings) -> impl Iterator<Item = usize> + 'a {
        let query = self.search.trim().to_lowercase();
        self.rows.iter().enumerate().filter_map(move |(i, row)| {
            let shown = self.filter.matches(row, settings)
                && (query.is_empty() || {
                    let r = &row.risk;
                    format!(
                        "{} {} {} {} {} {}",
                        r.code,
                        r.title,
                        r.consequence,
                        r.control,
                        r.owner,
                        r.project_code.as_deref().unwrap_or("")
                    )
                    .to_lowercase()
                    .contains(&query)
                });
            shown.then_some(i)
        })
    }

    pub fn refresh_visible(&mut self, settings: &Settings, height: usize) {
        let basis = self.basis;
        let cell = self.cell;
        let mut visible: Vec<usize> = self
            .filtered_indices(settings)
            .filter(|i| cell.is_none_or(|c| self.rows[*i].risk.rating(basis) == Some(c)))
            .collect();
        // Highest score first, then by code (compared in place: 50,000 risks sort in ms).
        visible.sort_by(|a, b| {
            let (a, b) = (&self.rows[*a].risk, &self.rows[*b].risk);
            b.score().cmp(&a.score()).then_with(|| a.code.cmp(&b.code))
        });
        self.visible = visible;
        let len = self.visible.len();
        self.cursor.keep_visible(len, height);
    }

    pub fn selected(&self) -> Option<&RegisterRow> {
        self.visible
            .get(self.cursor.selected)
            .and_then(|i| self.rows.get(*i))
    }
}
