//! Pieces shared by several pages.

pub mod account_actions;
pub mod audit_log;
pub mod budget_form;
pub mod chart;
pub mod error_texts;
pub mod failure;
pub mod field;
pub mod file_as_text;
pub mod header;
pub mod invitations;
pub mod island_form;
pub mod live;
pub mod loading;
pub mod marketplace_overview;
pub mod member_actions;
pub mod not_found;
pub mod organisation_invitations;
pub mod organisation_switch;
pub mod resources;
pub mod sla_by_provider;
pub mod style;
pub mod submit_form;
