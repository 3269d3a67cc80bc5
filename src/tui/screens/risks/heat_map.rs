//! The 5x5 heat map: likelihood across, impact up, counts per cell in band colours, cells
//! above the appetite marked.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Widget;

use crate::domain::risk::IMPACT_WORDS;
use crate::domain::{Basis, RiskBand, Settings};
use crate::tui::theme::Theme;

/// Width and height the heat map needs.
pub const MAP_WIDTH: u16 = 33;

pub const MAP_HEIGHT: u16 = 9;

/// The 5x5 map as a widget, so it can be rendered (and tested) on its own.
pub struct HeatMap<'a> {
    pub counts: [[u32; 5]; 5],
    pub basis: Basis,
    pub selected: Option<(u8, u8)>,
    pub settings: &'a Settings,
    pub theme: &'a Theme,
}

impl Widget for HeatMap<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        // A terminal too short leaves no row for it (the area may even lie past the edge).
        if area.intersection(buf.area).is_empty() {
            return;
        }
        if area.width < MAP_WIDTH || area.height < MAP_HEIGHT {
            buf.set_string(
                area.x,
                area.y,
                "(heat map needs more room)",
                self.theme.dim(),
            );
            return;
        }
        let title = format!("Impact ↑ · {} scores", self.basis.label());
        buf.set_string(area.x, area.y, title, self.theme.title());
        for impact in (1..=5u8).rev() {
            let y = area.y + 1 + u16::from(5 - impact);
            let word = IMPACT_WORDS[usize::from(impact - 1)];
            buf.set_string(
                area.x,
                y,
                format!("{impact} {:<4}", &word[..3]),
                Style::new(),
            );
            for likelihood in 1..=5u8 {
                let x = area.x + 7 + u16::from(likelihood - 1) * 5;
                let count = self.counts[usize::from(impact - 1)][usize::from(likelihood - 1)];
                let score = likelihood * impact;
                let over = score > self.settings.risk_appetite;
                let text = format!(
                    "{:>3}{}",
                    if count == 0 {
                        "·".to_string()
                    } else {
                        count.to_string()
                    },
                    if over { "!" } else { " " }
                );
                let band = RiskBand::of(score, self.settings);
                let mut style = cell_style(self.theme, band);
                if self.selected == Some((likelihood, impact)) {
                    style = style.add_modifier(Modifier::REVERSED | Modifier::BOLD);
                }
                buf.set_string(x, y, text, style);
            }
        }
        let axis_y = area.y + 6;
        for likelihood in 1..=5u8 {
            let x = area.x + 7 + u16::from(likelihood - 1) * 5;
            buf.set_string(x, axis_y, format!("{:>3}", likelihood), Style::new());
        }
        buf.set_string(area.x, axis_y + 1, "       Likelihood →", Style::new());
        buf.set_string(
            area.x,
            axis_y + 2,
            format!("! above appetite ({})", self.settings.risk_appetite),
            self.theme.dim(),
        );
    }
}

fn cell_style(theme: &Theme, band: RiskBand) -> Style {
    if !theme.colour {
        return match band {
            RiskBand::VeryHigh => Style::new().add_modifier(Modifier::BOLD),
            _ => Style::new(),
        };
    }
    use ratatui::style::Color;
    let bg = match band {
        RiskBand::Low => Color::Green,
        RiskBand::Medium => Color::Yellow,
        RiskBand::High => Color::LightRed,
        RiskBand::VeryHigh => Color::Red,
    };
    Style::new().bg(bg).fg(Color::Black)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::buffer::Buffer;

    fn cell_text(buf: &Buffer, likelihood: u16, impact: u16) -> String {
        let y = 1 + (5 - impact);
        let x = 7 + (likelihood - 1) * 5;
        (x..x + 4)
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect()
    }

    #[test]
    fn heat_map_shows_exact_counts_bands_and_appetite() {
        let settings = Settings::default();
        let theme = Theme::colour();
        let mut counts = [[0u32; 5]; 5];
        counts[4][3] = 2; // impact 5, likelihood 4
        counts[0][0] = 7;
        counts[2][2] = 11;
        let mut buf = Buffer::empty(Rect::new(0, 0, MAP_WIDTH, MAP_HEIGHT));
        HeatMap {
            counts,
            basis: Basis::Current,
            selected: Some((3, 3)),
            settings: &settings,
            theme: &theme,
        }
        .render(buf.area, &mut buf);
        assert_eq!(cell_text(&buf, 4, 5), "  2!", "20 is above appetite 12");
        assert_eq!(cell_text(&buf, 1, 1), "  7 ");
        assert_eq!(cell_text(&buf, 3, 3), " 11 ", "9 is within appetite");
        assert_eq!(cell_text(&buf, 2, 2), "  · ");
        use ratatui::style::Color;
        assert_eq!(buf[(7, 5)].bg, Color::Green, "1x1 is low");
        assert_eq!(buf[(7 + 15, 1)].bg, Color::Red, "4x5 is very high");
        assert_eq!(buf[(7 + 10, 3)].bg, Color::LightRed, "3x3 is high");
        assert!(
            buf[(7 + 10, 3)].modifier.contains(Modifier::REVERSED),
            "the selected cell"
        );
        let total: u32 = (1..=5)
            .flat_map(|l| (1..=5).map(move |i| (l, i)))
            .map(|(l, i)| {
                cell_text(&buf, l, i)
                    .trim()
                    .trim_end_matches('!')
                    .parse::<u32>()
                    .unwrap_or(0)
            })
            .sum();
        assert_eq!(total, 20);
    }

    #[test]
    fn a_stricter_appetite_moves_the_marks() {
        let settings = Settings {
            risk_appetite: 4,
            ..Settings::default()
        };
        let theme = Theme::mono();
        let mut buf = Buffer::empty(Rect::new(0, 0, MAP_WIDTH, MAP_HEIGHT));
        HeatMap {
            counts: [[1; 5]; 5],
            basis: Basis::Target,
            selected: None,
            settings: &settings,
            theme: &theme,
        }
        .render(buf.area, &mut buf);
        assert_eq!(cell_text(&buf, 2, 2), "  1 ", "4 is at appetite");
        assert_eq!(cell_text(&buf, 5, 1), "  1!", "5 is above");
        let title: String = (0..MAP_WIDTH)
            .map(|x| buf[(x, 0)].symbol().to_string())
            .collect();
        assert!(title.contains("target scores"));
        let legend: String = (0..MAP_WIDTH)
            .map(|x| buf[(x, 8)].symbol().to_string())
            .collect();
        assert!(legend.contains("above appetite (4)"));
    }
}
