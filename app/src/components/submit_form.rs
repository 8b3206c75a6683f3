//! The marketplace's forms: a [`SubmitForm`] of server-rendered [`Input`]s inside one small
//! island that, with JavaScript, posts the form to its server function and shows each refusal
//! next to its field, so nothing typed is lost; without JavaScript the form posts and the page
//! comes back with the refusal shown. Every form shares that one piece of WASM instead of
//! shipping its own.

use crate::components::field::{ErrorTexts, INPUT_CLASS};
use crate::error::AppError;
use crate::i18n::use_i18n;
use broker::account::Field;
use leptos::prelude::*;

/// The name a field has in an [`AppError::Invalid`] answer (`price`, `legal_name`).
pub fn field_name(field: Field) -> String {
    serde_json::to_value(field)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The name the server gives a field when it refuses its value: a [`Field`] of the account and
/// catalog forms, or a path of the blueprint form (`components[2].quantity`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldKey(String);

impl From<Field> for FieldKey {
    fn from(field: Field) -> Self {
        Self(field_name(field))
    }
}

impl From<String> for FieldKey {
    fn from(key: String) -> Self {
        Self(key)
    }
}

impl From<&str> for FieldKey {
    fn from(key: &str) -> Self {
        Self(key.to_owned())
    }
}

/// A labelled input, textarea or select of a [`SubmitForm`], with the place for its error.
#[component]
pub fn Input(
    /// The field the server names when it refuses the value.
    #[prop(into)]
    field: FieldKey,
    /// The form name, e.g. `form[fields][price]`.
    #[prop(into)]
    name: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    /// Rows of a textarea; 0 is a one-line input.
    #[prop(default = 0)]
    rows: u32,
    /// `(value, label)` pairs make it a select.
    #[prop(optional)]
    options: Option<Vec<(String, String)>>,
    #[prop(optional)] readonly: bool,
    /// The element id, when the page has the same form more than once.
    #[prop(optional, into)]
    id: Option<String>,
) -> impl IntoView {
    let key = field.0;
    let refused = refused_text(&key);
    let id = id.unwrap_or_else(|| name.replace("][", "-").replace(['[', ']'], "-"));
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described_by = match hint {
        Some(_) => format!("{hint_id} {error_id}"),
        None => error_id.clone(),
    };
    let control = match (options, rows) {
        (Some(options), _) => view! {
            <select id=id.clone() name=name.clone() class=INPUT_CLASS data-field=key.clone() aria-describedby=described_by disabled=readonly>
                {options.into_iter().map(|(option, label)| {
                    let selected = value.as_deref() == Some(option.as_str());
                    view! { <option value=option selected=selected>{label}</option> }
                }).collect_view()}
            </select>
            {readonly.then(|| view! { <input type="hidden" name=name value=value.clone() /> })}
        }
        .into_any(),
        (None, 0) => view! {
            <input id=id.clone() name=name type=kind autocomplete=autocomplete class=INPUT_CLASS data-field=key.clone()
                aria-describedby=described_by value=value readonly=readonly />
        }
        .into_any(),
        (None, rows) => view! {
            <textarea id=id.clone() name=name rows=rows class=INPUT_CLASS data-field=key.clone()
                aria-describedby=described_by>{value.as_deref().map(textarea_text)}</textarea>
        }
        .into_any(),
    };
    view! {
        <div class="mb-4">
            <label for=id class="block text-sm font-medium text-slate-700">{label}</label>
            {control}
            {hint.map(|hint| view! { <p id=hint_id class="mt-1 text-sm text-slate-500">{hint}</p> })}
            <p id=error_id class="mt-1 text-sm text-red-700" role="alert" data-error-for=key>{refused}</p>
        </div>
    }
}

/// The text of a textarea as its HTML: the renderer writes a `<textarea>`'s children as raw
/// text (as it does for `<script>`), so a value holding `</textarea>` would end the element and
/// the rest would be read as markup. A textarea's content decodes character references, so the
/// escaped text shows exactly as typed.
fn textarea_text(value: &str) -> String {
    let mut html = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            c => html.push(c),
        }
    }
    html
}

