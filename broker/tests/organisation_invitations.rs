//! Invitations to an organisation by mail, against a real database, on SQLite and on PostgreSQL
//! when `TEST_DATABASE_URL` is set: the mail queued with the invitation, joining as an existing
//! user and as a newcomer, the wrong address, links used, replaced, revoked and expired, and who
//! may invite whom.
#![cfg(feature = "server")]

use broker::account::members::MemberRefusal;
use broker::account::{CurrentUser, Role, SignUp, TenantId};
use broker::audit::ActionKind;
use broker::invitation::ORGANISATION_INVITATION_SECS;
use broker::mail::Language;
use broker::service::members::MemberError;
use broker::service::organisation_invitations::InvitationMail;
use broker::service::{Accounts, LoginLimits};

#[path = "support/db.rs"]
mod db;

use db::{NOW, TestDb, for_each_database};

const JOIN: &str = "https://comptoir.example/join";
const HOW: InvitationMail<'static> = InvitationMail {
    language: Language::En,
    join_page: JOIN,
};

async fn accounts(db: &TestDb) -> Accounts {
    Accounts::new(db.store.clone(), LoginLimits::default())
        .await
        .expect("accounts")
}

async fn organisation_of(db: &TestDb, owner: &CurrentUser) -> TenantId {
    db.store.memberships(owner.id).await.expect("memberships")[0].tenant
}

