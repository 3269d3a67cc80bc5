//! The portfolio triage view: counts by RAG and stage, then one row per project, worst first.
//! Columns drop by priority on narrow terminals; only the rows on screen are built.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table};

use crate::domain::dates::display_short;
use crate::domain::triage::PortfolioRow;
use crate::domain::{Rag, Stage};
use crate::tui::app::App;
use crate::tui::views::widgets::{fit, rag_badge, signed_days};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Rag,
    Code,
    Name,
    Stage,
    Manager,
    NextName,
    Due,
    Slip,
    Overdue,
    Risks,
    Cases,
    Updated,
}

impl Col {
    /// Display order.
    const ORDER: [Col; 12] = [
        Col::Rag,
        Col::Code,
        Col::Name,
        Col::Stage,
        Col::Manager,
        Col::NextName,
        Col::Due,
        Col::Slip,
        Col::Overdue,
        Col::Risks,
        Col::Cases,
        Col::Updated,
    ];

    /// The order columns are given room in; the name always is.
    const PRIORITY: [Col; 11] = [
        Col::Rag,
        Col::Code,
        Col::Due,
        Col::Slip,
        Col::Overdue,
        Col::Updated,
        Col::Stage,
        Col::Manager,
        Col::Risks,
        Col::Cases,
        Col::NextName,
    ];

    fn title(self) -> &'static str {
        match self {
            Col::Rag => "RAG",
            Col::Code => "Code",
            Col::Name => "Project",
            Col::Stage => "Stage",
            Col::Manager => "Manager",
            Col::NextName => "Next milestone",
            Col::Due => "Next due",
            Col::Slip => "Slip",
            Col::Overdue => "Ovd",
            Col::Risks => "Risk",
            Col::Cases => "Case",
            Col::Updated => "Upd",
        }
    }

    fn width(self) -> u16 {
        match self {
            Col::Rag => 8,
            Col::Code => 8,
            Col::Name => 16,
            Col::Stage => 9,
            Col::Manager => 15,
            Col::NextName => 24,
            Col::Due => 8,
            Col::Slip => 5,
            Col::Overdue => 3,
            Col::Risks => 4,
            Col::Cases => 4,
            Col::Updated => 5,
        }
    }
}

const NAME_MIN: u16 = 14;
const NAME_MAX: u16 = 56;
const NEXT_MAX: u16 = 48;

/// Which columns fit in `width`, and how wide each one is. The code column is as wide as
/// the longest code in the list (`code_width`): an identifier is never cut.
fn layout_columns(width: u16, code_width: u16) -> Vec<(Col, u16)> {
    let col_width = |c: Col| match c {
        Col::Code => code_width.max(4),
        other => other.width(),
    };
    let mut chosen = vec![Col::Name];
    let mut used = NAME_MIN;
    for col in Col::PRIORITY {
        let need = col_width(col) + 1;
        if used + need <= width {
            chosen.push(col);
            used += need;
        }
    }
    // Spare room goes to the name, then the next milestone, then the name again.
    let spare = width.saturating_sub(used);
    let mut name_extra = spare.min(NAME_MAX - NAME_MIN);
    let next_extra = if chosen.contains(&Col::NextName) {
        (spare - name_extra).min(NEXT_MAX - Col::NextName.width())
    } else {
        0
    };
    name_extra = spare - next_extra;
    Col::ORDER
        .iter()
        .filter(|c| chosen.contains(c))
        .map(|c| match c {
            Col::Name => (*c, NAME_MIN + name_extra),
            Col::NextName => (*c, c.width() + next_extra),
            _ => (*c, col_width(*c)),
        })
        .collect()
}

