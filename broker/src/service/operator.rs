//! The operator's use cases: the marketplace's overview; over people, finding users,
//! organisations and providers, reading a user's and an organisation's pages, suspending and
//! reinstating them, and granting or revoking the operator flag; over the catalog (in `catalog`),
//! the decisions on providers and on offers in review. Each takes the current user and requires
//! the operator flag; each change writes the audit log in its own transaction.
//!
//! The operator's billing section (the months, the invoices, the commission rates) is with the
//! rest of billing, in [`super::billing`].

mod catalog;

use crate::account::{CurrentUser, Field, TenantId, UserId};
use crate::audit::{Action, Actor, Record};
use crate::catalog::CatalogInputError;
use crate::operator::overview::{Overview, last_months};
use crate::operator::{
    AccountRefusal, OrganisationPage, PeopleFound, Subject, UserPage, search_text,
    suspension_reason,
};
use crate::store::{Store, StoreError};

/// Why an operator's use case failed.
#[derive(Debug, thiserror::Error)]
pub enum OperatorError {
    #[error("only an operator can do this")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// The account is already in the state asked for (changed by someone else meanwhile).
    #[error("the account is already so")]
    Conflict,
    #[error("invalid {0:?}: {1}")]
    Invalid(Field, CatalogInputError),
    #[error(transparent)]
    Refused(#[from] AccountRefusal),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The operator's use cases.
#[derive(Clone, Debug)]
pub struct Operator {
    store: Store,
}

impl Operator {
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    /// The marketplace's figures of the twelve months ending with the one holding `now`.
    pub async fn overview(&self, user: &CurrentUser, now: i64) -> Result<Overview, OperatorError> {
        require_operator(user)?;
        Ok(self.store.operator_overview(&last_months(now)).await?)
    }

    /// Users, organisations and providers whose name or email holds `query`.
    pub async fn search(
        &self,
        user: &CurrentUser,
        query: &str,
    ) -> Result<PeopleFound, OperatorError> {
        require_operator(user)?;
        Ok(self.store.operator_search(&search_text(query)).await?)
    }

    pub async fn user(&self, user: &CurrentUser, id: UserId) -> Result<UserPage, OperatorError> {
        require_operator(user)?;
        self.store
            .operator_user(id)
            .await?
            .ok_or(OperatorError::NotFound)
    }

    pub async fn organisation(
        &self,
        user: &CurrentUser,
        id: TenantId,
    ) -> Result<OrganisationPage, OperatorError> {
        require_operator(user)?;
        self.store
            .operator_organisation(id)
            .await?
            .ok_or(OperatorError::NotFound)
    }

    /// Suspends a user (every session of theirs ends at once, and their log-in is refused with
    /// `reason`) or an organisation (no new quote, contract or order; what runs keeps running and
    /// stays billed). An operator does not suspend their own account.
    pub async fn suspend(
        &self,
        user: &CurrentUser,
        subject: Subject,
        reason: &str,
        now: i64,
    ) -> Result<(), OperatorError> {
        require_operator(user)?;
        let reason =
            suspension_reason(reason).map_err(|err| OperatorError::Invalid(Field::Reason, err))?;
        self.require_exists(subject).await?;
        let changed = match subject {
            Subject::User(id) if id == user.id => return Err(AccountRefusal::OwnAccount.into()),
            Subject::User(id) => {
                let action = Action::UserSuspended {
                    user: id,
                    reason: reason.clone(),
                };
                let record = Record::new(Actor::operator(user), action, now);
                self.store.suspend_user(id, &reason, &record).await?
            }
            Subject::Organisation(id) => {
                let action = Action::OrganisationSuspended {
                    tenant: id,
                    reason: reason.clone(),
                };
                let record = Record::new(Actor::operator(user).on_tenant(id), action, now);
                self.store.suspend_tenant(id, &reason, &record).await?
            }
        };
        changed.then_some(()).ok_or(OperatorError::Conflict)
    }

    /// Lifts a suspension.
    pub async fn reinstate(
        &self,
        user: &CurrentUser,
        subject: Subject,
        now: i64,
    ) -> Result<(), OperatorError> {
        require_operator(user)?;
        self.require_exists(subject).await?;
        let changed = match subject {
            Subject::User(id) => {
                let action = Action::UserReinstated { user: id };
                let record = Record::new(Actor::operator(user), action, now);
                self.store.reinstate_user(id, &record).await?
            }
            Subject::Organisation(id) => {
                let action = Action::OrganisationReinstated { tenant: id };
                let record = Record::new(Actor::operator(user).on_tenant(id), action, now);
                self.store.reinstate_tenant(id, &record).await?
            }
        };
        changed.then_some(()).ok_or(OperatorError::Conflict)
    }

    /// Grants the operator flag, or revokes it: never an operator's own, and never the last
    /// operator's who can log in.
    pub async fn set_operator(
        &self,
        user: &CurrentUser,
        id: UserId,
        grant: bool,
        now: i64,
    ) -> Result<(), OperatorError> {
        require_operator(user)?;
        self.require_exists(Subject::User(id)).await?;
        let changed = if grant {
            let record = Record::new(
                Actor::operator(user),
                Action::OperatorGranted { user: id },
                now,
            );
            self.store.grant_operator(id, &record).await?
        } else {
            if id == user.id {
                return Err(AccountRefusal::OwnAccount.into());
            }
            let record = Record::new(
                Actor::operator(user),
                Action::OperatorRevoked { user: id },
                now,
            );
            self.store
                .revoke_operator(id, &record)
                .await?
                .ok_or(AccountRefusal::LastOperator)?
        };
        changed.then_some(()).ok_or(OperatorError::Conflict)
    }

    async fn require_exists(&self, subject: Subject) -> Result<(), OperatorError> {
        let exists = self.store.account_exists(subject).await?;
        exists.then_some(()).ok_or(OperatorError::NotFound)
    }
}

fn require_operator(user: &CurrentUser) -> Result<(), OperatorError> {
    if user.is_operator {
        Ok(())
    } else {
        Err(OperatorError::Forbidden)
    }
}
