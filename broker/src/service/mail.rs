//! Sending the outbox: each round claims the messages due (under a lease, so that several
//! instances share the work and never hold one message together), hands them to the transport,
//! and marks each sent, due again after a growing wait, or given up with its last error.

use crate::mail::{MailTransport, retry_at};
use crate::store::{Store, StoreError};
use std::sync::Arc;

/// How long a claimed message is this sender's before another may take it.
const LEASE_SECS: i64 = 120;
/// The most messages one round sends.
const BATCH: i64 = 20;

/// What one round did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Delivery {
    pub sent: usize,
    /// Failed and due again later.
    pub retrying: usize,
    /// Failed for the last time.
    pub given_up: usize,
}

#[derive(Clone, Debug)]
pub struct Mailer {
    store: Store,
    transport: Arc<dyn MailTransport>,
}

impl Mailer {
    pub fn new(store: Store, transport: Arc<dyn MailTransport>) -> Self {
        Self { store, transport }
    }

    /// One round at `now`.
    pub async fn send_due(&self, now: i64) -> Result<Delivery, StoreError> {
        let mut delivery = Delivery::default();
        for queued in self.store.claim_mail(now, LEASE_SECS, BATCH).await? {
            match self.transport.send(queued.id, &queued.mail).await {
                Ok(()) => {
                    self.store.mail_sent(queued.id, now).await?;
                    delivery.sent += 1;
                }
                Err(err) => {
                    let next = retry_at(queued.attempts, now);
                    self.store.mail_failed(queued.id, &err.0, next, now).await?;
                    if next.is_some() {
                        tracing::warn!(id = queued.id, attempts = queued.attempts, %err, "a message was not sent; it is tried again later");
                        delivery.retrying += 1;
                    } else {
                        tracing::error!(id = queued.id, attempts = queued.attempts, %err, "a message was given up");
                        delivery.given_up += 1;
                    }
                }
            }
        }
        Ok(delivery)
    }
}
