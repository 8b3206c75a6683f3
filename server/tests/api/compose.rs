//! Composing a service through the pages' server functions: a draft started from a template,
//! edited (a bad field refused and named, nothing lost), listed, exported and imported back, and
//! out of reach of another organisation, forged ids included.

use super::fixtures::signed_up;
use super::helpers::{Answer, Browser, for_each_backend};
use app::api::compose::ComposeHome;
use app::error::AppError;
use broker::blueprint_form::{BlueprintForm, BlueprintInputError};
use broker::format::Blueprint;
use reqwest::StatusCode;

fn ok(answer: &Answer, context: &str) {
    assert_eq!(answer.status, StatusCode::OK, "{context}: {}", answer.body);
}

/// The answer refuses the blueprint form's `field` (named as in the form: `components[2].quantity`).
fn field_refused(answer: &Answer, field: &str, context: &str) -> BlueprintInputError {
    assert_eq!(
        answer.status,
        StatusCode::BAD_REQUEST,
        "{context}: {}",
        answer.body
    );
    match answer.error() {
        AppError::BlueprintInvalid(errors) => {
            errors
                .into_iter()
                .find(|e| e.field == field)
                .unwrap_or_else(|| panic!("{context}: {field} not refused in {}", answer.body))
                .problem
        }
        other => panic!("{context}: expected {field} refused, got {other:?}"),
    }
}

