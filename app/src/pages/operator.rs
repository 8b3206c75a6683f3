//! The operator's pages beyond the approval queues and billing: the audit log, and the people
//! of the marketplace (the search, a user's page, an organisation's page).

pub mod audit;
pub mod organisation;
pub mod people;
pub mod user;
