//! Dates as DOMAIN.md accepts them: ISO 8601, or UK day-first. Month-first is never guessed.

use chrono::{Datelike, Duration, Months, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("'{0}' is not a date (use 2026-11-22 or 22/11/2026)")]
    Unreadable(String),
    #[error(
        "'{0}' is not a date and time (use 2026-11-22T14:05, 2026-11-22 14:05 or 22-11-2026 14:05)"
    )]
    UnreadableDateTime(String),
    #[error(
        "'{0}' is not a date (try 22/11/2026, 2026-11-22, today, +2w, next fri or end of month)"
    )]
    UnreadableForm(String),
    #[error(
        "'{0}' is not a date (this file's dates are month-first: use 11/22/2026 or 2026-11-22)"
    )]
    UnreadableMonthFirst(String),
}

/// The last is how the app shows a date (`22 Nov 2026`, [`display`]), so a shown date can be
/// read back: a form pre-filled with it saves the same date.
const DATE_FORMATS: [&str; 5] = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %b %Y"];

/// Parse a date: `2026-11-22`, `22/11/2026`, `22-11-2026`, `22 Nov 2026`. A time part, if present, is ignored
/// so a timestamp column can feed a date field.
pub fn parse_date(input: &str) -> Result<NaiveDate, DateError> {
    let text = input.trim();
    for format in DATE_FORMATS {
        if let Ok(date) = NaiveDate::parse_from_str(text, format) {
            return plausible(date).ok_or_else(|| DateError::Unreadable(input.to_string()));
        }
    }
    if let Ok(dt) = parse_datetime(text) {
        return Ok(dt.date());
    }
    Err(DateError::Unreadable(input.to_string()))
}

/// Years a work plan can mean. chrono reads `22/11/26` as the year 26 and `2-1-2` as the year
/// 2; those are typing slips to refuse, not dates to store.
const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2999;

fn plausible(date: NaiveDate) -> Option<NaiveDate> {
    PLAUSIBLE_YEARS.contains(&date.year()).then_some(date)
}

/// Parse a timestamp: ISO with `T` or a space, UK day-first with a time, or a bare date (midnight).
pub fn parse_datetime(input: &str) -> Result<NaiveDateTime, DateError> {
    let text = input.trim();
    let unreadable = || DateError::UnreadableDateTime(input.to_string());
    if let Some(at) = parse_iso_seconds(text) {
        return plausible(at.date()).map(|_| at).ok_or_else(unreadable);
    }
    const FORMATS: [&str; 11] = [
        "%d %b %Y %H:%M",
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
            return plausible(dt.date()).map(|_| dt).ok_or_else(unreadable);
        }
    }
    for format in DATE_FORMATS {
        if let Ok(date) = NaiveDate::parse_from_str(text, format) {
            return plausible(date)
                .map(|d| d.and_time(NaiveTime::MIN))
                .ok_or_else(unreadable);
        }
    }
    Err(unreadable())
}

/// A date as typed in a form: everything `parse_date` reads, plus `today`, `tomorrow`,
/// `yesterday`, `+3d`, `-1w`, `+2m`, `next fri`, `end of month` (relative to `today`).
pub fn parse_form_date(input: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    parse_form_date_from(input, today, today)
}

/// `parse_form_date` where an offset (`+2w`, `-3d`) counts from `base` (moving a forecast:
/// `+2w` is two weeks after the forecast, not after today). The words (`today`, `next fri`)
/// still mean what they say.
pub fn parse_form_date_from(
    input: &str,
    today: NaiveDate,
    base: NaiveDate,
) -> Result<NaiveDate, DateError> {
    let text = input.trim().to_ascii_lowercase();
    let unreadable = || DateError::UnreadableForm(input.to_string());
    match text.as_str() {
        "today" | "now" => return Ok(today),
        "tomorrow" => return Ok(today + Duration::days(1)),
        "yesterday" => return Ok(today - Duration::days(1)),
        "end of month" | "eom" | "month end" => {
            let first_next = today
                .with_day(1)
                .and_then(|d| d.checked_add_months(Months::new(1)))
                .ok_or_else(unreadable)?;
            return first_next.pred_opt().ok_or_else(unreadable);
        }
        _ => {}
    }
    if let Some(rest) = text.strip_prefix("next ") {
        let weekday = parse_weekday(rest.trim()).ok_or_else(unreadable)?;
        let mut date = today + Duration::days(1);
        while date.weekday() != weekday {
            date += Duration::days(1);
        }
        return Ok(date);
    }
    if let Some(sign @ ('+' | '-')) = text.chars().next() {
        let body = &text[1..];
        let unit = body.chars().last().ok_or_else(unreadable)?;
        let amount: u32 = body[..body.len() - unit.len_utf8()]
            .trim()
            .parse()
            .map_err(|_| unreadable())?;
        let forward = sign == '+';
        let moved = match unit {
            'd' => shift_days(base, i64::from(amount), forward),
            'w' => shift_days(base, i64::from(amount) * 7, forward),
            'm' if forward => base.checked_add_months(Months::new(amount)),
            'm' => base.checked_sub_months(Months::new(amount)),
            'y' if forward => base.checked_add_months(Months::new(amount.saturating_mul(12))),
            'y' => base.checked_sub_months(Months::new(amount.saturating_mul(12))),
            _ => None,
        };
        return moved.ok_or_else(unreadable);
    }
    parse_date(input).map_err(|_| unreadable())
}

