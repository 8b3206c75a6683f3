//! A contract as its tenant's members read it on its page: the document exactly as signed, its
//! signature and events, the resources of its lines, the reader's role, who can sign and what
//! it was billed so far.

use super::events::ContractEvent;
use super::{ContractStatus, Signature};
use crate::account::Role;
use crate::provisioning::Resource;
use serde::{Deserialize, Serialize};

/// Someone who can sign the contract, for a buyer to ask.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signer {
    pub name: String,
    pub email: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContractPage {
    /// The canonical document, exactly as stored and signed.
    pub canonical: String,
    pub sha256: String,
    pub status: ContractStatus,
    pub signature: Option<Signature>,
    /// The signer's name, when signed.
    pub signed_by: Option<String>,
    pub events: Vec<ContractEvent>,
    /// One per line once signed, as provisioning moves it.
    pub resources: Vec<Resource>,
    /// The reader's role in the organisation.
    pub role: Role,
    /// The members who can sign.
    pub signers: Vec<Signer>,
    pub billed: ContractBilled,
}

/// What a contract's lines were billed, before VAT: on invoices issued (a cancelled invoice and
/// its credit note cancel out) and on the drafts of months not yet invoiced.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractBilled {
    pub invoiced_minor: i64,
    pub drafted_minor: i64,
}
