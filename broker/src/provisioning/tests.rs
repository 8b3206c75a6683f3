use super::*;
use crate::contract::tests::document;

const START: i64 = 1_700_000_000;

fn adapter(seed: u64, failure_per_mille: u16) -> SimulatedAdapter {
    SimulatedAdapter::new(SimulationConfig {
        seed,
        failure_per_mille,
        ..SimulationConfig::default()
    })
    .expect("a valid configuration")
}

fn request(instance: &InstanceId) -> ProvisionRequest {
    ProvisionRequest {
        instance: instance.clone(),
        offer: OfferRef {
            provider: ProviderId::new(1),
            provider_slug: "nuage-boreal".to_owned(),
            external_id: "compute-m-fr".to_owned(),
            version: 2,
        },
        quantity: 2,
    }
}

fn instance(n: u32) -> InstanceId {
    InstanceId::for_line(ContractId::new(42), n)
}

#[test]
fn a_signed_contract_makes_one_requested_order_per_line() {
    let orders = orders(&document());
    assert_eq!(orders.len(), 3);
    assert!(orders.iter().all(|o| o.state == ResourceState::Requested));
    let ids: Vec<&str> = orders.iter().map(|o| o.request.instance.as_str()).collect();
    assert_eq!(ids, ["comptoir-42-0", "comptoir-42-1", "comptoir-42-2"]);
    assert_eq!(orders[0].request.quantity, 2);
    assert_eq!(orders[2].request.offer.provider_slug, "kaltwerk");
    assert_eq!(orders[2].request.offer.version, 2);
}

#[test]
fn the_lifecycle_moves_through_its_states_and_refuses_the_rest() {
    use ResourceEvent as E;
    use ResourceState as S;
    let path = [
        (S::Requested, E::Started, S::Provisioning),
        (S::Provisioning, E::Failed, S::Failed),
        (S::Failed, E::Retried, S::Requested),
        (S::Requested, E::Succeeded, S::Active),
        (S::Active, E::TerminationRequested, S::Terminating),
        (S::Terminating, E::Deprovisioned, S::Terminated),
        (S::Failed, E::TerminationRequested, S::Terminating),
    ];
    for (from, event, to) in path {
        assert_eq!(from.apply(event), Ok(to), "{from:?} {event:?}");
    }
    for (from, event) in [
        (S::Active, E::Retried),
        (S::Provisioning, E::TerminationRequested),
        (S::Terminated, E::Started),
        (S::Active, E::Failed),
    ] {
        assert_eq!(from.apply(event), Err(LifecycleError { from, event }));
    }
    for state in ResourceState::ALL {
        assert_eq!(ResourceState::parse(state.as_str()), Some(state));
    }
}

#[test]
fn a_poll_answer_becomes_the_right_event() {
    let answer = |state, progress_percent| LastOperation {
        state,
        description: String::new(),
        progress_percent,
    };
    let queued = answer(OperationState::InProgress, 0);
    let working = answer(OperationState::InProgress, 40);
    let done = answer(OperationState::Succeeded, 100);
    let failed = answer(OperationState::Failed, 0);
    assert_eq!(ResourceState::Requested.after_poll(&queued), None);
    assert_eq!(
        ResourceState::Requested.after_poll(&working),
        Some(ResourceEvent::Started)
    );
    assert_eq!(ResourceState::Provisioning.after_poll(&working), None);
    assert_eq!(
        ResourceState::Provisioning.after_poll(&done),
        Some(ResourceEvent::Succeeded)
    );
    assert_eq!(
        ResourceState::Provisioning.after_poll(&failed),
        Some(ResourceEvent::Failed)
    );
    assert_eq!(
        ResourceState::Terminating.after_poll(&done),
        Some(ResourceEvent::Deprovisioned)
    );
    assert_eq!(ResourceState::Terminating.after_poll(&failed), None);
}

#[test]
fn a_simulated_resource_is_queued_then_provisioning_then_active() {
    let adapter = adapter(7, 0);
    let id = instance(0);
    let operation = adapter.provision(&request(&id), START);
    let mut seen = Vec::new();
    let mut progress = Vec::new();
    for elapsed in 0..=100 {
        let state = adapter.state_at(&id, &operation, START + elapsed).unwrap();
        if seen.last() != Some(&state) {
            seen.push(state);
        }
        let last = adapter
            .last_operation(&id, &operation, START + elapsed)
            .unwrap();
        progress.push(last.progress_percent);
    }
    assert_eq!(
        seen,
        [
            ResourceState::Requested,
            ResourceState::Provisioning,
            ResourceState::Active
        ]
    );
    assert!(progress.windows(2).all(|p| p[0] <= p[1]), "{progress:?}");
    assert_eq!(progress.last(), Some(&100));
}

