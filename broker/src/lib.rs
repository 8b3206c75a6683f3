//! Comptoir's brokering core.
//!
//! The modules at the top are pure and wasm-safe: domain types and rules, the portable formats of
//! the broker specification, the placement engine, the way from a plan to running resources
//! (`quote`, `contract` with its events' hash chain, `provisioning`, with `templates` to start
//! from), and what providers report on their instances (`reports`). With the `server` feature,
//! `store` holds all SQL (SQLite and PostgreSQL), `service` the use cases built on it, and
//! `provisioning::port` the async port that provider adapters implement.

pub mod account;
pub mod audit;
pub mod billing;
pub mod blueprint;
pub mod blueprint_form;
pub mod calendar;
pub mod catalog;
pub mod contract;
pub mod demo;
pub mod format;
mod ids;
pub mod invitation;
pub mod ledger;
pub mod mail;
pub mod money;
pub mod offer_form;
pub mod operator;
pub mod placement;
pub mod provisioning;
pub mod quote;
pub mod reports;
pub mod search;
pub mod synthetic;
pub mod templates;
pub mod transfer;

#[cfg(feature = "server")]
pub mod secret;
#[cfg(feature = "server")]
pub mod service;
#[cfg(feature = "server")]
pub mod store;
