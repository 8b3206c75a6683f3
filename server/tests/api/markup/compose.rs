//! Composing: the blueprint editor (every field, the provider groups naming a component whose
//! name is markup), the blank start, the blueprint import, and the plan, quote and contract
//! that show a blueprint's components and the offers chosen for them.

use super::market::{apply, decide, offer_fields, publish, save_offer};
use super::{Answer, ok, page, pairs, payload, refused_page, shows, shows_escaped, signed_up};
use crate::api::fixtures::signed_in_operator;
use crate::api::helpers::{Browser, for_each_backend};
use broker::blueprint_form::BlueprintForm;
use serde_json::json;

/// The draft id in an answer such as `"/compose/3?saved=1"`.
fn draft_id(answer: &Answer) -> String {
    answer.number_after("/compose/")
}

async fn draft(browser: &Browser, id: &str) -> BlueprintForm {
    browser.draft(id).await.form
}

/// The form's fields as the editor posts them, with the button pressed.
fn fields(id: &str, form: &BlueprintForm) -> Vec<(String, String)> {
    let mut fields = vec![
        ("form[id]".to_owned(), id.to_owned()),
        ("op".to_owned(), "save".to_owned()),
    ];
    let mut put = |name: &str, value: &str| {
        fields.push((format!("form[fields][{name}]"), value.to_owned()));
    };
    for (key, value) in every_text(form) {
        put(&key, value);
    }
    fields
}

/// Each field of the form by its name in the posted form (`components][2][quantity`).
fn every_text(form: &BlueprintForm) -> Vec<(String, &str)> {
    let mut texts: Vec<(String, &str)> = [
        ("name", &form.name),
        ("objective", &form.objective),
        ("jurisdictions", &form.jurisdictions),
        ("countries", &form.countries),
        ("min_availability", &form.min_availability),
        ("max_monthly", &form.max_monthly),
        ("max_carbon", &form.max_carbon),
        ("same_provider", &form.same_provider),
        ("distinct_providers", &form.distinct_providers),
        ("max_providers", &form.max_providers),
    ]
    .into_iter()
    .map(|(key, value)| (key.to_owned(), value.as_str()))
    .collect();
    for (i, c) in form.components.iter().enumerate() {
        for (key, value) in [
            ("name", &c.name),
            ("domain", &c.domain),
            ("quantity", &c.quantity),
            ("min", &c.min),
            ("certifications", &c.certifications),
            ("countries", &c.countries),
        ] {
            texts.push((format!("components][{i}][{key}"), value.as_str()));
        }
    }
    texts
}

async fn save(browser: &Browser, id: &str, form: &BlueprintForm, context: &str) {
    ok(
        &browser
            .call("save_blueprint", &pairs(&fields(id, form)))
            .await,
        context,
    );
}

