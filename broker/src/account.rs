//! Accounts and tenants: the validated values a person types when signing up, the roles a member
//! holds in a tenant, and the typed ids of these entities.

use crate::audit::Origin;
use crate::ids::typed_id;
use serde::{Deserialize, Serialize};
use std::fmt;

pub mod budget;
pub mod limits;
pub mod members;
mod role;

pub use role::Role;

/// Why a value typed in a form was refused. The `code` is stable: the UI translates it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum InputError {
    #[error("enter an email address like name@example.com")]
    EmailInvalid,
    #[error("the password must have at least {min} characters", min = Password::MIN_CHARS)]
    PasswordTooShort,
    #[error("the password must have at most {max} characters", max = Password::MAX_CHARS)]
    PasswordTooLong,
    #[error("this password is too easy to guess")]
    PasswordWeak,
    #[error("this field cannot be empty")]
    Empty,
    #[error("this field is too long (at most {max} characters)", max = Name::MAX_CHARS)]
    TooLong,
}

/// A form field a use case can refuse, so the page can show the error next to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Email,
    Password,
    Name,
    Organisation,
    CurrentPassword,
    NewPassword,
    Slug,
    LegalName,
    Country,
    Jurisdiction,
    Website,
    Description,
    SupportContact,
    ExternalId,
    Domain,
    OfferName,
    Tagline,
    Unit,
    Attributes,
    Certifications,
    Availability,
    Currency,
    Price,
    Carbon,
    Capacity,
    /// The meters of an offer: its metered usage prices.
    Meters,
    Reason,
    Member,
    /// The name of a provider API token.
    TokenName,
    /// The box a signer ticks to sign a contract.
    Agreement,
    /// A postal address, on a billing profile.
    Address,
    /// A VAT identification number, on a billing profile.
    VatId,
    /// An invoice's number, in the operator's billing forms.
    Invoice,
    /// An amount of money typed in currency units.
    Amount,
    /// A bank transfer's reference.
    Reference,
    /// The date on a bank statement.
    ReceivedOn,
    /// A commission rate in percent.
    Rate,
    /// A month, `YYYY-MM`.
    Month,
}

typed_id!(
    /// A person who can sign in.
    UserId
);
typed_id!(
    /// An organisation that buys on the marketplace.
    TenantId
);

/// An email address, trimmed and lower-cased, with one `@`, a local part and a dotted domain.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, InputError> {
        let email = raw.trim().to_lowercase();
        let valid = email.len() <= 254
            && !email.chars().any(|c| c.is_whitespace() || c.is_control())
            && match email.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && !domain.contains('@')
                        && domain.split('.').count() >= 2
                        && domain.split('.').all(|label| !label.is_empty())
                }
                None => false,
            };
        if valid {
            Ok(Self(email))
        } else {
            Err(InputError::EmailInvalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = InputError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Email> for String {
    fn from(value: Email) -> Self {
        value.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A password that passed the policy: 12 to 256 characters, no composition rules, and not rated
/// weak by the zxcvbn strength estimator (score 3 of 4 or better, counting the person's own email
/// and name as guessable words). Its `Debug` never shows it and it cannot be serialised.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    pub const MIN_CHARS: usize = 12;
    pub const MAX_CHARS: usize = 256;

    /// `context`: words the person gave elsewhere in the form (email, name, organisation), which
    /// make a password that contains them easier to guess.
    pub fn parse(raw: &str, context: &[&str]) -> Result<Self, InputError> {
        let chars = raw.chars().count();
        if chars < Self::MIN_CHARS {
            return Err(InputError::PasswordTooShort);
        }
        if chars > Self::MAX_CHARS {
            return Err(InputError::PasswordTooLong);
        }
        let entropy = zxcvbn::zxcvbn(raw, context);
        if (entropy.score() as u8) < 3 {
            return Err(InputError::PasswordWeak);
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

/// A person's or an organisation's name: trimmed, not empty, at most 120 characters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Name(String);

impl Name {
    pub const MAX_CHARS: usize = 120;

    pub fn parse(raw: &str) -> Result<Self, InputError> {
        let name = raw.trim();
        if name.is_empty() {
            Err(InputError::Empty)
        } else if name.chars().count() > Self::MAX_CHARS {
            Err(InputError::TooLong)
        } else {
            Ok(Self(name.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Name {
    type Error = InputError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Name> for String {
    fn from(value: Name) -> Self {
        value.0
    }
}

/// The signed-in person as pages see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: UserId,
    pub email: Email,
    pub name: String,
    pub is_operator: bool,
    /// Where the request that acts as this user came from, for the audit log; never sent to
    /// the browser.
    #[serde(skip)]
    pub origin: Origin,
}

/// One organisation a user belongs to, with the user's role there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub tenant: TenantId,
    pub tenant_name: String,
    pub role: Role,
}

/// A member of a tenant, as the dashboard lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub user: UserId,
    pub name: String,
    pub email: Email,
    pub role: Role,
}

/// The tenant dashboard: the organisation and who belongs to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub tenant: TenantId,
    pub tenant_name: String,
    pub role: Role,
    pub members: Vec<Member>,
    /// Set while the operator has suspended the organisation: its members read and pay, and
    /// take no new quote, contract or order.
    pub suspension: Option<crate::operator::Suspension>,
    /// The monthly budget, in minor units of the marketplace's currency; `None`: no budget.
    pub budget_minor: Option<i64>,
}

/// What a person types to sign up; each field is parsed by the sign-up use case.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct SignUp {
    pub email: String,
    pub password: String,
    pub name: String,
    pub organisation: String,
}

/// Marketplace-wide figures for the operator.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarketplaceCounts {
    pub users: i64,
    pub tenants: i64,
    pub operators: i64,
}

#[cfg(test)]
mod tests;
