//! Integration tests: the real server on port 0 against a fresh database per test, on SQLite and,
//! when `TEST_DATABASE_URL` points at a PostgreSQL server, on PostgreSQL too.

#[path = "../../broker/tests/support/postgres.rs"]
mod postgres;

mod api {
    pub mod accounts;
    pub mod catalog;
    pub mod compose;
    pub mod demo;
    pub mod edge;
    pub mod fixtures;
    pub mod helpers;
    pub mod invitations;
    pub mod markup;
    pub mod operator;
    pub mod planning;
    pub mod provisioning;
    pub mod security;
    pub mod selling;
    pub mod transfer;
}
