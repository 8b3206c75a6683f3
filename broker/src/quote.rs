//! Quotes: a plan that a tenant accepted, with the exact offer versions and prices frozen for
//! [`QUOTE_VALIDITY_SECS`]. A contract is made from a quote only while the quote still holds:
//! [`Quote::check`] compares it with the current state of its offers and says, line by line, why
//! it must be re-planned (expired, an offer changed or was withdrawn, not enough capacity left).
//!
//! Money is integer minor units of one currency, added with [`Money`]'s checked arithmetic; a
//! quote whose totals would overflow cannot be built.

mod stale;

use crate::account::TenantId;
use crate::catalog::{OfferId, OfferListing, ProviderId};
use crate::format::{CountryCode, PlanDocument};
use crate::ids::typed_id;
use crate::money::{Currency, Money, MoneyError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

pub use stale::{OfferNow, StaleReason, Staleness};

typed_id!(
    /// A quote a tenant accepted.
    QuoteId
);

/// How long a quote holds its prices: 7 days.
pub const QUOTE_VALIDITY_SECS: i64 = 7 * 24 * 60 * 60;

/// Why a quote could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuoteError {
    #[error("a quote needs at least one line")]
    NoLines,
    #[error("line {component:?}: {problem}")]
    InvalidLine {
        component: String,
        problem: &'static str,
    },
    #[error("component {0:?} appears on two lines")]
    DuplicateComponent(String),
    #[error("line {component:?} is priced in {found}, the quote in {expected}")]
    MixedCurrencies {
        component: String,
        expected: Currency,
        found: Currency,
    },
    #[error("the plan is not feasible, so there is nothing to accept: relax the blueprint")]
    PlanInfeasible,
    #[error("line {component:?}: offer {offer:?} is no longer in the catalog: re-plan")]
    UnknownOffer { component: String, offer: String },
    #[error("line {component:?}: offer {offer:?} changed since the plan was made: re-plan")]
    PlanOutdated { component: String, offer: String },
    #[error(transparent)]
    Money(#[from] MoneyError),
}

/// The version of an offer that a quote line freezes: who sells it, what it costs per unit per
/// month, and the terms a contract relies on. No floats: availability is in basis points of a
/// percent (99.95 % is 9995).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferSnapshot {
    pub offer: OfferId,
    pub external_id: String,
    pub version: i64,
    pub name: String,
    pub unit: String,
    pub provider: ProviderId,
    pub provider_slug: String,
    pub currency: Currency,
    pub monthly_price_minor: i64,
    pub availability_bp: u32,
    pub country: String,
    pub jurisdiction: String,
    pub carbon_g_month: i64,
}

impl OfferSnapshot {
    /// The current version of a listed offer.
    pub fn from_listing(listing: &OfferListing) -> Self {
        Self {
            offer: listing.id,
            external_id: listing.external_id.clone(),
            version: listing.version,
            name: listing.terms.name.clone(),
            unit: listing.terms.unit.clone(),
            provider: listing.provider,
            provider_slug: listing.provider_slug.to_string(),
            currency: listing.terms.monthly_price.currency(),
            monthly_price_minor: listing.terms.monthly_price.minor(),
            availability_bp: listing.terms.availability_bp,
            country: listing.terms.country.to_string(),
            jurisdiction: listing.terms.jurisdiction.clone(),
            carbon_g_month: listing.terms.carbon_g_month,
        }
    }
}

/// What a quote line is made of: a component, how many units, and the offer version chosen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineTerms {
    pub component: String,
    pub quantity: i64,
    pub offer: OfferSnapshot,
}

/// A valid quote line with its monthly totals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "LineTerms", into = "LineTerms")]
pub struct QuoteLine {
    terms: LineTerms,
    monthly_total: Money,
    carbon_g_month: i64,
}

impl QuoteLine {
    pub fn new(terms: LineTerms) -> Result<Self, QuoteError> {
        let problem = |problem| QuoteError::InvalidLine {
            component: terms.component.clone(),
            problem,
        };
        let offer = &terms.offer;
        if terms.component.trim().is_empty() {
            return Err(problem("the component has no name"));
        }
        if terms.quantity < 1 {
            return Err(problem("the quantity must be 1 or more"));
        }
        if offer.monthly_price_minor < 0 || offer.carbon_g_month < 0 {
            return Err(problem("the price and carbon cannot be negative"));
        }
        if offer.availability_bp > 10_000 {
            return Err(problem("availability cannot exceed 100 %"));
        }
        if CountryCode::parse(&offer.country).is_err() {
            return Err(problem("the country is not a two-letter code"));
        }
        if offer.jurisdiction.trim().is_empty() || offer.external_id.trim().is_empty() {
            return Err(problem("the offer has no id or no jurisdiction"));
        }
        let monthly_total =
            Money::new(offer.monthly_price_minor, offer.currency).checked_mul(terms.quantity)?;
        let carbon_g_month = offer
            .carbon_g_month
            .checked_mul(terms.quantity)
            .ok_or(MoneyError::Overflow)?;
        Ok(Self {
            terms,
            monthly_total,
            carbon_g_month,
        })
    }

    pub fn component(&self) -> &str {
        &self.terms.component
    }

    pub fn quantity(&self) -> i64 {
        self.terms.quantity
    }

    pub fn offer(&self) -> &OfferSnapshot {
        &self.terms.offer
    }

    pub fn unit_price(&self) -> Money {
        Money::new(
            self.terms.offer.monthly_price_minor,
            self.terms.offer.currency,
        )
    }

