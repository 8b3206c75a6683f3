//! What the server builds once at start and hands to every page and server function through
//! context: the use cases and the settings they need.

use broker::service::Accounts;
use broker::service::audit::Audit;
use broker::service::billing::Billing;
use broker::service::blueprints::Blueprints;
use broker::service::catalog::Marketplace;
use broker::service::contracts::Contracts;
use broker::service::mail::Mailer;
use broker::service::operator::Operator;
use broker::service::planning::Planner;
use broker::service::provisioning::Provisioning;
use broker::service::reports::Reports;
use std::net::IpAddr;

#[derive(Clone, Debug)]
pub struct AppState {
    pub accounts: Accounts,
    pub marketplace: Marketplace,
    pub planner: Planner,
    pub contracts: Contracts,
    /// Contract lines' resources at their providers: reading them, retrying, terminating.
    pub provisioning: Provisioning,
    pub blueprints: Blueprints,
    /// Invoices, the ledger and the monthly billing run.
    pub billing: Billing,
    /// Provider API tokens, and the usage and downtime reported with them.
    pub reports: Reports,
    /// The audit log: reading it within one's reach, and checking its chain.
    pub audit: Audit,
    /// The operator's control of people: search, users' and organisations' pages, suspensions.
    pub operator: Operator,
    /// The outbox's sender, which the background jobs run.
    pub mailer: Mailer,
    pub settings: Settings,
}

#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// A reverse proxy whose `X-Forwarded-For` is believed; any other peer's header is ignored.
    pub trusted_proxy: Option<IpAddr>,
    /// Seconds after a month's end before the billing job finalizes its invoices.
    pub billing_grace_secs: i64,
    /// The site's public origin (`https://comptoir.example`), for the links sent by mail.
    pub site_url: String,
}
