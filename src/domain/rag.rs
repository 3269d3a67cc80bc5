//! RAG / delivery confidence: the 3-point and 5-point scales, their spellings and definitions.

use std::fmt;
use std::str::FromStr;

/// A RAG value. Ordered from worst to best so sorting puts red first; `Unrated` sorts last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Rag {
    Red,
    AmberRed,
    Amber,
    AmberGreen,
    Green,
    #[default]
    Unrated,
}

/// Which scale a database uses (a setting shared by every user of one file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RagScale {
    Three,
    Five,
}

impl RagScale {
    pub fn values(self) -> &'static [Rag] {
        match self {
            RagScale::Three => &[Rag::Red, Rag::Amber, Rag::Green],
            RagScale::Five => &[
                Rag::Red,
                Rag::AmberRed,
                Rag::Amber,
                Rag::AmberGreen,
                Rag::Green,
            ],
        }
    }

    pub fn points(self) -> u8 {
        match self {
            RagScale::Three => 3,
            RagScale::Five => 5,
        }
    }

    pub fn from_points(points: i64) -> Option<Self> {
        match points {
            3 => Some(RagScale::Three),
            5 => Some(RagScale::Five),
            _ => None,
        }
    }
}

impl Rag {
    pub const ALL: [Rag; 6] = [
        Rag::Red,
        Rag::AmberRed,
        Rag::Amber,
        Rag::AmberGreen,
        Rag::Green,
        Rag::Unrated,
    ];

    /// The canonical name stored in the database and written to CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Rag::Red => "red",
            Rag::AmberRed => "amber-red",
            Rag::Amber => "amber",
            Rag::AmberGreen => "amber-green",
            Rag::Green => "green",
            Rag::Unrated => "unrated",
        }
    }

    /// The letters shown beside (or instead of) the colour, so RAG never relies on colour alone.
    pub fn letters(self) -> &'static str {
        match self {
            Rag::Red => "R",
            Rag::AmberRed => "AR",
            Rag::Amber => "A",
            Rag::AmberGreen => "AG",
            Rag::Green => "G",
            Rag::Unrated => "-",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Rag::Red => "Red",
            Rag::AmberRed => "Amber/Red",
            Rag::Amber => "Amber",
            Rag::AmberGreen => "Amber/Green",
            Rag::Green => "Green",
            Rag::Unrated => "Unrated",
        }
    }

    /// Gateway wording, shown next to the picker and in help.
    pub fn definition(self) -> &'static str {
        match self {
            Rag::Green => {
                "Delivery to time, cost and quality appears highly likely; no major outstanding issues."
            }
            Rag::AmberGreen => {
                "Delivery appears probable; constant attention needed so risks do not become issues."
            }
            Rag::Amber => {
                "Delivery appears feasible but significant issues exist that need management attention; resolvable now if addressed without delay."
            }
            Rag::AmberRed => {
                "Delivery is in doubt, with major risks or issues in several key areas; prompt action needed."
            }
            Rag::Red => {
                "Delivery appears unachievable as planned; major issues not currently manageable; may need re-baselining or its viability reassessed."
            }
            Rag::Unrated => "Not yet assessed.",
        }
    }

    /// Severity rank: 0 is worst. Used to decide whether a project is worsening.
    pub fn severity(self) -> u8 {
        match self {
            Rag::Red => 0,
            Rag::AmberRed => 1,
            Rag::Amber => 2,
            Rag::AmberGreen => 3,
            Rag::Green => 4,
            Rag::Unrated => 5,
        }
    }

    /// True when `self` is a worse rating than `earlier` (unrated never counts as worse or better).
    pub fn is_worse_than(self, earlier: Rag) -> bool {
        self != Rag::Unrated && earlier != Rag::Unrated && self.severity() < earlier.severity()
    }

    /// Whether a change to this value needs a written reason.
    pub fn needs_reason(self) -> bool {
        !matches!(self, Rag::Green | Rag::Unrated)
    }

    /// Map a value onto a scale: on the 3-point scale amber-red reads as red and amber-green as amber,
    /// so a database switched from 5 to 3 points never shows a rosier picture than it holds.
    pub fn on_scale(self, scale: RagScale) -> Rag {
        match (scale, self) {
            (RagScale::Three, Rag::AmberRed) => Rag::Red,
            (RagScale::Three, Rag::AmberGreen) => Rag::Amber,
            (_, rag) => rag,
        }
    }
}

