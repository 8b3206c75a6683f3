//! Providers paid into their own account at the payment method (Stripe Connect): the provider's
//! owner opens the account and fills it in at the method; once the method says it may receive
//! payouts, each payout run transfers the provider's due share of each fully paid invoice into
//! it, one transfer per invoice, instead of a transfer made by hand. A transfer is written with
//! its idempotency key before the call and becomes a payout once the method made it; one that
//! failed leaves its amount due and says why; one never answered is sent again, under its key,
//! by [`Billing::reconcile_transfers`].

use super::Billing;
use super::settlement::SettlementError;
use crate::account::CurrentUser;
use crate::audit::{Action, Actor, Record};
use crate::billing::{AccountRequest, InvoiceNumber, PaymentError, PayoutAccount, TransferRequest};
use crate::catalog::{ProviderId, ProviderRole};
use crate::ledger::{self, Transaction};
use crate::money::MARKETPLACE_CURRENCY;
use crate::store::StoreError;
use crate::store::connect::{NewTransfer, StoredTransfer};
use std::collections::BTreeSet;

/// How many transfers one reconciliation round looks at.
const CHECKS_PER_ROUND: i64 = 50;

/// What became of a transfer sent.
enum Sent {
    Made,
    Failed,
    NoAnswer,
}

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    /// Not a member of the provider, or no such provider.
    #[error("not found")]
    NotFound,
    /// Only the provider's owners connect its account.
    #[error("only an owner of the provider connects its account")]
    Forbidden,
    /// The payment method pays no provider's account.
    #[error("payouts into providers' accounts are not offered")]
    NotOffered,
    #[error(transparent)]
    Unavailable(#[from] PaymentError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Billing {
    /// The payout account of `provider` as its members read it; `None` when the method pays no
    /// provider's account.
    pub(super) async fn payout_account(
        &self,
        provider: ProviderId,
        role: ProviderRole,
    ) -> Result<Option<PayoutAccount>, StoreError> {
        if !self.payments.pays_accounts() {
            return Ok(None);
        }
        let account = self.store.provider_account(provider).await?;
        Ok(Some(PayoutAccount {
            connected: account.as_ref().is_some_and(|a| a.account.is_some()),
            payouts_enabled: account.is_some_and(|a| a.payouts_enabled),
            can_connect: role == ProviderRole::Owner,
            failed: self.store.last_failed_transfer(provider).await?,
        }))
    }

    /// Opens the account of `provider` at the method if it has none, and where its owner fills
    /// it in.
    pub async fn connect_account(
        &self,
        user: &CurrentUser,
        provider: ProviderId,
        now: i64,
    ) -> Result<String, ConnectError> {
        match self.store.provider_role(user.id, provider).await? {
            None => return Err(ConnectError::NotFound),
            Some(ProviderRole::Member) => return Err(ConnectError::Forbidden),
            Some(ProviderRole::Owner) => {}
        }
        if !self.payments.pays_accounts() {
            return Err(ConnectError::NotOffered);
        }
        let key = format!("account:{}", provider.get());
        self.store
            .new_provider_account(provider, &key, user.id, now)
            .await?;
        let stored = self
            .store
            .provider_account(provider)
            .await?
            .ok_or(ConnectError::NotFound)?;
        let account = match stored.account {
            Some(account) => account,
            None => {
                let request = AccountRequest {
                    provider,
                    idempotency_key: &stored.idempotency_key,
                };
                let account = self.payments.open_account(&request).await?;
                let action = Action::PayoutAccountOpened {
                    provider,
                    account: account.clone(),
                };
                let actor = Actor::provider_member(user, provider, ProviderRole::Owner);
                let record = Record::new(actor, action, now);
                self.store
                    .provider_account_opened(provider, &account, now, &record)
                    .await?;
                account
            }
        };
        Ok(self.payments.onboarding_link(&account, provider).await?)
    }

    /// Transfers to `provider`'s account its share of each fully paid invoice, as far as
    /// it is due; the total transferred. `payouts` is how many payouts were made when
    /// `transactions` were read, plus those this run made: each transfer made adds one.
    pub(super) async fn transfer_shares(
        &self,
        user: &CurrentUser,
        provider: ProviderId,
        transactions: &[Transaction],
        paid: &BTreeSet<InvoiceNumber>,
        payouts: &mut i64,
        now: i64,
    ) -> Result<i64, SettlementError> {
        let parts = ledger::payout_parts(provider, transactions, paid)
            .map_err(|err| SettlementError::Build(err.to_string()))?;
        let mut made = 0;
        for (invoice, amount) in parts {
            let number = invoice.to_string();
            let new = NewTransfer {
                provider,
                invoice_number: &number,
                amount,
                by: user.id,
                now,
                payouts_before: *payouts,
            };
            // A payout made meanwhile, or a transfer in flight: the next run computes again.
            let record = |transfer| {
                let action = Action::PayoutTransferRequested {
                    transfer,
                    provider,
                    invoice: number.clone(),
                    amount_minor: amount,
                    currency: MARKETPLACE_CURRENCY.to_string(),
                };
                Record::new(Actor::operator(user).on_provider(provider), action, now)
            };
            let Some(id) = self.store.new_transfer(&new, record).await? else {
                break;
            };
            let transfer = self
                .store
                .stored_transfer(id)
                .await?
                .ok_or(StoreError::Corrupt("payout_transfers"))?;
            match self.send_transfer(&transfer, now).await? {
                Sent::Made => {
                    made += amount;
                    *payouts += 1;
                }
                Sent::Failed => {}
                // Unanswered: nothing more for this provider until it is known.
                Sent::NoAnswer => break,
            }
        }
        Ok(made)
    }

    /// Sends `transfer` under its key and records what the method answered (unanswered, the
    /// transfer stays requested).
    async fn send_transfer(
        &self,
        transfer: &StoredTransfer,
        now: i64,
    ) -> Result<Sent, SettlementError> {
        let invoice = InvoiceNumber::parse(&transfer.invoice_number)
            .map_err(|_| StoreError::Corrupt("payout_transfers.invoice_number"))?;
        let source = self.store.invoice_charge(&transfer.invoice_number).await?;
        let request = TransferRequest {
            transfer: transfer.id,
            source: source.as_deref(),
            account: &transfer.account,
            amount_minor: transfer.amount_minor,
            currency: MARKETPLACE_CURRENCY,
            invoice,
            idempotency_key: &transfer.idempotency_key,
        };
        match self.payments.transfer(&request).await {
            Ok(made) => {
                let (provider, amount) = (transfer.provider, transfer.amount_minor);
                let payout = |id: i64| {
                    Transaction::payout(&id.to_string(), now, provider, amount, amount)
                        .map_err(|err| err.to_string())
                };
                self.store
                    .record_transfer(transfer, &made, now, &payout)
                    .await?;
                Ok(Sent::Made)
            }
            Err(PaymentError::NoAnswer(_) | PaymentError::Unknown(_)) => Ok(Sent::NoAnswer),
            Err(err) => {
                let why = match err {
                    PaymentError::Failed(why) => why,
                    other => other.to_string(),
                };
                self.store.transfer_failed(transfer.id, &why, now).await?;
                Ok(Sent::Failed)
            }
        }
    }

    /// Asks the method about opened accounts not yet allowed payouts and last looked at before
    /// `before` (their `account.updated` may be lost or not yet sent); how many.
    pub async fn reconcile_accounts(&self, before: i64, now: i64) -> Result<usize, StoreError> {
        if !self.payments.pays_accounts() {
            return Ok(0);
        }
        let due = self
            .store
            .accounts_to_check(before, CHECKS_PER_ROUND)
            .await?;
        for account in &due {
            match self.payments.account_ready(account).await {
                Ok(ready) => {
                    self.store
                        .account_updated(account, ready, now, None, now)
                        .await?;
                }
                Err(err) => {
                    tracing::warn!(%err, account, "could not ask about a provider's account; the next round retries");
                }
            }
            self.store.account_checked(account, now).await?;
        }
        Ok(due.len())
    }

    /// Sends again, under their keys, the transfers requested before `before` and never
    /// answered; how many.
    pub async fn reconcile_transfers(&self, before: i64, now: i64) -> Result<usize, StoreError> {
        let due = self
            .store
            .transfers_to_check(before, CHECKS_PER_ROUND)
            .await?;
        for transfer in &due {
            if let Err(err) = self.send_transfer(transfer, now).await {
                tracing::warn!(%err, transfer = transfer.id, "could not reconcile a transfer; the next round retries");
            }
        }
        Ok(due.len())
    }
}
