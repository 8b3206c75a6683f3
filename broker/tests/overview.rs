//! The operator's overview and a provider's figures against a real database, on SQLite and on
//! PostgreSQL when `TEST_DATABASE_URL` is set, each figure against one computed by hand from its
//! fixture: GMV, commission, take rate, VAT, the months' counts, the rankings, measured uptime,
//! SLA credits and the time from signature to active at the median and the 90th percentile.
#![cfg(feature = "server")]

use broker::operator::overview::Ranked;
use broker::service::billing::Billing;
use broker::service::operator::{Operator, OperatorError};

#[path = "support/db.rs"]
mod db;
#[path = "support/billing_market.rs"]
mod market;

use db::{NOW, TestDb, for_each_database};
use market::{PRICE, active_at, market, month, report_downtime, round};

/// Writes an invoice row as the billing run would have finalized it, and its one split.
#[allow(clippy::too_many_arguments, reason = "one row's columns")]
async fn invoice(
    pool: &sqlx::AnyPool,
    tenant: i64,
    provider: i64,
    month: &str,
    (kind, status, number): (&str, &str, Option<&str>),
    cancels: Option<i64>,
    (net, vat, commission): (i64, i64, i64),
) -> i64 {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO invoices (tenant_id, month, kind, status, number, cancels, document, \
         net_minor, vat_minor, commission_minor, total_minor, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, '{}', $7, $8, $9, $10, $11, $11) RETURNING id",
    )
    .bind(tenant)
    .bind(month)
    .bind(kind)
    .bind(status)
    .bind(number)
    .bind(cancels)
    .bind(net)
    .bind(vat)
    .bind(commission)
    .bind(net + vat)
    .bind(NOW)
    .fetch_one(pool)
    .await
    .expect("an invoice");
    sqlx::query(
        "INSERT INTO invoice_splits (invoice_id, provider_id, net_minor, commission_bp, \
         commission_minor, share_minor) VALUES ($1, $2, $3, 1000, $4, $5)",
    )
    .bind(id)
    .bind(provider)
    .bind(net)
    .bind(commission)
    .bind(net - commission)
    .execute(pool)
    .await
    .expect("its split");
    id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_overview_adds_up_each_month_from_the_invoices_and_the_rows_times() {
    for_each_database(|db: TestDb| async move {
        let b = db.backend;
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&db.url).await.expect("a pool");
        let operators = Operator::new(db.store.clone());
        let operator = db.operator().await;
        let ada = db.user("ada").await;
        let seller = db.user("seller").await;
        let provider = db.provider(&seller, "alpha", Some(&operator)).await.get();
        let (ours, theirs) = (
            db.tenant_of(&ada).await.get(),
            db.tenant_of(&seller).await.get(),
        );
        let finalized = |number| ("invoice", "finalized", Some(number));
        let a = invoice(
            &pool,
            ours,
            provider,
            "2023-10",
            finalized("CPT-2023-000001"),
            None,
            (10_000, 2_000, 1_000),
        )
        .await;
        invoice(
            &pool,
            theirs,
            provider,
            "2023-10",
            ("invoice", "paid", Some("CPT-2023-000002")),
            None,
            (6_000, 1_200, 900),
        )
        .await;
        invoice(
            &pool,
            ours,
            provider,
            "2023-10",
            ("credit_note", "finalized", Some("CPT-2023-000003")),
            Some(a),
            (-2_000, -400, -200),
        )
        .await;
        invoice(
            &pool,
            ours,
            provider,
            "2023-11",
            ("invoice", "draft", None),
            None,
            (99_999, 0, 9_999),
        )
        .await;

        let overview = operators.overview(&operator, NOW).await.expect("overview");
        assert!(
            matches!(
                operators.overview(&ada, NOW).await,
                Err(OperatorError::Forbidden)
            ),
            "{b}"
        );
        assert_eq!(overview.months.len(), 12, "{b}");
        let october = &overview.months[10];
        assert_eq!(october.month, "2023-10", "{b}");
        // 10,000 + 6,000 - 2,000 net; the draft of November does not count.
        assert_eq!(
            (
                october.gmv_minor,
                october.commission_minor,
                october.vat_minor
            ),
            (14_000, 1_700, 2_800),
            "{b}"
        );
        // 1,700 / 14,000 = 12.14 %.
        assert_eq!(october.take_rate_bp(), Some(1_214), "{b}");
        // Drafts count in what a month has invoiced so far.
        assert_eq!(october.invoiced_so_far_minor, 14_000, "{b}");
        assert_eq!(overview.months[11].invoiced_so_far_minor, 99_999, "{b}");
        let november = &overview.months[11];
        assert_eq!(november.gmv_minor, 0, "{b}");
        // Ada's, the seller's organisations and the provider, made at NOW (2023-11-14).
        assert_eq!(
            (
                november.new_organisations,
                november.new_providers,
                november.contracts_signed
            ),
            (2, 1, 0),
            "{b}"
        );
        assert_eq!(october.new_organisations, 0, "{b}");
        assert_eq!(
            overview.top_organisations,
            [
                Ranked {
                    name: "ada org".to_owned(),
                    minor: 8_000
                },
                Ranked {
                    name: "seller org".to_owned(),
                    minor: 6_000
                },
            ],
            "{b}"
        );
        assert_eq!(overview.top_providers.len(), 1, "{b}");
        assert_eq!(overview.top_providers[0].minor, 14_000, "{b}");
        assert_eq!(
            (overview.other_providers_minor, overview.resources_active),
            (0, 0),
            "{b}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_overview_measures_uptime_credits_and_the_time_from_signature_to_active() {
    for_each_database(|db: TestDb| async move {
        let b = db.backend;
        let m = market(&db, 3).await;
        let (_, contract) = m.signed[0];
        let active = active_at(&m.pool, contract).await;
        report_downtime(&m.pool, contract, active + 1000, active + 3000).await;
        // The three contracts signed 100 s, 50 s and 0 s before NOW, as if each waited longer.
        for ((_, signed), earlier) in m.signed.iter().zip([100, 50, 0]) {
            sqlx::query("UPDATE signatures SET signed_at = signed_at - $1 WHERE contract_id = $2")
                .bind(earlier)
                .bind(signed.get())
                .execute(&m.pool)
                .await
                .expect("an earlier signature");
        }
        let billing = Billing::new(db.store.clone(), market::operator());
        billing
            .run(month(), month().end() + 5)
            .await
            .expect("November finalized");
        let in_december = month().end() + 3_600;
        let overview = Operator::new(db.store.clone())
            .overview(&m.operator, in_december)
            .await
            .expect("overview");

        let november = &overview.months[10];
        assert_eq!(november.month, "2023-11", "{b}");
        // As the billing rules have it: 10 % of the recurring amount of the line that was down.
        let seconds = month().end() - active;
        let recurring = round(2 * PRICE * seconds, month().seconds());
        let credit = round(recurring * 10, 100);
        assert_eq!(
            (november.downtime_secs, november.credits_minor),
            (2_000, credit),
            "{b}"
        );
        let [alpha] = overview.worst_uptime.as_slice() else {
            panic!("{b}: one provider: {:?}", overview.worst_uptime);
        };
        // Two units down 2,000 s each, of three contracts of two units billed `seconds` each.
        let billed: i64 = sqlx::query_scalar(
            "SELECT CAST(SUM(unit_seconds) AS BIGINT) FROM invoice_lines WHERE kind = 'recurring'",
        )
        .fetch_one(&m.pool)
        .await
        .expect("billed");
        // 100 g a unit and month, for the part of November each unit ran.
        assert_eq!(
            november.carbon_g,
            round(100 * billed, month().seconds()),
            "{b}"
        );
        assert!(
            (6 * seconds - billed).abs() <= 12,
            "{b}: {billed} against {seconds}"
        );
        assert_eq!(
            (
                alpha.downtime_unit_secs,
                alpha.billed_unit_secs,
                alpha.credits_minor
            ),
            (4_000, billed, credit),
            "{b}"
        );
        assert_eq!(
            alpha.uptime_bp(),
            Some((billed - 4_000) * 10_000 / billed),
            "{b}"
        );
        // Month by month, the provider's part of each month's totals: all of November's.
        let [by_month] = overview.sla_by_provider.as_slice() else {
            panic!("{b}: one provider: {:?}", overview.sla_by_provider);
        };
        assert_eq!(by_month.name, alpha.name, "{b}");
        let mut downtime = vec![0; 12];
        let mut credits = vec![0; 12];
        (downtime[10], credits[10]) = (2_000, credit);
        assert_eq!(
            (&by_month.downtime_secs, &by_month.credits_minor),
            (&downtime, &credits),
            "{b}"
        );

        let took: i64 = sqlx::query_scalar(
            "SELECT MIN(e.at - s.signed_at) FROM contract_events e \
             JOIN signatures s ON s.contract_id = e.contract_id WHERE e.kind = 'activated'",
        )
        .fetch_one(&m.pool)
        .await
        .expect("the quickest");
        let health = &overview.provisioning;
        assert_eq!(health.activated, 3, "{b}");
        // Of three waits, the quickest +0, +50 and +100 s: the median is the second, the 90th
        // percentile the third.
        assert_eq!(
            (health.median_secs, health.p90_secs),
            (Some(took + 50), Some(took + 100)),
            "{b}"
        );
        assert_eq!(
            (health.in_flight, health.failed, health.retried),
            (0, 0, 0),
            "{b}"
        );
        assert_eq!(overview.resources_active, 3, "{b}");
        assert_eq!(overview.committed_minor, 3 * 2 * PRICE, "{b}");

        // The provider reads the same of its own offers, and no one else does.
        let figures = db
            .market
            .provider_figures(&m.seller, m.provider, in_december)
            .await
            .expect("the provider's figures");
        assert_eq!(figures.orders.len(), 12, "{b}");
        assert_eq!(
            (figures.orders[10].month.as_str(), figures.orders[10].orders),
            ("2023-11", 3),
            "{b}"
        );
        let [vm] = figures.uptime.as_slice() else {
            panic!("{b}: one offer: {:?}", figures.uptime);
        };
        assert_eq!(
            (
                vm.external_id.as_str(),
                vm.downtime_unit_secs,
                vm.billed_unit_secs
            ),
            ("vm", 4_000, billed),
            "{b}"
        );
        let stranger = db
            .market
            .provider_figures(&m.owners[0], m.provider, in_december)
            .await;
        assert!(
            matches!(
                stranger,
                Err(broker::service::catalog::CatalogError::NotFound)
            ),
            "{b}: {stranger:?}"
        );
    })
    .await;
}
