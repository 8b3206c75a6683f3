//! Providers and versioned offers against a real database: every test runs on SQLite, and on
//! PostgreSQL too when `TEST_DATABASE_URL` is set (a fresh database per test).
#![cfg(feature = "server")]

use broker::account::{CurrentUser, Field};
use broker::audit::{Action, Actor, Origin, Record};
use broker::catalog::{
    CatalogInputError, NewOffer, OfferId, OfferStatus, OfferTerms, ProviderApplication,
    ProviderDecision, ProviderId, ProviderRole, ProviderStatus,
};
use broker::format::CountryCode;
use broker::money::{Currency, Money};
use broker::search::CatalogSearch;
use broker::service::catalog::{CatalogError, TermsChange};
use broker::service::invitations::InvitationError;
use broker::service::operator::OperatorError;
use broker::store::catalog::Access;
use std::collections::{BTreeMap, BTreeSet};

#[path = "support/db.rs"]
mod db;

use db::{NOW, TestDb, for_each_database};

/// Offers on the shelves of a test database.
trait Shelves {
    async fn offer(&self, member: &CurrentUser, provider: ProviderId, id: &str) -> OfferId;
    async fn published(
        &self,
        owner: &CurrentUser,
        operator: &CurrentUser,
        slug: &str,
    ) -> (ProviderId, OfferId);
    async fn catalog(&self) -> Vec<OfferId>;
}

impl Shelves for TestDb {
    async fn offer(&self, member: &CurrentUser, provider: ProviderId, id: &str) -> OfferId {
        self.market
            .create_offer(member, provider, &new_offer(id), NOW)
            .await
            .expect("create offer")
    }

    /// An offer of an approved provider, through its first review to the catalog.
    async fn published(
        &self,
        owner: &CurrentUser,
        operator: &CurrentUser,
        slug: &str,
    ) -> (ProviderId, OfferId) {
        let provider = self.provider(owner, slug, Some(operator)).await;
        let offer = self
            .publish(owner, operator, provider, &new_offer("n1-m"))
            .await;
        (provider, offer)
    }

    async fn catalog(&self) -> Vec<OfferId> {
        let page = self
            .market
            .search(&CatalogSearch::default())
            .await
            .expect("catalog");
        page.offers.into_iter().map(|offer| offer.id).collect()
    }
}

fn application(slug: &str) -> ProviderApplication {
    ProviderApplication {
        slug: slug.to_owned(),
        legal_name: format!("{slug} SAS"),
        country: "FR".to_owned(),
        jurisdiction: "EU".to_owned(),
        website: format!("https://{slug}.example"),
        description: "Sovereign cloud.".to_owned(),
        support_contact: format!("support@{slug}.example"),
    }
}

fn terms() -> OfferTerms {
    OfferTerms {
        name: "N1-M".to_owned(),
        description: "Four cores".to_owned(),
        tagline: "Fast".to_owned(),
        unit: "instance".to_owned(),
        country: CountryCode::parse("FR").unwrap(),
        jurisdiction: "EU".to_owned(),
        attributes: BTreeMap::from([("vcpu".to_owned(), 4.0), ("ram_gb".to_owned(), 8.5)]),
        certifications: BTreeSet::from(["HDS".to_owned(), "ISO27001".to_owned()]),
        availability_bp: 9995,
        monthly_price: Money::new(1150, Currency::EUR),
        carbon_g_month: 1200,
        meters: Vec::new(),
    }
}

fn new_offer(id: &str) -> NewOffer {
    NewOffer {
        external_id: id.to_owned(),
        domain: "compute".to_owned(),
        terms: terms(),
        capacity: Some(40),
    }
}

