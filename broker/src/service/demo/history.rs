//! Three full months of billing before the current one, made through the ordinary use cases with
//! a clock set in the past: organisations in France, Germany (with a VAT id), Belgium, the United
//! States and Switzerland sign contracts on different days, the simulated provider makes their
//! resources active, the provider reports metered usage (one record late) and a downtime
//! incident, each month is billed and finalized, most invoices are paid, one is cancelled by a
//! credit note and one is left unpaid, and the providers are paid out once.

use super::organisations::{ORGANISATIONS, Organisation};
use super::{DEMO_PASSWORD, DemoError, signed_in};
use crate::account::{CurrentUser, SignUp, TenantId};
use crate::billing::{Month, ProfileForm};
use crate::catalog::NewOffer;
use crate::contract::ContractId;
use crate::demo::DemoMarketplace;
use crate::format::{Assignment, Objective, PlanDocument};
use crate::money::MARKETPLACE_CURRENCY;
use crate::provisioning::port::{ProviderAdapter, Simulated};
use crate::provisioning::{DelayRange, InstanceId, SimulatedAdapter, SimulationConfig};
use crate::reports::{Batch, DowntimeRecord, UsageRecord};
use crate::service::Accounts;
use crate::service::billing::Billing;
use crate::service::contracts::{Contracts, Signing};
use crate::service::provisioning::Provisioning;
use crate::service::reports::Reports;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

const DAY: i64 = 86_400;

/// The use cases the history goes through, with a clock of its own.
pub(super) struct History<'a> {
    pub accounts: &'a Accounts,
    pub billing: &'a Billing,
    pub operator: &'a CurrentUser,
    pub seller: &'a CurrentUser,
}

/// A demo offer with its provider's slug.
fn offer<'a>(
    data: &'a DemoMarketplace,
    domain: &str,
    metered: bool,
) -> Option<(&'a str, &'a NewOffer)> {
    data.providers.iter().find_map(|provider| {
        provider
            .offers
            .iter()
            .find(|offer| offer.domain == domain && offer.terms.meters.is_empty() != metered)
            .map(|offer| (provider.application.slug.as_str(), offer))
    })
}

fn line(component: &str, (slug, offer): (&str, &NewOffer), quantity: u64) -> Assignment {
    let price = u64::try_from(offer.terms.monthly_price.minor()).unwrap_or(0);
    let carbon = u64::try_from(offer.terms.carbon_g_month).unwrap_or(0);
    Assignment {
        component: component.to_owned(),
        offer: offer.external_id.clone(),
        provider: slug.to_owned(),
        quantity,
        monthly_minor: price * quantity,
        carbon_g_month: carbon * quantity,
    }
}

