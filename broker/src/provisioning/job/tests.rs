use super::*;
use crate::account::Role;
use crate::provisioning::OperationState;
use ResourceState as S;

fn polled(state: OperationState, progress_percent: u8) -> Result<Answer, AdapterError> {
    Ok(Answer::Polled(LastOperation {
        state,
        description: "the provider says".to_owned(),
        progress_percent,
    }))
}

#[test]
fn buyers_retry_only_owners_and_admins_terminate_viewers_neither() {
    let allowed: Vec<(bool, bool)> = Role::ALL
        .into_iter()
        .map(|role| (role.can_retry(), role.can_terminate()))
        .collect();
    // Owner, admin, buyer, viewer.
    assert_eq!(
        allowed,
        [(true, true), (true, true), (true, false), (false, false)]
    );
}

#[test]
fn an_order_is_provisioned_then_polled_and_a_settled_one_waits() {
    let op = Operation::new("provision:1");
    assert_eq!(call_for(S::Requested, None), Some(Call::Provision));
    assert_eq!(call_for(S::Provisioning, None), Some(Call::Provision));
    assert_eq!(call_for(S::Terminating, None), Some(Call::Deprovision));
    assert_eq!(
        call_for(S::Provisioning, Some(&op)),
        Some(Call::Poll(op.clone()))
    );
    for settled in [S::Active, S::Failed, S::Terminated] {
        assert_eq!(call_for(settled, Some(&op)), None);
    }
}

#[test]
fn a_poll_moves_the_order_and_a_settled_order_forgets_its_operation() {
    let op = Operation::new("provision:1");
    let working = outcome(
        S::Requested,
        Some(&op),
        0,
        polled(OperationState::InProgress, 40),
    );
    assert_eq!(
        (
            working.state,
            working.operation.as_ref(),
            working.progress_percent
        ),
        (S::Provisioning, Some(&op), 40)
    );
    let done = outcome(
        S::Provisioning,
        Some(&op),
        40,
        polled(OperationState::Succeeded, 100),
    );
    assert_eq!((done.state, done.operation), (S::Active, None));
    let failed = outcome(
        S::Provisioning,
        Some(&op),
        40,
        polled(OperationState::Failed, 0),
    );
    assert_eq!((failed.state, failed.operation), (S::Failed, None));
    assert_eq!(failed.description, "the provider says");
}

#[test]
fn a_failed_removal_is_asked_again_and_an_unreachable_provider_later() {
    let op = Operation::new("deprovision:1");
    let refused = outcome(
        S::Terminating,
        Some(&op),
        50,
        polled(OperationState::Failed, 0),
    );
    assert_eq!((refused.state, refused.operation), (S::Terminating, None));
    let unreachable = outcome(
        S::Requested,
        Some(&op),
        0,
        Err(AdapterError::Unreachable("timeout".to_owned())),
    );
    assert!(unreachable.unanswered);
    assert_eq!(unreachable.operation, Some(op.clone()));
    assert!(unreachable.description.contains("timeout"));
    let forgotten = outcome(
        S::Provisioning,
        Some(&op),
        30,
        Err(AdapterError::UnknownOperation("x".to_owned())),
    );
    assert_eq!(
        (forgotten.state, forgotten.operation),
        (S::Provisioning, None)
    );
    assert_eq!(forgotten.progress_percent, 30);
}

#[test]
fn unanswered_calls_wait_longer_up_to_a_minute() {
    assert_eq!(next_poll_delay(2, 0), 2);
    assert_eq!(next_poll_delay(2, 3), 16);
    assert_eq!(next_poll_delay(2, 40), 60);
    assert_eq!(next_poll_delay(90, 2), 90);
}

#[test]
fn only_activation_failure_and_removal_are_recorded() {
    assert_eq!(
        line_event(S::Provisioning, S::Active),
        Some(ResourceEvent::Succeeded)
    );
    assert_eq!(
        line_event(S::Requested, S::Failed),
        Some(ResourceEvent::Failed)
    );
    assert_eq!(
        line_event(S::Terminating, S::Terminated),
        Some(ResourceEvent::Deprovisioned)
    );
    assert_eq!(line_event(S::Requested, S::Provisioning), None);
    assert_eq!(line_event(S::Active, S::Active), None);
}

#[test]
fn a_contract_is_active_once_every_remaining_line_is_and_ends_with_its_last_line() {
    use ContractStatus as C;
    assert_eq!(settle(C::Signed, &[S::Active, S::Provisioning]), None);
    assert_eq!(settle(C::Signed, &[S::Active, S::Active]), Some(C::Active));
    assert_eq!(
        settle(C::Signed, &[S::Active, S::Terminated]),
        Some(C::Active)
    );
    assert_eq!(settle(C::Signed, &[S::Failed, S::Active]), None);
    assert_eq!(settle(C::Active, &[S::Active, S::Terminating]), None);
    assert_eq!(settle(C::Active, &[S::Terminated, S::Active]), None);
    assert_eq!(
        settle(C::Active, &[S::Terminated, S::Terminated]),
        Some(C::Terminated)
    );
    assert_eq!(settle(C::Signed, &[S::Terminated]), Some(C::Terminated));
    assert_eq!(settle(C::Terminated, &[S::Terminated]), None);
    assert_eq!(settle(C::Signed, &[]), None);
}
