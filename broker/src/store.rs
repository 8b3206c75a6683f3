//! All of Comptoir's SQL, for both backends.
//!
//! One pool of the `Any` driver serves SQLite and PostgreSQL with the same queries (`$1` parameters
//! work on both). The backend is picked once from the database URL's scheme; where the dialects
//! differ (how a writing transaction starts, the embedded migrations) a small match on
//! [`Backend`] decides. Tenant and ownership filters are part of every query that reads tenant data.
//!
//! This file holds the pool, the writing transaction and the SQL fragments that several rooms
//! share (the tenant membership tests, `IN` lists); each noun's queries live in a file of
//! `store/`, as `impl Store` blocks.

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{Any, AnyPool, Executor, Transaction};
use std::time::Duration;

mod access;
pub mod accounts;
pub mod audit;
pub mod billing;
pub mod billing_views;
pub mod blueprints;
mod budgets;
pub mod catalog;
pub mod checkouts;
pub mod connect;
pub mod contracts;
pub mod demo;
mod events;
pub mod explain;
pub mod invitations;
mod invoice_parts;
pub mod invoices;
mod ledger;
mod limits;
pub mod memberships;
pub mod month_inputs;
mod monthly;
mod offers;
pub mod operator;
pub mod organisation_invitations;
pub mod outbox;
pub mod password_resets;
pub mod payments;
mod provider_figures;
mod providers;
pub mod provisioning;
mod quotes;
pub mod refunds;
pub mod reports;
mod resources;
pub mod revenue;
mod search;
mod signatures;
mod tokens;
mod transfer;

pub use accounts::Credentials;

/// Which database the store talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::UnsupportedUrl)
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("DATABASE_URL must start with sqlite: or postgres:")]
    UnsupportedUrl,
    #[error("a row with the same {0} already exists")]
    Duplicate(&'static str),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration error: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("unexpected value in column {0}")]
    Corrupt(&'static str),
}

#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

impl Store {
    /// Connects, creating the SQLite file when missing, with WAL, foreign keys and a busy timeout.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let backend = Backend::from_url(url)?;
        install_default_drivers();
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                let sep = if url.contains('?') { '&' } else { '?' };
                format!("{url}{sep}mode=rwc")
            }
            _ => url.to_owned(),
        };
        if backend == Backend::Sqlite {
            create_sqlite_parent_dir(&url);
        }
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 8 } else { 16 })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;")
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        Ok(Self { pool, backend })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Runs the migrations, then writes what a migration's SQL cannot: the parts of invoices
    /// written before their parts were kept.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match self.backend {
            Backend::Sqlite => {
                sqlx::migrate!("../migrations/sqlite")
                    .run(&self.pool)
                    .await?
            }
            Backend::Postgres => {
                sqlx::migrate!("../migrations/postgres")
                    .run(&self.pool)
                    .await?
            }
        }
        self.fill_invoice_parts().await?;
        Ok(())
    }

    /// Closes every connection; later queries fail.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// True when the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    /// A transaction that will write: SQLite takes the write lock at once (`BEGIN IMMEDIATE`) so
    /// that two writers queue instead of failing half-way with "database is locked".
    async fn begin_write(&self) -> Result<Transaction<'static, Any>, StoreError> {
        let statement = match self.backend {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        };
        Ok(self.pool.begin_with(statement).await?)
    }
}

/// Maps a unique-constraint violation (by error kind, never by message text) to `Duplicate`.
fn unique_violation(err: sqlx::Error, what: &'static str) -> StoreError {
    match &err {
        sqlx::Error::Database(db) if db.kind() == sqlx::error::ErrorKind::UniqueViolation => {
            StoreError::Duplicate(what)
        }
        _ => StoreError::Database(err),
    }
}

/// The test that `$user` is a member of the tenant `$tenant`, whatever their role. Only
/// parameter numbers are formatted in.
fn tenant_member(tenant: usize, user: usize) -> String {
    format!(
        "EXISTS (SELECT 1 FROM memberships m \
         WHERE m.tenant_id = ${tenant} AND m.user_id = ${user})"
    )
}

/// The test that `$user` may compose in the tenant `$tenant`: a member whose role is not viewer.
fn tenant_composer(tenant: usize, user: usize) -> String {
    format!(
        "EXISTS (SELECT 1 FROM memberships m \
         WHERE m.tenant_id = ${tenant} AND m.user_id = ${user} AND m.role <> 'viewer')"
    )
}

/// The test that `$user` manages the tenant `$tenant`: an owner or an admin.
fn tenant_manager(tenant: usize, user: usize) -> String {
    format!(
        "EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = ${tenant} \
         AND m.user_id = ${user} AND m.role IN ('owner', 'admin'))"
    )
}

/// The test that `$user` is a member of the provider whose id is the column or parameter
/// `provider`, whatever their role; only parameter numbers are formatted in.
fn provider_member(provider: &str, user: usize) -> String {
    format!(
        "EXISTS (SELECT 1 FROM provider_members pm WHERE pm.provider_id = {provider} \
         AND pm.user_id = ${user})"
    )
}

/// The rows a multi-row statement carries at most: a few thousand parameters, far under what
/// either backend takes in one statement.
const ROWS_PER_STATEMENT: usize = 200;

/// `$first, …, $(first + count - 1)`: the placeholders of an `IN` list of `count` values bound
/// from parameter `first` on.
fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `($first, …), ($first + columns, …), …`: the placeholders of `rows` rows of `columns`
/// values each, for a `VALUES` list.
fn value_rows(first: usize, rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|row| format!("({})", placeholders(first + row * columns, columns)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn create_sqlite_parent_dir(url: &str) {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or_default();
    if let Some(parent) = std::path::Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
    {
        // A failure shows up right after, as the connection error that names the file.
        let _ = std::fs::create_dir_all(parent);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_membership_tests_name_the_parameters_they_are_given() {
        assert_eq!(
            tenant_member(2, 3),
            "EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = $2 AND m.user_id = $3)"
        );
        assert_eq!(
            tenant_composer(1, 2),
            "EXISTS (SELECT 1 FROM memberships m \
             WHERE m.tenant_id = $1 AND m.user_id = $2 AND m.role <> 'viewer')"
        );
    }

    #[test]
    fn an_in_list_numbers_its_placeholders_from_the_first_one() {
        assert_eq!(placeholders(1, 1), "$1");
        assert_eq!(placeholders(3, 3), "$3, $4, $5");
    }

    #[test]
    fn each_row_of_a_values_list_takes_the_next_placeholders() {
        assert_eq!(value_rows(1, 2, 3), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(value_rows(2, 2, 1), "($2), ($3)");
    }
}
