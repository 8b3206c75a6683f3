//! Parts of a page that follow the server: the page is fetched again and one element of it,
//! found by id, replaces the one shown. The page itself stays the only source of its HTML, and a
//! browser without JavaScript shows the same page and reloads it by hand.

use leptos::prelude::*;

/// Keeps the element `#target` up to date while it says it is changing
/// (`data-in-flight="true"`): every `seconds`, the page's own address is fetched and its
/// `#target` swapped in, and with it the elements named in `also` (parts of the page that change
/// with it). It stops when the fresh `#target` is settled.
#[island]
pub fn Follow(target: String, also: Vec<String>, seconds: u32) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    browser::follow(target, also, seconds);
    #[cfg(not(feature = "hydrate"))]
    let _ = (target, also, seconds);
}

/// Says that the page its link leads to is being worked out: once the link is followed, `message`
/// shows with a progress bar until the next page arrives (the browser keeps this one meanwhile).
#[island]
pub fn Pending(message: String, children: Children) -> impl IntoView {
    let (busy, set_busy) = signal(false);
    view! {
        <div on:click=move |_| set_busy.set(true)>{children()}</div>
        <div aria-live="polite" class="text-sm text-slate-700">
            <Show when=move || busy.get()>
                <p data-pending="">{message.clone()}</p>
                <progress class="mt-1 block w-full"></progress>
            </Show>
        </div>
    }
}

#[cfg(feature = "hydrate")]
pub mod browser {
    use leptos::prelude::*;
    use leptos::wasm_bindgen::JsCast;
    use std::time::Duration;

    /// The element `id` of the page at `url`, as the server renders it now.
    pub async fn fetch_element(url: &str, id: &str) -> Option<web_sys::Element> {
        fetch_page(url).await?.get_element_by_id(id)
    }

    /// The page at `url`, as the server renders it now.
    async fn fetch_page(url: &str) -> Option<web_sys::Document> {
        let window = web_sys::window()?;
        let response: web_sys::Response =
            wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(url))
                .await
                .ok()?
                .dyn_into()
                .ok()?;
        if !response.ok() {
            return None;
        }
        let html = wasm_bindgen_futures::JsFuture::from(response.text().ok()?)
            .await
            .ok()?
            .as_string()?;
        web_sys::DomParser::new()
            .ok()?
            .parse_from_string(&html, web_sys::SupportedType::TextHtml)
            .ok()
    }

    fn in_flight(element: &web_sys::Element) -> bool {
        element.get_attribute("data-in-flight").as_deref() == Some("true")
    }

    pub fn follow(target: String, also: Vec<String>, seconds: u32) {
        let Some(current) = document().get_element_by_id(&target) else {
            return;
        };
        if !in_flight(&current) {
            return;
        }
        set_timeout(
            move || {
                leptos::task::spawn_local(async move {
                    let url = window().location().href().unwrap_or_default();
                    if let Some(page) = fetch_page(&url).await {
                        for id in std::iter::once(&target).chain(&also) {
                            if let Some(fresh) = page.get_element_by_id(id)
                                && let Some(current) = document().get_element_by_id(id)
                            {
                                let _ = current.replace_with_with_node_1(&fresh);
                            }
                        }
                    }
                    follow(target, also, seconds);
                });
            },
            Duration::from_secs(u64::from(seconds)),
        );
    }
}
