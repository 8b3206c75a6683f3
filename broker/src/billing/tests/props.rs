//! Properties that hold for any invoice: its parts add up, its computation is deterministic,
//! its credits stay within their lines, and late usage never bills a unit twice.

use super::*;
use proptest::prelude::*;

const DAY: i64 = 86_400;
const PROVIDERS: [&str; 3] = ["alpine-cloud", "nordic-host", "baltic-bits"];
const CUSTOMERS: [&str; 5] = ["FR", "DE", "HU", "US", "CH"];
const MONTHS: [&str; 3] = ["2024-02", "2025-11", "2025-12"];

prop_compose! {
    fn arb_meter()(price_minor in 0i64..50, per in 1i64..1000, included in 0i64..500) -> Meter {
        Meter::new(egress().id().clone(), "GB", price_minor, per, included).expect("a meter")
    }
}

prop_compose! {
    fn arb_line()(
        provider in 0..PROVIDERS.len(),
        quantity in 1i64..5,
        unit_price_minor in 0i64..200_000,
        availability_bp in prop_oneof![Just(9995u32), Just(10_000), 0u32..=10_000],
        active in -10 * DAY..32 * DAY,
        termination in proptest::option::of(-DAY..33 * DAY),
        meter in arb_meter(),
    ) -> (usize, i64, i64, u32, i64, Option<i64>, Meter) {
        (provider, quantity, unit_price_minor, availability_bp, active, termination, meter)
    }
}

/// Any tenant's month: up to four lines of three providers, with usage, late usage, downtime,
/// commission rates and a customer in or out of the EU.
pub(crate) fn arb_input() -> impl Strategy<Value = InvoiceInput> {
    (
        prop::collection::vec(arb_line(), 0..4),
        prop::collection::vec((0usize..4, 0i64..5000), 0..6),
        prop::collection::vec((0usize..4, 0i64..1000, 0i64..1000), 0..3),
        prop::collection::vec((0usize..4, 0i64..31 * DAY, 0i64..3 * DAY), 0..6),
        prop::array::uniform3(0u32..=10_000),
        (0..MONTHS.len(), 0..CUSTOMERS.len(), any::<bool>()),
    )
        .prop_map(
            |(lines, usage, late, downtime, rates, (month_at, customer, has_id))| {
                let month = super::month(MONTHS[month_at]);
                let start = month.start();
                let lines: Vec<ContractLine> = lines
                    .into_iter()
                    .enumerate()
                    .map(
                        |(i, (provider, quantity, price, sla, active, end, meter))| ContractLine {
                            contract: ContractId::new(i as i64 + 1),
                            line: 0,
                            provider: slug(PROVIDERS[provider]),
                            offer: OfferId::parse("offer").expect("an offer id"),
                            quantity,
                            unit_price_minor: price,
                            availability_bp: sla,
                            active_at: start + active,
                            termination_requested_at: end.map(|end| start + end),
                            meters: vec![meter],
                        },
                    )
                    .collect();
                let n = lines.len().max(1);
                let on = |pick: usize| ContractId::new((pick % n) as i64 + 1);
                let keep = !lines.is_empty();
                let mut late_seen = std::collections::BTreeSet::new();
                let customer = country(CUSTOMERS[customer]);
                InvoiceInput {
                    month,
                    tenant: TenantId::new(7),
                    usage: usage
                        .into_iter()
                        .filter(|_| keep)
                        .map(|(pick, quantity)| Usage {
                            contract: on(pick),
                            ..record(quantity)
                        })
                        .collect(),
                    late_usage: late
                        .into_iter()
                        .filter(|(pick, _, _)| keep && late_seen.insert(pick % n))
                        .map(|(pick, previously_used, used)| LateUsage {
                            month: month.previous().expect("a month before"),
                            contract: on(pick),
                            line: 0,
                            meter: egress().id().clone(),
                            previously_used,
                            used,
                        })
                        .collect(),
                    downtime: downtime
                        .into_iter()
                        .filter(|_| keep)
                        .map(|(pick, from, length)| Downtime {
                            contract: on(pick),
                            ..down(start + from, start + from + length)
                        })
                        .collect(),
                    lines,
                    commission_bp: PROVIDERS
                        .iter()
                        .zip(rates)
                        .map(|(p, r)| (slug(p), r))
                        .collect(),
                    operator_country: country("FR"),
                    customer_country: customer,
                    customer_vat_id: has_id.then(|| {
                        VatId::parse(customer, &format!("{customer}123456789")).expect("a VAT id")
                    }),
                }
            },
        )
}

