//! An organisation's owners and admins manage its members: change a member's role or remove
//! them, within the rules of [`crate::account::members`], each change in the audit log.

use super::Accounts;
use crate::account::members::{MemberChange, MemberRefusal, check_change};
use crate::account::{CurrentUser, Email, Field, InputError, TenantId, UserId};
use crate::audit::{Action, Actor, Record};
use crate::store::StoreError;
use crate::store::memberships::{MembershipChange, MembershipChanged};

/// Why a change to a membership, or an invitation to an organisation, failed.
#[derive(Debug, thiserror::Error)]
pub enum MemberError {
    /// The caller or the member does not belong to the organisation, or the invitation is not
    /// open within the caller's reach.
    #[error("not found")]
    NotFound,
    #[error("invalid {0:?}: {1:?}")]
    Invalid(Field, InputError),
    /// The organisation already has an open invitation for this address.
    #[error("an invitation to this address is already open")]
    AlreadyInvited,
    /// The invitation's link was used, revoked, replaced, or expired.
    #[error("this invitation link no longer works")]
    LinkInvalid,
    /// The invitation names another address than the one signed in.
    #[error("this invitation is for {invited}")]
    OtherAddress { invited: Email },
    #[error(transparent)]
    Refused(#[from] MemberRefusal),
    /// The member's role changed, or they left, since the page was shown.
    #[error("the membership changed meanwhile")]
    Conflict,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Random(#[from] crate::secret::RandomError),
}

impl Accounts {
    /// `user`, working in `tenant`, makes `change` to `member`'s membership.
    pub async fn change_member(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
        member: UserId,
        change: MemberChange,
        now: i64,
    ) -> Result<(), MemberError> {
        let store = &self.store;
        let actor_role = store
            .tenant_role(user.id, tenant)
            .await?
            .ok_or(MemberError::NotFound)?;
        if !actor_role.can_manage() {
            return Err(MemberRefusal::NotManager.into());
        }
        let was = store
            .tenant_role(member, tenant)
            .await?
            .ok_or(MemberError::NotFound)?;
        check_change(actor_role, was, change)?;
        let action = match change {
            MemberChange::Role(role) if role == was => return Ok(()),
            MemberChange::Role(role) => Action::MemberRoleChanged {
                user: member,
                was,
                role,
            },
            MemberChange::Remove => Action::MemberRemoved { user: member, was },
        };
        let actor = Actor::member(user, tenant, actor_role);
        let record = Record::new(actor, action, now);
        let decided = MembershipChange {
            tenant,
            actor: user.id,
            actor_role,
            member,
            was,
            change,
        };
        match store.change_membership(&decided, &record).await? {
            MembershipChanged::Done => Ok(()),
            MembershipChanged::Moved => Err(MemberError::Conflict),
            MembershipChanged::LastOwner => Err(MemberRefusal::LastOwner.into()),
        }
    }
}
