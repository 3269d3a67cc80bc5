//! `workplan settings`: list, read and change the settings every user of one database shares
//! (RAG scale, periods, risk bands and appetite, SLA targets, the report's front sheet), audited
//! like the app's `,` screen.

use std::fmt;
use std::path::Path;

use super::CommandError;
use crate::domain::text::sanitize;
use crate::domain::{RagScale, Settings};
use crate::store::edit::Actor;
use crate::store::{OpenMode, Store};

/// What `workplan settings` does besides listing every setting.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum Action {
    /// Print one setting's value.
    Get {
        /// The setting, e.g. rag-scale (rag_scale works too).
        key: String,
    },
    /// Change one setting for everyone using the database (audited).
    Set {
        /// The setting, e.g. rag-scale (rag_scale works too).
        key: String,
        /// The new value, e.g. 5, or 4,8,24,72 for SLA hours.
        #[arg(allow_hyphen_values = true)]
        value: String,
    },
}

/// The longest period in days a setting accepts (ten years), as in the app's settings form.
const MAX_DAYS: i64 = 3650;

/// The longest text a text setting accepts: a front-sheet line, not a paragraph.
const MAX_TEXT: usize = 200;

/// What a setting's value must mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    Scale,
    Days,
    /// Days, where 0 means something (no tolerance at all).
    DaysOrNone,
    BandLow,
    BandMedium,
    BandHigh,
    Appetite,
    Hours,
    Percent,
    /// One line of text (up to `MAX_TEXT` characters); empty clears it.
    Text,
}

/// One shared setting: its stored key (snake_case) and what it means.
#[derive(Debug)]
pub struct Setting {
    pub key: &'static str,
    pub about: &'static str,
    rule: Rule,
}

impl Setting {
    /// The name the command line uses: the key in kebab-case (`rag-scale`).
    pub fn name(&self) -> String {
        self.key.replace('_', "-")
    }
}

/// Every shared setting, in the order `Settings::to_pairs` stores them.
pub const SETTINGS: &[Setting] = &[
    Setting {
        key: "rag_scale",
        about: "RAG scale: 3 (red, amber, green) or 5 (with amber-red and amber-green)",
        rule: Rule::Scale,
    },
    Setting {
        key: "stale_after_days",
        about: "A live project with no status update for this many days is stale",
        rule: Rule::Days,
    },
    Setting {
        key: "schedule_tolerance_days",
        about: "A forecast end later than the baseline by more than this many days suggests red",
        rule: Rule::DaysOrNone,
    },
    Setting {
        key: "due_soon_days",
        about: "Milestones forecast within this many days are due soon",
        rule: Rule::Days,
    },
    Setting {
        key: "review_period_days",
        about: "Worsening compares the RAG now with the RAG this many days ago",
        rule: Rule::Days,
    },
    Setting {
        key: "risk_low_max",
        about: "The highest risk score (likelihood × impact) in the low band",
        rule: Rule::BandLow,
    },
    Setting {
        key: "risk_medium_max",
        about: "The highest risk score in the medium band",
        rule: Rule::BandMedium,
    },
    Setting {
        key: "risk_high_max",
        about: "The highest risk score in the high band; above it is very high",
        rule: Rule::BandHigh,
    },
    Setting {
        key: "risk_appetite",
        about: "Risk scores above this are outside appetite (1-25)",
        rule: Rule::Appetite,
    },
    Setting {
        key: "sla_incident_hours",
        about: "Incident resolution targets in hours for P1,P2,P3,P4",
        rule: Rule::Hours,
    },
    Setting {
        key: "sla_request_hours",
        about: "Service request resolution targets in hours for P1,P2,P3,P4",
        rule: Rule::Hours,
    },
    Setting {
        key: "sla_warn_percent",
        about: "A case past this percentage of its SLA target is flagged as a warning",
        rule: Rule::Percent,
    },
    Setting {
        key: "certification_due_days",
        about: "A certification is due when its next assessment or expiry is this many days away",
        rule: Rule::Days,
    },
    Setting {
        key: "report_council",
        about: "The council or shared service at the top of the report's front sheet (DOCX)",
        rule: Rule::Text,
    },
    Setting {
        key: "report_committee",
        about: "The committee the report goes to, on its front sheet",
        rule: Rule::Text,
    },
    Setting {
        key: "report_title",
        about: "The report's title on its front sheet (default: ICT Work Plan progress report)",
        rule: Rule::Text,
    },
    Setting {
        key: "report_author",
        about: "The author on the report's front sheet (default: the user's name)",
        rule: Rule::Text,
    },
];

