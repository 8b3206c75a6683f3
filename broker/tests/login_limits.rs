//! The log-in and sign-up limits against a real database, with attempts that arrive together:
//! on SQLite, and on PostgreSQL too when `TEST_DATABASE_URL` is set. Times are passed in, so
//! nothing here waits for the clock.
#![cfg(feature = "server")]

use broker::account::SignUp;
use broker::service::{AccountError, Accounts, LoginLimits};
use tokio::task::JoinSet;

#[path = "support/db.rs"]
mod db;

use db::{NOW, TestDb, for_each_database};

const RIGHT: &str = "copper meadow orbit silently";
const WRONG: &str = "not the right password at all";
const ADA: &str = "ada@example.org";

#[derive(Debug, PartialEq, Eq)]
enum Answer {
    SignedIn,
    Bad,
    TooMany(i64),
}

fn person(email: &str) -> SignUp {
    SignUp {
        email: email.to_owned(),
        password: RIGHT.to_owned(),
        name: "Ada Lovelace".to_owned(),
        organisation: "Analytical Engines".to_owned(),
    }
}

/// Accounts on `db` with `limits`, and Ada's account, whose password is [`RIGHT`].
async fn accounts_with_ada(db: &TestDb, limits: LoginLimits) -> Accounts {
    let accounts = Accounts::new(db.store.clone(), limits)
        .await
        .expect("accounts");
    accounts.sign_up(&person(ADA), NOW).await.expect("ada");
    accounts
}

async fn log_in(accounts: &Accounts, email: &str, password: &str, addr: &str, now: i64) -> Answer {
    match accounts
        .log_in(email, password, addr, &Default::default(), now)
        .await
    {
        Ok(_) => Answer::SignedIn,
        Err(AccountError::BadCredentials) => Answer::Bad,
        Err(AccountError::TooManyAttempts { retry_after_secs }) => {
            Answer::TooMany(retry_after_secs)
        }
        Err(other) => panic!("unexpected answer: {other}"),
    }
}

/// All of `attempts` (email, password) at once from `addr`, ten seconds after [`NOW`].
async fn burst(accounts: &Accounts, attempts: &[(&str, &str)], addr: &str) -> Vec<Answer> {
    burst_at(accounts, attempts, addr, NOW + 10).await
}

async fn burst_at(
    accounts: &Accounts,
    attempts: &[(&str, &str)],
    addr: &str,
    now: i64,
) -> Vec<Answer> {
    let mut set = JoinSet::new();
    for (email, password) in attempts {
        let accounts = accounts.clone();
        let (email, password, addr) = (email.to_string(), password.to_string(), addr.to_owned());
        set.spawn(async move { log_in(&accounts, &email, &password, &addr, now).await });
    }
    set.join_all().await
}

