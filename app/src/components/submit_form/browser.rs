//! The form island's work in the browser: posting a form with `fetch` and writing each
//! refusal next to its field.

use crate::components::error_texts::{ErrorTexts, field_name};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::wasm_bindgen::{JsCast, JsValue};

/// What the form shows of a refusal: a sentence under each refused field, or one above the form.
fn show(form: &impl FormPage, error: &AppError, texts: &ErrorTexts) {
    form.clear();
    match error {
        AppError::Invalid(problems) => {
            for problem in problems {
                form.field_error(&field_name(problem.field), texts.problem(problem.problem));
            }
        }
        AppError::BlueprintInvalid(problems) => {
            for problem in problems {
                form.field_error(&problem.field, texts.blueprint_problem(problem.problem));
            }
        }
        other => {
            if let Some(text) = texts.general(other) {
                form.general_error(&text);
            }
        }
    }
}

/// The parts of the page a refusal is written into.
trait FormPage {
    fn clear(&self);
    fn field_error(&self, field: &str, text: &str);
    fn general_error(&self, text: &str);
}

impl FormPage for web_sys::HtmlFormElement {
    fn clear(&self) {
        if let Ok(nodes) = self.query_selector_all("[data-error-for], [data-form-error]") {
            for i in 0..nodes.length() {
                if let Some(node) = nodes.item(i) {
                    node.set_text_content(None);
                }
            }
        }
        if let Ok(nodes) = self.query_selector_all("[data-field]") {
            for i in 0..nodes.length() {
                if let Some(element) = nodes
                    .item(i)
                    .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                {
                    let _ = element.set_attribute("aria-invalid", "false");
                }
            }
        }
    }

    fn field_error(&self, field: &str, text: &str) {
        if let Ok(Some(place)) = self.query_selector(&format!("[data-error-for=\"{field}\"]")) {
            place.set_text_content(Some(text));
        } else {
            self.general_error(text);
        }
        if let Ok(Some(input)) = self.query_selector(&format!("[data-field=\"{field}\"]")) {
            let _ = input.set_attribute("aria-invalid", "true");
        }
    }

    fn general_error(&self, text: &str) {
        if let Ok(Some(place)) = self.query_selector("[data-form-error]") {
            place.set_text_content(Some(text));
        }
    }
}

/// Posts the form as the browser would (the pressed button included) and follows the
/// answer: the page the server names, or the refusal shown in place.
pub fn submit(event: leptos::ev::SubmitEvent, texts: StoredValue<ErrorTexts>) {
    let Some(form) = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::HtmlFormElement>().ok())
    else {
        return;
    };
    event.prevent_default();
    let Some(body) = body(&form, event.submitter()) else {
        return;
    };
    let buttons = form.query_selector_all("button").ok();
    let set_busy = move |busy: bool| {
        if let Some(buttons) = &buttons {
            for i in 0..buttons.length() {
                if let Some(button) = buttons
                    .item(i)
                    .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                {
                    let _ = if busy {
                        button.set_attribute("disabled", "")
                    } else {
                        button.remove_attribute("disabled")
                    };
                }
            }
        }
    };
    set_busy(true);
    leptos::task::spawn_local(async move {
        let answer = post(&form.action(), &body).await;
        set_busy(false);
        match answer {
            Some(Ok(target)) => go(&target),
            Some(Err(error)) => texts.with_value(|texts| show(&form, &error, texts)),
            None => texts.with_value(|texts| show(&form, &AppError::Internal, texts)),
        }
    });
}

/// Goes to the page the server named. A target that differs from this page only by its
/// fragment (`/compose/3#components` from `/compose/3`) would only scroll, showing the page
/// as it was before the change: the page is loaded again there.
fn go(target: &str) {
    let location = window().location();
    let here = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    let _ = location.set_href(target);
    if target.contains('#') && target.split('#').next() == Some(here.as_str()) {
        let _ = location.reload();
    }
}

fn body(
    form: &web_sys::HtmlFormElement,
    submitter: Option<web_sys::HtmlElement>,
) -> Option<String> {
    let data = web_sys::FormData::new_with_form(form).ok()?;
    let params = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?;
    if let Some(button) = submitter
        && let Some(name) = button.get_attribute("name")
    {
        params.append(&name, &button.get_attribute("value").unwrap_or_default());
    }
    Some(String::from(params.to_string()))
}

/// The server function's answer: the path to go to, or its error.
async fn post(action: &str, body: &str) -> Option<Result<String, AppError>> {
    let headers = web_sys::Headers::new().ok()?;
    headers
        .set("Content-Type", "application/x-www-form-urlencoded")
        .ok()?;
    headers.set("Accept", "application/json").ok()?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(body));
    let response: web_sys::Response =
        wasm_bindgen_futures::JsFuture::from(window().fetch_with_str_and_init(action, &init))
            .await
            .ok()?
            .dyn_into()
            .ok()?;
    let text = wasm_bindgen_futures::JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()?;
    Some(if response.ok() {
        serde_json::from_str(&text).ok().map(Ok)?
    } else {
        serde_json::from_str(&text).ok().map(Err)?
    })
}
