//! The offer form's `meters` text: one meter a line, read forgivingly and written back in one
//! canonical shape that reads back as the same meters.
//!
//! A line is `id: price per count unit, included included`, where only the id, the price and
//! the unit are required:
//!
//! ```text
//! egress_gb: 0.02 per 1 GB, 100 included
//! requests: 0.40 EUR per 10000 request
//! snapshots = 0,05 / GB
//! ```
//!
//! - the id as catalog files write it (a letter, then letters, digits or `_`), in any case; `=`
//!   may stand for `:`;
//! - the price of `count` units in currency units, with at most as many decimals as the currency
//!   has (`0.02`, `0,02`), as the monthly price is typed; the currency's code may follow it;
//! - `per` may be written `/` or `par`; the count is 1 when left out (`per GB`);
//! - after the last comma (or semicolon), the units each unit of the offer includes every month:
//!   `100 included`, `100 GB included`, `100 inclus` or `100 free`; none when left out;
//! - blank lines are skipped.

use crate::billing::{Meter, MeterId};
use crate::catalog::CatalogInputError;
use crate::money::Currency;

/// The words that may stand for `per`, and that end an included clause.
const PER: [&str; 2] = ["per", "par"];
const INCLUDED: [&str; 4] = ["included", "inclus", "incluses", "free"];

/// The meters typed, in their order, or [`CatalogInputError::Meter`] for the first line that
/// does not read.
pub(super) fn read(raw: &str, currency: Currency) -> Result<Vec<Meter>, CatalogInputError> {
    raw.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| meter(line, currency).ok_or(CatalogInputError::Meter))
        .collect()
}

