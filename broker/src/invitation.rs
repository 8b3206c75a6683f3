//! Invitations to join a team: an owner names an email address and a role, and the person who
//! signs in with that address accepts or declines; an owner may revoke it while it is open.
//! An invitation to an organisation also goes by mail, with a link that works for a week.
//! Pure and wasm-safe; the store keeps invitations in one table for every kind of team and the
//! service applies these rules.
//!
//! Nobody learns from an invitation whether an address has an account: recording one answers
//! the same for any well-formed address, and only the person signed in with it ever sees it.

use crate::account::{Email, Role, TenantId};
use crate::catalog::{ProviderId, ProviderRole};
use crate::ids::typed_id;
use serde::{Deserialize, Serialize};

typed_id!(
    /// One invitation, open or closed.
    InvitationId
);

/// Where an invitation stands. Only an open one can change, and once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvitationStatus {
    Open,
    Accepted,
    Declined,
    Revoked,
}

impl InvitationStatus {
    pub const ALL: [Self; 4] = [Self::Open, Self::Accepted, Self::Declined, Self::Revoked];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::Revoked => "revoked",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == raw)
    }

    /// The status after `action`, or `None` when the invitation is already closed.
    pub fn after(self, action: InvitationAction) -> Option<Self> {
        match self {
            Self::Open => Some(match action {
                InvitationAction::Accept => Self::Accepted,
                InvitationAction::Decline => Self::Declined,
                InvitationAction::Revoke => Self::Revoked,
            }),
            Self::Accepted | Self::Declined | Self::Revoked => None,
        }
    }
}

/// What can happen to an open invitation: the invitee accepts or declines it, an owner of the
/// team revokes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvitationAction {
    /// The invitee joins the team with the invitation's role.
    Accept,
    /// The invitee says no; the team can invite the address again.
    Decline,
    /// An owner withdraws it before it is answered.
    Revoke,
}

/// An open invitation to a provider's team, as its owners see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderInvitation {
    pub id: InvitationId,
    pub email: Email,
    pub role: ProviderRole,
    /// The name of the owner who sent it.
    pub invited_by: String,
    pub invited_at: i64,
}

/// How long the link of an invitation to an organisation works.
pub const ORGANISATION_INVITATION_SECS: i64 = 7 * 86_400;

/// An open invitation to an organisation, as its owners and admins see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationInvitation {
    pub id: InvitationId,
    pub email: Email,
    pub role: Role,
    /// The name of the member who sent it.
    pub invited_by: String,
    pub invited_at: i64,
    /// When its link stops working; a resend sends a new link with a new week.
    pub expires_at: i64,
}

/// What the link of an open invitation to an organisation offers, as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationOffer {
    pub id: InvitationId,
    pub tenant: TenantId,
    pub organisation: String,
    pub email: Email,
    pub role: Role,
    pub invited_by: String,
}

/// An open invitation addressed to the signed-in user, as they see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceivedInvitation {
    pub id: InvitationId,
    pub provider: ProviderId,
    pub provider_name: String,
    pub role: ProviderRole,
    /// The name of the owner who sent it.
    pub invited_by: String,
    pub invited_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACTIONS: [InvitationAction; 3] = [
        InvitationAction::Accept,
        InvitationAction::Decline,
        InvitationAction::Revoke,
    ];

    #[test]
    fn an_open_invitation_closes_with_the_outcome_of_each_action() {
        let open = InvitationStatus::Open;
        assert_eq!(
            open.after(InvitationAction::Accept),
            Some(InvitationStatus::Accepted)
        );
        assert_eq!(
            open.after(InvitationAction::Decline),
            Some(InvitationStatus::Declined)
        );
        assert_eq!(
            open.after(InvitationAction::Revoke),
            Some(InvitationStatus::Revoked)
        );
    }

    #[test]
    fn a_closed_invitation_never_changes_again() {
        for status in InvitationStatus::ALL
            .into_iter()
            .filter(|s| *s != InvitationStatus::Open)
        {
            for action in ACTIONS {
                assert_eq!(status.after(action), None, "{status:?} {action:?}");
            }
        }
    }

    #[test]
    fn every_status_reads_back_from_its_stored_name() {
        for status in InvitationStatus::ALL {
            assert_eq!(InvitationStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(InvitationStatus::parse("pending"), None);
    }
}
