//! From a plan to a signed contract against a real database: every test runs on SQLite, and on
//! PostgreSQL too when `TEST_DATABASE_URL` is set (a fresh database per test).
#![cfg(feature = "server")]

use broker::account::{CurrentUser, Role, TenantId};
use broker::audit::{Action, Actor, Origin, Record};
use broker::catalog::{NewOffer, OfferId, OfferTerms, ProviderId};
use broker::contract::events::{BreakReason, ChainBreak, EventKind};
use broker::contract::{ContractId, ContractStatus, SignError, Signature};
use broker::format::CountryCode;
use broker::format::{Assignment, Objective, PlanDocument};
use broker::money::{Currency, Money};
use broker::provisioning::{self, ResourceState};
use broker::quote::{QUOTE_VALIDITY_SECS, QuoteId, Staleness};
use broker::service::contracts::{ChainFault, Contracts, ContractsError, Signing, VerifyError};
use broker::store::contracts::SignWriteError;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use tokio::sync::Barrier;

#[path = "support/db.rs"]
mod db;

use db::{NOW, TestDb, for_each_database};

const PRICE: i64 = 1150;
const UA: &str = "Mozilla/5.0 (X11; Linux x86_64)";

fn terms(price: i64) -> OfferTerms {
    OfferTerms {
        name: "N1-M".to_owned(),
        description: "Four cores".to_owned(),
        tagline: "Fast".to_owned(),
        unit: "instance".to_owned(),
        country: CountryCode::parse("FR").unwrap(),
        jurisdiction: "EU".to_owned(),
        attributes: BTreeMap::from([("vcpu".to_owned(), 4.0)]),
        certifications: BTreeSet::from(["ISO27001".to_owned()]),
        availability_bp: 9995,
        monthly_price: Money::new(price, Currency::EUR),
        carbon_g_month: 1200,
        meters: Vec::new(),
    }
}

/// A marketplace with one approved provider `alpha` selling offer `n1-m`, and a buying tenant.
struct Setup {
    contracts: Contracts,
    operator: CurrentUser,
    seller: CurrentUser,
    provider: ProviderId,
    offer: OfferId,
    owner: CurrentUser,
    tenant: TenantId,
}

async fn setup(db: &TestDb, capacity: Option<i64>) -> Setup {
    let new = NewOffer {
        external_id: "n1-m".to_owned(),
        domain: "compute".to_owned(),
        terms: terms(PRICE),
        capacity,
    };
    let shop = db.shop("alpha", &[new]).await;
    let owner = db.user("alice").await;
    let tenant = db.tenant_of(&owner).await;
    Setup {
        contracts: Contracts::new(db.store.clone()),
        operator: shop.operator,
        seller: shop.seller,
        provider: shop.provider,
        offer: shop.offers[0],
        owner,
        tenant,
    }
}

fn plan(quantity: u64) -> PlanDocument {
    PlanDocument::feasible(
        Objective::Cost,
        Currency::EUR,
        vec![Assignment {
            component: "web".to_owned(),
            offer: "n1-m".to_owned(),
            provider: "alpha".to_owned(),
            quantity,
            monthly_minor: quantity * PRICE as u64,
            carbon_g_month: quantity * 1200,
        }],
    )
}

fn signing(sha256: &str) -> Signing<'_> {
    Signing {
        shown_sha256: sha256,
        address: "192.0.2.7".parse().expect("address"),
        user_agent: UA,
    }
}

impl Setup {
    async fn quote(&self, user: &CurrentUser, tenant: TenantId, quantity: u64) -> QuoteId {
        self.contracts
            .accept_plan(user, tenant, &plan(quantity), "web shop", NOW)
            .await
            .expect("accept the plan")
    }

    async fn contract(&self, user: &CurrentUser, tenant: TenantId, quantity: u64) -> ContractId {
        let quote = self.quote(user, tenant, quantity).await;
        self.contracts
            .prepare_contract(user, tenant, quote, NOW)
            .await
            .expect("prepare")
    }

