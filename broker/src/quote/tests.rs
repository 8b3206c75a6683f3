use super::*;
use crate::format::{Assignment, Objective};
use std::collections::BTreeMap;

pub(crate) const CREATED: i64 = 1_700_000_000;

pub(crate) fn snapshot(id: i64, external_id: &str, provider: i64, price: i64) -> OfferSnapshot {
    let (slug, country) = match provider {
        1 => ("nuage-boreal", "FR"),
        _ => ("kaltwerk", "DE"),
    };
    OfferSnapshot {
        offer: OfferId::new(id),
        external_id: external_id.to_owned(),
        version: 2,
        name: format!("Offer {external_id}"),
        unit: "instance".to_owned(),
        provider: ProviderId::new(provider),
        provider_slug: slug.to_owned(),
        currency: Currency::EUR,
        monthly_price_minor: price,
        availability_bp: 9995,
        country: country.to_owned(),
        jurisdiction: "EU".to_owned(),
        carbon_g_month: 400,
    }
}

pub(crate) fn line(component: &str, quantity: i64, offer: OfferSnapshot) -> LineTerms {
    LineTerms {
        component: component.to_owned(),
        quantity,
        offer,
    }
}

/// Two web servers and a database at one provider, a replica at another.
pub(crate) fn quote() -> Quote {
    Quote::new(QuoteTerms {
        tenant: TenantId::new(7),
        blueprint: "web shop".to_owned(),
        created_at: CREATED,
        lines: vec![
            line("web", 2, snapshot(11, "compute-m-fr", 1, 1470)),
            line("db", 1, snapshot(12, "database-pg-s-fr", 1, 3675)),
            line("db-replica", 1, snapshot(21, "database-pg-s-de", 2, 3850)),
        ],
    })
    .expect("a valid quote")
}

fn all_current(quote: &Quote) -> BTreeMap<OfferId, OfferNow> {
    quote
        .lines()
        .iter()
        .map(|line| {
            let now = OfferNow {
                version: line.offer().version,
                published: true,
                capacity: Some(100),
            };
            (line.offer().offer, now)
        })
        .collect()
}

#[test]
fn monthly_totals_are_quantity_times_unit_price_summed_over_the_lines() {
    let quote = quote();
    let totals: Vec<i64> = quote
        .lines()
        .iter()
        .map(|l| l.monthly_total().minor())
        .collect();
    assert_eq!(totals, [2940, 3675, 3850]);
    assert_eq!(quote.total_monthly(), Money::new(10_465, Currency::EUR));
    assert_eq!(quote.total_carbon_g_month(), 4 * 400);
    assert_eq!(quote.lines()[0].unit_price().minor(), 1470);
}

#[test]
fn a_quote_holds_for_seven_days_exactly() {
    let quote = quote();
    assert_eq!(quote.expires_at(), CREATED + 604_800);
    let offers = all_current(&quote);
    assert_eq!(quote.check(quote.expires_at() - 1, &offers), Ok(()));
    let reasons = quote.check(quote.expires_at(), &offers).unwrap_err();
    assert_eq!(
        reasons,
        [StaleReason {
            line: None,
            offer: None,
            reason: Staleness::Expired {
                at: quote.expires_at()
            }
        }]
    );
    assert_eq!(
        reasons[0].to_string(),
        "this quote expired on 2023-11-21 22:13 UTC: re-plan to get current prices"
    );
}

#[test]
fn a_newer_version_of_a_quoted_offer_names_the_line_and_both_versions() {
    let quote = quote();
    let mut offers = all_current(&quote);
    offers.get_mut(&OfferId::new(12)).unwrap().version = 3;
    let reasons = quote.check(CREATED + 60, &offers).unwrap_err();
    assert_eq!(reasons.len(), 1);
    assert_eq!(
        reasons[0].reason,
        Staleness::NewerVersion {
            quoted: 2,
            current: 3
        }
    );
    assert_eq!(
        reasons[0].to_string(),
        "line \"db\": offer \"database-pg-s-fr\" changed since the quote (version 3 now, \
         version 2 quoted): re-plan to see its new terms"
    );
}

#[test]
fn an_unpublished_or_vanished_offer_is_withdrawn() {
    let quote = quote();
    let mut offers = all_current(&quote);
    offers.get_mut(&OfferId::new(11)).unwrap().published = false;
    offers.remove(&OfferId::new(21));
    let reasons = quote.check(CREATED, &offers).unwrap_err();
    let lines: Vec<_> = reasons.iter().map(|r| r.line.as_deref()).collect();
    assert_eq!(lines, [Some("web"), Some("db-replica")]);
    assert!(reasons.iter().all(|r| r.reason == Staleness::Withdrawn));
    assert!(
        reasons[1]
            .to_string()
            .ends_with("is no longer for sale: re-plan to choose another offer")
    );
}

