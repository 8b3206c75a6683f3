//! All of Comptoir's SQL, for both backends.
//!
//! One pool of the `Any` driver serves SQLite and PostgreSQL with the same queries (`$1` parameters
//! work on both). The backend is picked once from the database URL's scheme; where the dialects
//! differ (how a writing transaction starts, the embedded migrations) a small match on
//! [`Backend`] decides. Tenant and ownership filters are part of every query that reads tenant data.

use crate::account::{
    CurrentUser, Dashboard, Email, MarketplaceCounts, Member, Membership, Role, TenantId, UserId,
};
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{Any, AnyPool, Executor, Row, Transaction};
use std::time::Duration;

pub mod accounts;
pub mod blueprints;
pub mod catalog;
pub mod contracts;
pub mod demo;
pub mod explain;
pub mod invitations;
pub mod provisioning;
mod search;
mod transfer;

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

/// What the log-in check needs about an account. The hash never leaves the server.
pub struct Credentials {
    pub user: UserId,
    pub password_hash: crate::secret::PasswordHash,
    pub auth_epoch: i64,
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

    /// Creates a user, a tenant and the owner membership that ties them, in one transaction.
    pub async fn create_user_with_tenant(
        &self,
        email: &Email,
        name: &str,
        password_hash: &crate::secret::PasswordHash,
        tenant_name: &str,
        now: i64,
    ) -> Result<(UserId, TenantId), StoreError> {
        let mut tx = self.begin_write().await?;
        let user = insert_user(&mut tx, email, name, password_hash, false, now).await?;
        let tenant = insert_tenant(&mut tx, user, tenant_name, now).await?;
        tx.commit().await?;
        Ok((user, tenant))
    }

    /// Creates a marketplace operator, who belongs to no tenant.
    pub async fn create_operator(
        &self,
        email: &Email,
        name: &str,
        password_hash: &crate::secret::PasswordHash,
        now: i64,
    ) -> Result<UserId, StoreError> {
        let mut tx = self.begin_write().await?;
        let user = insert_user(&mut tx, email, name, password_hash, true, now).await?;
        tx.commit().await?;
        Ok(user)
    }

    /// Creates a further organisation owned by `owner`.
    pub async fn create_tenant(
        &self,
        owner: UserId,
        name: &str,
        now: i64,
    ) -> Result<TenantId, StoreError> {
        let mut tx = self.begin_write().await?;
        let tenant = insert_tenant(&mut tx, owner, name, now).await?;
        tx.commit().await?;
        Ok(tenant)
    }

    pub async fn credentials(&self, email: &Email) -> Result<Option<Credentials>, StoreError> {
        let row = sqlx::query("SELECT id, password_hash, auth_epoch FROM users WHERE email = $1")
            .bind(email.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| credentials_from_row(&row)).transpose()
    }

