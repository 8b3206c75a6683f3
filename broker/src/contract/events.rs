//! A contract's events as a tamper-evident, hash-chained log: every event of a contract (created,
//! signed, a line activated, failed or terminated, activated, terminated) is appended to a hash
//! chain, one chain per contract. Events are never updated or deleted; [`verify`] checks a whole
//! chain and names the first broken event.
//!
//! # The chain
//!
//! Events are numbered from 1 with no gap (`seq`). Each stores the hash of the one before
//! (`prev_hash`); the first stores [`GENESIS`], 64 zeros. An event's `hash` is the lower-case
//! hex SHA-256 of these fields, joined by one line feed (`\n`), in this order:
//!
//! ```text
//! prev_hash \n seq \n contract \n kind \n at \n payload
//! ```
//!
//! `seq`, `contract` (the contract id) and `at` (Unix seconds) are written in decimal; `kind` is
//! its snake-case name ([`EventKind::as_str`]); `payload` is the event's compact JSON
//! ([`EventPayload::canonical`], fields in a fixed order, integers only). Only the payload, last,
//! may contain any character, so the joined text determines every field.
//!
//! A chain alone cannot show that its last events were cut off; [`verify_head`] also checks the
//! chain against the hash of the last event kept elsewhere (on the contract's row).

mod payload;

use super::{ContractId, ContractStatus, sha256_hex};
use serde::{Deserialize, Serialize};
use std::fmt;

pub use payload::{
    Activation, Creation, EventPayload, LineFailure, LineProvisioned, LineRemoval, Termination,
};

/// The `prev_hash` of a chain's first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What happened to a contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Created,
    Signed,
    LineActivated,
    LineFailed,
    Activated,
    Terminated,
    /// One line's resource was removed at its provider.
    LineTerminated,
}

impl EventKind {
    pub const ALL: [Self; 7] = [
        Self::Created,
        Self::Signed,
        Self::LineActivated,
        Self::LineFailed,
        Self::Activated,
        Self::Terminated,
        Self::LineTerminated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Signed => "signed",
            Self::LineActivated => "line_activated",
            Self::LineFailed => "line_failed",
            Self::Activated => "activated",
            Self::Terminated => "terminated",
            Self::LineTerminated => "line_terminated",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == raw)
    }
}

/// One link of a contract's chain, as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractEvent {
    pub seq: i64,
    pub contract: ContractId,
    pub kind: EventKind,
    /// Compact JSON, as [`EventPayload::canonical`] wrote it.
    pub payload: String,
    pub at: i64,
    pub prev_hash: String,
    pub hash: String,
}

impl ContractEvent {
    /// The hash this event's fields give (see the module docs).
    pub fn computed_hash(&self) -> String {
        link_hash(
            &self.prev_hash,
            self.seq,
            self.contract,
            self.kind,
            self.at,
            &self.payload,
        )
    }

    /// The payload read back as its typed value.
    pub fn read_payload(&self) -> Result<EventPayload, serde_json::Error> {
        EventPayload::parse(self.kind, &self.payload)
    }
}

fn link_hash(
    prev_hash: &str,
    seq: i64,
    contract: ContractId,
    kind: EventKind,
    at: i64,
    payload: &str,
) -> String {
    let text = format!(
        "{prev_hash}\n{seq}\n{contract}\n{}\n{at}\n{payload}",
        kind.as_str()
    );
    sha256_hex(text.as_bytes())
}

/// Why an event could not be appended.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AppendError {
    #[error("the previous event belongs to contract {0}")]
    OtherContract(ContractId),
}

/// The event that follows `prev` (or starts the chain of `contract` when there is none).
pub fn append(
    prev: Option<&ContractEvent>,
    contract: ContractId,
    payload: &EventPayload,
    at: i64,
) -> Result<ContractEvent, AppendError> {
    let (seq, prev_hash) = match prev {
        Some(prev) if prev.contract != contract => {
            return Err(AppendError::OtherContract(prev.contract));
        }
        Some(prev) => (prev.seq.saturating_add(1), prev.hash.clone()),
        None => (1, GENESIS.to_owned()),
    };
    let kind = payload.kind();
    let payload = payload.canonical();
    let hash = link_hash(&prev_hash, seq, contract, kind, at, &payload);
    Ok(ContractEvent {
        seq,
        contract,
        kind,
        payload,
        at,
        prev_hash,
        hash,
    })
}

