//! The texts of the blueprint form's fields: lists, groups, whole numbers and decimals read, and
//! written back from a blueprint.

use super::BlueprintInputError;
use crate::search::fixed_point;
use std::collections::BTreeSet;

pub(super) fn list(raw: &str) -> Vec<String> {
    raw.split([',', '\n'])
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Country codes, upper-cased (`fr` is `FR`); `None` when blank.
pub(super) fn country_list(raw: &str) -> Result<Option<Vec<String>>, BlueprintInputError> {
    let codes = list(raw);
    if codes.is_empty() {
        return Ok(None);
    }
    codes
        .into_iter()
        .map(|code| {
            let code = code.to_ascii_uppercase();
            if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) {
                Ok(code)
            } else {
                Err(BlueprintInputError::Country)
            }
        })
        .collect::<Result<_, _>>()
        .map(Some)
}

/// Groups of component names: `web, cache; db` or one group per line.
pub(super) fn groups(raw: &str) -> Vec<Vec<String>> {
    raw.split([';', '\n'])
        .map(|group| {
            group
                .split(',')
                .map(str::trim)
                .filter(|name| !name.is_empty())
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|group| !group.is_empty())
        .collect()
}

pub(super) fn groups_text(groups: &[Vec<String>]) -> String {
    groups
        .iter()
        .map(|group| group.join(", "))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A whole number of `min` or more; `None` when blank.
pub(super) fn whole(raw: &str, min: u64) -> Result<Option<u64>, BlueprintInputError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse::<u64>()
        .ok()
        .filter(|n| *n >= min)
        .map(Some)
        .ok_or(BlueprintInputError::Quantity)
}

/// A non-negative decimal with at most `scale` decimals, in its smallest unit; `None` when blank.
pub(super) fn scaled(
    raw: &str,
    scale: u32,
    problem: BlueprintInputError,
) -> Result<Option<u64>, BlueprintInputError> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    fixed_point(&Some(raw.to_owned()), scale)
        .and_then(|n| u64::try_from(n).ok())
        .map(Some)
        .ok_or(problem)
}

/// `25000` hundredths as `250.00`.
pub(super) fn money(minor: u64) -> String {
    format!("{}.{:02}", minor / 100, minor % 100)
}

/// `12500` grams as `12.5` kilograms.
pub(super) fn kilograms(grams: u64) -> String {
    let text = format!("{}.{:03}", grams / 1000, grams % 1000);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

pub(super) fn joined<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items.into_iter().collect::<Vec<_>>().join(", ")
}

/// What is wrong with a constraint's groups, given the components' names.
pub(super) fn group_problem(
    groups: &[Vec<String>],
    names: &BTreeSet<&str>,
) -> Option<BlueprintInputError> {
    for group in groups {
        let mut seen = BTreeSet::new();
        for name in group {
            if !names.contains(name.as_str()) {
                return Some(BlueprintInputError::UnknownComponent);
            }
            if !seen.insert(name) {
                return Some(BlueprintInputError::RepeatedInGroup);
            }
        }
    }
    None
}
