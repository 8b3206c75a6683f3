//! Markup typed into any text field of any form is shown as text on every page that shows the
//! field, never as markup: each field holds a value that leaves an attribute, a textarea and a
//! script and opens an image with an error handler, and each page is read as a browser without
//! JavaScript gets it. Refused values are sent too, through the form's own page.

mod compose;
mod market;
mod selling;

use super::helpers::{Answer, Browser, Person, TestApp, for_each_backend};
use reqwest::StatusCode;

/// Markup that a page writing `tag`'s value unescaped would run: it closes a quoted attribute,
/// the element around it and a textarea, then opens an image and a script.
fn payload(tag: &str) -> String {
    format!("{tag}\"'><img src=x onerror=alert(1)></textarea><script>alert(1)</script>")
}

/// The same markup in 31 characters and `tag`, for fields of at most 40 characters.
fn short(tag: &str) -> String {
    format!("{tag}\"'><img src=x onerror=alert(1)>")
}

/// What the page would hold if it wrote a value as markup (compared in lower case, since some
/// fields are kept in upper case).
const MARKUP: [&str; 2] = ["<img src=x", "<script>alert(1)"];

/// The page's HTML holds none of the markup of the payloads.
fn no_markup(page: &Answer, context: &str) {
    let html = page.body.to_lowercase();
    for markup in MARKUP {
        if let Some(at) = html.find(markup) {
            let start = html[..at]
                .char_indices()
                .rev()
                .nth(200)
                .map_or(0, |(i, _)| i);
            let end = (at + 300).min(html.len());
            let end = (end..=html.len())
                .find(|i| html.is_char_boundary(*i))
                .unwrap_or(html.len());
            panic!(
                "{context}: {markup:?} is written as markup:\n{}",
                &html[start..end]
            );
        }
    }
}

/// The page shows `value` as text: escaped in an element's text or in an attribute.
fn shows(page: &Answer, value: &str, context: &str) {
    let html = page.body.to_lowercase();
    let text = value
        .to_lowercase()
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let attribute = text.replace('"', "&quot;");
    assert!(
        html.contains(&text) || html.contains(&attribute),
        "{context}: {value:?} is not shown as text"
    );
}

/// The page shows some of the payloads' markup as text, however it quotes it.
fn shows_escaped(page: &Answer, context: &str) {
    let html = page.body.to_lowercase();
    assert!(
        html.contains("&lt;img src=x") || html.contains("&lt;script&gt;"),
        "{context}: no escaped markup on the page:\n{html}"
    );
}

/// GETs `path`: it is a page, holds no markup of the payloads, and shows each of `values` as text.
async fn page(browser: &Browser, path: &str, values: &[&str], context: &str) -> Answer {
    let context = format!("{context} {path}");
    let answer = browser.get(path).await;
    assert_eq!(answer.status, StatusCode::OK, "{context}: {}", answer.body);
    no_markup(&answer, &context);
    for value in values {
        shows(&answer, value, &context);
    }
    answer
}

/// Posts a form as a browser without JavaScript does and reads the page it is sent back to with
/// the refusal (a form refused with JavaScript is written in place and never reaches the page).
async fn refused_page(
    app: &TestApp,
    browser: &Browser,
    function: &str,
    from_page: &str,
    fields: &[(&str, &str)],
    context: &str,
) -> Answer {
    let context = format!("{context} {function} from {from_page}");
    let answer = browser.submit_form(function, from_page, fields).await;
    let location = answer.location.clone().unwrap_or_else(|| {
        panic!(
            "{context}: sent back, got {} {}",
            answer.status, answer.body
        )
    });
    assert!(location.contains("__err="), "{context}: {location}");
    let path = location.trim_start_matches(&app.url("")).to_owned();
    let back = browser.get(&path).await;
    assert_eq!(back.status, StatusCode::OK, "{context}: {path}");
    no_markup(&back, &format!("{context}: {path}"));
    back
}

fn pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

fn ok(answer: &Answer, context: &str) {
    assert!(
        answer.status.is_success(),
        "{context}: {} {}",
        answer.status,
        answer.body
    );
}

/// Someone signed up whose name and organisation are payloads tagged `tag-name`, `tag-org`.
async fn signed_up(app: &TestApp, tag: &str) -> (Browser, Person) {
    let person = Person {
        name: payload(&format!("{tag}-name")),
        organisation: payload(&format!("{tag}-org")),
        ..Person::new(tag)
    };
    let browser = app.browser();
    ok(&browser.sign_up(&person).await, "sign up");
    (browser, person)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn markup_typed_in_the_account_forms_is_shown_as_text() {
    for_each_backend(|app| async move {
        let context = app.backend.to_owned();
        let visitor = app.browser();
        let bad = payload("bad");

        // Refused values: the forms' pages come back with the refusal.
        refused_page(
            &app,
            &visitor,
            "sign_up",
            "/signup",
            &[
                ("form[email]", &bad),
                ("form[password]", &bad),
                ("form[name]", &bad),
                ("form[organisation]", &bad),
            ],
            &context,
        )
        .await;
        refused_page(
            &app,
            &visitor,
            "log_in",
            "/login",
            &[("form[email]", &bad), ("form[password]", &bad)],
            &context,
        )
        .await;

        // Accepted values: the person's name and organisation, and a second organisation.
        let (ada, person) = signed_up(&app, "ada").await;
        let second = payload("second-org");
        let created = ada
            .call("create_organisation", &[("form[name]", &second)])
            .await;
        ok(&created, &context);
        refused_page(
            &app,
            &ada,
            "change_password",
            "/account",
            &[("form[current]", &bad), ("form[new]", &bad)],
            &context,
        )
        .await;
        refused_page(
            &app,
            &ada,
            "create_organisation",
            "/account",
            &[("form[name]", &payload("long").repeat(3))],
            &context,
        )
        .await;

        let name = person.name.as_str();
        let first = person.organisation.as_str();
        page(&ada, "/account", &[name, first, &second], &context).await;
        page(&ada, "/dashboard", &[name, &second], &context).await;
        for path in ["/", "/catalog", "/compose", "/sell"] {
            page(&ada, path, &[name, first, &second], &context).await;
        }
    })
    .await;
}
