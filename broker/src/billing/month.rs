//! The calendar month (UTC) an invoice covers, written `YYYY-MM`, and its bounds in unix seconds.

use super::InvalidValue;
use crate::calendar::{civil_from_days, days_from_civil};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

const DAY: i64 = 86_400;

/// A calendar month of a four-digit year: `[start, end)` in unix seconds, UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Month {
    year: u16,
    month: u8,
}

impl Month {
    /// Accepts a year from 0 to 9999 and a month from 1 to 12.
    pub fn new(year: u16, month: u8) -> Result<Self, InvalidValue> {
        if year <= 9999 && (1..=12).contains(&month) {
            Ok(Self { year, month })
        } else {
            Err(InvalidValue::Month(format!("{year:04}-{month:02}")))
        }
    }

    /// Reads `YYYY-MM` exactly: four digits, a hyphen, two digits.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        let invalid = || InvalidValue::Month(text.to_owned());
        let bytes = text.as_bytes();
        let well_formed = bytes.len() == 7
            && bytes[4] == b'-'
            && bytes[..4].iter().chain(&bytes[5..]).all(u8::is_ascii_digit);
        if !well_formed {
            return Err(invalid());
        }
        let year = text[..4].parse().map_err(|_| invalid())?;
        let month = text[5..].parse().map_err(|_| invalid())?;
        Self::new(year, month).map_err(|_| invalid())
    }

    /// The month holding the instant `secs`, if its year has four digits.
    pub fn containing(secs: i64) -> Option<Self> {
        let (year, month, _) = civil_from_days(secs.div_euclid(DAY));
        Self::new(u16::try_from(year).ok()?, u8::try_from(month).ok()?).ok()
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    /// The first second of the month.
    pub fn start(self) -> i64 {
        days_from_civil(i64::from(self.year), i64::from(self.month), 1) * DAY
    }

    /// The first second after the month (the start of the next one).
    pub fn end(self) -> i64 {
        let (year, month) = if self.month == 12 {
            (i64::from(self.year) + 1, 1)
        } else {
            (i64::from(self.year), i64::from(self.month) + 1)
        };
        days_from_civil(year, month, 1) * DAY
    }

    /// `end - start`: the `month_seconds` of the specification.
    pub fn seconds(self) -> i64 {
        self.end() - self.start()
    }

    /// Whether `secs` falls in `[start, end)`.
    pub fn contains(self, secs: i64) -> bool {
        (self.start()..self.end()).contains(&secs)
    }

    /// The month after, unless this is 9999-12.
    pub fn next(self) -> Option<Self> {
        match self.month {
            12 => Self::new(self.year.checked_add(1)?, 1).ok(),
            month => Some(Self {
                year: self.year,
                month: month + 1,
            }),
        }
    }

    /// The month before, unless this is 0000-01.
    pub fn previous(self) -> Option<Self> {
        match self.month {
            1 => Self::new(self.year.checked_sub(1)?, 12).ok(),
            month => Some(Self {
                year: self.year,
                month: month - 1,
            }),
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Month {
    type Err = InvalidValue;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl TryFrom<String> for Month {
    type Error = InvalidValue;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl From<Month> for String {
    fn from(month: Month) -> Self {
        month.to_string()
    }
}