    async fn sha(&self, user: &CurrentUser, tenant: TenantId, id: ContractId) -> String {
        let view = self
            .contracts
            .contract(user, tenant, id)
            .await
            .expect("read");
        view.document.sha256()
    }

    async fn sign(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
        id: ContractId,
    ) -> Result<(), ContractsError> {
        let sha = self.sha(user, tenant, id).await;
        self.contracts
            .sign(user, tenant, id, &signing(&sha), NOW + 60)
            .await
            .map(|_| ())
    }
}

async fn capacity(db: &TestDb, seller: &CurrentUser, offer: OfferId) -> Option<i64> {
    db.market
        .offer(seller, offer)
        .await
        .expect("offer")
        .capacity
}

fn stale_reasons(result: Result<impl std::fmt::Debug, ContractsError>) -> Vec<Staleness> {
    match result {
        Err(ContractsError::Stale(reasons)) => reasons.into_iter().map(|r| r.reason).collect(),
        other => panic!("expected a stale quote, got {other:?}"),
    }
}

#[tokio::test]
async fn a_viewer_neither_prepares_nor_signs_a_buyer_prepares_and_an_owner_signs() {
    for_each_database(|db| async move {
        let b = db.backend;
        let s = setup(&db, Some(10)).await;
        let viewer = db.member("victor", s.tenant, Role::Viewer).await;
        let buyer = db.member("berta", s.tenant, Role::Buyer).await;
        let c = &s.contracts;
        assert!(
            matches!(
                c.accept_plan(&viewer, s.tenant, &plan(3), "web shop", NOW)
                    .await,
                Err(ContractsError::Forbidden)
            ),
            "{b}"
        );
        let quote = s.quote(&buyer, s.tenant, 3).await;
        assert!(
            matches!(
                c.prepare_contract(&viewer, s.tenant, quote, NOW).await,
                Err(ContractsError::Forbidden)
            ),
            "{b}"
        );
        let id = c
            .prepare_contract(&buyer, s.tenant, quote, NOW)
            .await
            .expect("a buyer prepares");
        let sha = s.sha(&viewer, s.tenant, id).await;
        for who in [&viewer, &buyer] {
            assert!(
                matches!(
                    c.sign(who, s.tenant, id, &signing(&sha), NOW + 60).await,
                    Err(ContractsError::Sign(SignError::Forbidden))
                ),
                "{b}"
            );
        }
        assert_eq!(capacity(&db, &s.seller, s.offer).await, Some(10), "{b}");
        assert!(
            matches!(
                c.sign(&s.owner, s.tenant, id, &signing("0f00"), NOW + 60)
                    .await,
                Err(ContractsError::Sign(SignError::DocumentChanged))
            ),
            "{b}"
        );
        let signature = c
            .sign(&s.owner, s.tenant, id, &signing(&sha), NOW + 60)
            .await
            .expect("the owner signs");
        assert_eq!(capacity(&db, &s.seller, s.offer).await, Some(7), "{b}");
        let view = c.contract(&viewer, s.tenant, id).await.expect("read");
        assert_eq!(view.status, ContractStatus::Signed, "{b}");
        let stored = view.signature.expect("a signature");
        assert_eq!(stored, signature, "{b}");
        assert_eq!(stored.user, s.owner.id, "{b}");
        assert_eq!(stored.role, Role::Owner, "{b}");
        assert_eq!(stored.at, NOW + 60, "{b}");
        assert_eq!(stored.address.to_string(), "192.0.2.7", "{b}");
        assert_eq!(stored.user_agent, UA, "{b}");
        assert_eq!(stored.document_sha256, sha, "{b}");
        let kinds: Vec<EventKind> = view.events.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, [EventKind::Created, EventKind::Signed], "{b}");
        assert_eq!(view.orders, provisioning::orders(&view.document), "{b}");
        assert_eq!(view.orders[0].request.quantity, 3, "{b}");
        assert_eq!(view.orders[0].state, ResourceState::Requested, "{b}");
        assert!(
            matches!(
                s.sign(&s.owner, s.tenant, id).await,
                Err(ContractsError::Sign(SignError::NotAwaitingSignature(
                    ContractStatus::Signed
                )))
            ),
            "{b}"
        );
        assert_eq!(capacity(&db, &s.seller, s.offer).await, Some(7), "{b}");
        assert_eq!(c.verify_chain().await.expect("verifies"), 2, "{b}");
    })
    .await;
}