#[tokio::test]
async fn a_provider_member_cannot_reach_another_providers_offer_by_its_id() {
    for_each_database(|db| async move {
        let operator = db.operator().await;
        let (alice, bob) = (db.user("alice").await, db.user("bob").await);
        db.provider(&alice, "alpha", Some(&operator)).await;
        let beta = db.provider(&bob, "beta", Some(&operator)).await;
        let offer = db.offer(&bob, beta, "b1").await;
        let cheaper = OfferTerms {
            monthly_price: Money::new(1, Currency::EUR),
            ..terms()
        };
        let m = &db.market;
        let b = db.backend;
        assert!(
            matches!(m.offer(&alice, offer).await, Err(CatalogError::NotFound)),
            "{b}"
        );
        let edit = m.update_terms(&alice, offer, &cheaper, NOW).await;
        assert!(matches!(edit, Err(CatalogError::NotFound)), "{b}");
        assert!(
            matches!(
                m.submit(&alice, offer, NOW).await,
                Err(CatalogError::NotFound)
            ),
            "{b}"
        );
        assert!(
            matches!(
                m.retire(&alice, offer, NOW).await,
                Err(CatalogError::NotFound)
            ),
            "{b}"
        );
        let capacity = m.set_capacity(&alice, offer, Some(0), NOW).await;
        assert!(matches!(capacity, Err(CatalogError::NotFound)), "{b}");
        // The store itself refuses, whatever a use case checked before.
        let store = &db.store;
        let as_alice = Access::Member(alice.id);
        assert_eq!(
            store.offer_detail(as_alice, offer).await.expect("read"),
            None,
            "{b}"
        );
        let moved = store
            .move_offer(
                as_alice,
                offer,
                (OfferStatus::Draft, OfferStatus::Retired),
                None,
                &Record::new(
                    Actor::visitor(Origin::default()),
                    Action::OfferRetired { offer },
                    NOW,
                ),
            )
            .await
            .expect("update");
        assert!(!moved, "{b}");
        let valid = cheaper.validate().expect("valid");
        let written = store
            .update_offer_terms(
                alice.id,
                offer,
                (OfferStatus::Draft, 1),
                (&valid, true),
                NOW,
                &|version| {
                    Record::new(
                        Actor::visitor(Origin::default()),
                        Action::OfferTermsChanged { offer, version },
                        NOW,
                    )
                },
            )
            .await
            .expect("update");
        assert_eq!(written, None, "{b}");
        assert!(
            store
                .provider_offers(alice.id, beta)
                .await
                .expect("list")
                .is_empty(),
            "{b}"
        );
        let untouched = m.offer(&bob, offer).await.expect("bob reads his offer");
        assert_eq!(untouched.status, OfferStatus::Draft, "{b}");
        assert_eq!(untouched.capacity, Some(40), "{b}");
        assert_eq!(untouched.versions.len(), 1, "{b}");
        assert_eq!(untouched.versions[0].terms, terms(), "{b}");
    })
    .await;
}

#[tokio::test]
async fn a_user_who_is_not_a_member_cannot_create_offers_until_they_accept_an_invitation() {
    for_each_database(|db| async move {
        let b = db.backend;
        let (owner, carol) = (db.user("owner").await, db.user("carol").await);
        let provider = db.provider(&owner, "gamma", None).await;
        let refused = db
            .market
            .create_offer(&carol, provider, &new_offer("c1"), NOW)
            .await;
        assert!(matches!(refused, Err(CatalogError::Forbidden)), "{b}");
        let by_stranger = db
            .market
            .invite_member(
                &carol,
                provider,
                "carol@example.org",
                ProviderRole::Member,
                NOW,
            )
            .await;
        assert!(
            matches!(by_stranger, Err(InvitationError::Forbidden)),
            "{b}"
        );
        let invitation = db
            .market
            .invite_member(
                &owner,
                provider,
                "Carol@Example.org",
                ProviderRole::Member,
                NOW,
            )
            .await
            .expect("the owner invites carol");
        let not_yet = db
            .market
            .create_offer(&carol, provider, &new_offer("c1"), NOW)
            .await;
        assert!(
            matches!(not_yet, Err(CatalogError::Forbidden)),
            "{b}: invited is not a member yet"
        );
        db.market
            .accept_invitation(&carol, invitation, NOW)
            .await
            .expect("carol accepts");
        let offer = db.offer(&carol, provider, "c1").await;
        let by_member = db
            .market
            .invite_member(
                &carol,
                provider,
                "owner@example.org",
                ProviderRole::Owner,
                NOW,
            )
            .await;
        assert!(
            matches!(by_member, Err(InvitationError::Forbidden)),
            "{b}: only owners invite"
        );
        // An address without an account and a member's address are recorded alike.
        for email in ["nobody@example.org", "carol@example.org"] {
            let invited = db
                .market
                .invite_member(&owner, provider, email, ProviderRole::Member, NOW)
                .await;
            assert!(invited.is_ok(), "{b}: {email}: {invited:?}");
        }
        let listed = db
            .market
            .provider_offers(&owner, provider)
            .await
            .expect("list");
        assert_eq!(
            listed.iter().map(|o| o.id).collect::<Vec<_>>(),
            [offer],
            "{b}"
        );
        let again = db
            .market
            .create_offer(&owner, provider, &new_offer("c1"), NOW)
            .await;
        assert!(
            matches!(again, Err(CatalogError::Invalid(_))),
            "{b}: external id taken"
        );
    })
    .await;
}

