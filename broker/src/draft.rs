//! A tenant's saved blueprints: named drafts its members compose, list, export and import.

use crate::account::typed_id;
use serde::{Deserialize, Serialize};

typed_id!(
    /// A blueprint draft of a tenant.
    DraftId
);

/// One draft as the tenant's list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftSummary {
    pub id: DraftId,
    pub name: String,
    pub components: usize,
    /// Unix seconds.
    pub updated_at: i64,
}
