//! A simulated provider for demos and tests. It never sleeps and keeps no state: the operation
//! it returns names when it started, and every answer is computed from the seed, the instance,
//! that start and the time given, so tests are instant and the simulation survives restarts.
//!
//! A provision waits in the provider's queue, then makes progress until it is active; with the
//! configured probability it fails partway with a realistic description instead. Each delay and
//! the outcome are drawn from the SHA-256 of (seed, instance, start), so a retry (a new start)
//! gets a new draw and the same inputs always give the same answers.

use super::{
    AdapterError, InstanceId, LastOperation, Operation, OperationState, ProvisionRequest,
    ResourceState,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// A delay drawn between `min_secs` and `max_secs`, both included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DelayRange {
    pub min_secs: i64,
    pub max_secs: i64,
}

/// How the simulated provider behaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimulationConfig {
    pub seed: u64,
    /// Provisions that fail, per thousand (0 to 1000).
    pub failure_per_mille: u16,
    /// Time in the provider's queue before work starts.
    pub queued: DelayRange,
    /// Time from the start of work to an active resource.
    pub provisioning: DelayRange,
    /// Time to remove a resource.
    pub deprovisioning: DelayRange,
}

impl Default for SimulationConfig {
    /// Seconds to a minute and a half per resource, one provision in twenty failing.
    fn default() -> Self {
        Self {
            seed: 0,
            failure_per_mille: 50,
            queued: DelayRange {
                min_secs: 2,
                max_secs: 8,
            },
            provisioning: DelayRange {
                min_secs: 15,
                max_secs: 90,
            },
            deprovisioning: DelayRange {
                min_secs: 5,
                max_secs: 20,
            },
        }
    }
}

