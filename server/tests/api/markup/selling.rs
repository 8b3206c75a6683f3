//! Selling: the provider application, the offer editor, the team, the catalog import and the
//! operator's decisions, and the pages that show what they keep.

use super::market::{apply, decide, offer_fields, publish, save_offer};
use super::{no_markup, ok, page, pairs, payload, refused_page, short, shows_escaped, signed_up};
use crate::api::fixtures::signed_in_operator;
use crate::api::helpers::for_each_backend;
use broker::catalog::ProviderConsole;
use serde_json::{Value, json};

/// `text` in a query string.
fn query(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                char::from(b).to_string()
            }
            b => format!("%{b:02X}"),
        })
        .collect()
}

/// A catalog document of `offers` (id and name) of the provider `slug`; `country` for each.
fn catalog(slug: &str, offers: &[(&str, &str)], country: &str) -> String {
    let offers: Vec<Value> = offers
        .iter()
        .map(|(id, name)| {
            json!({
                "id": id, "provider": slug, "domain": "compute", "name": name,
                "country": country, "jurisdiction": "EU", "attributes": {"vcpu": 4},
                "certifications": [short("icert")], "availability": 99.9,
                "monthly_price_minor": 1000, "carbon_g_month": 100, "capacity": 10
            })
        })
        .collect();
    json!({"format": "comptoir.catalog/v1", "currency": "EUR", "offers": offers}).to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn markup_typed_in_the_selling_forms_is_shown_as_text() {
    for_each_backend(|app| async move {
        let operator = signed_in_operator(&app).await;
        let context = app.backend.to_owned();
        let (seller, person) = signed_up(&app, "seller").await;
        let visitor = app.browser();
        let bad = payload("bad");

        // An application with markup in every field is refused.
        let every: Vec<(String, String)> = [
            "legal_name",
            "slug",
            "country",
            "jurisdiction",
            "website",
            "description",
            "support_contact",
        ]
        .iter()
        .map(|key| (format!("form[{key}]"), bad.clone()))
        .collect();
        refused_page(
            &app,
            &seller,
            "apply_provider",
            "/sell",
            &pairs(&every),
            &context,
        )
        .await;

        // Accepted with markup in the legal name, the website and the description.
        let legal = payload("legal");
        let website = "https://site.example/?\"'><script>alert(1)</script>".to_owned();
        let about = payload("about");
        let provider = apply(
            &seller,
            "markup",
            &[
                ("form[legal_name]", &legal),
                ("form[website]", &website),
                ("form[description]", &about),
            ],
        )
        .await;
        let console = format!("/sell/{provider}");
        page(&seller, "/sell", &[&legal], &context).await;
        page(&seller, &console, &[&legal, &person.name], &context).await;
        page(&operator, "/admin", &[&legal, &about, &website], &context).await;
        decide(&operator, "provider", &provider, "approve", "").await;

        // The offer editor: refused with markup in every field, saved with it in every text.
        let new_offer = format!("/sell/{provider}/offers/new");
        page(&seller, &new_offer, &[], &context).await;
        let keys = [
            "external_id",
            "domain",
            "name",
            "tagline",
            "description",
            "unit",
            "country",
            "jurisdiction",
            "attributes",
            "certifications",
            "availability",
            "currency",
            "price",
            "carbon",
            "capacity",
        ];
        let all_bad: Vec<(&str, &str)> = keys.iter().map(|k| (*k, bad.as_str())).collect();
        let refused = offer_fields(&provider, None, &all_bad);
        refused_page(
            &app,
            &seller,
            "save_offer",
            &new_offer,
            &pairs(&refused),
            &context,
        )
        .await;

        let (ext, domain, name) = (payload("external"), short("dom"), payload("offer"));
        let (tagline, description) = (payload("tagline"), payload("description"));
        let (unit, cert) = (short("unit"), short("cert"));
        let values = [
            ("external_id", ext.as_str()),
            ("domain", &domain),
            ("name", &name),
            ("tagline", &tagline),
            ("description", &description),
            ("unit", &unit),
            ("certifications", &cert),
        ];
        let offer = save_offer(&seller, &offer_fields(&provider, None, &values), &context).await;
        let shown: Vec<&str> = values.iter().map(|(_, v)| *v).collect();
        let editor = format!("/sell/{provider}/offers/{offer}");
        page(&seller, &editor, &shown, &context).await;
        let offer_page = format!("/offers/{offer}");
        let (name, tagline, description) = (name.as_str(), tagline.as_str(), description.as_str());
        let (unit, cert) = (unit.as_str(), cert.as_str());
        page(&seller, &console, &[name, &ext], &context).await;
        page(
            &seller,
            &offer_page,
            &[name, tagline, description, unit, cert, &legal],
            &context,
        )
        .await;

        // Refused on the edit page too: the editor shows the saved values again.
        let edit_bad = offer_fields(&provider, Some(&offer), &all_bad);
        let back = refused_page(
            &app,
            &seller,
            "save_offer",
            &editor,
            &pairs(&edit_bad),
            &context,
        )
        .await;
        super::shows(&back, description, &context);

        // Under review, then published: the operator's queue and the public pages.
        let submitted = seller
            .call(
                "offer_action",
                &[
                    ("provider", provider.as_str()),
                    ("offer", offer.as_str()),
                    ("action", "submit"),
                ],
            )
            .await;
        ok(&submitted, &context);
        page(&operator, "/admin", &[name, &legal], &context).await;
        decide(&operator, "offer", &offer, "approve", "").await;
        page(
            &visitor,
            &offer_page,
            &[name, tagline, description, unit, cert, &legal],
            &context,
        )
        .await;
        page(&visitor, "/catalog", &[name, &legal], &context).await;
        page(
            &visitor,
            "/providers/markup",
            &[&legal, &about, name, cert],
            &context,
        )
        .await;
        // The catalog's filters are written back into the search form.
        let filters = [
            "q",
            "domain",
            "country",
            "jurisdiction",
            "certification",
            "min_availability",
            "min_price",
            "max_price",
            "max_carbon",
            "sort",
            "page",
        ];
        let filters: Vec<String> = filters
            .iter()
            .map(|key| format!("{key}={}", query(&bad)))
            .collect();
        let searched = format!("/catalog?{}", filters.join("&"));
        let search = visitor.get(&searched).await;
        no_markup(&search, &format!("{context} {searched}"));
        super::shows(&search, &bad, &format!("{context} {searched}"));

        // The team: an address that is markup is refused, on the console.
        let member = [
            ("form[provider]", provider.as_str()),
            ("form[email]", bad.as_str()),
            ("form[role]", bad.as_str()),
        ];
        refused_page(
            &app,
            &seller,
            "add_provider_member",
            &console,
            &member,
            &context,
        )
        .await;

        // The catalog import: refused with markup in the problems, then imported.
        let (one, two) = (payload("import-one"), payload("import-two"));
        let (one_name, two_name) = (payload("import-one-name"), payload("import-two-name"));
        let offers = [
            (one.as_str(), one_name.as_str()),
            (two.as_str(), two_name.as_str()),
        ];
        let document = catalog(&bad, &offers, &bad);
        let fields = [
            ("form[provider]", provider.as_str()),
            ("form[document]", document.as_str()),
        ];
        let back = refused_page(&app, &seller, "import_catalog", &console, &fields, &context).await;
        shows_escaped(&back, &format!("{context} the import's problems"));
        let document = catalog("markup", &offers, "FR");
        let fields = [
            ("form[provider]", provider.as_str()),
            ("form[document]", document.as_str()),
        ];
        ok(&seller.call("import_catalog", &fields).await, &context);
        page(
            &seller,
            &console,
            &[&one, &two, &one_name, &two_name],
            &context,
        )
        .await;
        let listed = seller
            .call("provider_console", &[("provider", provider.as_str())])
            .await;
        ok(&listed, &context);
        let listed: ProviderConsole = serde_json::from_str(&listed.body).expect("the console");
        let id_of = |external: &str| {
            listed
                .offers
                .iter()
                .find(|o| o.external_id == external)
                .map(|o| o.id.to_string())
                .expect("the imported offer")
        };
        let (first, second) = (id_of(&one), id_of(&two));
        page(
            &seller,
            &format!("/sell/{provider}/offers/{first}"),
            &[&one, &one_name, &short("icert")],
            &context,
        )
        .await;

        // The operator's reasons: an offer refused at review, the provider suspended.
        publish(&seller, &operator, &provider, &first).await;
        let submitted = seller
            .call(
                "offer_action",
                &[
                    ("provider", provider.as_str()),
                    ("offer", second.as_str()),
                    ("action", "submit"),
                ],
            )
            .await;
        ok(&submitted, &context);
        let refusal = payload("refusal");
        decide(&operator, "offer", &second, "reject", &refusal).await;
        page(
            &seller,
            &format!("/offers/{second}"),
            &[&two_name, &refusal],
            &context,
        )
        .await;
        page(
            &visitor,
            &format!("/compare?id={offer}&id={first}"),
            &[name, &one_name],
            &context,
        )
        .await;
        let decision = [
            ("form[subject]", bad.as_str()),
            ("form[id]", provider.as_str()),
            ("form[reason]", bad.as_str()),
            ("decision", bad.as_str()),
        ];
        refused_page(&app, &operator, "decide", "/admin", &decision, &context).await;
        let suspension = payload("suspension");
        decide(&operator, "provider", &provider, "suspend", &suspension).await;
        page(&operator, "/admin", &[&legal, &suspension], &context).await;
        page(
            &seller,
            &console,
            &[&legal, &suspension, name, &one_name],
            &context,
        )
        .await;
        page(
            &seller,
            "/dashboard",
            &[&person.name, &person.organisation],
            &context,
        )
        .await;
    })
    .await;
}
