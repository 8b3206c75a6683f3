//! One module per page.

pub mod account;
pub mod admin;
pub mod catalog;
pub mod dashboard;
pub mod home;
pub mod login;
pub mod not_found;
pub mod signup;
pub mod soon;
