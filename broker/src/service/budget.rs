//! An organisation's monthly budget, which its owners set (or lift) and its members read on the
//! dashboard; signatures are held to it (see `service::contracts`). And the language a person's
//! mail is written in.

use super::billing::typed_amount;
use super::{AccountError, Accounts};
use crate::account::{CurrentUser, Role, TenantId, UserId};
use crate::audit::{Action, Actor, Record};
use crate::billing::Settlement;
use crate::mail::Language;
use crate::money::MARKETPLACE_CURRENCY;
use crate::store::StoreError;

/// Why the budget was not set.
#[derive(Debug, thiserror::Error)]
pub enum BudgetError {
    #[error("only an owner sets the organisation's budget")]
    NotOwner,
    /// The amount typed is not one.
    #[error("invalid budget: {0:?}")]
    Invalid(Settlement),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Accounts {
    /// An owner sets the monthly budget to `typed` (in the marketplace's currency units, such as
    /// `1000` or `1000.50`), or lifts it when `typed` is empty.
    pub async fn set_budget(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
        typed: &str,
        now: i64,
    ) -> Result<(), BudgetError> {
        let budget = match typed.trim() {
            "" => None,
            typed => Some(typed_amount(typed).map_err(BudgetError::Invalid)?),
        };
        if self.store.tenant_role(user.id, tenant).await? != Some(Role::Owner) {
            return Err(BudgetError::NotOwner);
        }
        let record = |was| {
            let action = Action::BudgetChanged {
                was,
                budget,
                currency: MARKETPLACE_CURRENCY.to_string(),
            };
            Record::new(Actor::member(user, tenant, Role::Owner), action, now)
        };
        let set = self
            .store
            .set_budget((user.id, tenant), budget, record)
            .await?;
        set.then_some(()).ok_or(BudgetError::NotOwner)
    }

    /// The language `user`'s mail is written in.
    pub async fn set_language(&self, user: UserId, language: Language) -> Result<(), AccountError> {
        Ok(self.store.set_language(user, language).await?)
    }
}
