//! Money in pounds, stored in whole pence. Input accepts `£1,302,000`, `1302000`, `1.3m`, `450k`.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("'{0}' is not an amount of money (use 1302000, £1,302,000, 1.3m or 450k)")]
    Unreadable(String),
    #[error("'{0}' is negative; amounts of money must be zero or more")]
    Negative(String),
    #[error(
        "'{0}' is over £1 trillion: no council ICT budget is that large (is it in pence, or a formula's result?)"
    )]
    TooLarge(String),
}

/// The largest amount workplan accepts: £1 trillion, in pence. Far above any council's
/// budget, and low enough that a million of them still add up without overflowing.
pub const MAX_PENCE: i64 = 100_000_000_000_000;

/// Parse an amount in pounds into pence.
pub fn parse_pence(input: &str) -> Result<i64, MoneyError> {
    let unreadable = || MoneyError::Unreadable(input.to_string());
    if !grouped_by_three(input) {
        return Err(unreadable());
    }
    let mut text: String = input
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '£' && !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    if text.starts_with('-') {
        return Err(MoneyError::Negative(input.to_string()));
    }
    let multiplier: i64 = if text.ends_with('m') {
        text.pop();
        1_000_000
    } else if text.ends_with('k') {
        text.pop();
        1_000
    } else {
        1
    };
    if text.is_empty() || text.starts_with('+') {
        return Err(unreadable());
    }
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, f),
        None => (text.as_str(), ""),
    };
    if whole.is_empty() && fraction.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !fraction.chars().all(|c| c.is_ascii_digit())
        || fraction.len() > 8
    {
        return Err(unreadable());
    }
    let too_large = || MoneyError::TooLarge(input.to_string());
    let whole_value: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| too_large())?
    };
    // Work in units of 1e-8 pounds for the fraction so "1.3m" and "12.50" are exact.
    let frac_scaled: i64 = if fraction.is_empty() {
        0
    } else {
        let padded = format!("{fraction:0<8}");
        padded.parse().map_err(|_| unreadable())?
    };
    let pence_per_pound = 100i64;
    let whole_pence = whole_value
        .checked_mul(multiplier)
        .and_then(|v| v.checked_mul(pence_per_pound))
        .ok_or_else(too_large)?;
    let frac_pence_x = (frac_scaled as i128) * (multiplier as i128) * 100;
    let frac_pence = (frac_pence_x + 50_000_000) / 100_000_000; // round half up to the penny
    let frac_pence = i64::try_from(frac_pence).map_err(|_| too_large())?;
    whole_pence
        .checked_add(frac_pence)
        .filter(|p| *p <= MAX_PENCE)
        .ok_or_else(too_large)
}

/// The total of many amounts, in a type that cannot overflow however many there are.
pub fn total_pence(amounts: impl IntoIterator<Item = i64>) -> i128 {
    amounts.into_iter().map(i128::from).sum()
}

/// Thousands separators, where there are any, group the whole pounds by three: `12,34,5`
/// is a typing slip, not £12,345.
fn grouped_by_three(input: &str) -> bool {
    let text = input.trim().trim_start_matches('£').trim();
    let whole = text.split('.').next().unwrap_or("");
    if !whole.contains(',') {
        return true;
    }
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or("");
    let digits = |g: &str| g.chars().filter(char::is_ascii_digit).count();
    (1..=3).contains(&digits(first)) && groups.all(|g| g.len() == 3 && digits(g) == 3)
}

/// The unit a file's amounts are in where they carry no `k` or `m` of their own
/// (`--money-unit millions` for a spreadsheet published in £m).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MoneyUnit {
    #[default]
    Pounds,
    Thousands,
    Millions,
}

impl std::str::FromStr for MoneyUnit {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "pounds" | "units" | "1" => Ok(MoneyUnit::Pounds),
            "thousands" | "k" | "£k" => Ok(MoneyUnit::Thousands),
            "millions" | "m" | "£m" => Ok(MoneyUnit::Millions),
            _ => Err(format!(
                "'{s}' is not a money unit (use pounds, thousands or millions)"
            )),
        }
    }
}

