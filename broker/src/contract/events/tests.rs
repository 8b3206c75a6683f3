use super::*;
use crate::account::{Role, UserId};
use crate::contract::Signature;
use proptest::prelude::*;

const CONTRACT: ContractId = ContractId::new(42);
const AT: i64 = 1_700_000_000;

fn payloads() -> Vec<EventPayload> {
    vec![
        EventPayload::Created(Creation {
            by: UserId::new(3),
            document_sha256: "ab".repeat(32),
        }),
        EventPayload::Signed(Signature {
            user: UserId::new(4),
            role: Role::Owner,
            at: AT + 60,
            address: "192.0.2.10".parse().unwrap(),
            user_agent: "Mozilla/5.0".to_owned(),
            document_sha256: "ab".repeat(32),
        }),
        EventPayload::LineFailed(LineFailure {
            line: 1,
            instance: "comptoir-42-1".to_owned(),
            description: "quota exceeded".to_owned(),
        }),
        EventPayload::LineActivated(LineProvisioned {
            line: 0,
            instance: "comptoir-42-0".to_owned(),
        }),
        EventPayload::Activated(Activation { lines: 2 }),
        EventPayload::Terminated(Termination {
            by: None,
            reason: "notice given".to_owned(),
        }),
    ]
}

fn chain(payloads: &[EventPayload]) -> Vec<ContractEvent> {
    let mut events: Vec<ContractEvent> = Vec::new();
    for (offset, payload) in (0..).zip(payloads) {
        let event = append(events.last(), CONTRACT, payload, AT + offset * 60).unwrap();
        events.push(event);
    }
    events
}

#[test]
fn appended_events_form_a_chain_from_the_genesis_value() {
    let events = chain(&payloads());
    assert_eq!(verify(&events), Ok(()));
    assert_eq!(events[0].prev_hash, GENESIS);
    assert_eq!(events[0].seq, 1);
    for pair in events.windows(2) {
        assert_eq!(pair[1].prev_hash, pair[0].hash);
        assert_eq!(pair[1].seq, pair[0].seq + 1);
    }
    let kinds: Vec<&str> = events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "created",
            "signed",
            "line_failed",
            "line_activated",
            "activated",
            "terminated"
        ]
    );
}

