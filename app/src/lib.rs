//! Comptoir's web application: the page shell, the routes, the pages and the server functions.
//!
//! The site renders on the server and hydrates only its islands (the interactive parts), which
//! keeps the WASM a visitor downloads small. Every page reads without JavaScript; forms post to
//! their server function and work without it too.
//!
//! A page loads its data as a task of its own (`components::loading`) and awaits it inside a
//! `Suspend` (`{Suspend::new(async move { ... })}`), rendered in order before the answer leaves
//! (`SsrMode::Async`). It never goes through `<Suspense>` and a resource: pages are not islands,
//! so a resource would bring them nothing, and under load a `<Suspense>` waiting on resources can
//! miss its last wake-up and leave a request unanswered for good (leptos-rs/leptos#4851).
//! `tests/rendering.rs` keeps it so.

// The view types of the larger pages nest deeper than the compiler's default limit.
#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod error;
pub mod format;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod state;
pub mod text;

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

use crate::components::header::Header;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

/// The HTML document around every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                <HydrationScripts options=options.clone() islands=true />
                <HashedStylesheet options id="leptos" />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                <MetaTags />
            </head>
            <body class="min-h-screen bg-slate-50 text-slate-900 antialiased">
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <I18nContextProvider>
            <Title text="Comptoir" />
            <Router>
                <Header />
                <main class="mx-auto w-full max-w-5xl px-4 py-8">
                    <Routes fallback=components::not_found::NotFound>
                        <Route path=path!("") view=pages::home::Home ssr=SsrMode::Async />
                        <Route path=path!("signup") view=pages::signup::SignUpPage ssr=SsrMode::Async />
                        <Route path=path!("login") view=pages::login::LogInPage ssr=SsrMode::Async />
                        <Route path=path!("forgot-password") view=pages::password_reset::ForgotPasswordPage ssr=SsrMode::Async />
                        <Route path=path!("reset-password") view=pages::password_reset::ResetPasswordPage ssr=SsrMode::Async />
                        <Route path=path!("join") view=pages::join::JoinPage ssr=SsrMode::Async />
                        <Route path=path!("account") view=pages::account::AccountPage ssr=SsrMode::Async />
                        <Route path=path!("dashboard") view=pages::dashboard::DashboardPage ssr=SsrMode::Async />
                        <Route path=path!("billing") view=pages::billing::BillingPage ssr=SsrMode::Async />
                        <Route path=path!("billing/invoices/:number") view=pages::invoice::InvoicePageView ssr=SsrMode::Async />
                        <Route path=path!("admin") view=pages::admin::AdminPage ssr=SsrMode::Async />
                        <Route path=path!("admin/billing") view=pages::admin_billing::AdminBillingPage ssr=SsrMode::Async />
                        <Route path=path!("admin/audit") view=pages::operator::audit::OperatorAuditPage ssr=SsrMode::Async />
                        <Route path=path!("admin/people") view=pages::operator::people::PeoplePage ssr=SsrMode::Async />
                        <Route path=path!("admin/users/:id") view=pages::operator::user::OperatorUserPage ssr=SsrMode::Async />
                        <Route path=path!("admin/organisations/:id") view=pages::operator::organisation::OperatorOrganisationPage ssr=SsrMode::Async />
                        <Route path=path!("dashboard/activity") view=pages::activity::ActivityPage ssr=SsrMode::Async />
                        <Route path=path!("catalog") view=pages::catalog::CatalogPage ssr=SsrMode::Async />
                        <Route path=path!("compose") view=pages::compose::ComposePage ssr=SsrMode::Async />
                        <Route path=path!("compose/:id") view=pages::compose_editor::BlueprintEditorPage ssr=SsrMode::Async />
                        <Route path=path!("compose/:id/plan") view=pages::plan::PlanPageView ssr=SsrMode::Async />
                        <Route path=path!("compare") view=pages::compare::ComparePage ssr=SsrMode::Async />
                        <Route path=path!("offers/:id") view=pages::offer::OfferPageView ssr=SsrMode::Async />
                        <Route path=path!("providers/:slug") view=pages::provider::ProviderPageView ssr=SsrMode::Async />
                        <Route path=path!("quotes/:id") view=pages::quote::QuotePageView ssr=SsrMode::Async />
                        <Route path=path!("contracts/:id") view=pages::contract::ContractPageView ssr=SsrMode::Async />
                        <Route path=path!("sell") view=pages::sell::SellPage ssr=SsrMode::Async />
                        <Route path=path!("sell/:id") view=pages::provider_console::ProviderConsolePage ssr=SsrMode::Async />
                        <Route path=path!("sell/:id/revenue") view=pages::revenue::RevenuePage ssr=SsrMode::Async />
                        <Route path=path!("sell/:id/activity") view=pages::provider_activity::ProviderActivityPage ssr=SsrMode::Async />
                        <Route path=path!("sell/:id/offers/new") view=pages::offer_editor::NewOfferPage ssr=SsrMode::Async />
                        <Route path=path!("sell/:id/offers/:offer") view=pages::offer_editor::EditOfferPage ssr=SsrMode::Async />
                    </Routes>
                </main>
            </Router>
        </I18nContextProvider>
    }
}

/// Called by the `frontend` crate's WASM entry point.
#[cfg(feature = "hydrate")]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
