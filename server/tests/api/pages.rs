//! Pages whose parts read the session at once (the header and the page's own data) answer every
//! time. Awaited in place, in the order the parts render, a later part could be handed the
//! session's lock while nobody polled it, and the request would never be answered (see
//! `app::components::loading`).

use super::fixtures::signed_up;
use super::helpers::for_each_backend;
use reqwest::StatusCode;
use std::time::Duration;

/// Far longer than any page takes; a page that has not answered by then never will.
const NO_ANSWER: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pages_whose_parts_read_the_session_at_once_always_answer() {
    for_each_backend(|app| async move {
        let alice = signed_up(&app, "alice").await;
        for round in 0..10 {
            for path in [
                "/dashboard",
                "/account",
                "/compose",
                "/billing",
                "/catalog",
                "/",
            ] {
                let page = tokio::time::timeout(NO_ANSWER, alice.get(path))
                    .await
                    .unwrap_or_else(|_| {
                        panic!("{}: {path} never answered (round {round})", app.backend)
                    });
                assert_eq!(page.status, StatusCode::OK, "{}: {path}", app.backend);
            }
        }
    })
    .await;
}
