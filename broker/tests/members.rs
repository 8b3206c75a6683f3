//! An organisation's owners and admins managing its members, against a real database, on
//! SQLite and on PostgreSQL when `TEST_DATABASE_URL` is set: role changes and removals with
//! their audit log entries, what admins may not do, the last owner, and the end of a removed
//! member's access.
#![cfg(feature = "server")]

use broker::account::members::{MemberChange, MemberRefusal};
use broker::account::{CurrentUser, Role, TenantId};
use broker::audit::{Action, Actor, Record};
use broker::service::members::MemberError;
use broker::service::{AccountError, Accounts, LoginLimits};
use broker::store::memberships::{MembershipChange, MembershipChanged};

#[path = "support/db.rs"]
mod db;

use db::{NOW, TestDb, for_each_database};

/// The organisation `owner` founded.
async fn organisation_of(db: &TestDb, owner: &CurrentUser) -> TenantId {
    db.store.memberships(owner.id).await.expect("memberships")[0].tenant
}

/// A new user, `role` in `tenant`.
async fn member(db: &TestDb, tag: &str, tenant: TenantId, role: Role) -> CurrentUser {
    let user = db.user(tag).await;
    db.store
        .add_tenant_member(tenant, user.id, role, NOW)
        .await
        .expect("a member");
    user
}

/// The membership changes in the audit log, oldest first.
async fn changes(db: &TestDb) -> Vec<Action> {
    db.store
        .audit_chain(0, 100)
        .await
        .expect("the chain")
        .iter()
        .map(|entry| Action::parse(&entry.detail).expect("an action"))
        .filter(|action| {
            matches!(
                action,
                Action::MemberRoleChanged { .. } | Action::MemberRemoved { .. }
            )
        })
        .collect()
}

