//! A file input that puts the chosen file's text into a textarea, for the forms that import a
//! document (a catalog, a blueprint) and still take it pasted.

use leptos::prelude::*;

/// A file input whose chosen file's text goes into the textarea `target`.
#[island]
pub fn FileAsText(input: String, target: String) -> impl IntoView {
    let load = move |event: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            let file = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                .and_then(|input| input.files())
                .and_then(|files| files.get(0));
            let target = target.clone();
            if let Some(file) = file {
                leptos::task::spawn_local(async move {
                    let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
                    let area = document()
                        .get_element_by_id(&target)
                        .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok());
                    if let (Some(text), Some(area)) = (text.ok().and_then(|t| t.as_string()), area)
                    {
                        area.set_value(&text);
                    }
                });
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (event, &target);
    };
    view! { <input id=input type="file" accept=".json,application/json" class="mt-1 block text-sm" on:change=load /> }
}
