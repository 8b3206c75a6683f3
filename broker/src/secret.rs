//! Password hashing with argon2id (OWASP parameters: 19 MiB, 2 passes, 1 lane), always run off the
//! async runtime, and the hash type that never serialises or prints; and the random provider API
//! tokens.

use crate::account::Password;
use crate::reports::TokenSecret;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand_core::{OsRng, RngCore};
use std::fmt;

/// A PHC-format argon2id hash as stored in `users.password_hash`.
#[derive(Clone)]
pub struct PasswordHash(String);

impl PasswordHash {
    pub fn from_stored(phc: String) -> Self {
        Self(phc)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHash(<redacted>)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error("the hashing task stopped: {0}")]
    Join(#[from] tokio::task::JoinError),
}

fn argon2() -> Argon2<'static> {
    let params = Params::new(19_456, 2, 1, None).expect("constant argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes on a blocking thread: argon2 takes tens of milliseconds of CPU by design.
pub async fn hash_password(password: &Password) -> Result<PasswordHash, HashError> {
    let plain = password.expose().to_owned();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2()
            .hash_password(plain.as_bytes(), &salt)
            .map(|hash| PasswordHash(hash.to_string()))
            .map_err(|err| HashError::Hash(err.to_string()))
    })
    .await?
}

/// Verifies on a blocking thread; a malformed stored hash verifies as false.
pub async fn verify_password(plain: &str, hash: &PasswordHash) -> Result<bool, HashError> {
    let plain = plain.to_owned();
    let stored = hash.0.clone();
    Ok(tokio::task::spawn_blocking(move || {
        argon2::PasswordHash::new(&stored)
            .map(|parsed| argon2().verify_password(plain.as_bytes(), &parsed).is_ok())
            .unwrap_or(false)
    })
    .await?)
}

/// The operating system gave no random bytes.
#[derive(Debug, thiserror::Error)]
#[error("no random bytes: {0}")]
pub struct RandomError(String);

/// A new provider API token, from the operating system's CSPRNG.
pub fn new_token() -> Result<TokenSecret, RandomError> {
    let mut bytes = [0u8; 32];
    OsRng
        .try_fill_bytes(&mut bytes)
        .map_err(|err| RandomError(err.to_string()))?;
    Ok(TokenSecret::from_random(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_and_no_other() {
        let password = Password::parse("correct horse battery staple", &[]).unwrap();
        let hash = hash_password(&password).await.unwrap();
        assert!(hash.expose().starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(
            verify_password("correct horse battery staple", &hash)
                .await
                .unwrap()
        );
        assert!(
            !verify_password("correct horse battery stapler", &hash)
                .await
                .unwrap()
        );
        assert!(!format!("{hash:?}").contains("argon2"));
    }

    #[test]
    fn two_new_tokens_differ_and_read_back() {
        let (a, b) = (new_token().unwrap(), new_token().unwrap());
        assert_ne!(a, b);
        assert_eq!(TokenSecret::parse(a.expose()), Some(a));
    }
}