pub fn draw(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let [summary, info, table_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(area);
    draw_summary(frame, app, summary);
    draw_info(frame, app, info);
    draw_table(frame, app, table_area);
}

fn draw_summary(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let p = &app.portfolio;
    let theme = &app.theme;
    let mut rag_counts = [0usize; 6];
    let mut stage_counts = [0usize; 7];
    let mut add = |stage: Stage, rag: Rag, n: usize| {
        let rag = rag.on_scale(app.settings.rag_scale);
        if let Some(slot) = Rag::ALL.iter().position(|r| *r == rag) {
            rag_counts[slot] += n;
        }
        if let Some(slot) = Stage::ALL.iter().position(|s| *s == stage) {
            stage_counts[slot] += n;
        }
    };
    match head_counts(app) {
        // The first screen of a large plan: the whole open plan's counts, not the first rows'.
        Some(counts) => {
            for (stage, rag, archived, n) in counts {
                if !archived && stage.is_open() {
                    add(*stage, *rag, *n);
                }
            }
        }
        None => {
            for &i in &p.visible {
                let row = &p.rows[i];
                add(row.stage, row.rag, 1);
            }
        }
    }
    let mut spans = vec![Span::raw(" ")];
    let mut shown: Vec<Rag> = app.settings.rag_scale.values().to_vec();
    shown.push(Rag::Unrated);
    for rag in shown {
        let n = Rag::ALL
            .iter()
            .position(|r| *r == rag)
            .map(|slot| rag_counts[slot])
            .unwrap_or(0);
        spans.push(Span::styled(format!(" {} ", rag.letters()), theme.rag(rag)));
        spans.push(Span::raw(format!("{n:>3} ")));
    }
    spans.push(Span::raw("│"));
    let alerts = p.assurance.alerts();
    if alerts.any() {
        let mut parts = Vec::new();
        if alerts.overdue_high > 0 {
            parts.push(format!("{} overdue high audit rec", alerts.overdue_high));
        }
        if alerts.lapsed_or_failed > 0 {
            parts.push(format!("{} cert lapsed/failed", alerts.lapsed_or_failed));
        }
        spans.push(Span::styled(
            format!(" ! {} ", parts.join(", ")),
            theme.warn(),
        ));
        spans.push(Span::raw("│"));
    }
    // Live work first: on a narrow screen the finished stages are the ones cut off.
    for stage in [
        Stage::InDelivery,
        Stage::OnHold,
        Stage::AwaitingResource,
        Stage::Proposed,
        Stage::Completed,
        Stage::Closed,
        Stage::Cancelled,
    ] {
        let n = Stage::ALL
            .iter()
            .position(|s| *s == stage)
            .map(|slot| stage_counts[slot])
            .unwrap_or(0);
        if n > 0 {
            spans.push(Span::raw(format!(" {} {n} ", stage.short())));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// While the rest of a large portfolio is read: the counts of the whole, when the list is as
/// it opened (a filter or search then applies to the rows read so far).
fn head_counts(app: &App) -> Option<&Vec<(Stage, Rag, bool, usize)>> {
    let p = &app.portfolio;
    p.head
        .as_ref()
        .filter(|_| p.filter.is_default() && p.search.is_empty())
}

fn draw_info(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let p = &app.portfolio;
    let theme = &app.theme;
    let (shown, total) = match head_counts(app) {
        Some(counts) => (
            counts
                .iter()
                .filter(|(stage, _, archived, _)| !archived && stage.is_open())
                .map(|(.., n)| n)
                .sum(),
            counts.iter().map(|(.., n)| n).sum(),
        ),
        None => (p.visible.len(), p.rows.len()),
    };
    let mut spans = vec![Span::styled(
        format!(" {shown} of {total} projects"),
        theme.title(),
    )];
    if p.head.is_some() {
        spans.push(Span::styled(
            format!(" · the first {} read, the rest coming", p.rows.len()),
            theme.dim(),
        ));
    }
    spans.push(Span::styled(
        format!(
            " · sorted by {}{}",
            p.sort.label(),
            if p.reverse { " (reversed)" } else { "" }
        ),
        theme.dim(),
    ));
    if !p.filter.is_default() {
        spans.push(Span::raw(format!(
            " · filter: {}",
            fit(&p.filter.describe(), 60)
        )));
    }
    if !p.search.is_empty() {
        spans.push(Span::raw(format!(" · search: {}", fit(&p.search, 30))));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_table(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let p = &app.portfolio;
    let theme = &app.theme;
    let code_width = p
        .visible
        .iter()
        .filter_map(|i| p.rows.get(*i))
        .map(|r| crate::domain::text::width(&r.code))
        .max()
        .unwrap_or(4);
    let columns = layout_columns(area.width, u16::try_from(code_width).unwrap_or(u16::MAX));
    let header = Row::new(columns.iter().map(|(c, _)| c.title()))
        .style(Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED));
    let height = usize::from(area.height.saturating_sub(1));
    let start = p.cursor.offset.min(p.visible.len());
    let end = (start + height).min(p.visible.len());
    let rows = p.visible[start..end].iter().enumerate().map(|(n, &i)| {
        let row = &p.rows[i];
        let selected = start + n == p.cursor.selected;
        let cells = columns
            .iter()
            .map(|(c, w)| cell(app, row, *c, usize::from(*w)));
        let r = Row::new(cells);
        if selected {
            r.style(theme.selected())
        } else if row.archived {
            r.style(theme.dim())
        } else {
            r
        }
    });
    let widths = columns.iter().map(|(_, w)| Constraint::Length(*w));
    if p.visible.is_empty() {
        let text = if p.rows.is_empty() {
            " No projects."
        } else {
            " No projects match the filter or search (Esc clears them)."
        };
        frame.render_widget(
            Table::new(Vec::<Row>::new(), widths.clone()).header(header),
            area,
        );
        let below = Rect {
            y: area.y + 1,
            height: area.height.saturating_sub(1),
            ..area
        };
        frame.render_widget(Paragraph::new(text), below);
        return;
    }
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        area,
    );
}

fn cell<'a>(app: &App, row: &PortfolioRow, col: Col, width: usize) -> ratatui::widgets::Cell<'a> {
    let theme = &app.theme;
    let text = match col {
        Col::Rag => {
            let rag = row.shown_rag(&app.settings);
            let mut spans = vec![rag_badge(rag, theme)];
            if row.is_worsening(&app.settings) {
                spans.push(Span::styled("↓", theme.warn()));
            }
            if let Some(suggested) = row.suggested_rag(&app.settings) {
                spans.push(Span::styled(
                    format!("→{}?", suggested.letters()),
                    theme.warn(),
                ));
            }
            return Line::from(spans).into();
        }
        Col::Code => fit(&row.code, width),
        Col::Name => fit(&row.name, width),
        // Archived projects (shown when the filter asks) say so where the stage would be.
        Col::Stage if row.archived => "Archived".to_string(),
        Col::Stage => row.stage.short().to_string(),
        Col::Manager => fit(&row.manager, width),
        Col::NextName => fit(row.next_milestone.as_deref().unwrap_or(""), width),
        Col::Due => row
            .next_milestone_date
            .map(display_short)
            .unwrap_or_default(),
        Col::Slip => match row.slippage_days() {
            Some(d) if d != 0 => signed_days(d),
            _ => String::new(),
        },
        Col::Overdue => {
            if row.overdue_milestones > 0 {
                return Span::styled(format!("{:>3}", row.overdue_milestones), theme.warn()).into();
            }
            String::new()
        }
        Col::Risks => count(row.high_risks),
        Col::Cases => count(row.open_cases),
        Col::Updated => {
            let days = row
                .days_since_update(app.today)
                .map(|d| format!("{d}d"))
                .unwrap_or_else(|| "-".to_string());
            if row.is_stale(app.today, &app.settings) {
                return Span::styled(format!("{days}!"), theme.warn()).into();
            }
            days
        }
    };
    text.into()
}

fn count(n: u32) -> String {
    if n == 0 {
        String::new()
    } else {
        format!("{n:>4}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_terminals_drop_columns_by_priority_and_never_overflow() {
        for width in [40u16, 60, 80, 100, 120, 160, 200] {
            let cols = layout_columns(width, 8);
            let total: u16 = cols.iter().map(|(_, w)| w + 1).sum::<u16>() - 1;
            assert!(total <= width, "width {width}: columns take {total}");
            assert!(cols.iter().any(|(c, _)| *c == Col::Name));
        }
        let at80: Vec<Col> = layout_columns(80, 8).into_iter().map(|(c, _)| c).collect();
        assert!(at80.contains(&Col::Rag) && at80.contains(&Col::Due) && at80.contains(&Col::Slip));
        assert!(!at80.contains(&Col::NextName));
        let at160: Vec<Col> = layout_columns(160, 8).into_iter().map(|(c, _)| c).collect();
        assert_eq!(at160.len(), Col::ORDER.len());
        // A long code gets the room it needs, whole.
        let wide = layout_columns(120, 16);
        assert!(wide.contains(&(Col::Code, 16)), "{wide:?}");
    }
}
