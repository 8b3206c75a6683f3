//! Invoices computed from a month's inputs: order, split, VAT, and the inputs refused.

use super::*;

fn second_provider_line() -> ContractLine {
    ContractLine {
        contract: ContractId::new(2),
        line: 1,
        provider: slug("nordic-host"),
        offer: OfferId::parse("nh-db-s").expect("an offer id"),
        quantity: 1,
        unit_price_minor: 1001,
        availability_bp: 9990,
        meters: vec![],
        ..example_line()
    }
}

fn two_providers() -> InvoiceInput {
    let mut input = example_input();
    input.lines.push(second_provider_line());
    input.commission_bp.insert(slug("nordic-host"), 1500);
    input
}

#[test]
fn a_tenant_without_lines_has_no_invoice() {
    let input = InvoiceInput {
        lines: vec![],
        usage: vec![],
        late_usage: vec![],
        downtime: vec![],
        ..example_input()
    };
    assert_eq!(compute_invoice(&input), Ok(None));
}

#[test]
fn lines_come_in_contract_line_order_whatever_the_input_order() {
    let mut input = two_providers();
    let invoice = computed(&input);
    input.lines.reverse();
    input.usage.reverse();
    input.downtime.reverse();
    assert_eq!(computed(&input), invoice);
    let kinds: Vec<(i64, &str)> = invoice
        .lines()
        .iter()
        .map(|line| match line {
            Line::Recurring(l) => (l.contract.get(), "recurring"),
            Line::Usage(l) => (l.contract.get(), "usage"),
            Line::LateUsage(l) => (l.contract.get(), "late_usage"),
            Line::SlaCredit(l) => (l.contract.get(), "sla_credit"),
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            (2, "recurring"),
            (3, "recurring"),
            (3, "usage"),
            (3, "late_usage"),
            (3, "sla_credit")
        ]
    );
}

#[test]
fn each_provider_gets_its_net_less_its_own_commission() {
    let invoice = computed(&two_providers());
    let split: Vec<(&str, i64, i64, i64)> = invoice
        .split()
        .iter()
        .map(|s| {
            (
                s.provider.as_str(),
                s.net_minor,
                s.commission_minor,
                s.share_minor,
            )
        })
        .collect();
    // 1001 × 15 % = 150.15 → 150.
    assert_eq!(
        split,
        vec![
            ("alpine-cloud", 7710, 771, 6939),
            ("nordic-host", 1001, 150, 851)
        ]
    );
    assert_eq!(invoice.net_minor(), 8711);
}

#[test]
fn a_customer_in_the_operators_country_pays_its_vat() {
    let input = InvoiceInput {
        customer_country: country("FR"),
        customer_vat_id: None,
        ..two_providers()
    };
    let invoice = computed(&input);
    // 8711 × 20 % = 1742.2 → 1742.
    assert_eq!(invoice.vat().category, VatCategory::Standard);
    assert_eq!(
        (invoice.vat().rate_bp, invoice.vat().amount_minor),
        (2000, 1742)
    );
    assert_eq!(invoice.total_minor(), 10_453);
    assert_eq!(invoice.vat().mention, None);
}

#[test]
fn a_consumer_elsewhere_in_the_eu_pays_its_countrys_rate() {
    let input = InvoiceInput {
        customer_country: country("HU"),
        customer_vat_id: None,
        ..example_input()
    };
    // 7710 × 27 % = 2081.7 → 2082.
    assert_eq!(computed(&input).vat().amount_minor, 2082);
}

#[test]
fn usage_and_downtime_must_name_a_line_and_meter_of_the_tenant() {
    let mut input = example_input();
    input.usage.push(Usage {
        meter: MeterId::parse("storage_gb").expect("an id"),
        ..record(1)
    });
    assert!(matches!(
        compute_invoice(&input),
        Err(BillingError::UnknownMeter { .. })
    ));
    let mut input = example_input();
    input.usage.push(Usage {
        contract: ContractId::new(99),
        ..record(1)
    });
    assert!(matches!(
        compute_invoice(&input),
        Err(BillingError::UnknownLine { .. })
    ));
    let mut input = example_input();
    input.downtime.push(Downtime {
        line: 5,
        ..down(0, 1)
    });
    assert!(matches!(
        compute_invoice(&input),
        Err(BillingError::UnknownLine { .. })
    ));
    let mut input = example_input();
    input.downtime.push(down(10, 5));
    assert!(matches!(
        compute_invoice(&input),
        Err(BillingError::InvalidDowntime { .. })
    ));
}

#[test]
fn inputs_out_of_range_are_refused() {
    let mut input = example_input();
    input.usage.push(record(-1));
    assert_eq!(compute_invoice(&input), Err(BillingError::NegativeUsage));
    let mut input = example_input();
    input.lines.push(example_line());
    assert!(matches!(
        compute_invoice(&input),
        Err(BillingError::InvalidLine { .. })
    ));
    let mut input = example_input();
    input.lines[0].quantity = 0;
    assert!(matches!(
        compute_invoice(&input),
        Err(BillingError::InvalidLine { .. })
    ));
    let mut input = example_input();
    input.commission_bp.clear();
    assert_eq!(
        compute_invoice(&input),
        Err(BillingError::NoCommission(slug("alpine-cloud")))
    );
    let mut input = example_input();
    input.commission_bp.insert(slug("alpine-cloud"), 10_001);
    assert_eq!(
        compute_invoice(&input),
        Err(BillingError::InvalidCommission(10_001))
    );
}

#[test]
fn late_usage_belongs_to_an_earlier_month_and_agrees_on_what_was_invoiced() {
    let mut input = example_input();
    input.late_usage[0].month = input.month;
    assert_eq!(
        compute_invoice(&input),
        Err(BillingError::LateUsageNotEarlier(input.month))
    );
    let mut input = example_input();
    let mut other = input.late_usage[0].clone();
    other.previously_used = 100;
    input.late_usage.push(other);
    assert_eq!(
        compute_invoice(&input),
        Err(BillingError::InconsistentLateUsage)
    );
}

#[test]
fn late_records_of_one_month_line_and_meter_make_one_line() {
    let mut input = example_input();
    let mut more = input.late_usage[0].clone();
    more.used = 5;
    input.late_usage.push(more);
    let invoice = computed(&input);
    let late: Vec<(i64, i64)> = invoice
        .lines()
        .iter()
        .filter_map(|line| match line {
            Line::LateUsage(l) => Some((l.used, l.amount_minor)),
            _ => None,
        })
        .collect();
    assert_eq!(late, vec![(20, 40)]);
}

#[test]
fn a_line_terminated_before_the_month_can_still_bill_late_usage() {
    let mut input = example_input();
    input.lines[0].termination_requested_at = Some(input.month.start() - 10);
    input.usage.clear();
    input.downtime.clear();
    let invoice = computed(&input);
    assert_eq!(invoice.lines().len(), 1);
    assert_eq!(invoice.net_minor(), 30);
}
