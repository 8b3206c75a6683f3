//! Outgoing mail's settings: `COMPTOIR_SMTP_URL` (for example `smtp://127.0.0.1:1025`, or
//! `smtps://user:password@smtp.example:465`) sends through that server; without it, each message
//! is written as an `.eml` file under `COMPTOIR_MAIL_DIR` (`data/mail`), so that a fresh
//! `make run` needs no mail server. `COMPTOIR_MAIL_FROM` is the sender.

use super::ConfigError;
use std::path::PathBuf;

pub const DEFAULT_MAIL_FROM: &str = "Comptoir <no-reply@comptoir.localhost>";
pub const DEFAULT_MAIL_DIR: &str = "data/mail";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailConfig {
    /// The SMTP server's URL; `None`: files under `dir`.
    pub smtp_url: Option<String>,
    pub from: String,
    pub dir: PathBuf,
}

pub fn mail(get: &impl Fn(&str) -> Option<String>) -> Result<MailConfig, ConfigError> {
    let smtp_url = match get("COMPTOIR_SMTP_URL") {
        Some(url) if url.starts_with("smtp://") || url.starts_with("smtps://") => {
            Some(url.trim().to_owned())
        }
        Some(_) => {
            return Err(ConfigError::Mail(
                "COMPTOIR_SMTP_URL",
                "an smtp:// or smtps:// URL",
            ));
        }
        None => None,
    };
    let from = get("COMPTOIR_MAIL_FROM").unwrap_or_else(|| DEFAULT_MAIL_FROM.to_owned());
    if !from.contains('@') {
        return Err(ConfigError::Mail(
            "COMPTOIR_MAIL_FROM",
            "an address, such as Comptoir <no-reply@comptoir.example>",
        ));
    }
    Ok(MailConfig {
        smtp_url,
        from: from.trim().to_owned(),
        dir: PathBuf::from(get("COMPTOIR_MAIL_DIR").unwrap_or_else(|| DEFAULT_MAIL_DIR.to_owned())),
    })
}
