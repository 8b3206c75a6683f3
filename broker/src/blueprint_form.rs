//! The blueprint form as a tenant member types it: every field is text, since a person may type
//! anything. This turns it into a `comptoir.blueprint/v1` [`Blueprint`], with an error naming
//! each field that does not read (`components[2].quantity`, `max_monthly`, `same_provider`), and
//! back (to fill the form with a saved blueprint).
//!
//! The field texts:
//! - minimum attributes: `vcpu=2, ram_gb=4` (as on the offer form);
//! - certifications, countries and jurisdictions: comma-separated (`ISO27001, HDS`; `FR, DE`);
//! - provider groups: `web, cache; db, db-replica` (a semicolon or a new line between groups);
//! - availability in percent (`99.9`), budget in euros per month (`250.00`), carbon cap in
//!   kilograms of CO2e per month (`60`, or `12.5`), maximum providers in providers.
//!
//! Blank constraints do not constrain. Components are numbered from 0 in field names, as in the
//! form's own names (`form[components][2][quantity]`). A form of more than
//! [`MAX_COMPONENTS`] components is refused on its `components` field, and groups holding more
//! than [`MAX_GROUP_NAMES`] names on their own field: the marketplace plans no larger blueprint.

use crate::blueprint::{MAX_COMPONENTS, MAX_GROUP_NAMES, group_names};
use crate::format::{Blueprint, Component, Objective};
use crate::offer_form::{attributes, size};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;
use text::{
    country_list, group_problem, groups, groups_text, joined, kilograms, list, money, scaled, whole,
};

mod edit;
mod text;

pub use edit::Edit;

/// The longest draft name accepted.
pub const NAME_MAX_CHARS: usize = 120;

/// One component as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ComponentForm {
    pub name: String,
    pub domain: String,
    pub quantity: String,
    pub min: String,
    pub certifications: String,
    pub countries: String,
}

/// A whole blueprint as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BlueprintForm {
    pub name: String,
    /// `cost` or `carbon`.
    pub objective: String,
    pub components: Vec<ComponentForm>,
    pub jurisdictions: String,
    pub countries: String,
    /// Percent.
    pub min_availability: String,
    /// Euros per month.
    pub max_monthly: String,
    /// Kilograms of CO2e per month.
    pub max_carbon: String,
    pub same_provider: String,
    pub distinct_providers: String,
    pub max_providers: String,
}

/// What is wrong with one field, as a stable code the page translates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum BlueprintInputError {
    #[error("required")]
    Empty,
    #[error("too long")]
    TooLong,
    #[error("another component has this name")]
    Duplicate,
    #[error("expected cost or carbon")]
    Objective,
    #[error("expected a whole number of 1 or more")]
    Quantity,
    #[error("expected an amount in euros, at most two decimals")]
    Money,
    #[error("expected kilograms, at most three decimals")]
    Carbon,
    #[error("expected a percentage from 0 to 100")]
    Availability,
    #[error("expected name=number pairs")]
    Attribute,
    #[error("expected two-letter country codes")]
    Country,
    #[error("names a component the blueprint does not have")]
    UnknownComponent,
    #[error("names the same component twice in one group")]
    RepeatedInGroup,
    #[error("the document does not read as a blueprint")]
    Format,
    /// More components than the marketplace plans ([`MAX_COMPONENTS`]).
    #[error("more components than the marketplace plans")]
    TooManyComponents,
    /// More names in one constraint's groups than the marketplace takes ([`MAX_GROUP_NAMES`]).
    #[error("more names in these groups than the marketplace takes")]
    TooManyNames,
}

/// One field that does not read: its name (`components[2].quantity`) and the problem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub problem: BlueprintInputError,
}

impl FieldError {
    fn new(field: impl Into<String>, problem: BlueprintInputError) -> Self {
        Self {
            field: field.into(),
            problem,
        }
    }
}

/// The name of a component's field in errors.
pub fn component_field(index: usize, field: &str) -> String {
    format!("components[{index}].{field}")
}

