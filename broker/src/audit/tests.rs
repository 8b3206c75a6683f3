use super::*;
use crate::account::Role;

fn actor() -> Actor {
    Actor {
        user: Some(UserId::new(3)),
        capacity: Capacity::Tenant(Role::Admin),
        tenant: Some(TenantId::new(7)),
        provider: None,
        origin: Origin::new(Some("203.0.113.9".parse().unwrap()), "Firefox\n/128"),
    }
}

fn log(actions: &[Action]) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    for (at, action) in (100..).zip(actions) {
        let (seq, hash) = entries
            .last()
            .map_or((0, GENESIS.to_owned()), |e| (e.seq, e.hash.clone()));
        entries.push(Entry::next(seq, &hash, &actor(), action, at));
    }
    entries
}

fn sample() -> Vec<Entry> {
    log(&[
        Action::LoggedIn,
        Action::ContractSigned {
            contract: crate::contract::ContractId::new(12),
        },
        Action::ProviderSuspended {
            provider: ProviderId::new(4),
            reason: "unpaid \"fees\"\nsince March".into(),
        },
    ])
}

fn verify(entries: &[Entry], head: (i64, &str)) -> Result<i64, ChainBreak> {
    let mut verifier = Verifier::default();
    for entry in entries {
        verifier.check(entry)?;
    }
    verifier.finish(head.0, head.1)
}

fn head(entries: &[Entry]) -> (i64, &str) {
    entries
        .last()
        .map_or((0, GENESIS), |e| (e.seq, e.hash.as_str()))
}

#[test]
fn a_log_links_each_entry_to_the_one_before_and_holds() {
    let entries = sample();
    assert_eq!(entries[0].prev_hash, GENESIS);
    assert_eq!(entries[1].prev_hash, entries[0].hash);
    assert_eq!(entries[2].seq, 3);
    assert_eq!(verify(&entries, head(&entries)), Ok(3));
    assert_eq!(verify(&[], (0, GENESIS)), Ok(0));
}

#[test]
fn the_hash_is_the_documented_text() {
    let entry = &sample()[0];
    let text = format!(
        "{GENESIS}\n1\n100\n3\ntenant_admin\n7\n\n203.0.113.9\nlogged_in\n{{\"action\":\"logged_in\"}}\nFirefox/128"
    );
    assert_eq!(entry.hash, crate::contract::sha256_hex(text.as_bytes()));
}

#[test]
fn an_altered_field_is_named_by_its_entry() {
    let entries = sample();
    let alterations: [fn(&mut Entry); 5] = [
        |e| e.detail = e.detail.replace("March", "April"),
        |e| e.agent.push('!'),
        |e| e.address = "198.51.100.1".into(),
        |e| e.user = Some(UserId::new(4)),
        |e| e.at += 1,
    ];
    for alter in alterations {
        let mut tampered = entries.clone();
        alter(&mut tampered[2]);
        assert_eq!(
            verify(&tampered, head(&entries)),
            Err(ChainBreak {
                seq: 3,
                why: BreakReason::Altered
            })
        );
    }
}

#[test]
fn a_removed_or_rewritten_entry_breaks_the_chain() {
    let entries = sample();
    let without_second = [entries[0].clone(), entries[2].clone()];
    assert_eq!(
        verify(&without_second, head(&entries)),
        Err(ChainBreak {
            seq: 2,
            why: BreakReason::Missing { found: 3 }
        })
    );
    // The second rewritten with a valid hash of its own: the third no longer links to it.
    let mut rewritten = entries.clone();
    rewritten[1] = Entry::next(1, &entries[0].hash, &actor(), &Action::PasswordChanged, 101);
    assert_eq!(
        verify(&rewritten, head(&entries)),
        Err(ChainBreak {
            seq: 3,
            why: BreakReason::WrongLink
        })
    );
}

#[test]
fn the_head_shows_entries_cut_off_added_or_replaced_at_the_end() {
    let entries = sample();
    assert_eq!(
        verify(&entries[..2], head(&entries)),
        Err(ChainBreak {
            seq: 3,
            why: BreakReason::Truncated
        })
    );
    assert_eq!(
        verify(&entries, head(&entries[..2])),
        Err(ChainBreak {
            seq: 3,
            why: BreakReason::BeyondHead
        })
    );
    let mut replaced = entries.clone();
    replaced[2] = Entry::next(2, &entries[1].hash, &actor(), &Action::LoggedIn, 102);
    assert_eq!(
        verify(&replaced, head(&entries)),
        Err(ChainBreak {
            seq: 3,
            why: BreakReason::Altered
        })
    );
}

#[test]
fn every_kind_reads_back_and_names_its_action() {
    for kind in ActionKind::ALL {
        assert_eq!(ActionKind::parse(kind.as_str()), Some(kind));
    }
    for capacity in Capacity::ALL {
        assert_eq!(Capacity::parse(capacity.as_str()), Some(capacity));
    }
    for entry in sample() {
        let action = entry.read_action().unwrap();
        assert_eq!(action.kind(), entry.action);
        assert!(
            entry
                .detail
                .starts_with(&format!("{{\"action\":\"{}\"", entry.action.as_str()))
        );
        assert!(!entry.detail.contains('\n'));
    }
}

#[test]
fn the_browser_is_kept_short_and_on_one_line() {
    let origin = Origin::new(None, &format!("a\r\nb{}", "x".repeat(400)));
    assert!(origin.agent.starts_with("abx"));
    assert_eq!(origin.agent.chars().count(), MAX_AGENT_CHARS);
}
