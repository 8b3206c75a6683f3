//! Unit tests of placement, with the small catalogs and blueprints they are built from:
//! `selection` covers which offers fit a component and how the choice is explained,
//! `constraints` the plan-wide rules (provider groups, budget, carbon and the objective).

use serde_json::{Value, json};

use super::*;

mod constraints;
mod selection;

/// An offer in France under EU law with 4 vCPU, 8 GB of RAM and 200 GB of storage, ISO 27001,
/// 99.95% available, unlimited; `extra` overrides fields.
fn offer(id: &str, provider: &str, domain: &str, price: u64, carbon: u64, extra: Value) -> Value {
    let mut offer = json!({
        "id": id, "provider": provider, "domain": domain, "name": id, "country": "FR",
        "jurisdiction": "EU", "attributes": {"vcpu": 4, "ram_gb": 8, "storage_gb": 200},
        "certifications": ["ISO27001"], "availability": 99.95,
        "monthly_price_minor": price, "carbon_g_month": carbon
    });
    if let (Some(target), Value::Object(fields)) = (offer.as_object_mut(), extra) {
        target.extend(fields);
    }
    offer
}

fn catalog(offers: Vec<Value>) -> Catalog {
    Catalog::from_value(
        json!({"format": "comptoir.catalog/v1", "currency": "EUR", "offers": offers}),
    )
    .expect("test catalog is valid")
}

fn blueprint(objective: &str, components: Value, constraints: Value) -> Blueprint {
    Blueprint::from_value(json!({
        "format": "comptoir.blueprint/v1", "name": "test", "objective": objective,
        "components": components, "constraints": constraints
    }))
    .expect("test blueprint is valid")
}

fn component(name: &str, domain: &str, quantity: u64) -> Value {
    json!({"name": name, "domain": domain, "quantity": quantity})
}

fn chosen(placement: &Placement) -> Vec<(String, String)> {
    placement
        .plan
        .assignments
        .iter()
        .map(|a| (a.component.clone(), a.offer.clone()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(c, o)| ((*c).to_owned(), (*o).to_owned()))
        .collect()
}
