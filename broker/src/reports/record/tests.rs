use super::*;

const NOW: i64 = 1_764_547_200;

fn own() -> Target {
    Target::Own {
        contract: ContractId::new(3),
        line: 1,
        meters: vec![MeterId::parse("egress_gb").unwrap()],
    }
}

fn targets() -> BTreeMap<String, Target> {
    BTreeMap::from([
        ("comptoir-3-1".to_owned(), own()),
        ("comptoir-9-0".to_owned(), Target::Foreign),
    ])
}

fn usage(id: &str, quantity: i64) -> UsageRecord {
    UsageRecord {
        id: id.to_owned(),
        instance_id: "comptoir-3-1".to_owned(),
        meter: "egress_gb".to_owned(),
        quantity,
        at: NOW - 3600,
    }
}

fn downtime(id: &str, from: i64, to: i64) -> DowntimeRecord {
    DowntimeRecord {
        id: id.to_owned(),
        instance_id: "comptoir-3-1".to_owned(),
        from,
        to,
    }
}

fn one<R: Report>(record: R) -> Verdict {
    judge(&[record], &targets(), &BTreeMap::new(), NOW)[0]
}

const ACCEPTED: Verdict = Verdict::Accept {
    contract: ContractId::new(3),
    line: 1,
};

#[test]
fn a_good_record_is_accepted_on_its_instance_line() {
    assert_eq!(one(usage("u-1", 12)), ACCEPTED);
    assert_eq!(one(usage("u-1", 0)), ACCEPTED);
    assert_eq!(one(downtime("d-1", NOW - 60, NOW)), ACCEPTED);
}

#[test]
fn an_instance_nobody_has_is_refused_as_unknown() {
    let record = UsageRecord {
        instance_id: "comptoir-404-0".to_owned(),
        ..usage("u-1", 1)
    };
    assert_eq!(one(record), Verdict::Refused(Refusal::UnknownInstance));
}

#[test]
fn another_providers_instance_is_refused_whatever_else_the_record_says() {
    let record = UsageRecord {
        instance_id: "comptoir-9-0".to_owned(),
        meter: "nothing".to_owned(),
        ..usage("u-1", -1)
    };
    assert_eq!(one(record), Verdict::Refused(Refusal::ForeignInstance));
    let down = DowntimeRecord {
        instance_id: "comptoir-9-0".to_owned(),
        ..downtime("d-1", NOW - 60, NOW)
    };
    assert_eq!(one(down), Verdict::Refused(Refusal::ForeignInstance));
}

#[test]
fn a_meter_the_offer_does_not_declare_is_refused() {
    let record = UsageRecord {
        meter: "ingress_gb".to_owned(),
        ..usage("u-1", 1)
    };
    assert_eq!(one(record), Verdict::Refused(Refusal::UnknownMeter));
}

#[test]
fn a_negative_quantity_is_refused() {
    assert_eq!(
        one(usage("u-1", -1)),
        Verdict::Refused(Refusal::NegativeQuantity)
    );
}

#[test]
fn a_downtime_that_does_not_end_after_it_starts_is_refused() {
    for (from, to) in [(NOW - 60, NOW - 60), (NOW - 60, NOW - 120)] {
        assert_eq!(
            one(downtime("d-1", from, to)),
            Verdict::Refused(Refusal::EmptyInterval)
        );
    }
}

#[test]
fn a_time_further_ahead_than_the_allowed_skew_is_refused() {
    let at = |at| UsageRecord {
        at,
        ..usage("u-1", 1)
    };
    assert_eq!(one(at(NOW + FUTURE_SKEW_SECS)), ACCEPTED);
    assert_eq!(
        one(at(NOW + FUTURE_SKEW_SECS + 1)),
        Verdict::Refused(Refusal::InFuture)
    );
    assert_eq!(one(downtime("d-1", NOW, NOW + FUTURE_SKEW_SECS)), ACCEPTED);
    assert_eq!(
        one(downtime("d-1", NOW, NOW + FUTURE_SKEW_SECS + 1)),
        Verdict::Refused(Refusal::InFuture)
    );
}

#[test]
fn a_record_id_is_short_printable_text() {
    for id in ["", "  ", "a\nb", &"x".repeat(MAX_RECORD_ID_CHARS + 1)] {
        assert_eq!(
            one(usage(id, 1)),
            Verdict::Refused(Refusal::InvalidId),
            "{id:?}"
        );
    }
    assert_eq!(one(usage(&"é".repeat(MAX_RECORD_ID_CHARS), 1)), ACCEPTED);
}

#[test]
fn a_kept_id_sent_again_is_a_duplicate_when_the_same_and_a_conflict_otherwise() {
    let kept = BTreeMap::from([("u-1".to_owned(), usage("u-1", 12))]);
    let verdicts = judge(
        &[usage("u-1", 12), usage("u-1", 13)],
        &targets(),
        &kept,
        NOW,
    );
    assert_eq!(verdicts, [Verdict::Duplicate, Verdict::Conflict]);
    assert_eq!(
        judge_resend(&downtime("d", 1, 2), &downtime("d", 1, 3)),
        Verdict::Conflict
    );
}

#[test]
fn a_record_accepted_earlier_in_the_batch_counts_as_kept() {
    let verdicts = judge(
        &[usage("u-1", 12), usage("u-1", 12), usage("u-1", 5)],
        &targets(),
        &BTreeMap::new(),
        NOW,
    );
    assert_eq!(verdicts, [ACCEPTED, Verdict::Duplicate, Verdict::Conflict]);
}

#[test]
fn a_refused_record_does_not_keep_its_id_nor_stop_the_others() {
    let verdicts = judge(
        &[usage("u-1", -1), usage("u-2", 1), usage("u-1", 1)],
        &targets(),
        &BTreeMap::new(),
        NOW,
    );
    assert_eq!(
        verdicts,
        [
            Verdict::Refused(Refusal::NegativeQuantity),
            ACCEPTED,
            ACCEPTED
        ]
    );
}

#[test]
fn a_batch_holds_at_most_a_hundred_records() {
    let batch = |n| Batch {
        records: vec![usage("u", 1); n],
    };
    assert_eq!(batch(0).check_size(), Ok(()));
    assert_eq!(batch(MAX_BATCH).check_size(), Ok(()));
    assert_eq!(
        batch(MAX_BATCH + 1).check_size(),
        Err(BatchTooLarge(MAX_BATCH + 1))
    );
}

#[test]
fn a_batch_reads_as_the_specification_writes_it_and_nothing_else() {
    let read = |json: &str| serde_json::from_str::<Batch<UsageRecord>>(json);
    let batch = read(
        r#"{ "records": [{ "id": "u-42", "instance_id": "i", "meter": "egress_gb",
        "quantity": 12, "at": 1764547200 }] }"#,
    )
    .unwrap();
    assert_eq!(batch.records[0].quantity, 12);
    assert!(read(r#"[]"#).is_err());
    assert!(read(r#"{ "records": [{ "id": "u", "instance_id": "i", "meter": "m", "quantity": 1.5, "at": 1 }] }"#).is_err());
    assert!(read(r#"{ "records": [{ "id": "u", "instance_id": "i", "meter": "m", "quantity": 1, "at": 1, "extra": 0 }] }"#).is_err());
    assert!(read(r#"{ "records": [], "more": 1 }"#).is_err());
    let down: Batch<DowntimeRecord> = serde_json::from_str(
        r#"{ "records": [{ "id": "d-7", "instance_id": "i", "from": 1, "to": 2 }] }"#,
    )
    .unwrap();
    assert_eq!(down.records[0].to, 2);
}
