//! Forgotten passwords: a reset link sent by mail, valid an hour and once, and the new password
//! set from it, which ends every session of the account. Asking answers the same whether or
//! not an account has the email, within limits per email and per address.

use super::{AccountError, Accounts};
use crate::account::{Email, Field, Password};
use crate::audit::{Action, Actor, Origin, Record};
use crate::mail::{Language, RESET_VALID_SECS, password_reset};
use crate::reports::TokenSecret;
use crate::secret;
use crate::store::password_resets::ResetFor;

impl Accounts {
    /// Sends a reset link for `email` to the account that has it, if any, in `language`; the
    /// link leads to `reset_page` (an absolute URL) with the token. Answers the same either way.
    pub async fn request_password_reset(
        &self,
        email: &str,
        language: Language,
        reset_page: &str,
        client_addr: &str,
        now: i64,
    ) -> Result<(), AccountError> {
        let email =
            Email::parse(email).map_err(|err| AccountError::Invalid(vec![(Field::Email, err)]))?;
        let since = now - self.limits.sign_up_window_secs;
        self.store
            .reserve_reset(
                email.as_str(),
                client_addr,
                (now, since),
                |by_email, by_address| self.limits.admit_reset(by_email, by_address, now),
            )
            .await??;
        let Some(credentials) = self.store.credentials(&email).await? else {
            return Ok(());
        };
        if credentials.suspension.is_some() {
            return Ok(());
        }
        let token = secret::new_token()?;
        let link = format!("{reset_page}?token={}", token.expose());
        let mail = password_reset(email, language, &link);
        self.store
            .create_password_reset(
                credentials.user,
                &token.hash(),
                (now, now + RESET_VALID_SECS),
                &mail,
            )
            .await?;
        Ok(())
    }

    /// The account a reset link is for, while it works.
    pub async fn reset_link(&self, token: &str, now: i64) -> Result<ResetFor, AccountError> {
        let token = TokenSecret::parse(token.trim()).ok_or(AccountError::ResetLinkInvalid)?;
        self.store
            .password_reset_for(&token.hash(), now)
            .await?
            .ok_or(AccountError::ResetLinkInvalid)
    }

    /// Sets the new password from a reset link, which then works no more; every session of the
    /// account ends.
    pub async fn reset_password(
        &self,
        token: &str,
        new: &str,
        origin: &Origin,
        now: i64,
    ) -> Result<(), AccountError> {
        let account = self.reset_link(token, now).await?;
        let password = Password::parse(new, &[account.email.as_str(), &account.name])
            .map_err(|err| AccountError::Invalid(vec![(Field::NewPassword, err)]))?;
        let hash = secret::hash_password(&password).await?;
        let token = TokenSecret::parse(token.trim()).ok_or(AccountError::ResetLinkInvalid)?;
        let actor = Actor::user(account.user, origin.clone());
        let record = Record::new(actor, Action::PasswordChanged, now);
        let reset = self
            .store
            .reset_password((account.user, &token.hash()), &hash, &record)
            .await?;
        reset.then_some(()).ok_or(AccountError::ResetLinkInvalid)
    }
}