/// What is wrong at the first broken event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "why")]
pub enum BreakReason {
    /// Another number stands where this one was due: events were removed, added or reordered.
    Missing { found: i64 },
    /// The event is of another contract's chain.
    OtherContract { found: ContractId },
    /// `prev_hash` is not the hash of the event before (or not the genesis value).
    WrongLink,
    /// The stored hash is not the hash of the event's fields: a field was altered.
    Altered,
    /// The chain ends before the last event recorded elsewhere (or that event was replaced).
    Truncated,
    /// The event follows the last event recorded elsewhere: it was added behind the chain's back.
    BeyondHead,
}

/// The first broken event of a chain: its expected number, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub struct ChainBreak {
    pub seq: i64,
    pub why: BreakReason,
}

impl fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seq = self.seq;
        match &self.why {
            BreakReason::Missing { found } => {
                write!(
                    f,
                    "event {seq} is missing: event {found} stands in its place"
                )
            }
            BreakReason::OtherContract { found } => {
                write!(f, "event {seq} belongs to contract {found}")
            }
            BreakReason::WrongLink => write!(
                f,
                "event {seq} does not link to the event before it: the chain was rewritten"
            ),
            BreakReason::Altered => write!(f, "event {seq} was altered after it was recorded"),
            BreakReason::Truncated => write!(f, "the events from {seq} on were removed"),
            BreakReason::BeyondHead => {
                write!(f, "event {seq} was added after the last recorded event")
            }
        }
    }
}

/// Checks the chain of `events` (one contract's, in `seq` order): numbered from 1 without gap,
/// one contract, each linked to the one before, each hash matching its fields. An empty chain
/// holds.
pub fn verify(events: &[ContractEvent]) -> Result<(), ChainBreak> {
    let Some(first) = events.first() else {
        return Ok(());
    };
    let mut prev_hash = GENESIS;
    for (expected, event) in (1..).zip(events) {
        let broken = |why| Err(ChainBreak { seq: expected, why });
        if event.seq != expected {
            return broken(BreakReason::Missing { found: event.seq });
        }
        if event.contract != first.contract {
            return broken(BreakReason::OtherContract {
                found: event.contract,
            });
        }
        if event.prev_hash != prev_hash {
            return broken(BreakReason::WrongLink);
        }
        if event.computed_hash() != event.hash {
            return broken(BreakReason::Altered);
        }
        prev_hash = &event.hash;
    }
    Ok(())
}

/// [`verify`], and the last event's hash is `head` (kept apart from the chain), so events cut
/// off the end show too. `head` is `None` when no event was ever recorded.
pub fn verify_head(events: &[ContractEvent], head: Option<&str>) -> Result<(), ChainBreak> {
    verify(events)?;
    let last = events.last().map(|event| event.hash.as_str());
    if last == head {
        return Ok(());
    }
    let Some(head) = head else {
        return Err(ChainBreak {
            seq: 1,
            why: BreakReason::BeyondHead,
        });
    };
    match events.iter().position(|event| event.hash == head) {
        // The recorded head is an earlier event: the ones after it were never recorded as such.
        Some(index) => Err(ChainBreak {
            seq: events[index].seq + 1,
            why: BreakReason::BeyondHead,
        }),
        None => Err(ChainBreak {
            seq: events.last().map_or(1, |event| event.seq + 1),
            why: BreakReason::Truncated,
        }),
    }
}

/// The status a contract reaches through `events` in order; `None` when an event does not
/// apply (a signature after termination, say) or there is no creation.
pub fn status(events: &[ContractEvent]) -> Option<ContractStatus> {
    let (first, rest) = events.split_first()?;
    if first.kind != EventKind::Created {
        return None;
    }
    rest.iter().try_fold(
        ContractStatus::AwaitingSignature,
        |status, event| match event.kind {
            EventKind::Created => None,
            EventKind::Signed => status.signed(),
            EventKind::LineActivated | EventKind::LineFailed | EventKind::LineTerminated => {
                (status == ContractStatus::Signed || status == ContractStatus::Active)
                    .then_some(status)
            }
            EventKind::Activated => status.activated(),
            EventKind::Terminated => status.terminated(),
        },
    )
}

#[cfg(test)]
mod tests;