#[test]
fn the_first_hash_is_the_sha256_of_the_documented_fields() {
    let first = &chain(&payloads())[0];
    let expected_payload = format!(r#"{{"by":3,"document_sha256":"{}"}}"#, "ab".repeat(32));
    assert_eq!(first.payload, expected_payload);
    let text = format!("{GENESIS}\n1\n42\ncreated\n1700000000\n{expected_payload}");
    assert_eq!(first.hash, sha256_hex(text.as_bytes()));
    // Known answer, from `printf '%s' "$text" | sha256sum`.
    assert_eq!(
        first.hash,
        "89cfe3563555cf7832cd603430f6d748444e00be6a5bc919791d98642cec40ed"
    );
}

#[test]
fn tampering_with_any_field_names_the_event() {
    let events = chain(&payloads());
    type Tamper = fn(&mut ContractEvent);
    let cases: [(Tamper, BreakReason); 7] = [
        (|e| e.seq = 9, BreakReason::Missing { found: 9 }),
        (
            |e| e.contract = ContractId::new(43),
            BreakReason::OtherContract {
                found: ContractId::new(43),
            },
        ),
        (|e| e.kind = EventKind::Terminated, BreakReason::Altered),
        (
            |e| e.payload = e.payload.replace("192.0.2.10", "192.0.2.11"),
            BreakReason::Altered,
        ),
        (|e| e.at += 1, BreakReason::Altered),
        (|e| e.prev_hash = GENESIS.to_owned(), BreakReason::WrongLink),
        (|e| e.hash = sha256_hex(b"forged"), BreakReason::Altered),
    ];
    for (tamper, why) in cases {
        let mut altered = events.clone();
        tamper(&mut altered[1]);
        assert_eq!(verify(&altered), Err(ChainBreak { seq: 2, why }));
    }
}

#[test]
fn a_rewritten_event_with_a_fresh_hash_breaks_the_next_link() {
    let mut events = chain(&payloads());
    events[2].payload = events[2].payload.replace("quota", "disk");
    events[2].hash = events[2].computed_hash();
    let broken = verify(&events).unwrap_err();
    assert_eq!(
        broken,
        ChainBreak {
            seq: 4,
            why: BreakReason::WrongLink
        }
    );
    assert_eq!(
        broken.to_string(),
        "event 4 does not link to the event before it: the chain was rewritten"
    );
}

#[test]
fn removed_or_reordered_events_show_as_missing() {
    let events = chain(&payloads());
    let mut removed = events.clone();
    removed.remove(2);
    let broken = verify(&removed).unwrap_err();
    assert_eq!(
        broken.to_string(),
        "event 3 is missing: event 4 stands in its place"
    );
    let mut swapped = events.clone();
    swapped.swap(3, 4);
    assert_eq!(verify(&swapped).unwrap_err().seq, 4);
    assert_eq!(verify(&events[1..]).unwrap_err().seq, 1);
    assert_eq!(verify(&[]), Ok(()));
}

#[test]
fn the_recorded_head_shows_events_cut_off_or_added_at_the_end() {
    let events = chain(&payloads());
    let head = events.last().map(|e| e.hash.as_str());
    assert_eq!(verify_head(&events, head), Ok(()));
    assert_eq!(
        verify_head(&events[..4], head),
        Err(ChainBreak {
            seq: 5,
            why: BreakReason::Truncated
        })
    );
    assert_eq!(
        verify_head(&events, Some(&events[3].hash)),
        Err(ChainBreak {
            seq: 5,
            why: BreakReason::BeyondHead
        })
    );
    assert_eq!(verify_head(&[], None), Ok(()));
    assert_eq!(verify_head(&events, None).unwrap_err().seq, 1);
}

#[test]
fn an_event_cannot_follow_another_contracts_event() {
    let events = chain(&payloads()[..1]);
    let other = ContractId::new(7);
    assert_eq!(
        append(events.last(), other, &payloads()[1], AT),
        Err(AppendError::OtherContract(CONTRACT))
    );
}

#[test]
fn payloads_read_back_as_written() {
    let events = chain(&payloads());
    let read: Vec<EventPayload> = events.iter().map(|e| e.read_payload().unwrap()).collect();
    assert_eq!(read, payloads());
    for kind in EventKind::ALL {
        assert_eq!(EventKind::parse(kind.as_str()), Some(kind));
    }
}

#[test]
fn the_status_follows_the_events() {
    let events = chain(&payloads());
    assert_eq!(
        status(&events[..1]),
        Some(ContractStatus::AwaitingSignature)
    );
    assert_eq!(status(&events[..4]), Some(ContractStatus::Signed));
    assert_eq!(status(&events[..5]), Some(ContractStatus::Active));
    assert_eq!(status(&events), Some(ContractStatus::Terminated));
    assert_eq!(status(&events[1..]), None);
    let signed_twice = chain(&[
        payloads()[0].clone(),
        payloads()[1].clone(),
        payloads()[1].clone(),
    ]);
    assert_eq!(status(&signed_twice), None);
}

#[test]
fn a_line_terminated_keeps_the_status_and_reads_back() {
    let mut payloads = payloads();
    let terminated = payloads.pop().unwrap();
    let removal = EventPayload::LineTerminated(LineRemoval {
        line: 1,
        instance: "comptoir-42-1".to_owned(),
    });
    payloads.push(removal.clone());
    let events = chain(&payloads);
    assert_eq!(verify(&events), Ok(()));
    let last = events.last().unwrap();
    assert_eq!(last.kind.as_str(), "line_terminated");
    assert_eq!(last.payload, r#"{"line":1,"instance":"comptoir-42-1"}"#);
    assert_eq!(last.read_payload().unwrap(), removal);
    assert_eq!(status(&events), Some(ContractStatus::Active));
    payloads.push(terminated);
    assert_eq!(status(&chain(&payloads)), Some(ContractStatus::Terminated));
    payloads.push(removal);
    assert_eq!(status(&chain(&payloads)), None);
}

fn arbitrary_payload() -> impl Strategy<Value = EventPayload> {
    prop_oneof![
        (0u32..20, "[a-z0-9-]{1,20}").prop_map(|(line, instance)| {
            EventPayload::LineTerminated(LineRemoval { line, instance })
        }),
        (0u32..20, "[a-z0-9-]{1,20}").prop_map(|(line, instance)| {
            EventPayload::LineActivated(LineProvisioned { line, instance })
        }),
        (0u32..20, "[a-z0-9-]{1,20}", "\\PC{0,40}").prop_map(|(line, instance, description)| {
            EventPayload::LineFailed(LineFailure {
                line,
                instance,
                description,
            })
        }),
        (0u32..20).prop_map(|lines| EventPayload::Activated(Activation { lines })),
    ]
}

proptest! {
    #[test]
    fn any_chain_verifies_and_any_altered_payload_is_named(
        payloads in prop::collection::vec(arbitrary_payload(), 1..12),
        pick in any::<prop::sample::Index>(),
        extra in "\\PC{1,4}",
    ) {
        let mut events = chain(&payloads);
        prop_assert_eq!(verify(&events), Ok(()));
        let index = pick.index(events.len());
        events[index].payload.push_str(&extra);
        let seq = events[index].seq;
        prop_assert_eq!(verify(&events), Err(ChainBreak { seq, why: BreakReason::Altered }));
    }
}
