//! Invitations to a provider's team against a real database: every test runs on SQLite, and on
//! PostgreSQL too when `TEST_DATABASE_URL` is set (a fresh database per test).
#![cfg(feature = "server")]

use broker::account::{CurrentUser, Field, InputError};
use broker::catalog::{ProviderId, ProviderRole};
use broker::invitation::InvitationId;
use broker::service::invitations::{Accepted, InvitationError};

#[path = "support/db.rs"]
mod db;

use db::{NOW, TestDb, for_each_database};

/// Asserts that `outcome` is the refusal `pattern`.
macro_rules! refused {
    ($outcome:expr, $pattern:pat, $context:expr) => {{
        let outcome = $outcome;
        assert!(
            matches!(outcome, Err($pattern)),
            "{}: {outcome:?}",
            $context
        );
    }};
}

/// The use cases under test, in short.
trait Invitations {
    async fn invite(
        &self,
        owner: &CurrentUser,
        provider: ProviderId,
        email: &str,
    ) -> Result<InvitationId, InvitationError>;
    async fn accept(
        &self,
        user: &CurrentUser,
        invitation: InvitationId,
    ) -> Result<Accepted, InvitationError>;
    async fn role(&self, user: &CurrentUser, provider: ProviderId) -> Option<ProviderRole>;
    /// The ids of the invitations addressed to `user`.
    async fn received(&self, user: &CurrentUser) -> Vec<InvitationId>;
    /// The addresses of the provider's open invitations, as its owner sees them.
    async fn open(&self, owner: &CurrentUser, provider: ProviderId) -> Vec<String>;
}

impl Invitations for TestDb {
    async fn invite(
        &self,
        owner: &CurrentUser,
        provider: ProviderId,
        email: &str,
    ) -> Result<InvitationId, InvitationError> {
        let role = ProviderRole::Member;
        self.market
            .invite_member(owner, provider, email, role, NOW)
            .await
    }

    async fn accept(
        &self,
        user: &CurrentUser,
        invitation: InvitationId,
    ) -> Result<Accepted, InvitationError> {
        self.market.accept_invitation(user, invitation, NOW).await
    }

    async fn role(&self, user: &CurrentUser, provider: ProviderId) -> Option<ProviderRole> {
        self.store
            .provider_role(user.id, provider)
            .await
            .expect("role")
    }

    async fn received(&self, user: &CurrentUser) -> Vec<InvitationId> {
        let listed = self
            .market
            .invitations_for(user)
            .await
            .expect("invitations");
        listed.into_iter().map(|i| i.id).collect()
    }

    async fn open(&self, owner: &CurrentUser, provider: ProviderId) -> Vec<String> {
        let listed = self.market.provider_invitations(owner, provider).await;
        let listed = listed.expect("open invitations");
        listed
            .into_iter()
            .map(|i| i.email.as_str().to_owned())
            .collect()
    }
}

/// A team with its owner, and carol (who has an account) invited to it with `role`.
struct Team {
    owner: CurrentUser,
    carol: CurrentUser,
    provider: ProviderId,
    invitation: InvitationId,
}

async fn team(db: &TestDb, role: ProviderRole) -> Team {
    let (owner, carol) = (db.user("owner").await, db.user("carol").await);
    let provider = db.provider(&owner, "gamma", None).await;
    let invitation = db
        .market
        .invite_member(&owner, provider, "carol@example.org", role, NOW)
        .await
        .expect("the owner invites carol");
    Team {
        owner,
        carol,
        provider,
        invitation,
    }
}

#[tokio::test]
async fn inviting_answers_the_same_whether_or_not_the_address_has_an_account() {
    for_each_database(|db| async move {
        let b = db.backend;
        let t = team(&db, ProviderRole::Member).await;
        // An address nobody signed up with, a member's own address, and one typed loosely.
        for email in [
            "nobody@example.org",
            "owner@example.org",
            " Dave@Example.ORG ",
        ] {
            let invited = db.invite(&t.owner, t.provider, email).await;
            assert!(invited.is_ok(), "{b}: {email}: {invited:?}");
        }
        let listed = db.open(&t.owner, t.provider).await;
        assert_eq!(
            listed,
            ["carol", "nobody", "owner", "dave"].map(|tag| format!("{tag}@example.org")),
            "{b}: every address is listed, normalised"
        );
        refused!(
            db.invite(&t.owner, t.provider, "not an address").await,
            InvitationError::Invalid(Field::Member, InputError::EmailInvalid),
            b
        );
    })
    .await;
}