impl History<'_> {
    /// Makes the history of the three months before the one holding `now`.
    pub async fn load(&self, data: &DemoMarketplace, now: i64) -> Result<(), DemoError> {
        let Some(current) = Month::containing(now) else {
            return Ok(());
        };
        let Some(first) = current
            .previous()
            .and_then(|m| m.previous())
            .and_then(|m| m.previous())
        else {
            return Ok(());
        };
        let (Some(compute), Some(storage)) =
            (offer(data, "compute", false), offer(data, "storage", true))
        else {
            return Ok(());
        };
        let store = self.accounts.store().clone();
        let contracts = Contracts::new(store.clone());
        let clock = Arc::new(AtomicI64::new(first.start()));
        let provisioning = provisioning(&store, &clock)?;
        let mut signed = Vec::new();
        for organisation in &ORGANISATIONS {
            let at = first.start() + organisation.signs_on_day * DAY + 10 * 3600;
            let (owner, tenant) = self.organisation(organisation, at).await?;
            let plan = PlanDocument::feasible(
                Objective::Cost,
                MARKETPLACE_CURRENCY,
                vec![line("web", compute, 2), line("files", storage, 1)],
            );
            let contract = sign(&contracts, &owner, tenant, &plan, at).await?;
            for tick in 1..=30 {
                clock.store(at + tick, Ordering::SeqCst);
                provisioning.run_due("demo-history", at + tick).await?;
            }
            signed.push((owner, tenant, contract));
        }
        self.report(&store, &signed, first, storage.0, now).await?;
        // And the current month so far.
        self.billing.run(current, now).await?;
        Ok(())
    }

    /// Each month: usage reported and billed, paid (but for one invoice cancelled by a credit
    /// note and one left unpaid); one downtime incident, one late record, one payout run.
    async fn report(
        &self,
        store: &crate::store::Store,
        signed: &[(CurrentUser, TenantId, ContractId)],
        first: Month,
        storage_provider: &str,
        now: i64,
    ) -> Result<(), DemoError> {
        // The last month may have ended less than two days ago: nothing happens after `now`.
        let past = |at: i64| at.min(now);
        let reports = Reports::new(store.clone());
        let provider =
            *store
                .provider_ids()
                .await?
                .get(storage_provider)
                .ok_or(DemoError::History(format!(
                    "no provider {storage_provider}"
                )))?;
        let created = reports
            .create_token(self.seller, provider, "Demo metering", first.start())
            .await
            .map_err(|err| DemoError::History(err.to_string()))?;
        let reporter = reports
            .authenticate(created.secret.expose(), first.start())
            .await?
            .ok_or(DemoError::History(
                "the demo token does not authenticate".to_owned(),
            ))?;
        let files = |contract: ContractId| InstanceId::for_line(contract, 1).as_str().to_owned();
        let usage = |id: String, contract, quantity, at| UsageRecord {
            id,
            instance_id: files(contract),
            meter: "egress_gb".to_owned(),
            quantity,
            at,
        };
        let months = [
            Some(first),
            first.next(),
            first.next().and_then(Month::next),
        ];
        for (k, month) in months.into_iter().flatten().enumerate() {
            let records = (0i64..)
                .zip(signed)
                .map(|(i, (_, _, contract))| {
                    usage(
                        format!("u-{k}-{i}"),
                        *contract,
                        120 + 60 * i,
                        month.end() - 5 * DAY,
                    )
                })
                .collect();
            self.send(
                &reports,
                &reporter,
                Batch { records },
                month.end() - 5 * DAY + 60,
            )
            .await?;
            if k == 1 {
                // Prairie's storage is down ten hours: an SLA credit.
                let from = month.start() + 10 * DAY;
                let records = vec![DowntimeRecord {
                    id: format!("d-{k}"),
                    instance_id: files(signed[3].2),
                    from,
                    to: from + 10 * 3600,
                }];
                reports
                    .report_downtime(&reporter, &Batch { records }, from + 11 * 3600)
                    .await
                    .map_err(|err| DemoError::History(err.to_string()))?;
            }
            let finalized = past(month.end() + 2 * DAY);
            let run = self.billing.run(month, finalized).await?;
            if k == 1 {
                // Brauhaus's last record of the month arrives after the month was invoiced.
                let late = vec![usage(
                    "u-late".to_owned(),
                    signed[1].2,
                    35,
                    month.end() - 3 * DAY,
                )];
                self.send(
                    &reports,
                    &reporter,
                    Batch { records: late },
                    finalized + DAY,
                )
                .await?;
            }
            self.settle(&run.finalized, signed, k, past(finalized + 5 * DAY))
                .await?;
        }
        if let Some(last) = months.into_iter().flatten().last() {
            self.billing
                .run_payouts(
                    self.operator,
                    &format!("Payout {last}"),
                    past(last.end() + 10 * DAY),
                )
                .await?;
        }
        Ok(())
    }

    async fn send(
        &self,
        reports: &Reports,
        reporter: &crate::service::reports::Reporter,
        batch: Batch<UsageRecord>,
        at: i64,
    ) -> Result<(), DemoError> {
        reports
            .report_usage(reporter, &batch, at)
            .await
            .map_err(|err| DemoError::History(err.to_string()))?;
        Ok(())
    }

    /// Pays the month's invoices, but Chocolaterie's first one, cancelled by a credit note, and
    /// Prairie's last one, left to pay.
    async fn settle(
        &self,
        numbers: &[String],
        signed: &[(CurrentUser, TenantId, ContractId)],
        month_index: usize,
        at: i64,
    ) -> Result<(), DemoError> {
        let store = self.accounts.store();
        for number in numbers {
            let Ok(parsed) = crate::billing::InvoiceNumber::parse(number) else {
                continue;
            };
            let Some(invoice) = store.invoice_by_number(parsed).await? else {
                continue;
            };
            let tenant = invoice.invoice.tenant();
            let index = signed.iter().position(|(_, t, _)| *t == tenant);
            match (index, month_index) {
                (Some(2), 0) => {
                    self.billing
                        .cancel_invoice(
                            self.operator,
                            number,
                            "Issued to a former billing address",
                            at,
                        )
                        .await?;
                }
                (Some(3), 2) => {}
                _ => {
                    let date = crate::calendar::utc_date(at);
                    self.billing
                        .record_payment(
                            self.operator,
                            number,
                            invoice.invoice.total_minor(),
                            &date,
                            &format!("VIR {number}"),
                            at,
                        )
                        .await?;
                }
            }
        }
        Ok(())
    }

    async fn organisation(
        &self,
        organisation: &Organisation,
        at: i64,
    ) -> Result<(CurrentUser, TenantId), DemoError> {
        let (user, tenant) = if organisation.email == super::BUYER_EMAIL {
            let user = self
                .accounts
                .store()
                .user_by_email(organisation.email)
                .await?
                .ok_or(DemoError::MissingAccount(super::BUYER_EMAIL))?;
            let tenant = self.accounts.memberships(user).await?[0].tenant;
            (user, tenant)
        } else {
            let sign_up = SignUp {
                email: organisation.email.to_owned(),
                password: DEMO_PASSWORD.to_owned(),
                name: organisation.name.to_owned(),
                organisation: organisation.name.to_owned(),
            };
            let (session, tenant) = self.accounts.sign_up(&sign_up, at).await?;
            (session.user, tenant)
        };
        let owner = signed_in(self.accounts, user, organisation.email).await?;
        let profile = ProfileForm {
            legal_name: organisation.name.to_owned(),
            address: organisation.address.to_owned(),
            country: organisation.country.to_owned(),
            vat_id: organisation.vat_id.to_owned(),
        };
        self.billing
            .save_profile(&owner, tenant, &profile, at)
            .await?;
        Ok((owner, tenant))
    }
}

