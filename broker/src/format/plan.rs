//! The plan document (`comptoir.plan/v1`): the broker's answer to a blueprint.

use serde::{Deserialize, Serialize};

use super::{FormatError, Objective, PLAN_FORMAT, parse_object};
use crate::money::Currency;

/// A plan, exactly as the specification writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanDocument {
    pub format: String,
    pub feasible: bool,
    pub objective: Objective,
    pub currency: Currency,
    pub total_monthly_minor: u64,
    pub total_carbon_g_month: u64,
    pub assignments: Vec<Assignment>,
    pub reasons: Vec<String>,
}

/// One component's chosen offer, with its share of the totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    pub component: String,
    pub offer: String,
    pub provider: String,
    pub quantity: u64,
    /// `quantity * monthly_price_minor`.
    pub monthly_minor: u64,
    /// `quantity * carbon_g_month`.
    pub carbon_g_month: u64,
}

impl PlanDocument {
    /// A plan with no feasible assignment, saying why.
    pub fn infeasible(objective: Objective, currency: Currency, reasons: Vec<String>) -> Self {
        Self {
            format: PLAN_FORMAT.to_owned(),
            feasible: false,
            objective,
            currency,
            total_monthly_minor: 0,
            total_carbon_g_month: 0,
            assignments: Vec::new(),
            reasons,
        }
    }

    /// A feasible plan; the totals are the sums of the assignments.
    pub fn feasible(
        objective: Objective,
        currency: Currency,
        assignments: Vec<Assignment>,
    ) -> Self {
        Self {
            format: PLAN_FORMAT.to_owned(),
            feasible: true,
            objective,
            currency,
            total_monthly_minor: assignments
                .iter()
                .fold(0u64, |sum, a| sum.saturating_add(a.monthly_minor)),
            total_carbon_g_month: assignments
                .iter()
                .fold(0u64, |sum, a| sum.saturating_add(a.carbon_g_month)),
            assignments,
            reasons: Vec::new(),
        }
    }

    /// Reads a plan document (for tools that consume the broker's output).
    pub fn from_json(text: &str) -> Result<Self, FormatError> {
        let map = parse_object(text, PLAN_FORMAT)?;
        serde_json::from_value(serde_json::Value::Object(map)).map_err(|e| FormatError::Invalid {
            at: super::Location::Document,
            reason: e.to_string(),
        })
    }

    /// Writes the plan document, indented for people.
    pub fn to_json_pretty(&self) -> String {
        // Serialising plain structs of strings and integers into a string cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_is_written_with_the_specified_field_names() {
        let plan = PlanDocument::feasible(
            Objective::Cost,
            Currency::EUR,
            vec![Assignment {
                component: "web".into(),
                offer: "scw-dev1-m-par2".into(),
                provider: "scaleway".into(),
                quantity: 2,
                monthly_minor: 2300,
                carbon_g_month: 2400,
            }],
        );
        let value: serde_json::Value =
            serde_json::from_str(&plan.to_json_pretty()).expect("plan JSON");
        let expected = serde_json::json!({
            "format": "comptoir.plan/v1", "feasible": true, "objective": "cost", "currency": "EUR",
            "total_monthly_minor": 2300, "total_carbon_g_month": 2400,
            "assignments": [{"component": "web", "offer": "scw-dev1-m-par2", "provider": "scaleway",
                "quantity": 2, "monthly_minor": 2300, "carbon_g_month": 2400}],
            "reasons": []
        });
        assert_eq!(value, expected);
        assert_eq!(PlanDocument::from_json(&plan.to_json_pretty()), Ok(plan));
    }

    #[test]
    fn an_infeasible_plan_has_no_assignments_and_its_reasons() {
        let plan = PlanDocument::infeasible(Objective::Carbon, Currency::EUR, vec!["why".into()]);
        assert!(!plan.feasible);
        assert!(plan.assignments.is_empty());
        assert_eq!(plan.reasons, vec!["why".to_owned()]);
    }
}
