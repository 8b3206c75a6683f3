//! The run of one month: each organisation's draft recomputed from its contract lines, usage,
//! late usage and downtime and, once the month is over, finalized.

use super::{Billing, BillingRunError, RunSummary};
use crate::account::TenantId;
use crate::billing::Customer;
use crate::billing::{self, ContractLine, Invoice, InvoiceInput, LateUsage, Month, VatId};
use crate::catalog::ProviderId;
use crate::format::{self, CountryCode};
use crate::ledger::Transaction;
use crate::store::StoreError;
use crate::store::billing::StoredProfile;
use crate::store::invoices::{BilledUsage, Finalization, FinalizeError};
use crate::store::month_inputs::{TenantInputs, UnbilledUsage};
use std::collections::{BTreeMap, BTreeSet};

/// One tenant's invoice as a run computes it, with what its finalization marks as billed.
struct Computed {
    invoice: Invoice,
    billed: Vec<BilledUsage>,
}

impl Billing {
    /// Recomputes `month`'s drafts at `now` and, when the month is over, finalizes them.
    pub async fn run(&self, month: Month, now: i64) -> Result<RunSummary, BillingRunError> {
        let mut lines: BTreeMap<TenantId, Vec<ContractLine>> = BTreeMap::new();
        for (tenant, line) in self.store.billable_lines(month.end()).await? {
            lines.entry(tenant).or_default().push(line);
        }
        // Read once for every organisation, not once for each.
        let mut inputs = self.store.month_inputs(month, now).await?;
        let rates = self.store.commission_rates(month.start()).await?;
        let payees = self.payees().await?;
        let finalize = now >= month.end();
        let mut summary = RunSummary::default();
        for (tenant, lines) in lines {
            let tenant_inputs = inputs.remove(&tenant).unwrap_or_default();
            let customer = self.frozen(&tenant_inputs.name, tenant_inputs.profile.as_ref());
            let Some(computed) = self
                .compute(tenant, month, lines, tenant_inputs, &rates)
                .await?
            else {
                self.store.drop_draft(tenant, month).await?;
                continue;
            };
            if !finalize {
                if self
                    .store
                    .save_draft(month, &computed.invoice, now)
                    .await?
                    .is_some()
                {
                    summary.drafted += 1;
                }
                continue;
            }
            if let Some(number) = self
                .finalize(tenant, month, computed, &customer, &payees, now)
                .await?
            {
                summary.drafted += 1;
                summary.finalized.push(number);
            }
        }
        Ok(summary)
    }

    async fn compute(
        &self,
        tenant: TenantId,
        month: Month,
        lines: Vec<ContractLine>,
        inputs: TenantInputs,
        rates: &BTreeMap<String, (ProviderId, u32)>,
    ) -> Result<Option<Computed>, BillingRunError> {
        let (customer_country, customer_vat_id) = self.customer(inputs.profile.as_ref())?;
        let usage = inputs.usage;
        let late = self.late_usage(inputs.earlier, &inputs.closed).await?;
        let billed = usage
            .iter()
            .map(|usage| BilledUsage::of_month(usage, month))
            .chain(late.iter().map(BilledUsage::late))
            .collect();
        let commission_bp = lines
            .iter()
            .map(|line| {
                let rate = rates
                    .get(line.provider.as_str())
                    .map_or(self.operator.commission_bp, |(_, bp)| *bp);
                (line.provider.clone(), rate)
            })
            .collect();
        let input = InvoiceInput {
            month,
            tenant,
            lines,
            usage,
            late_usage: late,
            downtime: inputs.downtime,
            commission_bp,
            operator_country: self.operator.country,
            customer_country,
            customer_vat_id,
        };
        let invoice = billing::compute_invoice(&input)
            .map_err(|source| BillingRunError::Rules { tenant, source })?;
        Ok(invoice.map(|invoice| Computed { invoice, billed }))
    }