#[tokio::test]
async fn an_expired_quote_is_refused_with_its_expiry() {
    for_each_database(|db| async move {
        let b = db.backend;
        let s = setup(&db, Some(10)).await;
        let c = &s.contracts;
        let quote = s.quote(&s.owner, s.tenant, 2).await;
        let expiry = NOW + QUOTE_VALIDITY_SECS;
        let reasons = stale_reasons(c.prepare_contract(&s.owner, s.tenant, quote, expiry).await);
        assert_eq!(reasons, [Staleness::Expired { at: expiry }], "{b}");
        // Prepared in time, signed too late.
        let id = c
            .prepare_contract(&s.owner, s.tenant, quote, expiry - 1)
            .await
            .expect("prepare in time");
        let sha = s.sha(&s.owner, s.tenant, id).await;
        let reasons = stale_reasons(c.sign(&s.owner, s.tenant, id, &signing(&sha), expiry).await);
        assert_eq!(reasons, [Staleness::Expired { at: expiry }], "{b}");
        assert_eq!(capacity(&db, &s.seller, s.offer).await, Some(10), "{b}");
    })
    .await;
}

#[tokio::test]
async fn a_new_offer_version_or_lost_capacity_makes_the_quote_stale() {
    for_each_database(|db| async move {
        let b = db.backend;
        let s = setup(&db, Some(10)).await;
        let c = &s.contracts;
        let quote = s.quote(&s.owner, s.tenant, 3).await;
        let id = s.contract(&s.owner, s.tenant, 3).await;
        db.market
            .set_capacity(&s.seller, s.offer, Some(2), NOW)
            .await
            .expect("capacity");
        let lost = Staleness::NotEnoughCapacity { wanted: 3, left: 2 };
        let reasons = stale_reasons(c.prepare_contract(&s.owner, s.tenant, quote, NOW).await);
        assert_eq!(reasons, std::slice::from_ref(&lost), "{b}");
        let reasons = stale_reasons(s.sign(&s.owner, s.tenant, id).await);
        assert_eq!(reasons, [lost], "{b}");
        let change = db
            .market
            .update_terms(&s.seller, s.offer, &terms(PRICE + 100), NOW)
            .await
            .expect("new price");
        assert!(change.new_version, "{b}");
        let newer = Staleness::NewerVersion {
            quoted: 1,
            current: change.version,
        };
        let reasons = stale_reasons(c.prepare_contract(&s.owner, s.tenant, quote, NOW).await);
        assert_eq!(reasons, std::slice::from_ref(&newer), "{b}");
        let reasons = stale_reasons(s.sign(&s.owner, s.tenant, id).await);
        assert_eq!(reasons, [newer], "{b}");
        assert_eq!(capacity(&db, &s.seller, s.offer).await, Some(2), "{b}");
        let view = c.contract(&s.owner, s.tenant, id).await.expect("read");
        assert_eq!(view.status, ContractStatus::AwaitingSignature, "{b}");
        assert!(view.signature.is_none(), "{b}");
        assert!(view.orders.is_empty(), "{b}");
    })
    .await;
}

