//! Reading a provider's catalog document into valid new offers, and comparing them with the
//! offers the provider already has.

use super::{ImportIssue, ImportProblem, ImportReport, ImportSummary};
use crate::account::Field;
use crate::catalog::{
    self, CatalogInputError, NewOffer, OfferId, OfferListing, OfferStatus, OfferTerms,
    ValidNewOffer, ValidOfferTerms,
};
use crate::format::{self, CATALOG_FORMAT, FormatError, Location};
use crate::money::{Currency, MARKETPLACE_CURRENCY};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// A valid offer of the document and its position in `offers`.
#[derive(Clone, Debug, PartialEq)]
pub struct IncomingOffer {
    pub index: usize,
    pub offer: ValidNewOffer,
}

/// A change to an offer that exists, guarded by the status and version it was decided on.
#[derive(Clone, Debug, PartialEq)]
pub struct OfferUpdate {
    pub offer: OfferId,
    pub status: OfferStatus,
    pub version: i64,
    /// The terms of the new version, when a term changed.
    pub terms: Option<ValidOfferTerms>,
    /// The capacity, set with the new version or alone (`None` inside: unlimited).
    pub capacity: Option<i64>,
}

/// What an accepted document changes: offers to create, offers to update, and the summary.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportPlan {
    pub creates: Vec<ValidNewOffer>,
    pub updates: Vec<OfferUpdate>,
    pub summary: ImportSummary,
}

fn problem(
    offer: Option<&str>,
    index: Option<usize>,
    field: Option<&str>,
    message: impl Into<String>,
    issue: ImportIssue,
) -> ImportProblem {
    ImportProblem {
        offer: offer.map(str::to_owned),
        index,
        field: field.map(str::to_owned),
        message: message.into(),
        issue,
    }
}

/// A format error as a problem. The format reader names a field at the start of its reason
/// (`field country: ...`); that prefix becomes the problem's field.
fn format_problem(offer: Option<&str>, index: Option<usize>, error: FormatError) -> ImportProblem {
    match error {
        FormatError::Invalid { at, reason } => {
            let offer = match &at {
                Location::Offer(id) => Some(id.as_str()),
                _ => offer,
            };
            match reason
                .strip_prefix("field ")
                .and_then(|rest| rest.split_once(": "))
            {
                Some((field, message)) => {
                    problem(offer, index, Some(field), message, ImportIssue::Format)
                }
                None => problem(offer, index, None, reason, ImportIssue::Format),
            }
        }
        FormatError::WrongFormat { expected, found } => problem(
            None,
            None,
            Some("format"),
            format!("expected \"{expected}\", got {found}"),
            ImportIssue::Format,
        ),
        other => problem(offer, index, None, other.to_string(), ImportIssue::Format),
    }
}

/// The document's name for a field of the offer rules.
fn document_field(field: Field) -> Option<&'static str> {
    Some(match field {
        Field::ExternalId => "id",
        Field::Domain => "domain",
        Field::OfferName => "name",
        Field::Country => "country",
        Field::Jurisdiction => "jurisdiction",
        Field::Attributes => "attributes",
        Field::Certifications => "certifications",
        Field::Availability => "availability",
        Field::Currency => "currency",
        Field::Price => "monthly_price_minor",
        Field::Carbon => "carbon_g_month",
        Field::Capacity => "capacity",
        Field::Meters => "meters",
        _ => return None,
    })
}

fn rule_problem(
    id: &str,
    index: usize,
    (field, error): (Field, CatalogInputError),
) -> ImportProblem {
    problem(
        Some(id),
        Some(index),
        document_field(field),
        error.to_string(),
        ImportIssue::Rule { problem: error },
    )
}

/// Reads `document` as the catalog of the provider `provider_slug`: every offer must be well
/// formed, name that provider and pass the offer rules, and the document must be in the
/// marketplace's currency. Each offer is read on its own, so the report names every invalid
/// offer, not only the first.
///
/// An offer's `id` may carry its provider as a prefix (`provider/id`), as exports spanning
/// several providers write it; the prefix is dropped.
pub fn read_document(
    document: &str,
    provider_slug: &str,
) -> Result<Vec<IncomingOffer>, ImportReport> {
    let one = |problem| ImportReport {
        problems: vec![problem],
    };
    let mut value: Value = serde_json::from_str(document)
        .map_err(|e| one(format_problem(None, None, FormatError::Json(e.to_string()))))?;
    // The document without its offers, to check the top-level fields first.
    let offers = match value.get_mut("offers") {
        Some(Value::Array(offers)) => std::mem::take(offers),
        _ => Vec::new(),
    };
    let header =
        format::Catalog::from_value(value).map_err(|e| one(format_problem(None, None, e)))?;
    let currency = header.currency();
    if currency != MARKETPLACE_CURRENCY {
        return Err(one(problem(
            None,
            None,
            Some("currency"),
            format!("the marketplace trades in {MARKETPLACE_CURRENCY}, not {currency}"),
            ImportIssue::Currency {
                expected: MARKETPLACE_CURRENCY.to_string(),
                found: currency.to_string(),
            },
        )));
    }
    let mut problems = Vec::new();
    let mut incoming = Vec::new();
    let mut seen = BTreeSet::new();
    for (index, raw) in offers.into_iter().enumerate() {
        let raw_id = raw
            .get("id")
            .and_then(Value::as_str)
            .filter(|id| !id.trim().is_empty())
            .map(str::to_owned);
        let raw_id = raw_id.as_deref();
        // Ids that differ only by the provider's prefix or by spaces name one stored offer.
        if let Some(id) = raw_id
            && !seen.insert(own_id(id, provider_slug).to_owned())
        {
            problems.push(problem(
                Some(id),
                Some(index),
                Some("id"),
                "this id appears more than once in the document",
                ImportIssue::DuplicateId,
            ));
            continue;
        }
        let alone =
            json!({"format": CATALOG_FORMAT, "currency": currency.as_str(), "offers": [raw]});
        let offer = match format::Catalog::from_value(alone) {
            Ok(catalog) => catalog.offers()[0].clone(),
            Err(error) => {
                problems.push(format_problem(raw_id, Some(index), error));
                continue;
            }
        };
        match check_offer(&offer, index, currency, provider_slug) {
            Ok(offer) => incoming.push(IncomingOffer { index, offer }),
            Err(found) => problems.extend(found),
        }
    }
    if problems.is_empty() {
        Ok(incoming)
    } else {
        Err(ImportReport { problems })
    }
}

