//! The account use cases: signing up, logging in within the limits of
//! [`crate::account::limits`], sessions' epochs, passwords and organisations.

use crate::account::limits::{LoginLimits, TooSoon};
use crate::account::{
    CurrentUser, Dashboard, Email, Field, InputError, Membership, Name, Password, SignUp, TenantId,
    UserId,
};
use crate::audit::{Action, Actor, Origin, Record};
use crate::secret::{self, HashError, PasswordHash};
use crate::store::accounts::Credentials;
use crate::store::{Store, StoreError};

/// The most of a refused log-in's email the audit log keeps, in characters (an email's limit).
const MAX_EMAIL_CHARS: usize = 254;

/// Why an account operation failed.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("invalid input")]
    Invalid(Vec<(Field, InputError)>),
    #[error("an account with this email already exists")]
    EmailTaken,
    #[error("invalid email or password")]
    BadCredentials,
    /// The operator suspended the account, for `reason`, which the person reads.
    #[error("this account is suspended: {reason}")]
    Suspended { reason: String },
    #[error("the current password is wrong")]
    WrongCurrentPassword,
    #[error("too many failed attempts; try again in {retry_after_secs} seconds")]
    TooManyAttempts { retry_after_secs: i64 },
    #[error("not found")]
    NotFound,
    /// The password reset link was used, expired, or never existed.
    #[error("this reset link no longer works")]
    ResetLinkInvalid,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Hash(#[from] HashError),
    #[error(transparent)]
    Random(#[from] secret::RandomError),
}

impl From<TooSoon> for AccountError {
    fn from(refusal: TooSoon) -> Self {
        AccountError::TooManyAttempts {
            retry_after_secs: refusal.retry_after_secs,
        }
    }
}

/// Who is signed in after sign-up or log-in; the session keeps both values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignedIn {
    pub user: UserId,
    pub auth_epoch: i64,
}

/// A sign-up whose every field parsed.
struct NewAccount {
    email: Email,
    name: Name,
    organisation: Name,
    password: Password,
}

/// The account use cases, with what they need: the store, the limits, and a hash to verify
/// against when the email is unknown, so that an unknown email costs the same time as a wrong
/// password.
#[derive(Clone, Debug)]
pub struct Accounts {
    pub(super) store: Store,
    pub(super) limits: LoginLimits,
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

    /// Signs up a visitor from `client_addr`, within the sign-ups allowed per address. Input
    /// that does not parse is refused before it counts.
    pub async fn sign_up_from(
        &self,
        input: &SignUp,
        client_addr: &str,
        now: i64,
    ) -> Result<(SignedIn, TenantId), AccountError> {
        let account = parse_sign_up(input)?;
        let since = self.limits.sign_up_counting_since(now);
        self.store
            .reserve_sign_up(client_addr, now, since, |recent| {
                self.limits.admit_sign_up(recent, now)
            })
            .await??;
        self.create_account(account, now).await
    }

    /// Signs up without a limit, for callers inside the server (the demo marketplace); what
    /// comes from the web goes through [`Accounts::sign_up_from`].
    pub async fn sign_up(
        &self,
        input: &SignUp,
        now: i64,
    ) -> Result<(SignedIn, TenantId), AccountError> {
        self.create_account(parse_sign_up(input)?, now).await
    }

    async fn create_account(
        &self,
        account: NewAccount,
        now: i64,
    ) -> Result<(SignedIn, TenantId), AccountError> {
        let hash = secret::hash_password(&account.password).await?;
        let (user, tenant) = self
            .store
            .create_user_with_tenant(
                &account.email,
                account.name.as_str(),
                &hash,
                account.organisation.as_str(),
                now,
            )
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

    /// Checks the password within the limits: the attempt is counted before the password is
    /// checked, and stays a failure unless it proves right.
    pub async fn log_in(
        &self,
        email: &str,
        password: &str,
        client_addr: &str,
        origin: &Origin,
        now: i64,
    ) -> Result<SignedIn, AccountError> {
        let key = email.trim().to_lowercase();
        let since = self.limits.log_in_counting_since(now);
        let attempt = self
            .store
            .reserve_log_in(&key, client_addr, now, since, |history| {
                self.limits.admit_log_in(history, now)
            })
            .await??;
        let credentials = match Email::parse(email) {
            Ok(email) => self.store.credentials(&email).await?,
            Err(_) => None,
        };
        let hash = credentials
            .as_ref()
            .map_or(&self.dummy_hash, |c| &c.password_hash);
        let valid = secret::verify_password(password, hash).await?;
        match credentials {
            // Only the right password learns that the account is suspended, and why.
            Some(Credentials {
                user,
                suspension: Some(suspension),
                ..
            }) if valid => {
                let email = key.chars().take(MAX_EMAIL_CHARS).collect();
                let action = Action::LogInFailed { email };
                let record = Record::new(Actor::user(user, origin.clone()), action, now);
                self.store.log_in_failed(attempt, &record).await?;
                Err(AccountError::Suspended {
                    reason: suspension.reason,
                })
            }
            Some(credentials) if valid => {
                let actor = Actor::user(credentials.user, origin.clone());
                let record = Record::new(actor, Action::LoggedIn, now);
                self.store
                    .log_in_succeeded(attempt, &key, client_addr, &record)
                    .await?;
                Ok(SignedIn {
                    user: credentials.user,
                    auth_epoch: credentials.auth_epoch,
                })
            }
            _ => {
                let email = key.chars().take(MAX_EMAIL_CHARS).collect();
                let action = Action::LogInFailed { email };
                let record = Record::new(Actor::visitor(origin.clone()), action, now);
                self.store.log_in_failed(attempt, &record).await?;
                Err(AccountError::BadCredentials)
            }
        }
    }

    /// The signed-in user, or `None` when the account is gone or suspended, or the session's
    /// epoch is stale (the password changed since).
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
        origin: &Origin,
        now: i64,
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
        let actor = Actor::user(user.id, origin.clone());
        let record = Record::new(actor, Action::PasswordChanged, now);
        let auth_epoch = self.store.set_password(user.id, &hash, &record).await?;
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

fn parse_sign_up(input: &SignUp) -> Result<NewAccount, AccountError> {
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
    match (email, name, organisation, password) {
        (Some(email), Some(name), Some(organisation), Some(password)) => Ok(NewAccount {
            email,
            name,
            organisation,
            password,
        }),
        _ => Err(AccountError::Invalid(errors)),
    }
}
