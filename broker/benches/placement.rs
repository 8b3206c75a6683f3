//! Time to the optimal plan: Comptoir's engine against an exact MILP (good_lp with microlp) on
//! generated marketplaces. Run with `cargo bench -p broker --bench placement`; it checks that
//! both optima are equal and prints the medians and their ratio. `PLACEMENT_NODES=1` also prints
//! the search nodes; `PLACEMENT_ENGINE_ONLY=1` skips the MILP (for profiling the engine).

#[path = "../tests/support/mod_for_bench.rs"]
mod support;

use std::time::{Duration, Instant};

use broker::format::Objective;
use broker::placement::plan;
use broker::synthetic;
use support::{milp, spec};

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort_unstable();
    times[times.len() / 2]
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument filters instances by name.
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with("--"));
    println!("| offers | components | objective | engine median | MILP median | ratio | optimum |");
    println!("| ---: | ---: | --- | ---: | ---: | ---: | ---: |");
    const INSTANCES: [(usize, usize, u64); 6] = [
        (2_000, 5, 11),
        (2_000, 20, 12),
        (2_000, 50, 13),
        (20_000, 5, 21),
        (20_000, 20, 22),
        (20_000, 50, 23),
    ];
    for (offers, components, seed) in INSTANCES {
        // A filter names one instance (`20000x5`), or those of a size (`2000x`).
        let name = format!("{offers}x{components}");
        let named = |f: &String| *f == name || (f.ends_with('x') && name.starts_with(f.as_str()));
        if filter.as_ref().is_some_and(|f| !named(f)) {
            continue;
        }
        let catalog = synthetic::catalog(offers, 50, seed);
        let blueprint = synthetic::blueprint(components, seed, &catalog);
        let objective = blueprint.objective();

        let mut engine_times = Vec::new();
        let mut engine_optimum = None;
        for _ in 0..7 {
            let start = Instant::now();
            let placement = plan(&catalog, &blueprint);
            engine_times.push(start.elapsed());
            if std::env::var_os("PLACEMENT_NODES").is_some() {
                eprintln!(
                    "{name}: {} search nodes",
                    placement.explanation.search_nodes
                );
            }
            engine_optimum = placement.plan.feasible.then(|| {
                spec::key(
                    objective,
                    spec::check_plan(&catalog, &blueprint, &placement.plan),
                )
                .0
            });
        }
        let mut milp_times = Vec::new();
        let mut milp_optimum = engine_optimum;
        let milp_runs = if std::env::var_os("PLACEMENT_ENGINE_ONLY").is_some() {
            0
        } else {
            3
        };
        for _ in 0..milp_runs {
            let start = Instant::now();
            milp_optimum = milp::optimum(&catalog, &blueprint);
            milp_times.push(start.elapsed());
        }
        assert_eq!(
            engine_optimum, milp_optimum,
            "{name}: the engine and the MILP disagree"
        );
        if milp_times.is_empty() {
            milp_times.push(Duration::ZERO);
        }
        let (engine, milp) = (median(engine_times), median(milp_times));
        println!(
            "| {offers} | {components} | {} | {:.2} ms | {:.2} ms | {:.1}x | {} |",
            match objective {
                Objective::Cost => "cost",
                Objective::Carbon => "carbon",
            },
            engine.as_secs_f64() * 1e3,
            milp.as_secs_f64() * 1e3,
            milp.as_secs_f64() / engine.as_secs_f64(),
            engine_optimum.map_or("infeasible".to_owned(), |v| v.to_string()),
        );
    }
}
