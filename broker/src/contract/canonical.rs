//! The canonical form of a contract document, written and read (see the parent module docs).

use super::{
    BROKER, CONTRACT_FORMAT, ContractDocument, ContractError, ContractId, ProviderParty,
    TenantParty,
};
use crate::account::TenantId;
use crate::catalog::{OfferId, ProviderId};
use crate::money::Currency;
use crate::quote::{LineTerms, OfferSnapshot, Quote, QuoteId, QuoteTerms};
use serde::{Deserialize, Serialize};

// Field order here is the canonical order: serde writes struct fields as declared.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    format: String,
    contract: ContractId,
    quote: QuoteId,
    service: String,
    quoted_at: i64,
    issued_at: i64,
    broker: Broker,
    tenant: Tenant,
    providers: Vec<Provider>,
    currency: Currency,
    lines: Vec<Line>,
    total_monthly_minor: i64,
    term: Term,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Broker {
    name: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Tenant {
    id: TenantId,
    legal_name: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Provider {
    id: ProviderId,
    slug: String,
    legal_name: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    component: String,
    provider: ProviderId,
    offer: OfferId,
    offer_external_id: String,
    offer_version: i64,
    offer_name: String,
    unit: String,
    quantity: i64,
    unit_price_minor: i64,
    monthly_minor: i64,
    availability_bp: u32,
    country: String,
    jurisdiction: String,
    unit_carbon_g_month: i64,
    carbon_g_month: i64,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Term {
    months: u32,
    renewal_months: u32,
    notice_days: u32,
}

pub(super) fn write(document: &ContractDocument) -> String {
    let term = document.term();
    let canonical = Document {
        format: CONTRACT_FORMAT.to_owned(),
        contract: document.id(),
        quote: document.quote_id(),
        service: document.service().to_owned(),
        quoted_at: document.quoted_at(),
        issued_at: document.issued_at(),
        broker: Broker {
            name: BROKER.to_owned(),
        },
        tenant: Tenant {
            id: document.tenant().id,
            legal_name: document.tenant().legal_name.clone(),
        },
        providers: document
            .providers()
            .iter()
            .map(|party| Provider {
                id: party.id,
                slug: party.slug.clone(),
                legal_name: party.legal_name.clone(),
            })
            .collect(),
        currency: document.currency(),
        lines: document
            .lines()
            .iter()
            .map(|line| {
                let offer = line.offer();
                Line {
                    component: line.component().to_owned(),
                    provider: offer.provider,
                    offer: offer.offer,
                    offer_external_id: offer.external_id.clone(),
                    offer_version: offer.version,
                    offer_name: offer.name.clone(),
                    unit: offer.unit.clone(),
                    quantity: line.quantity(),
                    unit_price_minor: offer.monthly_price_minor,
                    monthly_minor: line.monthly_total().minor(),
                    availability_bp: offer.availability_bp,
                    country: offer.country.clone(),
                    jurisdiction: offer.jurisdiction.clone(),
                    unit_carbon_g_month: offer.carbon_g_month,
                    carbon_g_month: line.carbon_g_month(),
                }
            })
            .collect(),
        total_monthly_minor: document.total_monthly().minor(),
        term: Term {
            months: term.months,
            renewal_months: term.renewal_months,
            notice_days: term.notice_days,
        },
    };
    // Strings, integers, arrays and structs always serialise.
    serde_json::to_string(&canonical).unwrap_or_default()
}

pub(super) fn read(text: &str) -> Result<ContractDocument, ContractError> {
    let not_canonical = ContractError::NotCanonical;
    let parsed: Document = serde_json::from_str(text).map_err(|e| not_canonical(e.to_string()))?;
    if parsed.format != CONTRACT_FORMAT {
        return Err(not_canonical(format!("unknown format {:?}", parsed.format)));
    }
    let providers: Vec<ProviderParty> = parsed
        .providers
        .into_iter()
        .map(|p| ProviderParty {
            id: p.id,
            slug: p.slug,
            legal_name: p.legal_name,
        })
        .collect();
    let lines = parsed
        .lines
        .into_iter()
        .map(|line| {
            let slug = providers
                .iter()
                .find(|party| party.id == line.provider)
                .map(|party| party.slug.clone())
                .ok_or(ContractError::MissingProvider(line.provider))?;
            Ok(LineTerms {
                component: line.component,
                quantity: line.quantity,
                offer: OfferSnapshot {
                    offer: line.offer,
                    external_id: line.offer_external_id,
                    version: line.offer_version,
                    name: line.offer_name,
                    unit: line.unit,
                    provider: line.provider,
                    provider_slug: slug,
                    currency: parsed.currency,
                    monthly_price_minor: line.unit_price_minor,
                    availability_bp: line.availability_bp,
                    country: line.country,
                    jurisdiction: line.jurisdiction,
                    carbon_g_month: line.unit_carbon_g_month,
                },
            })
        })
        .collect::<Result<Vec<_>, ContractError>>()?;
    let quote = Quote::new(QuoteTerms {
        tenant: parsed.tenant.id,
        blueprint: parsed.service,
        created_at: parsed.quoted_at,
        lines,
    })?;
    let tenant = TenantParty {
        id: parsed.tenant.id,
        legal_name: parsed.tenant.legal_name,
    };
    let document = ContractDocument::new(
        parsed.contract,
        parsed.quote,
        parsed.issued_at,
        tenant,
        &providers,
        quote,
    )?;
    // Totals, the term, the broker, the order of fields and parties, and every byte of spacing
    // or escaping are checked at once: the text must be what this document writes.
    if document.canonical() == text {
        Ok(document)
    } else {
        Err(not_canonical(
            "it differs from the canonical text of its own content".to_owned(),
        ))
    }
}
