//! Colours. RAG is never colour alone: every RAG cell also carries its letters, so the app
//! reads in monochrome and with `NO_COLOR` set.

use ratatui::style::{Color, Modifier, Style};

use crate::domain::schedule::SlipSeverity;
use crate::domain::{Rag, RiskBand};

/// A locale names UTF-8 (`en_GB.UTF-8`, `C.utf8`); no locale at all means plain ASCII.
pub fn locale_is_utf8(locale: Option<&str>) -> bool {
    locale.is_some_and(|l| {
        let l = l.to_ascii_lowercase();
        l.contains("utf-8") || l.contains("utf8")
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub colour: bool,
    /// Timeline markers as ◇ ◆ ✓, or ASCII when the terminal's locale is not UTF-8.
    pub unicode: bool,
}

/// Timeline glyphs, each readable without colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glyphs {
    pub bar: char,
    pub slip: char,
    pub span: char,
    pub baseline: char,
    pub forecast: char,
    pub actual: char,
    pub today: char,
    pub before: char,
    pub after: char,
}

const UNICODE_GLYPHS: Glyphs = Glyphs {
    bar: '━',
    slip: '╍',
    span: '·',
    baseline: '◇',
    forecast: '◆',
    actual: '✓',
    today: '│',
    before: '◀',
    after: '▶',
};

const ASCII_GLYPHS: Glyphs = Glyphs {
    bar: '=',
    slip: '~',
    span: '.',
    baseline: 'o',
    forecast: '*',
    actual: 'v',
    today: '|',
    before: '<',
    after: '>',
};

impl Theme {
    pub fn colour() -> Theme {
        Theme {
            colour: true,
            unicode: true,
        }
    }

    pub fn mono() -> Theme {
        Theme {
            colour: false,
            unicode: true,
        }
    }

    pub fn ascii(self) -> Theme {
        Theme {
            unicode: false,
            ..self
        }
    }

    /// `NO_COLOR` (any non-empty value) or `theme = "mono"` turns colour off; the locale
    /// (`LC_ALL`, `LC_CTYPE`, `LANG`, first one set) decides between Unicode and ASCII marks.
    pub fn from_env(config_theme: Option<&str>) -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let base = if no_color || config_theme == Some("mono") {
            Theme::mono()
        } else {
            Theme::colour()
        };
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
            .iter()
            .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()));
        Theme {
            unicode: locale_is_utf8(locale.as_deref()),
            ..base
        }
    }

    pub fn glyphs(&self) -> &'static Glyphs {
        if self.unicode {
            &UNICODE_GLYPHS
        } else {
            &ASCII_GLYPHS
        }
    }

    /// Slippage colour: amber within tolerance, red beyond it.
    pub fn slip(&self, severity: SlipSeverity) -> Style {
        match (self.colour, severity) {
            (_, SlipSeverity::None) => Style::new(),
            (true, SlipSeverity::Within) => Style::new().fg(Color::Yellow),
            (true, SlipSeverity::Beyond) => Style::new().fg(Color::Red),
            (false, SlipSeverity::Within) => Style::new(),
            (false, SlipSeverity::Beyond) => Style::new().add_modifier(Modifier::BOLD),
        }
    }

    pub fn rag_colour(&self, rag: Rag) -> Option<Color> {
        if !self.colour {
            return None;
        }
        Some(match rag {
            Rag::Red => Color::Red,
            Rag::AmberRed => Color::LightRed,
            Rag::Amber => Color::Yellow,
            Rag::AmberGreen => Color::LightGreen,
            Rag::Green => Color::Green,
            Rag::Unrated => Color::DarkGray,
        })
    }

    /// A RAG badge: black letters on the RAG colour; bold letters when colour is off.
    pub fn rag(&self, rag: Rag) -> Style {
        match self.rag_colour(rag) {
            Some(bg) => Style::new()
                .fg(Color::Black)
                .bg(bg)
                .add_modifier(Modifier::BOLD),
            None => Style::new().add_modifier(Modifier::BOLD),
        }
    }

    pub fn band(&self, band: RiskBand) -> Style {
        if !self.colour {
            return match band {
                RiskBand::High | RiskBand::VeryHigh => Style::new().add_modifier(Modifier::BOLD),
                _ => Style::new(),
            };
        }
        Style::new().fg(match band {
            RiskBand::Low => Color::Green,
            RiskBand::Medium => Color::Yellow,
            RiskBand::High => Color::LightRed,
            RiskBand::VeryHigh => Color::Red,
        })
    }

    pub fn header(&self) -> Style {
        if self.colour {
            Style::new().fg(Color::Black).bg(Color::Cyan)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn selected(&self) -> Style {
        if self.colour {
            Style::new()
                .bg(Color::DarkGray)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    pub fn dim(&self) -> Style {
        if self.colour {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }

    pub fn warn(&self) -> Style {
        if self.colour {
            Style::new()
                .fg(Color::LightRed)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }

    pub fn key(&self) -> Style {
        if self.colour {
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_locales_are_recognised() {
        assert!(locale_is_utf8(Some("en_GB.UTF-8")));
        assert!(locale_is_utf8(Some("C.utf8")));
        assert!(!locale_is_utf8(Some("C")));
        assert!(!locale_is_utf8(Some("POSIX")));
        assert!(!locale_is_utf8(None));
        assert_eq!(Theme::colour().ascii().glyphs().forecast, '*');
        assert_eq!(Theme::colour().glyphs().forecast, '◆');
    }
}