/// The provider's own id of an offer, as the store keeps it: `id` without its `provider/`
/// prefix, if it has one, and without spaces around it.
pub(super) fn own_id<'a>(id: &'a str, provider_slug: &str) -> &'a str {
    let id = id.trim();
    id.strip_prefix(provider_slug)
        .and_then(|rest| rest.strip_prefix('/'))
        .unwrap_or(id)
        .trim()
}

/// One well-formed offer against the provider and the offer rules.
fn check_offer(
    offer: &format::Offer,
    index: usize,
    currency: Currency,
    provider_slug: &str,
) -> Result<ValidNewOffer, Vec<ImportProblem>> {
    let id = offer.id().as_str();
    let mut problems = Vec::new();
    if offer.provider().as_str() != provider_slug {
        problems.push(problem(
            Some(id),
            Some(index),
            Some("provider"),
            format!(
                "this offer belongs to \"{}\"; only offers of \"{provider_slug}\" can be imported here",
                offer.provider().as_str()
            ),
            ImportIssue::OtherProvider {
                provider: offer.provider().as_str().to_owned(),
                expected: provider_slug.to_owned(),
            },
        ));
    }
    let external_id = own_id(id, provider_slug);
    let terms = OfferTerms::from_catalog_offer(offer, currency)
        .map_err(|error| problems.push(rule_problem(id, index, error)))
        .ok();
    let capacity = offer
        .capacity()
        .map(|units| {
            i64::try_from(units).map_err(|_| {
                problems.push(rule_problem(
                    id,
                    index,
                    (Field::Capacity, CatalogInputError::TooLarge),
                ))
            })
        })
        .transpose()
        .ok();
    let (Some(terms), Some(capacity)) = (terms, capacity) else {
        return Err(problems);
    };
    let new = NewOffer {
        external_id: external_id.to_owned(),
        domain: offer.domain().to_owned(),
        terms,
        capacity,
    };
    match new.validate() {
        Ok(valid) if problems.is_empty() => Ok(valid),
        Ok(_) => Err(problems),
        Err(errors) => {
            problems.extend(errors.into_iter().map(|e| rule_problem(id, index, e)));
            Err(problems)
        }
    }
}

/// Compares the document's offers with the provider's `existing` ones (matched by external id):
/// a new id is created; a change of a term makes a new version (as editing the offer does); a
/// new capacity alone is set; the rest is left alone. An offer in review or retired keeps its
/// terms, and an offer's domain never changes: such offers are refused.
pub fn plan_import(
    existing: &[OfferListing],
    incoming: Vec<IncomingOffer>,
) -> Result<ImportPlan, ImportReport> {
    let by_id: BTreeMap<&str, &OfferListing> = existing
        .iter()
        .map(|offer| (offer.external_id.as_str(), offer))
        .collect();
    let mut plan = ImportPlan::default();
    let mut problems = Vec::new();
    for IncomingOffer { index, offer } in incoming {
        let id = offer.external_id();
        let Some(current) = by_id.get(id) else {
            plan.summary.created += 1;
            plan.creates.push(offer);
            continue;
        };
        if current.domain != offer.domain() {
            problems.push(problem(
                Some(id),
                Some(index),
                Some("domain"),
                format!(
                    "this offer is in {}; an offer's domain cannot change (give it a new id instead)",
                    current.domain
                ),
                ImportIssue::DomainFixed {
                    domain: current.domain.clone(),
                },
            ));
            continue;
        }
        // The format carries neither the presentation nor the unit: they keep their values.
        let merged = OfferTerms {
            description: current.terms.description.clone(),
            tagline: current.terms.tagline.clone(),
            unit: current.terms.unit.clone(),
            ..offer.terms().get().clone()
        };
        let terms = match merged.validate() {
            Ok(terms) => terms,
            Err(errors) => {
                problems.extend(errors.into_iter().map(|e| rule_problem(id, index, e)));
                continue;
            }
        };
        let new_version = catalog::needs_new_version(&current.terms, terms.get());
        let new_capacity = current.capacity != offer.capacity();
        if new_version && !current.status.editable() {
            let (message, issue) = match current.status {
                OfferStatus::InReview => (
                    "the operator is reviewing this offer; its terms can change once the review is done",
                    ImportIssue::InReview,
                ),
                _ => (
                    "this offer is retired; submit it again before importing new terms",
                    ImportIssue::Retired,
                ),
            };
            problems.push(problem(Some(id), Some(index), None, message, issue));
            continue;
        }
        if !new_version && !new_capacity {
            plan.summary.unchanged += 1;
            continue;
        }
        if new_version {
            plan.summary.updated += 1;
        } else {
            plan.summary.capacity_changed += 1;
        }
        plan.updates.push(OfferUpdate {
            offer: current.id,
            status: current.status,
            version: current.version,
            terms: new_version.then_some(terms),
            capacity: offer.capacity(),
        });
    }
    if problems.is_empty() {
        Ok(plan)
    } else {
        Err(ImportReport { problems })
    }
}
