//! The run of one month: each organisation's draft recomputed from its contract lines, usage,
//! late usage and downtime and, once the month is over, finalized.

use super::{Billing, BillingRunError, RunSummary};
use crate::account::TenantId;
use crate::billing::Customer;
use crate::billing::{self, ContractLine, Invoice, InvoiceInput, LateUsage, Month, VatId};
use crate::format::CountryCode;
use crate::ledger::Transaction;
use crate::store::StoreError;
use crate::store::billing::UnbilledUsage;
use crate::store::invoices::{BilledUsage, Finalization, FinalizeError};
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
        let finalize = now >= month.end();
        let mut summary = RunSummary::default();
        for (tenant, lines) in lines {
            let Some(computed) = self.compute(tenant, month, lines, now).await? else {
                self.store.drop_draft(tenant, month).await?;
                continue;
            };
            let Some(draft) = self.store.save_draft(month, &computed.invoice, now).await? else {
                continue;
            };
            summary.drafted += 1;
            if finalize {
                // Another run finalized it meanwhile: that run numbered it.
                if let Some(number) = self.finalize(tenant, draft, computed, now).await? {
                    summary.finalized.push(number);
                }
            }
        }
        Ok(summary)
    }

    async fn compute(
        &self,
        tenant: TenantId,
        month: Month,
        lines: Vec<ContractLine>,
        cutoff: i64,
    ) -> Result<Option<Computed>, BillingRunError> {
        let usage = self.store.month_usage(tenant, month, cutoff).await?;
        let late = self.late_usage(tenant, month, cutoff).await?;
        let mut billed: Vec<BilledUsage> = usage
            .iter()
            .map(|usage| BilledUsage {
                contract: usage.contract,
                line: usage.line,
                meter: usage.meter.as_str().to_owned(),
                from: month.start(),
                to: month.end(),
            })
            .collect();
        billed.extend(late.iter().map(|late| BilledUsage {
            contract: late.contract,
            line: late.line,
            meter: late.meter.as_str().to_owned(),
            from: late.month.start(),
            to: late.month.end(),
        }));
        let rates = self.store.commission_rates(month.start()).await?;
        let commission_bp = lines
            .iter()
            .map(|line| {
                let rate = rates
                    .get(line.provider.as_str())
                    .map_or(self.operator.commission_bp, |(_, bp)| *bp);
                (line.provider.clone(), rate)
            })
            .collect();
        let customer = self.customer(tenant).await?;
        let input = InvoiceInput {
            month,
            tenant,
            lines,
            usage,
            late_usage: late,
            downtime: self.store.month_downtime(tenant, month).await?,
            commission_bp,
            operator_country: self.operator.country,
            customer_country: customer.0,
            customer_vat_id: customer.1,
        };
        let invoice = billing::compute_invoice(&input)
            .map_err(|source| BillingRunError::Rules { tenant, source })?;
        Ok(invoice.map(|invoice| Computed { invoice, billed }))
    }

    /// Usage of months whose invoice is finalized that was not billed yet, by month, line and
    /// meter, with what those months already billed.
    async fn late_usage(
        &self,
        tenant: TenantId,
        month: Month,
        cutoff: i64,
    ) -> Result<Vec<LateUsage>, BillingRunError> {
        let closed: BTreeSet<String> = self
            .store
            .closed_months(tenant)
            .await?
            .into_iter()
            .collect();
        let records = self
            .store
            .unbilled_usage_before(tenant, month.start(), cutoff)
            .await?;
        let mut groups: BTreeMap<(Month, i64, u32, String), i64> = BTreeMap::new();
        for UnbilledUsage {
            contract,
            line,
            meter,
            quantity,
            at,
        } in records
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
    async fn customer(&self, tenant: TenantId) -> Result<(CountryCode, Option<VatId>), StoreError> {
        let (_, profile) = self.store.billing_profile(tenant).await?;
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

    pub(super) async fn frozen_customer(&self, tenant: TenantId) -> Result<Customer, StoreError> {
        let (name, profile) = self.store.billing_profile(tenant).await?;
        Ok(match profile {
            Some(profile) => Customer {
                name: profile.legal_name,
                address: profile.address,
                country: profile.country.to_string(),
                vat_id: profile.vat_id,
            },
            None => Customer {
                name,
                address: String::new(),
                country: self.operator.country.to_string(),
                vat_id: None,
            },
        })
    }

    async fn finalize(
        &self,
        tenant: TenantId,
        draft: i64,
        computed: Computed,
        now: i64,
    ) -> Result<Option<String>, BillingRunError> {
        let customer = self.frozen_customer(tenant).await?;
        let payees = self.payees().await?;
        let invoice = computed.invoice;
        let numbered = |number| {
            let invoice = invoice
                .clone()
                .finalize(number, now)
                .map_err(|err| err.to_string())?;
            let transaction =
                Transaction::invoice_finalized(&invoice, &payees).map_err(|err| err.to_string())?;
            Ok((invoice, transaction))
        };
        let finalized = self
            .store
            .finalize_invoice(Finalization {
                draft,
                at: now,
                customer: &customer,
                usage: &computed.billed,
                cutoff: now,
                numbered: &numbered,
            })
            .await;
        match finalized {
            Ok(number) => Ok(Some(number.to_string())),
            Err(FinalizeError::NotDraft) => Ok(None),
            Err(source) => Err(BillingRunError::Finalize { tenant, source }),
        }
    }
}
