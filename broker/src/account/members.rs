//! What an organisation's owners and admins may do to its members: change a member's role or
//! remove them. Owners do anything but leave the organisation without an owner (the store
//! counts the owners in the statement that changes the membership); admins manage the admins,
//! buyers and viewers, and make no one owner. A removed member loses the organisation on their
//! next request, since every request reads the membership again.

use super::Role;
use serde::{Deserialize, Serialize};

/// A change to one membership.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberChange {
    Role(Role),
    Remove,
}

/// Why a change to a membership was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum MemberRefusal {
    #[error("only the organisation's owners and admins manage its members")]
    NotManager,
    /// Making an owner, or changing or removing one, is an owner's decision.
    #[error("only an owner makes an owner, or changes or removes one")]
    OwnersOnly,
    #[error("the organisation keeps at least one owner")]
    LastOwner,
}

/// Whether a member with `actor`'s role may make `change` to a member whose role is `member`.
/// The last owner is the store's to find, in the same statement as the change.
pub fn check_change(actor: Role, member: Role, change: MemberChange) -> Result<(), MemberRefusal> {
    if !actor.can_manage() {
        return Err(MemberRefusal::NotManager);
    }
    let touches_owner = member == Role::Owner || change == MemberChange::Role(Role::Owner);
    if touches_owner && actor != Role::Owner {
        return Err(MemberRefusal::OwnersOnly);
    }
    Ok(())
}

/// Whether a member with `actor`'s role may invite someone with `role`: owners and admins
/// invite, and only owners invite an owner.
pub fn check_invite(actor: Role, role: Role) -> Result<(), MemberRefusal> {
    if !actor.can_manage() {
        return Err(MemberRefusal::NotManager);
    }
    if role == Role::Owner && actor != Role::Owner {
        return Err(MemberRefusal::OwnersOnly);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use MemberChange::{Remove, Role as To};

    #[test]
    fn owners_change_anyone_and_admins_everyone_but_owners() {
        for member in Role::ALL {
            for change in [To(Role::Owner), To(Role::Viewer), Remove] {
                assert_eq!(check_change(Role::Owner, member, change), Ok(()));
            }
        }
        assert_eq!(
            check_change(Role::Admin, Role::Buyer, To(Role::Admin)),
            Ok(())
        );
        assert_eq!(check_change(Role::Admin, Role::Admin, Remove), Ok(()));
        assert_eq!(
            check_change(Role::Admin, Role::Buyer, To(Role::Owner)),
            Err(MemberRefusal::OwnersOnly)
        );
        assert_eq!(
            check_change(Role::Admin, Role::Owner, To(Role::Viewer)),
            Err(MemberRefusal::OwnersOnly)
        );
        assert_eq!(
            check_change(Role::Admin, Role::Owner, Remove),
            Err(MemberRefusal::OwnersOnly)
        );
    }

    #[test]
    fn admins_invite_anyone_but_an_owner() {
        assert_eq!(check_invite(Role::Owner, Role::Owner), Ok(()));
        assert_eq!(check_invite(Role::Admin, Role::Buyer), Ok(()));
        assert_eq!(
            check_invite(Role::Admin, Role::Owner),
            Err(MemberRefusal::OwnersOnly)
        );
        assert_eq!(
            check_invite(Role::Viewer, Role::Viewer),
            Err(MemberRefusal::NotManager)
        );
    }

    #[test]
    fn buyers_and_viewers_manage_no_one() {
        for actor in [Role::Buyer, Role::Viewer] {
            assert_eq!(
                check_change(actor, Role::Viewer, Remove),
                Err(MemberRefusal::NotManager)
            );
        }
    }
}