fn count(answers: &[Answer], pick: fn(&Answer) -> bool) -> usize {
    answers.iter().filter(|a| pick(a)).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_wrong_passwords_at_once_with_a_limit_of_five_have_only_five_checked() {
    for_each_database(|db| async move {
        let b = db.backend;
        let accounts = accounts_with_ada(&db, LoginLimits::default()).await;
        let answers = burst(&accounts, &[(ADA, WRONG); 10], "203.0.113.7").await;
        assert_eq!(
            count(&answers, |a| *a == Answer::Bad),
            5,
            "{b}: {answers:?}"
        );
        assert_eq!(
            count(&answers, |a| matches!(a, Answer::TooMany(_))),
            5,
            "{b}: {answers:?}"
        );
        // The right password, even in a burst of its own, no longer gets checked from there.
        let after = burst(
            &accounts,
            &[(ADA, RIGHT), (ADA, WRONG), (ADA, RIGHT)],
            "203.0.113.7",
        )
        .await;
        assert!(
            after.iter().all(|a| matches!(a, Answer::TooMany(_))),
            "{b}: {after:?}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_right_password_among_a_burst_of_guesses_is_checked_only_within_the_limit() {
    for_each_database(|db| async move {
        let b = db.backend;
        let accounts = accounts_with_ada(&db, LoginLimits::default()).await;
        let mut attempts = vec![(ADA, WRONG); 9];
        attempts.push((ADA, RIGHT));
        let answers = burst(&accounts, &attempts, "203.0.113.7").await;
        let checked = count(&answers, |a| matches!(a, Answer::Bad | Answer::SignedIn));
        assert!(checked <= 5, "{b}: {checked} checked: {answers:?}");
        assert_eq!(
            count(&answers, |a| matches!(a, Answer::TooMany(_))),
            10 - checked,
            "{b}: {answers:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn failures_from_one_address_do_not_lock_the_owner_out_from_another() {
    for_each_database(|db| async move {
        let b = db.backend;
        let accounts = accounts_with_ada(&db, LoginLimits::default()).await;
        for _ in 0..5 {
            let answer = log_in(&accounts, ADA, WRONG, "203.0.113.7", NOW).await;
            assert_eq!(answer, Answer::Bad, "{b}");
        }
        assert_eq!(
            log_in(&accounts, ADA, RIGHT, "203.0.113.7", NOW + 1).await,
            Answer::TooMany(15 * 60 - 1),
            "{b}: that address waits for its first failure to expire"
        );
        assert_eq!(
            log_in(&accounts, ADA, RIGHT, "198.51.100.20", NOW + 1).await,
            Answer::SignedIn,
            "{b}: the owner's own address is accepted at its first attempt"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guesses_from_many_addresses_slow_the_account_down_without_locking_it() {
    for_each_database(|db| async move {
        let b = db.backend;
        let accounts = accounts_with_ada(&db, LoginLimits::default()).await;
        for addr in ["203.0.113.1", "203.0.113.2"] {
            let answers = burst_at(&accounts, &[(ADA, WRONG); 5], addr, NOW).await;
            assert!(
                answers.iter().all(|a| *a == Answer::Bad),
                "{b}: {answers:?}"
            );
        }
        // Ten failures on the account: one second after the latest.
        let owner = "198.51.100.20";
        assert_eq!(
            log_in(&accounts, ADA, RIGHT, owner, NOW).await,
            Answer::TooMany(1),
            "{b}"
        );
        assert_eq!(
            log_in(&accounts, ADA, WRONG, "203.0.113.3", NOW + 1).await,
            Answer::Bad,
            "{b}"
        );
        // Eleven: two seconds.
        assert_eq!(
            log_in(&accounts, ADA, RIGHT, owner, NOW + 2).await,
            Answer::TooMany(1),
            "{b}"
        );
        assert_eq!(
            log_in(&accounts, ADA, RIGHT, owner, NOW + 3).await,
            Answer::SignedIn,
            "{b}"
        );
        // The owner signing in does not forget the guesses from elsewhere.
        assert_eq!(
            log_in(&accounts, ADA, WRONG, "203.0.113.4", NOW + 3).await,
            Answer::Bad,
            "{b}"
        );
        assert_eq!(
            log_in(&accounts, ADA, WRONG, "203.0.113.4", NOW + 4).await,
            Answer::TooMany(3),
            "{b}: twelve failures, four seconds"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_address_guessing_on_many_accounts_at_once_is_stopped_on_all_of_them() {
    for_each_database(|db| async move {
        let b = db.backend;
        let limits = LoginLimits {
            per_address: 6,
            ..LoginLimits::default()
        };
        let accounts = accounts_with_ada(&db, limits).await;
        let emails: Vec<String> = (0..8).map(|n| format!("nobody{n}@example.org")).collect();
        let attempts: Vec<(&str, &str)> = emails.iter().map(|e| (e.as_str(), WRONG)).collect();
        let answers = burst(&accounts, &attempts, "203.0.113.7").await;
        assert_eq!(
            count(&answers, |a| *a == Answer::Bad),
            6,
            "{b}: {answers:?}"
        );
        let grace = db.user("grace").await;
        assert!(
            matches!(
                log_in(
                    &accounts,
                    grace.email.as_str(),
                    WRONG,
                    "203.0.113.7",
                    NOW + 20
                )
                .await,
                Answer::TooMany(_)
            ),
            "{b}"
        );
        assert_eq!(
            log_in(&accounts, ADA, RIGHT, "198.51.100.20", NOW + 20).await,
            Answer::SignedIn,
            "{b}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_ups_from_one_address_stop_at_the_limit_even_when_they_arrive_together() {
    for_each_database(|db| async move {
        let b = db.backend;
        let limits = LoginLimits {
            sign_ups_per_address: 3,
            ..LoginLimits::default()
        };
        let accounts = Accounts::new(db.store.clone(), limits)
            .await
            .expect("accounts");
        // Input that does not parse is refused before it counts.
        for _ in 0..4 {
            let invalid = SignUp {
                password: "short".to_owned(),
                ..person("weak@example.org")
            };
            let refusal = accounts.sign_up_from(&invalid, "203.0.113.7", NOW).await;
            assert!(matches!(refusal, Err(AccountError::Invalid(_))), "{b}");
        }
        let mut set = JoinSet::new();
        for n in 0..5 {
            let accounts = accounts.clone();
            set.spawn(async move {
                let input = person(&format!("person{n}@example.org"));
                accounts.sign_up_from(&input, "203.0.113.7", NOW + 10).await
            });
        }
        let answers = set.join_all().await;
        let created = answers.iter().filter(|a| a.is_ok()).count();
        let refused: Vec<i64> = answers
            .iter()
            .filter_map(|a| match a {
                Err(AccountError::TooManyAttempts { retry_after_secs }) => Some(*retry_after_secs),
                _ => None,
            })
            .collect();
        assert_eq!(
            (created, refused),
            (3, vec![3600, 3600]),
            "{b}: {answers:?}"
        );
        let elsewhere = accounts
            .sign_up_from(&person("grace@example.org"), "198.51.100.20", NOW + 10)
            .await;
        assert!(elsewhere.is_ok(), "{b}: {elsewhere:?}");
        let later = accounts
            .sign_up_from(&person("later@example.org"), "203.0.113.7", NOW + 10 + 3600)
            .await;
        assert!(later.is_ok(), "{b}: an hour later: {later:?}");
    })
    .await;
}
