//! The operator's control of people against a real database, on SQLite and on PostgreSQL when
//! `TEST_DATABASE_URL` is set: suspending and reinstating users, the operator flag, the search
//! and the users' and organisations' pages, each change in the audit log.
#![cfg(feature = "server")]

use broker::account::{CurrentUser, Field, Role};
use broker::audit::{ActionKind, Filter, Origin, Scope};
use broker::operator::{AccountRefusal, Subject};
use broker::service::audit::Audit;
use broker::service::operator::{Operator, OperatorError};
use broker::service::{AccountError, Accounts, LoginLimits};

#[path = "support/db.rs"]
mod db;

use db::{NOW, TestDb, for_each_database};

const PASSWORD: &str = "velvet harbour lantern quietly";
const REASON: &str = "Unpaid invoices since March";

async fn kinds(db: &TestDb, operator: &CurrentUser) -> Vec<ActionKind> {
    Audit::new(db.store.clone())
        .page(operator, Scope::Marketplace, &Filter::default(), None)
        .await
        .expect("the log")
        .entries
        .iter()
        .map(|listed| listed.entry.action)
        .collect()
}

async fn log_in(accounts: &Accounts, email: &str, password: &str) -> Result<(), AccountError> {
    accounts
        .log_in(email, password, "192.0.2.1", &Origin::default(), NOW + 100)
        .await
        .map(|_| ())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_suspended_user_is_signed_out_and_refused_at_log_in_until_reinstated() {
    for_each_database(|db: TestDb| async move {
        let b = db.backend;
        let accounts = Accounts::new(db.store.clone(), LoginLimits::default())
            .await
            .expect("accounts");
        let operators = Operator::new(db.store.clone());
        let operator = db.operator().await;
        let ada = db.user("ada").await;
        let colleague = db
            .member("bob", db.tenant_of(&ada).await, Role::Admin)
            .await;
        let session = accounts
            .log_in(
                "ada@example.org",
                PASSWORD,
                "192.0.2.1",
                &Origin::default(),
                NOW,
            )
            .await
            .expect("ada logs in");

        let blank = operators
            .suspend(&operator, Subject::User(ada.id), "  ", NOW + 10)
            .await;
        assert!(
            matches!(blank, Err(OperatorError::Invalid(Field::Reason, _))),
            "{b}: {blank:?}"
        );
        operators
            .suspend(&operator, Subject::User(ada.id), REASON, NOW + 10)
            .await
            .expect("suspend");
        assert!(
            accounts
                .current_user(session)
                .await
                .expect("read")
                .is_none(),
            "{b}: her session ended"
        );
        match log_in(&accounts, "ada@example.org", PASSWORD).await {
            Err(AccountError::Suspended { reason }) => assert_eq!(reason, REASON, "{b}"),
            other => panic!("{b}: {other:?}"),
        }
        // A wrong password learns nothing of the suspension.
        let wrong = log_in(&accounts, "ada@example.org", "not her password at all").await;
        assert!(matches!(wrong, Err(AccountError::BadCredentials)), "{b}");
        // Her organisation's other members carry on.
        log_in(&accounts, "bob@example.org", PASSWORD)
            .await
            .expect("bob logs in");
        assert!(
            db.store
                .dashboard(colleague.id, db.tenant_of(&ada).await)
                .await
                .expect("read")
                .expect("a member")
                .suspension
                .is_none(),
            "{b}: the organisation is not suspended"
        );
        let again = operators
            .suspend(&operator, Subject::User(ada.id), REASON, NOW + 20)
            .await;
        assert!(matches!(again, Err(OperatorError::Conflict)), "{b}");

        operators
            .reinstate(&operator, Subject::User(ada.id), NOW + 30)
            .await
            .expect("reinstate");
        log_in(&accounts, "ada@example.org", PASSWORD)
            .await
            .expect("ada logs in again");
        assert!(
            accounts
                .current_user(session)
                .await
                .expect("read")
                .is_none(),
            "{b}: the session the suspension ended stays ended"
        );
        let page = operators.user(&operator, ada.id).await.expect("her page");
        assert_eq!(page.log_ins.len(), 2, "{b}: {page:?}");
        assert!(page.suspension.is_none() && !page.user.suspended, "{b}");
        let changes: Vec<ActionKind> = kinds(&db, &operator)
            .await
            .into_iter()
            .filter(|kind| matches!(kind, ActionKind::UserSuspended | ActionKind::UserReinstated))
            .collect();
        assert_eq!(
            changes,
            [ActionKind::UserReinstated, ActionKind::UserSuspended],
            "{b}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn only_an_operator_controls_accounts_and_never_their_own() {
    for_each_database(|db: TestDb| async move {
        let b = db.backend;
        let operators = Operator::new(db.store.clone());
        let operator = db.operator().await;
        let ada = db.user("ada").await;
        let tenant = db.tenant_of(&ada).await;
        let forbidden = |result: Result<(), OperatorError>| {
            assert!(
                matches!(result, Err(OperatorError::Forbidden)),
                "{b}: {result:?}"
            )
        };
        forbidden(operators.search(&ada, "").await.map(|_| ()));
        forbidden(operators.user(&ada, operator.id).await.map(|_| ()));
        forbidden(operators.organisation(&ada, tenant).await.map(|_| ()));
        forbidden(
            operators
                .suspend(&ada, Subject::Organisation(tenant), REASON, NOW)
                .await,
        );
        forbidden(operators.reinstate(&ada, Subject::User(ada.id), NOW).await);
        forbidden(operators.set_operator(&ada, ada.id, true, NOW).await);

        let own = operators
            .suspend(&operator, Subject::User(operator.id), REASON, NOW)
            .await;
        assert!(
            matches!(own, Err(OperatorError::Refused(AccountRefusal::OwnAccount))),
            "{b}: {own:?}"
        );
        let own = operators
            .set_operator(&operator, operator.id, false, NOW)
            .await;
        assert!(
            matches!(own, Err(OperatorError::Refused(AccountRefusal::OwnAccount))),
            "{b}: {own:?}"
        );
        let nobody = operators
            .suspend(
                &operator,
                Subject::User(broker::account::UserId::new(999)),
                REASON,
                NOW,
            )
            .await;
        assert!(matches!(nobody, Err(OperatorError::NotFound)), "{b}");
        assert!(
            kinds(&db, &operator).await.is_empty(),
            "{b}: nothing refused is logged"
        );

        operators
            .set_operator(&operator, ada.id, true, NOW)
            .await
            .expect("grant");
        let ada = db
            .store
            .current_user(ada.id, 0)
            .await
            .expect("read")
            .expect("ada");
        assert!(ada.is_operator, "{b}");
        operators
            .set_operator(&ada, operator.id, false, NOW + 1)
            .await
            .expect("ada revokes the first operator");
        // The store keeps the last operator who can log in, whoever asks.
        let record = broker::audit::Record::new(
            broker::audit::Actor::operator(&ada),
            broker::audit::Action::OperatorRevoked { user: ada.id },
            NOW + 2,
        );
        let last = db
            .store
            .revoke_operator(ada.id, &record)
            .await
            .expect("ask");
        assert_eq!(last, None, "{b}: the last operator keeps the flag");
        assert_eq!(
            kinds(&db, &ada).await,
            [ActionKind::OperatorRevoked, ActionKind::OperatorGranted],
            "{b}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_search_finds_people_by_name_or_email_and_organisations_by_a_members_email() {
    for_each_database(|db: TestDb| async move {
        let b = db.backend;
        let operators = Operator::new(db.store.clone());
        let operator = db.operator().await;
        let ada = db.user("ada").await;
        let tenant = db.tenant_of(&ada).await;
        let grace = db.member("grace", tenant, Role::Buyer).await;
        db.provider(&ada, "lovelace", Some(&operator)).await;

        let found = operators.search(&operator, " ADA ").await.expect("search");
        assert_eq!(
            found.users.iter().map(|u| u.id).collect::<Vec<_>>(),
            [ada.id],
            "{b}"
        );
        assert_eq!(found.organisations.len(), 1, "{b}: {found:?}");
        let by_member = operators
            .search(&operator, "grace@example")
            .await
            .expect("search");
        let names: Vec<&str> = by_member
            .organisations
            .iter()
            .map(|o| o.name.as_str())
            .collect();
        assert_eq!(
            names,
            ["grace org", "ada org"],
            "{b}: her own organisation and the one she joined, newest first"
        );
        let provider = operators.search(&operator, "lovel").await.expect("search");
        assert_eq!(provider.providers.len(), 1, "{b}");
        let wildcard = operators.search(&operator, "%").await.expect("search");
        assert!(
            wildcard.users.is_empty() && wildcard.organisations.is_empty(),
            "{b}: % is a character, not a wildcard"
        );
        let everyone = operators.search(&operator, "").await.expect("search");
        assert_eq!(everyone.users.len(), 3, "{b}");

        let page = operators.user(&operator, grace.id).await.expect("page");
        let mut roles: Vec<Role> = page.memberships.iter().map(|m| m.role).collect();
        roles.sort();
        assert_eq!(roles, [Role::Owner, Role::Buyer], "{b}");
        let page = operators
            .organisation(&operator, tenant)
            .await
            .expect("page");
        assert_eq!(page.members.len(), 2, "{b}");
        assert_eq!(page.balance_due.minor(), 0, "{b}");
    })
    .await;
}
