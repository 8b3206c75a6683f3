//! Provider API tokens: `cpt_` and 64 lower-case hex digits (32 random bytes). Only a token's
//! SHA-256 is kept, so the token itself is shown once, when it is made; a token presented later
//! is hashed and looked up by that hash.

use super::ProviderTokenId;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

/// What every token starts with, so that one found in a log or a repository is recognised.
pub const TOKEN_PREFIX: &str = "cpt_";

/// The random bytes of a token.
const SECRET_BYTES: usize = 32;

/// A token in clear: never serialized, and redacted in `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenSecret(String);

impl TokenSecret {
    /// The token made of `bytes`, which must come from a CSPRNG (`secret::new_token`, under the
    /// `server` feature).
    pub fn from_random(bytes: [u8; SECRET_BYTES]) -> Self {
        Self(format!("{TOKEN_PREFIX}{}", hex(&bytes)))
    }

    /// A token as presented (`Authorization: Bearer …`); `None` when it cannot be one, so that
    /// a malformed token is refused without a lookup.
    pub fn parse(text: &str) -> Option<Self> {
        let digits = text.strip_prefix(TOKEN_PREFIX)?;
        let well_formed = digits.len() == 2 * SECRET_BYTES
            && digits
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        well_formed.then(|| Self(text.to_owned()))
    }

    /// The token itself, to show once.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// What the store keeps and looks the token up by.
    pub fn hash(&self) -> TokenHash {
        TokenHash(hex(&Sha256::digest(self.0.as_bytes())))
    }
}

impl fmt::Debug for TokenSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenSecret(<redacted>)")
    }
}

/// The lower-case hex SHA-256 of a token, as `provider_tokens.token_sha256` holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenHash(String);

impl TokenHash {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Why a token's name is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenNameError {
    #[error("a token needs a name")]
    Empty,
    #[error("a token's name has at most {max} characters", max = TokenName::MAX_CHARS)]
    TooLong,
}

/// What a provider calls a token (`billing exporter`), so that its members know which one to
/// revoke: 1 to 60 characters once trimmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenName(String);

impl TokenName {
    pub const MAX_CHARS: usize = 60;

    pub fn parse(text: &str) -> Result<Self, TokenNameError> {
        let name = text.trim();
        if name.is_empty() {
            Err(TokenNameError::Empty)
        } else if name.chars().count() > Self::MAX_CHARS {
            Err(TokenNameError::TooLong)
        } else {
            Ok(Self(name.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How stale, in seconds, a token's recorded last use may grow before a use records it again:
/// the console shows the last use to the minute, and a token reporting many batches a second
/// costs one write a minute.
pub const LAST_USE_STEP: i64 = 60;

/// A token as the provider's console lists it: never the token itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderToken {
    pub id: ProviderTokenId,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_the_prefix_and_its_bytes_in_hex() {
        let token = TokenSecret::from_random([0xab; SECRET_BYTES]);
        assert_eq!(token.expose(), format!("cpt_{}", "ab".repeat(32)));
        assert_eq!(TokenSecret::parse(token.expose()), Some(token));
    }

    #[test]
    fn only_a_well_formed_token_is_looked_up() {
        let digits = "0123456789abcdef".repeat(4);
        assert!(TokenSecret::parse(&format!("cpt_{digits}")).is_some());
        for malformed in [
            String::new(),
            digits.clone(),
            format!("cpx_{digits}"),
            format!("cpt_{}", &digits[1..]),
            format!("cpt_{digits}0"),
            format!("cpt_{}", digits.to_uppercase()),
            format!("cpt_{}g", &digits[1..]),
            format!(" cpt_{digits}"),
        ] {
            assert_eq!(TokenSecret::parse(&malformed), None, "{malformed:?}");
        }
    }

    #[test]
    fn the_hash_is_the_sha256_of_the_whole_token() {
        let token = TokenSecret::from_random([0; SECRET_BYTES]);
        let expected = hex(&Sha256::digest(
            format!("cpt_{}", "00".repeat(32)).as_bytes(),
        ));
        assert_eq!(token.hash().as_str(), expected);
        assert_eq!(token.hash().as_str().len(), 64);
        assert_ne!(
            token.hash(),
            TokenSecret::from_random([1; SECRET_BYTES]).hash()
        );
    }

    #[test]
    fn a_token_never_prints() {
        let token = TokenSecret::from_random([7; SECRET_BYTES]);
        assert!(!format!("{token:?}").contains("0707"));
    }

    #[test]
    fn a_name_is_trimmed_and_has_1_to_60_characters() {
        assert_eq!(
            TokenName::parse("  billing exporter ").map(|n| n.as_str().to_owned()),
            Ok("billing exporter".to_owned())
        );
        assert_eq!(TokenName::parse("   "), Err(TokenNameError::Empty));
        assert!(TokenName::parse(&"é".repeat(60)).is_ok());
        assert_eq!(
            TokenName::parse(&"é".repeat(61)),
            Err(TokenNameError::TooLong)
        );
    }
}
