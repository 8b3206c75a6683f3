//! Batches of usage and downtime: each record judged alone, the good ones kept, a resend safe.

use super::*;

#[tokio::test]
async fn a_mixed_usage_batch_keeps_the_good_records_and_says_why_the_others_are_refused() {
    for_each_database(|db| async move {
        let rig = rig(&db).await;
        let alpha = rig.reporter(&rig.alpha_seller, rig.alpha).await;
        let unknown = UsageRecord {
            instance_id: "comptoir-999-0".to_owned(),
            ..rig.usage("u-unknown", "egress_gb", 1)
        };
        let foreign = UsageRecord {
            instance_id: rig.theirs.clone(),
            ..rig.usage("u-foreign", "egress_gb", 1)
        };
        let future = UsageRecord {
            at: LATER + 3600,
            ..rig.usage("u-future", "egress_gb", 1)
        };
        let verdicts = rig
            .usage_batch(
                &alpha,
                vec![
                    rig.usage("u-1", "egress_gb", 12),
                    unknown,
                    foreign,
                    rig.usage("u-meter", "ingress_gb", 1),
                    rig.usage("u-negative", "egress_gb", -3),
                    future,
                    rig.usage("u-2", "egress_gb", 0),
                ],
            )
            .await;
        let mine = accepted(rig.contract, 0);
        assert_eq!(
            verdicts,
            [
                mine,
                Verdict::Refused(Refusal::UnknownInstance),
                Verdict::Refused(Refusal::ForeignInstance),
                Verdict::Refused(Refusal::UnknownMeter),
                Verdict::Refused(Refusal::NegativeQuantity),
                Verdict::Refused(Refusal::InFuture),
                mine,
            ]
        );
        let ids = [
            "u-1",
            "u-unknown",
            "u-foreign",
            "u-meter",
            "u-negative",
            "u-future",
            "u-2",
        ];
        let kept = db.store.kept_usage(rig.alpha, &ids).await.expect("kept");
        assert_eq!(kept.keys().collect::<Vec<_>>(), ["u-1", "u-2"]);
        assert_eq!(kept["u-1"], rig.usage("u-1", "egress_gb", 12));
    })
    .await;
}

