//! Small validated values shared by the documents: ids, country codes, quantities (currencies
//! are `money::Currency`).

use std::fmt;

use serde::{Deserialize, Serialize};

/// An offer's stable id: a non-empty string, unique in its catalog.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct OfferId(String);

/// A provider's id: a non-empty string.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct ProviderId(String);

/// An ISO 3166-1 alpha-2 country code: two upper-case ASCII letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(try_from = "String")]
pub struct CountryCode([u8; 2]);

/// How many units of one offer a component asks for: 1 or more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Quantity(u64);

impl OfferId {
    /// Accepts any non-empty id.
    pub fn parse(id: &str) -> Result<Self, String> {
        non_empty(id).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl ProviderId {
    /// Accepts any non-empty id.
    pub fn parse(id: &str) -> Result<Self, String> {
        non_empty(id).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn non_empty(text: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        Err("expected a non-empty string".to_owned())
    } else {
        Ok(text.to_owned())
    }
}

impl CountryCode {
    /// `ZZ`, the code ISO 3166 leaves for user assignment: a placeholder while a form's
    /// country does not read, never stored.
    pub const STAND_IN: CountryCode = CountryCode(*b"ZZ");

    /// Accepts two upper-case ASCII letters (`FR`, `DE`, `US`).
    pub fn parse(code: &str) -> Result<Self, String> {
        match code.as_bytes() {
            &[a, b] if a.is_ascii_uppercase() && b.is_ascii_uppercase() => Ok(Self([a, b])),
            _ => Err(format!(
                "expected an ISO 3166-1 alpha-2 code (two upper-case letters), got {code:?}"
            )),
        }
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl Quantity {
    /// Accepts an integer of 1 or more.
    pub fn new(units: u64) -> Result<Self, String> {
        if units >= 1 {
            Ok(Self(units))
        } else {
            Err(format!("expected 1 or more, got {units}"))
        }
    }

    pub fn get(self) -> u64 {
        self.0
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for CountryCode {
    type Error = String;
    fn try_from(code: String) -> Result<Self, Self::Error> {
        Self::parse(&code)
    }
}

impl Serialize for CountryCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl fmt::Display for OfferId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for ProviderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_country_code_is_two_upper_case_letters() {
        assert!(CountryCode::parse("FR").is_ok());
        assert!(CountryCode::parse("fr").is_err());
        assert!(CountryCode::parse("FRA").is_err());
    }

    #[test]
    fn a_quantity_is_at_least_one() {
        assert!(Quantity::new(0).is_err());
        assert_eq!(Quantity::new(3).map(Quantity::get), Ok(3));
    }
}
