//! The rules of the provisioning job, without a database or a provider: which call an order needs
//! next, what the provider's answer does to it, and when its contract becomes active or ends
//! (who may retry or terminate a line is [`Role::can_retry`](crate::account::Role::can_retry) and
//! [`Role::can_terminate`](crate::account::Role::can_terminate)).
//! `service::provisioning` runs them against the store and an adapter.

use super::{AdapterError, LastOperation, Operation, ResourceEvent, ResourceState};
use crate::contract::{ContractId, ContractStatus};
use crate::money::Money;
use serde::{Deserialize, Serialize};

/// The call an order needs next at its provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Call {
    Provision,
    Deprovision,
    /// Poll the operation under way.
    Poll(Operation),
}

/// What the provider answered a [`Call`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// A provision or deprovision was accepted as this operation.
    Started(Operation),
    Polled(LastOperation),
}

/// The call for an order in `state` whose provider operation is `operation`; `None` when the
/// order is settled (active, failed, terminated) and waits for a person.
pub fn call_for(state: ResourceState, operation: Option<&Operation>) -> Option<Call> {
    if !state.is_in_flight() {
        return None;
    }
    Some(match (state, operation) {
        (_, Some(operation)) => Call::Poll(operation.clone()),
        (ResourceState::Terminating, None) => Call::Deprovision,
        (_, None) => Call::Provision,
    })
}

/// An order after its provider answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub state: ResourceState,
    /// The operation to poll next; `None` when there is none (settled, or to be asked again).
    pub operation: Option<Operation>,
    pub progress_percent: u8,
    pub description: String,
    /// The call got no answer: the next one should wait longer.
    pub unanswered: bool,
}

/// What `answer` to the call made for an order in `state` with `operation` does to it.
///
/// A provider that forgot an operation is asked again from the start (provisions and
/// deprovisions are idempotent by instance); one that could not be reached keeps the order as it
/// was, with the reason, for a later round. A failed deprovision is asked again too.
pub fn outcome(
    state: ResourceState,
    operation: Option<&Operation>,
    progress_percent: u8,
    answer: Result<Answer, AdapterError>,
) -> Outcome {
    let kept = |description: String, operation: Option<Operation>, unanswered| Outcome {
        state,
        operation,
        progress_percent,
        description,
        unanswered,
    };
    match answer {
        Err(AdapterError::UnknownOperation(_)) => kept(
            "the provider lost track of the request: asking again".to_owned(),
            None,
            false,
        ),
        Err(err) => kept(err.to_string(), operation.cloned(), true),
        Ok(Answer::Started(started)) => kept(
            "the provider accepted the request".to_owned(),
            Some(started),
            false,
        ),
        Ok(Answer::Polled(last)) => {
            let next = state
                .after_poll(&last)
                .and_then(|event| state.apply(event).ok())
                .unwrap_or(state);
            let settled = !next.is_in_flight();
            let failed_removal =
                state == ResourceState::Terminating && last.state == super::OperationState::Failed;
            Outcome {
                state: next,
                operation: (!settled && !failed_removal)
                    .then(|| operation.cloned())
                    .flatten(),
                progress_percent: last.progress_percent.min(100),
                description: last.description,
                unanswered: false,
            }
        }
    }
}

/// Seconds before the next call: `every`, doubled for each call in a row that got no answer, at
/// most a minute (or `every` when that is longer).
pub fn next_poll_delay(every: i64, attempts: i64) -> i64 {
    let shift = u32::try_from(attempts.clamp(0, 6)).unwrap_or(6);
    every.max(1).saturating_mul(1 << shift).min(60.max(every))
}

/// The event of one line's move from `from` to `to`, when it is one the contract records.
pub fn line_event(from: ResourceState, to: ResourceState) -> Option<ResourceEvent> {
    use ResourceEvent as E;
    use ResourceState as S;
    match (from, to) {
        (S::Requested | S::Provisioning, S::Active) => Some(E::Succeeded),
        (S::Requested | S::Provisioning, S::Failed) => Some(E::Failed),
        (S::Terminating, S::Terminated) => Some(E::Deprovisioned),
        _ => None,
    }
}

/// The status a contract in `status` moves to now that its lines are in `lines`, if it moves.
///
/// A signed contract becomes active when every line it still has is active: lines terminated
/// before activation (a failed line given up, say) no longer count, but at least one line must
/// be active. Any contract whose lines are all terminated is terminated.
pub fn settle(status: ContractStatus, lines: &[ResourceState]) -> Option<ContractStatus> {
    if lines.is_empty() {
        return None;
    }
    let terminated = |s: &ResourceState| *s == ResourceState::Terminated;
    if lines.iter().all(terminated) {
        return status.terminated();
    }
    let kept = lines.iter().filter(|s| !terminated(s));
    let all_active = kept.clone().all(|s| *s == ResourceState::Active);
    if status == ContractStatus::Signed && all_active {
        return status.activated();
    }
    None
}

/// A contract line's resource, as its tenant's members follow it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resource {
    pub contract: ContractId,
    /// The line's position in the contract, from 0.
    pub line: u32,
    /// The blueprint component the line serves.
    pub component: String,
    pub offer_name: String,
    pub provider_slug: String,
    pub quantity: i64,
    /// `quantity * unit price`, as quoted.
    pub monthly_total: Money,
    /// `quantity * carbon per unit`, grams of CO2e per month, as quoted.
    pub carbon_g_month: i64,
    pub state: ResourceState,
    /// 0 to 100, as the provider last said.
    pub progress_percent: u8,
    /// What the provider is doing, or why it failed.
    pub description: String,
    /// Unix seconds of the last change.
    pub updated_at: i64,
}

#[cfg(test)]
mod tests;