async fn kinds(db: &TestDb) -> Vec<ActionKind> {
    let chain = db.store.audit_chain(0, 100).await.expect("the chain");
    chain.iter().map(|entry| entry.action).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_existing_user_joins_once_with_the_role_from_the_mailed_link() {
    for_each_database(|db| async move {
        let b = db.backend;
        let accounts = accounts(&db).await;
        let owner = db.user("olga").await;
        let tenant = organisation_of(&db, &owner).await;
        let bea = db.user("bea").await;
        accounts
            .invite(&owner, tenant, (" BEA@example.org", Role::Buyer), HOW, NOW)
            .await
            .expect("invited");
        let open = accounts
            .organisation_invitations(&owner, tenant)
            .await
            .expect("open");
        assert_eq!(open.len(), 1, "{b}");
        assert_eq!(
            open[0].expires_at,
            NOW + ORGANISATION_INVITATION_SECS,
            "{b}"
        );
        let token = db.mailed_token("bea@example.org", JOIN, NOW).await;
        let offer = accounts
            .invitation_offer(&token, NOW + 60)
            .await
            .expect("an offer");
        assert_eq!(
            (offer.organisation.as_str(), offer.role),
            ("olga org", Role::Buyer),
            "{b}"
        );

        let joined = accounts.join(&bea, &token, NOW + 60).await.expect("joined");
        assert_eq!(joined, tenant, "{b}");
        assert_eq!(
            db.store.tenant_role(bea.id, tenant).await.expect("role"),
            Some(Role::Buyer),
            "{b}"
        );
        let again = accounts.join(&bea, &token, NOW + 70).await;
        assert!(
            matches!(again, Err(MemberError::LinkInvalid)),
            "{b}: {again:?}"
        );
        assert!(
            accounts
                .organisation_invitations(&owner, tenant)
                .await
                .expect("open")
                .is_empty(),
            "{b}"
        );
        let kinds = kinds(&db).await;
        assert!(kinds.contains(&ActionKind::OrganisationInvited), "{b}");
        assert!(kinds.contains(&ActionKind::InvitationAccepted), "{b}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_newcomer_signs_up_and_joins_and_another_address_is_refused() {
    for_each_database(|db| async move {
        let b = db.backend;
        let accounts = accounts(&db).await;
        let owner = db.user("olga").await;
        let tenant = organisation_of(&db, &owner).await;
        accounts
            .invite(&owner, tenant, ("newcomer@example.org", Role::Admin), HOW, NOW)
            .await
            .expect("invited");
        let token = db.mailed_token("newcomer@example.org", JOIN, NOW).await;
        let carl = db.user("carl").await;
        let other = accounts.join(&carl, &token, NOW).await;
        assert!(
            matches!(&other, Err(MemberError::OtherAddress { invited }) if invited.as_str() == "newcomer@example.org"),
            "{b}: {other:?}"
        );
        let sign_up = SignUp {
            email: "newcomer@example.org".to_owned(),
            password: "copper meadow whistle tomorrow".to_owned(),
            name: "New Comer".to_owned(),
            organisation: "New Comer's own".to_owned(),
        };
        let (signed_in, _) = accounts.sign_up(&sign_up, NOW).await.expect("signed up");
        let newcomer = accounts
            .current_user(signed_in)
            .await
            .expect("read")
            .expect("the newcomer");
        accounts.join(&newcomer, &token, NOW + 5).await.expect("joined");
        assert_eq!(
            db.store.tenant_role(newcomer.id, tenant).await.expect("role"),
            Some(Role::Admin),
            "{b}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn replaced_revoked_and_expired_links_no_longer_work() {
    for_each_database(|db| async move {
        let b = db.backend;
        let accounts = accounts(&db).await;
        let owner = db.user("olga").await;
        let tenant = organisation_of(&db, &owner).await;
        let bea = db.user("bea").await;
        let id = accounts
            .invite(&owner, tenant, ("bea@example.org", Role::Viewer), HOW, NOW)
            .await
            .expect("invited");
        let first = db.mailed_token("bea@example.org", JOIN, NOW).await;
        accounts
            .resend_invitation(&owner, tenant, id, HOW, NOW + 10)
            .await
            .expect("resent");
        let second = db.mailed_token("bea@example.org", JOIN, NOW + 10).await;
        assert_ne!(first, second, "{b}");
        let replaced = accounts.join(&bea, &first, NOW + 20).await;
        assert!(
            matches!(replaced, Err(MemberError::LinkInvalid)),
            "{b}: {replaced:?}"
        );
        accounts
            .revoke_organisation_invitation(&owner, tenant, id, NOW + 30)
            .await
            .expect("revoked");
        let revoked = accounts.join(&bea, &second, NOW + 40).await;
        assert!(
            matches!(revoked, Err(MemberError::LinkInvalid)),
            "{b}: {revoked:?}"
        );

        accounts
            .invite(
                &owner,
                tenant,
                ("bea@example.org", Role::Viewer),
                HOW,
                NOW + 50,
            )
            .await
            .expect("invited again");
        let third = db.mailed_token("bea@example.org", JOIN, NOW + 50).await;
        let late = accounts
            .join(&bea, &third, NOW + 50 + ORGANISATION_INVITATION_SECS)
            .await;
        assert!(
            matches!(late, Err(MemberError::LinkInvalid)),
            "{b}: {late:?}"
        );
        assert_eq!(
            db.store.tenant_role(bea.id, tenant).await.expect("role"),
            None,
            "{b}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn owners_and_admins_invite_and_only_owners_invite_an_owner() {
    for_each_database(|db| async move {
        let b = db.backend;
        let accounts = accounts(&db).await;
        let owner = db.user("olga").await;
        let tenant = organisation_of(&db, &owner).await;
        let admin = db.user("adam").await;
        let buyer = db.user("bo").await;
        for (user, role) in [(&admin, Role::Admin), (&buyer, Role::Buyer)] {
            db.store
                .add_tenant_member(tenant, user.id, role, NOW)
                .await
                .expect("a member");
        }
        let by_buyer = accounts
            .invite(&buyer, tenant, ("x@example.org", Role::Viewer), HOW, NOW)
            .await;
        assert!(
            matches!(
                by_buyer,
                Err(MemberError::Refused(MemberRefusal::NotManager))
            ),
            "{b}"
        );
        let owner_by_admin = accounts
            .invite(&admin, tenant, ("x@example.org", Role::Owner), HOW, NOW)
            .await;
        assert!(
            matches!(
                owner_by_admin,
                Err(MemberError::Refused(MemberRefusal::OwnersOnly))
            ),
            "{b}"
        );
        accounts
            .invite(&admin, tenant, ("x@example.org", Role::Buyer), HOW, NOW)
            .await
            .expect("an admin invites a buyer");
        let twice = accounts
            .invite(&owner, tenant, ("x@example.org", Role::Viewer), HOW, NOW)
            .await;
        assert!(
            matches!(twice, Err(MemberError::AlreadyInvited)),
            "{b}: {twice:?}"
        );
        let invalid = accounts
            .invite(&owner, tenant, ("not an email", Role::Viewer), HOW, NOW)
            .await;
        assert!(matches!(invalid, Err(MemberError::Invalid(..))), "{b}");
        let stranger = db.user("stranger").await;
        let outside = accounts.organisation_invitations(&stranger, tenant).await;
        assert!(matches!(outside, Err(MemberError::NotFound)), "{b}");
    })
    .await;
}
