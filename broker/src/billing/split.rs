//! The split of an invoice's net between each provider on it and the operator: per provider,
//! `commission = round(provider_net * commission_bp / 10000)` and `share = provider_net -
//! commission`, so the shares and commissions always add up to the net.

use super::BillingError;
use super::lines::{Line, provider_slug};
use super::rounding::{product, round_half_up};
use crate::format::ProviderId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One provider's part of an invoice: `commission = round(net * commission_bp / 10000)`,
/// `share = net - commission`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Split {
    #[serde(deserialize_with = "provider_slug")]
    pub provider: ProviderId,
    pub net_minor: i64,
    pub commission_bp: u32,
    pub commission_minor: i64,
    pub share_minor: i64,
}

/// Each provider's net, commission and share, in the order of the providers' slugs.
pub(super) fn split(
    lines: &[Line],
    commission_bp: impl Fn(&ProviderId) -> Result<u32, BillingError>,
) -> Result<Vec<Split>, BillingError> {
    let mut nets: BTreeMap<&ProviderId, i64> = BTreeMap::new();
    for line in lines {
        let net = nets.entry(line.provider()).or_default();
        *net = net
            .checked_add(line.amount_minor())
            .ok_or(BillingError::Overflow)?;
    }
    nets.into_iter()
        .map(|(provider, net)| {
            let rate = commission_bp(provider)?;
            if rate > 10_000 {
                return Err(BillingError::InvalidCommission(rate));
            }
            let commission = round_half_up(product(&[net, i64::from(rate)])?, 10_000)?;
            Ok(Split {
                provider: provider.clone(),
                net_minor: net,
                commission_bp: rate,
                commission_minor: commission,
                share_minor: net - commission,
            })
        })
        .collect()
}