impl fmt::Display for Rag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{0}' is not a RAG status (use R, A/R, A, A/G, G, Red, Amber/Red, Amber, Amber/Green, Green or unrated)"
)]
pub struct ParseRagError(pub String);

impl FromStr for Rag {
    type Err = ParseRagError;

    /// Accepts DOMAIN.md's spellings, case-insensitively.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key: String = s
            .trim()
            .to_ascii_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| if c == '/' || c == '_' { '-' } else { c })
            .collect();
        match key.as_str() {
            "r" | "red" => Ok(Rag::Red),
            "a-r" | "ar" | "amber-red" => Ok(Rag::AmberRed),
            "a" | "amber" => Ok(Rag::Amber),
            "a-g" | "ag" | "amber-green" => Ok(Rag::AmberGreen),
            "g" | "green" => Ok(Rag::Green),
            "-" | "unrated" | "" | "n-a" | "na" | "none" | "notrated" | "grey" | "gray" => {
                Ok(Rag::Unrated)
            }
            _ => Err(ParseRagError(s.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_every_documented_spelling() {
        let cases = [
            ("R", Rag::Red),
            ("red", Rag::Red),
            ("A/R", Rag::AmberRed),
            ("AR", Rag::AmberRed),
            ("Amber/Red", Rag::AmberRed),
            ("Amber-Red", Rag::AmberRed),
            ("A", Rag::Amber),
            ("AMBER", Rag::Amber),
            ("A/G", Rag::AmberGreen),
            ("ag", Rag::AmberGreen),
            ("Amber/Green", Rag::AmberGreen),
            ("amber-green", Rag::AmberGreen),
            ("G", Rag::Green),
            (" Green ", Rag::Green),
            ("unrated", Rag::Unrated),
            ("", Rag::Unrated),
        ];
        for (text, want) in cases {
            assert_eq!(text.parse::<Rag>(), Ok(want), "{text}");
        }
    }

    #[test]
    fn rejects_unknown_words_with_the_word_in_the_message() {
        let err = "purple".parse::<Rag>().unwrap_err();
        assert!(err.to_string().contains("'purple'"));
        assert!("reds".parse::<Rag>().is_err());
        assert!("A/X".parse::<Rag>().is_err());
    }

    #[test]
    fn canonical_names_round_trip() {
        for rag in Rag::ALL {
            assert_eq!(rag.as_str().parse::<Rag>(), Ok(rag));
        }
    }

    #[test]
    fn worse_compares_severity_and_ignores_unrated() {
        assert!(Rag::Red.is_worse_than(Rag::Amber));
        assert!(Rag::Amber.is_worse_than(Rag::Green));
        assert!(!Rag::Green.is_worse_than(Rag::Amber));
        assert!(!Rag::Red.is_worse_than(Rag::Red));
        assert!(!Rag::Red.is_worse_than(Rag::Unrated));
    }

    #[test]
    fn three_point_scale_never_shows_rosier() {
        assert_eq!(Rag::AmberRed.on_scale(RagScale::Three), Rag::Red);
        assert_eq!(Rag::AmberGreen.on_scale(RagScale::Three), Rag::Amber);
        assert_eq!(Rag::AmberRed.on_scale(RagScale::Five), Rag::AmberRed);
        assert_eq!(RagScale::Three.values().len(), 3);
        assert_eq!(RagScale::Five.values().len(), 5);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_text_is_a_rag_or_an_error_never_a_panic(text in "\\PC{0,12}") {
            if let Ok(rag) = text.parse::<Rag>() {
                prop_assert_eq!(rag.as_str().parse::<Rag>(), Ok(rag));
            }
        }
    }
}
