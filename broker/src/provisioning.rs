//! Provisioning: a signed contract makes one order per line, and each order's resource is created
//! at its provider through a provider adapter shaped like the Open Service Broker API: an
//! asynchronous provision that returns an operation, then polling of the last operation (in
//! progress, succeeded, or failed with a description); deprovision likewise.
//!
//! This module holds the pure parts: the orders of a contract, the messages of the port, and the
//! lifecycle of a resource (requested, provisioning, active or failed; terminating, terminated)
//! with the transitions a poll's answer causes. [`SimulatedAdapter`] is a provider that computes
//! every answer from a seed and the time elapsed, so it needs no stored state beyond the
//! operation it returned. The async port that real adapters implement is
//! `port::ProviderAdapter`, under the `server` feature. [`job`] holds the rules of the job that
//! drives orders through their lifecycle and who may retry or terminate a line.

pub mod job;
#[cfg(feature = "server")]
pub mod port;
mod simulated;

use crate::catalog::ProviderId;
use crate::contract::{ContractDocument, ContractId};
use serde::{Deserialize, Serialize};
use std::fmt;

pub use job::Resource;
pub use simulated::{DelayRange, SimulatedAdapter, SimulationConfig, SimulationError};

/// The id a resource has at its provider (OSB's `instance_id`). Comptoir names each line's
/// resource after its contract and line, so a repeated provision request is the same request.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct InstanceId(String);

impl InstanceId {
    /// `comptoir-<contract>-<line>`, the line counted from 0.
    pub fn for_line(contract: ContractId, line: u32) -> Self {
        Self(format!("comptoir-{contract}-{line}"))
    }

    /// An id read back from storage; any non-blank text.
    pub fn parse(raw: &str) -> Option<Self> {
        (!raw.trim().is_empty()).then(|| Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for InstanceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The offer version to provision, as the provider knows it (OSB's service and plan).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferRef {
    pub provider: ProviderId,
    pub provider_slug: String,
    pub external_id: String,
    pub version: i64,
}

/// What a provision call asks for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvisionRequest {
    pub instance: InstanceId,
    pub offer: OfferRef,
    pub quantity: i64,
}

/// The handle of an asynchronous operation, opaque to the broker (OSB's `operation`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Operation(String);

impl Operation {
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where an operation stands (OSB's `state`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OperationState {
    #[serde(rename = "in progress")]
    InProgress,
    #[serde(rename = "succeeded")]
    Succeeded,
    #[serde(rename = "failed")]
    Failed,
}

/// The answer to polling an operation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastOperation {
    pub state: OperationState,
    /// For people: what the provider is doing, or why it failed.
    pub description: String,
    /// 0 to 100; 0 while the request waits in the provider's queue.
    pub progress_percent: u8,
}

/// Why an adapter call did not get an answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AdapterError {
    #[error("the provider does not know operation {0:?}")]
    UnknownOperation(String),
    #[error("the provider refused the request: {0}")]
    Rejected(String),
    #[error("the provider could not be reached: {0}")]
    Unreachable(String),
}

/// Where a line's resource stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceState {
    /// Ordered; the provider has not started on it yet.
    Requested,
    /// The provider is creating it.
    Provisioning,
    Active,
    Failed,
    /// Being removed at the provider.
    Terminating,
    Terminated,
}

/// What moves a resource from one state to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceEvent {
    /// The provider reports progress.
    Started,
    Succeeded,
    Failed,
    /// The broker orders it again after a failure.
    Retried,
    /// The contract ends: remove it.
    TerminationRequested,
    /// The provider removed it.
    Deprovisioned,
}

/// A transition that the lifecycle does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a resource that is {from:?} cannot take {event:?}")]
pub struct LifecycleError {
    pub from: ResourceState,
    pub event: ResourceEvent,
}

