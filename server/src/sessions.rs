//! Sessions in the database (SQLite or PostgreSQL, like everything else), so that any server
//! instance can serve any request. The cookie is HttpOnly and SameSite=Lax; over https it is
//! Secure and named with the `__Host-` prefix, which browsers accept only from a secure origin,
//! for the whole site (`Path=/`) and without a `Domain`, so no other host can set or shadow it.

use std::str::FromStr;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer, cookie::time::Duration};
use tower_sessions_sqlx_store::sqlx::postgres::PgPoolOptions;
use tower_sessions_sqlx_store::sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions,
};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

#[derive(Debug, thiserror::Error)]
pub enum SessionStoreError {
    #[error("{0}")]
    Database(#[from] sqlx::Error),
    #[error("DATABASE_URL must start with sqlite: or postgres:")]
    UnsupportedUrl,
}

pub enum SessionLayer {
    Sqlite(SessionManagerLayer<SqliteStore>),
    Postgres(SessionManagerLayer<PostgresStore>),
}

pub const COOKIE_NAME: &str = "comptoir_session";
/// The cookie's name over https.
pub const SECURE_COOKIE_NAME: &str = "__Host-comptoir_session";

/// The session cookie's name: with the `__Host-` prefix when the site is served over https.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_COOKIE_NAME
    } else {
        COOKIE_NAME
    }
}

fn configure<S: tower_sessions::SessionStore + Clone>(
    store: S,
    secure: bool,
) -> SessionManagerLayer<S> {
    SessionManagerLayer::new(store)
        .with_name(cookie_name(secure))
        .with_path("/")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure)
        .with_expiry(Expiry::OnInactivity(Duration::days(7)))
}

/// Builds the session layer on its own small pool and creates the session table when missing.
pub async fn layer(database_url: &str, secure: bool) -> Result<SessionLayer, SessionStoreError> {
    match broker::store::Backend::from_url(database_url)
        .map_err(|_| SessionStoreError::UnsupportedUrl)?
    {
        broker::store::Backend::Sqlite => {
            let options = SqliteConnectOptions::from_str(database_url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .busy_timeout(std::time::Duration::from_secs(5));
            let pool = SqlitePoolOptions::new()
                .max_connections(4)
                .connect_with(options)
                .await?;
            let store = SqliteStore::new(pool);
            store.migrate().await?;
            Ok(SessionLayer::Sqlite(configure(store, secure)))
        }
        broker::store::Backend::Postgres => {
            let pool = PgPoolOptions::new()
                .max_connections(4)
                .connect(database_url)
                .await?;
            let store = PostgresStore::new(pool);
            store.migrate().await?;
            Ok(SessionLayer::Postgres(configure(store, secure)))
        }
    }
}
