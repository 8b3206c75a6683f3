//! A page's data, loaded as a task of its own from the moment the page is built, for the page's
//! `Suspend` to await (why a `Suspend`: see the crate's documentation).
//!
//! Why a task: the parts of a page render in order, and the future of a later part is polled
//! only when its turn comes. Two parts read the same session, whose record sits behind a fair
//! lock: awaited in place, a later part queued for that lock is handed it while nobody polls it,
//! and the earlier part, queued behind it for its next read, waits for good. As tasks, every
//! loader runs to its end whatever the order of rendering.

use crate::error::AppError;
use futures::channel::oneshot;
use leptos::reactive::computed::ScopedFuture;
use std::future::Future;

/// Starts `load` now, in the current owner (its contexts: the request, the state), and returns
/// what awaits its answer. A loader that panics answers [`AppError::Internal`].
pub fn loading<T>(
    load: impl Future<Output = Result<T, AppError>> + Send + 'static,
) -> impl Future<Output = Result<T, AppError>> + Send + 'static
where
    T: Send + 'static,
{
    let (answer, answered) = oneshot::channel();
    if in_request() {
        leptos::reactive::spawn(ScopedFuture::new_untracked(async move {
            // The page gone, nobody waits for the answer.
            let _ = answer.send(load.await);
        }));
    }
    async move { answered.await.unwrap_or(Err(AppError::Internal)) }
}

/// Whether a request is being answered, which provides the application's state: not while the
/// router walks the app for its routes when the server starts (leptos loads no resource then
/// either), with a stand-in request and no state.
#[cfg(feature = "ssr")]
fn in_request() -> bool {
    leptos::prelude::use_context::<crate::state::AppState>().is_some()
}

/// The browser build: pages never run there (they are not islands); it only compiles them.
#[cfg(not(feature = "ssr"))]
fn in_request() -> bool {
    true
}