/// The draft id in an answer such as `"/compose/3?saved=1"`.
fn draft_id(answer: &Answer) -> String {
    let start = answer
        .body
        .find("/compose/")
        .unwrap_or_else(|| panic!("a draft path in {}", answer.body))
        + "/compose/".len();
    answer.body[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect()
}

async fn start(browser: &Browser, template: &str) -> String {
    let answer = browser.start_blueprint(template, "Mine").await;
    ok(&answer, template);
    draft_id(&answer)
}

/// The form's fields as the editor posts them.
fn fields(id: &str, form: &BlueprintForm) -> Vec<(String, String)> {
    let mut fields = vec![("form[id]".to_owned(), id.to_owned())];
    let mut put = |name: &str, value: &str| {
        fields.push((format!("form[fields][{name}]"), value.to_owned()));
    };
    put("name", &form.name);
    put("objective", &form.objective);
    put("jurisdictions", &form.jurisdictions);
    put("countries", &form.countries);
    put("min_availability", &form.min_availability);
    put("max_monthly", &form.max_monthly);
    put("max_carbon", &form.max_carbon);
    put("same_provider", &form.same_provider);
    put("distinct_providers", &form.distinct_providers);
    put("max_providers", &form.max_providers);
    for (i, c) in form.components.iter().enumerate() {
        for (key, value) in [
            ("name", &c.name),
            ("domain", &c.domain),
            ("quantity", &c.quantity),
            ("min", &c.min),
            ("certifications", &c.certifications),
            ("countries", &c.countries),
        ] {
            put(&format!("components][{i}][{key}"), value);
        }
    }
    fields
}

async fn save(browser: &Browser, id: &str, form: &BlueprintForm, op: &str) -> Answer {
    let mut fields = fields(id, form);
    fields.push(("op".to_owned(), op.to_owned()));
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    browser.call("save_blueprint", &pairs).await
}

fn web_shop() -> Blueprint {
    broker::templates::find("web-shop")
        .unwrap()
        .blueprint()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_draft_from_a_template_is_edited_saved_listed_exported_and_imported() {
    for_each_backend(|app| async move {
        let alice = signed_up(&app, "alice").await;
        let context = app.backend.to_owned();
        let id = start(&alice, "web-shop").await;
        let view = alice.draft(&id).await;
        assert_eq!(view.form, BlueprintForm::from_blueprint(&web_shop()));
        assert!(view.can_write);

        // A bad quantity is named with its component; nothing is saved.
        let mut form = view.form.clone();
        form.components[2].quantity = "0".into();
        form.name = "Boutique".into();
        let answer = save(&alice, &id, &form, "save").await;
        field_refused(&answer, "components[2].quantity", &context);
        assert_eq!(alice.draft(&id).await.form.name, "web shop", "{context}");

        // Without JavaScript the page comes back with the sentence next to the field.
        let mut posted = fields(&id, &form);
        posted.push(("op".into(), "save".into()));
        let pairs: Vec<(&str, &str)> = posted
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let back = alice
            .submit_form("save_blueprint", &format!("/compose/{id}"), &pairs)
            .await;
        let location = back.location.expect("sent back to the editor");
        let page = alice.get(location.trim_start_matches(&app.url(""))).await;
        assert!(
            page.body.contains("Enter a whole number of 1 or more."),
            "{context}: {}",
            page.body
        );
        assert!(
            page.body.contains(r#"value="Boutique""#),
            "{context}: what was typed comes back"
        );
        let again = alice.get(&format!("/compose/{id}")).await;
        assert!(
            !again.body.contains(r#"value="Boutique""#),
            "{context}: once"
        );

        // Fixed, saved, and a component added and one removed, each saved at once.
        form.components[2].quantity = "2".into();
        form.max_monthly = "300.00".into();
        ok(&save(&alice, &id, &form, "save").await, &context);
        let saved = alice.draft(&id).await;
        assert_eq!(saved.form.name, "Boutique", "{context}");
        assert_eq!(saved.form.max_monthly, "300.00", "{context}");
        let answer = save(&alice, &id, &saved.form, "add").await;
        ok(&answer, &context);
        assert!(answer.body.contains("#component-6"), "{}", answer.body);
        let added = alice.draft(&id).await.form;
        assert_eq!(added.components.len(), 7, "{context}");
        ok(&save(&alice, &id, &added, "remove:6").await, &context);
        assert_eq!(
            alice.draft(&id).await.form.components.len(),
            6,
            "{context}"
        );

        // Listed with the organisation's other drafts.
        let empty = start(&alice, "").await;
        let home = alice.call("compose_home", &[]).await;
        ok(&home, &context);
        let home: ComposeHome = serde_json::from_str(&home.body).unwrap();
        let names: Vec<&str> = home.drafts.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names.len(), 2, "{context}");
        assert!(
            names.contains(&"Boutique") && names.contains(&"Mine"),
            "{names:?}"
        );
        assert_eq!(alice.draft(&empty).await.form.components.len(), 0);

        // Exported, then imported as a new draft with the same blueprint.
        let exported = alice.export_blueprint(&id).await;
        ok(&exported, &context);
        let text: String = serde_json::from_str(&exported.body).unwrap();
        let blueprint = Blueprint::from_json(&text).expect("a valid document");
        assert_eq!(blueprint.name(), "Boutique");
        let imported = alice.import_blueprint(&text).await;
        ok(&imported, &context);
        let copy = draft_id(&imported);
        assert_ne!(copy, id);
        let again = alice.export_blueprint(&copy).await;
        assert_eq!(again.body, exported.body, "{context}");

        // A document that does not read is refused with the reason.
        let bad = text.replace("\"quantity\": 2", "\"quantity\": 0");
        let answer = alice.import_blueprint(&bad).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{context}");
        assert!(
            matches!(answer.error(), AppError::BlueprintRefused(reason) if reason.contains("field quantity")),
            "{context}: {}",
            answer.body
        );

        // The pages: the list links to the editor, the editor to the plan.
        let list = alice.get("/compose").await;
        assert!(
            list.body.contains(&format!("href=\"/compose/{id}\"")),
            "{context}"
        );
        assert!(list.body.contains("Data lake"), "{context}");
        let editor = alice.get(&format!("/compose/{id}")).await;
        assert_eq!(editor.status, StatusCode::OK, "{context}");
        assert!(
            editor
                .body
                .contains(&format!("href=\"/compose/{id}/plan\"")),
            "{context}"
        );
        assert!(
            editor.body.contains("download=\"blueprint-boutique.json\""),
            "{context}"
        );

        ok(
            &alice.call("delete_blueprint", &[("id", &empty)]).await,
            &context
        );
        alice.call("blueprint", &[("id", &empty)]).await.assert_refused(&AppError::NotFound, &context);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn another_organisation_cannot_reach_a_draft_by_a_forged_id() {
    for_each_backend(|app| async move {
        let alice = signed_up(&app, "alice").await;
        let mallory = signed_up(&app, "mallory").await;
        let context = app.backend.to_owned();
        let id = start(&alice, "erp").await;
        let form = alice.draft(&id).await.form;

        mallory
            .call("blueprint", &[("id", &id)])
            .await
            .assert_refused(&AppError::NotFound, &context);
        mallory
            .export_blueprint(&id)
            .await
            .assert_refused(&AppError::NotFound, &context);
        let mut theirs = form.clone();
        theirs.name = "Taken over".into();
        save(&mallory, &id, &theirs, "save")
            .await
            .assert_refused(&AppError::NotFound, &context);
        mallory
            .call("delete_blueprint", &[("id", &id)])
            .await
            .assert_refused(&AppError::NotFound, &context);
        assert_eq!(
            mallory.get(&format!("/compose/{id}")).await.status,
            StatusCode::NOT_FOUND,
            "{context}"
        );
        let home = mallory.call("compose_home", &[]).await;
        let home: ComposeHome = serde_json::from_str(&home.body).unwrap();
        assert!(home.drafts.is_empty(), "{context}");
        assert_eq!(alice.draft(&id).await.form, form, "{context}");

        // A visitor is asked to log in.
        app.browser()
            .call("blueprint", &[("id", &id)])
            .await
            .assert_refused(&AppError::Unauthorized, &context);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_blueprint_larger_than_the_marketplace_plans_is_refused_in_the_editor_and_on_import() {
    for_each_backend(|app| async move {
        let alice = signed_up(&app, "alice").await;
        let context = app.backend.to_owned();
        let id = start(&alice, "").await;
        let mut form = BlueprintForm::empty("Farm");
        for _ in 0..broker::blueprint::MAX_COMPONENTS {
            form.add_component();
        }
        ok(&save(&alice, &id, &form, "save").await, &context);

        // One more is refused on the components field, and nothing is saved.
        let answer = save(&alice, &id, &form, "add").await;
        assert_eq!(
            field_refused(&answer, "components", &context),
            BlueprintInputError::TooManyComponents,
            "{context}"
        );
        let saved = alice.draft(&id).await.form;
        assert_eq!(saved.components.len(), broker::blueprint::MAX_COMPONENTS);

        // A document of more components is not taken in as a draft.
        let mut document: serde_json::Value =
            serde_json::from_str(&saved_document(&alice, &id).await).expect("json");
        let components = document["components"].as_array_mut().expect("components");
        components
            .push(serde_json::json!({"name": "one-more", "domain": "compute", "quantity": 1}));
        let answer = alice.import_blueprint(&document.to_string()).await;
        answer.assert_refused(
            &AppError::BlueprintTooLarge {
                limit: broker::blueprint::MAX_COMPONENTS,
            },
            &context,
        );
    })
    .await;
}

async fn saved_document(browser: &Browser, id: &str) -> String {
    let exported = browser.export_blueprint(id).await;
    ok(&exported, "export");
    serde_json::from_str(&exported.body).expect("the document's text")
}