#[tokio::test]
async fn the_operator_approves_a_provider_and_the_first_publication_of_its_offer() {
    for_each_database(|db| async move {
        let b = db.backend;
        let (operator, owner) = (db.operator().await, db.user("owner").await);
        let provider = db.provider(&owner, "delta", None).await;
        let pending = db
            .console
            .pending_applications(&operator)
            .await
            .expect("list");
        assert_eq!(
            pending.iter().map(|p| p.id).collect::<Vec<_>>(),
            [provider],
            "{b}"
        );
        let offer = db.offer(&owner, provider, "d1").await;
        let early = db.market.submit(&owner, offer, NOW).await;
        assert!(
            matches!(early, Err(CatalogError::Forbidden)),
            "{b}: provider still pending"
        );
        let approved = db
            .console
            .decide_provider(&operator, provider, &ProviderDecision::Approve, NOW + 5)
            .await
            .expect("approve");
        assert_eq!(approved, ProviderStatus::Approved, "{b}");
        assert!(
            db.console
                .pending_applications(&operator)
                .await
                .expect("list")
                .is_empty()
        );
        let status = db.market.submit(&owner, offer, NOW).await.expect("submit");
        assert_eq!(status, OfferStatus::InReview, "{b}");
        assert!(db.catalog().await.is_empty(), "{b}: not yet reviewed");
        let queue = db.console.offers_in_review(&operator).await.expect("queue");
        assert_eq!(
            queue.iter().map(|o| o.id).collect::<Vec<_>>(),
            [offer],
            "{b}"
        );
        let published = db
            .console
            .review_offer(&operator, offer, true, "", NOW)
            .await;
        assert_eq!(published.expect("publish"), OfferStatus::Published, "{b}");
        assert_eq!(db.catalog().await, [offer], "{b}");
        assert_eq!(
            db.market.retire(&owner, offer, NOW).await.expect("retire"),
            OfferStatus::Retired
        );
        assert!(db.catalog().await.is_empty(), "{b}: retired");
        let back = db
            .market
            .submit(&owner, offer, NOW)
            .await
            .expect("republish");
        assert_eq!(
            back,
            OfferStatus::Published,
            "{b}: published once, no second review"
        );
    })
    .await;
}

#[tokio::test]
async fn a_rejected_offer_carries_the_operators_reason() {
    for_each_database(|db| async move {
        let b = db.backend;
        let (operator, owner) = (db.operator().await, db.user("owner").await);
        let provider = db.provider(&owner, "eta", Some(&operator)).await;
        let offer = db.offer(&owner, provider, "e1").await;
        db.market.submit(&owner, offer, NOW).await.expect("submit");
        let blank = db
            .console
            .review_offer(&operator, offer, false, " ", NOW)
            .await;
        assert!(matches!(blank, Err(OperatorError::Invalid(..))), "{b}");
        let rejected = db
            .console
            .review_offer(&operator, offer, false, "no SLA", NOW)
            .await;
        assert_eq!(rejected.expect("reject"), OfferStatus::Rejected, "{b}");
        let detail = db.market.offer(&owner, offer).await.expect("read");
        assert_eq!(detail.review_reason.as_deref(), Some("no SLA"), "{b}");
        assert_eq!(
            db.market.submit(&owner, offer, NOW).await.expect("again"),
            OfferStatus::InReview
        );
    })
    .await;
}

