//! Outgoing mail: what Comptoir writes to people (a password reset link, an invitation to an
//! organisation), in English or French, as plain text and HTML,
//! and how long a message that could not be handed over waits before the next attempt.
//!
//! A message is queued in the outbox in the same transaction as what caused it (`store::outbox`);
//! a background job hands it to the [`MailTransport`] (SMTP, or `.eml` files without a server),
//! so that an action that rolls back sends nothing and a crash loses nothing.

use crate::account::budget::BudgetUse;
use crate::account::{Email, Role};
use crate::money::{MARKETPLACE_CURRENCY, Money};
use std::fmt;
use std::future::Future;
use std::pin::Pin;

/// Attempts before a message is given up (and the failure recorded).
pub const MAX_ATTEMPTS: i64 = 8;

/// The first wait after a failed attempt; each further failure doubles it, up to [`MAX_WAIT_SECS`].
const FIRST_WAIT_SECS: i64 = 30;
const MAX_WAIT_SECS: i64 = 6 * 3600;

/// How long a password reset link stays valid.
pub const RESET_VALID_SECS: i64 = 3600;

/// The language of a message: the recipient's, as the page they asked from was.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Language {
    #[default]
    En,
    Fr,
}

impl Language {
    /// `fr` (or `fr-…`) is French; anything else English.
    pub fn parse(raw: &str) -> Self {
        if raw == "fr" || raw.starts_with("fr-") {
            Language::Fr
        } else {
            Language::En
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Fr => "fr",
        }
    }
}

/// A message to one person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    pub to: Email,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// A message of the outbox being sent: `attempts` counts this one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueuedMail {
    pub id: i64,
    pub mail: Mail,
    pub attempts: i64,
}

/// When a message whose `attempts`th attempt failed at `now` is tried again; `None`: given up.
pub fn retry_at(attempts: i64, now: i64) -> Option<i64> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let doublings = u32::try_from((attempts - 1).clamp(0, 20)).unwrap_or(20);
    let wait = FIRST_WAIT_SECS
        .saturating_mul(1 << doublings)
        .min(MAX_WAIT_SECS);
    Some(now + wait)
}

/// Why a transport did not take a message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct MailError(pub String);

pub type MailFuture<'a> = Pin<Box<dyn Future<Output = Result<(), MailError>> + Send + 'a>>;

/// What hands a message over: an SMTP server, or files. `id` is the outbox's, from which the
/// message's `Message-ID` is made, so that an attempt repeated after a crash is the same message.
pub trait MailTransport: Send + Sync + fmt::Debug {
    fn send<'a>(&'a self, id: i64, mail: &'a Mail) -> MailFuture<'a>;
}

/// The reset link `link` for `to`, valid for [`RESET_VALID_SECS`].
pub fn password_reset(to: Email, language: Language, link: &str) -> Mail {
    let minutes = RESET_VALID_SECS / 60;
    let (subject, lead, action, ignore) = match language {
        Language::En => (
            "Reset your Comptoir password".to_owned(),
            "Someone asked to reset the password of your Comptoir account. To choose a new one, \
             open this link:"
                .to_owned(),
            format!("It works once, for {minutes} minutes, and ends every session of the account."),
            "If you did not ask, ignore this message: your password stays as it is.".to_owned(),
        ),
        Language::Fr => (
            "Réinitialisez votre mot de passe Comptoir".to_owned(),
            "Quelqu’un a demandé à réinitialiser le mot de passe de votre compte Comptoir. Pour \
             en choisir un nouveau, ouvrez ce lien :"
                .to_owned(),
            format!(
                "Il ne sert qu’une fois, pendant {minutes} minutes, et ferme toutes les sessions \
                 du compte."
            ),
            "Si vous n’avez rien demandé, ignorez ce message : votre mot de passe ne change pas."
                .to_owned(),
        ),
    };
    compose(to, language, subject, [&lead, link, &action, &ignore])
}

/// What an invitation to an organisation says: who invites, to what, with which role.
#[derive(Clone, Copy, Debug)]
pub struct Invitation<'a> {
    pub organisation: &'a str,
    pub invited_by: &'a str,
    pub role: Role,
    /// The link to the invitation's page, with its token.
    pub link: &'a str,
}

/// The invitation `invitation` for `to`, whose link works for a week.
pub fn invitation(to: Email, language: Language, invitation: &Invitation<'_>) -> Mail {
    let Invitation {
        organisation,
        invited_by,
        role,
        link,
    } = *invitation;
    let (subject, lead, action, ignore) = match language {
        Language::En => (
            format!("{invited_by} invites you to {organisation} on Comptoir"),
            format!(
                "{invited_by} invites you to join {organisation} on Comptoir, the cloud                  marketplace, as {}. To accept, open this link:",
                role_name(role, language)
            ),
            "It works for 7 days. Without an account, you create one with this address on the way."
                .to_owned(),
            "If you do not know them, ignore this message.".to_owned(),
        ),
        Language::Fr => (
            format!("{invited_by} vous invite dans {organisation} sur Comptoir"),
            format!(
                "{invited_by} vous invite à rejoindre {organisation} sur Comptoir, la place de                  marché du cloud, comme {}. Pour accepter, ouvrez ce lien :",
                role_name(role, language)
            ),
            "Il fonctionne 7 jours. Sans compte, vous en créez un avec cette adresse en chemin."
                .to_owned(),
            "Si vous ne connaissez pas cette personne, ignorez ce message.".to_owned(),
        ),
    };
    compose(to, language, subject, [&lead, link, &action, &ignore])
}