impl SimulationConfig {
    /// A provider that never fails and takes `delay` for each step (queue, provisioning,
    /// removal): what the demo's history, the billing suites and the billing benchmark run.
    pub fn reliable(seed: u64, delay: DelayRange) -> Self {
        Self {
            seed,
            failure_per_mille: 0,
            queued: delay,
            provisioning: delay,
            deprovisioning: delay,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SimulationError {
    #[error("the failure rate is per thousand: 0 to 1000")]
    FailureRate,
    #[error("a delay must be 0 or more seconds, its minimum at most its maximum")]
    Delay,
}

/// Why simulated provisions fail; real providers say much the same.
const FAILURES: [&str; 5] = [
    "the region's quota for this resource type is exhausted",
    "the availability zone reported insufficient capacity",
    "the base image could not be fetched from the registry",
    "the network could not be attached: the address pool is exhausted",
    "the storage backend timed out while creating the volume",
];

const PROVISION: &str = "provision";
const DEPROVISION: &str = "deprovision";

/// The simulated provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SimulatedAdapter {
    config: SimulationConfig,
}

/// What the draw decided for one provision.
struct Plan {
    queued: i64,
    working: i64,
    failure: Option<(i64, &'static str)>,
}

impl SimulatedAdapter {
    pub fn new(config: SimulationConfig) -> Result<Self, SimulationError> {
        if config.failure_per_mille > 1000 {
            return Err(SimulationError::FailureRate);
        }
        let valid = |range: DelayRange| range.min_secs >= 0 && range.min_secs <= range.max_secs;
        if ![config.queued, config.provisioning, config.deprovisioning]
            .into_iter()
            .all(valid)
        {
            return Err(SimulationError::Delay);
        }
        Ok(Self { config })
    }

    pub fn config(&self) -> SimulationConfig {
        self.config
    }

    /// Starts provisioning at `now`.
    pub fn provision(&self, _request: &ProvisionRequest, now: i64) -> Operation {
        Operation::new(format!("{PROVISION}:{now}"))
    }

    /// Starts removing at `now`.
    pub fn deprovision(&self, _instance: &InstanceId, now: i64) -> Operation {
        Operation::new(format!("{DEPROVISION}:{now}"))
    }

    /// The state of `operation` on `instance` at `now`.
    pub fn last_operation(
        &self,
        instance: &InstanceId,
        operation: &Operation,
        now: i64,
    ) -> Result<LastOperation, AdapterError> {
        let (kind, started) = parse(operation)?;
        let elapsed = now.saturating_sub(started).max(0);
        if kind == DEPROVISION {
            let took = self.delay(self.config.deprovisioning, instance, started, "deprovision");
            return Ok(if elapsed < took {
                in_progress("removing the resource", percent(elapsed, took))
            } else {
                done(OperationState::Succeeded, "the resource was removed")
            });
        }
        let plan = self.plan(instance, started);
        if elapsed < plan.queued {
            return Ok(in_progress("waiting in the provider's queue", 0));
        }
        let working = elapsed - plan.queued;
        if let Some((at, why)) = plan.failure
            && working >= at
        {
            return Ok(done(OperationState::Failed, why));
        }
        Ok(if working < plan.working {
            let progress = percent(working, plan.working).max(1);
            in_progress("creating the resource", progress)
        } else {
            done(OperationState::Succeeded, "the resource is ready")
        })
    }

    /// Where the lifecycle of a resource stands at `now`, as polling would have moved it.
    pub fn state_at(
        &self,
        instance: &InstanceId,
        operation: &Operation,
        now: i64,
    ) -> Result<ResourceState, AdapterError> {
        let (kind, _) = parse(operation)?;
        let last = self.last_operation(instance, operation, now)?;
        Ok(match (kind == DEPROVISION, last.state) {
            (true, OperationState::Succeeded) => ResourceState::Terminated,
            (true, _) => ResourceState::Terminating,
            (false, OperationState::Succeeded) => ResourceState::Active,
            (false, OperationState::Failed) => ResourceState::Failed,
            (false, OperationState::InProgress) if last.progress_percent == 0 => {
                ResourceState::Requested
            }
            (false, OperationState::InProgress) => ResourceState::Provisioning,
        })
    }

    fn plan(&self, instance: &InstanceId, started: i64) -> Plan {
        let queued = self.delay(self.config.queued, instance, started, "queued");
        let working = self.delay(self.config.provisioning, instance, started, "provisioning");
        let fails =
            self.draw(instance, started, "fails") % 1000 < u64::from(self.config.failure_per_mille);
        let failure = fails.then(|| {
            // Fails somewhere between a fifth and nine tenths of the way.
            let share = 20 + self.draw(instance, started, "fails at") % 71;
            let at = working * i64::try_from(share).unwrap_or(50) / 100;
            let index = self.draw(instance, started, "why") % FAILURES.len() as u64;
            (at, FAILURES[usize::try_from(index).unwrap_or(0)])
        });
        Plan {
            queued,
            working,
            failure,
        }
    }

    fn delay(&self, range: DelayRange, instance: &InstanceId, started: i64, what: &str) -> i64 {
        let span = u64::try_from(range.max_secs - range.min_secs).unwrap_or(0) + 1;
        let extra = self.draw(instance, started, what) % span;
        range.min_secs + i64::try_from(extra).unwrap_or(0)
    }

    /// 64 bits of SHA-256 over the seed, the instance, the start and what is drawn.
    fn draw(&self, instance: &InstanceId, started: i64, what: &str) -> u64 {
        let text = format!("{}\n{instance}\n{started}\n{what}", self.config.seed);
        let digest = Sha256::digest(text.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        u64::from_be_bytes(first)
    }
}

fn parse(operation: &Operation) -> Result<(&str, i64), AdapterError> {
    let unknown = || AdapterError::UnknownOperation(operation.as_str().to_owned());
    let (kind, started) = operation.as_str().split_once(':').ok_or_else(unknown)?;
    if kind != PROVISION && kind != DEPROVISION {
        return Err(unknown());
    }
    Ok((kind, started.parse().map_err(|_| unknown())?))
}

fn percent(part: i64, whole: i64) -> u8 {
    if whole <= 0 {
        return 100;
    }
    u8::try_from((part * 100 / whole).clamp(0, 99)).unwrap_or(99)
}

fn in_progress(description: &str, progress_percent: u8) -> LastOperation {
    LastOperation {
        state: OperationState::InProgress,
        description: description.to_owned(),
        progress_percent,
    }
}

fn done(state: OperationState, description: &str) -> LastOperation {
    LastOperation {
        state,
        description: description.to_owned(),
        progress_percent: if state == OperationState::Succeeded {
            100
        } else {
            0
        },
    }
}
