//! Card payments through Stripe, from `COMPTOIR_STRIPE_*`: both secrets set turn them on, neither
//! leaves the bank transfer alone; `COMPTOIR_STRIPE_API_BASE` points the client at another
//! server than Stripe's own (a local one in the tests).

use super::ConfigError;
use std::fmt;

/// A secret read from the environment: it never prints and never serializes.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// Stripe's API, unless told otherwise.
pub const STRIPE_API_BASE: &str = "https://api.stripe.com/";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StripeConfig {
    /// `COMPTOIR_STRIPE_SECRET_KEY` (`sk_live_…` or `sk_test_…`).
    pub secret_key: Secret,
    /// `COMPTOIR_STRIPE_WEBHOOK_SECRET` (`whsec_…`): the signing secrets of the webhook
    /// endpoints, separated by commas (Stripe signs the platform's events and the connected
    /// accounts' with the secrets of two endpoints).
    pub webhook_secrets: Vec<Secret>,
    /// `COMPTOIR_STRIPE_API_BASE`, ending in `/`.
    pub api_base: String,
}

/// The Stripe settings, when both secrets are set.
pub fn stripe(get: &impl Fn(&str) -> Option<String>) -> Result<Option<StripeConfig>, ConfigError> {
    const KEY: &str = "COMPTOIR_STRIPE_SECRET_KEY";
    const WEBHOOK: &str = "COMPTOIR_STRIPE_WEBHOOK_SECRET";
    const BASE: &str = "COMPTOIR_STRIPE_API_BASE";
    let (secret_key, webhook_secret) = match (get(KEY), get(WEBHOOK)) {
        (None, None) => return Ok(None),
        (Some(key), Some(webhook)) => (key.trim().to_owned(), webhook.trim().to_owned()),
        (Some(_), None) => return Err(ConfigError::Stripe(WEBHOOK, "set with the secret key")),
        (None, Some(_)) => return Err(ConfigError::Stripe(KEY, "set with the webhook secret")),
    };
    if !secret_key.starts_with("sk_") && !secret_key.starts_with("rk_") {
        return Err(ConfigError::Stripe(
            KEY,
            "a secret key (sk_…) or a restricted key (rk_…)",
        ));
    }
    let webhook_secrets: Vec<Secret> = webhook_secret
        .split(',')
        .map(str::trim)
        .filter(|secret| !secret.is_empty())
        .map(Secret::new)
        .collect();
    if webhook_secrets.is_empty()
        || webhook_secrets
            .iter()
            .any(|secret| !secret.expose().starts_with("whsec_"))
    {
        return Err(ConfigError::Stripe(
            WEBHOOK,
            "webhook signing secrets (whsec_…), separated by commas",
        ));
    }
    let api_base = match get(BASE) {
        Some(base) if base.starts_with("http://") || base.starts_with("https://") => {
            // The client joins paths to the base: a base with a path must end in `/`.
            format!("{}/", base.trim().trim_end_matches('/'))
        }
        Some(_) => return Err(ConfigError::Stripe(BASE, "an http:// or https:// address")),
        None => STRIPE_API_BASE.to_owned(),
    };
    Ok(Some(StripeConfig {
        secret_key: Secret::new(secret_key),
        webhook_secrets,
        api_base,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(
        pairs: &'static [(&'static str, &'static str)],
    ) -> Result<Option<StripeConfig>, ConfigError> {
        stripe(&|name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        })
    }

    #[test]
    fn both_secrets_turn_cards_on_and_neither_prints() {
        assert_eq!(read(&[]).unwrap(), None);
        let config = read(&[
            ("COMPTOIR_STRIPE_SECRET_KEY", "sk_test_abc"),
            ("COMPTOIR_STRIPE_WEBHOOK_SECRET", "whsec_def"),
            ("COMPTOIR_STRIPE_API_BASE", "http://127.0.0.1:9/v"),
        ])
        .unwrap()
        .unwrap();
        assert_eq!(config.api_base, "http://127.0.0.1:9/v/");
        assert_eq!(config.webhook_secrets, [Secret::new("whsec_def")]);
        assert_eq!(config.secret_key.expose(), "sk_test_abc");
        let printed = format!("{config:?}");
        assert!(
            !printed.contains("sk_test_abc") && !printed.contains("whsec_def"),
            "{printed}"
        );
    }

    #[test]
    fn one_secret_alone_or_a_malformed_one_is_refused() {
        for bad in [
            &[("COMPTOIR_STRIPE_SECRET_KEY", "sk_test_abc")][..],
            &[("COMPTOIR_STRIPE_WEBHOOK_SECRET", "whsec_def")],
            &[
                ("COMPTOIR_STRIPE_SECRET_KEY", "pk_test_abc"),
                ("COMPTOIR_STRIPE_WEBHOOK_SECRET", "whsec_def"),
            ],
            &[
                ("COMPTOIR_STRIPE_SECRET_KEY", "sk_test_abc"),
                ("COMPTOIR_STRIPE_WEBHOOK_SECRET", "whsec_def"),
                ("COMPTOIR_STRIPE_API_BASE", "localhost:12111"),
            ],
        ] {
            assert!(matches!(read(bad), Err(ConfigError::Stripe(..))), "{bad:?}");
        }
    }
}