/// Through the use case the loser is turned away either by its check (no capacity left) or by
/// the reservation itself (see the next test, which forces the latter); never both win.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_tenants_signing_for_the_last_units_never_both_get_them() {
    const ROUNDS: usize = 12;
    const UNITS: i64 = 3;
    for_each_database(|db| async move {
        let b = db.backend;
        let s = setup(&db, None).await;
        let bob = db.user("bob").await;
        let bobs = db.tenant_of(&bob).await;
        for round in 0..ROUNDS {
            db.market
                .set_capacity(&s.seller, s.offer, Some(UNITS), NOW)
                .await
                .expect("capacity");
            let mine = s.contract(&s.owner, s.tenant, UNITS as u64).await;
            let theirs = s.contract(&bob, bobs, UNITS as u64).await;
            let my_sha = s.sha(&s.owner, s.tenant, mine).await;
            let their_sha = s.sha(&bob, bobs, theirs).await;
            let (c1, c2) = (s.contracts.clone(), s.contracts.clone());
            let (alice, tenant) = (s.owner.clone(), s.tenant);
            let first = tokio::spawn(async move {
                c1.sign(&alice, tenant, mine, &signing(&my_sha), NOW + 60)
                    .await
            });
            let bob2 = bob.clone();
            let second = tokio::spawn(async move {
                c2.sign(&bob2, bobs, theirs, &signing(&their_sha), NOW + 60)
                    .await
            });
            let (first, second) = tokio::join!(first, second);
            let results = [first.expect("task"), second.expect("task")];
            let won = results.iter().filter(|r| r.is_ok()).count();
            assert_eq!(won, 1, "{b} round {round}: {results:?}");
            for result in &results {
                match result {
                    Ok(_) => {}
                    Err(ContractsError::CapacityTaken(offer)) => assert_eq!(*offer, s.offer),
                    Err(ContractsError::Stale(reasons)) => assert_eq!(
                        reasons[0].reason,
                        Staleness::NotEnoughCapacity {
                            wanted: UNITS,
                            left: 0
                        },
                        "{b}"
                    ),
                    Err(other) => panic!("{b} round {round}: {other:?}"),
                }
            }
            assert_eq!(capacity(&db, &s.seller, s.offer).await, Some(0), "{b}");
            let statuses = [
                s.contracts.contract(&s.owner, s.tenant, mine).await,
                s.contracts.contract(&bob, bobs, theirs).await,
            ]
            .map(|view| view.expect("read").status);
            let signed = statuses
                .iter()
                .filter(|st| **st == ContractStatus::Signed)
                .count();
            assert_eq!(signed, 1, "{b} round {round}");
        }
        // Two contracts per round, one signed: 2 * 1 + 1 * 2 events a round.
        assert_eq!(
            s.contracts.verify_chain().await.expect("verifies"),
            ROUNDS * 3,
            "{b}"
        );
    })
    .await;
}

