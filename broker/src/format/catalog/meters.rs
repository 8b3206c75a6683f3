//! The optional `meters` of a catalog offer: each `{ "id", "unit", "price_minor", "per",
//! "included" }` read with the rules of [`Meter::new`], and no id twice in one offer. Errors name
//! the meter by its position in the list (`meters[0].per`), as a provider finds it in the file.

use serde::Deserialize;
use serde_json::{Number, Value};

use crate::billing::{InvalidValue, Meter, MeterId};

use super::super::{FormatError, Location, from_value, non_negative_integer};

/// A meter as the document holds it: numbers are read as written, so that a float or a
/// negative is named rather than silently truncated.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeter {
    id: String,
    unit: String,
    price_minor: Number,
    per: Number,
    included: Number,
}

/// Reads an offer's `meters` (absent is none).
pub(super) fn read(at: &Location, values: Option<Vec<Value>>) -> Result<Vec<Meter>, FormatError> {
    let meters = values
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(index, value)| read_one(at, index, value))
        .collect::<Result<Vec<_>, _>>()?;
    Meter::check_list(&meters).map_err(|error| match error {
        InvalidValue::Meter { reason, .. } => FormatError::field(at.clone(), "meters", reason),
        other => FormatError::field(at.clone(), "meters", other),
    })?;
    Ok(meters)
}

fn read_one(at: &Location, index: usize, value: Value) -> Result<Meter, FormatError> {
    let name = |field: &str| format!("meters[{index}].{field}");
    let raw: RawMeter = from_value(at, value).map_err(|error| match error {
        FormatError::Invalid { reason, .. } => {
            FormatError::field(at.clone(), &format!("meters[{index}]"), reason)
        }
        other => other,
    })?;
    let integer = |field: &str, number: &Number| {
        let value = non_negative_integer(at, &name(field), number)?;
        i64::try_from(value).map_err(|_| {
            FormatError::field(at.clone(), &name(field), format!("{number} is too large"))
        })
    };
    let price_minor = integer("price_minor", &raw.price_minor)?;
    let per = integer("per", &raw.per)?;
    let included = integer("included", &raw.included)?;
    let id = MeterId::parse(&raw.id)
        .map_err(|error| FormatError::field(at.clone(), &name("id"), error))?;
    Meter::new(id, &raw.unit, price_minor, per, included).map_err(|error| match error {
        InvalidValue::Meter { field, reason } => {
            FormatError::field(at.clone(), &name(field), reason)
        }
        other => FormatError::field(at.clone(), &name("unit"), other),
    })
}

#[cfg(test)]
mod tests {
    use super::super::Catalog;
    use crate::format::FormatError;

    fn catalog_with_meters(meters: &str) -> Result<Catalog, FormatError> {
        Catalog::from_json(&format!(
            r#"{{"format": "comptoir.catalog/v1", "currency": "EUR", "offers": [{{
                "id": "x", "provider": "p", "domain": "storage", "name": "X", "country": "FR",
                "jurisdiction": "EU", "attributes": {{}}, "certifications": [],
                "availability": 99.9, "monthly_price_minor": 900, "carbon_g_month": 10,
                "meters": {meters}}}]}}"#
        ))
    }

    const EGRESS: &str =
        r#"{"id": "egress_gb", "unit": "GB", "price_minor": 2, "per": 1, "included": 100}"#;

    #[test]
    fn an_offer_reads_its_meters_in_order() {
        let catalog = catalog_with_meters(&format!(
            r#"[{EGRESS}, {{"id": "requests", "unit": "request", "price_minor": 40, "per": 10000, "included": 0}}]"#
        ))
        .expect("valid");
        let meters = catalog.offers()[0].meters();
        assert_eq!(meters.len(), 2);
        assert_eq!(meters[0].id().as_str(), "egress_gb");
        assert_eq!(meters[0].included(), 100);
        assert_eq!(meters[1].per(), 10_000);
    }

    #[test]
    fn a_catalog_with_meters_survives_writing_and_reading_back() {
        let catalog = catalog_with_meters(&format!("[{EGRESS}]")).expect("valid");
        let text = catalog.to_json();
        assert!(text.contains(r#""price_minor": 2"#), "{text}");
        assert_eq!(Catalog::from_json(&text), Ok(catalog));
    }

    #[test]
    fn an_offer_without_meters_is_written_without_the_field() {
        let catalog = catalog_with_meters("[]").expect("valid");
        assert!(catalog.offers()[0].meters().is_empty());
        assert!(!catalog.to_json().contains("meters"));
    }

    #[test]
    fn a_meter_number_out_of_its_range_is_named_by_position_and_field() {
        let cases = [
            (
                r#""price_minor": 1.5, "per": 1, "included": 0"#,
                "meters[0].price_minor",
            ),
            (
                r#""price_minor": 1, "per": 0, "included": 0"#,
                "meters[0].per",
            ),
            (
                r#""price_minor": 1, "per": 1, "included": -4"#,
                "meters[0].included",
            ),
        ];
        for (numbers, field) in cases {
            let err = catalog_with_meters(&format!(r#"[{{"id": "a", "unit": "GB", {numbers}}}]"#))
                .expect_err(numbers);
            let text = err.to_string();
            assert!(
                text.starts_with(&format!(r#"offer "x": field {field}: "#)),
                "{text}"
            );
        }
    }

    #[test]
    fn a_meter_with_a_bad_id_an_unknown_field_or_a_repeated_id_is_refused() {
        let bad_id = catalog_with_meters(
            r#"[{"id": "Egress", "unit": "GB", "price_minor": 1, "per": 1, "included": 0}]"#,
        )
        .expect_err("upper case");
        assert!(
            bad_id.to_string().contains("field meters[0].id: "),
            "{bad_id}"
        );
        let unknown = catalog_with_meters(
            r#"[{"id": "a", "unit": "GB", "price_minor": 1, "per": 1, "included": 0, "cap": 3}]"#,
        )
        .expect_err("unknown field");
        assert!(
            unknown
                .to_string()
                .contains("field meters[0]: unknown field `cap`"),
            "{unknown}"
        );
        let twice = catalog_with_meters(&format!("[{EGRESS}, {EGRESS}]")).expect_err("twice");
        assert_eq!(
            twice.to_string(),
            r#"offer "x": field meters: egress_gb is declared twice"#
        );
        let blank_unit = catalog_with_meters(
            r#"[{"id": "a", "unit": " ", "price_minor": 1, "per": 1, "included": 0}]"#,
        )
        .expect_err("blank unit");
        assert!(
            blank_unit.to_string().contains("field meters[0].unit: "),
            "{blank_unit}"
        );
    }
}
