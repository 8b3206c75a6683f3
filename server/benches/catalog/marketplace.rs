//! A large marketplace for the benchmark: the seeded `broker::synthetic` catalog turned into
//! approved providers and published offers through the same use cases as the web pages (apply,
//! approval, offer creation, submission, review), the way the demo marketplace is loaded.

use broker::account::{CurrentUser, SignUp};
use broker::catalog::{NewOffer, OfferTerms, ProviderApplication, ProviderDecision, ProviderId};
use broker::format::Offer;
use broker::service::catalog::Marketplace;
use broker::service::operator::Operator;
use broker::service::{Accounts, LoginLimits, SignedIn};
use broker::store::Store;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

const PASSWORD: &str = "benchmark marketplace passphrase";
const NOW: i64 = 1_700_000_000;
const SEED: u64 = 2024;

/// What was loaded, and how long it took.
pub struct Loaded {
    pub providers: usize,
    pub offers: usize,
    pub took: Duration,
}

/// Loads `offers` published offers of `providers` approved providers into an empty database.
/// `writers` tasks create, submit and publish offers side by side (one provider each at a time).
pub async fn load(
    store: &Store,
    offers: usize,
    providers: usize,
    writers: usize,
) -> Result<Loaded, String> {
    let started = Instant::now();
    let accounts = Accounts::new(store.clone(), LoginLimits::default())
        .await
        .map_err(|e| format!("accounts: {e}"))?;
    let marketplace = Marketplace::new(store.clone());
    let console = Operator::new(store.clone());
    let operator = accounts
        .create_operator(
            "operator@bench.comptoir.example",
            "Bench Operator",
            PASSWORD,
            NOW,
        )
        .await
        .map_err(|e| format!("operator: {e}"))?;
    let operator = signed_in(&accounts, operator).await?;
    let (seller, _) = accounts
        .sign_up(
            &SignUp {
                email: "provider@bench.comptoir.example".to_owned(),
                password: PASSWORD.to_owned(),
                name: "Bench Provider".to_owned(),
                organisation: "Bench Provider Org".to_owned(),
            },
            NOW,
        )
        .await
        .map_err(|e| format!("provider member: {e}"))?;
    let seller = signed_in(&accounts, seller.user).await?;

    let catalog = broker::synthetic::catalog(offers, providers, SEED);
    let mut by_provider: BTreeMap<&str, Vec<&Offer>> = BTreeMap::new();
    for offer in catalog.offers() {
        by_provider
            .entry(offer.provider().as_str())
            .or_default()
            .push(offer);
    }
    let mut work: Vec<(ProviderId, Vec<NewOffer>)> = Vec::with_capacity(by_provider.len());
    for (slug, list) in &by_provider {
        let id = marketplace
            .apply(&seller, &application(slug, list), NOW)
            .await
            .map_err(|e| format!("apply as {slug}: {e}"))?;
        console
            .decide_provider(&operator, id, &ProviderDecision::Approve, NOW)
            .await
            .map_err(|e| format!("approve {slug}: {e}"))?;
        let new_offers = list
            .iter()
            .map(|offer| new_offer(offer, catalog.currency()))
            .collect::<Result<_, _>>()?;
        work.push((id, new_offers));
    }

    let queue = std::sync::Arc::new(std::sync::Mutex::new(work));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..writers.max(1) {
        let (queue, marketplace, console) = (queue.clone(), marketplace.clone(), console.clone());
        let (seller, operator) = (seller.clone(), operator.clone());
        tasks.spawn(async move {
            let mut published = 0;
            loop {
                let next = queue.lock().map_err(|_| "a writer panicked")?.pop();
                let Some((provider, offers)) = next else {
                    return Ok::<usize, String>(published);
                };
                for offer in &offers {
                    publish(&marketplace, &console, &seller, &operator, provider, offer).await?;
                    published += 1;
                }
            }
        });
    }
    let mut published = 0;
    while let Some(done) = tasks.join_next().await {
        published += done.map_err(|e| format!("a writer stopped: {e}"))??;
    }
    Ok(Loaded {
        providers: by_provider.len(),
        offers: published,
        took: started.elapsed(),
    })
}

async fn publish(
    marketplace: &Marketplace,
    console: &Operator,
    seller: &CurrentUser,
    operator: &CurrentUser,
    provider: ProviderId,
    offer: &NewOffer,
) -> Result<(), String> {
    let fail = |step: &str, e: broker::service::catalog::CatalogError| {
        format!("{step} offer {}: {e}", offer.external_id)
    };
    let id = marketplace
        .create_offer(seller, provider, offer, NOW)
        .await
        .map_err(|e| fail("create", e))?;
    marketplace
        .submit(seller, id, NOW)
        .await
        .map_err(|e| fail("submit", e))?;
    console
        .review_offer(operator, id, true, "", NOW)
        .await
        .map_err(|e| format!("publish offer {}: {e}", offer.external_id))?;
    Ok(())
}

async fn signed_in(
    accounts: &Accounts,
    user: broker::account::UserId,
) -> Result<CurrentUser, String> {
    accounts
        .current_user(SignedIn {
            user,
            auth_epoch: 0,
        })
        .await
        .map_err(|e| format!("read back account {user}: {e}"))?
        .ok_or_else(|| format!("account {user} cannot be read back"))
}

/// A provider's application: its country and jurisdiction are those of its first offer.
fn application(slug: &str, offers: &[&Offer]) -> ProviderApplication {
    let first = offers.first();
    let number = slug.trim_start_matches("provider-");
    ProviderApplication {
        slug: slug.to_owned(),
        legal_name: format!("Benchmark Cloud {number}"),
        country: first.map_or("FR".to_owned(), |o| o.country().as_str().to_owned()),
        jurisdiction: first.map_or("EU".to_owned(), |o| o.jurisdiction().to_owned()),
        website: format!("https://{slug}.example"),
        description: format!("Generated provider number {number} of the catalog benchmark."),
        support_contact: format!("support@{slug}.example"),
    }
}

/// An offer of the synthetic catalog, with a description a visitor's words can find.
fn new_offer(offer: &Offer, currency: broker::money::Currency) -> Result<NewOffer, String> {
    let mut terms = OfferTerms::from_catalog_offer(offer, currency)
        .map_err(|(field, e)| format!("offer {}: {field:?} {e:?}", offer.id().as_str()))?;
    let kind = match offer.domain() {
        "compute" => "Virtual machine",
        "storage" => "Block storage",
        "database" => "Managed database",
        "network" => "Private network link",
        "platform" => "Managed container platform",
        _ => "Hosted software",
    };
    let sizes: Vec<String> = offer
        .attributes()
        .iter()
        .map(|(name, size)| format!("{size} {}", name.replace('_', " ")))
        .collect();
    terms.description = format!("{kind} in {}: {}.", terms.country, sizes.join(", "));
    terms.tagline = kind.to_owned();
    Ok(NewOffer {
        external_id: offer.id().as_str().to_owned(),
        domain: offer.domain().to_owned(),
        terms,
        capacity: offer
            .capacity()
            .map(|units| i64::try_from(units).unwrap_or(i64::MAX)),
    })
}
