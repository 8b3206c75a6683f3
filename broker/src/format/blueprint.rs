//! The blueprint document (`comptoir.blueprint/v1`): the composed service a tenant asks for.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Number, Value};

use super::{
    BLUEPRINT_FORMAT, CountryCode, FormatError, Location, Quantity, from_value,
    non_negative_integer, object_with_format, parse_object,
};

/// What the broker minimises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Objective {
    /// Total monthly cost.
    Cost,
    /// Total monthly carbon.
    Carbon,
}

impl fmt::Display for Objective {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Cost => "cost",
            Self::Carbon => "carbon",
        })
    }
}

/// A validated blueprint: component names are unique, quantities at least 1, and every
/// constraint names existing components.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Blueprint {
    format: &'static str,
    name: String,
    objective: Objective,
    components: Vec<Component>,
    constraints: Constraints,
}

/// One component: `quantity` units of one offer of `domain`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Component {
    name: String,
    domain: String,
    quantity: Quantity,
    min: BTreeMap<String, f64>,
    certifications: BTreeSet<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    countries: Option<BTreeSet<CountryCode>>,
}

/// The blueprint-wide constraints. Absent ones do not constrain.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Constraints {
    #[serde(skip_serializing_if = "Option::is_none")]
    jurisdictions: Option<BTreeSet<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    countries: Option<BTreeSet<CountryCode>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min_availability: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_monthly_minor: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_carbon_g_month: Option<u64>,
    same_provider: Vec<Vec<String>>,
    distinct_providers: Vec<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_providers: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBlueprint {
    #[serde(rename = "format")]
    _format: String,
    #[serde(default)]
    name: String,
    objective: String,
    components: Vec<Value>,
    #[serde(default)]
    constraints: Option<Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawComponent {
    name: String,
    domain: String,
    quantity: Number,
    #[serde(default)]
    min: BTreeMap<String, f64>,
    #[serde(default)]
    certifications: Vec<String>,
    #[serde(default)]
    countries: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConstraints {
    #[serde(default)]
    jurisdictions: Option<Vec<String>>,
    #[serde(default)]
    countries: Option<Vec<String>>,
    #[serde(default)]
    min_availability: Option<f64>,
    #[serde(default)]
    max_monthly_minor: Option<Number>,
    #[serde(default)]
    max_carbon_g_month: Option<Number>,
    #[serde(default)]
    same_provider: Vec<Vec<String>>,
    #[serde(default)]
    distinct_providers: Vec<Vec<String>>,
    #[serde(default)]
    max_providers: Option<Number>,
}

fn countries(
    at: &Location,
    field: &str,
    codes: Vec<String>,
) -> Result<BTreeSet<CountryCode>, FormatError> {
    codes
        .iter()
        .map(|code| CountryCode::parse(code).map_err(|e| FormatError::field(at.clone(), field, e)))
        .collect()
}

impl Blueprint {
    /// Reads a blueprint document.
    pub fn from_json(text: &str) -> Result<Self, FormatError> {
        Self::from_map(parse_object(text, BLUEPRINT_FORMAT)?)
    }

    /// Reads a blueprint document that is already parsed as JSON.
    pub fn from_value(value: Value) -> Result<Self, FormatError> {
        Self::from_map(object_with_format(value, BLUEPRINT_FORMAT)?)
    }

    fn from_map(map: serde_json::Map<String, Value>) -> Result<Self, FormatError> {
        let raw: RawBlueprint = from_value(&Location::Document, Value::Object(map))?;
        let objective = match raw.objective.as_str() {
            "cost" => Objective::Cost,
            "carbon" => Objective::Carbon,
            other => {
                return Err(FormatError::field(
                    Location::Document,
                    "objective",
                    format!(r#"expected "cost" or "carbon", got {other:?}"#),
                ));
            }
        };
        let mut components: Vec<Component> = Vec::with_capacity(raw.components.len());
        for (index, value) in raw.components.into_iter().enumerate() {
            let component = Component::from_value(index, value)?;
            if components.iter().any(|c| c.name == component.name) {
                return Err(FormatError::DuplicateComponent(component.name));
            }
            components.push(component);
        }
        let constraints = match raw.constraints {
            None | Some(Value::Null) => Constraints::default(),
            Some(value) => Constraints::from_value(value, &components)?,
        };
        Ok(Self {
            format: BLUEPRINT_FORMAT,
            name: raw.name,
            objective,
            components,
            constraints,
        })
    }

    /// Writes the blueprint document, so a tenant can take it elsewhere.
    pub fn to_json(&self) -> String {
        // Serialising plain structs of strings, numbers and maps into a string cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn objective(&self) -> Objective {
        self.objective
    }

    /// The same blueprint, minimising `objective` instead: the other side of the cost/carbon
    /// trade-off.
    pub fn with_objective(&self, objective: Objective) -> Self {
        Self {
            objective,
            ..self.clone()
        }
    }

    pub fn components(&self) -> &[Component] {
        &self.components
    }

    pub fn constraints(&self) -> &Constraints {
        &self.constraints
    }
}

impl Component {
    fn from_value(index: usize, value: Value) -> Result<Self, FormatError> {
        let at = match value.get("name").and_then(Value::as_str) {
            Some(name) => Location::Component(name.to_owned()),
            None => Location::ComponentAt(index),
        };
        let raw: RawComponent = from_value(&at, value)?;
        let quantity = raw
            .quantity
            .as_u64()
            .and_then(|units| Quantity::new(units).ok())
            .ok_or_else(|| {
                FormatError::field(
                    at.clone(),
                    "quantity",
                    format!("expected an integer of 1 or more, got {}", raw.quantity),
                )
            })?;
        let countries = raw
            .countries
            .map(|codes| countries(&at, "countries", codes))
            .transpose()?;
        Ok(Self {
            name: raw.name,
            domain: raw.domain,
            quantity,
            min: raw.min,
            certifications: raw.certifications.into_iter().collect(),
            countries,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn domain(&self) -> &str {
        &self.domain
    }

    pub fn quantity(&self) -> Quantity {
        self.quantity
    }

    /// The minimum size asked of each attribute.
    pub fn min(&self) -> &BTreeMap<String, f64> {
        &self.min
    }

    pub fn certifications(&self) -> &BTreeSet<String> {
        &self.certifications
    }

    /// The countries this component accepts, where it says.
    pub fn countries(&self) -> Option<&BTreeSet<CountryCode>> {
        self.countries.as_ref()
    }
}

impl Constraints {
    fn from_value(value: Value, components: &[Component]) -> Result<Self, FormatError> {
        let at = Location::Constraints;
        let raw: RawConstraints = from_value(&at, value)?;
        for (constraint, groups) in [
            ("same_provider", &raw.same_provider),
            ("distinct_providers", &raw.distinct_providers),
        ] {
            for group in groups {
                let mut seen = BTreeSet::new();
                for name in group {
                    if !components.iter().any(|c| &c.name == name) {
                        return Err(FormatError::UnknownComponent {
                            constraint,
                            component: name.clone(),
                        });
                    }
                    if !seen.insert(name) {
                        return Err(FormatError::RepeatedInGroup {
                            constraint,
                            component: name.clone(),
                        });
                    }
                }
            }
        }
        if let Some(level) = raw
            .min_availability
            .filter(|level| !(0.0..=100.0).contains(level))
        {
            return Err(FormatError::field(
                at,
                "min_availability",
                format!("expected a percentage from 0 to 100, got {level}"),
            ));
        }
        let integer = |field: &str, number: Option<Number>| {
            number
                .map(|n| non_negative_integer(&at, field, &n))
                .transpose()
        };
        Ok(Self {
            jurisdictions: raw.jurisdictions.map(|list| list.into_iter().collect()),
            countries: raw
                .countries
                .map(|codes| countries(&at, "countries", codes))
                .transpose()?,
            min_availability: raw.min_availability,
            max_monthly_minor: integer("max_monthly_minor", raw.max_monthly_minor)?,
            max_carbon_g_month: integer("max_carbon_g_month", raw.max_carbon_g_month)?,
            same_provider: raw.same_provider,
            distinct_providers: raw.distinct_providers,
            max_providers: integer("max_providers", raw.max_providers)?,
        })
    }

    pub fn jurisdictions(&self) -> Option<&BTreeSet<String>> {
        self.jurisdictions.as_ref()
    }

    pub fn countries(&self) -> Option<&BTreeSet<CountryCode>> {
        self.countries.as_ref()
    }

    pub fn min_availability(&self) -> Option<f64> {
        self.min_availability
    }

    /// The budget, in minor units of the catalog's currency.
    pub fn max_monthly_minor(&self) -> Option<u64> {
        self.max_monthly_minor
    }

    pub fn max_carbon_g_month(&self) -> Option<u64> {
        self.max_carbon_g_month
    }

    /// Groups of component names that must share one provider.
    pub fn same_provider(&self) -> &[Vec<String>] {
        &self.same_provider
    }

    /// Groups of component names whose providers must be pairwise different.
    pub fn distinct_providers(&self) -> &[Vec<String>] {
        &self.distinct_providers
    }

    pub fn max_providers(&self) -> Option<u64> {
        self.max_providers
    }
}

#[cfg(test)]
mod tests;
