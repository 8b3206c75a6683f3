//! Whether a quote still holds: its validity, and the current state of every offer it names.

use super::Quote;
use crate::calendar::utc_minute;
use crate::catalog::OfferId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// An offer as the marketplace has it now, as far as a quote cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferNow {
    /// The version in force now.
    pub version: i64,
    /// Whether it is for sale now.
    pub published: bool,
    /// Units still for sale; `None` is unlimited.
    pub capacity: Option<i64>,
}

/// Why a quote cannot become a contract.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum Staleness {
    /// The quote's validity ended at `at`.
    Expired { at: i64 },
    /// The offer has a newer version (new price or terms) than the one quoted.
    NewerVersion { quoted: i64, current: i64 },
    /// The offer is no longer for sale.
    Withdrawn,
    /// Fewer units are left than the quote needs of this offer (all its lines together).
    NotEnoughCapacity { wanted: i64, left: i64 },
}

/// One reason, with the line it concerns (`None` for the whole quote).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaleReason {
    /// The line's component.
    pub line: Option<String>,
    /// The offer's external id, with `line`.
    pub offer: Option<String>,
    pub reason: Staleness,
}

impl fmt::Display for StaleReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let (Some(line), Some(offer)) = (&self.line, &self.offer) {
            write!(f, "line {line:?}: offer {offer:?} ")?;
        }
        match &self.reason {
            Staleness::Expired { at } => write!(
                f,
                "this quote expired on {}: re-plan to get current prices",
                utc_minute(*at)
            ),
            Staleness::NewerVersion { quoted, current } => write!(
                f,
                "changed since the quote (version {current} now, version {quoted} quoted): \
                 re-plan to see its new terms"
            ),
            Staleness::Withdrawn => {
                f.write_str("is no longer for sale: re-plan to choose another offer")
            }
            Staleness::NotEnoughCapacity { wanted, left } => write!(
                f,
                "has {left} units left and the quote needs {wanted}: re-plan to choose \
                 another offer or a smaller quantity"
            ),
        }
    }
}

impl Quote {
    /// Whether this quote still holds at `now`, given the current state of its offers (an offer
    /// missing from `offers` counts as withdrawn). Every reason is listed, the expiry first, then
    /// each line in order with its most serious problem (withdrawn, then a newer version, then
    /// capacity), so the person sees everything a re-plan must fix.
    pub fn check(
        &self,
        now: i64,
        offers: &BTreeMap<OfferId, OfferNow>,
    ) -> Result<(), Vec<StaleReason>> {
        let mut reasons = Vec::new();
        if self.is_expired(now) {
            reasons.push(StaleReason {
                line: None,
                offer: None,
                reason: Staleness::Expired {
                    at: self.expires_at(),
                },
            });
        }
        let mut wanted: BTreeMap<OfferId, i64> = BTreeMap::new();
        for line in self.lines() {
            let total = wanted.entry(line.offer().offer).or_default();
            *total = total.saturating_add(line.quantity());
        }
        for line in self.lines() {
            let snapshot = line.offer();
            let reason = match offers.get(&snapshot.offer) {
                None => Some(Staleness::Withdrawn),
                Some(now) if !now.published => Some(Staleness::Withdrawn),
                Some(now) if now.version != snapshot.version => Some(Staleness::NewerVersion {
                    quoted: snapshot.version,
                    current: now.version,
                }),
                Some(OfferNow {
                    capacity: Some(left),
                    ..
                }) => {
                    let wanted = wanted[&snapshot.offer];
                    (*left < wanted).then_some(Staleness::NotEnoughCapacity {
                        wanted,
                        left: *left,
                    })
                }
                Some(_) => None,
            };
            if let Some(reason) = reason {
                reasons.push(StaleReason {
                    line: Some(line.component().to_owned()),
                    offer: Some(snapshot.external_id.clone()),
                    reason,
                });
            }
        }
        if reasons.is_empty() {
            Ok(())
        } else {
            Err(reasons)
        }
    }
}
