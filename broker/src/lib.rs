//! Comptoir's brokering core.
//!
//! The modules at the top are pure and wasm-safe: domain types and rules, the portable formats of
//! the broker specification and the placement engine. With the `server` feature, `store` holds all
//! SQL (SQLite and PostgreSQL) and `service` the use cases built on it.

pub mod account;
pub mod catalog;
pub mod demo;
pub mod format;
pub mod money;
pub mod placement;
pub mod search;
pub mod synthetic;
pub mod transfer;

#[cfg(feature = "server")]
pub mod secret;
#[cfg(feature = "server")]
pub mod service;
#[cfg(feature = "server")]
pub mod store;
