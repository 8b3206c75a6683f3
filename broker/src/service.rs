//! Use cases: each loads what it needs from the [`Store`], decides with the pure rules of this
//! crate, and writes. Server functions and route handlers call these and nothing below them.

use crate::account::{
    CurrentUser, Dashboard, Email, Field, InputError, MarketplaceCounts, Membership, Name,
    Password, SignUp, TenantId, UserId,
};
use crate::secret::{self, HashError, PasswordHash};
use crate::store::{Store, StoreError};

pub mod blueprints;
pub mod catalog;
pub mod contracts;
pub mod demo;
pub mod planning;
pub mod provisioning;
pub mod transfer;

/// Why an account operation failed.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("invalid input")]
    Invalid(Vec<(Field, InputError)>),
    #[error("an account with this email already exists")]
    EmailTaken,
    #[error("invalid email or password")]
    BadCredentials,
    #[error("the current password is wrong")]
    WrongCurrentPassword,
    #[error("too many failed attempts; try again in {retry_after_secs} seconds")]
    TooManyAttempts { retry_after_secs: i64 },
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Hash(#[from] HashError),
}

/// Who is signed in after sign-up or log-in; the session keeps both values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignedIn {
    pub user: UserId,
    pub auth_epoch: i64,
}

/// How many failed log-ins are tolerated within the window, per account and per client address.
#[derive(Clone, Copy, Debug)]
pub struct LoginLimits {
    pub window_secs: i64,
    pub per_account: i64,
    pub per_address: i64,
}

impl Default for LoginLimits {
    fn default() -> Self {
        Self {
            window_secs: 15 * 60,
            per_account: 5,
            per_address: 20,
        }
    }
}

/// The account use cases, with what they need: the store, the limits, and a hash to verify
/// against when the email is unknown, so that an unknown email costs the same time as a wrong
/// password.
#[derive(Clone, Debug)]
pub struct Accounts {
    store: Store,
    limits: LoginLimits,
    dummy_hash: PasswordHash,
}

