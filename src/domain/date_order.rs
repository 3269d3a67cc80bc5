//! Dates as files write them. One tool wrote a file, so its date order is one fact about the
//! whole file: day-first (the UK rule) unless a value proves month-first (`8/25/2025`). A
//! value proves an order only when one of its first two numbers is over 12; `3/4/2026`
//! proves nothing and is read in the file's order. Timestamps with an offset (`Z`,
//! `+01:00`) are converted to the UK clock the store keeps, never cut.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};

use super::dates::{DateError, parse_date, parse_datetime};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    #[default]
    DayFirst,
    MonthFirst,
}

impl DateOrder {
    pub fn label(self) -> &'static str {
        match self {
            DateOrder::DayFirst => "day-first",
            DateOrder::MonthFirst => "month-first",
        }
    }
}

/// The order a numeric date such as `25/08/2025` or `8-25-2025 14:05` proves, if any.
pub fn proves(text: &str) -> Option<DateOrder> {
    let mut parts = text.trim().splitn(3, ['/', '-', '.']);
    let first = parts.next()?;
    let second = parts.next()?;
    let rest = parts.next()?;
    let small = |p: &str| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    let year_digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if !small(first) || !small(second) || year_digits != 4 {
        return None;
    }
    let (a, b): (u32, u32) = (first.parse().ok()?, second.parse().ok()?);
    match (a > 12, b > 12) {
        (true, false) => Some(DateOrder::DayFirst),
        (false, true) => Some(DateOrder::MonthFirst),
        _ => None,
    }
}

const MONTH_FIRST_DATES: [&str; 3] = ["%m/%d/%Y", "%m-%d-%Y", "%m.%d.%Y"];

const MONTH_FIRST_TIMES: [&str; 8] = [
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m-%d-%Y %H:%M:%S",
    "%m-%d-%Y %H:%M",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m-%d-%Y %I:%M %p",
    "%m.%d.%Y %H:%M",
];

const DAY_FIRST_12_HOUR: [&str; 3] = [
    "%d/%m/%Y %I:%M:%S %p",
    "%d/%m/%Y %I:%M %p",
    "%d-%m-%Y %I:%M %p",
];

fn plausible(date: NaiveDate) -> bool {
    use chrono::Datelike;
    (1900..=2999).contains(&date.year())
}

/// A date in a file of the given order. A time part is ignored, so a timestamp column can
/// feed a date field.
pub fn parse_date_in(text: &str, order: DateOrder) -> Result<NaiveDate, DateError> {
    match order {
        DateOrder::DayFirst => parse_date(text).or_else(|e| {
            parse_datetime_in(text, order)
                .map(|t| t.date())
                .map_err(|_| e)
        }),
        DateOrder::MonthFirst => {
            let trimmed = text.trim();
            if proves(trimmed).is_none() && trimmed.len() >= 10 && trimmed.as_bytes()[4] == b'-' {
                return parse_date(text);
            }
            for format in MONTH_FIRST_DATES {
                if let Ok(date) = NaiveDate::parse_from_str(trimmed, format) {
                    return plausible(date)
                        .then_some(date)
                        .ok_or_else(|| DateError::UnreadableMonthFirst(text.to_string()));
                }
            }
            parse_datetime_in(text, order)
                .map(|t| t.date())
                .map_err(|_| DateError::UnreadableMonthFirst(text.to_string()))
        }
    }
}

/// A timestamp in a file of the given order; offsets are converted to UK time.
pub fn parse_datetime_in(text: &str, order: DateOrder) -> Result<NaiveDateTime, DateError> {
    let trimmed = text.trim();
    if let Some(local) = with_offset(trimmed) {
        return Ok(local);
    }
    let unreadable = || DateError::UnreadableDateTime(text.to_string());
    match order {
        DateOrder::DayFirst => {
            if let Ok(t) = parse_datetime(trimmed) {
                return Ok(t);
            }
            for format in DAY_FIRST_12_HOUR {
                if let Ok(t) = NaiveDateTime::parse_from_str(trimmed, format) {
                    return plausible(t.date()).then_some(t).ok_or_else(unreadable);
                }
            }
            Err(unreadable())
        }
        DateOrder::MonthFirst => {
            if trimmed.len() >= 10 && trimmed.as_bytes()[4] == b'-' {
                return parse_datetime(trimmed);
            }
            for format in MONTH_FIRST_TIMES {
                if let Ok(t) = NaiveDateTime::parse_from_str(trimmed, format) {
                    return plausible(t.date()).then_some(t).ok_or_else(unreadable);
                }
            }
            for format in MONTH_FIRST_DATES {
                if let Ok(d) = NaiveDate::parse_from_str(trimmed, format) {
                    return plausible(d)
                        .then(|| d.and_time(NaiveTime::MIN))
                        .ok_or_else(unreadable);
                }
            }
            Err(DateError::UnreadableMonthFirst(text.to_string()))
        }
    }
}

