//! Configuration: defaults in code, then environment variables (`COMPTOIR_*`, `DATABASE_URL`, and
//! the `LEPTOS_*` ones that cargo-leptos sets). `.env.example` documents every one.

use broker::billing::Operator;
use broker::provisioning::{DelayRange, SimulatedAdapter, SimulationConfig};
use std::net::IpAddr;

pub mod mail;
mod operator;
pub mod stripe;

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
    /// Whether to load the demo marketplace into a database that has no provider yet
    /// (`COMPTOIR_DEMO`). On by default for SQLite, the try-it-out backend; off for PostgreSQL,
    /// where a production marketplace should start empty.
    pub demo: bool,
    /// How the simulated provider behind every offer behaves (`COMPTOIR_SIMULATION_*`): by
    /// default one provision in twenty fails, and a contract of a few lines is active within
    /// about twenty seconds.
    pub simulation: SimulationConfig,
    /// Sign-ups allowed from one client address in an hour (`COMPTOIR_SIGNUPS_PER_HOUR`).
    pub sign_ups_per_hour: i64,
    /// Who invoices (`COMPTOIR_OPERATOR_*`, `COMPTOIR_COMMISSION_BP`).
    pub operator: Operator,
    /// Hours after a month's end before the billing job finalizes its invoices
    /// (`COMPTOIR_BILLING_GRACE_HOURS`).
    pub billing_grace_hours: i64,
    /// Card payments through Stripe (`COMPTOIR_STRIPE_*`), when configured.
    pub stripe: Option<stripe::StripeConfig>,
    /// Outgoing mail (`COMPTOIR_SMTP_URL`, `COMPTOIR_MAIL_FROM`, `COMPTOIR_MAIL_DIR`).
    pub mail: mail::MailConfig,
}

/// The simulated provider's defaults, quick enough to watch a demo contract come up.
pub const DEFAULT_SIMULATION: SimulationConfig = SimulationConfig {
    seed: 0,
    failure_per_mille: 50,
    queued: DelayRange {
        min_secs: 1,
        max_secs: 3,
    },
    provisioning: DelayRange {
        min_secs: 4,
        max_secs: 12,
    },
    deprovisioning: DelayRange {
        min_secs: 2,
        max_secs: 6,
    },
};

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("COMPTOIR_TRUSTED_PROXY must be an IP address, got {0:?}")]
    TrustedProxy(String),
    #[error("COMPTOIR_SITE_URL must start with http:// or https://, got {0:?}")]
    SiteUrl(String),
    #[error("COMPTOIR_DEMO must be 1 or 0, got {0:?}")]
    Demo(String),
    #[error("{0} must be {1}, got {2:?}")]
    Simulation(&'static str, &'static str, String),
    #[error("COMPTOIR_SIGNUPS_PER_HOUR must be a whole number of at least 1, got {0:?}")]
    SignUps(String),
    #[error("{0} must be {1}, got {2:?}")]
    Operator(&'static str, &'static str, String),
    /// The value is not repeated: it may be a secret.
    #[error("{0} must be {1}")]
    Stripe(&'static str, &'static str),
    /// The value is not repeated: an SMTP URL may hold a password.
    #[error("{0} must be {1}")]
    Mail(&'static str, &'static str),
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
        let database_url = get("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        let demo = match get("COMPTOIR_DEMO").as_deref().map(str::trim) {
            Some("1" | "true" | "on") => true,
            Some("0" | "false" | "off") => false,
            Some(other) => return Err(ConfigError::Demo(other.to_owned())),
            None => database_url.starts_with("sqlite:"),
        };
        let sign_ups_per_hour = match get("COMPTOIR_SIGNUPS_PER_HOUR") {
            Some(raw) => raw
                .trim()
                .parse()
                .ok()
                .filter(|n: &i64| *n >= 1)
                .ok_or(ConfigError::SignUps(raw))?,
            None => broker::service::LoginLimits::default().sign_ups_per_address,
        };
        let (operator, billing_grace_hours) = operator::operator(&get)?;
        Ok(Self {
            stripe: stripe::stripe(&get)?,
            mail: mail::mail(&get)?,
            operator,
            billing_grace_hours,
            sign_ups_per_hour,
            database_url,
            site_url,
            trusted_proxy,
            log: get("COMPTOIR_LOG").unwrap_or_else(|| "info".to_owned()),
            demo,
            simulation: simulation(&get)?,
        })
    }
}

