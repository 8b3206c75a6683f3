use super::super::context::{Context, Offers};
use super::super::problem::Rules;
use super::super::search::Search;
use super::super::{diagnose, filter};
use super::{ROOT_STEPS, State, Table, start, tree};
use crate::synthetic;

/// Generated problems with many providers, under limits of 1 to 4 providers.
fn each_problem(mut check: impl FnMut(&super::super::problem::Problem, u64)) {
    for seed in 1..=40 {
        let catalog = synthetic::catalog(90, 9, seed);
        let blueprint = synthetic::blueprint(7, seed, &catalog);
        let mut offers = Offers::new(&catalog);
        let fits = filter::fit_all(&catalog, &blueprint, &mut |o, offer| offers.add(o, offer));
        let fitting = fits.iter().map(|fit| fit.fitting.clone()).collect();
        let context = Context::new(&catalog, &blueprint, fitting, offers);
        for max in 1..=4 {
            let rules = Rules {
                max_providers: Some(max),
                ..Rules::all(&blueprint)
            };
            let problem = context.problem(rules);
            if diagnose::structural(&context, &problem).is_empty() {
                check(&problem, max);
            }
        }
    }
}

/// The bound at the root never exceeds the optimum (on the table's scale), and meets it exactly
/// in some cases, so that a bound set too high, even by the least step, is caught.
#[test]
fn the_lagrangian_bound_never_exceeds_the_optimum_and_often_meets_it() {
    let (mut feasible, mut tight) = (0, 0);
    each_problem(|problem, max| {
        let mut plain = Search::new(problem, u64::MAX, &|| false);
        plain.run();
        let Some((primary, secondary)) = plain.best_key() else {
            return;
        };
        let table = Table::new(problem);
        let optimum = table.scale.value(primary, secondary);
        let state: Vec<State> = (0..table.providers)
            .map(|p| match table.column(p).iter().any(|&c| c < super::INF) {
                true => State::Free,
                false => State::Out,
            })
            .collect();
        let mut mu = start::multipliers(&table, &[]);
        let bound = table.ascend(&mut mu, &state, max as usize, None, ROOT_STEPS);
        assert!(
            bound <= optimum,
            "bound {bound} above the optimum {optimum}"
        );
        feasible += 1;
        tight += usize::from(bound == optimum);
    });
    assert!(feasible >= 45, "only {feasible} feasible problems");
    assert!(tight >= 2, "the bound met the optimum {tight} times only");
}

/// The provider-set search, with and without its greedy start, against the plain search (which
/// enforces the provider limit unit by unit and needs no provider bound), on generated
/// marketplaces with many providers and tight limits.
#[test]
fn the_provider_set_search_finds_the_plain_search_optimum_under_tight_limits() {
    let mut compared = 0;
    each_problem(|problem, max| {
        let mut plain = Search::new(problem, u64::MAX, &|| false);
        plain.run();
        for start in [true, false] {
            let mut sets = Search::new(problem, u64::MAX, &|| false);
            tree::search_sets(&mut sets, max as usize, start);
            assert_eq!(
                sets.best_key(),
                plain.best_key(),
                "max_providers {max}, start {start}"
            );
        }
        compared += usize::from(plain.best_key().is_some());
    });
    assert!(
        compared >= 45,
        "only {compared} feasible cases were compared"
    );
}