#[tokio::test]
async fn the_invitee_is_a_member_only_once_they_accept_and_then_with_the_role_offered() {
    for_each_database(|db| async move {
        let b = db.backend;
        let t = team(&db, ProviderRole::Owner).await;
        assert_eq!(db.role(&t.carol, t.provider).await, None, "{b}: not yet");
        let seen = db.market.invitations_for(&t.carol).await.expect("list");
        assert_eq!(seen.len(), 1, "{b}");
        assert_eq!(
            (seen[0].id, seen[0].provider, seen[0].role),
            (t.invitation, t.provider, ProviderRole::Owner),
            "{b}"
        );
        assert_eq!(
            (seen[0].provider_name.as_str(), seen[0].invited_by.as_str()),
            ("gamma SAS", "owner"),
            "{b}"
        );

        let accepted = db.accept(&t.carol, t.invitation).await;
        assert_eq!(
            accepted.ok(),
            Some(Accepted {
                provider: t.provider,
                joined: true
            }),
            "{b}"
        );
        let role = db.role(&t.carol, t.provider).await;
        assert_eq!(role, Some(ProviderRole::Owner), "{b}");
        assert_eq!(db.received(&t.carol).await, [], "{b}");
        assert!(db.open(&t.owner, t.provider).await.is_empty(), "{b}");
        refused!(
            db.accept(&t.carol, t.invitation).await,
            InvitationError::NotFound,
            b
        );
    })
    .await;
}

#[tokio::test]
async fn an_address_without_an_account_sees_its_invitation_once_signed_up() {
    for_each_database(|db| async move {
        let b = db.backend;
        let t = team(&db, ProviderRole::Member).await;
        let invited = db
            .invite(&t.owner, t.provider, "newcomer@example.org")
            .await;
        let newcomer = db.user("newcomer").await;
        assert_eq!(db.received(&newcomer).await, [invited.expect("invite")]);
        db.accept(&newcomer, db.received(&newcomer).await[0])
            .await
            .expect("accept");
        let role = db.role(&newcomer, t.provider).await;
        assert_eq!(role, Some(ProviderRole::Member), "{b}");
    })
    .await;
}

#[tokio::test]
async fn someone_signed_in_with_another_address_neither_sees_nor_answers_it() {
    for_each_database(|db| async move {
        let b = db.backend;
        let t = team(&db, ProviderRole::Owner).await;
        let dave = db.user("dave").await;
        assert_eq!(db.received(&dave).await, [], "{b}");
        assert_eq!(db.received(&t.owner).await, [], "{b}: not even its sender");
        for user in [&dave, &t.owner] {
            refused!(
                db.accept(user, t.invitation).await,
                InvitationError::NotFound,
                b
            );
            let declined = db.market.decline_invitation(user, t.invitation, NOW).await;
            refused!(declined, InvitationError::NotFound, b);
        }
        let forged = InvitationId::new(t.invitation.get() + 1000);
        refused!(db.accept(&dave, forged).await, InvitationError::NotFound, b);
        assert_eq!(db.role(&dave, t.provider).await, None, "{b}");
        assert_eq!(
            db.received(&t.carol).await,
            [t.invitation],
            "{b}: still open"
        );
    })
    .await;
}

