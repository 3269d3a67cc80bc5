//! Reading typed values out of rows. Text columns holding domain words (RAG, stage) are
//! parsed, and a value the app cannot read is an error, never a silent default.

use std::str::FromStr;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Row;
use rusqlite::types::{FromSqlError, Type};

use crate::domain::dates;

pub fn parsed<T>(row: &Row<'_>, idx: usize) -> rusqlite::Result<T>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    let text: String = row.get(idx)?;
    text.parse::<T>().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, e.to_string().into())
    })
}

/// A text column borrowed, not copied (dates are read by the million); None when NULL or empty.
fn borrowed_text<'r>(row: &'r Row<'_>, idx: usize) -> rusqlite::Result<Option<&'r str>> {
    match row.get_ref(idx)? {
        rusqlite::types::ValueRef::Null => Ok(None),
        value => Ok(Some(value.as_str()?).filter(|t| !t.is_empty())),
    }
}

pub fn date(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let Some(text) = borrowed_text(row, idx)? else {
        return Ok(None);
    };
    if let Some(date) = dates::parse_iso_date(text) {
        return Ok(Some(date));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(Some)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, Box::new(e)))
}

pub fn datetime(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<NaiveDateTime>> {
    // The store's own ISO form first, without chrono's format interpreter: a million cases
    // read this twice each.
    let Some(text) = borrowed_text(row, idx)? else {
        return Ok(None);
    };
    if let Some(at) = dates::parse_iso_seconds(text) {
        return Ok(Some(at));
    }
    dates::parse_datetime(text)
        .map(Some)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, Box::new(e)))
}

pub fn small(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<u8>> {
    let value: Option<i64> = row.get(idx)?;
    value
        .map(|v| {
            u8::try_from(v).map_err(|_| {
                rusqlite::Error::FromSqlConversionFailure(
                    idx,
                    Type::Integer,
                    Box::new(FromSqlError::OutOfRange(v)),
                )
            })
        })
        .transpose()
}

pub fn count(row: &Row<'_>, idx: usize) -> rusqlite::Result<u32> {
    let value: i64 = row.get(idx)?;
    Ok(u32::try_from(value).unwrap_or(u32::MAX))
}

/// Bind form for optional dates: ISO text or NULL.
pub fn iso_date(date: Option<NaiveDate>) -> Option<String> {
    date.map(dates::iso)
}

pub fn iso_datetime(dt: Option<NaiveDateTime>) -> Option<String> {
    dt.map(dates::iso_datetime)
}

/// A `;`-joined list column (from `group_concat`), empty when NULL.
pub fn list(row: &Row<'_>, idx: usize) -> rusqlite::Result<Vec<String>> {
    let text: Option<String> = row.get(idx)?;
    Ok(text
        .map(|t| t.split(';').map(str::to_string).collect())
        .unwrap_or_default())
}
