//! A fresh PostgreSQL database per test, next to the one `TEST_DATABASE_URL` names. Each is named
//! after the process that made it (`PREFIX_PID_N`); at the first creation of a run, those of
//! processes that have ended are dropped, so that they do not pile up run after run.

use sqlx::Connection;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

/// A new, empty database; `prefix` is lower-case letters and `_`.
pub async fn fresh_database(admin_url: &str, prefix: &str) -> String {
    static COUNT: AtomicU32 = AtomicU32::new(0);
    static CLEANED: AtomicBool = AtomicBool::new(false);
    let name = format!(
        "{prefix}_{}_{}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::Relaxed)
    );
    let mut conn = sqlx::PgConnection::connect(admin_url)
        .await
        .expect("TEST_DATABASE_URL answers");
    // Once per run is enough, and concurrent drops of the same databases only wait on each other.
    if !CLEANED.swap(true, Ordering::Relaxed) {
        drop_databases_of_finished_runs(&mut conn, prefix).await;
    }
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .expect("create the test database");
    let (base, _) = admin_url
        .rsplit_once('/')
        .expect("TEST_DATABASE_URL names a database");
    format!("{base}/{name}")
}

async fn drop_databases_of_finished_runs(conn: &mut sqlx::PgConnection, prefix: &str) {
    let pattern = format!("{}\\_%", prefix.replace('_', "\\_"));
    let names: Vec<String> =
        sqlx::query_scalar("SELECT datname FROM pg_database WHERE datname LIKE $1")
            .bind(pattern)
            .fetch_all(&mut *conn)
            .await
            .unwrap_or_default();
    for name in names {
        let pid = name.rsplit('_').nth(1).unwrap_or_default();
        if !std::path::Path::new(&format!("/proc/{pid}")).exists() {
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut *conn)
                .await;
        }
    }
}
