//! The audit log against a real database: every test runs on SQLite, and on PostgreSQL too when
//! `TEST_DATABASE_URL` is set (a fresh database per test).
#![cfg(feature = "server")]

use broker::account::{CurrentUser, Role};
use broker::audit::{Action, ActionKind, Actor, Filter, Origin, Record, Scope};
use broker::catalog::{ProviderDecision, ProviderRole};
use broker::service::audit::{Audit, AuditError, ChainError, PAGE};
use broker::service::operator::OperatorError;

#[path = "support/db.rs"]
mod db;
#[path = "support/billing_market.rs"]
mod market;

use db::{NOW, TestDb, for_each_database};

fn from_browser(user: &CurrentUser) -> CurrentUser {
    CurrentUser {
        origin: Origin::new(Some("203.0.113.5".parse().unwrap()), "Firefox/140"),
        ..user.clone()
    }
}

async fn kinds(
    audit: &Audit,
    reader: &CurrentUser,
    scope: Scope,
    filter: &Filter,
) -> Vec<ActionKind> {
    audit
        .page(reader, scope, filter, None)
        .await
        .expect("page")
        .entries
        .iter()
        .map(|listed| listed.entry.action)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_action_is_recorded_with_who_did_it_for_whom_and_from_where() {
    for_each_database(|db: TestDb| async move {
        let audit = Audit::new(db.store.clone());
        let operator = from_browser(&db.operator().await);
        let seller = db.user("seller").await;
        let provider = db.provider(&seller, "alpha", Some(&operator)).await;
        let page = audit
            .page(&operator, Scope::Marketplace, &Filter::default(), None)
            .await
            .expect("page");
        let [listed] = page.entries.as_slice() else {
            panic!("one entry: {page:?}");
        };
        let entry = &listed.entry;
        assert_eq!(entry.action, ActionKind::ProviderApproved);
        assert_eq!(
            entry.read_action().unwrap(),
            Action::ProviderApproved { provider }
        );
        assert_eq!(entry.user, Some(operator.id));
        assert_eq!(entry.provider, Some(provider));
        assert_eq!(
            (entry.address.as_str(), entry.agent.as_str()),
            ("203.0.113.5", "Firefox/140")
        );
        assert_eq!(listed.actor_email.as_deref(), Some("operator@example.org"));
        assert_eq!(listed.provider_name.as_deref(), Some("alpha SAS"));
        assert_eq!(audit.verify_chain().await.expect("the chain holds"), 1);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_action_that_is_refused_or_fails_leaves_no_entry() {
    for_each_database(|db: TestDb| async move {
        let audit = Audit::new(db.store.clone());
        let operator = db.operator().await;
        let seller = db.user("seller").await;
        let provider = db.provider(&seller, "alpha", Some(&operator)).await;
        // Approved already: the second approval changes nothing and records nothing.
        let again = db
            .console
            .decide_provider(&operator, provider, &ProviderDecision::Approve, NOW)
            .await;
        assert!(matches!(again, Err(OperatorError::Conflict)), "{again:?}");
        let blank = ProviderDecision::Suspend { reason: " ".into() };
        let refused = db
            .console
            .decide_provider(&operator, provider, &blank, NOW)
            .await;
        assert!(
            matches!(refused, Err(OperatorError::Invalid(..))),
            "{refused:?}"
        );
        assert_eq!(
            kinds(&audit, &operator, Scope::Marketplace, &Filter::default()).await,
            [ActionKind::ProviderApproved]
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_action_whose_entry_cannot_be_written_is_undone() {
    for_each_database(|db: TestDb| async move {
        let operator = db.operator().await;
        let seller = db.user("seller").await;
        let provider = db.provider(&seller, "alpha", None).await;
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&db.url).await.expect("connect");
        sqlx::query("DELETE FROM audit_head")
            .execute(&pool)
            .await
            .expect("remove the head");
        pool.close().await;
        let approved = db
            .console
            .decide_provider(&operator, provider, &ProviderDecision::Approve, NOW)
            .await;
        assert!(approved.is_err(), "{approved:?}");
        let status = db
            .store
            .provider(provider)
            .await
            .expect("read")
            .expect("exists")
            .status;
        assert_eq!(status, broker::catalog::ProviderStatus::Pending);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn each_organisation_and_provider_reads_its_own_entries_and_only_those() {
    for_each_database(|db: TestDb| async move {
        let audit = Audit::new(db.store.clone());
        let operator = db.operator().await;
        let ada = db.user("ada").await;
        let bob = db.user("bob").await;
        let alpha = db.provider(&ada, "alpha", Some(&operator)).await;
        let beta = db.provider(&bob, "beta", Some(&operator)).await;
        let ada_org = db.tenant_of(&ada).await;
        let bob_org = db.tenant_of(&bob).await;
        let buyer = db.member("buyer", ada_org, Role::Buyer).await;
        for (user, tenant) in [(&ada, ada_org), (&bob, bob_org)] {
            let record = Record::new(
                Actor::member(user, tenant, Role::Owner),
                Action::PasswordChanged,
                NOW,
            );
            db.store.record_audit(&record).await.expect("record");
        }
        let all = Filter::default();
        let ada_scope = Scope::Tenant(ada_org);
        assert_eq!(
            kinds(&audit, &ada, ada_scope, &all).await,
            [ActionKind::PasswordChanged]
        );
        assert_eq!(
            kinds(&audit, &ada, Scope::Provider(alpha), &all).await,
            [ActionKind::ProviderApproved]
        );
        for (reader, scope) in [
            (&ada, Scope::Tenant(bob_org)),
            (&ada, Scope::Provider(beta)),
            (&ada, Scope::Marketplace),
            (&buyer, ada_scope),
        ] {
            let read = audit.page(reader, scope, &all, None).await;
            assert!(
                matches!(read, Err(AuditError::Forbidden)),
                "{scope:?}: {read:?}"
            );
            let export = audit.export(reader, scope, &all).await;
            assert!(matches!(export, Err(AuditError::Forbidden)), "{scope:?}");
        }
        // A provider's member who is not an owner does not read the provider's log.
        let invited = db.user("carol").await;
        let invitation = db
            .market
            .invite_member(&ada, alpha, "carol@example.org", ProviderRole::Member, NOW)
            .await
            .expect("invite");
        db.market
            .accept_invitation(&invited, invitation, NOW)
            .await
            .expect("join");
        let read = audit
            .page(&invited, Scope::Provider(alpha), &all, None)
            .await;
        assert!(matches!(read, Err(AuditError::Forbidden)), "{read:?}");
        // Two approvals, two password changes, the invitation and its acceptance.
        assert_eq!(
            kinds(&audit, &operator, Scope::Marketplace, &all)
                .await
                .len(),
            6
        );
        assert_eq!(
            kinds(&audit, &ada, Scope::Provider(alpha), &all).await,
            [
                ActionKind::InvitationAccepted,
                ActionKind::MemberInvited,
                ActionKind::ProviderApproved
            ]
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_log_is_filtered_and_paged_in_the_database() {
    for_each_database(|db: TestDb| async move {
        let audit = Audit::new(db.store.clone());
        let operator = db.operator().await;
        let ada = db.user("ada").await;
        let tenant = db.tenant_of(&ada).await;
        let total = i64::from(PAGE) + 5;
        for n in 0..total {
            let (actor, action) = if n % 2 == 0 {
                (Actor::user(ada.id, Origin::default()), Action::LoggedIn)
            } else {
                (
                    Actor::operator(&operator).on_tenant(tenant),
                    Action::OrganisationReinstated { tenant },
                )
            };
            let record = Record::new(actor, action, NOW + n * 86_400);
            db.store.record_audit(&record).await.expect("record");
        }
        let first = audit
            .page(&operator, Scope::Marketplace, &Filter::default(), None)
            .await
            .expect("page");
        assert_eq!(first.entries.len(), PAGE as usize);
        assert_eq!(first.entries[0].entry.seq, total);
        let older = first.older.expect("more");
        let rest = audit
            .page(
                &operator,
                Scope::Marketplace,
                &Filter::default(),
                Some(older),
            )
            .await
            .expect("older");
        assert_eq!(rest.entries.len(), 5);
        assert_eq!(rest.older, None);
        assert_eq!(rest.entries.last().unwrap().entry.seq, 1);

        let by_ada = Filter {
            actor: Some("ada@example.org".into()),
            ..Filter::default()
        };
        let logins = kinds(&audit, &operator, Scope::Marketplace, &by_ada).await;
        assert_eq!(logins.len(), 28);
        assert!(logins.iter().all(|kind| *kind == ActionKind::LoggedIn));
        let on_tenant = Filter {
            tenant: Some(tenant),
            action: Some(ActionKind::OrganisationReinstated),
            // Days 10 to 19: the odd ones among them.
            from: Some(NOW + 10 * 86_400),
            until: Some(NOW + 20 * 86_400),
            ..Filter::default()
        };
        assert_eq!(
            kinds(&audit, &operator, Scope::Marketplace, &on_tenant)
                .await
                .len(),
            5
        );
        let csv = audit
            .export(&operator, Scope::Marketplace, &Filter::default())
            .await
            .expect("csv");
        assert_eq!(csv.lines().count(), total as usize + 1);
        assert!(csv.starts_with("\"seq\",\"at_utc\""));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_actions_append_one_unbroken_chain() {
    for_each_database(|db: TestDb| async move {
        let ada = db.user("ada").await;
        let writers = (0..16).map(|n| {
            let store = db.store.clone();
            let record = Record::new(
                Actor::user(ada.id, Origin::default()),
                Action::LoggedIn,
                NOW + n,
            );
            tokio::spawn(async move { store.record_audit(&record).await })
        });
        for writer in writers {
            writer.await.expect("task").expect("recorded");
        }
        let audit = Audit::new(db.store.clone());
        assert_eq!(audit.verify_chain().await.expect("holds"), 16);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_database_refuses_to_change_or_remove_an_entry() {
    for_each_database(|db: TestDb| async move {
        let ada = db.user("ada").await;
        let record = Record::new(
            Actor::user(ada.id, Origin::default()),
            Action::LoggedIn,
            NOW,
        );
        db.store.record_audit(&record).await.expect("record");
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&db.url).await.expect("connect");
        for statement in [
            "UPDATE audit_entries SET agent = 'forged'",
            "DELETE FROM audit_entries",
        ] {
            assert!(
                sqlx::query(statement).execute(&pool).await.is_err(),
                "{statement}"
            );
        }
        // The head's row is the chain's lock; rewinding it shows as entries added behind it.
        sqlx::query("UPDATE audit_head SET seq = 0")
            .execute(&pool)
            .await
            .expect("the head is a plain row");
        pool.close().await;
        let broken = Audit::new(db.store.clone()).verify_chain().await;
        assert!(matches!(&broken, Err(ChainError::Broken(_))), "{broken:?}");
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
        terms.monthly_price =
            broker::money::Money::new(market::PRICE + 100, broker::money::Currency::EUR);
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