#[tokio::test]
async fn a_suspended_providers_offers_vanish_from_the_catalog() {
    for_each_database(|db| async move {
        let b = db.backend;
        let (operator, owner) = (db.operator().await, db.user("owner").await);
        let (provider, offer) = db.published(&owner, &operator, "zeta").await;
        assert_eq!(db.catalog().await, [offer], "{b}");
        let suspend = ProviderDecision::Suspend {
            reason: "unpaid fees".to_owned(),
        };
        let status = db
            .console
            .decide_provider(&operator, provider, &suspend, NOW)
            .await;
        assert_eq!(status.expect("suspend"), ProviderStatus::Suspended, "{b}");
        assert!(db.catalog().await.is_empty(), "{b}");
        let page = db.market.provider_page("zeta").await;
        assert!(matches!(page, Err(CatalogError::NotFound)), "{b}");
        let seen = db.market.provider(&owner, provider).await.expect("own");
        assert_eq!(seen.decision_reason.as_deref(), Some("unpaid fees"), "{b}");
        let stranger = db.user("stranger").await;
        let hidden = db.market.provider(&stranger, provider).await;
        assert!(matches!(hidden, Err(CatalogError::NotFound)), "{b}");
        db.console
            .decide_provider(&operator, provider, &ProviderDecision::Reinstate, NOW)
            .await
            .expect("reinstate");
        assert_eq!(db.catalog().await, [offer], "{b}");
        let page = db.market.provider_page("Zeta").await.expect("public again");
        assert_eq!(page.id, provider, "{b}");
    })
    .await;
}

#[tokio::test]
async fn a_price_change_makes_version_2_and_version_1_keeps_its_price() {
    for_each_database(|db| async move {
        let b = db.backend;
        let (operator, owner) = (db.operator().await, db.user("owner").await);
        let (_, offer) = db.published(&owner, &operator, "theta").await;
        let dearer = OfferTerms {
            monthly_price: Money::new(1290, Currency::EUR),
            ..terms()
        };
        let change = db
            .market
            .update_terms(&owner, offer, &dearer, NOW + 60)
            .await;
        let expected = TermsChange {
            version: 2,
            new_version: true,
        };
        assert_eq!(change.expect("update"), expected, "{b}");
        let reworded = OfferTerms {
            description: "Four fast cores".to_owned(),
            ..dearer.clone()
        };
        let change = db
            .market
            .update_terms(&owner, offer, &reworded, NOW + 90)
            .await;
        let expected = TermsChange {
            version: 2,
            new_version: false,
        };
        assert_eq!(change.expect("reword"), expected, "{b}");
        let detail = db.market.offer(&owner, offer).await.expect("read");
        assert_eq!(detail.status, OfferStatus::Published, "{b}");
        let history: Vec<_> = detail
            .versions
            .iter()
            .map(|v| (v.version, v.terms.monthly_price.minor(), v.effective_from))
            .collect();
        assert_eq!(history, [(1, 1150, NOW), (2, 1290, NOW + 60)], "{b}");
        assert_eq!(
            detail.versions[0].terms,
            terms(),
            "{b}: version 1 untouched"
        );
        assert_eq!(detail.current().map(|v| &v.terms), Some(&reworded), "{b}");
        let listed = db
            .market
            .search(&CatalogSearch::default())
            .await
            .expect("catalog")
            .offers;
        assert_eq!(
            (listed[0].version, listed[0].terms.monthly_price.minor()),
            (2, 1290)
        );
        let operator_view = db
            .market
            .offer(&operator, offer)
            .await
            .expect("operator reads");
        assert_eq!(operator_view.versions.len(), 2, "{b}");
    })
    .await;
}

#[tokio::test]
async fn approving_a_provider_or_an_offer_requires_the_operator_flag() {
    for_each_database(|db| async move {
        let b = db.backend;
        let (owner, mallory) = (db.user("owner").await, db.user("mallory").await);
        let provider = db.provider(&owner, "iota", None).await;
        for user in [&owner, &mallory] {
            let decided = db
                .console
                .decide_provider(user, provider, &ProviderDecision::Approve, NOW)
                .await;
            assert!(matches!(decided, Err(OperatorError::Forbidden)), "{b}");
            let listed = db.console.pending_applications(user).await;
            assert!(matches!(listed, Err(OperatorError::Forbidden)), "{b}");
        }
        let operator = db.operator().await;
        db.console
            .decide_provider(&operator, provider, &ProviderDecision::Approve, NOW)
            .await
            .expect("approve");
        let offer = db.offer(&owner, provider, "i1").await;
        db.market.submit(&owner, offer, NOW).await.expect("submit");
        let reviewed = db.console.review_offer(&owner, offer, true, "", NOW).await;
        assert!(matches!(reviewed, Err(OperatorError::Forbidden)), "{b}");
        let detail = db.market.offer(&owner, offer).await.expect("read");
        assert_eq!(detail.status, OfferStatus::InReview, "{b}");
        let status = db
            .store
            .provider(provider)
            .await
            .expect("read")
            .map(|p| p.status);
        assert_eq!(status, Some(ProviderStatus::Approved), "{b}");
    })
    .await;
}

