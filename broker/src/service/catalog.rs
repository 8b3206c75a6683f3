//! The provider and offer use cases: applying as a provider, the
//! console (invitations to the team are in [`super::invitations`]), drafting, versioning,
//! submitting and reviewing offers, and reading the public catalog.
//!
//! The reads of the public catalog are in `public`, the provider members' console and offers in
//! `offers`, and the applications in `applications`; the operator's decisions are in
//! [`super::operator`].
//!
//! Each use case validates with the pure rules of [`crate::catalog`], checks the caller's role
//! (the operator flag, or membership of the provider, which the store also tests in its queries)
//! and writes through the [`Store`].

mod applications;
mod offers;
mod public;

use crate::account::{CurrentUser, Field};
use crate::catalog::CatalogInputError;
use crate::store::catalog::Access;
use crate::store::{Store, StoreError};

/// Why a provider or offer operation failed.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("invalid input")]
    Invalid(Vec<(Field, CatalogInputError)>),
    #[error("not found")]
    NotFound,
    #[error("not allowed")]
    Forbidden,
    /// The status does not allow the change, or someone changed the offer meanwhile.
    #[error("the change does not apply in the current state")]
    Conflict,
    /// More offers than a comparison shows.
    #[error("too many offers to compare")]
    TooMany,
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn invalid(field: Field, error: CatalogInputError) -> CatalogError {
    CatalogError::Invalid(vec![(field, error)])
}

/// What `user` reaches for reading: everything as the operator, else their providers' rows.
fn access(user: &CurrentUser) -> Access {
    if user.is_operator {
        Access::Operator
    } else {
        Access::Member(user.id)
    }
}

/// What became of an edit of an offer's terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TermsChange {
    /// The version current after the edit.
    pub version: i64,
    /// Whether the edit made that version (otherwise it corrected the current one in place).
    pub new_version: bool,
}

/// The marketplace's provider and offer use cases.
#[derive(Clone, Debug)]
pub struct Marketplace {
    pub(super) store: Store,
}

impl Marketplace {
    pub fn new(store: Store) -> Self {
        Self { store }
    }
}
