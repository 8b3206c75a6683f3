//! Contracts: the document a tenant signs, made from a quote that still holds. It names the
//! parties (the tenant, each provider of a line, and Comptoir as broker), every line with its
//! frozen offer version, quantity, unit price and monthly total, the SLA availability and the
//! data location (country, jurisdiction) of each line, and the term: one month, renewing monthly,
//! with [`NOTICE_DAYS`] of notice.
//!
//! What is signed is the document's canonical form, and a signature records its SHA-256.
//!
//! # Canonical form
//!
//! [`ContractDocument::canonical`] writes one line of compact JSON (no space or newline between
//! tokens) with exactly these fields, in this order:
//!
//! ```text
//! {"format":"comptoir.contract/v1","contract":ID,"quote":ID,"service":TEXT,
//!  "quoted_at":SECS,"issued_at":SECS,
//!  "broker":{"name":"Comptoir"},
//!  "tenant":{"id":ID,"legal_name":TEXT},
//!  "providers":[{"id":ID,"slug":TEXT,"legal_name":TEXT},...],
//!  "currency":"EUR",
//!  "lines":[{"component":TEXT,"provider":ID,"offer":ID,"offer_external_id":TEXT,
//!            "offer_version":INT,"offer_name":TEXT,"unit":TEXT,"quantity":INT,
//!            "unit_price_minor":INT,"monthly_minor":INT,"availability_bp":INT,
//!            "country":TEXT,"jurisdiction":TEXT,"unit_carbon_g_month":INT,
//!            "carbon_g_month":INT},...],
//!  "total_monthly_minor":INT,
//!  "term":{"months":1,"renewal_months":1,"notice_days":30}}
//! ```
//!
//! - Numbers are integers in plain decimal (a `-` sign when negative, no leading zeros, no
//!   exponent, no fraction); there are no floats anywhere. Money is in minor units of
//!   `currency`; availability in basis points of a percent (99.95 % is `9995`); instants in
//!   Unix seconds (UTC).
//! - Strings are UTF-8 with the least escaping JSON allows: `"` and `\` are escaped with a
//!   backslash; control characters are written `\b`, `\t`, `\n`, `\f`, `\r`, or `\u00xx` in
//!   lower-case hex; every other character is written as itself. No Unicode normalisation is
//!   applied: the bytes are the bytes of the names as stored.
//! - `lines` keep the quote's order; `providers` are listed in the order they first appear in
//!   `lines`, each once. `service` is the blueprint's name.
//!
//! The same document therefore always gives the same bytes, and [`ContractDocument::sha256`]
//! is the lower-case hex SHA-256 of those bytes. [`ContractDocument::from_canonical`] reads the
//! text back and refuses anything that is not exactly canonical, so the stored text is the
//! document.

mod canonical;
pub mod events;
mod page;
mod signing;
mod views;

pub use page::{ContractBilled, ContractPage, Signer};

use crate::account::TenantId;
use crate::catalog::ProviderId;
use crate::ids::typed_id;
use crate::money::{Currency, Money};
use crate::quote::{Quote, QuoteError, QuoteId, QuoteLine};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use signing::{ContractStatus, SignError, SignRequest, Signature, USER_AGENT_MAX_CHARS};
pub use views::{Commitment, ContractSummary, QuoteView};

typed_id!(
    /// A contract between a tenant and the providers of its lines, brokered by Comptoir.
    ContractId
);

/// The `format` field of a contract document.
pub const CONTRACT_FORMAT: &str = "comptoir.contract/v1";
/// The broker party of every contract.
pub const BROKER: &str = "Comptoir";
/// A contract runs for one month and renews by one month, until ended with notice.
pub const TERM_MONTHS: u32 = 1;
/// How many days before the end of a monthly term either side must give notice to end it.
pub const NOTICE_DAYS: u32 = 30;

/// The length, renewal and notice of a contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    pub months: u32,
    pub renewal_months: u32,
    pub notice_days: u32,
}

/// The term of every contract Comptoir makes today.
pub const TERM: Term = Term {
    months: TERM_MONTHS,
    renewal_months: TERM_MONTHS,
    notice_days: NOTICE_DAYS,
};

/// The buying party.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantParty {
    pub id: TenantId,
    pub legal_name: String,
}

/// A selling party.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderParty {
    pub id: ProviderId,
    pub slug: String,
    pub legal_name: String,
}

