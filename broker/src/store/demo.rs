//! What the demo loader asks the database before it writes anything.

use super::{Store, StoreError};

impl Store {
    /// Whether any provider exists, whatever its status: the demo only loads into a
    /// marketplace that has none.
    pub async fn has_providers(&self) -> Result<bool, StoreError> {
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM providers LIMIT 1")
            .fetch_optional(&self.pool)
            .await?;
        Ok(found.is_some())
    }
}