fn provisioning(
    store: &crate::store::Store,
    clock: &Arc<AtomicI64>,
) -> Result<Provisioning, DemoError> {
    let quick = DelayRange {
        min_secs: 1,
        max_secs: 3,
    };
    let simulated = SimulatedAdapter::new(SimulationConfig::reliable(7, quick))
        .map_err(|err| DemoError::History(err.to_string()))?;
    let clock = Arc::clone(clock);
    let adapter: Arc<dyn ProviderAdapter> = Arc::new(Simulated::new(simulated, move || {
        clock.load(Ordering::SeqCst)
    }));
    Ok(Provisioning::new(store.clone(), adapter))
}

async fn sign(
    contracts: &Contracts,
    owner: &CurrentUser,
    tenant: TenantId,
    plan: &PlanDocument,
    at: i64,
) -> Result<ContractId, DemoError> {
    let quote = contracts
        .accept_plan(owner, tenant, plan, "Web shop", at)
        .await?;
    let contract = contracts.prepare_contract(owner, tenant, quote, at).await?;
    let sha = contracts
        .contract(owner, tenant, contract)
        .await?
        .document
        .sha256();
    let signing = Signing {
        shown_sha256: &sha,
        address: std::net::IpAddr::from([192, 0, 2, 1]),
        user_agent: "Comptoir demo",
    };
    contracts
        .sign(owner, tenant, contract, &signing, at)
        .await?;
    Ok(contract)
}
