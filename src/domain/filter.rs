//! What the portfolio shows: the filter a user sets and the sort column, shared by the
//! TUI and `workplan status` so both list the same projects in the same order.

use chrono::NaiveDate;

use super::triage::{PortfolioRow, sort_by_triage};
use super::{Rag, Settings, Stage};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub organisation: Option<String>,
    pub theme: Option<String>,
    /// `None` shows the open work plan (everything not completed, closed or cancelled).
    pub stage: Option<Stage>,
    pub rag: Option<Rag>,
    pub manager: Option<String>,
    /// Only projects the current user manages or sponsors.
    pub mine: bool,
    /// Show archived projects (to restore them) instead of hiding them.
    pub archived: bool,
}

impl Filter {
    pub fn is_default(&self) -> bool {
        *self == Filter::default()
    }

    pub fn matches(&self, row: &PortfolioRow, settings: &Settings, user: &str) -> bool {
        let same = crate::domain::text::same_name;
        if row.archived != self.archived {
            return false;
        }
        match self.stage {
            Some(stage) if row.stage != stage => return false,
            None if !row.stage.is_open() => return false,
            _ => {}
        }
        if self
            .rag
            .is_some_and(|rag| row.shown_rag(settings) != rag.on_scale(settings.rag_scale))
        {
            return false;
        }
        if let Some(org) = &self.organisation
            && !row.organisations.iter().any(|o| same(o, org))
        {
            return false;
        }
        if let Some(theme) = &self.theme
            && !row.theme.as_deref().is_some_and(|t| same(t, theme))
        {
            return false;
        }
        if let Some(manager) = &self.manager
            && !same(&row.manager, manager)
        {
            return false;
        }
        if self.mine && !(same(&row.manager, user) || same(&row.sponsor, user)) {
            return false;
        }
        true
    }

    /// A short description for the header: "org: Holmwick · RAG: red".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(o) = &self.organisation {
            parts.push(format!("org: {o}"));
        }
        if let Some(t) = &self.theme {
            parts.push(format!("theme: {t}"));
        }
        if let Some(s) = self.stage {
            parts.push(format!("stage: {}", s.as_str()));
        }
        if let Some(r) = self.rag {
            parts.push(format!("RAG: {}", r.as_str()));
        }
        if let Some(m) = &self.manager {
            parts.push(format!("manager: {m}"));
        }
        if self.mine {
            parts.push("mine".to_string());
        }
        if self.archived {
            parts.push("archived".to_string());
        }
        parts.join(" · ")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Triage,
    Code,
    Name,
    Stage,
    Manager,
    NextMilestone,
    Slippage,
    LastUpdate,
}

impl SortKey {
    pub const ALL: [SortKey; 8] = [
        SortKey::Triage,
        SortKey::Code,
        SortKey::Name,
        SortKey::Stage,
        SortKey::Manager,
        SortKey::NextMilestone,
        SortKey::Slippage,
        SortKey::LastUpdate,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SortKey::Triage => "triage",
            SortKey::Code => "code",
            SortKey::Name => "name",
            SortKey::Stage => "stage",
            SortKey::Manager => "manager",
            SortKey::NextMilestone => "next milestone",
            SortKey::Slippage => "slippage",
            SortKey::LastUpdate => "last update",
        }
    }

    pub fn next(self) -> SortKey {
        let i = SortKey::ALL.iter().position(|k| *k == self).unwrap_or(0);
        SortKey::ALL[(i + 1) % SortKey::ALL.len()]
    }
}

/// Sort rows by `key` (triage order breaks ties), reversed when asked.
pub fn sort_rows(
    rows: &mut [PortfolioRow],
    key: SortKey,
    reverse: bool,
    today: NaiveDate,
    settings: &Settings,
) {
    sort_by_triage(rows, today, settings);
    match key {
        SortKey::Triage => {}
        SortKey::Code => rows.sort_by(|a, b| a.code.cmp(&b.code)),
        SortKey::Name => rows.sort_by_key(|r| r.name.to_lowercase()),
        SortKey::Stage => rows.sort_by_key(|r| r.stage),
        SortKey::Manager => rows.sort_by_key(|r| r.manager.to_lowercase()),
        // Undated milestones go last either way round.
        SortKey::NextMilestone => {
            rows.sort_by_key(|r| (r.next_milestone_date.is_none(), r.next_milestone_date))
        }
        SortKey::Slippage => {
            rows.sort_by_key(|r| std::cmp::Reverse(r.slippage_days().unwrap_or(i64::MIN)))
        }
        SortKey::LastUpdate => rows.sort_by_key(|r| r.last_update),
    }
    if reverse {
        rows.reverse();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(code: &str, stage: Stage, rag: Rag) -> PortfolioRow {
        PortfolioRow {
            code: code.into(),
            stage,
            rag,
            manager: "Priya Shah".into(),
            organisations: vec!["Holmwick District Council".into()],
            theme: Some("ICT Strategic Architecture".into()),
            ..PortfolioRow::default()
        }
    }

    #[test]
    fn default_filter_shows_the_open_plan_only() {
        let s = Settings::default();
        let f = Filter::default();
        assert!(f.matches(&row("A", Stage::InDelivery, Rag::Red), &s, "me"));
        assert!(f.matches(&row("B", Stage::Proposed, Rag::Unrated), &s, "me"));
        assert!(!f.matches(&row("C", Stage::Completed, Rag::Green), &s, "me"));
        let done = Filter {
            stage: Some(Stage::Completed),
            ..Filter::default()
        };
        assert!(done.matches(&row("C", Stage::Completed, Rag::Green), &s, "me"));
    }

    #[test]
    fn fields_match_case_insensitively_and_mine_uses_the_user() {
        let s = Settings::default();
        let r = row("A", Stage::InDelivery, Rag::Amber);
        let f = Filter {
            organisation: Some("holmwick district council".into()),
            theme: Some("ict strategic architecture".into()),
            rag: Some(Rag::Amber),
            ..Filter::default()
        };
        assert!(f.matches(&r, &s, "x"));
        let mine = Filter {
            mine: true,
            ..Filter::default()
        };
        assert!(mine.matches(&r, &s, "priya shah"));
        assert!(!mine.matches(&r, &s, "Someone Else"));
        let red = Filter {
            rag: Some(Rag::Red),
            ..Filter::default()
        };
        assert!(!red.matches(&r, &s, "x"));
        assert_eq!(red.describe(), "RAG: red");
    }

    #[test]
    fn sort_keys_cycle_and_reverse() {
        assert_eq!(SortKey::LastUpdate.next(), SortKey::Triage);
        let s = Settings::default();
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let mut rows = vec![
            row("B", Stage::InDelivery, Rag::Green),
            row("A", Stage::InDelivery, Rag::Red),
            row("C", Stage::InDelivery, Rag::Amber),
        ];
        sort_rows(&mut rows, SortKey::Code, true, today, &s);
        let codes: Vec<_> = rows.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["C", "B", "A"]);
        sort_rows(&mut rows, SortKey::Triage, false, today, &s);
        let codes: Vec<_> = rows.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["A", "C", "B"]);
    }
}