impl Accounts {
    pub async fn new(store: Store, limits: LoginLimits) -> Result<Self, AccountError> {
        let dummy = Password::parse("an unused but realistic dummy passphrase", &[])
            .map_err(|err| AccountError::Invalid(vec![(Field::Password, err)]))?;
        let dummy_hash = secret::hash_password(&dummy).await?;
        Ok(Self {
            store,
            limits,
            dummy_hash,
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub async fn sign_up(
        &self,
        input: &SignUp,
        now: i64,
    ) -> Result<(SignedIn, TenantId), AccountError> {
        let mut errors = Vec::new();
        let email = Email::parse(&input.email)
            .map_err(|e| errors.push((Field::Email, e)))
            .ok();
        let name = Name::parse(&input.name)
            .map_err(|e| errors.push((Field::Name, e)))
            .ok();
        let organisation = Name::parse(&input.organisation)
            .map_err(|e| errors.push((Field::Organisation, e)))
            .ok();
        let context = [
            input.email.as_str(),
            input.name.as_str(),
            input.organisation.as_str(),
        ];
        let password = Password::parse(&input.password, &context)
            .map_err(|e| errors.push((Field::Password, e)))
            .ok();
        let (Some(email), Some(name), Some(organisation), Some(password)) =
            (email, name, organisation, password)
        else {
            return Err(AccountError::Invalid(errors));
        };
        let hash = secret::hash_password(&password).await?;
        let (user, tenant) = self
            .store
            .create_user_with_tenant(&email, name.as_str(), &hash, organisation.as_str(), now)
            .await
            .map_err(|err| match err {
                StoreError::Duplicate(_) => AccountError::EmailTaken,
                other => AccountError::Store(other),
            })?;
        Ok((
            SignedIn {
                user,
                auth_epoch: 0,
            },
            tenant,
        ))
    }

    /// Checks the password, counting failures per account and per client address.
    pub async fn log_in(
        &self,
        email: &str,
        password: &str,
        client_addr: &str,
        now: i64,
    ) -> Result<SignedIn, AccountError> {
        let key = email.trim().to_lowercase();
        let since = now - self.limits.window_secs;
        let (by_account, by_addr) = self
            .store
            .login_failures_since(&key, client_addr, since)
            .await?;
        if by_account >= self.limits.per_account || by_addr >= self.limits.per_address {
            return Err(AccountError::TooManyAttempts {
                retry_after_secs: self.limits.window_secs,
            });
        }
        let credentials = match Email::parse(email) {
            Ok(email) => self.store.credentials(&email).await?,
            Err(_) => None,
        };
        let hash = credentials
            .as_ref()
            .map_or(&self.dummy_hash, |c| &c.password_hash);
        let valid = secret::verify_password(password, hash).await?;
        match credentials {
            Some(credentials) if valid => {
                self.store.clear_login_failures(Some(&key), since).await?;
                Ok(SignedIn {
                    user: credentials.user,
                    auth_epoch: credentials.auth_epoch,
                })
            }
            _ => {
                self.store
                    .record_login_failure(&key, client_addr, now)
                    .await?;
                Err(AccountError::BadCredentials)
            }
        }
    }

    /// The signed-in user, or `None` when the account is gone or the session's epoch is stale
    /// (the password changed since).
    pub async fn current_user(
        &self,
        session: SignedIn,
    ) -> Result<Option<CurrentUser>, AccountError> {
        Ok(self
            .store
            .current_user(session.user, session.auth_epoch)
            .await?)
    }

    /// Changes the password after checking the current one; returns the new session epoch, which
    /// ends every other session of the user.
    pub async fn change_password(
        &self,
        session: SignedIn,
        current: &str,
        new: &str,
    ) -> Result<SignedIn, AccountError> {
        let user = self
            .current_user(session)
            .await?
            .ok_or(AccountError::NotFound)?;
        let credentials = self
            .store
            .credentials_by_id(user.id)
            .await?
            .ok_or(AccountError::NotFound)?;
        if !secret::verify_password(current, &credentials.password_hash).await? {
            return Err(AccountError::WrongCurrentPassword);
        }
        let password = Password::parse(new, &[user.email.as_str(), &user.name])
            .map_err(|err| AccountError::Invalid(vec![(Field::NewPassword, err)]))?;
        let hash = secret::hash_password(&password).await?;
        let auth_epoch = self.store.set_password(user.id, &hash).await?;
        Ok(SignedIn {
            user: user.id,
            auth_epoch,
        })
    }

    pub async fn memberships(&self, user: UserId) -> Result<Vec<Membership>, AccountError> {
        Ok(self.store.memberships(user).await?)
    }

    pub async fn create_organisation(
        &self,
        user: UserId,
        name: &str,
        now: i64,
    ) -> Result<TenantId, AccountError> {
        let name = Name::parse(name)
            .map_err(|err| AccountError::Invalid(vec![(Field::Organisation, err)]))?;
        Ok(self.store.create_tenant(user, name.as_str(), now).await?)
    }

    /// The tenant's dashboard, only for its members.
    pub async fn dashboard(
        &self,
        user: UserId,
        tenant: TenantId,
    ) -> Result<Dashboard, AccountError> {
        self.store
            .dashboard(user, tenant)
            .await?
            .ok_or(AccountError::NotFound)
    }

    pub async fn marketplace_counts(&self) -> Result<MarketplaceCounts, AccountError> {
        Ok(self.store.marketplace_counts().await?)
    }

    /// Creates a marketplace operator from the command line.
    pub async fn create_operator(
        &self,
        email: &str,
        name: &str,
        password: &str,
        now: i64,
    ) -> Result<UserId, AccountError> {
        let email =
            Email::parse(email).map_err(|err| AccountError::Invalid(vec![(Field::Email, err)]))?;
        let name =
            Name::parse(name).map_err(|err| AccountError::Invalid(vec![(Field::Name, err)]))?;
        let password = Password::parse(password, &[email.as_str(), name.as_str()])
            .map_err(|err| AccountError::Invalid(vec![(Field::Password, err)]))?;
        let hash = secret::hash_password(&password).await?;
        self.store
            .create_operator(&email, name.as_str(), &hash, now)
            .await
            .map_err(|err| match err {
                StoreError::Duplicate(_) => AccountError::EmailTaken,
                other => AccountError::Store(other),
            })
    }
}