    pub async fn credentials_by_id(&self, user: UserId) -> Result<Option<Credentials>, StoreError> {
        let row = sqlx::query("SELECT id, password_hash, auth_epoch FROM users WHERE id = $1")
            .bind(user.get())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| credentials_from_row(&row)).transpose()
    }

    /// The user, if the account exists and `auth_epoch` is still current.
    pub async fn current_user(
        &self,
        user: UserId,
        auth_epoch: i64,
    ) -> Result<Option<CurrentUser>, StoreError> {
        let row = sqlx::query(
            "SELECT id, email, name, is_operator FROM users WHERE id = $1 AND auth_epoch = $2",
        )
        .bind(user.get())
        .bind(auth_epoch)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(CurrentUser {
            id: UserId::new(row.try_get("id")?),
            email: Email::parse(&row.try_get::<String, _>("email")?)
                .map_err(|_| StoreError::Corrupt("users.email"))?,
            name: row.try_get("name")?,
            is_operator: row.try_get::<i64, _>("is_operator")? == 1,
        }))
    }

    /// Replaces the password hash and moves the account to a new epoch, which ends every session
    /// that carries the old one. Returns the new epoch.
    pub async fn set_password(
        &self,
        user: UserId,
        password_hash: &crate::secret::PasswordHash,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin_write().await?;
        let epoch: i64 = sqlx::query_scalar(
            "UPDATE users SET password_hash = $1, auth_epoch = auth_epoch + 1 WHERE id = $2 RETURNING auth_epoch",
        )
        .bind(password_hash.expose())
        .bind(user.get())
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(epoch)
    }

    pub async fn memberships(&self, user: UserId) -> Result<Vec<Membership>, StoreError> {
        let rows = sqlx::query(
            "SELECT t.id, t.name, m.role FROM memberships m JOIN tenants t ON t.id = m.tenant_id \
             WHERE m.user_id = $1 ORDER BY t.name, t.id",
        )
        .bind(user.get())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Membership {
                    tenant: TenantId::new(row.try_get("id")?),
                    tenant_name: row.try_get("name")?,
                    role: role_from_row(row)?,
                })
            })
            .collect()
    }

    /// The dashboard of `tenant` as `user` sees it; `None` when the user is not a member.
    pub async fn dashboard(
        &self,
        user: UserId,
        tenant: TenantId,
    ) -> Result<Option<Dashboard>, StoreError> {
        let Some(own) = sqlx::query(
            "SELECT t.name, m.role FROM tenants t JOIN memberships m ON m.tenant_id = t.id \
             WHERE t.id = $1 AND m.user_id = $2",
        )
        .bind(tenant.get())
        .bind(user.get())
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        // The membership join repeats the caller's own membership so the query alone guarantees
        // that nobody lists the members of a tenant they do not belong to.
        let rows = sqlx::query(
            "SELECT u.id, u.name, u.email, m.role FROM memberships m \
             JOIN users u ON u.id = m.user_id \
             JOIN memberships me ON me.tenant_id = m.tenant_id AND me.user_id = $2 \
             WHERE m.tenant_id = $1 ORDER BY u.name, u.id",
        )
        .bind(tenant.get())
        .bind(user.get())
        .fetch_all(&self.pool)
        .await?;
        let members = rows
            .iter()
            .map(|row| {
                Ok(Member {
                    user: UserId::new(row.try_get("id")?),
                    name: row.try_get("name")?,
                    email: Email::parse(&row.try_get::<String, _>("email")?)
                        .map_err(|_| StoreError::Corrupt("users.email"))?,
                    role: role_from_row(row)?,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        Ok(Some(Dashboard {
            tenant,
            tenant_name: own.try_get("name")?,
            role: role_from_row(&own)?,
            members,
        }))
    }

    pub async fn marketplace_counts(&self) -> Result<MarketplaceCounts, StoreError> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM users) AS users, (SELECT COUNT(*) FROM tenants) AS tenants, \
                    (SELECT COUNT(*) FROM users WHERE is_operator = 1) AS operators",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(MarketplaceCounts {
            users: row.try_get("users")?,
            tenants: row.try_get("tenants")?,
            operators: row.try_get("operators")?,
        })
    }
}

async fn insert_user(
    tx: &mut Transaction<'static, Any>,
    email: &Email,
    name: &str,
    password_hash: &crate::secret::PasswordHash,
    is_operator: bool,
    now: i64,
) -> Result<UserId, StoreError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (email, name, password_hash, is_operator, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(email.as_str())
    .bind(name)
    .bind(password_hash.expose())
    .bind(i64::from(is_operator))
    .bind(now)
    .fetch_one(&mut **tx)
    .await
    .map_err(|err| unique_violation(err, "email"))?;
    Ok(UserId::new(id))
}

async fn insert_tenant(
    tx: &mut Transaction<'static, Any>,
    owner: UserId,
    name: &str,
    now: i64,
) -> Result<TenantId, StoreError> {
    let id: i64 =
        sqlx::query_scalar("INSERT INTO tenants (name, created_at) VALUES ($1, $2) RETURNING id")
            .bind(name)
            .bind(now)
            .fetch_one(&mut **tx)
            .await?;
    sqlx::query(
        "INSERT INTO memberships (tenant_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(id)
    .bind(owner.get())
    .bind(Role::Owner.as_str())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(TenantId::new(id))
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

fn credentials_from_row(row: &sqlx::any::AnyRow) -> Result<Credentials, StoreError> {
    Ok(Credentials {
        user: UserId::new(row.try_get("id")?),
        password_hash: crate::secret::PasswordHash::from_stored(row.try_get("password_hash")?),
        auth_epoch: row.try_get("auth_epoch")?,
    })
}

fn role_from_row(row: &sqlx::any::AnyRow) -> Result<Role, StoreError> {
    Role::parse(&row.try_get::<String, _>("role")?).ok_or(StoreError::Corrupt("memberships.role"))
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