#[tokio::test]
async fn declining_or_revoking_closes_an_invitation_for_good() {
    for_each_database(|db| async move {
        let b = db.backend;
        let (market, t) = (&db.market, team(&db, ProviderRole::Member).await);
        market
            .decline_invitation(&t.carol, t.invitation, NOW)
            .await
            .expect("decline");
        assert_eq!(db.received(&t.carol).await, [], "{b}");
        assert!(db.open(&t.owner, t.provider).await.is_empty(), "{b}");
        let id = t.invitation;
        refused!(db.accept(&t.carol, id).await, InvitationError::NotFound, b);
        let declined = market.decline_invitation(&t.carol, id, NOW).await;
        refused!(declined, InvitationError::NotFound, b);
        let revoked = market
            .revoke_invitation(&t.owner, t.provider, id, NOW)
            .await;
        refused!(revoked, InvitationError::NotFound, b);

        // Declined, the address can be invited again; revoked, it can no longer be accepted.
        let again = db.invite(&t.owner, t.provider, "carol@example.org").await;
        let again = again.expect("invite again");
        market
            .revoke_invitation(&t.owner, t.provider, again, NOW)
            .await
            .expect("revoke");
        assert_eq!(db.received(&t.carol).await, [], "{b}");
        refused!(
            db.accept(&t.carol, again).await,
            InvitationError::NotFound,
            b
        );
        assert_eq!(db.role(&t.carol, t.provider).await, None, "{b}");
    })
    .await;
}

#[tokio::test]
async fn only_owners_invite_see_the_open_invitations_and_revoke() {
    for_each_database(|db| async move {
        let b = db.backend;
        let (market, t) = (&db.market, team(&db, ProviderRole::Member).await);
        db.accept(&t.carol, t.invitation)
            .await
            .expect("carol joins");
        let dave = db.user("dave").await;
        let pending = db.invite(&t.owner, t.provider, "erin@example.org").await;
        let pending = pending.expect("invite erin");
        for user in [&t.carol, &dave] {
            let invited = market
                .invite_member(
                    user,
                    t.provider,
                    "frank@example.org",
                    ProviderRole::Owner,
                    NOW,
                )
                .await;
            refused!(invited, InvitationError::Forbidden, b);
            let listed = market.provider_invitations(user, t.provider).await;
            refused!(listed, InvitationError::Forbidden, b);
            let revoked = market
                .revoke_invitation(user, t.provider, pending, NOW)
                .await;
            refused!(revoked, InvitationError::Forbidden, b);
        }
        let console = market.console(&t.carol, t.provider).await.expect("console");
        assert!(
            console.invitations.is_empty(),
            "{b}: members do not see them"
        );
        let console = market.console(&t.owner, t.provider).await.expect("console");
        assert_eq!(console.invitations.len(), 1, "{b}: the owner does");

        // The owner of another provider, through its own provider's id.
        let other = db.provider(&dave, "delta", None).await;
        let forged = market.revoke_invitation(&dave, other, pending, NOW).await;
        refused!(forged, InvitationError::NotFound, b);
        assert_eq!(
            db.open(&t.owner, t.provider).await,
            ["erin@example.org"],
            "{b}"
        );
    })
    .await;
}

#[tokio::test]
async fn an_address_has_one_open_invitation_per_provider() {
    for_each_database(|db| async move {
        let b = db.backend;
        let t = team(&db, ProviderRole::Member).await;
        for email in ["carol@example.org", "CAROL@example.org"] {
            let twice = db.invite(&t.owner, t.provider, email).await;
            refused!(twice, InvitationError::AlreadyInvited, b);
        }
        let dave = db.user("dave").await;
        let other = db.provider(&dave, "delta", None).await;
        let elsewhere = db.invite(&dave, other, "carol@example.org").await;
        assert!(elsewhere.is_ok(), "{b}: another provider invites carol too");
        assert_eq!(db.received(&t.carol).await.len(), 2, "{b}");
    })
    .await;
}

#[tokio::test]
async fn accepting_as_a_member_already_changes_nothing() {
    for_each_database(|db| async move {
        let b = db.backend;
        let owner = db.user("owner").await;
        let provider = db.provider(&owner, "gamma", None).await;
        let invited = db.invite(&owner, provider, "owner@example.org").await;
        let accepted = db.accept(&owner, invited.expect("invite")).await;
        assert_eq!(
            accepted.ok(),
            Some(Accepted {
                provider,
                joined: false
            }),
            "{b}"
        );
        let role = db.role(&owner, provider).await;
        assert_eq!(role, Some(ProviderRole::Owner), "{b}: the role stays");
    })
    .await;
}
