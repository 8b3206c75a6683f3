//! The edges of each rule: rounding, proration, usage, late usage, downtime and SLA tiers.

use super::*;

fn interval(start: i64, end: i64) -> Interval {
    Interval::new(start, end).expect("an interval")
}

#[test]
fn a_half_rounds_away_from_zero() {
    assert_eq!(round_half_up(5, 2), Ok(3));
    assert_eq!(round_half_up(-5, 2), Ok(-3));
    assert_eq!(round_half_up(4, 2), Ok(2));
    assert_eq!(round_half_up(1, 3), Ok(0));
    assert_eq!(round_half_up(2, 3), Ok(1));
    assert_eq!(round_half_up(-2, 3), Ok(-1));
    assert_eq!(round_half_up(0, 7), Ok(0));
    assert_eq!(round_half_up(8405 * 10, 100), Ok(841));
}

#[test]
fn rounding_refuses_a_divisor_that_is_not_positive_and_a_result_out_of_range() {
    assert_eq!(
        round_half_up(1, 0),
        Err(BillingError::NotPositiveDivisor(0))
    );
    assert_eq!(
        round_half_up(1, -2),
        Err(BillingError::NotPositiveDivisor(-2))
    );
    assert_eq!(round_half_up(i128::MAX, 1), Err(BillingError::Overflow));
    assert_eq!(
        round_half_up(i128::from(i64::MAX) * 4, 2),
        Err(BillingError::Overflow)
    );
    assert_eq!(round_half_up(i128::MIN, 3), Err(BillingError::Overflow));
}

#[test]
fn a_large_product_of_quantity_price_and_seconds_does_not_overflow() {
    let month = month("2025-12");
    let amount = recurring_amount(1_000_000, 1_000_000_000, month.seconds(), month.seconds());
    assert_eq!(amount, Ok(1_000_000_000_000_000));
}

#[test]
fn recurring_amounts_are_prorated_to_the_second() {
    let november = month("2025-11");
    let seconds = november.seconds();
    assert_eq!(recurring_amount(2, 4200, seconds, seconds), Ok(8400));
    assert_eq!(recurring_amount(1, 3000, seconds / 2, seconds), Ok(1500));
    assert_eq!(recurring_amount(1, 3000, 1, seconds), Ok(0));
    assert_eq!(recurring_amount(1, 2_592_000, 1, seconds), Ok(1));
    // 1 × 1 for half the month is exactly 0.5: half up.
    assert_eq!(recurring_amount(1, 1, seconds / 2, seconds), Ok(1));
    assert_eq!(recurring_amount(1, 1, seconds / 2 - 1, seconds), Ok(0));
}

#[test]
fn the_billable_interval_runs_from_activation_to_the_termination_request() {
    let m = month("2025-11");
    let (start, end) = (m.start(), m.end());
    assert_eq!(billable_interval(m, start - 5, None), interval(start, end));
    assert_eq!(
        billable_interval(m, start + 10, None),
        interval(start + 10, end)
    );
    assert_eq!(
        billable_interval(m, start + 10, Some(start + 70)),
        interval(start + 10, start + 70)
    );
    assert_eq!(
        billable_interval(m, start - 10, Some(end + 70)),
        interval(start, end)
    );
    assert_eq!(
        billable_interval(m, start - 10, Some(start - 1)).seconds(),
        0
    );
    assert_eq!(billable_interval(m, end, None).seconds(), 0);
    assert_eq!(
        billable_interval(m, start + 50, Some(start + 20)).seconds(),
        0
    );
}

#[test]
fn a_line_billable_for_no_second_of_the_month_is_left_out() {
    let mut input = example_input();
    input.usage.clear();
    input.late_usage.clear();
    input.downtime.clear();
    input.lines[0].termination_requested_at = Some(input.month.start());
    assert_eq!(compute_invoice(&input), Ok(None));
}

#[test]
fn usage_bills_what_exceeds_the_included_units_of_the_quantity() {
    let figures = usage(&egress(), 2, 260).expect("figures");
    assert_eq!(
        (
            figures.used,
            figures.included,
            figures.billed,
            figures.amount_minor
        ),
        (260, 200, 60, 120)
    );
    let within = usage(&egress(), 2, 150).expect("figures");
    assert_eq!((within.billed, within.amount_minor), (0, 0));
}

