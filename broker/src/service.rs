//! Use cases: each loads what it needs from the [`Store`](crate::store::Store), decides with the
//! pure rules of this crate, and writes. Server functions and route handlers call these and
//! nothing below them.

pub use crate::account::limits::LoginLimits;
pub use accounts::{AccountError, Accounts, SignedIn};

mod accounts;
pub mod audit;
pub mod billing;
pub mod blueprints;
pub mod budget;
pub mod catalog;
pub mod contracts;
pub mod demo;
pub mod invitations;
pub mod mail;
pub mod members;
pub mod operator;
pub mod organisation_invitations;
mod password_reset;
pub mod planning;
pub mod provisioning;
pub mod reports;
pub mod transfer;
