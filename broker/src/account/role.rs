//! The roles a member holds in a tenant, and what each role may do there.

use serde::{Deserialize, Serialize};

/// What a member may do in a tenant, from most to least powerful.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Owner,
    Admin,
    Buyer,
    Viewer,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Owner, Role::Admin, Role::Buyer, Role::Viewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Buyer => "buyer",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.as_str() == raw)
    }

    /// Owners and admins manage the organisation and sign contracts.
    pub fn can_manage(self) -> bool {
        matches!(self, Role::Owner | Role::Admin)
    }

    /// Every member but a viewer writes the tenant's blueprints; the store's writes test the same.
    pub fn can_compose(self) -> bool {
        self != Role::Viewer
    }

    /// Owners, admins and buyers accept plans and prepare contracts (a buyer then asks an owner
    /// or admin to sign); viewers only read.
    pub fn can_prepare(self) -> bool {
        matches!(self, Role::Owner | Role::Admin | Role::Buyer)
    }

    /// Only owners and admins commit the tenant by signing.
    pub fn can_sign(self) -> bool {
        self.can_manage()
    }

    /// Owners, admins and buyers order a failed line again: it costs nothing more than what was
    /// signed.
    pub fn can_retry(self) -> bool {
        matches!(self, Role::Owner | Role::Admin | Role::Buyer)
    }

    /// Only owners and admins end a line, as only they sign.
    pub fn can_terminate(self) -> bool {
        self.can_manage()
    }
}
