//! The selling steps the markup tests share: applying, deciding, saving and publishing offers.

use super::{ok, pairs};
use crate::api::fixtures;
use crate::api::helpers::Browser;

/// The offer form's fields: `values` in place of the defaults of a valid offer.
pub fn offer_fields(
    provider: &str,
    offer: Option<&str>,
    values: &[(&str, &str)],
) -> Vec<(String, String)> {
    let defaults = [
        ("external_id", "plain"),
        ("domain", "compute"),
        ("name", "Plain offer"),
        ("tagline", ""),
        ("description", ""),
        ("unit", "instance"),
        ("country", "FR"),
        ("jurisdiction", "EU"),
        ("attributes", "vcpu=8"),
        ("certifications", "HDS"),
        ("availability", "99.9"),
        ("currency", "EUR"),
        ("price", "10.00"),
        ("carbon", "100"),
        ("capacity", "5"),
    ];
    let mut fields = vec![("form[provider]".to_owned(), provider.to_owned())];
    if let Some(offer) = offer {
        fields.push(("form[offer]".to_owned(), offer.to_owned()));
    }
    for (key, default) in defaults {
        let value = values
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(default, |(_, v)| *v);
        fields.push((format!("form[fields][{key}]"), value.to_owned()));
    }
    fields
}

/// Saves an offer and answers its id.
pub async fn save_offer(browser: &Browser, fields: &[(String, String)], context: &str) -> String {
    let saved = browser.save_offer(&pairs(fields)).await;
    ok(&saved, context);
    saved.number_after("saved=")
}

pub async fn decide(operator: &Browser, subject: &str, id: &str, decision: &str, reason: &str) {
    let answer = operator.decide(subject, id, decision, reason).await;
    ok(&answer, &format!("{decision} {subject} {id}"));
}

/// Submits an offer for review and has the operator publish it.
pub async fn publish(seller: &Browser, operator: &Browser, provider: &str, offer: &str) {
    let submitted = seller.offer_action(provider, offer, "submit").await;
    ok(&submitted, "submit");
    decide(operator, "offer", offer, "approve", "").await;
}

/// An application with plain values but `fields`, answering the provider's id.
pub async fn apply(seller: &Browser, slug: &str, fields: &[(&str, &str)]) -> String {
    let mut values = vec![
        ("form[legal_name]", "Plain SAS"),
        ("form[website]", "https://plain.example"),
        ("form[description]", "Plain."),
        ("form[support_contact]", "support@plain.example"),
    ];
    values.extend_from_slice(fields);
    fixtures::apply(seller, slug, &values).await
}
