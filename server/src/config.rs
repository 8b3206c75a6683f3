//! Configuration: defaults in code, then environment variables (`COMPTOIR_*`, `DATABASE_URL`, and
//! the `LEPTOS_*` ones that cargo-leptos sets). `.env.example` documents every one.

use std::net::IpAddr;

#[derive(Clone, Debug)]
pub struct Config {
    /// `sqlite://...` (the default, a file under `data/`) or `postgres://...`.
    pub database_url: String,
    /// The public address of the site, e.g. `https://comptoir.example`. Its origin is the only one
    /// allowed to send state-changing requests, and `https` turns on `Secure` cookies. When unset,
    /// it is `http://` plus the address the server listens on.
    pub site_url: Option<String>,
    /// A reverse proxy whose `X-Forwarded-For` header is believed for the client address.
    pub trusted_proxy: Option<IpAddr>,
    /// A `tracing` filter, e.g. `info` or `server=debug,info`.
    pub log: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("COMPTOIR_TRUSTED_PROXY must be an IP address, got {0:?}")]
    TrustedProxy(String),
    #[error("COMPTOIR_SITE_URL must start with http:// or https://, got {0:?}")]
    SiteUrl(String),
}

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/comptoir.db";

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
    }

    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let trusted_proxy = match get("COMPTOIR_TRUSTED_PROXY") {
            Some(raw) => Some(
                raw.trim()
                    .parse()
                    .map_err(|_| ConfigError::TrustedProxy(raw))?,
            ),
            None => None,
        };
        let site_url = match get("COMPTOIR_SITE_URL") {
            Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
                Some(url.trim_end_matches('/').to_owned())
            }
            Some(other) => return Err(ConfigError::SiteUrl(other)),
            None => None,
        };
        Ok(Self {
            database_url: get("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned()),
            site_url,
            trusted_proxy,
            log: get("COMPTOIR_LOG").unwrap_or_else(|| "info".to_owned()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_need_no_environment() {
        let config = Config::from_lookup(|_| None).unwrap();
        assert_eq!(config.database_url, DEFAULT_DATABASE_URL);
        assert!(config.site_url.is_none() && config.trusted_proxy.is_none());
    }

    #[test]
    fn a_malformed_proxy_address_is_refused() {
        let err = Config::from_lookup(|name| {
            (name == "COMPTOIR_TRUSTED_PROXY").then(|| "proxy".to_owned())
        });
        assert!(matches!(err, Err(ConfigError::TrustedProxy(_))));
    }
}