/// Why a contract document could not be made or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContractError {
    #[error("the quote expired: re-plan before preparing a contract")]
    QuoteExpired,
    #[error("provider {0} of a line is not among the parties")]
    MissingProvider(ProviderId),
    #[error("a party has no legal name")]
    BlankParty,
    #[error("the quote was made for another tenant")]
    OtherTenant,
    #[error("provider {0} is named with another slug on a line")]
    PartyMismatch(ProviderId),
    #[error("the document is not a canonical contract: {0}")]
    NotCanonical(String),
    #[error(transparent)]
    Quote(#[from] QuoteError),
}

/// A contract document: validated parties, lines and totals, ready to show and to sign.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContractDocument {
    id: ContractId,
    quote_id: QuoteId,
    issued_at: i64,
    tenant: TenantParty,
    providers: Vec<ProviderParty>,
    quote: Quote,
}

impl ContractDocument {
    /// The contract for `quote`, issued at `issued_at` while the quote holds. `providers` must
    /// hold every provider of a line (others are ignored); the document lists them in the order
    /// the lines first name them. Checking the quote against the current offers
    /// ([`Quote::check`]) is the caller's first step.
    pub fn from_quote(
        id: ContractId,
        quote_id: QuoteId,
        quote: &Quote,
        tenant: TenantParty,
        providers: &[ProviderParty],
        issued_at: i64,
    ) -> Result<Self, ContractError> {
        if quote.is_expired(issued_at) {
            return Err(ContractError::QuoteExpired);
        }
        Self::new(id, quote_id, issued_at, tenant, providers, quote.clone())
    }

    fn new(
        id: ContractId,
        quote_id: QuoteId,
        issued_at: i64,
        tenant: TenantParty,
        providers: &[ProviderParty],
        quote: Quote,
    ) -> Result<Self, ContractError> {
        if tenant.id != quote.tenant() {
            return Err(ContractError::OtherTenant);
        }
        let mut parties: Vec<ProviderParty> = Vec::new();
        for line in quote.lines() {
            let provider = line.offer().provider;
            if parties.iter().any(|party| party.id == provider) {
                continue;
            }
            let party = providers
                .iter()
                .find(|party| party.id == provider)
                .ok_or(ContractError::MissingProvider(provider))?;
            if party.slug != line.offer().provider_slug {
                return Err(ContractError::PartyMismatch(provider));
            }
            parties.push(party.clone());
        }
        let blank = |name: &str| name.trim().is_empty();
        if blank(&tenant.legal_name) || parties.iter().any(|p| blank(&p.legal_name)) {
            return Err(ContractError::BlankParty);
        }
        Ok(Self {
            id,
            quote_id,
            issued_at,
            tenant,
            providers: parties,
            quote,
        })
    }

    pub fn id(&self) -> ContractId {
        self.id
    }

    pub fn quote_id(&self) -> QuoteId {
        self.quote_id
    }

    pub fn issued_at(&self) -> i64 {
        self.issued_at
    }

    pub fn broker(&self) -> &'static str {
        BROKER
    }

    pub fn tenant(&self) -> &TenantParty {
        &self.tenant
    }

    /// The providers, in the order the lines first name them.
    pub fn providers(&self) -> &[ProviderParty] {
        &self.providers
    }

    /// The blueprint's name: what service the contract is for.
    pub fn service(&self) -> &str {
        self.quote.blueprint()
    }

    pub fn quoted_at(&self) -> i64 {
        self.quote.created_at()
    }

    pub fn provider(&self, id: ProviderId) -> Option<&ProviderParty> {
        self.providers.iter().find(|party| party.id == id)
    }

    pub fn currency(&self) -> Currency {
        self.quote.currency()
    }

    pub fn lines(&self) -> &[QuoteLine] {
        self.quote.lines()
    }

    pub fn total_monthly(&self) -> Money {
        self.quote.total_monthly()
    }

    pub fn total_carbon_g_month(&self) -> i64 {
        self.quote.total_carbon_g_month()
    }

    pub fn term(&self) -> Term {
        TERM
    }

    /// The canonical form: the exact bytes that are hashed and signed (see the module docs).
    pub fn canonical(&self) -> String {
        canonical::write(self)
    }

    /// Reads a canonical document back; anything but the exact canonical text is refused.
    pub fn from_canonical(text: &str) -> Result<Self, ContractError> {
        canonical::read(text)
    }

    /// The lower-case hex SHA-256 of the canonical form.
    pub fn sha256(&self) -> String {
        sha256_hex(self.canonical().as_bytes())
    }
}

/// The lower-case hex SHA-256 of `bytes`: 64 characters.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
pub(crate) mod tests;