impl ComponentForm {
    fn from_component(component: &Component) -> Self {
        Self {
            name: component.name().to_owned(),
            domain: component.domain().to_owned(),
            quantity: component.quantity().get().to_string(),
            min: component
                .min()
                .iter()
                .map(|(key, value)| format!("{key}={}", size(*value)))
                .collect::<Vec<_>>()
                .join(", "),
            certifications: joined(component.certifications().iter().map(String::as_str)),
            countries: component
                .countries()
                .map(|codes| joined(codes.iter().map(|c| c.as_str())))
                .unwrap_or_default(),
        }
    }

    /// The component as a document object, or its fields' errors added to `errors`.
    fn read(&self, index: usize, errors: &mut Vec<FieldError>) -> Value {
        let mut refuse = |field: &str, problem| {
            errors.push(FieldError::new(component_field(index, field), problem));
        };
        let name = self.name.trim();
        if name.is_empty() {
            refuse("name", BlueprintInputError::Empty);
        } else if name.chars().count() > NAME_MAX_CHARS {
            refuse("name", BlueprintInputError::TooLong);
        }
        let domain = self.domain.trim().to_ascii_lowercase();
        if domain.is_empty() {
            refuse("domain", BlueprintInputError::Empty);
        }
        let quantity = match whole(&self.quantity, 1) {
            Ok(Some(quantity)) => quantity,
            Ok(None) | Err(_) => {
                refuse("quantity", BlueprintInputError::Quantity);
                1
            }
        };
        let min = match attributes(&self.min) {
            Ok(min) if min.values().all(|v| v.is_finite() && *v >= 0.0) => min,
            _ => {
                refuse("min", BlueprintInputError::Attribute);
                Default::default()
            }
        };
        let countries = country_list(&self.countries).unwrap_or_else(|problem| {
            refuse("countries", problem);
            None
        });
        let mut object = Map::new();
        object.insert("name".into(), json!(name));
        object.insert("domain".into(), json!(domain));
        object.insert("quantity".into(), json!(quantity));
        object.insert("min".into(), json!(min));
        object.insert("certifications".into(), json!(list(&self.certifications)));
        if let Some(countries) = countries {
            object.insert("countries".into(), json!(countries));
        }
        Value::Object(object)
    }
}

impl BlueprintForm {
    /// The form filled with a blueprint.
    pub fn from_blueprint(blueprint: &Blueprint) -> Self {
        let constraints = blueprint.constraints();
        Self {
            name: blueprint.name().to_owned(),
            objective: blueprint.objective().to_string(),
            components: blueprint
                .components()
                .iter()
                .map(ComponentForm::from_component)
                .collect(),
            jurisdictions: constraints
                .jurisdictions()
                .map(|list| joined(list.iter().map(String::as_str)))
                .unwrap_or_default(),
            countries: constraints
                .countries()
                .map(|codes| joined(codes.iter().map(|c| c.as_str())))
                .unwrap_or_default(),
            min_availability: constraints.min_availability().map(size).unwrap_or_default(),
            max_monthly: constraints
                .max_monthly_minor()
                .map(money)
                .unwrap_or_default(),
            max_carbon: constraints
                .max_carbon_g_month()
                .map(kilograms)
                .unwrap_or_default(),
            same_provider: groups_text(constraints.same_provider()),
            distinct_providers: groups_text(constraints.distinct_providers()),
            max_providers: constraints
                .max_providers()
                .map(|n| n.to_string())
                .unwrap_or_default(),
        }
    }

