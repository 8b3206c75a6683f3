//! Server functions of the audit log: a page of the entries within the reader's reach.

#[cfg(feature = "ssr")]
use super::ssr::Ctx;
use crate::error::AppError;
use broker::audit::{AuditPage, Filter};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Whose log is read: the marketplace's (the operator), the organisation the reader works in
/// (its owners and admins), or a provider's (its owners).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LogScope {
    Marketplace,
    Organisation,
    Provider(i64),
}

impl LogScope {
    /// How the CSV export's address names the scope (`of=…`).
    pub fn query_value(self) -> String {
        match self {
            Self::Marketplace => "marketplace".to_owned(),
            Self::Organisation => "organisation".to_owned(),
            Self::Provider(id) => format!("provider-{id}"),
        }
    }
}

/// The page of entries `filter` keeps, numbered below `before` (the newest without it).
#[server(prefix = "/api", endpoint = "audit_log")]
pub async fn load_audit_log(
    of: LogScope,
    filter: Filter,
    before: Option<i64>,
) -> Result<AuditPage, AppError> {
    use broker::audit::Scope;
    let ctx = Ctx::load().await?;
    let (user, scope) = match of {
        LogScope::Marketplace => (ctx.require_user().await?.1, Scope::Marketplace),
        LogScope::Organisation => {
            let (user, tenant) = ctx.member().await?;
            (user, Scope::Tenant(tenant))
        }
        LogScope::Provider(id) => (
            ctx.require_user().await?.1,
            Scope::Provider(broker::catalog::ProviderId::new(id)),
        ),
    };
    Ok(ctx.state.audit.page(&user, scope, &filter, before).await?)
}
