//! The transports of outgoing mail, with `lettre`: through an SMTP server when
//! `COMPTOIR_SMTP_URL` names one, otherwise as `.eml` files under a directory (one per message,
//! named by its outbox id, written whole before it appears). Either way the message is plain
//! text and HTML, with a `Message-ID` made from its outbox id.

use crate::config::mail::MailConfig;
use broker::mail::{Mail, MailError, MailFuture, MailTransport};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;
use std::sync::Arc;

/// The transport `config` asks for.
pub fn transport(config: &MailConfig) -> Result<Arc<dyn MailTransport>, MailError> {
    let from: Mailbox = config
        .from
        .parse()
        .map_err(|err| MailError(format!("COMPTOIR_MAIL_FROM: {err}")))?;
    Ok(match &config.smtp_url {
        Some(url) => {
            let smtp = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .map_err(|err| MailError(format!("COMPTOIR_SMTP_URL: {err}")))?
                .build();
            let host = url.split('@').next_back().unwrap_or(url).to_owned();
            tracing::info!(server = %host.trim_start_matches("smtp://").trim_start_matches("smtps://"), "mail is sent through SMTP");
            Arc::new(Smtp { from, smtp })
        }
        None => {
            tracing::info!(dir = %config.dir.display(), "no SMTP server: mail is written as .eml files");
            Arc::new(Files {
                from,
                dir: config.dir.clone(),
            })
        }
    })
}

/// The message of `mail`, outbox id `id`, from `from`.
fn message(from: &Mailbox, id: i64, mail: &Mail) -> Result<Message, MailError> {
    let to: Mailbox = mail
        .to
        .as_str()
        .parse()
        .map_err(|err| MailError(format!("the recipient: {err}")))?;
    let domain = from.email.domain().to_owned();
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(mail.subject.clone())
        .message_id(Some(format!("<outbox-{id}@{domain}>")))
        .multipart(MultiPart::alternative_plain_html(
            mail.text.clone(),
            mail.html.clone(),
        ))
        .map_err(|err| MailError(format!("building the message: {err}")))
}

struct Smtp {
    from: Mailbox,
    smtp: AsyncSmtpTransport<Tokio1Executor>,
}

impl std::fmt::Debug for Smtp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Smtp")
            .field("from", &self.from)
            .finish_non_exhaustive()
    }
}

impl MailTransport for Smtp {
    fn send<'a>(&'a self, id: i64, mail: &'a Mail) -> MailFuture<'a> {
        Box::pin(async move {
            let message = message(&self.from, id, mail)?;
            self.smtp
                .send(message)
                .await
                .map(|_| ())
                .map_err(|err| MailError(err.to_string()))
        })
    }
}

#[derive(Debug)]
struct Files {
    from: Mailbox,
    dir: PathBuf,
}

impl MailTransport for Files {
    fn send<'a>(&'a self, id: i64, mail: &'a Mail) -> MailFuture<'a> {
        Box::pin(async move {
            let message = message(&self.from, id, mail)?;
            let fail = |err: std::io::Error| MailError(format!("{}: {err}", self.dir.display()));
            tokio::fs::create_dir_all(&self.dir).await.map_err(fail)?;
            // Written aside, then renamed: a reader never sees half a message.
            let part = self.dir.join(format!(".{id}.eml.part"));
            let path = self.dir.join(format!("{id}.eml"));
            tokio::fs::write(&part, message.formatted())
                .await
                .map_err(fail)?;
            tokio::fs::rename(&part, &path).await.map_err(fail)?;
            tracing::info!(path = %path.display(), to = %mail.to, "mail written");
            Ok(())
        })
    }
}
