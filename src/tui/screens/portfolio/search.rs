//! Fuzzy search over the portfolio (code, name, manager, theme) with nucleo's matcher.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::domain::triage::PortfolioRow;

/// The candidates that match `query`, best match first (ties keep the current order).
pub fn rank(query: &str, rows: &[PortfolioRow], candidates: &[usize]) -> Vec<usize> {
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buffer = Vec::new();
    let mut scored: Vec<(u32, usize, usize)> = candidates
        .iter()
        .enumerate()
        .filter_map(|(order, &index)| {
            let row = rows.get(index)?;
            let haystack = format!(
                "{} {} {} {}",
                row.code,
                row.name,
                row.manager,
                row.theme.as_deref().unwrap_or("")
            );
            let score = pattern.score(Utf32Str::new(&haystack, &mut buffer), &mut matcher)?;
            Some((score, order, index))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, _, index)| index).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(code: &str, name: &str) -> PortfolioRow {
        PortfolioRow {
            code: code.into(),
            name: name.into(),
            ..PortfolioRow::default()
        }
    }

    #[test]
    fn ranks_fuzzy_matches_and_drops_the_rest() {
        let rows = vec![
            row("ICT-001", "Office 365 migration"),
            row("ICT-002", "Firewall replacement"),
            row("ICT-003", "Contact centre telephony"),
        ];
        let all = [0, 1, 2];
        assert_eq!(rank("firewal", &rows, &all), vec![1]);
        assert_eq!(rank("o365", &rows, &all)[0], 0);
        assert_eq!(rank("ict-003", &rows, &all)[0], 2);
        assert!(rank("zzzz", &rows, &all).is_empty());
        assert_eq!(rank("ict", &rows, &[2, 0]), vec![2, 0], "ties keep order");
    }
}