/// A published compute offer named `name`, for the plans.
async fn offer_for_plans(app: &super::TestApp, operator: &Browser, name: &str) {
    let (seller, _) = signed_up(app, "seller").await;
    let provider = apply(&seller, "plans", &[]).await;
    decide(operator, "provider", &provider, "approve", "").await;
    let fields = offer_fields(&provider, None, &[("name", name)]);
    let offer = save_offer(&seller, &fields, "the offer for plans").await;
    publish(&seller, operator, &provider, &offer).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn markup_typed_in_the_composer_is_shown_as_text() {
    for_each_backend(|app| async move {
        let operator = signed_in_operator(&app).await;
        let context = app.backend.to_owned();
        let offer_name = payload("plan-offer");
        offer_for_plans(&app, &operator, &offer_name).await;
        let (buyer, person) = signed_up(&app, "buyer").await;

        // A template's draft refused with markup in every field: the editor comes back with
        // every value as typed.
        let started = buyer.start_blueprint("web-shop", "").await;
        ok(&started, &context);
        let id = draft_id(&started);
        let editor = format!("/compose/{id}");
        let template = draft(&buyer, &id).await;
        let mut typed = template.clone();
        for (n, text) in [
            &mut typed.name,
            &mut typed.objective,
            &mut typed.jurisdictions,
            &mut typed.countries,
            &mut typed.min_availability,
            &mut typed.max_monthly,
            &mut typed.max_carbon,
            &mut typed.same_provider,
            &mut typed.distinct_providers,
            &mut typed.max_providers,
        ]
        .into_iter()
        .enumerate()
        {
            *text = payload(&format!("typed-{n}"));
        }
        for (i, c) in typed.components.iter_mut().enumerate() {
            for (n, text) in [
                &mut c.name,
                &mut c.domain,
                &mut c.quantity,
                &mut c.min,
                &mut c.certifications,
                &mut c.countries,
            ]
            .into_iter()
            .enumerate()
            {
                *text = payload(&format!("typed-{i}-{n}"));
            }
        }
        let back = refused_page(
            &app,
            &buyer,
            "save_blueprint",
            &editor,
            &pairs(&fields(&id, &typed)),
            &context,
        )
        .await;
        for (key, value) in every_text(&typed) {
            if key != "objective" {
                shows(&back, value, &format!("{context} {editor} as typed: {key}"));
            }
        }

        // Saved with markup in every field the blueprint keeps as text; the provider groups name
        // the component whose name is markup.
        let mut form = template.clone();
        let component = payload("component");
        form.name = payload("blueprint");
        form.jurisdictions = payload("jurisdiction");
        form.components[0].name = component.clone();
        form.components[0].domain = payload("domain");
        form.components[0].certifications = payload("certification");
        form.same_provider = format!("{component}, {}", form.components[1].name);
        form.distinct_providers = format!("{component}, {}", form.components[2].name);
        save(&buyer, &id, &form, &context).await;
        let saved = draft(&buyer, &id).await;
        assert_eq!(saved.same_provider, form.same_provider, "{context}");
        let kept = [
            form.name.as_str(),
            &form.jurisdictions,
            &component,
            &form.components[0].domain,
            &form.components[0].certifications,
            &form.same_provider,
            &form.distinct_providers,
        ];
        page(&buyer, &editor, &kept, &context).await;
        page(
            &buyer,
            "/compose",
            &[&form.name, &person.organisation],
            &context,
        )
        .await;
        page(&buyer, &format!("{editor}/plan"), &[&form.name], &context).await;

        // The blank start names its draft; a plan for its one component is found, accepted as
        // a quote and prepared as a contract, each showing the component and the offer.
        let blank_name = payload("blank");
        let started = buyer.start_blueprint("", &blank_name).await;
        ok(&started, &context);
        let blank = draft_id(&started);
        page(
            &buyer,
            &format!("/compose/{blank}"),
            &[&blank_name],
            &context,
        )
        .await;
        let mut single = draft(&buyer, &blank).await;
        single.add_component();
        let only = payload("only");
        single.components[0].name = only.clone();
        single.same_provider = only.clone();
        save(&buyer, &blank, &single, &context).await;
        let plan_path = format!("/compose/{blank}/plan");
        let plan = page(
            &buyer,
            &plan_path,
            &[&blank_name, &only, &offer_name],
            &context,
        )
        .await;
        assert!(plan.body.contains("/api/accept_plan"), "{context}: a plan");
        let accepted = buyer
            .submit_form(
                "accept_plan",
                &plan_path,
                &[("draft", &blank), ("objective", "cost")],
            )
            .await;
        let quote = accepted.location.expect("on to the quote");
        let quote = quote.trim_start_matches(&app.url("")).to_owned();
        assert!(quote.starts_with("/quotes/"), "{context}: {quote}");
        page(&buyer, &quote, &[&only, &offer_name], &context).await;
        let quote_id = quote.trim_start_matches("/quotes/");
        let prepared = buyer.prepare_contract(quote_id).await;
        ok(&prepared, &context);
        let contract = prepared.body.trim_matches('"').to_owned();
        let contract = contract.trim_start_matches(&app.url("")).to_owned();
        page(&buyer, &contract, &[&only, &offer_name], &context).await;
        page(
            &buyer,
            "/dashboard",
            &[&person.name, &person.organisation],
            &context,
        )
        .await;

        // The blueprint import: a document that does not read is refused with its problems, one
        // that reads is a new draft with every text of it in the editor.
        let import_name = payload("imported");
        let imported_component = payload("imported-component");
        let certification = payload("imported-certification");
        let document = |group: &str| {
            json!({
                "format": "comptoir.blueprint/v1",
                "name": import_name,
                "objective": "cost",
                "components": [{
                    "name": imported_component, "domain": "compute", "quantity": 1,
                    "certifications": [certification],
                }],
                "constraints": {"same_provider": [[group]]},
            })
            .to_string()
        };
        let unknown = document(&payload("unknown"));
        let back = refused_page(
            &app,
            &buyer,
            "import_blueprint",
            "/compose",
            &[("document", &unknown)],
            &context,
        )
        .await;
        shows_escaped(&back, &format!("{context} the import's problem"));
        let answer = buyer.import_blueprint(&document(&imported_component)).await;
        ok(&answer, &context);
        let imported = format!("/compose/{}", draft_id(&answer));
        let texts = [import_name.as_str(), &imported_component, &certification];
        page(&buyer, &imported, &texts, &context).await;
        page(&buyer, "/compose", &[&import_name, &blank_name], &context).await;
    })
    .await;
}