impl ResourceState {
    pub const ALL: [Self; 6] = [
        Self::Requested,
        Self::Provisioning,
        Self::Active,
        Self::Failed,
        Self::Terminating,
        Self::Terminated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Requested => "requested",
            Self::Provisioning => "provisioning",
            Self::Active => "active",
            Self::Failed => "failed",
            Self::Terminating => "terminating",
            Self::Terminated => "terminated",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|state| state.as_str() == raw)
    }

    /// The state after `event`. A provider that answers "succeeded" or "failed" before it ever
    /// reported progress takes a requested resource straight to active or failed. A resource
    /// being created cannot be terminated until it settles (OSB refuses concurrent operations).
    pub fn apply(self, event: ResourceEvent) -> Result<Self, LifecycleError> {
        use ResourceEvent as E;
        use ResourceState as S;
        match (self, event) {
            (S::Requested, E::Started) => Ok(S::Provisioning),
            (S::Requested | S::Provisioning, E::Succeeded) => Ok(S::Active),
            (S::Requested | S::Provisioning, E::Failed) => Ok(S::Failed),
            (S::Failed, E::Retried) => Ok(S::Requested),
            (S::Active | S::Failed, E::TerminationRequested) => Ok(S::Terminating),
            (S::Terminating, E::Deprovisioned) => Ok(S::Terminated),
            (from, event) => Err(LifecycleError { from, event }),
        }
    }

    /// What a poll's answer means for a resource in this state, if anything. A failed
    /// deprovision leaves the resource terminating: the broker asks again.
    pub fn after_poll(self, last: &LastOperation) -> Option<ResourceEvent> {
        use OperationState as O;
        use ResourceState as S;
        match (self, last.state) {
            (S::Requested, O::InProgress) if last.progress_percent > 0 => {
                Some(ResourceEvent::Started)
            }
            (S::Requested | S::Provisioning, O::Succeeded) => Some(ResourceEvent::Succeeded),
            (S::Requested | S::Provisioning, O::Failed) => Some(ResourceEvent::Failed),
            (S::Terminating, O::Succeeded) => Some(ResourceEvent::Deprovisioned),
            _ => None,
        }
    }

    /// Whether the broker still has to poll this resource.
    pub fn is_in_flight(self) -> bool {
        matches!(
            self,
            Self::Requested | Self::Provisioning | Self::Terminating
        )
    }
}

/// One line of a signed contract to provision at its provider.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    pub contract: ContractId,
    /// The line's position in the contract, from 0.
    pub line: u32,
    pub request: ProvisionRequest,
    pub state: ResourceState,
}

/// The orders of a signed contract, one per line in the document's order, all requested.
pub fn orders(contract: &ContractDocument) -> Vec<Order> {
    (0u32..)
        .zip(contract.lines())
        .map(|(line, quoted)| {
            let offer = quoted.offer();
            Order {
                contract: contract.id(),
                line,
                request: ProvisionRequest {
                    instance: InstanceId::for_line(contract.id(), line),
                    offer: OfferRef {
                        provider: offer.provider,
                        provider_slug: offer.provider_slug.clone(),
                        external_id: offer.external_id.clone(),
                        version: offer.version,
                    },
                    quantity: quoted.quantity(),
                },
                state: ResourceState::Requested,
            }
        })
        .collect()
}

/// How far a contract's provisioning went, for a progress bar and for the activation rule.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub total: u32,
    pub active: u32,
    pub failed: u32,
    pub in_flight: u32,
}

impl Progress {
    pub fn of(states: &[ResourceState]) -> Self {
        let count = |wanted: fn(ResourceState) -> bool| {
            u32::try_from(states.iter().filter(|s| wanted(**s)).count()).unwrap_or(u32::MAX)
        };
        Self {
            total: count(|_| true),
            active: count(|s| s == ResourceState::Active),
            failed: count(|s| s == ResourceState::Failed),
            in_flight: count(ResourceState::is_in_flight),
        }
    }

    /// A signed contract becomes active when every one of its lines is.
    pub fn is_complete(&self) -> bool {
        self.total > 0 && self.active == self.total
    }
}

#[cfg(test)]
mod tests;
