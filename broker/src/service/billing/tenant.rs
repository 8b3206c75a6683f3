//! What an organisation's members read of its billing (every member, viewers included: its
//! invoices, the month so far, spend and carbon by month, each invoice with its lines and
//! payments) and the billing profile its owners and admins keep.

use super::Billing;
use crate::account::{CurrentUser, Field, TenantId};
use crate::billing::{
    BillingError, CardOffer, CollectRequest, InvoiceKind, InvoicePage, Month, PaymentError,
    ProfileError, ProfileForm, TenantBilling, first_spend_month, spend_months,
};
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum TenantBillingError {
    #[error("not found")]
    NotFound,
    #[error("your role in this organisation does not allow this")]
    Forbidden,
    #[error("some fields are invalid")]
    Invalid(Vec<(Field, ProfileError)>),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the clock reads {0}, a time without a month")]
    Clock(i64),
    #[error(transparent)]
    Rules(#[from] BillingError),
    #[error(transparent)]
    Payment(#[from] PaymentError),
}

impl Billing {
    async fn member(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
    ) -> Result<bool, TenantBillingError> {
        match self.store.tenant_role(user.id, tenant).await? {
            Some(role) => Ok(role.can_manage()),
            None => Err(TenantBillingError::NotFound),
        }
    }

    /// The billing page of `tenant` for one of its members.
    pub async fn tenant_billing(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
        now: i64,
    ) -> Result<TenantBilling, TenantBillingError> {
        let can_edit = self.member(user, tenant).await?;
        let (name, saved) = self.store.billing_profile(tenant).await?;
        let profile = match &saved {
            Some(saved) => ProfileForm {
                legal_name: saved.legal_name.clone(),
                address: saved.address.clone(),
                country: saved.country.to_string(),
                vat_id: saved.vat_id.clone().unwrap_or_default(),
            },
            None => ProfileForm {
                legal_name: name,
                country: self.operator.country.to_string(),
                ..ProfileForm::default()
            },
        };
        let last = Month::containing(now).ok_or(TenantBillingError::Clock(now))?;
        let sums = self
            .store
            .spend_sums(user.id, tenant, first_spend_month(last))
            .await?;
        Ok(TenantBilling {
            spend: spend_months(last, &sums)?,
            invoices: self.store.invoices_of(user.id, tenant).await?,
            profile,
            profile_saved: saved.is_some(),
            can_edit,
        })
    }

    /// Saves the billing profile of `tenant`; owners and admins only.
    pub async fn save_profile(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
        form: &ProfileForm,
        now: i64,
    ) -> Result<(), TenantBillingError> {
        let role = match self.store.tenant_role(user.id, tenant).await? {
            Some(role) if role.can_manage() => role,
            Some(_) => return Err(TenantBillingError::Forbidden),
            None => return Err(TenantBillingError::NotFound),
        };
        let profile = form.validate().map_err(TenantBillingError::Invalid)?;
        let actor = crate::audit::Actor::member(user, tenant, role);
        let record =
            crate::audit::Record::new(actor, crate::audit::Action::BillingProfileSaved, now);
        if self
            .store
            .save_billing_profile(user.id, tenant, &profile, now, &record)
            .await?
        {
            Ok(())
        } else {
            Err(TenantBillingError::Forbidden)
        }
    }

    /// The invoice `number` of `tenant`, or its draft of `month` (`YYYY-MM`) when `number` is
    /// `None`.
    pub async fn invoice_page(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
        number: Option<&str>,
        month: &str,
    ) -> Result<InvoicePage, TenantBillingError> {
        let found = self
            .store
            .invoice_of(user.id, tenant, number, month)
            .await?
            .ok_or(TenantBillingError::NotFound)?;
        let customer = match found.customer {
            Some(frozen) => frozen,
            None => self.frozen_customer(tenant).await?,
        };
        let offers = self
            .store
            .line_offers(user.id, tenant)
            .await?
            .into_iter()
            .map(|((contract, line), named)| (InvoicePage::offer_key(contract, line), named))
            .collect();
        let left = found.invoice.total_minor() - found.paid_minor;
        let (collection, card) = match found.invoice.number() {
            Some(number)
                if found.status == "finalized"
                    && found.invoice.kind() == InvoiceKind::Invoice
                    && left > 0 =>
            {
                let request = CollectRequest {
                    invoice: number,
                    tenant,
                    left_minor: left,
                };
                let card = self
                    .card_offer(found.id)
                    .await?
                    .map(|under_way| CardOffer { under_way });
                (Some(self.payments.collect(&request).await?), card)
            }
            _ => (None, None),
        };
        Ok(InvoicePage {
            collection,
            card,
            invoice: found.invoice,
            status: found.status,
            customer,
            operator: self.operator.clone(),
            payments: found.payments,
            refunds: found.refunds,
            paid_minor: found.paid_minor,
            offers,
        })
    }
}