/// The settings' command-line names, in order.
pub fn names() -> Vec<String> {
    SETTINGS.iter().map(Setting::name).collect()
}

/// The setting a name means: kebab-case (`rag-scale`) or as stored (`rag_scale`), any case.
pub fn find(name: &str) -> Result<&'static Setting, CommandError> {
    let wanted = name.trim().to_ascii_lowercase().replace('-', "_");
    SETTINGS.iter().find(|s| s.key == wanted).ok_or_else(|| {
        CommandError::Invalid(format!(
            "there is no setting '{name}': the settings are {}",
            names().join(", ")
        ))
    })
}

/// A setting's value as stored (`3`, `4,8,24,72`).
pub fn value_of(settings: &Settings, key: &str) -> String {
    settings
        .to_pairs()
        .into_iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
        .unwrap_or_default()
}

/// A value as a person reads it: an empty text setting is "(not set)".
fn shown(value: &str) -> &str {
    if value.is_empty() { "(not set)" } else { value }
}

/// Every setting, one a line: name, value and what it means, in aligned columns.
pub fn listing(settings: &Settings) -> String {
    let rows: Vec<(String, String, &str)> = SETTINGS
        .iter()
        .map(|s| {
            let value = value_of(settings, s.key);
            (s.name(), shown(&value).to_string(), s.about)
        })
        .collect();
    let name_width = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
    let value_width = rows.iter().map(|r| r.1.chars().count()).max().unwrap_or(0);
    let mut text = String::new();
    for (name, value, about) in rows {
        text.push_str(&format!(
            "{name:<name_width$}  {value:<value_width$}  {about}\n"
        ));
    }
    text
}

/// `settings` with `setting` changed to `value`, when the value means something sensible for
/// it; otherwise a message naming the setting and what it accepts.
pub fn with_value(current: &Settings, setting: &Setting, value: &str) -> Result<Settings, String> {
    let name = setting.name();
    let text = value.trim();
    let refuse = |accepts: String| format!("{name}: '{text}' is not accepted; {accepts}");
    let canonical = match setting.rule {
        Rule::Scale => match text.parse::<i64>().ok().and_then(RagScale::from_points) {
            Some(scale) => scale.points().to_string(),
            None => {
                return Err(refuse(
                    "use 3 (red, amber, green) or 5 (with amber-red and amber-green)".into(),
                ));
            }
        },
        Rule::Text => {
            // One line, no control or invisible characters: it is printed on terminals and
            // written into documents.
            let clean = sanitize(text).trim().to_string();
            if clean.chars().count() > MAX_TEXT {
                return Err(format!(
                    "{name}: the text is {} characters long; use up to {MAX_TEXT} (or \"\" to \
                     clear it)",
                    clean.chars().count()
                ));
            }
            clean
        }
        Rule::Hours => {
            let hours: Option<Vec<u32>> = text
                .split(',')
                .map(|part| part.trim().parse::<u32>().ok().filter(|h| *h > 0))
                .collect();
            match hours {
                Some(hours) if hours.len() == 4 => hours
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(","),
                _ => {
                    return Err(refuse(
                        "use four whole numbers of hours above 0, for P1 to P4, e.g. 4,8,24,72"
                            .into(),
                    ));
                }
            }
        }
        rule => {
            let low = i64::from(current.risk_low_max);
            let medium = i64::from(current.risk_medium_max);
            let high = i64::from(current.risk_high_max);
            let bands = format!(
                "the bands must rise: low ({low}) < medium ({medium}) < high ({high}) < 25"
            );
            let (from, to, accepts) = match rule {
                Rule::Days => (
                    1,
                    MAX_DAYS,
                    format!("use a whole number of days from 1 to {MAX_DAYS}"),
                ),
                Rule::DaysOrNone => (
                    0,
                    MAX_DAYS,
                    format!("use a whole number of days from 0 to {MAX_DAYS}"),
                ),
                Rule::BandLow => (1, medium - 1, bands),
                Rule::BandMedium => (low + 1, high - 1, bands),
                Rule::BandHigh => (medium + 1, 24, bands),
                Rule::Appetite => (
                    1,
                    25,
                    "use a whole number from 1 to 25 (risk scores run from 1 to 25)".to_string(),
                ),
                _ => (1, 100, "use a whole number from 1 to 100".to_string()),
            };
            match text.parse::<i64>() {
                Ok(n) if (from..=to).contains(&n) => n.to_string(),
                _ if from > to => {
                    return Err(refuse(format!("{accepts}; change the other bands first")));
                }
                _ if matches!(rule, Rule::BandLow | Rule::BandMedium | Rule::BandHigh) => {
                    return Err(refuse(format!(
                        "{accepts}, so use a whole number from {from} to {to}"
                    )));
                }
                _ => return Err(refuse(accepts)),
            }
        }
    };
    let mut next = current.clone();
    next.apply(setting.key, &canonical)?;
    Ok(next)
}