/// An ISO timestamp with `Z` or an offset, as UK local time (GMT or BST on that day).
pub fn with_offset(text: &str) -> Option<NaiveDateTime> {
    let has_offset = text.ends_with('Z')
        || text.ends_with('z')
        || text.rfind(['+', '-']).is_some_and(|i| {
            i > 10 && text[i + 1..].bytes().filter(u8::is_ascii_digit).count() >= 2
        });
    if !has_offset {
        return None;
    }
    let parsed: DateTime<FixedOffset> = DateTime::parse_from_rfc3339(text)
        .or_else(|_| DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%:z"))
        .or_else(|_| DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%z"))
        .or_else(|_| DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%z"))
        .or_else(|_| DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M%:z"))
        .ok()?;
    let local = parsed
        .with_timezone(&chrono_tz::Europe::London)
        .naive_local();
    plausible(local.date()).then_some(local)
}

/// A date in a format the user named (`--date-format`): that format, or ISO, nothing else,
/// so a named month-first format never falls back to reading a value day-first.
pub fn parse_date_as(text: &str, format: &str) -> Result<NaiveDate, String> {
    let trimmed = text.trim();
    NaiveDate::parse_from_str(trimmed, format)
        .or_else(|_| NaiveDateTime::parse_from_str(trimmed, format).map(|t| t.date()))
        .ok()
        .filter(|d| plausible(*d))
        .or_else(|| super::dates::parse_iso_date(trimmed))
        .or_else(|| parse_datetime_iso(trimmed).map(|t| t.date()))
        .ok_or_else(|| format!("'{text}' does not match --date-format {format}"))
}

/// A timestamp in a format the user named, or ISO (with or without an offset).
pub fn parse_datetime_as(text: &str, format: &str) -> Result<NaiveDateTime, String> {
    let trimmed = text.trim();
    NaiveDateTime::parse_from_str(trimmed, format)
        .or_else(|_| NaiveDate::parse_from_str(trimmed, format).map(|d| d.and_time(NaiveTime::MIN)))
        .ok()
        .filter(|t| plausible(t.date()))
        .or_else(|| with_offset(trimmed))
        .or_else(|| parse_datetime_iso(trimmed))
        .ok_or_else(|| format!("'{text}' does not match --date-format {format}"))
}

fn parse_datetime_iso(text: &str) -> Option<NaiveDateTime> {
    if text.len() >= 10 && text.as_bytes().get(4) == Some(&b'-') {
        parse_datetime(text).ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn only_a_number_over_twelve_proves_an_order() {
        assert_eq!(proves("8/25/2025"), Some(DateOrder::MonthFirst));
        assert_eq!(proves("25/08/2025"), Some(DateOrder::DayFirst));
        assert_eq!(proves("25-08-2025 14:05"), Some(DateOrder::DayFirst));
        assert_eq!(proves("12/25/2026 9:00 AM"), Some(DateOrder::MonthFirst));
        assert_eq!(proves("3/4/2026"), None);
        assert_eq!(proves("13/13/2026"), None);
        assert_eq!(proves("2026-11-22"), None);
        assert_eq!(proves("TBD"), None);
        assert_eq!(proves("05/Nov/26 7:41 AM"), None);
    }

    #[test]
    fn each_order_reads_its_own_dates() {
        assert_eq!(
            parse_date_in("3/4/2026", DateOrder::DayFirst),
            Ok(d(2026, 4, 3))
        );
        assert_eq!(
            parse_date_in("3/4/2026", DateOrder::MonthFirst),
            Ok(d(2026, 3, 4))
        );
        assert_eq!(
            parse_date_in("12/25/2026", DateOrder::MonthFirst),
            Ok(d(2026, 12, 25))
        );
        assert!(parse_date_in("12/25/2026", DateOrder::DayFirst).is_err());
        assert_eq!(
            parse_date_in("TBD", DateOrder::MonthFirst)
                .unwrap_err()
                .to_string(),
            "'TBD' is not a date (this file's dates are month-first: use 11/22/2026 or 2026-11-22)"
        );
        assert!(parse_date_in("25/12/2026", DateOrder::MonthFirst).is_err());
        assert_eq!(
            parse_date_in("2026-12-25", DateOrder::MonthFirst),
            Ok(d(2026, 12, 25))
        );
        let t = parse_datetime_in("11/20/2026 2:15 PM", DateOrder::MonthFirst).unwrap();
        assert_eq!(t.to_string(), "2026-11-20 14:15:00");
        let t = parse_datetime_in("20/11/2026 2:15 PM", DateOrder::DayFirst).unwrap();
        assert_eq!(t.to_string(), "2026-11-20 14:15:00");
    }

    #[test]
    fn offsets_become_uk_time_in_summer_and_winter() {
        // 09:00 UTC in July is 10:00 BST; in January it is 09:00 GMT.
        let summer = parse_datetime_in("2026-07-01T09:00:00Z", DateOrder::DayFirst).unwrap();
        assert_eq!(summer.to_string(), "2026-07-01 10:00:00");
        let winter = parse_datetime_in("2026-01-15T09:00:00Z", DateOrder::DayFirst).unwrap();
        assert_eq!(winter.to_string(), "2026-01-15 09:00:00");
        let paris = parse_datetime_in("2026-07-01T11:30:00+02:00", DateOrder::DayFirst).unwrap();
        assert_eq!(paris.to_string(), "2026-07-01 10:30:00");
        let new_york = parse_datetime_in("2026-01-15 04:00:00-05:00", DateOrder::DayFirst).unwrap();
        assert_eq!(new_york.to_string(), "2026-01-15 09:00:00");
        // A plain date with dashes is not an offset.
        assert_eq!(with_offset("22-11-2026"), None);
    }

    #[test]
    fn a_named_format_never_falls_back_to_day_first() {
        assert_eq!(parse_date_as("11/20/2026", "%m/%d/%Y"), Ok(d(2026, 11, 20)));
        assert_eq!(parse_date_as("2026-11-20", "%m/%d/%Y"), Ok(d(2026, 11, 20)));
        assert!(parse_date_as("20/11/2026", "%m/%d/%Y").is_err());
        let t = parse_datetime_as("05/Nov/26 7:41 AM", "%d/%b/%y %I:%M %p").unwrap();
        assert_eq!(t.to_string(), "2026-11-05 07:41:00");
    }
}
