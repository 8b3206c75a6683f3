//! What each contract event says, and its canonical compact JSON (fields in the order declared
//! here, integers only).

use super::EventKind;
use crate::account::UserId;
use crate::contract::Signature;
use serde::{Deserialize, Serialize};

/// The contract was prepared: the hash of its canonical document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Creation {
    pub by: UserId,
    pub document_sha256: String,
}

/// A line's resource became active at its provider.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineProvisioned {
    /// The line's position in the document, from 0.
    pub line: u32,
    pub instance: String,
}

/// A line's provisioning failed, with the provider's description.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineFailure {
    pub line: u32,
    pub instance: String,
    pub description: String,
}

/// A line's resource was removed at its provider; its capacity is the offer's again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineRemoval {
    pub line: u32,
    pub instance: String,
}

/// Every line is active: the term starts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Activation {
    pub lines: u32,
}

/// The contract ended: by whom (`None` for the marketplace itself) and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Termination {
    pub by: Option<UserId>,
    pub reason: String,
}

/// An event's content; its variant decides the event's kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventPayload {
    Created(Creation),
    Signed(Signature),
    LineActivated(LineProvisioned),
    LineFailed(LineFailure),
    Activated(Activation),
    Terminated(Termination),
    LineTerminated(LineRemoval),
}

impl EventPayload {
    pub fn kind(&self) -> EventKind {
        match self {
            Self::Created(_) => EventKind::Created,
            Self::Signed(_) => EventKind::Signed,
            Self::LineActivated(_) => EventKind::LineActivated,
            Self::LineFailed(_) => EventKind::LineFailed,
            Self::Activated(_) => EventKind::Activated,
            Self::Terminated(_) => EventKind::Terminated,
            Self::LineTerminated(_) => EventKind::LineTerminated,
        }
    }

    /// Compact JSON of the variant's fields, in declared order.
    pub fn canonical(&self) -> String {
        let json = match self {
            Self::Created(inner) => serde_json::to_string(inner),
            Self::Signed(inner) => serde_json::to_string(inner),
            Self::LineActivated(inner) => serde_json::to_string(inner),
            Self::LineFailed(inner) => serde_json::to_string(inner),
            Self::Activated(inner) => serde_json::to_string(inner),
            Self::Terminated(inner) => serde_json::to_string(inner),
            Self::LineTerminated(inner) => serde_json::to_string(inner),
        };
        // Plain structs of strings, integers and addresses always serialise.
        json.unwrap_or_default()
    }

    /// Reads the payload of an event of `kind`.
    pub fn parse(kind: EventKind, payload: &str) -> Result<Self, serde_json::Error> {
        Ok(match kind {
            EventKind::Created => Self::Created(serde_json::from_str(payload)?),
            EventKind::Signed => Self::Signed(serde_json::from_str(payload)?),
            EventKind::LineActivated => Self::LineActivated(serde_json::from_str(payload)?),
            EventKind::LineFailed => Self::LineFailed(serde_json::from_str(payload)?),
            EventKind::Activated => Self::Activated(serde_json::from_str(payload)?),
            EventKind::Terminated => Self::Terminated(serde_json::from_str(payload)?),
            EventKind::LineTerminated => Self::LineTerminated(serde_json::from_str(payload)?),
        })
    }
}