    /// An empty blueprint called `name`, minimising cost, with no component yet.
    pub fn empty(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            objective: Objective::Cost.to_string(),
            ..Self::default()
        }
    }

    /// Adds a component that reads as it is (a unit of compute, named `component-N`), for the
    /// person to adapt.
    pub fn add_component(&mut self) {
        let taken: BTreeSet<&str> = self.components.iter().map(|c| c.name.trim()).collect();
        let name = (self.components.len() + 1..)
            .map(|n| format!("component-{n}"))
            .find(|name| !taken.contains(name.as_str()))
            .unwrap_or_default();
        self.components.push(ComponentForm {
            name,
            domain: "compute".to_owned(),
            quantity: "1".to_owned(),
            ..ComponentForm::default()
        });
    }

    /// Removes the component at `index` and its name from the provider groups, so that the
    /// constraints still read. An index past the end changes nothing.
    pub fn remove_component(&mut self, index: usize) {
        if index >= self.components.len() {
            return;
        }
        let removed = self.components.remove(index);
        let name = removed.name.trim();
        for text in [&mut self.same_provider, &mut self.distinct_providers] {
            let kept: Vec<Vec<String>> = groups(text)
                .into_iter()
                .map(|group| group.into_iter().filter(|n| n != name).collect::<Vec<_>>())
                .filter(|group| !group.is_empty())
                .collect();
            *text = groups_text(&kept);
        }
    }

    /// The blueprint this form describes, or every field that does not read.
    pub fn read(&self) -> Result<Blueprint, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = self.name.trim();
        if name.is_empty() {
            errors.push(FieldError::new("name", BlueprintInputError::Empty));
        } else if name.chars().count() > NAME_MAX_CHARS {
            errors.push(FieldError::new("name", BlueprintInputError::TooLong));
        }
        let objective = self.objective.trim().to_ascii_lowercase();
        if !matches!(objective.as_str(), "cost" | "carbon") {
            errors.push(FieldError::new("objective", BlueprintInputError::Objective));
        }
        if self.components.len() > MAX_COMPONENTS {
            // Each component would be read for nothing: the form is refused on its size first.
            errors.push(FieldError::new(
                "components",
                BlueprintInputError::TooManyComponents,
            ));
            return Err(errors);
        }
        let mut components = Vec::with_capacity(self.components.len());
        let mut names = BTreeSet::new();
        for (index, component) in self.components.iter().enumerate() {
            let name = component.name.trim();
            if !name.is_empty() && !names.insert(name) {
                errors.push(FieldError::new(
                    component_field(index, "name"),
                    BlueprintInputError::Duplicate,
                ));
            }
            components.push(component.read(index, &mut errors));
        }
        let mut constraints = Map::new();
        match list(&self.jurisdictions) {
            list if list.is_empty() => {}
            list => {
                let upper: Vec<String> = list.iter().map(|j| j.to_ascii_uppercase()).collect();
                constraints.insert("jurisdictions".into(), json!(upper));
            }
        }
        match country_list(&self.countries) {
            Ok(Some(codes)) => {
                constraints.insert("countries".into(), json!(codes));
            }
            Ok(None) => {}
            Err(problem) => errors.push(FieldError::new("countries", problem)),
        }
        let availability = self.min_availability.trim().replace(',', ".");
        if !availability.is_empty() {
            match availability.parse::<f64>() {
                Ok(level) if (0.0..=100.0).contains(&level) => {
                    constraints.insert("min_availability".into(), json!(level));
                }
                _ => errors.push(FieldError::new(
                    "min_availability",
                    BlueprintInputError::Availability,
                )),
            }
        }
        let mut number =
            |field: &str, key: &str, outcome: Result<Option<u64>, BlueprintInputError>| {
                match outcome {
                    Ok(Some(n)) => {
                        constraints.insert(key.into(), json!(n));
                    }
                    Ok(None) => {}
                    Err(problem) => errors.push(FieldError::new(field, problem)),
                }
            };
        number(
            "max_monthly",
            "max_monthly_minor",
            scaled(&self.max_monthly, 2, BlueprintInputError::Money),
        );
        number(
            "max_carbon",
            "max_carbon_g_month",
            scaled(&self.max_carbon, 3, BlueprintInputError::Carbon),
        );
        number(
            "max_providers",
            "max_providers",
            whole(&self.max_providers, 1),
        );
        for (field, text) in [
            ("same_provider", &self.same_provider),
            ("distinct_providers", &self.distinct_providers),
        ] {
            let groups = groups(text);
            if group_names(&groups) > MAX_GROUP_NAMES {
                errors.push(FieldError::new(field, BlueprintInputError::TooManyNames));
            } else if let Some(problem) = group_problem(&groups, &names) {
                errors.push(FieldError::new(field, problem));
            }
            constraints.insert(field.into(), json!(groups));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let document = json!({
            "format": crate::format::BLUEPRINT_FORMAT,
            "name": name,
            "objective": objective,
            "components": components,
            "constraints": constraints,
        });
        // Every rule of the format was checked above, field by field; this is the backstop.
        Blueprint::from_value(document)
            .map_err(|_| vec![FieldError::new("name", BlueprintInputError::Format)])
    }
}

#[cfg(test)]
mod tests;
