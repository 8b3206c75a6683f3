//! Where a contract stands, and what a signature records (who may prepare and sign one is
//! [`Role::can_prepare`] and [`Role::can_sign`]).

use super::ContractDocument;
use crate::account::{Role, UserId};
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// A browser's user agent is kept up to this many characters; the rest is cut.
pub const USER_AGENT_MAX_CHARS: usize = 512;

/// Where a contract stands. Provisioning progress is per line (see `provisioning`): a signed
/// contract becomes active once every line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContractStatus {
    /// Prepared from a quote, waiting for an owner or admin to sign.
    AwaitingSignature,
    /// Signed: its lines are being provisioned.
    Signed,
    /// Every line is provisioned: the term runs.
    Active,
    /// Ended, before signature or after.
    Terminated,
}

impl ContractStatus {
    pub const ALL: [Self; 4] = [
        Self::AwaitingSignature,
        Self::Signed,
        Self::Active,
        Self::Terminated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::AwaitingSignature => "awaiting_signature",
            Self::Signed => "signed",
            Self::Active => "active",
            Self::Terminated => "terminated",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == raw)
    }

    /// After a signature; only a contract awaiting one is signed.
    pub fn signed(self) -> Option<Self> {
        (self == Self::AwaitingSignature).then_some(Self::Signed)
    }

    /// After the last line became active.
    pub fn activated(self) -> Option<Self> {
        (self == Self::Signed).then_some(Self::Active)
    }

    /// After termination; a terminated contract stays so.
    pub fn terminated(self) -> Option<Self> {
        (self != Self::Terminated).then_some(Self::Terminated)
    }
}

/// Why a signature was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    #[error("only an owner or an admin can sign; ask one of them to sign this contract")]
    Forbidden,
    #[error("this contract is {}, not awaiting a signature", .0.as_str().replace('_', " "))]
    NotAwaitingSignature(ContractStatus),
    #[error("the document changed since it was shown: read it again before signing")]
    DocumentChanged,
}

/// A person signing: who, with which role, what they were shown (its SHA-256), and from where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignRequest<'a> {
    pub user: UserId,
    pub role: Role,
    /// The hash of the document as it was shown to the person, sent back with the form.
    pub shown_sha256: &'a str,
    pub at: i64,
    pub address: IpAddr,
    pub user_agent: &'a str,
}

/// A recorded signature: who signed, when, from which address and browser, and the SHA-256 of
/// the canonical document signed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    pub user: UserId,
    pub role: Role,
    pub at: i64,
    pub address: IpAddr,
    pub user_agent: String,
    pub document_sha256: String,
}

impl ContractDocument {
    /// Signs this document, in `status`, for `request`: the signer must be an owner or admin,
    /// the contract must await a signature, and the hash shown must be this document's (compared
    /// without regard to case or surrounding space), so nobody signs text they did not see.
    pub fn sign(
        &self,
        status: ContractStatus,
        request: &SignRequest<'_>,
    ) -> Result<Signature, SignError> {
        if !request.role.can_sign() {
            return Err(SignError::Forbidden);
        }
        if status.signed().is_none() {
            return Err(SignError::NotAwaitingSignature(status));
        }
        let document_sha256 = self.sha256();
        if !request
            .shown_sha256
            .trim()
            .eq_ignore_ascii_case(&document_sha256)
        {
            return Err(SignError::DocumentChanged);
        }
        Ok(Signature {
            user: request.user,
            role: request.role,
            at: request.at,
            address: request.address,
            user_agent: request
                .user_agent
                .chars()
                .filter(|c| !c.is_control())
                .take(USER_AGENT_MAX_CHARS)
                .collect(),
            document_sha256,
        })
    }
}

impl Signature {
    /// Whether this signature is for exactly `document`.
    pub fn covers(&self, document: &ContractDocument) -> bool {
        self.document_sha256 == document.sha256()
    }
}
