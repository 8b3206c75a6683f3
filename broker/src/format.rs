//! Comptoir's portable formats, version 1: the catalog, the blueprint and the plan documents.
//!
//! These are the marketplace's public contract (`shared/specs/broker-v1.md`). Reading a document
//! turns untrusted JSON into validated types whose fields are private, so that the rest of the
//! broker never sees a duplicate offer id, a float price or a constraint naming a component that
//! does not exist. Unknown fields are rejected everywhere, so a typo never silently drops a
//! constraint. Errors name the offer or component and the field at fault, so a provider loading a
//! catalog file or a tenant importing a blueprint knows what to fix.

mod blueprint;
mod catalog;
mod plan;
mod values;

use std::fmt;

pub use blueprint::{Blueprint, Component, Constraints, Objective};
pub use catalog::{Catalog, Offer};
pub use plan::{Assignment, PlanDocument};
pub use values::{CountryCode, OfferId, ProviderId, Quantity};

/// The `format` string of a catalog document.
pub const CATALOG_FORMAT: &str = "comptoir.catalog/v1";
/// The `format` string of a blueprint document.
pub const BLUEPRINT_FORMAT: &str = "comptoir.blueprint/v1";
/// The `format` string of a plan document.
pub const PLAN_FORMAT: &str = "comptoir.plan/v1";

/// Where in a document a problem was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The document as a whole (its top-level fields).
    Document,
    /// An offer, by id.
    Offer(String),
    /// An offer whose id could not be read, by position (0-based) in `offers`.
    OfferAt(usize),
    /// A component, by name.
    Component(String),
    /// A component whose name could not be read, by position (0-based) in `components`.
    ComponentAt(usize),
    /// The blueprint's `constraints` object.
    Constraints,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Document => f.write_str("document"),
            Self::Offer(id) => write!(f, "offer {id:?}"),
            Self::OfferAt(index) => write!(f, "offer #{}", index + 1),
            Self::Component(name) => write!(f, "component {name:?}"),
            Self::ComponentAt(index) => write!(f, "component #{}", index + 1),
            Self::Constraints => f.write_str("constraints"),
        }
    }
}

/// Why a document could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    /// The text is not JSON at all.
    #[error("malformed JSON: {0}")]
    Json(String),
    /// The `format` field is missing or names another document or version.
    #[error("field format: expected \"{expected}\", got {found}")]
    WrongFormat {
        expected: &'static str,
        /// What the document says, as JSON (`"comptoir.plan/v1"`, `42`, or `nothing`).
        found: String,
    },
    /// A field is missing, unknown, of the wrong type or out of range.
    #[error("{at}: {reason}")]
    Invalid { at: Location, reason: String },
    /// Two offers share an id.
    #[error("offer {0:?} appears more than once")]
    DuplicateOffer(String),
    /// Two components share a name.
    #[error("component {0:?} appears more than once")]
    DuplicateComponent(String),
    /// A constraint names a component that the blueprint does not have.
    #[error("constraints: {constraint} names unknown component {component:?}")]
    UnknownComponent {
        constraint: &'static str,
        component: String,
    },
    /// A constraint group names the same component twice.
    #[error("constraints: {constraint} names component {component:?} twice in one group")]
    RepeatedInGroup {
        constraint: &'static str,
        component: String,
    },
}

impl FormatError {
    fn invalid(at: Location, reason: impl Into<String>) -> Self {
        Self::Invalid {
            at,
            reason: reason.into(),
        }
    }

    fn field(at: Location, field: &str, problem: impl fmt::Display) -> Self {
        Self::Invalid {
            at,
            reason: format!("field {field}: {problem}"),
        }
    }
}

/// Parses `text` as a JSON object and checks its `format` field before anything else, so that a
/// blueprint given where a catalog is expected says so rather than listing unknown fields.
fn parse_object(
    text: &str,
    expected: &'static str,
) -> Result<serde_json::Map<String, serde_json::Value>, FormatError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| FormatError::Json(e.to_string()))?;
    object_with_format(value, expected)
}

fn object_with_format(
    value: serde_json::Value,
    expected: &'static str,
) -> Result<serde_json::Map<String, serde_json::Value>, FormatError> {
    let serde_json::Value::Object(map) = value else {
        return Err(FormatError::invalid(
            Location::Document,
            "expected a JSON object",
        ));
    };
    match map.get("format") {
        Some(serde_json::Value::String(found)) if found == expected => Ok(map),
        Some(other) => Err(FormatError::WrongFormat {
            expected,
            found: other.to_string(),
        }),
        None => Err(FormatError::WrongFormat {
            expected,
            found: "nothing".to_owned(),
        }),
    }
}

/// Reads a non-negative integer (money, carbon, capacity) and says what was wrong otherwise.
fn non_negative_integer(
    at: &Location,
    field: &str,
    number: &serde_json::Number,
) -> Result<u64, FormatError> {
    number.as_u64().ok_or_else(|| {
        FormatError::field(
            at.clone(),
            field,
            format!("expected a non-negative integer, got {number}"),
        )
    })
}

/// Reads a JSON value into `T`, naming `at` in the error.
fn from_value<T: serde::de::DeserializeOwned>(
    at: &Location,
    value: serde_json::Value,
) -> Result<T, FormatError> {
    serde_json::from_value(value).map_err(|e| FormatError::invalid(at.clone(), e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_of_another_kind_is_named_by_its_format() {
        let err = Catalog::from_json(r#"{"format": "comptoir.blueprint/v1", "name": "x"}"#)
            .expect_err("a blueprint is not a catalog");
        assert_eq!(
            err.to_string(),
            r#"field format: expected "comptoir.catalog/v1", got "comptoir.blueprint/v1""#
        );
    }

    #[test]
    fn a_document_without_format_is_rejected() {
        let err = Blueprint::from_json(r#"{"name": "x"}"#).expect_err("format is required");
        assert!(matches!(err, FormatError::WrongFormat { .. }), "{err}");
    }

    /// A number of many digits, which a parser that does not round to the nearest float reads
    /// one unit in the last place off (and its written form back to another float).
    const LONG_SIZE: &str = "144444444444444444444444444444444444444444444444000";

    #[test]
    fn a_blueprint_size_of_many_digits_reads_back_as_written() {
        let text = format!(
            r#"{{"format": "comptoir.blueprint/v1", "objective": "cost", "components": [
                {{"name": "lake", "domain": "storage", "quantity": 1, "min": {{"mbps": {LONG_SIZE}}}}}]}}"#
        );
        let blueprint = Blueprint::from_json(&text).expect("valid");
        assert_eq!(Blueprint::from_json(&blueprint.to_json()), Ok(blueprint));
    }

    #[test]
    fn a_catalog_attribute_of_many_digits_reads_back_as_written() {
        let text = format!(
            r#"{{"format": "comptoir.catalog/v1", "currency": "EUR", "offers": [{{
                "id": "x", "provider": "p", "domain": "compute", "name": "X", "country": "FR",
                "jurisdiction": "EU", "attributes": {{"mbps": {LONG_SIZE}}}, "certifications": [],
                "availability": 99.9, "monthly_price_minor": 1, "carbon_g_month": 1}}]}}"#
        );
        let catalog = Catalog::from_json(&text).expect("valid");
        assert_eq!(Catalog::from_json(&catalog.to_json()), Ok(catalog));
    }

    #[test]
    fn text_that_is_not_json_is_a_json_error() {
        let err = Catalog::from_json("{ nope").expect_err("not JSON");
        assert!(err.to_string().starts_with("malformed JSON: "), "{err}");
    }
}
