//! What providers report on their instances through the API, as the billing specification's
//! "Usage and downtime records" defines it: the provider API tokens that authenticate them
//! (`token`), and how each record of a batch is judged (`record`): accepted, a safe resend, a
//! conflicting resend, or refused with its reason.
//!
//! Everything here is pure: the store supplies what the records name (their instances, the
//! records already kept under the same ids) and the use case writes what is accepted.

mod record;
mod token;

pub use record::{
    Batch, BatchTooLarge, DowntimeRecord, FUTURE_SKEW_SECS, MAX_BATCH, MAX_RECORD_ID_CHARS,
    Refusal, Report, Target, UsageRecord, Verdict, judge, judge_resend,
};
pub use token::{
    LAST_USE_STEP, ProviderToken, TOKEN_PREFIX, TokenHash, TokenName, TokenNameError, TokenSecret,
};

/// The share of the billed resource-time that was not reported down, in basis points rounded
/// down; `None` when nothing was billed. Both figures count each second of each unit.
pub fn uptime_bp(downtime_unit_secs: i64, billed_unit_secs: i64) -> Option<i64> {
    (billed_unit_secs > 0).then(|| {
        let down = downtime_unit_secs.clamp(0, billed_unit_secs);
        (billed_unit_secs - down) * 10_000 / billed_unit_secs
    })
}

crate::ids::typed_id!(
    /// A provider API token's row.
    ProviderTokenId
);
