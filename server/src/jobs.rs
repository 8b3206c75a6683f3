//! Background jobs: the provisioning runner and the outbox's sender, one round a second, and the
//! billing run (with the
//! reconciliation of card checkouts), one a minute. Every server instance runs them; the leases in the orders table (see
//! `broker::store::provisioning`) share the provisioning between instances on one database, and
//! whatever an instance leaves unfinished another finishes. Why the orders table is the queue
//! rather than a job crate's storage: see `broker::service::provisioning`. Billing runs are safe
//! side by side (see `broker::service::billing`).

use broker::billing::Month;
use broker::provisioning::port::{Clock, SystemClock};
use broker::service::billing::Billing;
use broker::service::mail::Mailer;
use broker::service::provisioning::Provisioning;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The running jobs; [`Jobs::stop`] ends them after the round under way.
#[derive(Debug)]
pub struct Jobs {
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
    worker: String,
}

impl Jobs {
    /// The id this process's runner writes in the leases it takes.
    pub fn worker(&self) -> &str {
        &self.worker
    }

    /// Asks the runner to stop and waits for the round under way to finish, so that it leaves no
    /// lease behind.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take()
            && let Err(err) = task.await
        {
            tracing::warn!(%err, "the provisioning runner ended abnormally");
        }
    }
}

impl Drop for Jobs {
    /// Dropped without [`Jobs::stop`]: the runner ends at once, like a crashed process (its
    /// leases expire).
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
    }
}

/// How often the billing job recomputes the drafts.
const BILLING_EVERY: Duration = Duration::from_secs(60);

/// The billing job: the current month's drafts kept up to date, and the last month finalized
/// once `grace_secs` have passed since its end.
#[derive(Clone, Debug)]
pub struct BillingJob {
    pub billing: Billing,
    pub grace_secs: i64,
}

impl BillingJob {
    async fn round(&self, now: i64) {
        // Card payments whose confirmation may have been lost: asked about, then applied.
        if let Err(err) = self.billing.reconcile_checkouts(now).await {
            tracing::warn!(%err, "reconciling card checkouts failed; the next round retries");
        }
        let unsettled_before = now - broker::service::billing::CHECK_AFTER_SECS;
        if let Err(err) = self.billing.reconcile_refunds(unsettled_before, now).await {
            tracing::warn!(%err, "reconciling refunds failed; the next round retries");
        }
        if let Err(err) = self
            .billing
            .reconcile_transfers(unsettled_before, now)
            .await
        {
            tracing::warn!(%err, "reconciling payout transfers failed; the next round retries");
        }
        if let Err(err) = self.billing.reconcile_accounts(unsettled_before, now).await {
            tracing::warn!(%err, "asking about providers' accounts failed; the next round retries");
        }
        let Some(current) = Month::containing(now) else {
            return;
        };
        if let Err(err) = self.billing.run(current, now).await {
            tracing::warn!(%err, month = %current, "a billing run failed; the next one retries");
        }
        let Some(last) = current.previous() else {
            return;
        };
        if now >= last.end() + self.grace_secs {
            match self.billing.has_drafts(last).await {
                Ok(false) => {}
                Ok(true) => match self.billing.run(last, now).await {
                    Ok(summary) => {
                        tracing::info!(month = %last, finalized = summary.finalized.len(), "finalized the month's invoices")
                    }
                    Err(err) => {
                        tracing::warn!(%err, month = %last, "finalizing the month failed; the next run retries")
                    }
                },
                Err(err) => {
                    tracing::warn!(%err, month = %last, "reading the month's drafts failed")
                }
            }
        }
    }
}

/// Starts the jobs: every `every`, one round of [`Provisioning::run_due`] and one of the
/// outbox ([`Mailer::send_due`]) at the system's time; every minute, one billing round.
pub fn spawn(
    provisioning: Provisioning,
    billing: BillingJob,
    mailer: Mailer,
    every: Duration,
) -> Jobs {
    let worker = worker_id();
    let (stop, mut stopped) = oneshot::channel();
    let task = tokio::spawn({
        let worker = worker.clone();
        async move {
            let mut ticks = tokio::time::interval(every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            // The first billing round comes a minute after the start, not during it.
            let mut billing_ticks = tokio::time::interval_at(
                tokio::time::Instant::now() + BILLING_EVERY,
                BILLING_EVERY,
            );
            billing_ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = &mut stopped => break,
                    _ = billing_ticks.tick() => billing.round(SystemClock.now()).await,
                    _ = ticks.tick() => {
                        match provisioning.run_due(&worker, SystemClock.now()).await {
                            Ok(0) => {}
                            Ok(advanced) => tracing::debug!(advanced, "provisioning round"),
                            Err(err) => tracing::warn!(%err, "a provisioning round failed; the next one retries"),
                        }
                        if let Err(err) = mailer.send_due(SystemClock.now()).await {
                            tracing::warn!(%err, "sending the outbox failed; the next round retries");
                        }
                    }
                }
            }
        }
    });
    tracing::info!(%worker, "the provisioning runner started");
    Jobs {
        stop: Some(stop),
        task: Some(task),
        worker,
    }
}

/// `host-pid-random`: unique per process, and readable in the orders table when one holds a
/// lease.
fn worker_id() -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "comptoir".to_owned());
    // A fresh `RandomState` is seeded from the operating system's randomness.
    let random = RandomState::new().build_hasher().finish();
    format!("{host}-{}-{:08x}", std::process::id(), random & 0xffff_ffff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worker_ids_differ_even_within_one_process() {
        let (one, two) = (worker_id(), worker_id());
        assert_ne!(one, two);
        assert!(one.contains(&std::process::id().to_string()));
    }
}
