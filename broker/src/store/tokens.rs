//! Provider API tokens.
//!
//! Creating, listing and revoking are for the provider's members: the membership test is part of
//! each of those queries, so a forged provider or token id finds nothing. A token presented to
//! the API is found by its hash alone, only while it is not revoked, and its last use is kept to
//! the minute.

use super::{Store, StoreError, provider_member, unique_violation};
use crate::account::UserId;
use crate::audit::Record;
use crate::catalog::ProviderId;
use crate::reports::{LAST_USE_STEP, ProviderToken, ProviderTokenId, TokenHash, TokenName};
use sqlx::Row;

impl Store {
    /// Records a token of `provider` named `name` by its hash, and `record` of its id, when
    /// `member` is one of the provider's members (`None` otherwise, nothing written).
    pub async fn create_provider_token(
        &self,
        member: UserId,
        provider: ProviderId,
        name: &TokenName,
        hash: &TokenHash,
        now: i64,
        record: impl FnOnce(ProviderTokenId) -> Record,
    ) -> Result<Option<ProviderTokenId>, StoreError> {
        let mut tx = self.begin_write().await?;
        let id: Option<i64> = sqlx::query_scalar(&format!(
            "INSERT INTO provider_tokens (provider_id, name, token_sha256, created_by, created_at) \
             SELECT $1, $2, $3, $4, $5 WHERE {} RETURNING id",
            provider_member("$1", 4)
        ))
        .bind(provider.get())
        .bind(name.as_str())
        .bind(hash.as_str())
        .bind(member.get())
        .bind(now)
        .fetch_optional(&mut *tx)
        .await
        .map_err(|err| unique_violation(err, "token"))?;
        let Some(id) = id.map(ProviderTokenId::new) else {
            return Ok(None);
        };
        super::audit::append(&mut tx, &record(id)).await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    /// The tokens of `provider`, newest first, for its members only (empty for anyone else).
    pub async fn provider_tokens(
        &self,
        member: UserId,
        provider: ProviderId,
    ) -> Result<Vec<ProviderToken>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT t.id, t.name, t.created_at, t.last_used_at, t.revoked_at \
             FROM provider_tokens t WHERE t.provider_id = $1 AND {} \
             ORDER BY t.created_at DESC, t.id DESC",
            provider_member("t.provider_id", 2)
        ))
        .bind(provider.get())
        .bind(member.get())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ProviderToken {
                    id: ProviderTokenId::new(row.try_get("id")?),
                    name: row.try_get("name")?,
                    created_at: row.try_get("created_at")?,
                    last_used_at: row.try_get("last_used_at")?,
                    revoked_at: row.try_get("revoked_at")?,
                })
            })
            .collect()
    }

    /// Revokes `token` of `provider` at `now`, when `member` is one of its members; a token
    /// revoked already keeps the time it was first revoked. False when no such token is in reach.
    pub async fn revoke_provider_token(
        &self,
        member: UserId,
        provider: ProviderId,
        token: ProviderTokenId,
        record: &Record,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let revoked: Option<Option<i64>> = sqlx::query_scalar(&format!(
            "SELECT revoked_at FROM provider_tokens \
             WHERE id = $1 AND provider_id = $2 AND {}",
            provider_member("provider_tokens.provider_id", 3)
        ))
        .bind(token.get())
        .bind(provider.get())
        .bind(member.get())
        .fetch_optional(&mut *tx)
        .await?;
        match revoked {
            None => return Ok(false),
            Some(Some(_)) => return Ok(true),
            Some(None) => {}
        }
        sqlx::query("UPDATE provider_tokens SET revoked_at = $1 WHERE id = $2")
            .bind(record.at)
            .bind(token.get())
            .execute(&mut *tx)
            .await?;
        super::audit::append(&mut tx, record).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The provider of the token whose hash is `hash`, if it is not revoked; its last use
    /// becomes `now` when the one recorded is [`LAST_USE_STEP`] seconds old or more.
    pub async fn use_provider_token(
        &self,
        hash: &TokenHash,
        now: i64,
    ) -> Result<Option<ProviderId>, StoreError> {
        let row = sqlx::query(
            "SELECT id, provider_id, last_used_at FROM provider_tokens \
             WHERE token_sha256 = $1 AND revoked_at IS NULL",
        )
        .bind(hash.as_str())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let last_used: Option<i64> = row.try_get("last_used_at")?;
        if last_used.is_none_or(|at| now - at >= LAST_USE_STEP) {
            sqlx::query(
                "UPDATE provider_tokens SET last_used_at = $1 \
                 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $1)",
            )
            .bind(now)
            .bind(row.try_get::<i64, _>("id")?)
            .execute(&self.pool)
            .await?;
        }
        Ok(Some(ProviderId::new(row.try_get("provider_id")?)))
    }
}

#[cfg(test)]
mod tests {
    use super::provider_member;

    #[test]
    fn the_member_test_names_the_provider_and_user_it_is_given() {
        assert_eq!(
            provider_member("t.provider_id", 2),
            "EXISTS (SELECT 1 FROM provider_members pm WHERE pm.provider_id = t.provider_id \
             AND pm.user_id = $2)"
        );
    }
}
