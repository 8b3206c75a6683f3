//! The refusals of the values typed into the provider and offer forms, and the rules each
//! field passes before anything reaches the store. Every form gathers all its refused fields at
//! once through [`FieldCheck`], so the page can mark each of them.

use super::provider::Slug;
use crate::account::Field;
use crate::format::CountryCode;
use serde::{Deserialize, Serialize};

/// Why a value typed in a provider or offer form was refused. The UI translates the variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum CatalogInputError {
    #[error("this field cannot be empty")]
    Empty,
    #[error("this field is too long (at most {max} characters)")]
    TooLong { max: usize },
    #[error("use 2 to 40 lower-case letters, digits and inner hyphens")]
    Slug,
    #[error("this name is already taken")]
    Taken,
    #[error("enter a two-letter country code such as FR")]
    Country,
    #[error("enter a short jurisdiction code such as EU")]
    Jurisdiction,
    #[error("enter an address that starts with https:// or http://")]
    Website,
    #[error("enter an email address like name@example.com")]
    Email,
    #[error("enter a three-letter currency code such as EUR")]
    Currency,
    #[error("availability is a percentage from 0 to 100 with at most two decimals")]
    Availability,
    #[error("this amount cannot be negative")]
    Negative,
    #[error("this amount is too large")]
    TooLarge,
    #[error("attribute names use lower-case letters, digits and _; sizes are 0 or more")]
    Attribute,
    #[error("certification names cannot be blank or longer than 40 characters")]
    Certification,
    #[error("enter a number such as 12.50")]
    Number,
    #[error("write one meter a line, such as egress_gb: 0.02 per 1 GB, 100 included")]
    Meter,
    #[error("a meter's unit cannot hold line breaks or other control characters")]
    MeterUnit,
    #[error("each meter id can appear only once")]
    MeterTwice,
}

pub(super) type FieldErrors = Vec<(Field, CatalogInputError)>;

/// The refused fields of one form, in the order they were checked.
#[derive(Debug, Default)]
pub(super) struct FieldCheck {
    errors: FieldErrors,
}

impl FieldCheck {
    /// The value of a field that passed its rule; for a refused one, the refusal is noted and an
    /// empty stand-in returned, which [`FieldCheck::finish`] never lets out.
    pub(super) fn field<T: Default>(
        &mut self,
        field: Field,
        outcome: Result<T, CatalogInputError>,
    ) -> T {
        outcome.unwrap_or_else(|error| {
            self.errors.push((field, error));
            T::default()
        })
    }

    /// Notes `error` against `field` unless the value is `valid`.
    pub(super) fn require(&mut self, field: Field, valid: bool, error: CatalogInputError) {
        if !valid {
            self.errors.push((field, error));
        }
    }

    /// Builds the valid value when no field was refused; otherwise every refusal.
    pub(super) fn finish<T>(self, build: impl FnOnce() -> T) -> Result<T, FieldErrors> {
        if self.errors.is_empty() {
            Ok(build())
        } else {
            Err(self.errors)
        }
    }
}

/// Trims `raw` and requires `1..=max` characters.
pub(super) fn text(raw: &str, max: usize) -> Result<String, CatalogInputError> {
    let value = raw.trim();
    if value.is_empty() {
        Err(CatalogInputError::Empty)
    } else {
        optional_text(value, max)
    }
}

/// Trims `raw` and requires at most `max` characters; empty is allowed.
pub(super) fn optional_text(raw: &str, max: usize) -> Result<String, CatalogInputError> {
    let value = raw.trim();
    if value.chars().count() > max {
        Err(CatalogInputError::TooLong { max })
    } else {
        Ok(value.to_owned())
    }
}

pub(super) fn country(raw: &str) -> Result<String, CatalogInputError> {
    CountryCode::parse(&raw.trim().to_ascii_uppercase())
        .map(|code| code.as_str().to_owned())
        .map_err(|_| CatalogInputError::Country)
}

/// A jurisdiction is a short code (`EU`, `US`, `CH`), not a free text, so filters can match it.
pub(super) fn jurisdiction(raw: &str) -> Result<String, CatalogInputError> {
    let code = raw.trim().to_ascii_uppercase();
    let valid = (1..=8).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-');
    if valid {
        Ok(code)
    } else {
        Err(CatalogInputError::Jurisdiction)
    }
}

/// A slug as typed: trimmed and lower-cased, then held to [`Slug`]'s rule.
pub(super) fn slug(raw: &str) -> Result<String, CatalogInputError> {
    Slug::parse(&raw.trim().to_ascii_lowercase()).map(String::from)
}

pub(super) fn website(raw: &str) -> Result<String, CatalogInputError> {
    let url = raw.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !url.chars().any(char::is_whitespace) => {
            optional_text(url, 200)
        }
        _ => Err(CatalogInputError::Website),
    }
}

/// The reason the operator gives for a refusal, which the provider reads: not blank.
pub fn reason(raw: &str) -> Result<String, CatalogInputError> {
    text(raw, 1000)
}

/// A capacity is 0 or more units, or unlimited.
pub fn capacity(units: Option<i64>) -> Result<Option<i64>, CatalogInputError> {
    match units {
        Some(units) if units < 0 => Err(CatalogInputError::Negative),
        other => Ok(other),
    }
}