#[test]
fn capacity_counts_every_line_on_the_same_offer() {
    let quote = Quote::new(QuoteTerms {
        lines: vec![
            line("front", 3, snapshot(11, "compute-m-fr", 1, 1470)),
            line("back", 2, snapshot(11, "compute-m-fr", 1, 1470)),
        ],
        ..QuoteTerms::from(quote())
    })
    .unwrap();
    let mut offers = all_current(&quote);
    offers.get_mut(&OfferId::new(11)).unwrap().capacity = Some(5);
    assert_eq!(quote.check(CREATED, &offers), Ok(()));
    offers.get_mut(&OfferId::new(11)).unwrap().capacity = Some(4);
    let reasons = quote.check(CREATED, &offers).unwrap_err();
    assert_eq!(reasons.len(), 2);
    assert_eq!(
        reasons[0].reason,
        Staleness::NotEnoughCapacity { wanted: 5, left: 4 }
    );
    assert!(
        reasons[0]
            .to_string()
            .contains("has 4 units left and the quote needs 5")
    );
    offers.get_mut(&OfferId::new(11)).unwrap().capacity = None;
    assert_eq!(quote.check(CREATED, &offers), Ok(()));
}

#[test]
fn every_reason_is_listed_expiry_first() {
    let quote = quote();
    let mut offers = all_current(&quote);
    offers.get_mut(&OfferId::new(21)).unwrap().capacity = Some(0);
    let reasons = quote
        .check(CREATED + QUOTE_VALIDITY_SECS, &offers)
        .unwrap_err();
    assert!(matches!(reasons[0].reason, Staleness::Expired { .. }));
    assert_eq!(reasons[1].line.as_deref(), Some("db-replica"));
}

#[test]
fn invalid_lines_and_quotes_are_refused() {
    let base = QuoteTerms::from(quote());
    let with = |lines| QuoteTerms {
        lines,
        ..base.clone()
    };
    assert_eq!(Quote::new(with(vec![])), Err(QuoteError::NoLines));
    let zero = line("web", 0, snapshot(11, "x", 1, 1));
    assert!(matches!(
        Quote::new(with(vec![zero])),
        Err(QuoteError::InvalidLine { .. })
    ));
    let twice = vec![
        line("web", 1, snapshot(11, "x", 1, 1)),
        line("web", 1, snapshot(12, "y", 1, 1)),
    ];
    assert_eq!(
        Quote::new(with(twice)),
        Err(QuoteError::DuplicateComponent("web".to_owned()))
    );
    let mut dollars = snapshot(12, "y", 1, 1);
    dollars.currency = Currency::parse("USD").unwrap();
    let mixed = vec![
        line("web", 1, snapshot(11, "x", 1, 1)),
        line("db", 1, dollars),
    ];
    assert!(matches!(
        Quote::new(with(mixed)),
        Err(QuoteError::MixedCurrencies { .. })
    ));
    let huge = vec![line("web", 2, snapshot(11, "x", 1, i64::MAX))];
    assert_eq!(
        Quote::new(with(huge)),
        Err(QuoteError::Money(MoneyError::Overflow))
    );
}

#[test]
fn a_quote_round_trips_through_json_and_rechecks_its_lines() {
    let quote = quote();
    let json = serde_json::to_string(&quote).unwrap();
    assert_eq!(serde_json::from_str::<Quote>(&json).unwrap(), quote);
    let bad = json.replace("\"quantity\":2", "\"quantity\":-2");
    assert!(serde_json::from_str::<Quote>(&bad).is_err());
}

fn plan(monthly_minor: u64) -> PlanDocument {
    let assignment = Assignment {
        component: "web".to_owned(),
        offer: "compute-m-fr".to_owned(),
        provider: "nuage-boreal".to_owned(),
        quantity: 2,
        monthly_minor,
        carbon_g_month: 800,
    };
    PlanDocument::feasible(Objective::Cost, Currency::EUR, vec![assignment])
}

#[test]
fn accepting_a_plan_freezes_the_current_offer_versions() {
    let find = |provider: &str, offer: &str| {
        (provider == "nuage-boreal" && offer == "compute-m-fr")
            .then(|| snapshot(11, "compute-m-fr", 1, 1470))
    };
    let quote = Quote::from_plan(&plan(2940), TenantId::new(7), "web", CREATED, find).unwrap();
    assert_eq!(quote.lines()[0].offer().version, 2);
    assert_eq!(quote.total_monthly().minor(), 2940);
    assert_eq!(
        Quote::from_plan(&plan(2000), TenantId::new(7), "web", CREATED, find),
        Err(QuoteError::PlanOutdated {
            component: "web".to_owned(),
            offer: "compute-m-fr".to_owned()
        })
    );
    assert!(matches!(
        Quote::from_plan(&plan(2940), TenantId::new(7), "web", CREATED, |_, _| None),
        Err(QuoteError::UnknownOffer { .. })
    ));
    let infeasible =
        PlanDocument::infeasible(Objective::Cost, Currency::EUR, vec!["no".to_owned()]);
    assert_eq!(
        Quote::from_plan(&infeasible, TenantId::new(7), "web", CREATED, find),
        Err(QuoteError::PlanInfeasible)
    );
}