    /// `quantity * unit price`.
    pub fn monthly_total(&self) -> Money {
        self.monthly_total
    }

    /// `quantity * carbon per unit`, in grams of CO2e per month.
    pub fn carbon_g_month(&self) -> i64 {
        self.carbon_g_month
    }
}

impl TryFrom<LineTerms> for QuoteLine {
    type Error = QuoteError;
    fn try_from(terms: LineTerms) -> Result<Self, Self::Error> {
        Self::new(terms)
    }
}

impl From<QuoteLine> for LineTerms {
    fn from(line: QuoteLine) -> Self {
        line.terms
    }
}

/// What a quote is made of; `expires_at` follows from `created_at`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteTerms {
    pub tenant: TenantId,
    /// The blueprint's name, for people.
    pub blueprint: String,
    pub created_at: i64,
    pub lines: Vec<LineTerms>,
}

/// A valid quote: at least one line, one line per component, one currency, totals that fit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "QuoteTerms", into = "QuoteTerms")]
pub struct Quote {
    tenant: TenantId,
    blueprint: String,
    created_at: i64,
    lines: Vec<QuoteLine>,
    total_monthly: Money,
    total_carbon_g_month: i64,
}

impl Quote {
    pub fn new(terms: QuoteTerms) -> Result<Self, QuoteError> {
        let first = terms.lines.first().ok_or(QuoteError::NoLines)?;
        let currency = first.offer.currency;
        let mut seen = BTreeSet::new();
        let mut total_monthly = Money::zero(currency);
        let mut total_carbon_g_month: i64 = 0;
        let mut lines = Vec::with_capacity(terms.lines.len());
        for line in terms.lines {
            let line = QuoteLine::new(line)?;
            if !seen.insert(line.component().to_owned()) {
                return Err(QuoteError::DuplicateComponent(line.component().to_owned()));
            }
            if line.offer().currency != currency {
                return Err(QuoteError::MixedCurrencies {
                    component: line.component().to_owned(),
                    expected: currency,
                    found: line.offer().currency,
                });
            }
            total_monthly = total_monthly.checked_add(line.monthly_total())?;
            total_carbon_g_month = total_carbon_g_month
                .checked_add(line.carbon_g_month())
                .ok_or(MoneyError::Overflow)?;
            lines.push(line);
        }
        Ok(Self {
            tenant: terms.tenant,
            blueprint: terms.blueprint,
            created_at: terms.created_at,
            lines,
            total_monthly,
            total_carbon_g_month,
        })
    }

    /// Accepts a feasible plan: each assignment becomes a line on the offer version that
    /// `offer(provider, offer)` finds now (the ids of the plan document). A plan whose offer is
    /// gone or now costs something else than the plan says is outdated: it must be re-planned.
    pub fn from_plan(
        plan: &PlanDocument,
        tenant: TenantId,
        blueprint: &str,
        created_at: i64,
        offer: impl Fn(&str, &str) -> Option<OfferSnapshot>,
    ) -> Result<Self, QuoteError> {
        if !plan.feasible {
            return Err(QuoteError::PlanInfeasible);
        }
        let lines = plan
            .assignments
            .iter()
            .map(|assignment| {
                let component = assignment.component.clone();
                let snapshot = offer(&assignment.provider, &assignment.offer).ok_or_else(|| {
                    QuoteError::UnknownOffer {
                        component: component.clone(),
                        offer: assignment.offer.clone(),
                    }
                })?;
                let quantity =
                    i64::try_from(assignment.quantity).map_err(|_| MoneyError::Overflow)?;
                let as_planned = snapshot.currency == plan.currency
                    && snapshot.monthly_price_minor.checked_mul(quantity)
                        == i64::try_from(assignment.monthly_minor).ok();
                if !as_planned {
                    return Err(QuoteError::PlanOutdated {
                        component,
                        offer: assignment.offer.clone(),
                    });
                }
                Ok(LineTerms {
                    component,
                    quantity,
                    offer: snapshot,
                })
            })
            .collect::<Result<_, _>>()?;
        Self::new(QuoteTerms {
            tenant,
            blueprint: blueprint.to_owned(),
            created_at,
            lines,
        })
    }

    pub fn tenant(&self) -> TenantId {
        self.tenant
    }

    pub fn blueprint(&self) -> &str {
        &self.blueprint
    }

    pub fn created_at(&self) -> i64 {
        self.created_at
    }

    /// The first instant at which the quote no longer holds.
    pub fn expires_at(&self) -> i64 {
        self.created_at.saturating_add(QUOTE_VALIDITY_SECS)
    }

    pub fn is_expired(&self, now: i64) -> bool {
        now >= self.expires_at()
    }

    pub fn currency(&self) -> Currency {
        self.total_monthly.currency()
    }

    pub fn lines(&self) -> &[QuoteLine] {
        &self.lines
    }

    pub fn total_monthly(&self) -> Money {
        self.total_monthly
    }

    pub fn total_carbon_g_month(&self) -> i64 {
        self.total_carbon_g_month
    }
}

impl TryFrom<QuoteTerms> for Quote {
    type Error = QuoteError;
    fn try_from(terms: QuoteTerms) -> Result<Self, Self::Error> {
        Self::new(terms)
    }
}

impl From<Quote> for QuoteTerms {
    fn from(quote: Quote) -> Self {
        Self {
            tenant: quote.tenant,
            blueprint: quote.blueprint,
            created_at: quote.created_at,
            lines: quote.lines.into_iter().map(LineTerms::from).collect(),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