/// Below the use case, both signatures past their checks and released at once: the reservation
/// alone decides, line by line, and the loser's other lines are rolled back with it.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_reservation_alone_lets_one_of_two_simultaneous_signatures_through() {
    const ROUNDS: usize = 12;
    for_each_database(|db| async move {
        let b = db.backend;
        let s = setup(&db, None).await;
        let new = NewOffer {
            external_id: "s3".to_owned(),
            domain: "storage".to_owned(),
            terms: terms(PRICE),
            capacity: Some(1_000),
        };
        let storage = db.publish(&s.seller, &s.operator, s.provider, &new).await;
        let bob = db.user("bob").await;
        let bobs = db.tenant_of(&bob).await;
        // Offers are reserved in id order and the scarce one comes last, so the loser has taken its
        // units of the other before it fails: they must come back with the rollback.
        let (plenty, scarce) = (s.offer.min(storage), s.offer.max(storage));
        let reserve = BTreeMap::from([(plenty, (1, 5)), (scarce, (1, 2))]);
        for round in 0..ROUNDS {
            db.market
                .set_capacity(&s.seller, scarce, Some(2), NOW)
                .await
                .expect("capacity");
            db.market
                .set_capacity(&s.seller, plenty, Some(1_000), NOW)
                .await
                .expect("capacity");
            let mine = s.contract(&s.owner, s.tenant, 1).await;
            let theirs = s.contract(&bob, bobs, 1).await;
            let barrier = Arc::new(Barrier::new(2));
            let race = |tenant: TenantId, contract: ContractId, user: &CurrentUser| {
                let (store, barrier, reserve) =
                    (db.store.clone(), barrier.clone(), reserve.clone());
                let signature = Signature {
                    user: user.id,
                    role: Role::Owner,
                    at: NOW + 60,
                    address: "192.0.2.7".parse().expect("address"),
                    user_agent: UA.to_owned(),
                    document_sha256: "00".repeat(32),
                };
                let record = Record::new(
                    Actor::visitor(Origin::default()),
                    Action::ContractSigned { contract },
                    NOW + 60,
                );
                tokio::spawn(async move {
                    barrier.wait().await;
                    store
                        .write_signature((tenant, contract), &reserve, 0, &signature, &[], &record)
                        .await
                })
            };
            let first = race(s.tenant, mine, &s.owner);
            let second = race(bobs, theirs, &bob);
            let (first, second) = tokio::join!(first, second);
            let results = [first.expect("task"), second.expect("task")];
            let won = results.iter().filter(|r| r.is_ok()).count();
            assert_eq!(won, 1, "{b} round {round}: {results:?}");
            assert!(
                results
                    .iter()
                    .any(|r| matches!(r, Err(SignWriteError::Capacity(o)) if *o == scarce)),
                "{b} round {round}: {results:?}"
            );
            assert_eq!(capacity(&db, &s.seller, scarce).await, Some(0), "{b}");
            assert_eq!(capacity(&db, &s.seller, plenty).await, Some(995), "{b}");
            let unsigned = [
                s.contracts.contract(&s.owner, s.tenant, mine).await,
                s.contracts.contract(&bob, bobs, theirs).await,
            ]
            .map(|view| view.expect("read"))
            .into_iter()
            .filter(|view| view.signature.is_none())
            .map(|view| (view.status, view.events.len()))
            .collect::<Vec<_>>();
            assert_eq!(
                unsigned,
                [(ContractStatus::AwaitingSignature, 1)],
                "{b} round {round}"
            );
        }
        assert_eq!(
            s.contracts.verify_chain().await.expect("verifies"),
            ROUNDS * 3,
            "{b}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_quote_prepared_eight_times_at_once_makes_one_contract() {
    const CLICKS: usize = 8;
    for_each_database(|db| async move {
        let b = db.backend;
        let s = setup(&db, Some(10)).await;
        let quote = s.quote(&s.owner, s.tenant, 2).await;
        let barrier = Arc::new(Barrier::new(CLICKS));
        let clicks: Vec<_> = (0..CLICKS)
            .map(|_| {
                let (contracts, owner, barrier) =
                    (s.contracts.clone(), s.owner.clone(), barrier.clone());
                let tenant = s.tenant;
                tokio::spawn(async move {
                    barrier.wait().await;
                    contracts.prepare_contract(&owner, tenant, quote, NOW).await
                })
            })
            .collect();
        let mut prepared = BTreeSet::new();
        for click in clicks {
            let id = click.await.expect("task").expect("each click is answered");
            prepared.insert(id);
        }
        assert_eq!(prepared.len(), 1, "{b}: {prepared:?}");
        let listed = s.contracts.list(&s.owner, s.tenant).await.expect("list");
        assert_eq!(listed.len(), 1, "{b}");
        assert_eq!(
            s.contracts.verify_chain().await.expect("verifies"),
            1,
            "{b}: one created event"
        );
    })
    .await;
}

#[tokio::test]
async fn an_altered_event_is_named_by_verify_chain() {
    for_each_database(|db| async move {
        let b = db.backend;
        let s = setup(&db, None).await;
        let first = s.contract(&s.owner, s.tenant, 1).await;
        let second = s.contract(&s.owner, s.tenant, 2).await;
        s.sign(&s.owner, s.tenant, first).await.expect("sign");
        s.sign(&s.owner, s.tenant, second).await.expect("sign");
        assert_eq!(s.contracts.verify_chain().await.expect("holds"), 4, "{b}");
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&db.url).await.expect("connect");
        let tamper = "UPDATE contract_events \
             SET payload = REPLACE(payload, '192.0.2.7', '198.51.100.1') \
             WHERE contract_id = $1 AND seq = 2";
        let refused = sqlx::query(tamper).bind(second.get()).execute(&pool).await;
        assert!(
            refused.is_err(),
            "{b}: the database refuses to change an event"
        );
        // Whoever owns the database can lift that guard; the hashes still tell.
        let lift = match b {
            "sqlite" => "DROP TRIGGER contract_events_no_update",
            _ => "ALTER TABLE contract_events DISABLE TRIGGER contract_events_no_update",
        };
        sqlx::query(lift)
            .execute(&pool)
            .await
            .expect("lift the guard");
        sqlx::query(tamper)
            .bind(second.get())
            .execute(&pool)
            .await
            .expect("tamper");
        pool.close().await;
        match s.contracts.verify_chain().await {
            Err(VerifyError::Broken(fault)) => {
                assert_eq!(
                    fault,
                    ChainFault {
                        contract: second,
                        broken: ChainBreak {
                            seq: 2,
                            why: BreakReason::Altered
                        }
                    },
                    "{b}"
                );
                assert_eq!(
                    fault.to_string(),
                    format!("contract {second}: event 2 was altered after it was recorded"),
                    "{b}"
                );
            }
            other => panic!("{b}: expected a broken chain, got {other:?}"),
        }
    })
    .await;
}

#[tokio::test]
async fn a_removed_last_event_shows_against_the_recorded_head() {
    for_each_database(|db| async move {
        let b = db.backend;
        let s = setup(&db, None).await;
        let id = s.contract(&s.owner, s.tenant, 1).await;
        s.sign(&s.owner, s.tenant, id).await.expect("sign");
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&db.url).await.expect("connect");
        let remove = "DELETE FROM contract_events WHERE contract_id = $1 AND seq = 2";
        let refused = sqlx::query(remove).bind(id.get()).execute(&pool).await;
        assert!(
            refused.is_err(),
            "{b}: the database refuses to remove an event"
        );
        let lift = match b {
            "sqlite" => "DROP TRIGGER contract_events_no_delete",
            _ => "ALTER TABLE contract_events DISABLE TRIGGER contract_events_no_delete",
        };
        sqlx::query(lift)
            .execute(&pool)
            .await
            .expect("lift the guard");
        sqlx::query(remove)
            .bind(id.get())
            .execute(&pool)
            .await
            .expect("remove");
        pool.close().await;
        match s.contracts.verify_chain().await {
            Err(VerifyError::Broken(fault)) => assert_eq!(
                fault,
                ChainFault {
                    contract: id,
                    broken: ChainBreak {
                        seq: 2,
                        why: BreakReason::Truncated
                    }
                },
                "{b}"
            ),
            other => panic!("{b}: expected a broken chain, got {other:?}"),
        }
    })
    .await;
}