/// Parse an amount in `unit` into pence; a `k` or `m` written in the value wins.
pub fn parse_pence_in(input: &str, unit: MoneyUnit) -> Result<i64, MoneyError> {
    let text = input.trim();
    let own_suffix = text.ends_with(['k', 'K', 'm', 'M']);
    let suffix = match unit {
        _ if own_suffix => "",
        MoneyUnit::Pounds => "",
        MoneyUnit::Thousands => "k",
        MoneyUnit::Millions => "m",
    };
    if suffix.is_empty() {
        return parse_pence(input);
    }
    parse_pence(&format!("{text}{suffix}")).map_err(|e| match e {
        MoneyError::Unreadable(_) => MoneyError::Unreadable(input.to_string()),
        MoneyError::Negative(_) => MoneyError::Negative(input.to_string()),
        MoneyError::TooLarge(_) => MoneyError::TooLarge(input.to_string()),
    })
}

pub fn parse_optional_pence(input: &str) -> Result<Option<i64>, MoneyError> {
    if input.trim().is_empty() {
        Ok(None)
    } else {
        parse_pence(input).map(Some)
    }
}

/// `£1,302,000` (pence shown only when there are any).
pub fn format_pounds(pence: i64) -> String {
    format_pounds_total(i128::from(pence))
}

/// `format_pounds` for a total (`total_pence`).
pub fn format_pounds_total(pence: i128) -> String {
    let negative = pence < 0;
    let abs = pence.unsigned_abs();
    let pounds = abs / 100;
    let rest = abs % 100;
    let digits = pounds.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if negative { "-" } else { "" };
    if rest == 0 {
        format!("{sign}£{grouped}")
    } else {
        format!("{sign}£{grouped}.{rest:02}")
    }
}

/// Compact form for table cells: `£1.3m`, `£450k`, `£950`.
pub fn format_compact(pence: i64) -> String {
    let pounds = pence as f64 / 100.0;
    if pounds.abs() >= 1_000_000.0 {
        format!("£{:.1}m", pounds / 1_000_000.0)
    } else if pounds.abs() >= 1_000.0 {
        format!("£{:.0}k", pounds / 1_000.0)
    } else {
        format!("£{pounds:.0}")
    }
}

