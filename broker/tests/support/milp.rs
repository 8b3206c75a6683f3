//! The placement problem as a mixed-integer linear program, solved by `good_lp` with the pure-Rust
//! `microlp` backend: an independent exact optimum to compare the engine with.

use std::collections::{BTreeMap, BTreeSet};

use broker::format::{Blueprint, Catalog, Objective};
use good_lp::{Expression, Solution, SolverModel, Variable, microlp, variable, variables};

use super::spec;

/// The optimal value of the blueprint's objective, or `None` when no plan is feasible.
pub fn optimum(catalog: &Catalog, blueprint: &Blueprint) -> Option<u64> {
    let offers = catalog.offers();
    let components = blueprint.components();
    let constraints = blueprint.constraints();
    let fitting = spec::fitting(catalog, blueprint);
    let index = |name: &String| components.iter().position(|c| c.name() == name);
    let provider = |o: usize| offers[o].provider().as_str();

    let mut vars = variables!();
    // x[c] holds (offer, variable) for each offer that fits component c.
    let x: Vec<Vec<(usize, Variable)>> = fitting
        .iter()
        .map(|list| {
            list.iter()
                .map(|&o| (o, vars.add(variable().binary())))
                .collect()
        })
        .collect();
    let providers: BTreeSet<&str> = fitting.iter().flatten().map(|&o| provider(o)).collect();
    let y: BTreeMap<&str, Variable> = if constraints.max_providers().is_some() {
        providers
            .iter()
            .map(|&p| (p, vars.add(variable().binary())))
            .collect()
    } else {
        BTreeMap::new()
    };
    let amount = |c: usize, o: usize| {
        let q = components[c].quantity().get() as f64;
        (
            q * offers[o].monthly_price_minor() as f64,
            q * offers[o].carbon_g_month() as f64,
        )
    };
    let mut cost = Expression::with_capacity(0);
    let mut carbon = Expression::with_capacity(0);
    for (c, list) in x.iter().enumerate() {
        for &(o, v) in list {
            let (a, b) = amount(c, o);
            cost.add_mul(a, v);
            carbon.add_mul(b, v);
        }
    }
    // Sum of component c's variables at provider p.
    let at = |c: usize, p: &str| {
        let mut e = Expression::with_capacity(0);
        for &(o, v) in &x[c] {
            if provider(o) == p {
                e.add_mul(1.0, v);
            }
        }
        e
    };
    let objective = match blueprint.objective() {
        Objective::Cost => cost.clone(),
        Objective::Carbon => carbon.clone(),
    };
    let mut model = vars.minimise(objective).using(microlp);
    for list in &x {
        let mut one = Expression::with_capacity(list.len());
        for &(_, v) in list {
            one.add_mul(1.0, v);
        }
        model.add_constraint(one.eq(1.0));
    }
    if let Some(max) = constraints.max_providers() {
        let mut count = Expression::with_capacity(y.len());
        for (&p, &yp) in &y {
            count.add_mul(1.0, yp);
            for c in 0..components.len() {
                model.add_constraint(at(c, p).leq(yp));
            }
        }
        model.add_constraint(count.leq(max as f64));
    }
    for group in constraints.same_provider() {
        let members: Vec<usize> = group.iter().filter_map(index).collect();
        for pair in members.windows(2) {
            for &p in &providers {
                model.add_constraint(at(pair[0], p).eq(at(pair[1], p)));
            }
        }
    }
    for group in constraints.distinct_providers() {
        let members: Vec<usize> = group.iter().filter_map(index).collect();
        for &p in &providers {
            let mut e = Expression::with_capacity(0);
            for &c in &members {
                e += at(c, p);
            }
            model.add_constraint(e.leq(1.0));
        }
    }
    let mut load: BTreeMap<usize, Expression> = BTreeMap::new();
    for (c, list) in x.iter().enumerate() {
        for &(o, v) in list {
            if offers[o].capacity().is_some() {
                load.entry(o)
                    .or_insert_with(|| Expression::with_capacity(0))
                    .add_mul(components[c].quantity().get() as f64, v);
            }
        }
    }
    for (o, e) in load {
        if let Some(cap) = offers[o].capacity() {
            model.add_constraint(e.leq(cap as f64));
        }
    }
    if let Some(budget) = constraints.max_monthly_minor() {
        model.add_constraint(cost.leq(budget as f64));
    }
    if let Some(cap) = constraints.max_carbon_g_month() {
        model.add_constraint(carbon.leq(cap as f64));
    }
    let solution = model.solve().ok()?;
    let mut total = 0u64;
    for (c, list) in x.iter().enumerate() {
        for &(o, v) in list {
            if solution.value(v) > 0.5 {
                let (a, b) = amount(c, o);
                total += match blueprint.objective() {
                    Objective::Cost => a as u64,
                    Objective::Carbon => b as u64,
                };
            }
        }
    }
    Some(total)
}
