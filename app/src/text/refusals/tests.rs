use super::RefusalTexts;
use crate::error::Refusal;
use crate::i18n::Locale;
use broker::contract::ContractStatus;
use broker::placement::{Blocker, Requirement};
use broker::provisioning::{ResourceEvent, ResourceState};
use broker::quote::{StaleReason, Staleness};
use broker::transfer::{ImportIssue, ImportProblem};

fn names(names: &[&str]) -> Vec<String> {
    names.iter().map(|name| (*name).to_owned()).collect()
}

fn every_blocker() -> Vec<Blocker> {
    vec![
        Blocker::NoOfferInDomain {
            component: "web".into(),
            domain: "compute".into(),
        },
        Blocker::NoOfferLeft {
            component: "web".into(),
            domain: "compute".into(),
            requirement: Requirement::Countries,
            asked: "[DE, FR]".into(),
            passed: 12,
            passed_steps: vec![Requirement::Attributes, Requirement::Certifications],
        },
        Blocker::TiedAndApart {
            components: names(&["a", "b"]),
        },
        Blocker::NoCommonProvider {
            components: names(&["a", "b"]),
            offered: vec![("a".into(), names(&["p1", "p2", "p3", "p4", "p5", "p6"]))],
        },
        Blocker::TooFewProviders {
            components: names(&["a", "b", "c"]),
            providers: names(&["p1", "p2"]),
        },
        Blocker::NoProviderAllowed { components: 3 },
        Blocker::BudgetTooLow {
            budget: "1.00 EUR".into(),
            cheapest: "164.80 EUR".into(),
        },
        Blocker::CarbonCapTooLow {
            cap_g: 900,
            lowest_g: 3700,
        },
        Blocker::BudgetAndCarbonCap {
            budget: "1.00 EUR".into(),
            cap_g: 900,
            cheapest: "164.80 EUR".into(),
            cheapest_g: 3800,
            greenest: "168.30 EUR".into(),
            greenest_g: 3700,
        },
        Blocker::TooManyProvidersNeeded { max: 1, needed: 2 },
        Blocker::ApartUnmet {
            components: names(&["db", "db-replica"]),
        },
        Blocker::TogetherUnmet {
            components: names(&["web", "cache"]),
        },
        Blocker::NotEnoughCapacity {
            offer: "vm-large".into(),
            left: 2,
            needed: 3,
        },
        Blocker::NoSingleRelaxation,
        Blocker::DiagnosisStopped,
    ]
}

fn every_refusal() -> Vec<Refusal> {
    vec![
        Refusal::SignerRole,
        Refusal::NotAwaitingSignature {
            status: ContractStatus::Signed,
        },
        Refusal::SignatureMismatch,
        Refusal::CapacityTaken { offer: 7 },
        Refusal::QuoteExpired,
        Refusal::PlanInfeasible {
            blockers: every_blocker(),
        },
        Refusal::OfferGone {
            line: "web".into(),
            offer: "vm".into(),
        },
        Refusal::OfferChanged {
            line: "web".into(),
            offer: "vm".into(),
        },
        Refusal::Unusable,
        Refusal::Lifecycle {
            state: ResourceState::Active,
            event: ResourceEvent::Retried,
        },
        Refusal::Lifecycle {
            state: ResourceState::Requested,
            event: ResourceEvent::TerminationRequested,
        },
        Refusal::CardNotPayable,
        Refusal::CardsNotOffered,
        Refusal::CardUnavailable,
        Refusal::CardRefused {
            reason: "card declined".into(),
        },
        Refusal::AccountUnavailable,
        Refusal::OrganisationSuspended {
            reason: "unpaid".into(),
        },
        Refusal::OwnAccount,
        Refusal::LastOperator,
        Refusal::OwnersOnly,
        Refusal::LastOwner,
        Refusal::ResetLinkInvalid,
        Refusal::InvitationLinkInvalid,
        Refusal::InvitationForOther {
            email: "bea@example.org".into(),
        },
        Refusal::OverBudget {
            adding_minor: 16_830,
            committed_minor: 91_200,
            budget_minor: 100_000,
        },
    ]
}

fn every_sentence(locale: Locale) -> Vec<String> {
    let texts = RefusalTexts::new(locale);
    let mut sentences: Vec<String> = every_refusal()
        .iter()
        .flat_map(|refusal| texts.refusal(refusal))
        .collect();
    let stale = [
        Staleness::Expired { at: 1_700_000_000 },
        Staleness::NewerVersion {
            quoted: 1,
            current: 2,
        },
        Staleness::Withdrawn,
        Staleness::NotEnoughCapacity { wanted: 3, left: 1 },
    ]
    .map(|reason| StaleReason {
        line: Some("web".into()),
        offer: Some("vm".into()),
        reason,
    });
    sentences.extend(texts.stale(&stale));
    let issues = [
        ImportIssue::Rule {
            problem: broker::catalog::CatalogInputError::Country,
        },
        ImportIssue::OtherProvider {
            provider: "a".into(),
            expected: "b".into(),
        },
        ImportIssue::DomainFixed {
            domain: "compute".into(),
        },
        ImportIssue::DuplicateId,
        ImportIssue::Currency {
            expected: "EUR".into(),
            found: "USD".into(),
        },
        ImportIssue::InReview,
        ImportIssue::Retired,
        ImportIssue::Format,
    ];
    for issue in issues {
        let problem = ImportProblem {
            offer: Some("vm".into()),
            index: Some(1),
            field: Some("country".into()),
            message: "expected a string".into(),
            issue,
        };
        sentences.push(texts.import_problem(&problem, |rule| format!("{rule:?}")));
    }
    sentences
}

#[test]
fn every_refusal_is_worded_in_both_languages_with_every_figure_filled_in() {
    let english = every_sentence(Locale::en);
    let french = every_sentence(Locale::fr);
    assert_eq!(english.len(), french.len());
    for (en, fr) in english.iter().zip(&french) {
        for sentence in [en, fr] {
            assert!(!sentence.trim().is_empty());
            assert!(
                !sentence.contains('{') && !sentence.contains('}'),
                "a placeholder left in {sentence:?}"
            );
        }
        assert_ne!(en, fr, "not translated: {en:?}");
    }
}

#[test]
fn french_sentences_carry_the_figures_and_names() {
    let texts = RefusalTexts::new(Locale::fr);
    let budget = texts.blockers(&every_blocker()[6..7]);
    assert_eq!(
        budget,
        ["Le budget de 1.00 EUR est inférieur au plan réalisable le moins cher, à 164.80 EUR."]
    );
    let listed = texts.blockers(&every_blocker()[3..4]);
    assert!(
        listed[0].contains("a: p1, p2, p3, p4, p5 et 1 autres"),
        "{listed:?}"
    );
    let late = texts.refusal(&Refusal::NotAwaitingSignature {
        status: ContractStatus::Signed,
    });
    assert!(late[0].starts_with("Ce contrat est signé"), "{late:?}");
}
