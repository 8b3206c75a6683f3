//! The provider-adapter port: what the broker asks of a provider, in the shape of the Open
//! Service Broker API (`PUT /v2/service_instances/:id?accepts_incomplete=true` answered with an
//! operation, `GET .../last_operation` polled, `DELETE` likewise). `server` implements it for
//! real providers; [`Simulated`] puts the pure [`SimulatedAdapter`] behind it with a clock.
//!
//! The futures are boxed so that adapters can be kept as trait objects, one per provider.

use super::SimulatedAdapter;
use super::{AdapterError, InstanceId, LastOperation, Operation, ProvisionRequest};
use std::future::Future;
use std::pin::Pin;
use std::time::{SystemTime, UNIX_EPOCH};

/// The answer of an adapter call, to await.
pub type AdapterFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, AdapterError>> + Send + 'a>>;

/// A provider, as the broker's provisioning job talks to it.
pub trait ProviderAdapter: Send + Sync {
    /// Starts creating `request.instance`; asking again for the same instance and offer is the
    /// same request.
    fn provision<'a>(&'a self, request: &'a ProvisionRequest) -> AdapterFuture<'a, Operation>;

    /// Where `operation` on `instance` stands now.
    fn last_operation<'a>(
        &'a self,
        instance: &'a InstanceId,
        operation: &'a Operation,
    ) -> AdapterFuture<'a, LastOperation>;

    /// Starts removing `instance`.
    fn deprovision<'a>(&'a self, instance: &'a InstanceId) -> AdapterFuture<'a, Operation>;
}

/// The current time, in Unix seconds.
pub trait Clock: Send + Sync {
    fn now(&self) -> i64;
}

/// The system's clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| {
                i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX)
            })
    }
}

impl<F: Fn() -> i64 + Send + Sync> Clock for F {
    fn now(&self) -> i64 {
        self()
    }
}

/// The simulated provider behind the port, reading the time from `clock`.
#[derive(Clone, Debug)]
pub struct Simulated<C> {
    adapter: SimulatedAdapter,
    clock: C,
}

impl<C: Clock> Simulated<C> {
    pub fn new(adapter: SimulatedAdapter, clock: C) -> Self {
        Self { adapter, clock }
    }
}

impl<C: Clock> ProviderAdapter for Simulated<C> {
    fn provision<'a>(&'a self, request: &'a ProvisionRequest) -> AdapterFuture<'a, Operation> {
        Box::pin(async move { Ok(self.adapter.provision(request, self.clock.now())) })
    }

    fn last_operation<'a>(
        &'a self,
        instance: &'a InstanceId,
        operation: &'a Operation,
    ) -> AdapterFuture<'a, LastOperation> {
        Box::pin(async move {
            self.adapter
                .last_operation(instance, operation, self.clock.now())
        })
    }

    fn deprovision<'a>(&'a self, instance: &'a InstanceId) -> AdapterFuture<'a, Operation> {
        Box::pin(async move { Ok(self.adapter.deprovision(instance, self.clock.now())) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::ProviderId;
    use crate::contract::ContractId;
    use crate::provisioning::{OfferRef, OperationState, SimulationConfig};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicI64, Ordering};

    #[tokio::test]
    async fn the_simulated_provider_behind_the_port_follows_its_clock() {
        let now = Arc::new(AtomicI64::new(1_700_000_000));
        let clock = {
            let now = Arc::clone(&now);
            move || now.load(Ordering::SeqCst)
        };
        let config = SimulationConfig {
            failure_per_mille: 0,
            ..SimulationConfig::default()
        };
        let adapter: Box<dyn ProviderAdapter> = Box::new(Simulated::new(
            SimulatedAdapter::new(config).unwrap(),
            clock,
        ));
        let instance = InstanceId::for_line(ContractId::new(1), 0);
        let request = ProvisionRequest {
            instance: instance.clone(),
            offer: OfferRef {
                provider: ProviderId::new(1),
                provider_slug: "nuage-boreal".to_owned(),
                external_id: "compute-m-fr".to_owned(),
                version: 1,
            },
            quantity: 2,
        };
        let operation = adapter.provision(&request).await.unwrap();
        let first = adapter.last_operation(&instance, &operation).await.unwrap();
        assert_eq!(first.state, OperationState::InProgress);
        now.fetch_add(3600, Ordering::SeqCst);
        let later = adapter.last_operation(&instance, &operation).await.unwrap();
        assert_eq!(later.state, OperationState::Succeeded);
        let removal = adapter.deprovision(&instance).await.unwrap();
        now.fetch_add(3600, Ordering::SeqCst);
        let removed = adapter.last_operation(&instance, &removal).await.unwrap();
        assert_eq!(removed.state, OperationState::Succeeded);
        assert!(SystemClock.now() > 1_700_000_000);
    }
}
