//! Providers as the marketplace keeps them: who may sell, the slug that names a provider in
//! addresses and documents, how the operator's decisions move a provider's status, and the roles
//! of its members.

use super::check::{self, CatalogInputError};
use crate::format::CountryCode;
use crate::ids::typed_id;
use serde::{Deserialize, Serialize};
use std::fmt;

typed_id!(
    /// An organisation that sells on the marketplace.
    ProviderId
);

/// A provider's name in addresses (`/providers/nimbus-cloud`) and in catalog documents: 2 to 40
/// lower-case letters, digits and inner hyphens.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

impl Slug {
    /// Accepts a slug exactly as the rule writes it; a form trims and lower-cases first.
    pub fn parse(raw: &str) -> Result<Self, CatalogInputError> {
        let valid = (2..=40).contains(&raw.len())
            && raw
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !raw.starts_with('-')
            && !raw.ends_with('-');
        if valid {
            Ok(Self(raw.to_owned()))
        } else {
            Err(CatalogInputError::Slug)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Slug {
    type Error = CatalogInputError;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse(&raw)
    }
}

impl From<Slug> for String {
    fn from(slug: Slug) -> Self {
        slug.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a provider stands with the marketplace operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderStatus {
    Pending,
    Approved,
    Rejected,
    Suspended,
}

impl ProviderStatus {
    pub const ALL: [Self; 4] = [
        Self::Pending,
        Self::Approved,
        Self::Rejected,
        Self::Suspended,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Suspended => "suspended",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == raw)
    }

    /// The status after the operator's `decision`, or `None` when it does not apply: only a
    /// pending application is approved or rejected, only an approved provider is suspended, and
    /// only a suspended one is reinstated.
    pub fn decide(self, decision: &ProviderDecision) -> Option<Self> {
        match (self, decision) {
            (Self::Pending, ProviderDecision::Approve) => Some(Self::Approved),
            (Self::Pending, ProviderDecision::Reject { .. }) => Some(Self::Rejected),
            (Self::Approved, ProviderDecision::Suspend { .. }) => Some(Self::Suspended),
            (Self::Suspended, ProviderDecision::Reinstate) => Some(Self::Approved),
            _ => None,
        }
    }
}

/// What the operator decides about a provider; refusals carry the reason the provider reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "decision")]
pub enum ProviderDecision {
    Approve,
    Reject { reason: String },
    Suspend { reason: String },
    Reinstate,
}

impl ProviderDecision {
    /// The validated reason of a refusal; approvals carry none.
    pub fn reason(&self) -> Result<Option<String>, CatalogInputError> {
        match self {
            Self::Approve | Self::Reinstate => Ok(None),
            Self::Reject { reason } | Self::Suspend { reason } => check::reason(reason).map(Some),
        }
    }
}

/// What a provider member may do: owners also manage the members.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderRole {
    Owner,
    Member,
}

impl ProviderRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Member => "member",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [Self::Owner, Self::Member]
            .into_iter()
            .find(|role| role.as_str() == raw)
    }
}

/// A provider as its members and the operator see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provider {
    pub id: ProviderId,
    pub slug: Slug,
    pub legal_name: String,
    pub country: CountryCode,
    pub jurisdiction: String,
    pub website: String,
    pub description: String,
    pub support_contact: String,
    pub status: ProviderStatus,
    pub decision_reason: Option<String>,
    pub created_at: i64,
    pub decided_at: Option<i64>,
}

/// A member of a provider, as its members and the operator see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderMember {
    pub user: crate::account::UserId,
    pub name: String,
    pub email: String,
    pub role: ProviderRole,
}
