//! Invoice numbers, `CPT-YYYY-NNNNNN`: one series per calendar year of finalization, shared by
//! invoices and credit notes, from 000001 with no gap and no repeat.

use super::{BillingError, InvalidValue};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

const LAST_OF_A_YEAR: u32 = 999_999;

/// The number of a finalized invoice or credit note.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct InvoiceNumber {
    year: u16,
    sequence: u32,
}

impl InvoiceNumber {
    /// Reads `CPT-YYYY-NNNNNN` exactly; `000000` is no number.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        let invalid = || InvalidValue::InvoiceNumber(text.to_owned());
        let (year, sequence) = text
            .strip_prefix("CPT-")
            .and_then(|rest| rest.split_once('-'))
            .filter(|(year, sequence)| {
                year.len() == 4
                    && sequence.len() == 6
                    && year
                        .bytes()
                        .chain(sequence.bytes())
                        .all(|b| b.is_ascii_digit())
            })
            .ok_or_else(invalid)?;
        let year = year.parse().map_err(|_| invalid())?;
        let sequence = sequence.parse().map_err(|_| invalid())?;
        if sequence == 0 {
            return Err(invalid());
        }
        Ok(Self { year, sequence })
    }

    /// `CPT-YYYY-000001`, for a year from 0 to 9999.
    pub fn first_of(year: u16) -> Result<Self, InvalidValue> {
        if year <= 9999 {
            Ok(Self { year, sequence: 1 })
        } else {
            Err(InvalidValue::InvoiceNumber(format!("CPT-{year}-000001")))
        }
    }

    /// The number after this one in its year's series.
    pub fn next(self) -> Result<Self, BillingError> {
        if self.sequence >= LAST_OF_A_YEAR {
            return Err(BillingError::NumbersExhausted(self.year));
        }
        Ok(Self {
            year: self.year,
            sequence: self.sequence + 1,
        })
    }

    /// The number to give in `year` after `last`, the last number given: the next of its series
    /// in the same year, the first of the year's series when `last` is of an earlier year or
    /// there is none. A `last` of a later year is refused: numbers never go back.
    pub fn following(last: Option<Self>, year: u16) -> Result<Self, BillingError> {
        match last {
            Some(last) if last.year == year => last.next(),
            Some(last) if last.year > year => Err(BillingError::NumberingBackwards {
                last: last.year,
                year,
            }),
            _ => Self::first_of(year).map_err(|_| BillingError::NumbersExhausted(year)),
        }
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn sequence(self) -> u32 {
        self.sequence
    }
}

impl fmt::Display for InvoiceNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CPT-{:04}-{:06}", self.year, self.sequence)
    }
}

impl FromStr for InvoiceNumber {
    type Err = InvalidValue;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl TryFrom<String> for InvoiceNumber {
    type Error = InvalidValue;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl From<InvoiceNumber> for String {
    fn from(number: InvoiceNumber) -> Self {
        number.to_string()
    }
}