proptest! {
    #[test]
    fn shares_and_commissions_add_up_to_the_net_and_net_and_vat_to_the_total(input in arb_input()) {
        if let Some(invoice) = compute_invoice(&input).expect("computable") {
            let lines: i64 = invoice.lines().iter().map(Line::amount_minor).sum();
            let shares: i64 = invoice.split().iter().map(|s| s.share_minor).sum();
            let commissions: i64 = invoice.split().iter().map(|s| s.commission_minor).sum();
            prop_assert_eq!(lines, invoice.net_minor());
            prop_assert_eq!(shares + commissions, invoice.net_minor());
            prop_assert_eq!(invoice.net_minor() + invoice.vat().amount_minor, invoice.total_minor());
            for part in invoice.split() {
                prop_assert_eq!(part.share_minor + part.commission_minor, part.net_minor);
            }
        } else {
            let billable = |line: &ContractLine| {
                billable_interval(input.month, line.active_at, line.termination_requested_at).seconds()
            };
            prop_assert!(input.lines.iter().all(|line| billable(line) == 0));
            prop_assert!(input.usage.is_empty() && input.late_usage.is_empty());
        }
    }

    #[test]
    fn the_same_inputs_give_the_same_invoice(input in arb_input()) {
        let first = compute_invoice(&input).expect("computable");
        prop_assert_eq!(&compute_invoice(&input.clone()).expect("computable"), &first);
        if let Some(invoice) = first {
            let text = serde_json::to_string(&invoice).expect("serializable");
            let read: Invoice = serde_json::from_str(&text).expect("consistent");
            prop_assert_eq!(read, invoice);
        }
    }

    #[test]
    fn a_credit_never_exceeds_its_recurring_line(input in arb_input()) {
        let Some(invoice) = compute_invoice(&input).expect("computable") else { return Ok(()) };
        for line in invoice.lines() {
            if let Line::SlaCredit(credit) = line {
                let recurring = invoice.lines().iter().find_map(|l| match l {
                    Line::Recurring(r) if (r.contract, r.line) == (credit.contract, credit.line) => Some(r),
                    _ => None,
                });
                let recurring = recurring.expect("a credit has its recurring line");
                prop_assert!(credit.amount_minor <= 0);
                prop_assert!(-credit.amount_minor <= recurring.amount_minor);
                prop_assert!(credit.downtime <= credit.seconds);
            }
        }
    }

    #[test]
    fn a_credit_note_cancels_every_figure(input in arb_input()) {
        let Some(invoice) = compute_invoice(&input).expect("computable") else { return Ok(()) };
        let invoice = invoice.finalize(number("CPT-2026-000001"), 0).expect("a draft");
        let note = invoice.credit_note(number("CPT-2026-000002"), 1).expect("finalized");
        prop_assert_eq!(note.net_minor(), -invoice.net_minor());
        prop_assert_eq!(note.total_minor(), -invoice.total_minor());
        prop_assert_eq!(note.vat().amount_minor, -invoice.vat().amount_minor);
        let text = serde_json::to_string(&note).expect("serializable");
        prop_assert!(serde_json::from_str::<Invoice>(&text).is_ok());
    }

    #[test]
    fn late_usage_never_bills_a_unit_twice(
        meter in arb_meter(),
        quantity in 1i64..5,
        records in prop::collection::vec(0i64..2000, 0..12),
        cuts in prop::collection::vec(any::<bool>(), 12),
    ) {
        // Records in their arrival order, cut into an invoice's part and late batches.
        let mut batches: Vec<i64> = vec![0];
        for (record, cut) in records.iter().zip(&cuts) {
            if *cut {
                batches.push(0);
            }
            if let Some(last) = batches.last_mut() {
                *last += record;
            }
        }
        let all: i64 = records.iter().sum();
        let mut billed = usage(&meter, quantity, batches[0]).expect("figures").amount_minor;
        let mut previously_used = batches[0];
        for used in &batches[1..] {
            billed += late_usage(&meter, quantity, previously_used, *used).expect("figures").amount_minor;
            previously_used += used;
        }
        prop_assert_eq!(billed, usage(&meter, quantity, all).expect("figures").amount_minor);
    }

    #[test]
    fn rounding_is_symmetric_and_within_half_a_unit(a in -1_000_000_000_000i128..1_000_000_000_000, b in 1i128..1_000_000) {
        let rounded = i128::from(round_half_up(a, b).expect("in range"));
        prop_assert_eq!(round_half_up(-a, b).map(i128::from), Ok(-rounded));
        prop_assert!(2 * (a - rounded * b).abs() <= b);
    }
}