/// Plain pounds for CSV export: `1302000` or `12.50`.
pub fn format_plain(pence: i64) -> String {
    if pence % 100 == 0 {
        (pence / 100).to_string()
    } else {
        format!("{}.{:02}", pence / 100, (pence % 100).abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_over_a_trillion_pounds_are_refused() {
        assert_eq!(parse_pence("1000000000000"), Ok(MAX_PENCE));
        assert_eq!(parse_pence("1000000m"), Ok(MAX_PENCE));
        for over in [
            "1000000000000.01",
            "1000001m",
            "92233720368547758",
            "99999999999999999999999",
        ] {
            let refused = parse_pence(over);
            assert_eq!(refused, Err(MoneyError::TooLarge(over.into())), "{over}");
        }
        let message = parse_pence("2000000000000").unwrap_err().to_string();
        assert!(message.contains("over £1 trillion"), "{message}");
        assert_eq!(
            parse_pence_in("1000001", MoneyUnit::Millions),
            Err(MoneyError::TooLarge("1000001".into()))
        );
    }

    #[test]
    fn totals_never_wrap() {
        let huge = [i64::MAX, i64::MAX, 1];
        let total = total_pence(huge);
        assert_eq!(total, 2 * i128::from(i64::MAX) + 1);
        assert!(format_pounds_total(total).starts_with("£184,467,440,737,095,516"));
        assert_eq!(
            format_pounds_total(total_pence([MAX_PENCE, MAX_PENCE])),
            "£2,000,000,000,000"
        );
    }

    #[test]
    fn units_scale_bare_amounts_only() {
        assert_eq!(parse_pence_in("1.2", MoneyUnit::Millions), Ok(120_000_000));
        assert_eq!(parse_pence_in("£0.45", MoneyUnit::Millions), Ok(45_000_000));
        assert_eq!(parse_pence_in("450", MoneyUnit::Thousands), Ok(45_000_000));
        assert_eq!(parse_pence_in("450k", MoneyUnit::Millions), Ok(45_000_000));
        assert_eq!(parse_pence_in("12.5", MoneyUnit::Pounds), Ok(1_250));
        assert_eq!(
            parse_pence_in("Data not provided", MoneyUnit::Millions),
            Err(MoneyError::Unreadable("Data not provided".into()))
        );
        assert_eq!("£m".parse::<MoneyUnit>(), Ok(MoneyUnit::Millions));
        assert!("billions".parse::<MoneyUnit>().is_err());
    }

    #[test]
    fn thousands_separators_group_by_three() {
        assert_eq!(parse_pence("£1,302,000"), Ok(130_200_000));
        assert_eq!(parse_pence("12,345.50"), Ok(1_234_550));
        assert!(parse_pence("12,34,5").is_err());
        assert!(parse_pence("1,2345").is_err());
        assert!(parse_pence("1234,567").is_err());
    }

    #[test]
    fn accepts_documented_forms() {
        assert_eq!(parse_pence("£1,302,000"), Ok(130_200_000));
        assert_eq!(parse_pence("1302000"), Ok(130_200_000));
        assert_eq!(parse_pence("1.3m"), Ok(130_000_000));
        assert_eq!(parse_pence("450k"), Ok(45_000_000));
        assert_eq!(parse_pence("450K"), Ok(45_000_000));
        assert_eq!(parse_pence("12.50"), Ok(1_250));
        assert_eq!(parse_pence("0.005"), Ok(1), "rounds half up to the penny");
        assert_eq!(parse_pence(".5"), Ok(50));
        assert_eq!(parse_pence("0"), Ok(0));
    }

    #[test]
    fn rejects_bad_and_negative_amounts() {
        for bad in ["", "abc", "1.2.3", "£", "m", "12x", "+5", "1e6", "½"] {
            assert!(
                matches!(parse_pence(bad), Err(MoneyError::Unreadable(_))),
                "{bad:?}"
            );
        }
        assert!(matches!(parse_pence("-5"), Err(MoneyError::Negative(_))));
        assert!(matches!(
            parse_pence("99999999999999999999"),
            Err(MoneyError::TooLarge(_))
        ));
        assert!(matches!(
            parse_pence("92233720368547758m"),
            Err(MoneyError::TooLarge(_))
        ));
    }

    #[test]
    fn formats() {
        assert_eq!(format_pounds(130_200_000), "£1,302,000");
        assert_eq!(format_pounds(1_250), "£12.50");
        assert_eq!(format_pounds(0), "£0");
        assert_eq!(format_pounds(100_000), "£1,000");
        assert_eq!(format_compact(130_200_000), "£1.3m");
        assert_eq!(format_compact(45_000_000), "£450k");
        assert_eq!(format_plain(130_200_000), "1302000");
        assert_eq!(format_plain(1_250), "12.50");
    }

    #[test]
    fn format_then_parse_round_trips() {
        for pence in [0, 1, 99, 100, 1_250, 130_200_000, 12_345_678_901] {
            assert_eq!(parse_pence(&format_pounds(pence)), Ok(pence));
            assert_eq!(parse_pence(&format_plain(pence)), Ok(pence));
        }
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_text_is_money_or_an_error_never_a_panic(text in "\\PC{0,24}") {
            let _ = parse_pence(&text);
        }

        #[test]
        fn formatted_amounts_read_back(pence in 0i64..10_000_000_000_000) {
            prop_assert_eq!(parse_pence(&format_pounds(pence)), Ok(pence));
            prop_assert_eq!(parse_pence(&format_plain(pence)), Ok(pence));
        }
    }
}
