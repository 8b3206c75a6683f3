//! Numbers and instants for people: money, carbon, availability, dates and contract terms, as
//! every page writes them.

use crate::i18n::*;
use broker::catalog::OfferListing;
use broker::contract::Term;
use broker::money::{Currency, Money};

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

/// An availability in basis points as a percentage (`99.95 %`).
pub fn availability(bp: u32) -> String {
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