#[tokio::test]
async fn another_tenant_neither_reads_nor_prepares_nor_signs_by_forged_ids() {
    for_each_database(|db| async move {
        let b = db.backend;
        let s = setup(&db, Some(10)).await;
        let c = &s.contracts;
        let mallory = db.user("mallory").await;
        let own = db.tenant_of(&mallory).await;
        let quote = s.quote(&s.owner, s.tenant, 1).await;
        let id = c
            .prepare_contract(&s.owner, s.tenant, quote, NOW)
            .await
            .expect("prepare");
        let sha = s.sha(&s.owner, s.tenant, id).await;
        for tenant in [own, s.tenant] {
            assert!(
                matches!(
                    c.quote(&mallory, tenant, quote).await,
                    Err(ContractsError::NotFound)
                ),
                "{b}"
            );
            assert!(
                matches!(
                    c.prepare_contract(&mallory, tenant, quote, NOW).await,
                    Err(ContractsError::NotFound)
                ),
                "{b}"
            );
            assert!(
                matches!(
                    c.contract(&mallory, tenant, id).await,
                    Err(ContractsError::NotFound)
                ),
                "{b}"
            );
            assert!(
                matches!(
                    c.sign(&mallory, tenant, id, &signing(&sha), NOW + 60).await,
                    Err(ContractsError::NotFound)
                ),
                "{b}"
            );
        }
        assert_eq!(capacity(&db, &s.seller, s.offer).await, Some(10), "{b}");
        let view = c.contract(&s.owner, s.tenant, id).await.expect("read");
        assert_eq!(view.status, ContractStatus::AwaitingSignature, "{b}");
    })
    .await;
}