#[test]
fn polling_a_simulated_resource_walks_the_lifecycle_to_active() {
    let adapter = adapter(7, 0);
    let id = instance(0);
    let operation = adapter.provision(&request(&id), START);
    let mut state = ResourceState::Requested;
    for elapsed in (0..=120).step_by(5) {
        let last = adapter
            .last_operation(&id, &operation, START + elapsed)
            .unwrap();
        if let Some(event) = state.after_poll(&last) {
            state = state.apply(event).unwrap();
        }
    }
    assert_eq!(state, ResourceState::Active);
}

#[test]
fn the_simulation_is_the_same_for_the_same_seed_and_differs_for_another() {
    let timeline = |adapter: &SimulatedAdapter| -> Vec<LastOperation> {
        (0..40)
            .flat_map(|n| {
                let id = instance(n);
                let operation = adapter.provision(&request(&id), START);
                [3, 20, 60, 95].map(|t| adapter.last_operation(&id, &operation, START + t))
            })
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(timeline(&adapter(1, 200)), timeline(&adapter(1, 200)));
    assert_ne!(timeline(&adapter(1, 200)), timeline(&adapter(2, 200)));
}

#[test]
fn the_failure_rate_is_roughly_respected() {
    for (seed, per_mille) in [(11, 0), (12, 50), (13, 300), (14, 1000)] {
        let adapter = adapter(seed, per_mille);
        let failed = (0..2000)
            .filter(|n| {
                let id = instance(*n);
                let operation = adapter.provision(&request(&id), START);
                adapter.state_at(&id, &operation, START + 3600).unwrap() == ResourceState::Failed
            })
            .count();
        let expected = usize::from(per_mille) * 2;
        // Three standard deviations of a binomial over 2000 draws is at most about 67.
        assert!(
            failed.abs_diff(expected) <= 70,
            "{per_mille}‰: {failed} of 2000"
        );
    }
}

#[test]
fn a_failure_says_why_and_a_retry_draws_again() {
    let always = adapter(5, 1000);
    let id = instance(0);
    let operation = always.provision(&request(&id), START);
    let last = always
        .last_operation(&id, &operation, START + 3600)
        .unwrap();
    assert_eq!(last.state, OperationState::Failed);
    assert!(!last.description.is_empty());
    let sometimes = adapter(9, 500);
    let outcomes: Vec<ResourceState> = (0..20)
        .map(|attempt| {
            let operation = sometimes.provision(&request(&id), START + attempt * 1000);
            sometimes
                .state_at(&id, &operation, START + attempt * 1000 + 500)
                .unwrap()
        })
        .collect();
    assert!(outcomes.contains(&ResourceState::Failed));
    assert!(outcomes.contains(&ResourceState::Active));
}

#[test]
fn deprovisioning_ends_in_terminated() {
    let adapter = adapter(3, 1000);
    let id = instance(1);
    let operation = adapter.deprovision(&id, START);
    assert_eq!(
        adapter.state_at(&id, &operation, START).unwrap(),
        ResourceState::Terminating
    );
    assert_eq!(
        adapter.state_at(&id, &operation, START + 21).unwrap(),
        ResourceState::Terminated
    );
}

#[test]
fn an_unknown_operation_or_bad_configuration_is_refused() {
    let adapter = adapter(1, 0);
    let id = instance(0);
    for token in ["", "provision", "upgrade:5", "provision:soon"] {
        assert_eq!(
            adapter.last_operation(&id, &Operation::new(token), START),
            Err(AdapterError::UnknownOperation(token.to_owned()))
        );
    }
    let bad_rate = SimulationConfig {
        failure_per_mille: 1001,
        ..SimulationConfig::default()
    };
    assert_eq!(
        SimulatedAdapter::new(bad_rate),
        Err(SimulationError::FailureRate)
    );
    let bad_delay = SimulationConfig {
        queued: DelayRange {
            min_secs: 5,
            max_secs: 1,
        },
        ..SimulationConfig::default()
    };
    assert_eq!(
        SimulatedAdapter::new(bad_delay),
        Err(SimulationError::Delay)
    );
}

#[test]
fn a_contract_is_complete_when_every_line_is_active() {
    use ResourceState as S;
    let progress = Progress::of(&[S::Active, S::Failed, S::Provisioning]);
    assert_eq!(
        progress,
        Progress {
            total: 3,
            active: 1,
            failed: 1,
            in_flight: 1
        }
    );
    assert!(!progress.is_complete());
    assert!(Progress::of(&[S::Active, S::Active]).is_complete());
    assert!(!Progress::of(&[]).is_complete());
}
