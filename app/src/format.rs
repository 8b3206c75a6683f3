//! Numbers and instants for people: money, carbon, percentages, dates, contract terms and an
//! offer's meters, as every page writes them.

use crate::i18n::*;
use broker::billing::Meter;
use broker::catalog::OfferListing;
use broker::contract::Term;
use broker::money::{Currency, Money};

/// `application/x-www-form-urlencoded` for one value.
pub fn form_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_owned(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// `key=value&…` of the pairs whose value is not empty, each value encoded.
pub fn query_string<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    pairs
        .into_iter()
        .filter(|(_, value)| !value.trim().is_empty())
        .map(|(key, value)| format!("{key}={}", form_encode(value.trim())))
        .collect::<Vec<_>>()
        .join("&")
}

/// An amount of minor units in its currency (`12.50 EUR`).
pub fn money(minor: i64, currency: Currency) -> String {
    Money::new(minor, currency).to_string()
}

/// An offer's monthly price.
pub fn price(offer: &OfferListing) -> String {
    offer.terms.monthly_price.to_string()
}

/// Grams of CO2e (per month): grams below a kilogram, else kilograms to one decimal.
pub fn kg(grams: i64) -> String {
    if grams.abs() < 1000 {
        format!("{grams} g")
    } else {
        format!("{}.{} kg", grams / 1000, (grams % 1000).abs() / 100)
    }
}

/// Basis points as a percentage (`99.95 %`): an availability, a commission or a VAT rate.
pub fn percent(bp: u32) -> String {
    format!("{}.{:02} %", bp / 100, bp % 100)
}

/// A signed difference (`+1.20 EUR`, `−300 g`), its size written by `show`.
pub fn signed(difference: i64, show: impl Fn(i64) -> String) -> String {
    match difference {
        0 => "±0".to_owned(),
        d if d > 0 => format!("+{}", show(d)),
        d => format!("−{}", show(d.saturating_abs())),
    }
}

/// The UTC day of an instant in Unix seconds (`2026-03-01`).
pub fn date(secs: i64) -> String {
    broker::calendar::utc_date(secs)
}

/// An instant in Unix seconds, to the minute (`2026-03-01 14:05 UTC`).
pub fn minute(secs: i64) -> String {
    broker::calendar::utc_minute(secs)
}

/// A contract's term: its length, its renewals and its notice.
pub fn term(locale: Locale, term: Term) -> String {
    format!(
        "{} {} · {} {} · {} {}",
        td_string!(locale, contract.term_months),
        term.months,
        td_string!(locale, contract.renewal_months),
        term.renewal_months,
        td_string!(locale, contract.notice_days),
        term.notice_days,
    )
}

/// A meter of an offer in words, its price in the offer's currency and its included units per
/// unit of the offer: `egress_gb: 0.02 EUR per GB, 100 GB included per instance`.
pub fn meter(locale: Locale, meter: &Meter, currency: Currency, offer_unit: &str) -> String {
    let units = |count: i64| match count {
        1 => meter.unit().to_owned(),
        count => format!("{count} {}", meter.unit()),
    };
    let mut text = fill(
        td_string!(locale, offer.meter),
        &[
            ("id", meter.id().as_str()),
            ("price", &money(meter.price_minor(), currency)),
            ("quantity", &units(meter.per())),
        ],
    );
    if meter.included() > 0 {
        let included = format!("{} {}", meter.included(), meter.unit());
        text.push_str(&fill(
            td_string!(locale, offer.meter_included),
            &[("quantity", &included), ("unit", offer_unit)],
        ));
    }
    text
}

/// `template` with each `{name}` replaced by its value, in one pass, so that a value holding
/// braces (a unit is free text) is never taken for a placeholder.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut text = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        text.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let known = after.find('}').and_then(|close| {
            let value = values.iter().find(|(name, _)| *name == &after[..close])?.1;
            Some((value, close))
        });
        match known {
            Some((value, close)) => {
                text.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                text.push('{');
                rest = after;
            }
        }
    }
    text.push_str(rest);
    text
}

/// An amount in the marketplace's currency (invoices, revenue, the operator's figures).
pub fn eur(minor: i64) -> String {
    money(minor, broker::money::MARKETPLACE_CURRENCY)
}

/// A count, as the charts of counts write their values.
pub fn count(n: i64) -> String {
    n.to_string()
}

/// A length of time in its two largest units (`45 s`, `3 min 20 s`, `2 h 5 min`, `3 d 4 h`).
pub fn duration(secs: i64) -> String {
    let secs = secs.max(0);
    let (d, h, m, s) = (secs / 86_400, secs / 3_600 % 24, secs / 60 % 60, secs % 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{s} s"),
        (0, 0, _) => format!("{m} min {s} s"),
        (0, _, _) => format!("{h} h {m} min"),
        _ => format!("{d} d {h} h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_duration_shows_its_two_largest_units() {
        let shown: Vec<String> = [45, 200, 7_500, 273_600, -5]
            .into_iter()
            .map(duration)
            .collect();
        assert_eq!(shown, ["45 s", "3 min 20 s", "2 h 5 min", "3 d 4 h", "0 s"]);
    }
    use broker::billing::MeterId;

    fn egress(per: i64, included: i64) -> Meter {
        Meter::new(MeterId::parse("egress_gb").unwrap(), "GB", 2, per, included).unwrap()
    }

    #[test]
    fn a_meter_reads_as_a_sentence_in_english_and_french() {
        let eur = Currency::EUR;
        assert_eq!(
            meter(Locale::en, &egress(1, 100), eur, "instance"),
            "egress_gb: 0.02 EUR per GB, 100 GB included per instance"
        );
        assert_eq!(
            meter(Locale::fr, &egress(1, 100), eur, "instance"),
            "egress_gb : 0.02 EUR par GB, 100 GB inclus par instance"
        );
        assert_eq!(
            meter(Locale::en, &egress(1000, 0), eur, "volume"),
            "egress_gb: 0.02 EUR per 1000 GB"
        );
    }

    #[test]
    fn a_unit_with_braces_is_written_as_it_is() {
        let odd = Meter::new(MeterId::parse("odd").unwrap(), "{unit}", 1, 1, 3).unwrap();
        assert_eq!(
            meter(Locale::en, &odd, Currency::EUR, "pack"),
            "odd: 0.01 EUR per {unit}, 3 {unit} included per pack"
        );
    }
}