fn shift_days(today: NaiveDate, days: i64, forward: bool) -> Option<NaiveDate> {
    let delta = Duration::try_days(days)?;
    if forward {
        today.checked_add_signed(delta)
    } else {
        today.checked_sub_signed(delta)
    }
}

fn parse_weekday(text: &str) -> Option<Weekday> {
    let names = [
        ("mon", Weekday::Mon),
        ("tue", Weekday::Tue),
        ("wed", Weekday::Wed),
        ("thu", Weekday::Thu),
        ("fri", Weekday::Fri),
        ("sat", Weekday::Sat),
        ("sun", Weekday::Sun),
    ];
    names
        .iter()
        .find(|(short, _)| text.starts_with(short))
        .map(|(_, day)| *day)
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

/// A moment as the UI shows it: `22 Nov 2026 09:05`.
pub fn display_time(at: NaiveDateTime) -> String {
    at.format("%d %b %Y %H:%M").to_string()
}

/// Compact form for narrow table cells: `22/11/26`.
pub fn display_short(date: NaiveDate) -> String {
    date.format("%d/%m/%y").to_string()
}

pub fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// `2026-11-22T09:05:07`, the form the store writes. Formatted directly: chrono's format
/// interpreter was a tenth of a million-row import.
pub fn iso_datetime(dt: NaiveDateTime) -> String {
    use chrono::Timelike;
    if !(0..=9999).contains(&dt.year()) {
        // chrono writes a sign for these; keep its form.
        return dt.format("%Y-%m-%dT%H:%M:%S").to_string();
    }
    // Digits pushed directly: `write!` was a few per cent of a million-case import.
    let mut out = String::with_capacity(19);
    let year = dt.year() as u32;
    push2(&mut out, year / 100);
    push2(&mut out, year % 100);
    for (separator, n) in [
        ('-', dt.month()),
        ('-', dt.day()),
        ('T', dt.hour()),
        (':', dt.minute()),
        (':', dt.second()),
    ] {
        out.push(separator);
        push2(&mut out, n);
    }
    out
}

/// Two digits of `n` (0 to 99).
fn push2(out: &mut String, n: u32) {
    out.push(char::from(b'0' + (n / 10 % 10) as u8));
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// Exactly `YYYY-MM-DD`, read without chrono's format interpreter (the portfolio reads
/// several per project).
pub fn parse_iso_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = i32::try_from(digits(&b[0..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(&b[5..7])?, digits(&b[8..10])?)
}

/// The number ASCII digits spell; None if any byte is not a digit.
fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |n, c| {
        c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
    })
}

/// Exactly `YYYY-MM-DDTHH:MM:SS` (what the store writes and exports), read without chrono's
/// format interpreter: a million cases' times are read several times faster. Anything else,
/// or an impossible date, is None and goes to the general readers.
pub fn parse_iso_seconds(text: &str) -> Option<NaiveDateTime> {
    let b = text.as_bytes();
    let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if b.len() != 19 || separators.iter().any(|(i, c)| b[*i] != *c) {
        return None;
    }
    parse_iso_date(&text[..10])?.and_hms_opt(
        digits(&b[11..13])?,
        digits(&b[14..16])?,
        digits(&b[17..19])?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_iso_reader_agrees_with_chrono_and_refuses_the_rest() {
        for good in [
            "2026-11-22T09:05:07",
            "2024-02-29T23:59:59",
            "0001-01-01T00:00:00",
        ] {
            assert_eq!(parse_iso_seconds(good), good.parse().ok(), "{good}");
        }
        for bad in [
            "2025-02-29T10:00:00",
            "2026-13-01T10:00:00",
            "2026-11-22T24:00:00",
            "2026-11-22 09:05:07",
            "2026-11-22T09:05",
            "2026-11-22T09:05:0x",
            "+026-11-22T09:05:07",
            "2026-11-22T09:05:07Z",
        ] {
            assert_eq!(parse_iso_seconds(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_fast_iso_date_reader_agrees_with_chrono() {
        for good in ["2026-11-22", "2024-02-29", "0001-01-01"] {
            assert_eq!(parse_iso_date(good), good.parse().ok(), "{good}");
        }
        for bad in [
            "2025-02-29",
            "2026-13-01",
            "2026-11-2",
            "2026/11/22",
            "+026-11-22",
            "2026-11-22T",
        ] {
            assert_eq!(parse_iso_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn two_digit_and_ancient_years_are_slips_not_dates() {
        for slip in [
            "22/11/26",
            "2-1-2",
            "1-1-00",
            "0026-11-22",
            "1899-12-31",
            "3000-01-01",
        ] {
            assert!(parse_date(slip).is_err(), "{slip}");
            assert!(parse_datetime(&format!("{slip} 10:00")).is_err(), "{slip}");
        }
        assert!(
            parse_datetime("0026-11-22T10:00:00").is_err(),
            "the fast ISO path too"
        );
        assert_eq!(
            parse_date("22/11/2026"),
            Ok(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap())
        );
        assert!(parse_date("1900-01-01").is_ok() && parse_date("2999-12-31").is_ok());
    }

    #[test]
    fn iso_datetime_writes_what_chrono_wrote() {
        for text in [
            "2026-11-22T09:05:07",
            "0001-01-01T00:00:00",
            "9999-12-31T23:59:59",
        ] {
            let at: NaiveDateTime = text.parse().unwrap();
            assert_eq!(iso_datetime(at), at.format("%Y-%m-%dT%H:%M:%S").to_string());
        }
        let far = NaiveDate::from_ymd_opt(10000, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        assert_eq!(iso_datetime(far), "+10000-01-01T00:00:00");
    }

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
    fn form_dates_relative_to_an_injected_today() {
        let today = d(2026, 11, 22); // a Sunday
        let read = |t: &str| parse_form_date(t, today);
        assert_eq!(read("today"), Ok(today));
        assert_eq!(read(" Tomorrow "), Ok(d(2026, 11, 23)));
        assert_eq!(read("yesterday"), Ok(d(2026, 11, 21)));
        assert_eq!(read("+3d"), Ok(d(2026, 11, 25)));
        assert_eq!(read("+2w"), Ok(d(2026, 12, 6)));
        // Moving a forecast: offsets count from it, words from today.
        let forecast = d(2027, 1, 6);
        let from = |text: &str| parse_form_date_from(text, d(2026, 11, 22), forecast);
        assert_eq!(from("+2w"), Ok(d(2027, 1, 20)));
        assert_eq!(from("-1w"), Ok(d(2026, 12, 30)));
        assert_eq!(from("+1m"), Ok(d(2027, 2, 6)));
        assert_eq!(from("today"), Ok(d(2026, 11, 22)));
        assert_eq!(from("next fri"), Ok(d(2026, 11, 27)));
        assert_eq!(read("-1m"), Ok(d(2026, 10, 22)));
        assert_eq!(read("+1y"), Ok(d(2027, 11, 22)));
        assert_eq!(read("next fri"), Ok(d(2026, 11, 27)));
        assert_eq!(read("next sunday"), Ok(d(2026, 11, 29)), "next, not today");
        assert_eq!(read("end of month"), Ok(d(2026, 11, 30)));
        assert_eq!(parse_form_date("eom", d(2027, 2, 3)), Ok(d(2027, 2, 28)));
        assert_eq!(parse_form_date("+1m", d(2026, 1, 31)), Ok(d(2026, 2, 28)));
        assert_eq!(read("22/11/2026"), Ok(today));
        assert_eq!(read("2026-12-01"), Ok(d(2026, 12, 1)));
    }

    #[test]
    fn bad_form_dates_say_what_is_accepted() {
        let today = d(2026, 11, 22);
        for bad in [
            "soon",
            "+d",
            "+3x",
            "next blursday",
            "31/02/2026",
            "",
            "+99999999999d",
            "+4294967295y",
        ] {
            let err = parse_form_date(bad, today).unwrap_err().to_string();
            assert!(err.contains("next fri"), "{bad}: {err}");
        }
    }

    /// A date as the app shows it reads back: a form pre-filled with `06 Jan 2027` saves it.
    #[test]
    fn shown_dates_read_back() {
        let today = d(2026, 11, 22);
        assert_eq!(parse_date("06 Jan 2027"), Ok(d(2027, 1, 6)));
        assert_eq!(parse_date(&display(d(2027, 1, 6))), Ok(d(2027, 1, 6)));
        assert_eq!(parse_form_date("06 Jan 2027", today), Ok(d(2027, 1, 6)));
        assert_eq!(parse_form_date("6 jan 2027", today), Ok(d(2027, 1, 6)));
        assert_eq!(
            parse_form_date_from(" 06 Jan 2027 ", today, d(2027, 3, 1)),
            Ok(d(2027, 1, 6)),
            "a whole date is not an offset"
        );
        assert_eq!(
            parse_datetime("06 Jan 2027 09:05"),
            Ok(d(2027, 1, 6).and_hms_opt(9, 5, 0).unwrap())
        );
        assert!(parse_date("06 Jab 2027").is_err());
        assert!(parse_date("31 Feb 2027").is_err());
        assert!(
            parse_date("06 Jan 27").is_err(),
            "a two-digit year is a slip"
        );
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
            prop_assert_eq!(parse_date(&display(date)), Ok(date));
        }
    }
}
