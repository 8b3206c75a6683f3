//! A form's fields: the labelled [`Input`] (a one-line input, a textarea or a select), the
//! [`Checkbox`] and the [`FieldErrorText`], each with the place where the server's refusal of
//! its value is written.
//!
//! A field of a [`SubmitForm`](crate::components::submit_form::SubmitForm) carries the hooks
//! (`data-field`, `data-error-for`) the form's island writes refusals into, and shows the
//! refusal a browser without JavaScript came back with; a field of a form that lives in its own
//! island (sign-up) is given its error as a signal instead.

use crate::components::error_texts::field_name;
use crate::components::style::INPUT_CLASS;
#[cfg(feature = "ssr")]
use crate::error::AppError;
use broker::account::Field;
use leptos::either::Either;
use leptos::prelude::*;

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

/// A labelled input, textarea or select, with an optional hint and the place for its error,
/// linked for screen readers.
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
    /// The error under the field, for a form in its own island that follows its server action
    /// (see [`FormErrors`](crate::components::island_form::FormErrors)).
    #[prop(optional, into)]
    error: Option<Signal<Option<String>>>,
    /// Overrides `kind` reactively, for the show-password toggle.
    #[prop(optional, into)]
    kind_override: Option<Signal<&'static str>>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| name.replace("][", "-").replace(['[', ']'], "-"));
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described_by = match hint {
        Some(_) => format!("{hint_id} {error_id}"),
        None => error_id.clone(),
    };
    // An island's field says itself whether it is invalid; a SubmitForm's field is marked by
    // the form's island, through the `data-field` hook.
    let (text, invalid, hook) = match error {
        Some(error) => (
            Either::Left(move || error.get()),
            Some(move || {
                if error.get().is_some() {
                    "true"
                } else {
                    "false"
                }
            }),
            None,
        ),
        None => (Either::Right(refused_text(&field.0)), None, Some(field.0)),
    };
    let kind = move || kind_override.map_or(kind, |k| k.get());
    let control = match (options, rows) {
        (Some(options), _) => view! {
            <select id=id.clone() name=name.clone() class=INPUT_CLASS data-field=hook.clone() aria-invalid=invalid aria-describedby=described_by disabled=readonly>
                {options.into_iter().map(|(option, label)| {
                    let selected = value.as_deref() == Some(option.as_str());
                    view! { <option value=option selected=selected>{label}</option> }
                }).collect_view()}
            </select>
            {readonly.then(|| view! { <input type="hidden" name=name value=value.clone() /> })}
        }
        .into_any(),
        (None, 0) => view! {
            <input id=id.clone() name=name type=kind autocomplete=autocomplete class=INPUT_CLASS data-field=hook.clone()
                aria-invalid=invalid aria-describedby=described_by value=value readonly=readonly />
        }
        .into_any(),
        (None, rows) => view! {
            <textarea id=id.clone() name=name rows=rows class=INPUT_CLASS data-field=hook.clone()
                aria-invalid=invalid aria-describedby=described_by>{value.as_deref().map(textarea_text)}</textarea>
        }
        .into_any(),
    };
    view! {
        <div class="mb-4">
            <label for=id class="block text-sm font-medium text-slate-700">{label}</label>
            {control}
            {hint.map(|hint| view! { <p id=hint_id class="mt-1 text-sm text-slate-500">{hint}</p> })}
            <p id=error_id class="mt-1 text-sm text-red-700" role="alert" data-error-for=hook>{text}</p>
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

/// The refusal a form's server function sent back to a browser without JavaScript, for the
/// form's fields to show: the server sends such a browser back to the form's page with the error
/// in the address. The form provides it to its fields.
#[cfg(feature = "ssr")]
#[derive(Clone, Default)]
pub struct Refusal(pub Option<AppError>);

/// The sentence for the refusal of the field `key` that brought a browser without JavaScript
/// back to this form, if any. Only the server renders such a form's fields (the browser
/// hydrates islands only), which keeps the translations out of the WASM.
fn refused_text(key: &str) -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        use crate::components::error_texts::ErrorTexts;
        use_context::<Refusal>().and_then(|refusal| {
            ErrorTexts::new(crate::i18n::use_i18n().get_locale_untracked())
                .field_text(&refusal.0?, key)
                .map(str::to_owned)
        })
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = key;
        None
    }
}
