//! Dates as DOMAIN.md accepts them: ISO 8601, or UK day-first. Month-first is never guessed.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("'{0}' is not a date (use 2026-11-22 or 22/11/2026)")]
    Unreadable(String),
    #[error(
        "'{0}' is not a date and time (use 2026-11-22T14:05, 2026-11-22 14:05 or 22-11-2026 14:05)"
    )]
    UnreadableDateTime(String),
}

const DATE_FORMATS: [&str; 4] = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"];

/// Parse a date: `2026-11-22`, `22/11/2026`, `22-11-2026`. A time part, if present, is ignored
/// so a timestamp column can feed a date field.
pub fn parse_date(input: &str) -> Result<NaiveDate, DateError> {
    let text = input.trim();
    for format in DATE_FORMATS {
        if let Ok(date) = NaiveDate::parse_from_str(text, format) {
            return Ok(date);
        }
    }
    if let Ok(dt) = parse_datetime(text) {
        return Ok(dt.date());
    }
    Err(DateError::Unreadable(input.to_string()))
}

/// Parse a timestamp: ISO with `T` or a space, UK day-first with a time, or a bare date (midnight).
pub fn parse_datetime(input: &str) -> Result<NaiveDateTime, DateError> {
    let text = input.trim();
    const FORMATS: [&str; 10] = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%d-%m-%Y %H:%M:%S",
        "%d-%m-%Y %H:%M",
        "%d/%m/%Y %H:%M:%S",
        "%d/%m/%Y %H:%M",
        "%d.%m.%Y %H:%M",
    ];
    for format in FORMATS {
        if let Ok(dt) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(dt);
        }
    }
    for format in DATE_FORMATS {
        if let Ok(date) = NaiveDate::parse_from_str(text, format) {
            return Ok(date.and_time(NaiveTime::MIN));
        }
    }
    Err(DateError::UnreadableDateTime(input.to_string()))
}

/// An optional date: empty text is `None`, anything else must parse.
pub fn parse_optional_date(input: &str) -> Result<Option<NaiveDate>, DateError> {
    if input.trim().is_empty() {
        Ok(None)
    } else {
        parse_date(input).map(Some)
    }
}

pub fn parse_optional_datetime(input: &str) -> Result<Option<NaiveDateTime>, DateError> {
    if input.trim().is_empty() {
        Ok(None)
    } else {
        parse_datetime(input).map(Some)
    }
}

/// How the UI shows a date: `22 Nov 2026`, as the reports write them.
pub fn display(date: NaiveDate) -> String {
    date.format("%d %b %Y").to_string()
}

/// Compact form for narrow table cells: `22/11/26`.
pub fn display_short(date: NaiveDate) -> String {
    date.format("%d/%m/%y").to_string()
}

pub fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

pub fn iso_datetime(dt: NaiveDateTime) -> String {
    dt.format("%Y-%m-%dT%H:%M:%S").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn iso_and_uk_day_first() {
        assert_eq!(parse_date("2026-11-22"), Ok(d(2026, 11, 22)));
        assert_eq!(parse_date("22/11/2026"), Ok(d(2026, 11, 22)));
        assert_eq!(parse_date("22-11-2026"), Ok(d(2026, 11, 22)));
        assert_eq!(
            parse_date(" 01/02/2026 "),
            Ok(d(2026, 2, 1)),
            "day first, never month first"
        );
        assert_eq!(parse_date("2026-11-22T14:05:00"), Ok(d(2026, 11, 22)));
    }

    #[test]
    fn rejects_impossible_and_month_first_dates() {
        assert!(
            parse_date("11/22/2026").is_err(),
            "month-first is not guessed"
        );
        assert!(parse_date("31/02/2026").is_err());
        assert!(parse_date("2026-13-01").is_err());
        assert!(parse_date("next week").is_err());
        assert!(parse_date("").is_err());
        let message = parse_date("32/01/2026").unwrap_err().to_string();
        assert!(message.contains("'32/01/2026'"), "{message}");
    }

    #[test]
    fn datetimes_in_every_accepted_form() {
        let want = d(2026, 11, 22).and_hms_opt(14, 5, 0).unwrap();
        for text in [
            "2026-11-22T14:05:00",
            "2026-11-22T14:05",
            "2026-11-22 14:05",
            "22-11-2026 14:05",
            "22/11/2026 14:05",
        ] {
            assert_eq!(parse_datetime(text), Ok(want), "{text}");
        }
        assert_eq!(
            parse_datetime("2026-11-22"),
            Ok(d(2026, 11, 22).and_time(NaiveTime::MIN))
        );
        assert!(parse_datetime("22-11-2026 25:00").is_err());
    }

    #[test]
    fn optional_dates_treat_blank_as_none() {
        assert_eq!(parse_optional_date("  "), Ok(None));
        assert_eq!(parse_optional_date("2026-01-31"), Ok(Some(d(2026, 1, 31))));
        assert!(parse_optional_date("soon").is_err());
    }

    #[test]
    fn display_forms() {
        assert_eq!(display(d(2026, 11, 2)), "02 Nov 2026");
        assert_eq!(display_short(d(2026, 11, 2)), "02/11/26");
        assert_eq!(iso(d(2026, 11, 2)), "2026-11-02");
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_text_is_a_date_or_an_error_never_a_panic(text in "\\PC{0,24}") {
            let _ = parse_date(&text);
            let _ = parse_datetime(&text);
        }

        #[test]
        fn every_real_date_reads_back_in_each_form(days in 0i64..80_000) {
            let date = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Duration::days(days);
            prop_assert_eq!(parse_date(&iso(date)), Ok(date));
            prop_assert_eq!(parse_date(&date.format("%d/%m/%Y").to_string()), Ok(date));
            prop_assert_eq!(parse_date(&date.format("%d-%m-%Y").to_string()), Ok(date));
        }
    }
}
