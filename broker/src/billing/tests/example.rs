//! The worked example of the specification, figure by figure and as the export shows it.

use super::*;
use serde_json::json;

const REVERSE_CHARGE: &str = "Reverse charge: VAT due by the customer (Article 196, Directive 2006/112/EC) / Autoliquidation";

#[test]
fn the_example_bills_its_four_lines_as_the_specification_does() {
    let invoice = computed(&example_input());
    let amounts: Vec<i64> = invoice.lines().iter().map(Line::amount_minor).collect();
    assert_eq!(amounts, vec![8400, 120, 30, -840]);
    assert_eq!(invoice.net_minor(), 7710);
    assert_eq!(invoice.vat().category, VatCategory::ReverseCharge);
    assert_eq!(invoice.vat().amount_minor, 0);
    assert_eq!(invoice.total_minor(), 7710);
    let split = &invoice.split()[0];
    assert_eq!((split.commission_minor, split.share_minor), (771, 6939));
}

#[test]
fn a_lines_kind_is_the_tag_the_export_writes() {
    let invoice = computed(&example_input());
    for line in invoice.lines() {
        let exported = serde_json::to_value(line).expect("serializable");
        assert_eq!(exported["kind"], line.kind(), "{exported}");
        let (contract, number) = line.contract_line();
        assert_eq!(exported["contract"], contract.get(), "{exported}");
        assert_eq!(exported["line"], number, "{exported}");
        let unit_seconds = match line {
            Line::Recurring(recurring) => recurring.quantity * recurring.seconds,
            _ => 0,
        };
        assert_eq!(line.unit_seconds(), unit_seconds, "{exported}");
    }
}

#[test]
fn the_example_month_has_the_example_period() {
    let period = Period::of(month("2025-11"));
    assert_eq!(
        (period.start(), period.end()),
        (1_761_955_200, 1_764_547_200)
    );
    assert_eq!(month("2025-11").seconds(), 2_592_000);
}

#[test]
fn the_example_invoice_serializes_in_the_export_shape() {
    let invoice = computed(&example_input())
        .finalize(number("CPT-2026-000014"), 1_764_633_600)
        .expect("a draft");
    let expected = json!({
        "number": "CPT-2026-000014",
        "kind": "invoice",
        "cancels": null,
        "tenant": 7,
        "period": { "start": 1_761_955_200, "end": 1_764_547_200 },
        "finalized_at": 1_764_633_600,
        "lines": [
            { "kind": "recurring", "contract": 3, "line": 0, "provider": "alpine-cloud",
              "offer": "ac-vm-4", "quantity": 2, "unit_price_minor": 4200,
              "seconds": 2_592_000, "availability_bp": 9995, "amount_minor": 8400 },
            { "kind": "usage", "contract": 3, "line": 0, "provider": "alpine-cloud", "meter": "egress_gb",
              "quantity": 2, "used": 260, "included": 100, "price_minor": 2, "per": 1, "amount_minor": 120 },
            { "kind": "late_usage", "month": "2025-10", "contract": 3, "line": 0, "provider": "alpine-cloud",
              "meter": "egress_gb", "quantity": 2, "previously_used": 250, "used": 15, "included": 100,
              "price_minor": 2, "per": 1, "amount_minor": 30 },
            { "kind": "sla_credit", "contract": 3, "line": 0, "provider": "alpine-cloud",
              "seconds": 2_592_000, "downtime": 2000, "availability_bp": 9995, "percent": 10,
              "amount_minor": -840 }
        ],
        "net_minor": 7710,
        "vat": { "category": "AE", "rate_bp": 0, "amount_minor": 0, "mention": REVERSE_CHARGE },
        "total_minor": 7710,
        "split": [
            { "provider": "alpine-cloud", "net_minor": 7710, "commission_bp": 1000,
              "commission_minor": 771, "share_minor": 6939 }
        ]
    });
    assert_eq!(
        serde_json::to_value(&invoice).expect("serializable"),
        expected
    );
}

#[test]
fn an_invoice_read_back_is_the_invoice_written() {
    let invoice = computed(&example_input())
        .finalize(number("CPT-2026-000014"), 1_764_633_600)
        .expect("a draft");
    let text = serde_json::to_string(&invoice).expect("serializable");
    let read: Invoice = serde_json::from_str(&text).expect("readable");
    assert_eq!(read, invoice);
}

#[test]
fn an_invoice_whose_figures_do_not_follow_from_its_lines_is_refused() {
    let invoice = computed(&example_input());
    let mut value = serde_json::to_value(&invoice).expect("serializable");
    value["total_minor"] = json!(7711);
    assert!(serde_json::from_value::<Invoice>(value).is_err());
    let mut value = serde_json::to_value(&invoice).expect("serializable");
    value["split"][0]["share_minor"] = json!(6940);
    assert!(serde_json::from_value::<Invoice>(value).is_err());
    let mut value = serde_json::to_value(&invoice).expect("serializable");
    value["period"]["end"] = json!(1_764_547_201);
    assert!(serde_json::from_value::<Invoice>(value).is_err());
}

#[test]
fn the_example_credit_note_copies_the_lines_with_opposite_signs() {
    let invoice = computed(&example_input())
        .finalize(number("CPT-2026-000014"), 1_764_633_600)
        .expect("a draft");
    let note = invoice
        .credit_note(number("CPT-2026-000015"), 1_764_700_000)
        .expect("a finalized invoice");
    assert_eq!(note.kind(), InvoiceKind::CreditNote);
    assert_eq!(note.cancels(), Some(number("CPT-2026-000014")));
    let amounts: Vec<i64> = note.lines().iter().map(Line::amount_minor).collect();
    assert_eq!(amounts, vec![-8400, -120, -30, 840]);
    assert_eq!((note.net_minor(), note.total_minor()), (-7710, -7710));
    assert_eq!(
        (
            note.split()[0].commission_minor,
            note.split()[0].share_minor
        ),
        (-771, -6939)
    );
    let value = serde_json::to_value(&note).expect("serializable");
    assert_eq!(value["kind"], json!("credit_note"));
    assert_eq!(value["cancels"], json!("CPT-2026-000014"));
    let read: Invoice = serde_json::from_value(value).expect("a consistent credit note");
    assert_eq!(read, note);
}

#[test]
fn only_a_finalized_invoice_gets_a_credit_note() {
    let draft = computed(&example_input());
    assert_eq!(
        draft.credit_note(number("CPT-2026-000001"), 0),
        Err(BillingError::NotFinalizedInvoice)
    );
    let invoice = draft
        .finalize(number("CPT-2026-000001"), 0)
        .expect("a draft");
    let note = invoice
        .credit_note(number("CPT-2026-000002"), 1)
        .expect("an invoice");
    assert_eq!(
        note.credit_note(number("CPT-2026-000003"), 2),
        Err(BillingError::NotFinalizedInvoice)
    );
    assert_eq!(
        invoice.finalize(number("CPT-2026-000004"), 3),
        Err(BillingError::AlreadyFinalized)
    );
}

#[test]
fn a_draft_has_no_number_and_no_finalization_time() {
    let value = serde_json::to_value(computed(&example_input())).expect("serializable");
    assert_eq!(value["number"], json!(null));
    assert_eq!(value["finalized_at"], json!(null));
}