async fn accounts(db: &TestDb) -> Accounts {
    Accounts::new(db.store.clone(), LoginLimits::default())
        .await
        .expect("accounts")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_owner_changes_a_role_and_removes_a_member_whose_access_ends() {
    for_each_database(|db| async move {
        let b = db.backend;
        let accounts = accounts(&db).await;
        let owner = db.user("owner").await;
        let tenant = organisation_of(&db, &owner).await;
        let buyer = member(&db, "buyer", tenant, Role::Buyer).await;
        let viewer = member(&db, "viewer", tenant, Role::Viewer).await;
        accounts
            .change_member(
                &owner,
                tenant,
                buyer.id,
                MemberChange::Role(Role::Admin),
                NOW,
            )
            .await
            .expect("promoted");
        assert_eq!(
            db.store.tenant_role(buyer.id, tenant).await.expect("role"),
            Some(Role::Admin),
            "{b}"
        );
        accounts
            .dashboard(viewer.id, tenant)
            .await
            .expect("a member reads the dashboard");
        // The new admin removes the viewer, who reads the organisation no more.
        accounts
            .change_member(&buyer, tenant, viewer.id, MemberChange::Remove, NOW)
            .await
            .expect("removed");
        assert!(
            matches!(
                accounts.dashboard(viewer.id, tenant).await,
                Err(AccountError::NotFound)
            ),
            "{b}"
        );
        assert!(
            db.store
                .memberships(viewer.id)
                .await
                .expect("memberships")
                .iter()
                .all(|m| m.tenant != tenant),
            "{b}"
        );
        assert_eq!(
            changes(&db).await,
            [
                Action::MemberRoleChanged {
                    user: buyer.id,
                    was: Role::Buyer,
                    role: Role::Admin
                },
                Action::MemberRemoved {
                    user: viewer.id,
                    was: Role::Viewer
                },
            ],
            "{b}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_admin_touches_no_owner_and_buyers_manage_no_one() {
    for_each_database(|db| async move {
        let b = db.backend;
        let accounts = accounts(&db).await;
        let owner = db.user("owner").await;
        let tenant = organisation_of(&db, &owner).await;
        let admin = member(&db, "admin", tenant, Role::Admin).await;
        let buyer = member(&db, "buyer", tenant, Role::Buyer).await;
        let refused = [
            (
                &admin,
                buyer.id,
                MemberChange::Role(Role::Owner),
                MemberRefusal::OwnersOnly,
            ),
            (
                &admin,
                owner.id,
                MemberChange::Role(Role::Viewer),
                MemberRefusal::OwnersOnly,
            ),
            (
                &admin,
                owner.id,
                MemberChange::Remove,
                MemberRefusal::OwnersOnly,
            ),
            (
                &buyer,
                admin.id,
                MemberChange::Remove,
                MemberRefusal::NotManager,
            ),
        ];
        for (who, target, change, refusal) in refused {
            let answer = accounts
                .change_member(who, tenant, target, change, NOW)
                .await;
            assert!(
                matches!(answer, Err(MemberError::Refused(r)) if r == refusal),
                "{b}: {change:?} by {}: {answer:?}",
                who.email
            );
        }
        // Someone of another organisation is not found, whoever asks.
        let stranger = db.user("stranger").await;
        let answer = accounts
            .change_member(&owner, tenant, stranger.id, MemberChange::Remove, NOW)
            .await;
        assert!(matches!(answer, Err(MemberError::NotFound)), "{b}");
        let answer = accounts
            .change_member(&stranger, tenant, buyer.id, MemberChange::Remove, NOW)
            .await;
        assert!(matches!(answer, Err(MemberError::NotFound)), "{b}");
        // Decided while the actor was an owner, written once they are not: nothing changes.
        let stale = MembershipChange {
            tenant,
            actor: admin.id,
            actor_role: Role::Owner,
            member: buyer.id,
            was: Role::Buyer,
            change: MemberChange::Remove,
        };
        let record = Record::new(
            Actor::member(&admin, tenant, Role::Owner),
            Action::MemberRemoved {
                user: buyer.id,
                was: Role::Buyer,
            },
            NOW,
        );
        let moved = db
            .store
            .change_membership(&stale, &record)
            .await
            .expect("the store");
        assert_eq!(moved, MembershipChanged::Moved, "{b}");
        assert_eq!(changes(&db).await, [], "{b}: a refusal leaves no entry");
        assert_eq!(
            db.store.tenant_role(owner.id, tenant).await.expect("role"),
            Some(Role::Owner),
            "{b}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_last_owner_is_neither_demoted_nor_removed() {
    for_each_database(|db| async move {
        let b = db.backend;
        let accounts = accounts(&db).await;
        let owner = db.user("owner").await;
        let tenant = organisation_of(&db, &owner).await;
        for change in [MemberChange::Role(Role::Admin), MemberChange::Remove] {
            let answer = accounts
                .change_member(&owner, tenant, owner.id, change, NOW)
                .await;
            assert!(
                matches!(answer, Err(MemberError::Refused(MemberRefusal::LastOwner))),
                "{b}: {change:?}: {answer:?}"
            );
        }
        // With a second owner, the first steps down; the second is then the last.
        let second = member(&db, "second", tenant, Role::Buyer).await;
        accounts
            .change_member(
                &owner,
                tenant,
                second.id,
                MemberChange::Role(Role::Owner),
                NOW,
            )
            .await
            .expect("a second owner");
        accounts
            .change_member(
                &owner,
                tenant,
                owner.id,
                MemberChange::Role(Role::Admin),
                NOW,
            )
            .await
            .expect("the first steps down");
        let answer = accounts
            .change_member(&second, tenant, second.id, MemberChange::Remove, NOW)
            .await;
        assert!(
            matches!(answer, Err(MemberError::Refused(MemberRefusal::LastOwner))),
            "{b}: {answer:?}"
        );
        assert_eq!(changes(&db).await.len(), 2, "{b}");

        // Two owners demoting each other at once: one of them stays owner.
        accounts
            .change_member(
                &second,
                tenant,
                owner.id,
                MemberChange::Role(Role::Owner),
                NOW,
            )
            .await
            .expect("the first is owner again");
        let (one, other) = tokio::join!(
            accounts.change_member(
                &owner,
                tenant,
                second.id,
                MemberChange::Role(Role::Viewer),
                NOW
            ),
            accounts.change_member(
                &second,
                tenant,
                owner.id,
                MemberChange::Role(Role::Viewer),
                NOW
            ),
        );
        assert!(one.is_ok() != other.is_ok(), "{b}: {one:?} and {other:?}");
        let owners = [owner.id, second.id].map(|id| db.store.tenant_role(id, tenant));
        let mut roles = Vec::new();
        for role in owners {
            roles.push(role.await.expect("role"));
        }
        assert_eq!(
            roles.iter().filter(|r| **r == Some(Role::Owner)).count(),
            1,
            "{b}: {roles:?}"
        );
    })
    .await;
}
