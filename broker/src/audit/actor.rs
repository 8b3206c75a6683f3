//! Who acted, in which capacity, for whom, and from where.

use crate::account::{CurrentUser, Role, TenantId, UserId};
use crate::catalog::{ProviderId, ProviderRole};
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// The most of a browser's self-description the log keeps, in characters.
pub const MAX_AGENT_CHARS: usize = 256;

/// Where a request came from: the client's address (when known) and its browser's
/// `User-Agent`, cut to [`MAX_AGENT_CHARS`] characters, control characters dropped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    pub address: Option<IpAddr>,
    pub agent: String,
}

impl Origin {
    pub fn new(address: Option<IpAddr>, agent: &str) -> Self {
        Self {
            address,
            agent: agent
                .chars()
                .filter(|c| !c.is_control())
                .take(MAX_AGENT_CHARS)
                .collect(),
        }
    }
}

/// In which capacity someone acted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Capacity {
    /// Someone who had not signed in (a failed log-in).
    Visitor,
    /// A person acting on their own account (log-in, password change).
    User,
    Operator,
    Tenant(Role),
    Provider(ProviderRole),
}

impl Capacity {
    pub const ALL: [Self; 9] = [
        Self::Visitor,
        Self::User,
        Self::Operator,
        Self::Tenant(Role::Owner),
        Self::Tenant(Role::Admin),
        Self::Tenant(Role::Buyer),
        Self::Tenant(Role::Viewer),
        Self::Provider(ProviderRole::Owner),
        Self::Provider(ProviderRole::Member),
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Visitor => "visitor",
            Self::User => "user",
            Self::Operator => "operator",
            Self::Tenant(Role::Owner) => "tenant_owner",
            Self::Tenant(Role::Admin) => "tenant_admin",
            Self::Tenant(Role::Buyer) => "tenant_buyer",
            Self::Tenant(Role::Viewer) => "tenant_viewer",
            Self::Provider(ProviderRole::Owner) => "provider_owner",
            Self::Provider(ProviderRole::Member) => "provider_member",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|capacity| capacity.as_str() == raw)
    }
}

/// Who acted: the user (none for a visitor), the capacity, the organisation or provider the
/// action was done for or on, and where the request came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub user: Option<UserId>,
    pub capacity: Capacity,
    pub tenant: Option<TenantId>,
    pub provider: Option<ProviderId>,
    pub origin: Origin,
}

impl Actor {
    /// Someone not signed in.
    pub fn visitor(origin: Origin) -> Self {
        Self {
            user: None,
            capacity: Capacity::Visitor,
            tenant: None,
            provider: None,
            origin,
        }
    }

    /// `user` acting on their own account.
    pub fn user(user: UserId, origin: Origin) -> Self {
        Self {
            user: Some(user),
            ..Self::visitor(origin)
        }
        .with_capacity(Capacity::User)
    }

    /// `user` acting as the marketplace's operator.
    pub fn operator(user: &CurrentUser) -> Self {
        Self::user(user.id, user.origin.clone()).with_capacity(Capacity::Operator)
    }

    /// `user` acting for `tenant` with `role`.
    pub fn member(user: &CurrentUser, tenant: TenantId, role: Role) -> Self {
        Self {
            tenant: Some(tenant),
            ..Self::user(user.id, user.origin.clone()).with_capacity(Capacity::Tenant(role))
        }
    }

    /// `user` acting for `provider` with `role`.
    pub fn provider_member(user: &CurrentUser, provider: ProviderId, role: ProviderRole) -> Self {
        Self {
            provider: Some(provider),
            ..Self::user(user.id, user.origin.clone()).with_capacity(Capacity::Provider(role))
        }
    }

    /// The same actor, the action concerning `tenant`.
    pub fn on_tenant(self, tenant: TenantId) -> Self {
        Self {
            tenant: Some(tenant),
            ..self
        }
    }

    /// The same actor, the action concerning `provider`.
    pub fn on_provider(self, provider: ProviderId) -> Self {
        Self {
            provider: Some(provider),
            ..self
        }
    }

    fn with_capacity(self, capacity: Capacity) -> Self {
        Self { capacity, ..self }
    }
}
