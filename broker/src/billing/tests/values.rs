//! Months, meters, VAT ids and treatments, invoice numbers: what each accepts and refuses.

use super::*;
use serde_json::json;

#[test]
fn a_month_reads_and_writes_as_yyyy_mm() {
    let november = month("2025-11");
    assert_eq!((november.year(), november.month()), (2025, 11));
    assert_eq!(november.to_string(), "2025-11");
    assert_eq!(
        serde_json::to_value(november).expect("serializable"),
        json!("2025-11")
    );
    for text in [
        "2025-13", "2025-00", "2025-1", "25-11", "2025/11", "+025-11", "2025-011", "",
    ] {
        assert!(Month::parse(text).is_err(), "{text}");
    }
}

#[test]
fn a_month_spans_its_days_in_utc() {
    assert_eq!(month("2024-02").seconds(), 29 * 86_400);
    assert_eq!(month("2025-02").seconds(), 28 * 86_400);
    assert_eq!(month("2025-12").seconds(), 31 * 86_400);
    assert_eq!(month("1970-01").start(), 0);
    assert_eq!(month("2025-12").end(), month("2026-01").start());
}

#[test]
fn months_follow_each_other_across_years() {
    assert_eq!(month("2025-12").next(), Some(month("2026-01")));
    assert_eq!(month("2026-01").previous(), Some(month("2025-12")));
    assert_eq!(month("2025-05").next(), Some(month("2025-06")));
    assert_eq!(month("9999-12").next(), None);
    assert_eq!(month("0000-01").previous(), None);
}

#[test]
fn the_month_containing_an_instant_includes_its_start_not_its_end() {
    let november = month("2025-11");
    assert_eq!(Month::containing(november.start()), Some(november));
    assert_eq!(Month::containing(november.end() - 1), Some(november));
    assert_eq!(Month::containing(november.end()), november.next());
    assert_eq!(Month::containing(-1), Some(month("1969-12")));
    assert!(november.contains(november.start()) && !november.contains(november.end()));
}

#[test]
fn a_meter_reads_in_the_offer_shape() {
    let meter: Meter = serde_json::from_value(json!({
        "id": "egress_gb", "unit": "GB", "price_minor": 2, "per": 1, "included": 100
    }))
    .expect("a meter");
    assert_eq!(meter, egress());
    let written = serde_json::to_value(&meter).expect("serializable");
    assert_eq!(
        written,
        json!({ "id": "egress_gb", "unit": "GB", "price_minor": 2, "per": 1, "included": 100 })
    );
}

#[test]
fn a_meter_refuses_a_zero_per_and_negative_figures() {
    let id = || MeterId::parse("egress_gb").expect("an id");
    assert!(Meter::new(id(), "GB", 2, 0, 100).is_err());
    assert!(Meter::new(id(), "GB", -1, 1, 100).is_err());
    assert!(Meter::new(id(), "GB", 2, 1, -1).is_err());
    assert!(Meter::new(id(), " ", 2, 1, 0).is_err());
    assert!(Meter::new(id(), "GB", 0, 1, 0).is_ok());
    let read = serde_json::from_value::<Meter>(json!({
        "id": "egress_gb", "unit": "GB", "price_minor": 2, "per": 0, "included": 100
    }));
    assert!(read.is_err());
}

