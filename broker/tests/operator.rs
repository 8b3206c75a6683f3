//! The operator's control of people against a real database, on SQLite and on PostgreSQL when
//! `TEST_DATABASE_URL` is set: suspending and reinstating users and organisations, the operator
//! flag, the search and the users' and organisations' pages, each change in the audit log.
#![cfg(feature = "server")]

use broker::account::{CurrentUser, Field, Role};
use broker::audit::{ActionKind, Filter, Origin, Scope};
use broker::operator::overview::Ranked;
use broker::operator::{AccountRefusal, Subject};
use broker::service::audit::Audit;
use broker::service::billing::Billing;
use broker::service::contracts::{Contracts, ContractsError, Signing};
use broker::service::operator::{Operator, OperatorError};
use broker::service::{AccountError, Accounts, LoginLimits};

#[path = "support/db.rs"]
mod db;
#[path = "support/billing_market.rs"]
mod market;

use db::{NOW, TestDb, for_each_database};
use market::{PRICE, active_at, market, month, plan, report_downtime, round};

const PASSWORD: &str = "velvet harbour lantern quietly";
const REASON: &str = "Unpaid invoices since March";

async fn kinds(db: &TestDb, operator: &CurrentUser) -> Vec<ActionKind> {
    Audit::new(db.store.clone())
        .page(operator, Scope::Marketplace, &Filter::default(), None)
        .await
        .expect("the log")
        .entries
        .iter()
        .map(|listed| listed.entry.action)
        .collect()
}

