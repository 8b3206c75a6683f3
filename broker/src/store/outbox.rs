//! The outbox of [`crate::mail`]: messages queued inside the transaction of what caused them,
//! claimed by one sender at a time under a lease, and marked sent, due again, or given up.

use super::{Store, StoreError};
use crate::account::Email;
use crate::mail::{Mail, QueuedMail};
use sqlx::{Any, Row, Transaction};

/// Queues `mail` inside `tx`, due at once.
pub(super) async fn queue_mail(
    tx: &mut Transaction<'static, Any>,
    mail: &Mail,
    now: i64,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO outbox (recipient, subject, text_body, html_body, created_at, next_attempt_at) \
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
    )
    .bind(mail.to.as_str())
    .bind(&mail.subject)
    .bind(&mail.text)
    .bind(&mail.html)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

/// What a message of the outbox has become.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxEntry {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub attempts: i64,
    pub sent_at: Option<i64>,
    pub failed_at: Option<i64>,
    pub last_error: Option<String>,
}

impl Store {
    /// Claims at most `limit` messages due at `now` that no other sender holds, for
    /// `lease_secs`, counting the attempt: oldest first.
    pub async fn claim_mail(
        &self,
        now: i64,
        lease_secs: i64,
        limit: i64,
    ) -> Result<Vec<QueuedMail>, StoreError> {
        const FREE: &str = "sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $2 \
                            AND (claimed_until IS NULL OR claimed_until <= $2)";
        // The condition is repeated outside the subquery: on PostgreSQL a second sender that
        // waited for the first's rows finds them claimed and skips them.
        let rows = sqlx::query(&format!(
            "UPDATE outbox SET claimed_until = $1, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM outbox WHERE {FREE} ORDER BY id LIMIT $3) AND {FREE} \
             RETURNING id, recipient, subject, text_body, html_body, attempts"
        ))
        .bind(now + lease_secs)
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut claimed = rows
            .iter()
            .map(|row| {
                let to = Email::parse(&row.try_get::<String, _>("recipient")?)
                    .map_err(|_| StoreError::Corrupt("outbox.recipient"))?;
                Ok(QueuedMail {
                    id: row.try_get("id")?,
                    attempts: row.try_get("attempts")?,
                    mail: Mail {
                        to,
                        subject: row.try_get("subject")?,
                        text: row.try_get("text_body")?,
                        html: row.try_get("html_body")?,
                    },
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        claimed.sort_by_key(|queued| queued.id);
        Ok(claimed)
    }

    /// The message was handed over.
    pub async fn mail_sent(&self, id: i64, now: i64) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE outbox SET sent_at = $2, claimed_until = NULL, last_error = NULL WHERE id = $1",
        )
        .bind(id)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The attempt failed with `error`: due again at `retry_at`, or given up at `now`.
    pub async fn mail_failed(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<i64>,
        now: i64,
    ) -> Result<(), StoreError> {
        let statement = match retry_at {
            Some(_) => {
                "UPDATE outbox SET next_attempt_at = $3, claimed_until = NULL, last_error = $2 WHERE id = $1"
            }
            None => {
                "UPDATE outbox SET failed_at = $3, claimed_until = NULL, last_error = $2 WHERE id = $1"
            }
        };
        sqlx::query(statement)
            .bind(id)
            .bind(error)
            .bind(retry_at.unwrap_or(now))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The messages to `recipient`, newest first: what became of them.
    pub async fn outbox_of(&self, recipient: &Email) -> Result<Vec<OutboxEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, recipient, subject, attempts, sent_at, failed_at, last_error FROM outbox \
             WHERE recipient = $1 ORDER BY id DESC",
        )
        .bind(recipient.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(OutboxEntry {
                    id: row.try_get("id")?,
                    recipient: row.try_get("recipient")?,
                    subject: row.try_get("subject")?,
                    attempts: row.try_get("attempts")?,
                    sent_at: row.try_get("sent_at")?,
                    failed_at: row.try_get("failed_at")?,
                    last_error: row.try_get("last_error")?,
                })
            })
            .collect()
    }
}