#[test]
fn a_meter_id_is_a_short_lower_case_identifier() {
    for good in ["egress_gb", "a", "cpu_hours2"] {
        assert!(MeterId::parse(good).is_ok(), "{good}");
    }
    let long = "a".repeat(33);
    for bad in [
        "",
        "Egress",
        "2gb",
        "_gb",
        "egress-gb",
        "egress gb",
        long.as_str(),
    ] {
        assert!(MeterId::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn a_meter_list_declares_each_id_once() {
    assert!(Meter::check_list(&[egress()]).is_ok());
    assert!(Meter::check_list(&[egress(), egress()]).is_err());
}

#[test]
fn the_standard_rates_are_the_specifications() {
    assert_eq!(EU_STANDARD_RATES_BP.len(), 27);
    let rate = |code| standard_rate_bp(country(code));
    assert_eq!(rate("FR"), Some(2000));
    assert_eq!(rate("DE"), Some(1900));
    assert_eq!(rate("FI"), Some(2550));
    assert_eq!(rate("HU"), Some(2700));
    assert_eq!(rate("LU"), Some(1700));
    assert_eq!(rate("US"), None);
    assert_eq!(rate("GB"), None);
    let spec = "AT 2000, BE 2100, BG 2000, CY 1900, CZ 2100, DE 1900, DK 2500, EE 2400, ES 2100, \
        FI 2550, FR 2000, GR 2400, HR 2500, HU 2700, IE 2300, IT 2200, LT 2100, LU 1700, LV 2100, \
        MT 1800, NL 2100, PL 2300, PT 2300, RO 2100, SE 2500, SI 2200, SK 2300";
    let listed: Vec<String> = EU_STANDARD_RATES_BP
        .iter()
        .map(|(code, rate)| format!("{code} {rate}"))
        .collect();
    assert_eq!(listed.join(", "), spec);
}

fn vat_id(code: &str, typed: &str) -> VatId {
    VatId::parse(country(code), typed).expect("a VAT id")
}

#[test]
fn each_row_of_the_vat_table_gives_its_treatment() {
    let fr = country("FR");
    let home = treatment(fr, fr, Some(&vat_id("FR", "FR12345678901"))).expect("a treatment");
    assert_eq!(
        (home.category, home.rate_bp, home.mention),
        (VatCategory::Standard, 2000, None)
    );
    let business = treatment(fr, country("DE"), Some(&vat_id("DE", "DE123456789"))).expect("ok");
    assert_eq!(
        (business.category, business.rate_bp),
        (VatCategory::ReverseCharge, 0)
    );
    assert_eq!(
        business.mention,
        Some(
            "Reverse charge: VAT due by the customer (Article 196, Directive 2006/112/EC) / Autoliquidation"
        )
    );
    let consumer = treatment(fr, country("DE"), None).expect("a treatment");
    assert_eq!(
        (consumer.category, consumer.rate_bp, consumer.mention),
        (VatCategory::Standard, 1900, None)
    );
    let abroad = treatment(fr, country("US"), None).expect("a treatment");
    assert_eq!(
        (abroad.category, abroad.rate_bp),
        (VatCategory::OutsideScope, 0)
    );
    assert_eq!(
        abroad.mention,
        Some("Not subject to EU VAT (Article 44, Directive 2006/112/EC)")
    );
    let with_id = treatment(fr, country("CH"), Some(&vat_id("CH", "CHE123456789"))).expect("ok");
    assert_eq!(with_id.category, VatCategory::OutsideScope);
}

#[test]
fn an_operator_outside_the_eu_has_no_vat_treatment() {
    assert_eq!(
        treatment(country("US"), country("US"), None),
        Err(BillingError::OperatorOutsideEu(country("US")))
    );
}

#[test]
fn vat_categories_are_written_as_their_codes() {
    let codes = serde_json::to_value([
        VatCategory::Standard,
        VatCategory::ReverseCharge,
        VatCategory::OutsideScope,
    ])
    .expect("serializable");
    assert_eq!(codes, json!(["S", "AE", "O"]));
}

#[test]
fn a_vat_id_is_its_countrys_letters_and_2_to_13_letters_or_digits() {
    assert_eq!(vat_id("DE", "DE123456789").as_str(), "DE123456789");
    assert_eq!(vat_id("FR", "fr 12 345.678-901").as_str(), "FR12345678901");
    assert_eq!(vat_id("NL", "NL123456789B01").as_str(), "NL123456789B01");
    assert_eq!(vat_id("AT", "ATU12").as_str(), "ATU12");
    assert_eq!(vat_id("GR", "GR123456789").as_str(), "GR123456789");
    let refused = |code, typed| VatId::parse(country(code), typed).is_err();
    assert!(refused("DE", "DE1"));
    assert!(refused("DE", "DE12345678901234"));
    assert!(refused("FR", "DE123456789"));
    assert!(refused("DE", "123456789"));
    assert!(refused("DE", "DE1234_5678"));
    assert!(refused("DE", "DE12345678é"));
    assert!(refused("GR", "EL123456789"));
    assert!(refused("DE", ""));
}

#[test]
fn an_invoice_number_reads_and_writes_as_cpt_yyyy_nnnnnn() {
    let n = number("CPT-2026-000014");
    assert_eq!((n.year(), n.sequence()), (2026, 14));
    assert_eq!(n.to_string(), "CPT-2026-000014");
    assert_eq!(
        serde_json::to_value(n).expect("serializable"),
        json!("CPT-2026-000014")
    );
    for bad in [
        "CPT-2026-000000",
        "CPT-2026-14",
        "CPT-26-000014",
        "cpt-2026-000014",
        "CPT-2026-0000014",
        "CPT-2026-00001a",
        "CPT2026000014",
        "CPT-+026-000014",
    ] {
        assert!(InvoiceNumber::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn numbers_run_without_gap_and_restart_each_year() {
    let first = InvoiceNumber::first_of(2026).expect("a year");
    assert_eq!(first.to_string(), "CPT-2026-000001");
    assert_eq!(
        first.next().map(|n| n.to_string()),
        Ok("CPT-2026-000002".to_owned())
    );
    assert_eq!(InvoiceNumber::following(None, 2026), Ok(first));
    assert_eq!(
        InvoiceNumber::following(Some(number("CPT-2026-000041")), 2026),
        Ok(number("CPT-2026-000042"))
    );
    assert_eq!(
        InvoiceNumber::following(Some(number("CPT-2026-000042")), 2027),
        Ok(number("CPT-2027-000001"))
    );
    assert_eq!(
        InvoiceNumber::following(Some(number("CPT-2027-000003")), 2026),
        Err(BillingError::NumberingBackwards {
            last: 2027,
            year: 2026
        })
    );
    assert_eq!(
        number("CPT-2026-999999").next(),
        Err(BillingError::NumbersExhausted(2026))
    );
}
