//! The worked example of the billing specification, the edge of each rule, and properties that
//! hold for any invoice.

mod example;
mod invoice;
pub(crate) mod props;
mod rules;
mod values;

use super::*;
use crate::account::TenantId;
use crate::contract::ContractId;
use crate::format::{CountryCode, OfferId, ProviderId};
use std::collections::BTreeMap;

pub(crate) fn slug(text: &str) -> ProviderId {
    ProviderId::parse(text).expect("a slug")
}

pub(crate) fn country(code: &str) -> CountryCode {
    CountryCode::parse(code).expect("a country code")
}

pub(crate) fn month(text: &str) -> Month {
    Month::parse(text).expect("a month")
}

pub(crate) fn egress() -> Meter {
    Meter::new(MeterId::parse("egress_gb").expect("an id"), "GB", 2, 1, 100).expect("a meter")
}

/// The specification's example: contract 3 line 0 of alpine-cloud, 2 × ac-vm-4 at 4200 with a
/// 99.95 % SLA, billable all of November 2025 (the example's period).
pub(crate) fn example_line() -> ContractLine {
    ContractLine {
        contract: ContractId::new(3),
        line: 0,
        provider: slug("alpine-cloud"),
        offer: OfferId::parse("ac-vm-4").expect("an offer id"),
        quantity: 2,
        unit_price_minor: 4200,
        availability_bp: 9995,
        active_at: month("2025-11").start() - 86_400,
        termination_requested_at: None,
        meters: vec![egress()],
    }
}

pub(crate) fn record(quantity: i64) -> Usage {
    Usage {
        contract: ContractId::new(3),
        line: 0,
        meter: egress().id().clone(),
        quantity,
    }
}

pub(crate) fn down(from: i64, to: i64) -> Downtime {
    Downtime {
        contract: ContractId::new(3),
        line: 0,
        from,
        to,
    }
}

/// The example's inputs: 260 GB used in records of 200 and 60, 15 GB of October arriving late
/// after 250 were invoiced, and two overlapping outages that make 2000 s of downtime.
pub(crate) fn example_input() -> InvoiceInput {
    let start = month("2025-11").start();
    InvoiceInput {
        month: month("2025-11"),
        tenant: TenantId::new(7),
        lines: vec![example_line()],
        usage: vec![record(200), record(60)],
        late_usage: vec![LateUsage {
            month: month("2025-10"),
            contract: ContractId::new(3),
            line: 0,
            meter: egress().id().clone(),
            previously_used: 250,
            used: 15,
        }],
        downtime: vec![
            down(start + 100, start + 1100),
            down(start + 600, start + 2100),
        ],
        commission_bp: BTreeMap::from([(slug("alpine-cloud"), 1000)]),
        operator_country: country("FR"),
        customer_country: country("DE"),
        customer_vat_id: Some(VatId::parse(country("DE"), "DE123456789").expect("a VAT id")),
    }
}

pub(crate) fn computed(input: &InvoiceInput) -> Invoice {
    compute_invoice(input)
        .expect("computable")
        .expect("an invoice")
}

pub(crate) fn number(text: &str) -> InvoiceNumber {
    InvoiceNumber::parse(text).expect("a number")
}
