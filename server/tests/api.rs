//! Integration tests: the real server on port 0 against a fresh database per test, on SQLite and,
//! when `TEST_DATABASE_URL` points at a PostgreSQL server, on PostgreSQL too. Each test runs on
//! a multi-threaded runtime, as the server does in production, so the server under test and the
//! client talking to it never wait on one thread.

#[path = "../../broker/tests/support/postgres.rs"]
mod postgres;

mod api {
    pub mod accounts;
    pub mod admin_billing;
    pub mod audit;
    pub mod billing;
    pub mod budget;
    pub mod card_recovery;
    pub mod cards;
    pub mod catalog;
    pub mod compose;
    pub mod connect;
    pub mod demo;
    pub mod edge;
    pub mod fake_stripe;
    pub mod fixtures;
    pub mod helpers;
    pub mod invitations;
    pub mod mail;
    pub mod markup;
    pub mod members;
    pub mod meters;
    pub mod operator;
    pub mod pages;
    pub mod people;
    pub mod planning;
    pub mod provisioning;
    pub mod refunds;
    pub mod reports;
    pub mod security;
    pub mod selling;
    pub mod transfer;
}
