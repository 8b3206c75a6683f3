//! The audit log: the marketplace's trail of who did what. Every privileged or state-changing
//! action of an operator, a provider's member or an organisation's admin, every log-in, failed
//! log-in and password change, is one [`Entry`]: who acted ([`Actor`]: the user, in which
//! capacity, for or on which organisation or provider, from which address and browser), what
//! they did (a typed [`Action`] with its subject), and when.
//!
//! An entry is written in the transaction of the action it records (`store::audit`), so an
//! action that rolls back leaves none and none exists without its action. Entries are never
//! updated or deleted, and they form one hash chain, checked by [`Verifier`].
//!
//! # The chain
//!
//! Entries are numbered from 1 with no gap (`seq`). Each stores the hash of the one before
//! (`prev_hash`; the first stores [`GENESIS`]), and its `hash` is the lower-case hex SHA-256 of
//! these fields, joined by one line feed, in this order:
//!
//! ```text
//! prev_hash \n seq \n at \n user \n capacity \n tenant \n provider \n address \n action \n detail \n agent
//! ```
//!
//! Numbers are decimal; an absent user, tenant, provider or address is the empty text; `action`
//! is the action's snake-case kind and `detail` its compact JSON ([`Action::detail`]), which holds
//! no line feed; the browser's `agent`, the only field that may contain any character, is last.
//! The last entry's hash is also kept apart (the head), so entries cut off the end show.

mod action;
mod actor;
pub mod csv;
mod filter;

pub use crate::contract::events::{BreakReason, ChainBreak, GENESIS};
pub use action::{Action, ActionKind};
pub use actor::{Actor, Capacity, MAX_AGENT_CHARS, Origin};
pub use filter::{Filter, FilterForm, FilterProblem};

use crate::account::{TenantId, UserId};
use crate::catalog::ProviderId;
use crate::contract::sha256_hex;

/// An action about to be done, with who does it and when: the store function that does it
/// records it in the same transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub actor: Actor,
    pub action: Action,
    pub at: i64,
}

impl Record {
    pub fn new(actor: Actor, action: Action, at: i64) -> Self {
        Self { actor, action, at }
    }
}

/// One entry of the audit log, as stored.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    pub seq: i64,
    pub at: i64,
    pub user: Option<UserId>,
    pub capacity: Capacity,
    pub tenant: Option<TenantId>,
    pub provider: Option<ProviderId>,
    /// The client's address, or empty when it was not known.
    pub address: String,
    pub agent: String,
    pub action: ActionKind,
    /// The action's compact JSON, as [`Action::detail`] wrote it.
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

impl Entry {
    /// The entry that follows the one numbered `prev_seq` with hash `prev_hash` (0 and
    /// [`GENESIS`] for the first).
    pub fn next(prev_seq: i64, prev_hash: &str, actor: &Actor, action: &Action, at: i64) -> Self {
        let mut entry = Self {
            seq: prev_seq + 1,
            at,
            user: actor.user,
            capacity: actor.capacity,
            tenant: actor.tenant,
            provider: actor.provider,
            address: actor
                .origin
                .address
                .map(|address| address.to_string())
                .unwrap_or_default(),
            agent: actor.origin.agent.clone(),
            action: action.kind(),
            detail: action.detail(),
            prev_hash: prev_hash.to_owned(),
            hash: String::new(),
        };
        entry.hash = entry.computed_hash();
        entry
    }

    /// The hash this entry's fields give (see the module docs).
    pub fn computed_hash(&self) -> String {
        let id = |id: Option<i64>| id.map(|id| id.to_string()).unwrap_or_default();
        let text = format!(
            "{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}",
            self.prev_hash,
            self.seq,
            self.at,
            id(self.user.map(UserId::get)),
            self.capacity.as_str(),
            id(self.tenant.map(TenantId::get)),
            id(self.provider.map(ProviderId::get)),
            self.address,
            self.action.as_str(),
            self.detail,
            self.agent,
        );
        sha256_hex(text.as_bytes())
    }

    /// The action read back as its typed value.
    pub fn read_action(&self) -> Result<Action, serde_json::Error> {
        Action::parse(&self.detail)
    }
}

/// Whose entries are read: the operator reads every entry; an organisation's or a provider's
/// admins read those done for or on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Marketplace,
    Tenant(TenantId),
    Provider(ProviderId),
}

/// An entry as it is listed: with the actor's email and the names of the organisation and
/// provider it names, where they still exist.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Listed {
    pub entry: Entry,
    pub actor_email: Option<String>,
    pub tenant_name: Option<String>,
    pub provider_name: Option<String>,
}

/// What is wrong at the first broken entry, in words.
pub fn describe(broken: &ChainBreak) -> String {
    let seq = broken.seq;
    match &broken.why {
        BreakReason::Missing { found } => {
            format!("entry {seq} is missing: entry {found} stands in its place")
        }
        BreakReason::OtherContract { .. } | BreakReason::WrongLink => {
            format!("entry {seq} does not link to the entry before it: the log was rewritten")
        }
        BreakReason::Altered => format!("entry {seq} was altered after it was recorded"),
        BreakReason::Truncated => format!("the entries from {seq} on were removed"),
        BreakReason::BeyondHead => format!("entry {seq} was added after the last recorded entry"),
    }
}

/// One page of entries, newest first, and the cursor of the next (older) page when there is
/// one: the entries numbered below it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AuditPage {
    pub entries: Vec<Listed>,
    pub older: Option<i64>,
}

/// Checks the chain entry by entry, in `seq` order, so that a long log is read in pages.
#[derive(Debug)]
pub struct Verifier {
    seq: i64,
    hash: String,
}

impl Default for Verifier {
    fn default() -> Self {
        Self {
            seq: 0,
            hash: GENESIS.to_owned(),
        }
    }
}

impl Verifier {
    /// The next entry: numbered after the last, linked to it, its hash matching its fields.
    pub fn check(&mut self, entry: &Entry) -> Result<(), ChainBreak> {
        let expected = self.seq + 1;
        let broken = |why| Err(ChainBreak { seq: expected, why });
        if entry.seq != expected {
            return broken(BreakReason::Missing { found: entry.seq });
        }
        if entry.prev_hash != self.hash {
            return broken(BreakReason::WrongLink);
        }
        if entry.computed_hash() != entry.hash || entry.read_action().is_err() {
            return broken(BreakReason::Altered);
        }
        self.seq = entry.seq;
        self.hash.clone_from(&entry.hash);
        Ok(())
    }

    /// The end of the log: the last entry checked is the head kept apart (`head_seq`,
    /// `head_hash`); returns how many entries were checked.
    pub fn finish(self, head_seq: i64, head_hash: &str) -> Result<i64, ChainBreak> {
        if self.seq == head_seq && self.hash == head_hash {
            return Ok(self.seq);
        }
        let (seq, why) = match self.seq.cmp(&head_seq) {
            std::cmp::Ordering::Less => (self.seq + 1, BreakReason::Truncated),
            std::cmp::Ordering::Greater => (head_seq + 1, BreakReason::BeyondHead),
            // The last entry was replaced by one that links and hashes: only the head shows it.
            std::cmp::Ordering::Equal => (self.seq, BreakReason::Altered),
        };
        Err(ChainBreak { seq, why })
    }
}

#[cfg(test)]
mod tests;
