//! Forgotten passwords and the outbox against a real database, on SQLite and on PostgreSQL when
//! `TEST_DATABASE_URL` is set: the reset link queued with its mail, used once, expiring, ending
//! every session; the same answer for an unknown email; the limits; and the outbox sending each
//! message once, trying again after a failure and giving up in the end.
#![cfg(feature = "server")]

use broker::account::{Email, Field};
use broker::audit::{ActionKind, Origin};
use broker::mail::{Language, MAX_ATTEMPTS, Mail, MailError, MailFuture, MailTransport, retry_at};
use broker::reports::TokenSecret;
use broker::service::mail::{Delivery, Mailer};
use broker::service::{AccountError, Accounts, LoginLimits, SignedIn};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

#[path = "support/db.rs"]
mod db;

use db::{NOW, TestDb, for_each_database};

const PAGE: &str = "https://comptoir.example/reset-password";
const NEW: &str = "copper meadow whistle tomorrow";

async fn accounts(db: &TestDb) -> Accounts {
    Accounts::new(db.store.clone(), LoginLimits::default())
        .await
        .expect("accounts")
}

async fn ask(accounts: &Accounts, email: &str, at: i64) -> Result<(), AccountError> {
    accounts
        .request_password_reset(email, Language::En, PAGE, "192.0.2.7", at)
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_reset_link_works_once_and_ends_every_session() {
    for_each_database(|db| async move {
        let b = db.backend;
        let accounts = accounts(&db).await;
        let ada = db.user("ada").await;
        let before = SignedIn {
            user: ada.id,
            auth_epoch: 0,
        };
        ask(&accounts, "  ADA@example.org ", NOW).await.expect("asked");
        let token = db.mailed_token("ada@example.org", PAGE, NOW).await;
        // A weak password is refused next to its field, and the link still works.
        let weak = accounts.reset_password(&token, "short", &Origin::default(), NOW + 10).await;
        assert!(
            matches!(&weak, Err(AccountError::Invalid(errors)) if errors[0].0 == Field::NewPassword),
            "{b}: {weak:?}"
        );
        accounts
            .reset_password(&token, NEW, &Origin::default(), NOW + 20)
            .await
            .expect("reset");
        assert_eq!(accounts.current_user(before).await.expect("read"), None, "{b}: the old session ended");
        accounts
            .log_in("ada@example.org", NEW, "192.0.2.7", &Origin::default(), NOW + 30)
            .await
            .expect("the new password logs in");
        let again = accounts.reset_password(&token, "another fine long passphrase", &Origin::default(), NOW + 40).await;
        assert!(matches!(again, Err(AccountError::ResetLinkInvalid)), "{b}: {again:?}");
        let changes = db
            .store
            .audit_chain(0, 100)
            .await
            .expect("the chain")
            .iter()
            .filter(|entry| entry.action == ActionKind::PasswordChanged && entry.user == Some(ada.id))
            .count();
        assert_eq!(changes, 1, "{b}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_unknown_email_answers_the_same_a_link_expires_and_asking_is_limited() {
    for_each_database(|db| async move {
        let b = db.backend;
        let accounts = accounts(&db).await;
        db.user("bob").await;
        ask(&accounts, "nobody@example.org", NOW)
            .await
            .expect("the same answer");
        assert!(
            db.store
                .claim_mail(NOW, 60, 10)
                .await
                .expect("the outbox")
                .is_empty(),
            "{b}: nothing queued"
        );
        let invalid = ask(&accounts, "not an email", NOW).await;
        assert!(matches!(invalid, Err(AccountError::Invalid(_))), "{b}");

        ask(&accounts, "bob@example.org", NOW).await.expect("asked");
        let token = db.mailed_token("bob@example.org", PAGE, NOW).await;
        let late = accounts
            .reset_password(&token, NEW, &Origin::default(), NOW + 3_600)
            .await;
        assert!(
            matches!(late, Err(AccountError::ResetLinkInvalid)),
            "{b}: {late:?}"
        );
        let forged = TokenSecret::from_random([7; 32]);
        let forged = accounts
            .reset_password(forged.expose(), NEW, &Origin::default(), NOW)
            .await;
        assert!(matches!(forged, Err(AccountError::ResetLinkInvalid)), "{b}");

        // Three links an hour for one email (whether or not it has an account).
        for _ in 0..2 {
            ask(&accounts, "nobody@example.org", NOW + 1)
                .await
                .expect("within the limit");
        }
        let refused = ask(&accounts, "nobody@example.org", NOW + 2).await;
        assert!(
            matches!(refused, Err(AccountError::TooManyAttempts { .. })),
            "{b}: {refused:?}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_reset_that_rolls_back_queues_no_mail() {
    for_each_database(|db| async move {
        let b = db.backend;
        let ada = db.user("ada").await;
        let token = TokenSecret::from_random([1; 32]);
        let to = Email::parse("ada@example.org").expect("an email");
        let mail = broker::mail::password_reset(to.clone(), Language::Fr, "https://x.example/r");
        db.store
            .create_password_reset(ada.id, &token.hash(), (NOW, NOW + 60), &mail)
            .await
            .expect("the first");
        // The same token again breaks the uniqueness of its hash, after the mail was queued.
        let twice = db
            .store
            .create_password_reset(ada.id, &token.hash(), (NOW, NOW + 60), &mail)
            .await;
        assert!(twice.is_err(), "{b}");
        assert_eq!(
            db.store.outbox_of(&to).await.expect("the outbox").len(),
            1,
            "{b}"
        );
    })
    .await;
}

/// A transport that fails its first `failures` messages and counts what it takes.
#[derive(Debug, Default)]
struct Flaky {
    failures: usize,
    calls: AtomicUsize,
}

impl MailTransport for Flaky {
    fn send<'a>(&'a self, _id: i64, _mail: &'a Mail) -> MailFuture<'a> {
        let call = self.calls.fetch_add(1, Ordering::SeqCst);
        Box::pin(async move {
            if call < self.failures {
                Err(MailError("421 try again later".to_owned()))
            } else {
                Ok(())
            }
        })
    }
}

async fn queue_one(db: &TestDb, tag: &str) -> Email {
    let user = db.user(tag).await;
    let to = user.email.clone();
    let mail = broker::mail::password_reset(to.clone(), Language::En, PAGE);
    let token = TokenSecret::from_random([tag.len() as u8; 32]);
    db.store
        .create_password_reset(user.id, &token.hash(), (NOW, NOW + 3_600), &mail)
        .await
        .expect("queued");
    to
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_outbox_sends_once_retries_after_a_failure_and_gives_up_in_the_end() {
    for_each_database(|db| async move {
        let b = db.backend;
        let to = queue_one(&db, "ada").await;
        let flaky = Arc::new(Flaky {
            failures: 1,
            ..Flaky::default()
        });
        let mailer = Mailer::new(db.store.clone(), flaky.clone());
        let first = mailer.send_due(NOW).await.expect("a round");
        assert_eq!(
            first,
            Delivery {
                retrying: 1,
                ..Delivery::default()
            },
            "{b}"
        );
        assert_eq!(
            mailer.send_due(NOW + 1).await.expect("a round"),
            Delivery::default(),
            "{b}: not due yet"
        );
        let due = retry_at(1, NOW).expect("due again");
        // Two senders at once: the message goes once.
        let other = Mailer::new(db.store.clone(), flaky.clone());
        let (one, two) = tokio::join!(mailer.send_due(due), other.send_due(due));
        assert_eq!(
            one.expect("a round").sent + two.expect("a round").sent,
            1,
            "{b}"
        );
        assert_eq!(flaky.calls.load(Ordering::SeqCst), 2, "{b}");
        let entry = &db.store.outbox_of(&to).await.expect("the outbox")[0];
        assert_eq!((entry.attempts, entry.sent_at.is_some()), (2, true), "{b}");

        let gone = queue_one(&db, "bobby").await;
        let broken = Mailer::new(
            db.store.clone(),
            Arc::new(Flaky {
                failures: usize::MAX,
                ..Flaky::default()
            }),
        );
        let mut at = NOW;
        let mut given_up = 0;
        for attempt in 1..=MAX_ATTEMPTS {
            given_up += broken.send_due(at).await.expect("a round").given_up;
            at = retry_at(attempt, at).unwrap_or(at);
        }
        assert_eq!(given_up, 1, "{b}");
        let entry = &db.store.outbox_of(&gone).await.expect("the outbox")[0];
        assert!(
            entry.failed_at.is_some() && entry.sent_at.is_none(),
            "{b}: {entry:?}"
        );
        assert_eq!(
            entry.last_error.as_deref(),
            Some("421 try again later"),
            "{b}"
        );
    })
    .await;
}