async fn log_in(accounts: &Accounts, email: &str, password: &str) -> Result<(), AccountError> {
    accounts
        .log_in(email, password, "192.0.2.1", &Origin::default(), NOW + 100)
        .await
        .map(|_| ())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_suspended_user_is_signed_out_and_refused_at_log_in_until_reinstated() {
    for_each_database(|db: TestDb| async move {
        let b = db.backend;
        let accounts = Accounts::new(db.store.clone(), LoginLimits::default())
            .await
            .expect("accounts");
        let operators = Operator::new(db.store.clone());
        let operator = db.operator().await;
        let ada = db.user("ada").await;
        let colleague = db
            .member("bob", db.tenant_of(&ada).await, Role::Admin)
            .await;
        let session = accounts
            .log_in(
                "ada@example.org",
                PASSWORD,
                "192.0.2.1",
                &Origin::default(),
                NOW,
            )
            .await
            .expect("ada logs in");

        let blank = operators
            .suspend(&operator, Subject::User(ada.id), "  ", NOW + 10)
            .await;
        assert!(
            matches!(blank, Err(OperatorError::Invalid(Field::Reason, _))),
            "{b}: {blank:?}"
        );
        operators
            .suspend(&operator, Subject::User(ada.id), REASON, NOW + 10)
            .await
            .expect("suspend");
        assert!(
            accounts
                .current_user(session)
                .await
                .expect("read")
                .is_none(),
            "{b}: her session ended"
        );
        match log_in(&accounts, "ada@example.org", PASSWORD).await {
            Err(AccountError::Suspended { reason }) => assert_eq!(reason, REASON, "{b}"),
            other => panic!("{b}: {other:?}"),
        }
        // A wrong password learns nothing of the suspension.
        let wrong = log_in(&accounts, "ada@example.org", "not her password at all").await;
        assert!(matches!(wrong, Err(AccountError::BadCredentials)), "{b}");
        // Her organisation's other members carry on.
        log_in(&accounts, "bob@example.org", PASSWORD)
            .await
            .expect("bob logs in");
        assert!(
            db.store
                .dashboard(colleague.id, db.tenant_of(&ada).await)
                .await
                .expect("read")
                .expect("a member")
                .suspension
                .is_none(),
            "{b}: the organisation is not suspended"
        );
        let again = operators
            .suspend(&operator, Subject::User(ada.id), REASON, NOW + 20)
            .await;
        assert!(matches!(again, Err(OperatorError::Conflict)), "{b}");

        operators
            .reinstate(&operator, Subject::User(ada.id), NOW + 30)
            .await
            .expect("reinstate");
        log_in(&accounts, "ada@example.org", PASSWORD)
            .await
            .expect("ada logs in again");
        assert!(
            accounts
                .current_user(session)
                .await
                .expect("read")
                .is_none(),
            "{b}: the session the suspension ended stays ended"
        );
        let page = operators.user(&operator, ada.id).await.expect("her page");
        assert_eq!(page.log_ins.len(), 2, "{b}: {page:?}");
        assert!(page.suspension.is_none() && !page.user.suspended, "{b}");
        let changes: Vec<ActionKind> = kinds(&db, &operator)
            .await
            .into_iter()
            .filter(|kind| matches!(kind, ActionKind::UserSuspended | ActionKind::UserReinstated))
            .collect();
        assert_eq!(
            changes,
            [ActionKind::UserReinstated, ActionKind::UserSuspended],
            "{b}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn only_an_operator_controls_accounts_and_never_their_own() {
    for_each_database(|db: TestDb| async move {
        let b = db.backend;
        let operators = Operator::new(db.store.clone());
        let operator = db.operator().await;
        let ada = db.user("ada").await;
        let tenant = db.tenant_of(&ada).await;
        let forbidden = |result: Result<(), OperatorError>| {
            assert!(
                matches!(result, Err(OperatorError::Forbidden)),
                "{b}: {result:?}"
            )
        };
        forbidden(operators.search(&ada, "").await.map(|_| ()));
        forbidden(operators.user(&ada, operator.id).await.map(|_| ()));
        forbidden(operators.organisation(&ada, tenant).await.map(|_| ()));
        forbidden(
            operators
                .suspend(&ada, Subject::Organisation(tenant), REASON, NOW)
                .await,
        );
        forbidden(operators.reinstate(&ada, Subject::User(ada.id), NOW).await);
        forbidden(operators.set_operator(&ada, ada.id, true, NOW).await);

        let own = operators
            .suspend(&operator, Subject::User(operator.id), REASON, NOW)
            .await;
        assert!(
            matches!(own, Err(OperatorError::Refused(AccountRefusal::OwnAccount))),
            "{b}: {own:?}"
        );
        let own = operators
            .set_operator(&operator, operator.id, false, NOW)
            .await;
        assert!(
            matches!(own, Err(OperatorError::Refused(AccountRefusal::OwnAccount))),
            "{b}: {own:?}"
        );
        let nobody = operators
            .suspend(
                &operator,
                Subject::User(broker::account::UserId::new(999)),
                REASON,
                NOW,
            )
            .await;
        assert!(matches!(nobody, Err(OperatorError::NotFound)), "{b}");
        assert!(
            kinds(&db, &operator).await.is_empty(),
            "{b}: nothing refused is logged"
        );

        operators
            .set_operator(&operator, ada.id, true, NOW)
            .await
            .expect("grant");
        let ada = db
            .store
            .current_user(ada.id, 0)
            .await
            .expect("read")
            .expect("ada");
        assert!(ada.is_operator, "{b}");
        operators
            .set_operator(&ada, operator.id, false, NOW + 1)
            .await
            .expect("ada revokes the first operator");
        // The store keeps the last operator who can log in, whoever asks.
        let record = broker::audit::Record::new(
            broker::audit::Actor::operator(&ada),
            broker::audit::Action::OperatorRevoked { user: ada.id },
            NOW + 2,
        );
        let last = db
            .store
            .revoke_operator(ada.id, &record)
            .await
            .expect("ask");
        assert_eq!(last, None, "{b}: the last operator keeps the flag");
        assert_eq!(
            kinds(&db, &ada).await,
            [ActionKind::OperatorRevoked, ActionKind::OperatorGranted],
            "{b}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_suspended_organisation_reads_but_takes_no_new_contract_and_stays_billed() {
    for_each_database(|db: TestDb| async move {
        let b = db.backend;
        let m = market(&db, 1).await;
        let (tenant, running) = m.signed[0];
        let owner = &m.owners[0];
        let contracts = Contracts::new(db.store.clone());
        let operators = Operator::new(db.store.clone());
        let first = contracts
            .accept_plan(owner, tenant, &plan(), "web shop", NOW)
            .await
            .expect("accept");
        let second = contracts
            .accept_plan(owner, tenant, &plan(), "web shop", NOW)
            .await
            .expect("accept");
        let waiting = contracts
            .prepare_contract(owner, tenant, first, NOW)
            .await
            .expect("prepare");
        operators
            .suspend(&m.operator, Subject::Organisation(tenant), REASON, NOW + 10)
            .await
            .expect("suspend");

        let suspended = |result: Result<(), ContractsError>| match result {
            Err(ContractsError::Suspended { reason }) => assert_eq!(reason, REASON, "{b}"),
            other => panic!("{b}: {other:?}"),
        };
        suspended(
            contracts
                .accept_plan(owner, tenant, &plan(), "web shop", NOW + 20)
                .await
                .map(|_| ()),
        );
        suspended(
            contracts
                .prepare_contract(owner, tenant, second, NOW + 20)
                .await
                .map(|_| ()),
        );
        let sha = contracts
            .contract(owner, tenant, waiting)
            .await
            .expect("members still read their contracts")
            .document
            .sha256();
        let signing = Signing {
            shown_sha256: &sha,
            address: "192.0.2.7".parse().expect("address"),
            user_agent: "Mozilla/5.0",
        };
        suspended(
            contracts
                .sign(owner, tenant, waiting, &signing, NOW + 20)
                .await
                .map(|_| ()),
        );
        let board = db
            .store
            .dashboard(owner.id, tenant)
            .await
            .expect("read")
            .expect("a member");
        assert_eq!(
            board.suspension.map(|s| s.reason).as_deref(),
            Some(REASON),
            "{b}"
        );
        let page = operators
            .organisation(&m.operator, tenant)
            .await
            .expect("its page");
        assert!(page.organisation.suspended, "{b}");
        assert_eq!(page.members.len(), 1, "{b}");
        assert_eq!(
            page.contracts.iter().map(|c| c.id).collect::<Vec<_>>(),
            [waiting, running],
            "{b}"
        );

        // What it runs keeps running and is billed.
        let billing = Billing::new(db.store.clone(), market::operator());
        let run = billing
            .run(month(), month().end() - 10)
            .await
            .expect("the draft run");
        assert_eq!(run.drafted, 1, "{b}");
        let billed = db
            .store
            .contract_billed(owner.id, tenant, running)
            .await
            .expect("billed");
        assert!(billed.drafted_minor > 0, "{b}");

        operators
            .reinstate(&m.operator, Subject::Organisation(tenant), NOW + 30)
            .await
            .expect("reinstate");
        contracts
            .sign(owner, tenant, waiting, &signing, NOW + 40)
            .await
            .expect("it signs once reinstated");
        let organisation = Scope::Tenant(tenant);
        let entries = Audit::new(db.store.clone())
            .page(owner, organisation, &Filter::default(), None)
            .await
            .expect("the owner reads the organisation's log");
        let seen: Vec<ActionKind> = entries.entries.iter().map(|l| l.entry.action).collect();
        assert_eq!(
            seen[..3],
            [
                ActionKind::ContractSigned,
                ActionKind::OrganisationReinstated,
                ActionKind::OrganisationSuspended
            ],
            "{b}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_search_finds_people_by_name_or_email_and_organisations_by_a_members_email() {
    for_each_database(|db: TestDb| async move {
        let b = db.backend;
        let operators = Operator::new(db.store.clone());
        let operator = db.operator().await;
        let ada = db.user("ada").await;
        let tenant = db.tenant_of(&ada).await;
        let grace = db.member("grace", tenant, Role::Buyer).await;
        db.provider(&ada, "lovelace", Some(&operator)).await;

        let found = operators.search(&operator, " ADA ").await.expect("search");
        assert_eq!(
            found.users.iter().map(|u| u.id).collect::<Vec<_>>(),
            [ada.id],
            "{b}"
        );
        assert_eq!(found.organisations.len(), 1, "{b}: {found:?}");
        let by_member = operators
            .search(&operator, "grace@example")
            .await
            .expect("search");
        let names: Vec<&str> = by_member
            .organisations
            .iter()
            .map(|o| o.name.as_str())
            .collect();
        assert_eq!(
            names,
            ["grace org", "ada org"],
            "{b}: her own organisation and the one she joined, newest first"
        );
        let provider = operators.search(&operator, "lovel").await.expect("search");
        assert_eq!(provider.providers.len(), 1, "{b}");
        let wildcard = operators.search(&operator, "%").await.expect("search");
        assert!(
            wildcard.users.is_empty() && wildcard.organisations.is_empty(),
            "{b}: % is a character, not a wildcard"
        );
        let everyone = operators.search(&operator, "").await.expect("search");
        assert_eq!(everyone.users.len(), 3, "{b}");

        let page = operators.user(&operator, grace.id).await.expect("page");
        let mut roles: Vec<Role> = page.memberships.iter().map(|m| m.role).collect();
        roles.sort();
        assert_eq!(roles, [Role::Owner, Role::Buyer], "{b}");
        let page = operators
            .organisation(&operator, tenant)
            .await
            .expect("page");
        assert_eq!(page.members.len(), 2, "{b}");
        assert_eq!(page.balance_due.minor(), 0, "{b}");
    })
    .await;
}

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

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_providers_offer_changes_are_in_its_audit_log() {
    for_each_database(|db: TestDb| async move {
        let b = db.backend;
        let shop = db.shop("alpha", &[market::offer()]).await;
        let offer = shop.offers[0];
        let mut terms = market::offer().terms;
        terms.monthly_price = broker::money::Money::new(PRICE + 100, broker::money::Currency::EUR);
        db.market
            .update_terms(&shop.seller, offer, &terms, NOW + 1)
            .await
            .expect("a new price");
        db.market
            .set_capacity(&shop.seller, offer, Some(5), NOW + 2)
            .await
            .expect("five units");
        db.market
            .set_capacity(&shop.seller, offer, Some(5), NOW + 3)
            .await
            .expect("the same five units");
        let log = Audit::new(db.store.clone())
            .page(
                &shop.seller,
                Scope::Provider(shop.provider),
                &Filter::default(),
                None,
            )
            .await
            .expect("the provider's log");
        let actions: Vec<broker::audit::Action> = log
            .entries
            .iter()
            .map(|listed| listed.entry.read_action().expect("an action"))
            .collect();
        use broker::audit::Action as A;
        assert_eq!(
            actions[..5],
            [
                A::CapacityChanged {
                    offer,
                    was: None,
                    capacity: Some(5)
                },
                A::OfferTermsChanged { offer, version: 2 },
                A::OfferApproved { offer },
                A::OfferSubmitted { offer },
                A::OfferCreated {
                    offer,
                    external_id: "vm".to_owned()
                },
            ],
            "{b}: an unchanged capacity records nothing"
        );
    })
    .await;
}