/// What `set` did: the setting's value before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub name: String,
    pub old: String,
    pub new: String,
}

impl Change {
    pub fn changed(&self) -> bool {
        self.old != self.new
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.changed() {
            write!(
                f,
                "{}: {} → {}",
                self.name,
                shown(&self.old),
                shown(&self.new)
            )
        } else {
            write!(
                f,
                "{} is already {}; nothing was changed",
                self.name,
                shown(&self.new)
            )
        }
    }
}

/// Change one setting for everyone using the database: one transaction with its audit row.
/// Going from the 5-point to the 3-point RAG scale is refused while projects hold amber-red or
/// amber-green, which the 3-point scale would show as red and amber.
pub fn set(
    store: &mut Store,
    key: &str,
    value: &str,
    actor: Actor<'_>,
) -> Result<Change, CommandError> {
    let setting = find(key)?;
    let current = store.settings()?;
    let next = with_value(&current, setting, value).map_err(CommandError::Invalid)?;
    let change = Change {
        name: setting.name(),
        old: value_of(&current, setting.key),
        new: value_of(&next, setting.key),
    };
    if !change.changed() {
        return Ok(change);
    }
    if current.rag_scale == RagScale::Five && next.rag_scale == RagScale::Three {
        let held = store.projects_rated_off_three_point_scale()?;
        if held > 0 {
            let (projects, them) = if held == 1 {
                ("project is", "it")
            } else {
                ("projects are", "them")
            };
            return Err(CommandError::Invalid(format!(
                "{held} {projects} rated amber-red or amber-green, which the 3-point scale \
                 does not have; change {them} first (rag-scale stays 5)"
            )));
        }
    }
    store.save_settings_as(&next, actor)?;
    Ok(change)
}