/// A box to tick, with its label and the place for its error.
#[component]
pub fn Checkbox(
    /// The field the server names when it refuses the form unticked.
    #[prop(into)]
    field: FieldKey,
    #[prop(into)] name: String,
    #[prop(into)] label: String,
) -> impl IntoView {
    let key = field.0;
    let refused = refused_text(&key);
    let id = name.replace("][", "-").replace(['[', ']'], "-");
    let error_id = format!("{id}-error");
    view! {
        <div class="mb-4">
            <label class="flex items-start gap-2">
                <input type="checkbox" id=id name=name value="yes" data-field=key.clone() aria-describedby=error_id.clone() class="mt-1" />
                <span>{label}</span>
            </label>
            <p id=error_id class="mt-1 text-sm text-red-700" role="alert" data-error-for=key>{refused}</p>
        </div>
    }
}

/// The place for the error of a field that is not one input (the list of a blueprint's
/// components, say), filled like an [`Input`]'s.
#[component]
pub fn FieldErrorText(#[prop(into)] field: FieldKey, #[prop(into)] id: String) -> impl IntoView {
    let key = field.0;
    let refused = refused_text(&key);
    view! { <p id=id class="mt-1 text-sm text-red-700" role="alert" data-error-for=key>{refused}</p> }
}

/// The sentence for the refusal of the field `key` that brought a browser without JavaScript
/// back to this form, if any.
fn refused_text(key: &str) -> Option<String> {
    use_context::<Refusal>().and_then(|refusal| {
        ErrorTexts::new(use_i18n().get_locale_untracked())
            .field_text(&refusal.0?, key)
            .map(str::to_owned)
    })
}

/// The refusal a form's server function sent back to a browser without JavaScript, for the
/// form's fields to show: the server sends such a browser back to the form's page with the error
/// in the address.
#[derive(Clone, Default)]
struct Refusal(Option<AppError>);

/// The error in this page's address, when it came from the server function at `action`.
#[cfg(feature = "ssr")]
fn refusal_for(action: &str) -> Option<AppError> {
    use leptos::server_fn::error::ServerFnUrlError;
    leptos_router::hooks::use_query_map().with_untracked(|query| {
        let path = query.get("__path")?;
        let error = query.get("__err")?;
        (path.trim_end_matches('/') == action)
            .then(|| ServerFnUrlError::<AppError>::decode_err(&error))
    })
}

/// The sentence above the form for an error that is not about one field.
fn general_text(error: &AppError, texts: &ErrorTexts) -> Option<String> {
    match error {
        AppError::Invalid(_) | AppError::BlueprintInvalid(_) => None,
        AppError::BlueprintRefused(reason) => Some(format!("{}\n{reason}", texts.error(error))),
        AppError::ImportRefused(_) | AppError::Stale(_) => {
            let lines = texts.refusal_lines(error).unwrap_or_default();
            Some(format!("{}\n{}", texts.error(error), lines.join("\n")))
        }
        AppError::Refused(_) => Some(match texts.refusal_lines(error) {
            Some(lines) => lines.join("\n"),
            None => texts.error(error).to_owned(),
        }),
        other => Some(texts.error(other).to_owned()),
    }
}

/// A form posted to the server function at `action`. Its children are the fields and buttons.
/// With JavaScript it is sent without leaving the page and each refusal is written in place;
/// without, the browser posts it and comes back to the page with the refusal shown.
#[component]
pub fn SubmitForm(
    action: &'static str,
    class: &'static str,
    errors: ErrorTexts,
    children: Children,
) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let refusal = refusal_for(action);
    #[cfg(not(feature = "ssr"))]
    let refusal = None;
    let general = refusal
        .as_ref()
        .and_then(|error| general_text(error, &errors));
    provide_context(Refusal(refusal));
    view! {
        <Enhance errors>
            <form method="post" action=action class=class novalidate="">
                <p class="mb-4 whitespace-pre-line text-sm text-red-700 empty:mb-0" role="alert" data-form-error="">{general}</p>
                {children()}
            </form>
        </Enhance>
    }
}

/// Sends the forms inside it with JavaScript (a submit event bubbles up to it).
#[island]
fn Enhance(errors: ErrorTexts, children: Children) -> impl IntoView {
    let texts = StoredValue::new(errors);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        browser::submit(event, texts);
        #[cfg(not(feature = "hydrate"))]
        let _ = (event, texts);
    };
    view! { <div on:submit=on_submit>{children()}</div> }
}

#[cfg(feature = "hydrate")]
mod browser;
