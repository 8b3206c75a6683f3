//! One module per page.

pub mod account;
pub mod admin;
pub mod catalog;
pub mod compare;
pub mod compose;
pub mod compose_editor;
pub mod contract;
pub mod dashboard;
pub mod home;
pub mod login;
pub mod not_found;
pub mod offer;
pub mod offer_editor;
pub mod plan;
pub mod provider;
pub mod provider_console;
pub mod quote;
pub mod sell;
pub mod signup;