#[tokio::test]
async fn a_usage_resend_is_a_duplicate_and_other_content_under_a_kept_id_a_conflict() {
    for_each_database(|db| async move {
        let rig = rig(&db).await;
        let alpha = rig.reporter(&rig.alpha_seller, rig.alpha).await;
        let first = rig.usage("u-1", "egress_gb", 12);
        let verdicts = rig.usage_batch(&alpha, vec![first.clone()]).await;
        assert_eq!(verdicts, [accepted(rig.contract, 0)]);
        let other = rig.usage("u-1", "egress_gb", 13);
        let verdicts = rig.usage_batch(&alpha, vec![first.clone(), other]).await;
        assert_eq!(verdicts, [Verdict::Duplicate, Verdict::Conflict]);
        let kept = db
            .store
            .kept_usage(rig.alpha, &["u-1"])
            .await
            .expect("kept");
        assert_eq!(kept["u-1"], first, "the conflict changed nothing");
        // Under a kept id, a record that would be refused on its own is a conflict, and every
        // copy of a kept record in one batch a duplicate.
        let negative = rig.usage("u-1", "egress_gb", -1);
        let fresh = rig.usage("u-2", "egress_gb", 5);
        let verdicts = rig
            .usage_batch(
                &alpha,
                vec![negative, first.clone(), first, fresh.clone(), fresh],
            )
            .await;
        assert_eq!(
            verdicts,
            [
                Verdict::Conflict,
                Verdict::Duplicate,
                Verdict::Duplicate,
                accepted(rig.contract, 0),
                Verdict::Duplicate
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn a_token_of_one_provider_never_reports_for_anothers_instances() {
    for_each_database(|db| async move {
        let rig = rig(&db).await;
        let beta = rig.reporter(&rig.beta_seller, rig.beta).await;
        let on_alpha = rig.usage("u-1", "egress_gb", 12);
        let verdicts = rig.usage_batch(&beta, vec![on_alpha.clone()]).await;
        assert_eq!(verdicts, [Verdict::Refused(Refusal::ForeignInstance)]);
        let down = rig.downtime("d-1", LATER - 60, LATER);
        let verdicts = rig
            .reports
            .report_downtime(
                &beta,
                &Batch {
                    records: vec![down],
                },
                LATER,
            )
            .await
            .expect("judged");
        assert_eq!(verdicts, [Verdict::Refused(Refusal::ForeignInstance)]);
        // Record ids are each provider's own: alpha's u-1 is not beta's u-1.
        let alpha = rig.reporter(&rig.alpha_seller, rig.alpha).await;
        let verdicts = rig.usage_batch(&alpha, vec![on_alpha]).await;
        assert_eq!(verdicts, [accepted(rig.contract, 0)]);
        let kept = db.store.kept_usage(rig.beta, &["u-1"]).await.expect("kept");
        assert!(kept.is_empty());
    })
    .await;
}

#[tokio::test]
async fn downtime_is_kept_once_and_refused_when_empty_or_in_the_future() {
    for_each_database(|db| async move {
        let rig = rig(&db).await;
        let alpha = rig.reporter(&rig.alpha_seller, rig.alpha).await;
        let report = |records: Vec<DowntimeRecord>| {
            let reports = rig.reports.clone();
            async move {
                reports
                    .report_downtime(&alpha, &Batch { records }, LATER)
                    .await
                    .expect("judged")
            }
        };
        let first = rig.downtime("d-1", LATER - 3600, LATER - 1800);
        let unknown = DowntimeRecord {
            instance_id: "comptoir-999-0".to_owned(),
            ..rig.downtime("d-unknown", LATER - 60, LATER)
        };
        let verdicts = report(vec![
            first.clone(),
            rig.downtime("d-empty", LATER - 60, LATER - 60),
            rig.downtime("d-backwards", LATER - 60, LATER - 120),
            rig.downtime("d-future", LATER - 60, LATER + 3600),
            unknown,
        ])
        .await;
        assert_eq!(
            verdicts,
            [
                accepted(rig.contract, 0),
                Verdict::Refused(Refusal::EmptyInterval),
                Verdict::Refused(Refusal::EmptyInterval),
                Verdict::Refused(Refusal::InFuture),
                Verdict::Refused(Refusal::UnknownInstance),
            ]
        );
        let moved = rig.downtime("d-1", LATER - 3600, LATER - 1700);
        let verdicts = report(vec![first.clone(), moved]).await;
        assert_eq!(verdicts, [Verdict::Duplicate, Verdict::Conflict]);
        let ids = ["d-1", "d-empty", "d-backwards", "d-future", "d-unknown"];
        let kept = db.store.kept_downtime(rig.alpha, &ids).await.expect("kept");
        assert_eq!(
            kept.into_iter().collect::<Vec<_>>(),
            [("d-1".to_owned(), first)]
        );
    })
    .await;
}

#[tokio::test]
async fn a_batch_of_more_than_a_hundred_records_is_refused_whole() {
    for_each_database(|db| async move {
        let rig = rig(&db).await;
        let alpha = rig.reporter(&rig.alpha_seller, rig.alpha).await;
        let records: Vec<UsageRecord> = (0..=MAX_BATCH)
            .map(|n| rig.usage(&format!("u-{n}"), "egress_gb", 1))
            .collect();
        let refused = rig
            .reports
            .report_usage(&alpha, &Batch { records }, LATER)
            .await;
        assert!(
            matches!(refused, Err(ReportError::TooLarge(_))),
            "{refused:?}"
        );
        let kept = db
            .store
            .kept_usage(rig.alpha, &["u-0"])
            .await
            .expect("kept");
        assert!(kept.is_empty());
    })
    .await;
}
