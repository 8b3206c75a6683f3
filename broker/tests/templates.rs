//! Every blueprint template is feasible on the demo marketplace that a fresh Comptoir loads.

use broker::account::{Role, TenantId, UserId};
use broker::catalog::{OfferId, ProviderId};
use broker::contract::events::{self, Activation, Creation, EventPayload, LineProvisioned};
use broker::contract::{
    ContractDocument, ContractId, ContractStatus, ProviderParty, SignRequest, TenantParty,
};
use broker::demo;
use broker::format::Catalog;
use broker::placement::plan;
use broker::provisioning::{self, Progress, ResourceState, SimulatedAdapter, SimulationConfig};
use broker::quote::{OfferNow, OfferSnapshot, Quote, QuoteId};
use broker::templates::{TEMPLATES, find};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The demo marketplace as one catalog document; offer ids are `provider/offer`, since offer
/// ids are only unique within a provider.
fn demo_catalog() -> Catalog {
    let demo = demo::marketplace().expect("the demo file parses");
    let offers: Vec<Value> = demo
        .providers
        .iter()
        .flat_map(|provider| {
            let slug = provider.application.slug.clone();
            provider.offers.iter().map(move |offer| {
                let terms = &offer.terms;
                let mut value = json!({
                    "id": format!("{slug}/{}", offer.external_id),
                    "provider": slug,
                    "domain": offer.domain,
                    "name": terms.name,
                    "country": terms.country,
                    "jurisdiction": terms.jurisdiction,
                    "attributes": terms.attributes,
                    "certifications": terms.certifications,
                    "availability": f64::from(terms.availability_bp) / 100.0,
                    "monthly_price_minor": terms.monthly_price.minor(),
                    "carbon_g_month": terms.carbon_g_month,
                });
                if let Some(capacity) = offer.capacity {
                    value["capacity"] = json!(capacity);
                }
                value
            })
        })
        .collect();
    Catalog::from_value(
        json!({ "format": "comptoir.catalog/v1", "currency": "EUR", "offers": offers }),
    )
    .expect("the demo marketplace is a valid catalog")
}

#[test]
fn every_template_is_feasible_on_the_demo_marketplace() {
    let catalog = demo_catalog();
    for template in &TEMPLATES {
        let blueprint = template.blueprint().expect(template.name);
        let placement = plan(&catalog, &blueprint);
        assert!(
            placement.plan.feasible,
            "{}: {:?}",
            template.name, placement.plan.reasons
        );
        assert_eq!(
            placement.plan.assignments.len(),
            blueprint.components().len(),
            "{}",
            template.name
        );
    }
}

/// The demo offers as the store would give them: row ids by position, providers by slug.
fn demo_snapshots() -> (Vec<OfferSnapshot>, Vec<ProviderParty>) {
    let demo = demo::marketplace().expect("the demo file parses");
    let mut offers = Vec::new();
    let mut parties = Vec::new();
    for (p, provider) in (1..).zip(&demo.providers) {
        let slug = provider.application.slug.clone();
        parties.push(ProviderParty {
            id: ProviderId::new(p),
            slug: slug.clone(),
            legal_name: provider.application.legal_name.clone(),
        });
        for (o, offer) in (1..).zip(&provider.offers) {
            let terms = &offer.terms;
            offers.push(OfferSnapshot {
                offer: OfferId::new(p * 1000 + o),
                external_id: format!("{slug}/{}", offer.external_id),
                version: 1,
                name: terms.name.clone(),
                unit: terms.unit.clone(),
                provider: ProviderId::new(p),
                provider_slug: slug.clone(),
                currency: terms.monthly_price.currency(),
                monthly_price_minor: terms.monthly_price.minor(),
                availability_bp: terms.availability_bp,
                country: terms.country.to_string(),
                jurisdiction: terms.jurisdiction.clone(),
                carbon_g_month: terms.carbon_g_month,
            });
        }
    }
    (offers, parties)
}

#[test]
fn a_template_goes_from_plan_to_quote_to_signed_contract_to_active_resources() {
    const NOW: i64 = 1_700_000_000;
    let blueprint = find("web-shop").unwrap().blueprint().unwrap();
    let placement = plan(&demo_catalog(), &blueprint);
    let (offers, parties) = demo_snapshots();
    let lookup = |provider: &str, offer: &str| {
        offers
            .iter()
            .find(|o| o.provider_slug == provider && o.external_id == offer)
            .cloned()
    };
    let tenant = TenantId::new(1);
    let quote = Quote::from_plan(&placement.plan, tenant, blueprint.name(), NOW, lookup)
        .expect("a feasible plan on current offers is accepted");
    assert_eq!(
        u64::try_from(quote.total_monthly().minor()).unwrap(),
        placement.plan.total_monthly_minor
    );
    let current: BTreeMap<OfferId, OfferNow> = offers
        .iter()
        .map(|o| {
            let now = OfferNow {
                version: 1,
                published: true,
                capacity: Some(50),
            };
            (o.offer, now)
        })
        .collect();
    assert_eq!(quote.check(NOW + 86_400, &current), Ok(()));

    let party = TenantParty {
        id: tenant,
        legal_name: "Atelier Lumière SARL".to_owned(),
    };
    let document = ContractDocument::from_quote(
        ContractId::new(1),
        QuoteId::new(1),
        &quote,
        party,
        &parties,
        NOW + 600,
    )
    .expect("a contract");
    assert_eq!(
        ContractDocument::from_canonical(&document.canonical()),
        Ok(document.clone())
    );
    let created = events::append(
        None,
        document.id(),
        &EventPayload::Created(Creation {
            by: UserId::new(2),
            document_sha256: document.sha256(),
        }),
        NOW + 600,
    )
    .unwrap();
    let sha = document.sha256();
    let signature = document
        .sign(
            ContractStatus::AwaitingSignature,
            &SignRequest {
                user: UserId::new(1),
                role: Role::Owner,
                shown_sha256: &sha,
                at: NOW + 900,
                address: "198.51.100.4".parse().unwrap(),
                user_agent: "Mozilla/5.0",
            },
        )
        .expect("an owner signs what was shown");
    let signed = events::append(
        Some(&created),
        document.id(),
        &EventPayload::Signed(signature),
        NOW + 900,
    )
    .unwrap();
    let mut events = vec![created, signed];

    let adapter = SimulatedAdapter::new(SimulationConfig {
        seed: 4,
        failure_per_mille: 0,
        ..SimulationConfig::default()
    })
    .unwrap();
    let orders = provisioning::orders(&document);
    let mut states = Vec::new();
    for order in &orders {
        let operation = adapter.provision(&order.request, NOW + 900);
        let state = adapter
            .state_at(&order.request.instance, &operation, NOW + 1200)
            .unwrap();
        if state == ResourceState::Active {
            let payload = EventPayload::LineActivated(LineProvisioned {
                line: order.line,
                instance: order.request.instance.to_string(),
            });
            let event = events::append(events.last(), document.id(), &payload, NOW + 1200).unwrap();
            events.push(event);
        }
        states.push(state);
    }
    let progress = Progress::of(&states);
    assert!(progress.is_complete(), "{progress:?}");
    let activated = EventPayload::Activated(Activation {
        lines: progress.total,
    });
    let event = events::append(events.last(), document.id(), &activated, NOW + 1200).unwrap();
    events.push(event);
    assert_eq!(events::verify(&events), Ok(()));
    assert_eq!(events::status(&events), Some(ContractStatus::Active));
}
