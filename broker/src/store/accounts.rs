//! Users and their organisations: sign-up (a user, a tenant and its owner membership in one
//! transaction), operators, the credentials a log-in checks and the sessions' epoch.

use super::{Store, StoreError, unique_violation};
use crate::account::{CurrentUser, Email, Role, TenantId, UserId};
use crate::audit::{Origin, Record};
use crate::operator::Suspension;
use sqlx::{Any, Row, Transaction};

pub use super::limits::AttemptId;

const CREDENTIALS: &str = "id, password_hash, auth_epoch, suspended_at, suspension_reason";

/// What the log-in check needs about an account. The hash never leaves the server.
pub struct Credentials {
    pub user: UserId,
    pub password_hash: crate::secret::PasswordHash,
    pub auth_epoch: i64,
    /// Set while the operator has suspended the account: the log-in is refused with its reason.
    pub suspension: Option<Suspension>,
}

impl Store {
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
        let row = sqlx::query(&format!("SELECT {CREDENTIALS} FROM users WHERE email = $1"))
            .bind(email.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| credentials_from_row(&row)).transpose()
    }

    pub async fn credentials_by_id(&self, user: UserId) -> Result<Option<Credentials>, StoreError> {
        let row = sqlx::query(&format!("SELECT {CREDENTIALS} FROM users WHERE id = $1"))
            .bind(user.get())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| credentials_from_row(&row)).transpose()
    }

    /// The user, if the account exists, is not suspended and `auth_epoch` is still current.
    pub async fn current_user(
        &self,
        user: UserId,
        auth_epoch: i64,
    ) -> Result<Option<CurrentUser>, StoreError> {
        let row = sqlx::query(
            "SELECT id, email, name, is_operator FROM users WHERE id = $1 AND auth_epoch = $2 \
             AND suspended_at IS NULL",
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
            origin: Origin::default(),
        }))
    }

    /// Replaces the password hash and moves the account to a new epoch, which ends every session
    /// that carries the old one. Returns the new epoch.
    pub async fn set_password(
        &self,
        user: UserId,
        password_hash: &crate::secret::PasswordHash,
        record: &Record,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin_write().await?;
        let epoch: i64 = sqlx::query_scalar(
            "UPDATE users SET password_hash = $1, auth_epoch = auth_epoch + 1 WHERE id = $2 RETURNING auth_epoch",
        )
        .bind(password_hash.expose())
        .bind(user.get())
        .fetch_one(&mut *tx)
        .await?;
        super::audit::append(&mut tx, record).await?;
        tx.commit().await?;
        Ok(epoch)
    }

    /// The user with this (already normalised) email.
    pub async fn user_by_email(&self, email: &str) -> Result<Option<UserId>, StoreError> {
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
            .bind(email)
            .fetch_optional(&self.pool)
            .await?;
        Ok(id.map(UserId::new))
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

fn credentials_from_row(row: &sqlx::any::AnyRow) -> Result<Credentials, StoreError> {
    Ok(Credentials {
        user: UserId::new(row.try_get("id")?),
        password_hash: crate::secret::PasswordHash::from_stored(row.try_get("password_hash")?),
        auth_epoch: row.try_get("auth_epoch")?,
        suspension: super::operator::suspension(row)?,
    })
}
