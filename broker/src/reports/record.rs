//! The records of a batch and how each is judged, alone: a record whose id was kept before is a
//! safe resend when its content is the same and a conflict otherwise; a new one is accepted, or
//! refused for the first rule it breaks. A record accepted earlier in the same batch counts as
//! kept for the ones after it.

use crate::billing::MeterId;
use crate::contract::ContractId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The most records a batch holds.
pub const MAX_BATCH: usize = 100;

/// How far ahead of the server's clock a record's time may be: a provider's clock a little
/// ahead does not turn its records away.
pub const FUTURE_SKEW_SECS: i64 = 60;

/// The longest record id.
pub const MAX_RECORD_ID_CHARS: usize = 100;

/// Usage of a meter on an instance at `at`: `{ "id": "u-42", "instance_id": "...", "meter":
/// "egress_gb", "quantity": 12, "at": 1764547200 }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsageRecord {
    pub id: String,
    pub instance_id: String,
    pub meter: String,
    pub quantity: i64,
    pub at: i64,
}

/// An instance down during `[from, to)`: `{ "id": "d-7", "instance_id": "...", "from":
/// 1764547200, "to": 1764550800 }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DowntimeRecord {
    pub id: String,
    pub instance_id: String,
    pub from: i64,
    pub to: i64,
}

/// A batch as a provider sends it: `{ "records": [...] }`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Batch<R> {
    pub records: Vec<R>,
}

/// A batch of more than [`MAX_BATCH`] records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a batch holds at most {MAX_BATCH} records; this one holds {0}")]
pub struct BatchTooLarge(pub usize);

impl<R> Batch<R> {
    pub fn check_size(&self) -> Result<(), BatchTooLarge> {
        if self.records.len() > MAX_BATCH {
            Err(BatchTooLarge(self.records.len()))
        } else {
            Ok(())
        }
    }
}

/// What a record's `instance_id` names, as the store found it for the reporting provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// The provider's own instance: its contract line, and the meters of its offer version.
    Own {
        contract: ContractId,
        line: u32,
        meters: Vec<MeterId>,
    },
    /// Another provider's instance.
    Foreign,
}

/// Why a record is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("a record id has 1 to {MAX_RECORD_ID_CHARS} characters and no control character")]
    InvalidId,
    #[error("no instance has this id")]
    UnknownInstance,
    #[error("this instance is another provider's")]
    ForeignInstance,
    #[error("the instance's offer declares no such meter")]
    UnknownMeter,
    #[error("a quantity is 0 or more")]
    NegativeQuantity,
    #[error("a downtime ends after it starts: `to` must be greater than `from`")]
    EmptyInterval,
    #[error("the time is in the future")]
    InFuture,
}

/// What becomes of one record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Kept, on this contract line.
    Accept {
        contract: ContractId,
        line: u32,
    },
    /// The same id with the same content was kept before: nothing changes.
    Duplicate,
    /// The same id with other content was kept before: refused.
    Conflict,
    Refused(Refusal),
}

/// A kind of record: usage or downtime.
pub trait Report: PartialEq {
    fn id(&self) -> &str;
    fn instance_id(&self) -> &str;
    /// The record's own rules, its instance being the provider's with `meters`.
    fn check(&self, meters: &[MeterId], now: i64) -> Result<(), Refusal>;
}

fn not_in_future(at: i64, now: i64) -> Result<(), Refusal> {
    if at > now.saturating_add(FUTURE_SKEW_SECS) {
        Err(Refusal::InFuture)
    } else {
        Ok(())
    }
}

impl Report for UsageRecord {
    fn id(&self) -> &str {
        &self.id
    }

    fn instance_id(&self) -> &str {
        &self.instance_id
    }

    fn check(&self, meters: &[MeterId], now: i64) -> Result<(), Refusal> {
        if !meters.iter().any(|meter| meter.as_str() == self.meter) {
            return Err(Refusal::UnknownMeter);
        }
        if self.quantity < 0 {
            return Err(Refusal::NegativeQuantity);
        }
        not_in_future(self.at, now)
    }
}

impl Report for DowntimeRecord {
    fn id(&self) -> &str {
        &self.id
    }

    fn instance_id(&self) -> &str {
        &self.instance_id
    }

    fn check(&self, _meters: &[MeterId], now: i64) -> Result<(), Refusal> {
        if self.to <= self.from {
            return Err(Refusal::EmptyInterval);
        }
        not_in_future(self.to, now)
    }
}

fn valid_id(id: &str) -> bool {
    !id.trim().is_empty()
        && id.chars().count() <= MAX_RECORD_ID_CHARS
        && !id.chars().any(char::is_control)
}

/// A record sent again under an id that was kept with `kept`.
pub fn judge_resend<R: PartialEq>(kept: &R, resent: &R) -> Verdict {
    if kept == resent {
        Verdict::Duplicate
    } else {
        Verdict::Conflict
    }
}

fn judge_new<R: Report>(record: &R, targets: &BTreeMap<String, Target>, now: i64) -> Verdict {
    match targets.get(record.instance_id()) {
        None => Verdict::Refused(Refusal::UnknownInstance),
        Some(Target::Foreign) => Verdict::Refused(Refusal::ForeignInstance),
        Some(Target::Own {
            contract,
            line,
            meters,
        }) => match record.check(meters, now) {
            Ok(()) => Verdict::Accept {
                contract: *contract,
                line: *line,
            },
            Err(refusal) => Verdict::Refused(refusal),
        },
    }
}

/// The verdict on each of `records`, in order: `targets` are the instances they name (an
/// instance missing is unknown) and `kept` the provider's records already kept under their ids.
pub fn judge<R: Report>(
    records: &[R],
    targets: &BTreeMap<String, Target>,
    kept: &BTreeMap<String, R>,
    now: i64,
) -> Vec<Verdict> {
    let mut seen: BTreeMap<&str, &R> = kept.iter().map(|(id, r)| (id.as_str(), r)).collect();
    records
        .iter()
        .map(|record| {
            if !valid_id(record.id()) {
                return Verdict::Refused(Refusal::InvalidId);
            }
            if let Some(earlier) = seen.get(record.id()) {
                return judge_resend(*earlier, record);
            }
            let verdict = judge_new(record, targets, now);
            if matches!(verdict, Verdict::Accept { .. }) {
                seen.insert(record.id(), record);
            }
            verdict
        })
        .collect()
}

#[cfg(test)]
mod tests;
