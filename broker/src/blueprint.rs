//! A tenant's saved blueprints, which its members compose, list, export and import, and
//! the size a blueprint may have in the marketplace.

use crate::format::Blueprint;
use crate::ids::typed_id;
use serde::{Deserialize, Serialize};

typed_id!(
    /// A saved blueprint of a tenant.
    BlueprintId
);

/// One saved blueprint as the tenant's list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlueprintSummary {
    pub id: BlueprintId,
    pub name: String,
    pub components: usize,
    /// Unix seconds.
    pub updated_at: i64,
}

/// The most components a blueprint may have in the marketplace, as a draft or a plan request.
/// The templates have at most six and a composed service a few dozen; a hundred leaves room for
/// those while every plan is answered within the planner's budget. The command line plans
/// blueprints of any size.
pub const MAX_COMPONENTS: usize = 100;

/// The most component names a blueprint's `same_provider` groups may hold together, and the
/// same for its `distinct_providers` groups: each group is weighed on its own when a plan is
/// infeasible, so their number bounds that work as the components bound the search.
pub const MAX_GROUP_NAMES: usize = 5 * MAX_COMPONENTS;

/// Why the marketplace does not take a blueprint of this size.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SizeError {
    #[error("the blueprint has {count} components; the marketplace plans at most {MAX_COMPONENTS}")]
    TooManyComponents { count: usize },
    #[error(
        "the blueprint's {constraint} groups name {count} components in all; the marketplace takes at most {MAX_GROUP_NAMES}"
    )]
    TooManyGroupNames {
        constraint: &'static str,
        count: usize,
    },
}

impl SizeError {
    /// The limit the blueprint is over.
    pub fn limit(&self) -> usize {
        match self {
            SizeError::TooManyComponents { .. } => MAX_COMPONENTS,
            SizeError::TooManyGroupNames { .. } => MAX_GROUP_NAMES,
        }
    }
}

/// The names `groups` hold together.
pub fn group_names(groups: &[Vec<String>]) -> usize {
    groups.iter().map(Vec::len).sum()
}

/// Whether the marketplace takes a blueprint of this size.
pub fn check_size(blueprint: &Blueprint) -> Result<(), SizeError> {
    let count = blueprint.components().len();
    if count > MAX_COMPONENTS {
        return Err(SizeError::TooManyComponents { count });
    }
    let constraints = blueprint.constraints();
    for (constraint, groups) in [
        ("same_provider", constraints.same_provider()),
        ("distinct_providers", constraints.distinct_providers()),
    ] {
        let count = group_names(groups);
        if count > MAX_GROUP_NAMES {
            return Err(SizeError::TooManyGroupNames { constraint, count });
        }
    }
    Ok(())
}

/// Whether the marketplace takes the blueprint document `text` in, by its size; a document that
/// does not read as a blueprint is left to the format's own error.
pub fn check_document_size(text: &str) -> Result<(), SizeError> {
    Blueprint::from_json(text).map_or(Ok(()), |blueprint| check_size(&blueprint))
}
