//! The session plumbing shared by the server functions.

use crate::error::{AppError, internal};
use crate::state::AppState;
use axum::extract::ConnectInfo;
use broker::account::{CurrentUser, Membership, TenantId, UserId};
use broker::audit::Origin;
use broker::service::SignedIn;
use leptos::prelude::*;
use std::net::{IpAddr, SocketAddr};
use tower_sessions::Session;

const USER: &str = "user";
const EPOCH: &str = "epoch";
const TENANT: &str = "tenant";

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Tells a browser without JavaScript to go to `path`, and returns it for the islands, which
/// navigate themselves.
pub fn redirect_to(path: &str) -> String {
    leptos_axum::redirect(path);
    path.to_owned()
}

/// The application's state, for server functions that need no session.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| internal(&"the application state is missing"))
}

/// The request's state and session.
pub struct Ctx {
    pub state: AppState,
    pub session: Session,
    peer: Option<SocketAddr>,
    forwarded_for: Option<String>,
    agent: String,
    language: broker::mail::Language,
}

fn session_error(err: tower_sessions::session::Error) -> AppError {
    internal(&err)
}

impl Ctx {
    pub async fn load() -> Result<Self, AppError> {
        let state = state()?;
        let session: Session = leptos_axum::extract().await.map_err(|err| internal(&err))?;
        let peer = leptos_axum::extract::<ConnectInfo<SocketAddr>>()
            .await
            .ok()
            .map(|info| info.0);
        let headers: axum::http::HeaderMap =
            leptos_axum::extract().await.map_err(|err| internal(&err))?;
        let forwarded_for = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let agent = headers
            .get(axum::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let language = language_of(&headers);
        Ok(Self {
            state,
            session,
            peer,
            forwarded_for,
            agent,
            language,
        })
    }

    /// The client's address: the peer, or the last hop that a trusted proxy reports; `None`
    /// when the request has no peer or the proxy's hop is not an address.
    pub fn client_addr(&self) -> Option<IpAddr> {
        let peer = self.peer.map(|p| p.ip())?;
        match (self.state.settings.trusted_proxy, &self.forwarded_for) {
            (Some(proxy), Some(forwarded)) if peer == proxy => {
                let hop = forwarded.rsplit(',').next().map(str::trim).unwrap_or("");
                if hop.is_empty() {
                    return Some(peer);
                }
                let parsed = hop.parse().ok();
                if parsed.is_none() {
                    tracing::warn!(
                        hop,
                        "the trusted proxy forwarded a hop that is not an address"
                    );
                }
                parsed
            }
            _ => Some(peer),
        }
    }

    /// The language the visitor reads the site in: their choice (the language switch's cookie),
    /// else their browser's first preference.
    pub fn language(&self) -> broker::mail::Language {
        self.language
    }

    /// Where the request came from, as the audit log records it.
    pub fn origin(&self) -> Origin {
        Origin::new(self.client_addr(), &self.agent)
    }

    /// The client's address as the attempt limits key it: the address, or `unknown`.
    pub fn client_key(&self) -> String {
        self.client_addr()
            .map_or_else(|| "unknown".to_owned(), |addr| addr.to_string())
    }

    /// The signed-in user, if the session names one whose password has not changed since.
    pub async fn user(&self) -> Result<Option<(SignedIn, CurrentUser)>, AppError> {
        let user = session_user(&self.state, &self.session).await?;
        Ok(user.map(|(signed_in, user)| (signed_in, self.acting(user))))
    }

    /// `user` acting through this request.
    fn acting(&self, user: CurrentUser) -> CurrentUser {
        CurrentUser {
            origin: self.origin(),
            ..user
        }
    }

    pub async fn require_user(&self) -> Result<(SignedIn, CurrentUser), AppError> {
        self.user().await?.ok_or(AppError::Unauthorized)
    }

    /// A new session id at every sign-in, so an id planted before it is worth nothing after.
    pub async fn start_session(
        &self,
        signed_in: SignedIn,
        tenant: Option<TenantId>,
    ) -> Result<(), AppError> {
        self.session.cycle_id().await.map_err(session_error)?;
        self.session
            .insert(USER, signed_in.user.get())
            .await
            .map_err(session_error)?;
        self.session
            .insert(EPOCH, signed_in.auth_epoch)
            .await
            .map_err(session_error)?;
        match tenant {
            Some(tenant) => self.set_active_tenant(tenant).await,
            None => self
                .session
                .remove::<i64>(TENANT)
                .await
                .map(|_| ())
                .map_err(session_error),
        }
    }

    pub async fn renew_epoch(&self, signed_in: SignedIn) -> Result<(), AppError> {
        self.session
            .insert(EPOCH, signed_in.auth_epoch)
            .await
            .map_err(session_error)
    }

    pub async fn end_session(&self) -> Result<(), AppError> {
        self.session.flush().await.map_err(session_error)
    }

    pub async fn set_active_tenant(&self, tenant: TenantId) -> Result<(), AppError> {
        self.session
            .insert(TENANT, tenant.get())
            .await
            .map_err(session_error)
    }

    /// The organisation the user works in: the one chosen last if still a member, else the first.
    pub async fn active_tenant(
        &self,
        memberships: &[Membership],
    ) -> Result<Option<TenantId>, AppError> {
        session_tenant(&self.session, memberships).await
    }

    /// The signed-in user and the organisation they work in; `NotFound` without one.
    pub async fn member(&self) -> Result<(CurrentUser, TenantId), AppError> {
        let (user, tenant) = session_member(&self.state, &self.session).await?;
        Ok((self.acting(user), tenant))
    }
}

/// The user `session` names, if their password has not changed since it was opened; a
/// session that outlived it is ended.
pub async fn session_user(
    state: &AppState,
    session: &Session,
) -> Result<Option<(SignedIn, CurrentUser)>, AppError> {
    let user: Option<i64> = session.get(USER).await.map_err(session_error)?;
    let epoch: Option<i64> = session.get(EPOCH).await.map_err(session_error)?;
    let (Some(user), Some(auth_epoch)) = (user, epoch) else {
        return Ok(None);
    };
    let signed_in = SignedIn {
        user: UserId::new(user),
        auth_epoch,
    };
    match state.accounts.current_user(signed_in).await? {
        Some(current) => Ok(Some((signed_in, current))),
        None => {
            // The password changed elsewhere or the account is gone: this session is over.
            session.flush().await.map_err(session_error)?;
            Ok(None)
        }
    }
}

async fn session_tenant(
    session: &Session,
    memberships: &[Membership],
) -> Result<Option<TenantId>, AppError> {
    let chosen: Option<i64> = session.get(TENANT).await.map_err(session_error)?;
    Ok(chosen
        .map(TenantId::new)
        .filter(|t| memberships.iter().any(|m| m.tenant == *t))
        .or_else(|| memberships.first().map(|m| m.tenant)))
}

/// The signed-in user of `session` and the organisation they work in, for the pages and the
/// HTTP API alike: `Unauthorized` without a user, `NotFound` without an organisation.
pub async fn session_member(
    state: &AppState,
    session: &Session,
) -> Result<(CurrentUser, TenantId), AppError> {
    let (_, user) = session_user(state, session)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let memberships = state.accounts.memberships(user.id).await?;
    let tenant = session_tenant(session, &memberships)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((user, tenant))
}

/// The language of the request: the `i18n_pref_locale` cookie that the language switch sets,
/// else the first language of `Accept-Language`.
fn language_of(headers: &axum::http::HeaderMap) -> broker::mail::Language {
    use broker::mail::Language;
    let cookie = headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .find_map(|pair| pair.trim().strip_prefix("i18n_pref_locale="));
    if let Some(locale) = cookie {
        return Language::parse(locale.trim());
    }
    let accepted = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(',').next())
        .map(|first| {
            first
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_lowercase()
        });
    accepted.map_or_else(Language::default, |first| Language::parse(&first))
}

#[cfg(test)]
mod language_tests {
    use super::language_of;
    use axum::http::{HeaderMap, HeaderValue, header};
    use broker::mail::Language;

    #[test]
    fn the_chosen_language_wins_over_the_browsers() {
        let mut headers = HeaderMap::new();
        assert_eq!(language_of(&headers), Language::En);
        headers.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_static("fr-CA,fr;q=0.9,en;q=0.5"),
        );
        assert_eq!(language_of(&headers), Language::Fr);
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("session=x; i18n_pref_locale=en"),
        );
        assert_eq!(language_of(&headers), Language::En);
    }
}
