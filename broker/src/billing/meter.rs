//! The meters an offer may declare (the optional `meters` field of a catalog offer): what a unit
//! of metered usage costs and how many units each unit of quantity includes per month.

use super::InvalidValue;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A meter's id: a lower-case letter, then up to 31 lower-case letters, digits or `_`
/// (`egress_gb`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MeterId(String);

impl MeterId {
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        let mut chars = text.chars();
        let valid = text.len() <= 32
            && chars.next().is_some_and(|c| c.is_ascii_lowercase())
            && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if valid {
            Ok(Self(text.to_owned()))
        } else {
            Err(InvalidValue::MeterId(text.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MeterId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for MeterId {
    type Error = InvalidValue;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl From<MeterId> for String {
    fn from(id: MeterId) -> Self {
        id.0
    }
}

/// The longest unit name a meter may show (`GB`, `request`, `vCPU-hour`).
const UNIT_MAX_CHARS: usize = 24;

/// `price_minor` per `per` units of `unit`, with `included` free units per unit of quantity per
/// month: `{ "id": "egress_gb", "unit": "GB", "price_minor": 2, "per": 1, "included": 100 }`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawMeter")]
pub struct Meter {
    id: MeterId,
    unit: String,
    price_minor: i64,
    per: i64,
    included: i64,
}

/// A meter as a document holds it, before its checks.
#[derive(Deserialize)]
struct RawMeter {
    id: String,
    unit: String,
    price_minor: i64,
    per: i64,
    included: i64,
}

impl Meter {
    /// Accepts `per >= 1`, `price_minor >= 0`, `included >= 0`, a meter id and a unit of 1 to
    /// 24 characters.
    pub fn new(
        id: MeterId,
        unit: &str,
        price_minor: i64,
        per: i64,
        included: i64,
    ) -> Result<Self, InvalidValue> {
        let refuse = |field, reason: &str| {
            Err(InvalidValue::Meter {
                field,
                reason: reason.to_owned(),
            })
        };
        let unit = unit.trim();
        if unit.is_empty() || unit.chars().count() > UNIT_MAX_CHARS {
            return refuse("unit", "expected 1 to 24 characters");
        }
        if price_minor < 0 {
            return refuse("price_minor", "expected 0 or more");
        }
        if per < 1 {
            return refuse("per", "expected 1 or more");
        }
        if included < 0 {
            return refuse("included", "expected 0 or more");
        }
        Ok(Self {
            id,
            unit: unit.to_owned(),
            price_minor,
            per,
            included,
        })
    }

    /// Checks a whole `meters` list: each meter, and no id twice.
    pub fn check_list(meters: &[Meter]) -> Result<(), InvalidValue> {
        let mut seen = std::collections::BTreeSet::new();
        match meters.iter().find(|meter| !seen.insert(&meter.id)) {
            Some(twice) => Err(InvalidValue::Meter {
                field: "id",
                reason: format!("{} is declared twice", twice.id),
            }),
            None => Ok(()),
        }
    }

    pub fn id(&self) -> &MeterId {
        &self.id
    }

    pub fn unit(&self) -> &str {
        &self.unit
    }

    pub fn price_minor(&self) -> i64 {
        self.price_minor
    }

    pub fn per(&self) -> i64 {
        self.per
    }

    /// Free units per unit of quantity per month.
    pub fn included(&self) -> i64 {
        self.included
    }
}

impl TryFrom<RawMeter> for Meter {
    type Error = InvalidValue;
    fn try_from(raw: RawMeter) -> Result<Self, Self::Error> {
        Self::new(
            MeterId::parse(&raw.id)?,
            &raw.unit,
            raw.price_minor,
            raw.per,
            raw.included,
        )
    }
}