fn simulation(get: &impl Fn(&str) -> Option<String>) -> Result<SimulationConfig, ConfigError> {
    const RATE: &str = "COMPTOIR_SIMULATION_FAILURE_PER_MILLE";
    const SEED: &str = "COMPTOIR_SIMULATION_SEED";
    const QUEUED: &str = "COMPTOIR_SIMULATION_QUEUED_SECS";
    const PROVISIONING: &str = "COMPTOIR_SIMULATION_PROVISIONING_SECS";
    const DEPROVISIONING: &str = "COMPTOIR_SIMULATION_DEPROVISIONING_SECS";
    const RANGE: &str = "seconds, one number or MIN-MAX";
    let mut config = DEFAULT_SIMULATION;
    if let Some(raw) = get(RATE) {
        config.failure_per_mille = raw
            .trim()
            .parse()
            .ok()
            .filter(|rate| *rate <= 1000)
            .ok_or(ConfigError::Simulation(RATE, "0 to 1000", raw))?;
    }
    if let Some(raw) = get(SEED) {
        config.seed = raw
            .trim()
            .parse()
            .map_err(|_| ConfigError::Simulation(SEED, "a whole number", raw))?;
    }
    for (name, slot) in [
        (QUEUED, &mut config.queued),
        (PROVISIONING, &mut config.provisioning),
        (DEPROVISIONING, &mut config.deprovisioning),
    ] {
        if let Some(raw) = get(name) {
            *slot = delay_range(&raw).ok_or(ConfigError::Simulation(name, RANGE, raw))?;
        }
    }
    SimulatedAdapter::new(config)
        .map(|adapter| adapter.config())
        .map_err(|err| {
            ConfigError::Simulation("COMPTOIR_SIMULATION_*", "consistent", err.to_string())
        })
}

/// `5` or `2-8`: seconds, the minimum at most the maximum.
fn delay_range(raw: &str) -> Option<DelayRange> {
    let (min, max) = raw.split_once('-').unwrap_or((raw, raw));
    let range = DelayRange {
        min_secs: min.trim().parse().ok()?,
        max_secs: max.trim().parse().ok()?,
    };
    (range.min_secs >= 0 && range.min_secs <= range.max_secs).then_some(range)
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
    fn the_demo_is_on_by_default_for_sqlite_only_and_comptoir_demo_decides() {
        let config = |url: &'static str, demo: Option<&'static str>| {
            Config::from_lookup(|name| match name {
                "DATABASE_URL" => Some(url.to_owned()),
                "COMPTOIR_DEMO" => demo.map(str::to_owned),
                _ => None,
            })
        };
        let demo = |url, value| config(url, value).map(|config| config.demo).ok();
        assert_eq!(demo("sqlite://data/comptoir.db", None), Some(true));
        assert_eq!(demo("postgres://db/comptoir", None), Some(false));
        assert_eq!(demo("sqlite://data/comptoir.db", Some("0")), Some(false));
        assert_eq!(demo("postgres://db/comptoir", Some("1")), Some(true));
        assert!(matches!(
            config("sqlite://x.db", Some("maybe")),
            Err(ConfigError::Demo(_))
        ));
    }

    #[test]
    fn the_simulated_provider_is_configured_by_its_variables() {
        let config = |pairs: &'static [(&'static str, &'static str)]| {
            Config::from_lookup(|name| {
                pairs
                    .iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| (*value).to_owned())
            })
        };
        assert_eq!(config(&[]).unwrap().simulation, DEFAULT_SIMULATION);
        let set = config(&[
            ("COMPTOIR_SIMULATION_FAILURE_PER_MILLE", "0"),
            ("COMPTOIR_SIMULATION_SEED", "42"),
            ("COMPTOIR_SIMULATION_QUEUED_SECS", "0"),
            ("COMPTOIR_SIMULATION_PROVISIONING_SECS", "1-2"),
        ])
        .unwrap()
        .simulation;
        assert_eq!((set.failure_per_mille, set.seed), (0, 42));
        assert_eq!((set.queued.min_secs, set.queued.max_secs), (0, 0));
        assert_eq!(
            (set.provisioning.min_secs, set.provisioning.max_secs),
            (1, 2)
        );
        assert_eq!(set.deprovisioning, DEFAULT_SIMULATION.deprovisioning);
        for bad in [
            &[("COMPTOIR_SIMULATION_FAILURE_PER_MILLE", "1001")][..],
            &[("COMPTOIR_SIMULATION_QUEUED_SECS", "5-2")],
            &[("COMPTOIR_SIMULATION_DEPROVISIONING_SECS", "soon")],
        ] {
            assert!(matches!(config(bad), Err(ConfigError::Simulation(..))));
        }
    }

    #[test]
    fn a_malformed_proxy_address_is_refused() {
        let err = Config::from_lookup(|name| {
            (name == "COMPTOIR_TRUSTED_PROXY").then(|| "proxy".to_owned())
        });
        assert!(matches!(err, Err(ConfigError::TrustedProxy(_))));
    }
}