/// The alert to an owner or admin of `organisation` that a signature took its committed monthly
/// spend past the alert share of its budget.
pub fn budget_alert(to: Email, language: Language, organisation: &str, spend: &BudgetUse) -> Mail {
    let money = |minor: i64| Money::new(minor, MARKETPLACE_CURRENCY).to_string();
    let (after, budget) = (money(spend.after()), money(spend.budget_minor));
    let percent = i128::from(spend.after()) * 100 / i128::from(spend.budget_minor.max(1));
    let (subject, lead, what, how) = match language {
        Language::En => (
            format!("{organisation} has committed {percent} % of its monthly budget"),
            format!(
                "A contract just signed takes the committed monthly spend of {organisation} to                  {after}, of a budget of {budget}."
            ),
            format!(
                "Contracts that would take it over {budget} are refused until the budget is raised."
            ),
            "Owners change the budget on the organisation's dashboard.".to_owned(),
        ),
        Language::Fr => (
            format!("{organisation} a engagé {percent} % de son budget mensuel"),
            format!(
                "Un contrat vient d’être signé : les dépenses mensuelles engagées de                  {organisation} atteignent {after}, pour un budget de {budget}."
            ),
            format!(
                "Les contrats qui les porteraient au-delà de {budget} sont refusés tant que le                  budget n’est pas relevé."
            ),
            "Les propriétaires changent le budget sur le tableau de bord de l’organisation."
                .to_owned(),
        ),
    };
    let text = format!("{lead}\n\n{what}\n\n{how}\n");
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><body><p>{lead}</p><p>{what}</p><p>{how}</p></body></html>",
        lang = language.as_str(),
        lead = escape(&lead),
        what = escape(&what),
        how = escape(&how),
    );
    Mail {
        to,
        subject,
        text,
        html,
    }
}

fn role_name(role: Role, language: Language) -> &'static str {
    match (language, role) {
        (Language::En, Role::Owner) => "owner",
        (Language::En, Role::Admin) => "admin",
        (Language::En, Role::Buyer) => "buyer",
        (Language::En, Role::Viewer) => "viewer",
        (Language::Fr, Role::Owner) => "propriétaire",
        (Language::Fr, Role::Admin) => "administrateur",
        (Language::Fr, Role::Buyer) => "acheteur",
        (Language::Fr, Role::Viewer) => "lecteur",
    }
}

/// The message of four paragraphs: a lead, the link, what it does, and what to do otherwise.
fn compose(
    to: Email,
    language: Language,
    subject: String,
    [lead, link, action, ignore]: [&str; 4],
) -> Mail {
    let text = format!("{lead}\n\n{link}\n\n{action}\n\n{ignore}\n");
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><body><p>{lead}</p><p><a href=\"{href}\">{href}</a></p>\
         <p>{action}</p><p>{ignore}</p></body></html>",
        lang = language.as_str(),
        lead = escape(lead),
        href = escape(link),
        action = escape(action),
        ignore = escape(ignore),
    );
    Mail {
        to,
        subject,
        text,
        html,
    }
}

/// `text` with the characters HTML gives a meaning escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_failure_doubles_the_wait_until_the_last_attempt() {
        assert_eq!(retry_at(1, 1_000), Some(1_030));
        assert_eq!(retry_at(2, 1_000), Some(1_060));
        assert_eq!(retry_at(7, 0), Some(30 * 64));
        assert_eq!(retry_at(MAX_ATTEMPTS, 0), None);
    }

    #[test]
    fn an_invitation_names_who_invites_to_what_and_as_what() {
        let to = Email::parse("bea@example.org").expect("an email");
        let offer = Invitation {
            organisation: "Acme <SAS>",
            invited_by: "Olga",
            role: Role::Buyer,
            link: "https://comptoir.example/join?token=cpt_1",
        };
        let fr = invitation(to, Language::Fr, &offer);
        assert_eq!(fr.subject, "Olga vous invite dans Acme <SAS> sur Comptoir");
        assert!(fr.text.contains("comme acheteur"));
        assert!(fr.html.contains("Acme &lt;SAS&gt;"));
        assert!(fr.text.contains(offer.link));
    }

    #[test]
    fn the_reset_mail_carries_its_link_in_both_forms_and_both_languages() {
        let to = Email::parse("ada@example.org").expect("an email");
        let link = "https://comptoir.example/reset-password?token=cpt_ab&x=<1>";
        let en = password_reset(to.clone(), Language::En, link);
        assert!(en.text.contains(link));
        assert!(en.html.contains("token=cpt_ab&amp;x=&lt;1&gt;"));
        assert!(!en.html.contains("<1>"));
        let fr = password_reset(to, Language::parse("fr"), link);
        assert!(fr.subject.starts_with("Réinitialisez"));
        assert!(fr.html.contains("lang=\"fr\""));
    }
}