/// Run `workplan settings [get KEY | set KEY VALUE]` on the database at `path` and return what
/// to print. A missing database is refused, never created; `--read-only` refuses `set`.
pub fn run(
    path: &Path,
    action: Option<&Action>,
    read_only: bool,
    actor: Actor<'_>,
) -> Result<String, CommandError> {
    let reading = if read_only {
        OpenMode::ReadOnly
    } else {
        OpenMode::MustExist
    };
    match action {
        None => {
            let store = Store::open(path, reading)?;
            Ok(listing(&store.settings()?))
        }
        Some(Action::Get { key }) => {
            let store = Store::open(path, reading)?;
            let setting = find(key)?;
            Ok(format!("{}\n", value_of(&store.settings()?, setting.key)))
        }
        Some(Action::Set { key, value }) => {
            if read_only {
                return Err(CommandError::Invalid(
                    "--read-only: no setting was changed".to_string(),
                ));
            }
            let mut store = Store::open(path, OpenMode::MustExist)?;
            let change = set(&mut store, key, value, actor)?;
            Ok(format!("{change}\n"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setting(name: &str) -> &'static Setting {
        find(name).unwrap()
    }

    #[test]
    fn every_stored_setting_is_listed_once_in_order() {
        let stored: Vec<&str> = Settings::default()
            .to_pairs()
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        let listed: Vec<&str> = SETTINGS.iter().map(|s| s.key).collect();
        assert_eq!(listed, stored);
        let text = listing(&Settings::default());
        assert_eq!(text.lines().count(), SETTINGS.len());
        let first = text.lines().next().unwrap();
        assert!(first.starts_with("rag-scale "), "{first}");
        assert!(first.contains(" 3 "), "{first}");
    }

    #[test]
    fn names_read_in_either_case_style() {
        assert_eq!(setting("rag-scale").key, "rag_scale");
        assert_eq!(setting("stale_after_days").key, "stale_after_days");
        assert_eq!(setting("SLA-Incident-Hours").key, "sla_incident_hours");
        let err = find("colour").unwrap_err().to_string();
        assert!(
            err.contains("'colour'") && err.contains("rag-scale"),
            "{err}"
        );
    }

    #[test]
    fn values_are_checked_for_meaning() {
        let s = Settings::default();
        let next = with_value(&s, setting("rag-scale"), "5").unwrap();
        assert_eq!(next.rag_scale, RagScale::Five);
        let err = with_value(&s, setting("rag-scale"), "4").unwrap_err();
        assert!(err.contains("rag-scale") && err.contains("3 (red"), "{err}");

        assert!(with_value(&s, setting("stale-after-days"), "0").is_err());
        assert!(with_value(&s, setting("stale-after-days"), "-3").is_err());
        assert!(with_value(&s, setting("stale-after-days"), "soon").is_err());
        assert_eq!(
            with_value(&s, setting("stale-after-days"), " 45 ")
                .unwrap()
                .stale_after_days,
            45
        );

        // Defaults: low 3, medium 6, high 12.
        let err = with_value(&s, setting("risk-medium-max"), "12").unwrap_err();
        assert!(err.contains("from 4 to 11"), "{err}");
        assert!(with_value(&s, setting("risk-low-max"), "6").is_err());
        assert!(with_value(&s, setting("risk-low-max"), "0").is_err());
        assert!(with_value(&s, setting("risk-high-max"), "25").is_err());
        assert_eq!(
            with_value(&s, setting("risk-high-max"), "16")
                .unwrap()
                .risk_high_max,
            16
        );
        assert!(with_value(&s, setting("risk-appetite"), "26").is_err());
        assert!(with_value(&s, setting("risk-appetite"), "0").is_err());

        let next = with_value(&s, setting("sla-incident-hours"), "2, 6,20,60").unwrap();
        assert_eq!(next.sla_incident_hours, [2, 6, 20, 60]);
        assert_eq!(value_of(&next, "sla_incident_hours"), "2,6,20,60");
        assert!(with_value(&s, setting("sla-incident-hours"), "4,8,24").is_err());
        assert!(with_value(&s, setting("sla-incident-hours"), "4,0,24,72").is_err());
        assert!(with_value(&s, setting("sla-request-hours"), "4,8,24,72,96").is_err());

        assert!(with_value(&s, setting("sla-warn-percent"), "101").is_err());
        assert!(with_value(&s, setting("sla-warn-percent"), "0").is_err());
        assert_eq!(
            with_value(&s, setting("sla-warn-percent"), "80")
                .unwrap()
                .sla_warn_percent,
            80
        );
    }

    #[test]
    fn text_settings_take_one_short_line_and_empty_clears_them() {
        let s = Settings::default();
        let next = with_value(
            &s,
            setting("report-committee"),
            "  Audit and\nGovernance\u{200B} Committee ",
        )
        .unwrap();
        assert_eq!(next.report_committee, "Audit and Governance Committee");
        assert_eq!(
            value_of(&next, "report_committee"),
            "Audit and Governance Committee"
        );
        let cleared = with_value(&next, setting("report_committee"), "").unwrap();
        assert_eq!(cleared.report_committee, "");
        assert!(listing(&cleared).contains("(not set)"));
        assert!(with_value(&s, setting("report-title"), &"x".repeat(200)).is_ok());
        let err = with_value(&s, setting("report-title"), &"x".repeat(201)).unwrap_err();
        assert!(err.contains("report-title") && err.contains("200"), "{err}");
        let change = Change {
            name: "report-author".into(),
            old: String::new(),
            new: "Head of ICT".into(),
        };
        assert_eq!(change.to_string(), "report-author: (not set) → Head of ICT");
    }

    #[test]
    fn set_is_audited_and_refuses_to_collapse_the_five_point_scale() {
        let mut store = Store::open_in_memory().unwrap();
        let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 22)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let actor = Actor {
            user: "Ann Example",
            now,
        };
        let change = set(&mut store, "rag-scale", "5", actor).unwrap();
        assert_eq!(change.to_string(), "rag-scale: 3 → 5");
        assert_eq!(store.settings().unwrap().rag_scale, RagScale::Five);
        let again = set(&mut store, "rag_scale", "5", actor).unwrap();
        assert!(!again.changed());
        assert!(again.to_string().contains("already 5"), "{again}");
        let audit = store.audit_log(None, None, 10).unwrap();
        assert_eq!(audit.len(), 1, "{audit:?}");
        assert_eq!(audit[0].entity, "settings");
        assert_eq!(audit[0].field, "rag_scale");
        assert_eq!(audit[0].old_value.as_deref(), Some("3"));
        assert_eq!(audit[0].new_value.as_deref(), Some("5"));
        assert_eq!(audit[0].user, "Ann Example");
        // With no project on amber-red or amber-green, going back is fine.
        set(&mut store, "rag-scale", "3", actor).unwrap();
        assert_eq!(store.settings().unwrap().rag_scale, RagScale::Three);
    }
}