#[tokio::test]
async fn a_taken_slug_is_refused_on_the_slug_field() {
    for_each_database(|db| async move {
        let (ada, bea) = (db.user("ada").await, db.user("bea").await);
        db.provider(&ada, "lambda", None).await;
        let taken = db.market.apply(&bea, &application("Lambda"), NOW).await;
        match taken {
            Err(CatalogError::Invalid(errors)) => {
                assert_eq!(errors, [(Field::Slug, CatalogInputError::Taken)])
            }
            other => panic!("{}: expected a taken slug, got {other:?}", db.backend),
        }
    })
    .await;
}

#[tokio::test]
async fn the_catalog_search_filters_sorts_and_counts_in_the_query() {
    use broker::search::{CatalogFilters, CatalogSort};
    for_each_database(|db| async move {
        let b = db.backend;
        let operator = db.operator().await;
        let (kappa_owner, sigma_owner) = (db.user("kappa").await, db.user("sigma").await);
        let (_, server) = db.published(&kappa_owner, &operator, "kappa").await;
        let sigma = db.provider(&sigma_owner, "sigma", Some(&operator)).await;
        let bucket = db.offer(&sigma_owner, sigma, "s3-std").await;
        let storage = OfferTerms {
            name: "Object Storage".to_owned(),
            description: "Replicated buckets, 100% of them".to_owned(),
            country: CountryCode::parse("DE").unwrap(),
            certifications: BTreeSet::from(["C5".to_owned()]),
            availability_bp: 9990,
            monthly_price: Money::new(500, Currency::EUR),
            carbon_g_month: 3000,
            ..terms()
        };
        db.market
            .update_terms(&sigma_owner, bucket, &storage, NOW)
            .await
            .expect("edit the draft");
        db.market
            .submit(&sigma_owner, bucket, NOW)
            .await
            .expect("submit");
        db.console
            .review_offer(&operator, bucket, true, "", NOW)
            .await
            .expect("publish");

        let market = &db.market;
        let found = |filters: CatalogFilters| async move {
            let page = market.search(&filters.search()).await.expect("search");
            (
                page.total,
                page.offers.into_iter().map(|o| o.id).collect::<Vec<_>>(),
            )
        };
        let with = |set: fn(&mut CatalogFilters)| {
            let mut filters = CatalogFilters::default();
            set(&mut filters);
            filters
        };
        assert_eq!(
            found(CatalogFilters::default()).await,
            (2, vec![bucket, server]),
            "{b}: cheapest first"
        );
        let by_carbon = with(|f| f.sort = Some(CatalogSort::Carbon.as_str().to_owned()));
        assert_eq!(found(by_carbon).await.1, vec![server, bucket], "{b}");
        assert_eq!(
            found(with(|f| f.q = Some("SIGMA".to_owned()))).await.1,
            vec![bucket],
            "{b}: provider name"
        );
        assert_eq!(
            found(with(|f| f.q = Some("object replicated".to_owned())))
                .await
                .1,
            vec![bucket],
            "{b}"
        );
        assert_eq!(
            found(with(|f| f.q = Some("%".to_owned()))).await.1,
            vec![bucket],
            "{b}: % is a letter"
        );
        assert_eq!(
            found(with(|f| f.q = Some("n_-m".to_owned()))).await.0,
            0,
            "{b}: _ is a letter"
        );
        assert_eq!(
            found(with(|f| f.certification = Some("HDS".to_owned())))
                .await
                .1,
            vec![server],
            "{b}"
        );
        assert_eq!(
            found(with(|f| f.certification = Some("HD".to_owned())))
                .await
                .0,
            0,
            "{b}: whole names"
        );
        assert_eq!(
            found(with(|f| f.country = Some("de".to_owned()))).await.1,
            vec![bucket],
            "{b}"
        );
        assert_eq!(
            found(with(|f| f.min_availability = Some("99.95".to_owned())))
                .await
                .1,
            vec![server],
            "{b}"
        );
        assert_eq!(
            found(with(|f| f.max_carbon = Some("2000".to_owned())))
                .await
                .1,
            vec![server],
            "{b}"
        );
        assert_eq!(
            found(with(|f| f.min_price = Some("6".to_owned()))).await.1,
            vec![server],
            "{b}"
        );
        assert_eq!(
            found(with(|f| f.page = Some("2".to_owned()))).await,
            (2, vec![]),
            "{b}: past the last page"
        );
    })
    .await;
}
