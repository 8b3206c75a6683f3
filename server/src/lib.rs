//! Comptoir's server: wires the store, the use cases, sessions and the Leptos app into one axum
//! router. `main.rs` holds the command line; the integration tests start this same router.
// The pages' view types nest deeply, and their layout is computed where the routes are built.
#![recursion_limit = "256"]

pub mod api_v1;
pub mod assets;
mod audit_export;
pub mod config;
pub mod csrf;
pub mod fn_errors;
pub mod headers;
pub mod jobs;
pub mod mail;
pub mod routes;
pub mod sessions;
pub mod stripe_adapter;

use app::state::{AppState, Settings};
use axum::Router;
use broker::provisioning::SimulatedAdapter;
use broker::provisioning::port::{Simulated, SystemClock};
use broker::service::provisioning::Provisioning;
use broker::service::{Accounts, LoginLimits};
use broker::store::Store;
use config::Config;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

/// The largest request body any route reads, a catalog file of a few thousand offers included;
/// a larger one is refused with 413 before it is read.
pub const BODY_LIMIT: usize = 4 << 20;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("database: {0}")]
    Store(#[from] broker::store::StoreError),
    #[error("accounts: {0}")]
    Accounts(#[from] broker::service::AccountError),
    #[error("sessions: {0}")]
    Sessions(#[from] sessions::SessionStoreError),
    #[error("demo marketplace: {0}")]
    Demo(#[from] broker::service::demo::DemoError),
    #[error("simulated provider: {0}")]
    Simulation(#[from] broker::provisioning::SimulationError),
    #[error("Stripe client: {0}")]
    Stripe(#[from] stripe::StripeError),
    #[error("outgoing mail: {0}")]
    Mail(broker::mail::MailError),
}

/// The application: its router, and the state its background jobs need.
pub struct App {
    pub router: Router,
    pub state: AppState,
}

/// Connects to the database and brings its schema (and the session table) up to date.
pub async fn open_store(config: &Config) -> Result<Store, StartError> {
    let store = Store::connect(&config.database_url).await?;
    store.migrate().await?;
    Ok(store)
}

/// Builds the whole application: pages, server functions, the HTTP routes and the middleware.
/// `origin` is the site's own origin (see [`Config::site_url`]). The background jobs are not
/// started: see [`build_app`] and [`spawn_jobs`].
pub async fn build_router(
    config: &Config,
    options: LeptosOptions,
    origin: &str,
) -> Result<Router, StartError> {
    Ok(build_app(config, options, origin).await?.router)
}

/// Starts the background jobs of an application built by [`build_app`], one round every
/// `every`; they run until [`jobs::Jobs::stop`].
pub fn spawn_jobs(state: &AppState, every: std::time::Duration) -> jobs::Jobs {
    jobs::spawn(
        state.provisioning.clone(),
        jobs::BillingJob {
            billing: state.billing.clone(),
            grace_secs: state.settings.billing_grace_secs,
        },
        state.mailer.clone(),
        every,
    )
}

/// [`build_router`], and the state that [`spawn_jobs`] takes.
pub async fn build_app(
    config: &Config,
    options: LeptosOptions,
    origin: &str,
) -> Result<App, StartError> {
    let store = open_store(config).await?;
    let session_layer =
        sessions::layer(&config.database_url, origin.starts_with("https://")).await?;
    let limits = LoginLimits {
        sign_ups_per_address: config.sign_ups_per_hour,
        ..LoginLimits::default()
    };
    let accounts = Accounts::new(store.clone(), limits).await?;
    if config.demo {
        load_demo(&accounts, &store, &config.operator).await?;
    }
    let state = AppState {
        accounts,
        marketplace: broker::service::catalog::Marketplace::new(store.clone()),
        planner: broker::service::planning::Planner::new(store.clone()),
        contracts: broker::service::contracts::Contracts::new(store.clone()),
        provisioning: Provisioning::new(
            store.clone(),
            Arc::new(Simulated::new(
                SimulatedAdapter::new(config.simulation)?,
                SystemClock,
            )),
        ),
        blueprints: broker::service::blueprints::Blueprints::new(store.clone()),
        billing: billing(&store, config, origin)?,
        reports: broker::service::reports::Reports::new(store.clone()),
        audit: broker::service::audit::Audit::new(store.clone()),
        operator: broker::service::operator::Operator::new(store.clone()),
        mailer: broker::service::mail::Mailer::new(
            store.clone(),
            mail::transport(&config.mail).map_err(StartError::Mail)?,
        ),
        settings: Settings {
            trusted_proxy: config.trusted_proxy,
            billing_grace_secs: config.billing_grace_hours * 3600,
            site_url: config.site_url.clone().unwrap_or_else(|| origin.to_owned()),
        },
    };

    let webhooks = match &config.stripe {
        Some(stripe) => Router::new().route(
            "/webhooks/stripe",
            axum::routing::post(stripe_adapter::webhook::receive).with_state(
                stripe_adapter::webhook::StripeWebhook {
                    billing: state.billing.clone(),
                    secrets: Arc::new(stripe.webhook_secrets.clone()),
                },
            ),
        ),
        None => Router::new(),
    };
    let pkg_dir =
        std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    let dir = pkg_dir.clone();
    match tokio::task::spawn_blocking(move || assets::precompress(&dir)).await {
        Ok(Ok(written)) => tracing::debug!(written, "precompressed the assets"),
        Ok(Err(err)) => {
            tracing::warn!(%err, dir = %pkg_dir.display(), "could not precompress the assets; serving them as they are")
        }
        Err(err) => tracing::warn!(%err, "the asset compression task stopped"),
    }
    let routes = generate_route_list(app::App);
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            // The scripts of the page carry the nonce that the policy header of this answer
            // allows (see `headers`).
            if let Some(nonce) = use_context::<axum::http::request::Parts>()
                .as_ref()
                .and_then(headers::nonce_of)
            {
                provide_context(nonce);
            }
        }
    };
    let policy = headers::Policy {
        https: origin.starts_with("https://"),
        assets_prefix: format!("/{}/", options.site_pkg_dir),
        hashed_assets: options.hash_files,
    };
    let router = Router::new()
        .route(
            "/healthz",
            axum::routing::get(routes::healthz).with_state(store),
        )
        .route("/locale", axum::routing::post(routes::set_locale))
        .route(
            "/audit.csv",
            axum::routing::get(audit_export::export).with_state(state.clone()),
        )
        .route(
            "/api/v1/catalog",
            axum::routing::get(api_v1::catalog).with_state(state.marketplace.clone()),
        )
        .route(
            "/api/v1/plans",
            axum::routing::post(api_v1::plans).with_state(state.clone()),
        )
        .route(
            "/api/v1/billing",
            axum::routing::get(api_v1::billing::billing).with_state(state.clone()),
        )
        .route(
            "/api/v1/usage",
            axum::routing::post(api_v1::reports::usage).with_state(state.reports.clone()),
        )
        .route(
            "/api/v1/downtime",
            axum::routing::post(api_v1::reports::downtime).with_state(state.reports.clone()),
        )
        .nest_service(
            &format!("/{}", options.site_pkg_dir),
            assets::service(&pkg_dir),
        )
        .leptos_routes_with_context(&options, routes, context.clone(), {
            let options = options.clone();
            move || app::shell(options.clone())
        })
        // The 404 page has the same state as every page: the header shows who is signed in.
        .fallback(leptos_axum::file_and_error_handler_with_context(
            context,
            app::shell,
        ))
        .with_state(options)
        .layer(axum::middleware::from_fn(fn_errors::statuses))
        .layer(axum::middleware::from_fn_with_state(
            csrf::SiteOrigin(Arc::from(origin)),
            csrf::protect,
        ))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT));
    let router = match session_layer {
        sessions::SessionLayer::Sqlite(layer) => router.layer(layer),
        sessions::SessionLayer::Postgres(layer) => router.layer(layer),
    };
    // Stripe's notifications are outside the cross-site check and the sessions: their signature
    // is their only credential.
    let router = router.merge(webhooks);
    Ok(App {
        router: router
            .layer(CompressionLayer::new().br(true).gzip(true))
            .layer(axum::middleware::from_fn_with_state(
                policy,
                headers::secure,
            ))
            // Every line logged while answering names the request; a failure is logged once,
            // with its cause, where it is mapped (`app::error::internal`), so the layer's own
            // request, response and failure lines stay off.
            .layer(
                TraceLayer::new_for_http()
                    .make_span_with(|request: &axum::http::Request<_>| {
                        tracing::error_span!(
                            "request",
                            method = %request.method(),
                            path = %request.uri().path()
                        )
                    })
                    .on_request(())
                    .on_response(())
                    .on_failure(()),
            ),
        state,
    })
}

/// The billing use cases, with card payments through Stripe when it is configured.
fn billing(
    store: &Store,
    config: &Config,
    origin: &str,
) -> Result<broker::service::billing::Billing, StartError> {
    let billing = broker::service::billing::Billing::new(store.clone(), config.operator.clone());
    Ok(match &config.stripe {
        Some(stripe) => {
            let transfer = broker::billing::BankTransfer::new(config.operator.bank_account.clone());
            billing.with_payments(Arc::new(stripe_adapter::StripeCards::new(
                stripe,
                config.site_url.as_deref().unwrap_or(origin),
                transfer,
            )?))
        }
        None => billing,
    })
}

/// Loads the demo marketplace into a database without providers, and tells the demo accounts
/// once, when they are made.
async fn load_demo(
    accounts: &Accounts,
    store: &Store,
    operator: &broker::billing::Operator,
) -> Result<(), StartError> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX)
        });
    let marketplace = broker::service::catalog::Marketplace::new(store.clone());
    let billing = broker::service::billing::Billing::new(store.clone(), operator.clone());
    let summary =
        broker::service::demo::load_demo(accounts, &marketplace, Some(&billing), now).await?;
    if summary.created() {
        tracing::info!(
            providers = summary.providers,
            offers = summary.offers,
            "loaded the demo marketplace (COMPTOIR_DEMO=0 turns this off)"
        );
        for account in &summary.accounts {
            tracing::info!(
                email = account.email,
                role = account.role,
                password = account.password,
                "demo account"
            );
        }
    }
    Ok(())
}