#[test]
fn usage_priced_per_many_units_rounds_half_up() {
    let id = MeterId::parse("requests").expect("an id");
    let meter = Meter::new(id, "request", 1, 1000, 0).expect("a meter");
    assert_eq!(usage(&meter, 1, 500).map(|f| f.amount_minor), Ok(1));
    assert_eq!(usage(&meter, 1, 499).map(|f| f.amount_minor), Ok(0));
    assert_eq!(usage(&meter, 1, 1500).map(|f| f.amount_minor), Ok(2));
}

#[test]
fn late_usage_bills_only_the_difference_it_makes() {
    let late = |previously_used, used| {
        late_usage(&egress(), 2, previously_used, used).map(|f| f.amount_minor)
    };
    assert_eq!(late(250, 15), Ok(30));
    // Still within the included 200 units.
    assert_eq!(late(100, 50), Ok(0));
    // Crossing the included units: only the 10 beyond them.
    assert_eq!(late(190, 20), Ok(20));
    assert_eq!(late(0, 0), Ok(0));
}

#[test]
fn downtime_counts_overlapping_and_nested_intervals_once() {
    let billable = interval(1000, 2000);
    assert_eq!(downtime_within(billable, []), 0);
    assert_eq!(
        downtime_within(billable, [interval(1100, 1200), interval(1150, 1300)]),
        200
    );
    assert_eq!(
        downtime_within(billable, [interval(1100, 1500), interval(1200, 1300)]),
        400
    );
    assert_eq!(
        downtime_within(billable, [interval(1100, 1200), interval(1200, 1300)]),
        200
    );
    assert_eq!(
        downtime_within(billable, [interval(1100, 1200), interval(1500, 1600)]),
        200
    );
    assert_eq!(
        downtime_within(billable, [interval(1500, 1600), interval(1100, 1200)]),
        200
    );
}

#[test]
fn downtime_outside_the_billable_interval_does_not_count() {
    let billable = interval(1000, 2000);
    assert_eq!(
        downtime_within(billable, [interval(0, 1000), interval(2000, 3000)]),
        0
    );
    assert_eq!(
        downtime_within(billable, [interval(900, 1100), interval(1900, 2100)]),
        200
    );
    assert_eq!(downtime_within(billable, [interval(0, 5000)]), 1000);
    assert_eq!(downtime_within(billable, [interval(1200, 1200)]), 0);
}

const S: i64 = 2_592_000;

fn percent(downtime: i64, availability_bp: u32) -> Option<i64> {
    sla_credit(S, downtime, availability_bp, 8400)
        .expect("a credit")
        .map(|credit| credit.percent)
}

#[test]
fn a_line_is_in_breach_only_below_its_availability() {
    // 99.95 % of 2 592 000 s allows exactly 1296 s down.
    assert_eq!(percent(1296, 9995), None);
    assert_eq!(percent(1297, 9995), Some(10));
    assert_eq!(percent(0, 10_000), None);
    assert_eq!(percent(1, 10_000), Some(10));
    assert_eq!(percent(S, 0), None);
}

#[test]
fn the_credit_tiers_turn_exactly_at_99_and_95_percent() {
    // 99 % up: 25 920 s down.
    assert_eq!(percent(25_920, 9995), Some(10));
    assert_eq!(percent(25_921, 9995), Some(30));
    // 95 % up: 129 600 s down.
    assert_eq!(percent(129_600, 9995), Some(30));
    assert_eq!(percent(129_601, 9995), Some(100));
    assert_eq!(percent(S, 9995), Some(100));
}

#[test]
fn a_credit_is_the_rounded_percent_of_the_recurring_amount() {
    let credit = |amount| {
        sla_credit(S, 2000, 9995, amount)
            .expect("a credit")
            .map(|credit| credit.amount_minor)
    };
    assert_eq!(credit(8400), Some(-840));
    assert_eq!(credit(8405), Some(-841));
    assert_eq!(credit(8404), Some(-840));
    assert_eq!(credit(0), Some(0));
    let full = sla_credit(S, S, 9995, 8401).expect("a credit");
    assert_eq!(full.map(|credit| credit.amount_minor), Some(-8401));
}

#[test]
fn no_line_no_credit() {
    assert_eq!(sla_credit(0, 0, 9995, 0), Ok(None));
}
