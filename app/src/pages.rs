//! One module per page.

use leptos::prelude::*;

pub mod account;
pub mod activity;
pub mod admin;
pub mod admin_billing;
pub mod billing;
pub mod catalog;
pub mod compare;
pub mod compose;
pub mod compose_editor;
pub mod contract;
pub mod dashboard;
pub mod home;
pub mod invoice;
pub mod join;
pub mod login;
pub mod offer;
pub mod offer_editor;
pub mod operator;
pub mod password_reset;
pub mod plan;
pub mod provider;
pub mod provider_activity;
pub mod provider_console;
pub mod quote;
pub mod revenue;
pub mod sell;
pub mod signup;

/// The page's `:id` in its address; 0 (which no record has, so the page says "not found") when
/// it is not a number.
pub fn id_param() -> i64 {
    leptos_router::hooks::use_params_map()
        .with_untracked(|p| p.get("id").and_then(|raw| raw.parse::<i64>().ok()))
        .unwrap_or(0)
}