/// The meters as the form shows them: every count written out, and the included clause when
/// there are included units or when the unit holds a comma (so its last comma is the clause's).
pub(super) fn write(meters: &[Meter], currency: Currency) -> String {
    meters
        .iter()
        .map(|meter| {
            let price = super::decimal(meter.price_minor(), currency.exponent());
            let mut line = format!(
                "{}: {price} per {} {}",
                meter.id(),
                meter.per(),
                meter.unit()
            );
            if meter.included() > 0 || meter.unit().contains([',', ';']) {
                line.push_str(&format!(", {} included", meter.included()));
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn meter(line: &str, currency: Currency) -> Option<Meter> {
    let (id, rest) = line.split_once([':', '='])?;
    let id = MeterId::parse(&id.trim().to_ascii_lowercase()).ok()?;
    let (price, rest) = token(rest.trim_start(), true);
    let price = super::fixed(price, currency.exponent()).ok()?;
    let rest = match token(rest.trim_start(), true) {
        (code, after) if code.eq_ignore_ascii_case(currency.as_str()) => after,
        _ => rest,
    }
    .trim_start();
    let rest = match rest.strip_prefix('/') {
        Some(after) => after,
        None => match token(rest, false) {
            (word, after) if is_one_of(word, &PER) => after,
            _ => return None,
        },
    }
    .trim_start();
    let (rest, included) = included(rest)?;
    // A leading whole number is the count only when a unit follows it.
    let (per, unit) = match token(rest, false) {
        (count, unit) if !unit.trim().is_empty() && is_whole(count) => (count.parse().ok()?, unit),
        _ => (1, rest),
    };
    Meter::new(id, unit, price, per, included).ok()
}

/// The text before the included clause and the included units (0 without a clause); `None`
/// when the clause's number does not read.
fn included(text: &str) -> Option<(&str, i64)> {
    let Some((before, clause)) = text.rsplit_once([',', ';']) else {
        return Some((text, 0));
    };
    let words: Vec<&str> = clause.split_whitespace().collect();
    match words.as_slice() {
        [number, .., last] if is_one_of(last, &INCLUDED) => {
            is_whole(number).then_some(())?;
            Some((before.trim_end(), number.parse().ok()?))
        }
        _ => Some((text, 0)),
    }
}

/// The first word of `text` and what follows it; with `at_slash`, a `/` also ends the word.
fn token(text: &str, at_slash: bool) -> (&str, &str) {
    let end = text
        .find(|c: char| c.is_whitespace() || (at_slash && c == '/'))
        .unwrap_or(text.len());
    text.split_at(end)
}

fn is_one_of(word: &str, words: &[&str]) -> bool {
    words.iter().any(|w| word.eq_ignore_ascii_case(w))
}

fn is_whole(word: &str) -> bool {
    !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(line: &str) -> Meter {
        let meters = read(line, Currency::EUR).unwrap_or_else(|e| panic!("{line}: {e:?}"));
        assert_eq!(meters.len(), 1, "{line}");
        meters.into_iter().next().unwrap()
    }

    fn meter(id: &str, unit: &str, price_minor: i64, per: i64, included: i64) -> Meter {
        Meter::new(
            MeterId::parse(id).unwrap(),
            unit,
            price_minor,
            per,
            included,
        )
        .unwrap()
    }

    #[test]
    fn the_documented_line_reads_as_its_meter() {
        assert_eq!(
            one("egress_gb: 0.02 per 1 GB, 100 included"),
            meter("egress_gb", "GB", 2, 1, 100)
        );
    }

    #[test]
    fn a_line_may_leave_out_the_count_and_the_included_units_and_use_other_words() {
        let egress = meter("egress_gb", "GB", 2, 1, 0);
        for line in [
            "egress_gb: 0.02 per GB",
            "Egress_GB = 0,02 EUR / GB",
            "egress_gb:0.02/GB",
            "  egress_gb : 0.02 eur PAR GB  ",
        ] {
            assert_eq!(one(line), egress, "{line}");
        }
        assert_eq!(
            one("requests: 0.40 per 10000 API calls; 5000 calls inclus"),
            meter("requests", "API calls", 40, 10_000, 5000)
        );
    }

    #[test]
    fn blank_lines_are_skipped_and_the_order_is_kept() {
        let meters = read("\r\nb: 1 per GB\r\n\r\na: 2 per hour\n", Currency::EUR).unwrap();
        let ids: Vec<&str> = meters.iter().map(|m| m.id().as_str()).collect();
        assert_eq!(ids, ["b", "a"]);
        assert_eq!(read("  \n ", Currency::EUR), Ok(Vec::new()));
    }

    #[test]
    fn a_line_that_does_not_read_is_refused() {
        for line in [
            "egress_gb 0.02 per GB",
            "9egress: 0.02 per GB",
            "egress_gb: 0.021 per GB",
            "egress_gb: -1 per GB",
            "egress_gb: 0.02 USD per GB",
            "egress_gb: 0.02 GB",
            "egress_gb: 0.02 per",
            "egress_gb: 0.02 per 0 GB",
            "egress_gb: 0.02 per GB, lots included",
            "egress_gb: 0.02 per a unit name longer than twenty-four",
        ] {
            let typed = format!("ok: 1 per GB\n{line}");
            assert_eq!(
                read(&typed, Currency::EUR),
                Err(CatalogInputError::Meter),
                "{line}"
            );
        }
    }

    #[test]
    fn the_price_has_the_decimals_of_the_currency() {
        let yen = Currency::parse("JPY").unwrap();
        assert_eq!(read("a: 2 per GB", yen).unwrap()[0].price_minor(), 2);
        assert_eq!(read("a: 0.5 per GB", yen), Err(CatalogInputError::Meter));
    }

    #[test]
    fn written_meters_read_back_as_the_same_meters() {
        let meters = vec![
            meter("egress_gb", "GB", 2, 1, 100),
            meter("requests", "1000 calls", 40, 1, 0),
            meter("odd", "GB, 5 included", 1, 3, 0),
            meter("per_word", "per", 1, 1, 0),
            meter("slashed", "req/s", 7, 100, 2),
        ];
        let text = write(&meters, Currency::EUR);
        assert!(
            text.starts_with("egress_gb: 0.02 per 1 GB, 100 included\n"),
            "{text}"
        );
        assert_eq!(read(&text, Currency::EUR), Ok(meters));
    }

    proptest::proptest! {
        #[test]
        fn any_meters_written_read_back_as_the_same_meters(
            typed in proptest::collection::vec(
                (
                    "[a-z][a-z0-9_]{0,31}",
                    // Units of the words and marks the syntax reads, and of anything else.
                    "[0-9a-z ,;/:=]{1,24}|[0-9 ]{0,4}(per|included|inclus|free|eur)[ ,;0-9GB]{0,8}|[^\\p{Cc}]{1,24}",
                    0..1_000_000_000_000i64,
                    1..1_000_000_000i64,
                    0..1_000_000_000i64,
                ),
                0..5,
            )
        ) {
            let meters: Vec<Meter> = typed
                .iter()
                .filter_map(|(id, unit, price, per, included)| {
                    Meter::new(MeterId::parse(id).ok()?, unit, *price, *per, *included).ok()
                })
                .collect();
            let text = write(&meters, Currency::EUR);
            proptest::prop_assert_eq!(read(&text, Currency::EUR), Ok(meters), "{}", text);
        }
    }
}
