//! What the operator sees of the marketplace's people: users, organisations and providers found
//! by name or email, a user's page and an organisation's page, and the suspensions the operator
//! puts on them, each with the reason the person reads.

use crate::account::{Role, TenantId, UserId};
use crate::billing::OperatorInvoice;
use crate::catalog::{CatalogInputError, ProviderId, ProviderRole, ProviderStatus};
use crate::contract::ContractSummary;
use crate::money::Money;
use serde::{Deserialize, Serialize};

pub mod overview;

/// The most rows of each kind a search answers.
pub const SEARCH_LIMIT: i64 = 25;

/// The longest search text kept, in characters; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 100;

/// Who the operator suspends or reinstates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Subject {
    User(UserId),
    Organisation(TenantId),
}

/// Why the operator stopped an account or an organisation, and since when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suspension {
    pub at: i64,
    pub reason: String,
}

/// The reason of a suspension, which its person reads: not blank, at most 1,000 characters.
pub fn suspension_reason(raw: &str) -> Result<String, CatalogInputError> {
    crate::catalog::reason(raw)
}

/// What the operator typed in the search box, trimmed and cut to [`MAX_QUERY_CHARS`].
pub fn search_text(raw: &str) -> String {
    raw.trim().chars().take(MAX_QUERY_CHARS).collect()
}

/// The `LIKE` pattern that finds `text` anywhere, case-insensitive once both sides are
/// lower-cased, with `\` escaping the pattern's own wildcards.
pub fn like_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// A person with an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub is_operator: bool,
    pub suspended: bool,
    pub created_at: i64,
}

/// An organisation that buys on the marketplace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationRow {
    pub id: TenantId,
    pub name: String,
    pub members: i64,
    pub suspended: bool,
    pub created_at: i64,
}

/// A provider, whatever its status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderRow {
    pub id: ProviderId,
    pub slug: String,
    pub legal_name: String,
    pub status: ProviderStatus,
}

/// What a search by name or email found, newest first within each kind.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeopleFound {
    pub users: Vec<UserRow>,
    pub organisations: Vec<OrganisationRow>,
    pub providers: Vec<ProviderRow>,
}

/// One organisation a user belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserMembership {
    pub tenant: TenantId,
    pub tenant_name: String,
    pub role: Role,
    pub tenant_suspended: bool,
}

/// One provider a user works for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderMembership {
    pub provider: ProviderId,
    pub legal_name: String,
    pub role: ProviderRole,
}

/// A log-in, as the audit log recorded it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogIn {
    pub at: i64,
    pub address: String,
    pub agent: String,
}

/// The most recent log-ins a user's page lists.
pub const LOG_INS_SHOWN: i64 = 10;

/// A user's page in the operator's console.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserPage {
    pub user: UserRow,
    pub suspension: Option<Suspension>,
    pub memberships: Vec<UserMembership>,
    pub providers: Vec<ProviderMembership>,
    /// The newest first, at most [`LOG_INS_SHOWN`].
    pub log_ins: Vec<LogIn>,
}

/// A member of an organisation, as its page lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationMember {
    pub user: UserId,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub suspended: bool,
}

/// An organisation's page in the operator's console.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationPage {
    pub organisation: OrganisationRow,
    pub suspension: Option<Suspension>,
    pub members: Vec<OrganisationMember>,
    /// Newest first.
    pub contracts: Vec<ContractSummary>,
    /// Newest month first.
    pub invoices: Vec<OperatorInvoice>,
    /// What its finalized invoices still ask.
    pub balance_due: Money,
}

/// Why the operator's change to an account was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum AccountRefusal {
    /// An operator does not suspend their own account, nor take their own flag.
    #[error("an operator does not suspend their own account or revoke their own flag")]
    OwnAccount,
    /// The marketplace keeps at least one operator who can log in.
    #[error("the marketplace keeps at least one active operator")]
    LastOperator,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pattern_escapes_wildcards_and_lower_cases() {
        assert_eq!(like_pattern("Ada"), "%ada%");
        assert_eq!(like_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
        assert_eq!(like_pattern(""), "%%");
    }

    #[test]
    fn the_search_text_is_trimmed_and_cut() {
        assert_eq!(search_text("  ada@example.org "), "ada@example.org");
        assert_eq!(
            search_text(&"é".repeat(300)).chars().count(),
            MAX_QUERY_CHARS
        );
    }

    #[test]
    fn a_suspension_needs_a_reason() {
        assert!(suspension_reason("  ").is_err());
        assert_eq!(suspension_reason(" unpaid ").unwrap(), "unpaid");
    }
}
