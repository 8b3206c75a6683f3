//! A good starting provider set: greedy addition, then swaps while they help.
//!
//! The sum minimised is each unit's least cost over the set, which ignores offers' capacities
//! and distinct groups: the set is only a guess for the first plan, and the branch and bound
//! stays exact whatever it is.

use super::Table;

/// Each unit's least and second least cost over `set`, and the provider of the least.
fn levels(table: &Table, set: &[usize]) -> (Vec<i64>, Vec<i64>, Vec<usize>) {
    let mut first = vec![super::INF; table.units];
    let mut second = first.clone();
    let mut owner = vec![usize::MAX; table.units];
    for &p in set {
        for (i, &c) in table.column(p).iter().enumerate() {
            if c < first[i] {
                second[i] = first[i];
                first[i] = c;
                owner[i] = p;
            } else if c < second[i] {
                second[i] = c;
            }
        }
    }
    (first, second, owner)
}

fn total(values: impl Iterator<Item = i64>) -> i64 {
    values.fold(0i64, i64::saturating_add)
}

/// At most `max` providers among `available`, chosen for a low sum of unit costs.
pub(super) fn greedy(table: &Table, max: usize, available: &[bool]) -> Vec<usize> {
    let mut set: Vec<usize> = Vec::with_capacity(max);
    let mut least = vec![super::INF; table.units];
    while set.len() < max {
        let current = total(least.iter().copied());
        let best = (0..table.providers)
            .filter(|&p| available[p] && !set.contains(&p))
            .map(|p| {
                let column = table.column(p);
                let sum = total(least.iter().zip(column).map(|(&a, &b)| a.min(b)));
                (sum, p)
            })
            .min();
        match best {
            Some((sum, p)) if sum < current => {
                set.push(p);
                for (l, &c) in least.iter_mut().zip(table.column(p)) {
                    *l = (*l).min(c);
                }
            }
            _ => break,
        }
    }
    // Swaps: the best exchange of one chosen provider for another, while the sum drops.
    for _ in 0..4 * table.providers {
        let (first, second, owner) = levels(table, &set);
        let current = total(first.iter().copied());
        let mut best: Option<(i64, usize, usize)> = None;
        for (k, &q) in set.iter().enumerate() {
            for p in (0..table.providers).filter(|&p| available[p] && !set.contains(&p)) {
                let column = table.column(p);
                let sum = total((0..table.units).map(|i| {
                    let without = if owner[i] == q { second[i] } else { first[i] };
                    without.min(column[i])
                }));
                if sum < current && best.is_none_or(|(s, _, _)| sum < s) {
                    best = Some((sum, k, p));
                }
            }
        }
        match best {
            Some((_, k, p)) => set[k] = p,
            None => break,
        }
    }
    set.sort_unstable();
    set
}

/// Starting multipliers: each unit's least cost over `set` (capped by its largest cost).
pub(super) fn multipliers(table: &Table, set: &[usize]) -> Vec<f64> {
    let (first, _, _) = levels(table, set);
    first
        .iter()
        .zip(&table.top)
        .map(|(&f, &top)| f.min(top) as f64)
        .collect()
}