    /// Usage of months whose invoice is finalized that was not billed yet, by month, line and
    /// meter, with what those months already billed.
    async fn late_usage(
        &self,
        earlier: Vec<UnbilledUsage>,
        closed: &BTreeSet<String>,
    ) -> Result<Vec<LateUsage>, BillingRunError> {
        let mut groups: BTreeMap<(Month, i64, u32, String), i64> = BTreeMap::new();
        for UnbilledUsage {
            contract,
            line,
            meter,
            quantity,
            at,
        } in earlier
        {
            let Some(of) = Month::containing(at) else {
                continue;
            };
            if closed.contains(&of.to_string()) {
                *groups
                    .entry((of, contract.get(), line, meter.as_str().to_owned()))
                    .or_default() += quantity;
            }
        }
        let mut late = Vec::with_capacity(groups.len());
        for ((of, contract, line, meter), used) in groups {
            let contract = crate::contract::ContractId::new(contract);
            let meter = billing::MeterId::parse(&meter)
                .map_err(|_| StoreError::Corrupt("usage_records.meter"))?;
            let previously_used = self.store.billed_usage(contract, line, &meter, of).await?;
            late.push(LateUsage {
                month: of,
                contract,
                line,
                meter,
                previously_used,
                used,
            });
        }
        Ok(late)
    }

    /// The customer's country and VAT id: its billing profile's, or the operator's country
    /// without one.
    fn customer(
        &self,
        profile: Option<&StoredProfile>,
    ) -> Result<(CountryCode, Option<VatId>), StoreError> {
        Ok(match profile {
            Some(profile) => {
                let vat_id = profile
                    .vat_id
                    .as_deref()
                    .map(|raw| VatId::parse(profile.country, raw))
                    .transpose()
                    .map_err(|_| StoreError::Corrupt("billing_profiles.vat_id"))?;
                (profile.country, vat_id)
            }
            None => (self.operator.country, None),
        })
    }

    /// The customer an invoice freezes: the organisation's billing profile, or its name in the
    /// operator's country without one.
    fn frozen(&self, name: &str, profile: Option<&StoredProfile>) -> Customer {
        match profile {
            Some(profile) => Customer {
                name: profile.legal_name.clone(),
                address: profile.address.clone(),
                country: profile.country.to_string(),
                vat_id: profile.vat_id.clone(),
            },
            None => Customer {
                name: name.to_owned(),
                address: String::new(),
                country: self.operator.country.to_string(),
                vat_id: None,
            },
        }
    }

    pub(super) async fn frozen_customer(&self, tenant: TenantId) -> Result<Customer, StoreError> {
        let (name, profile) = self.store.billing_profile(tenant).await?;
        Ok(self.frozen(&name, profile.as_ref()))
    }

    async fn finalize(
        &self,
        tenant: TenantId,
        month: Month,
        computed: Computed,
        customer: &Customer,
        payees: &BTreeMap<format::ProviderId, ProviderId>,
        now: i64,
    ) -> Result<Option<String>, BillingRunError> {
        let invoice = &computed.invoice;
        let numbered = |number| {
            let invoice = invoice
                .clone()
                .finalize(number, now)
                .map_err(|err| err.to_string())?;
            let transaction =
                Transaction::invoice_finalized(&invoice, payees).map_err(|err| err.to_string())?;
            Ok((invoice, transaction))
        };
        let finalized = self
            .store
            .finalize_invoice(Finalization {
                month,
                draft: invoice,
                at: now,
                customer,
                usage: &computed.billed,
                cutoff: now,
                numbered: &numbered,
            })
            .await;
        match finalized {
            Ok(number) => Ok(Some(number.to_string())),
            // Finalized by another run meanwhile, which numbered it; or usage arrived while it
            // was finalized, and the next run counts it.
            Err(FinalizeError::NotDraft | FinalizeError::UsageChanged) => Ok(None),
            Err(source) => Err(BillingRunError::Finalize { tenant, source }),
        }
    }
}
