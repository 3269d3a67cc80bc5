//! Colours. RAG is never colour alone: every RAG cell also carries its letters, so the app
//! reads in monochrome and with `NO_COLOR` set.

use ratatui::style::{Color, Modifier, Style};

use crate::domain::{Rag, RiskBand};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub colour: bool,
}

impl Theme {
    pub fn colour() -> Theme {
        Theme { colour: true }
    }

    pub fn mono() -> Theme {
        Theme { colour: false }
    }

    /// `NO_COLOR` (any non-empty value) or `theme = "mono"` turns colour off.
    pub fn from_env(config_theme: Option<&str>) -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if no_color || config_theme == Some("mono") {
            Theme::mono()
        } else {
            Theme::colour()
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
