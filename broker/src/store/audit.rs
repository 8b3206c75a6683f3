//! The audit log's entries: appended in the transaction of the action they record, and read back
//! newest first, filtered and paged in SQL, by the operator (every entry) or within one
//! organisation's or provider's scope (the entries that concern it, the scope compared inside
//! the query).
//!
//! Entries are only ever inserted. Appends are serialised through the one row of `audit_head`:
//! the `UPDATE … RETURNING` that numbers an entry locks that row until the transaction ends (on
//! SQLite, `BEGIN IMMEDIATE` already serialises writers), so two entries never share a
//! predecessor. An append is the last statement of its transaction, so the lock is held only
//! for the commit, and never while waiting for another row.

use super::{Store, StoreError};
use crate::account::{TenantId, UserId};
use crate::audit::{ActionKind, Capacity, Entry, Filter, Listed, Record, Scope};
use crate::catalog::ProviderId;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

const COLUMNS: &str = "a.seq, a.at, a.actor_user, a.capacity, a.tenant_id, a.provider_id, \
                       a.address, a.agent, a.action, a.detail, a.prev_hash, a.hash";

/// Appends the entry of `record` inside `tx`; the last statement of `tx` before its commit.
pub(super) async fn append(
    tx: &mut Transaction<'static, Any>,
    record: &Record,
) -> Result<(), StoreError> {
    let Record { actor, action, at } = record;
    let (seq, prev_hash): (i64, String) =
        sqlx::query_as("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
            .fetch_one(&mut **tx)
            .await?;
    let entry = Entry::next(seq - 1, &prev_hash, actor, action, *at);
    sqlx::query(
        "INSERT INTO audit_entries (seq, at, actor_user, capacity, tenant_id, provider_id, \
         address, agent, action, detail, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(entry.seq)
    .bind(entry.at)
    .bind(entry.user.map(UserId::get))
    .bind(entry.capacity.as_str())
    .bind(entry.tenant.map(TenantId::get))
    .bind(entry.provider.map(ProviderId::get))
    .bind(&entry.address)
    .bind(&entry.agent)
    .bind(entry.action.as_str())
    .bind(&entry.detail)
    .bind(&entry.prev_hash)
    .bind(&entry.hash)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(&entry.hash)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A value bound to a filter's placeholder.
enum Bound {
    Int(i64),
    Text(String),
}

impl Store {
    /// Records `record` in a transaction of its own: for actions that write nothing
    /// else (a log-in, a refused log-in).
    pub async fn record_audit(&self, record: &Record) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        append(&mut tx, record).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The entries within `scope` that `filter` keeps, numbered below `before` (every entry
    /// when `None`), newest first, at most `limit`; none unless `reader` reaches the scope (the
    /// operator the marketplace, an owner or admin their organisation, an owner their provider).
    pub async fn audit_entries(
        &self,
        reader: UserId,
        scope: Scope,
        filter: &Filter,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<Listed>, StoreError> {
        // The reader's reach first: $1 is the reader, $2 the scope's organisation or provider.
        let (reach, scoped) = match scope {
            Scope::Marketplace => (
                "EXISTS (SELECT 1 FROM users r WHERE r.id = $1 AND r.is_operator = 1) \
                 AND 0 = $2",
                0,
            ),
            Scope::Tenant(tenant) => (
                "a.tenant_id = $2 AND EXISTS (SELECT 1 FROM memberships r \
                 WHERE r.tenant_id = $2 AND r.user_id = $1 AND r.role IN ('owner', 'admin'))",
                tenant.get(),
            ),
            Scope::Provider(provider) => (
                "a.provider_id = $2 AND EXISTS (SELECT 1 FROM provider_members r \
                 WHERE r.provider_id = $2 AND r.user_id = $1 AND r.role = 'owner')",
                provider.get(),
            ),
        };
        let mut conditions = vec![reach.to_owned()];
        let mut bound = vec![Bound::Int(reader.get()), Bound::Int(scoped)];
        let mut keep = |condition: &str, value: Bound| {
            bound.push(value);
            conditions.push(condition.replace('?', &format!("${}", bound.len())));
        };
        if let Some(email) = &filter.actor {
            keep(
                "a.actor_user IN (SELECT id FROM users WHERE email = ?)",
                Bound::Text(email.clone()),
            );
        }
        if let Some(tenant) = filter.tenant {
            keep("a.tenant_id = ?", Bound::Int(tenant.get()));
        }
        if let Some(provider) = filter.provider {
            keep("a.provider_id = ?", Bound::Int(provider.get()));
        }
        if let Some(action) = filter.action {
            keep("a.action = ?", Bound::Text(action.as_str().to_owned()));
        }
        if let Some(from) = filter.from {
            keep("a.at >= ?", Bound::Int(from));
        }
        if let Some(until) = filter.until {
            keep("a.at < ?", Bound::Int(until));
        }
        if let Some(before) = before {
            keep("a.seq < ?", Bound::Int(before));
        }
        let filtered = conditions.join(" AND ");
        let sql = format!(
            "SELECT {COLUMNS}, u.email AS actor_email, t.name AS tenant_name, \
             p.legal_name AS provider_name FROM audit_entries a \
             LEFT JOIN users u ON u.id = a.actor_user \
             LEFT JOIN tenants t ON t.id = a.tenant_id \
             LEFT JOIN providers p ON p.id = a.provider_id \
             WHERE {filtered} ORDER BY a.seq DESC LIMIT {limit}"
        );
        let mut query = sqlx::query(&sql);
        for value in bound {
            query = match value {
                Bound::Int(value) => query.bind(value),
                Bound::Text(value) => query.bind(value),
            };
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| {
                Ok(Listed {
                    entry: entry_from_row(row)?,
                    actor_email: row.try_get("actor_email")?,
                    tenant_name: row.try_get("tenant_name")?,
                    provider_name: row.try_get("provider_name")?,
                })
            })
            .collect()
    }

    /// The entries numbered after `after`, oldest first, at most `limit`: the chain, a page at
    /// a time.
    pub async fn audit_chain(&self, after: i64, limit: u32) -> Result<Vec<Entry>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM audit_entries a WHERE a.seq > $1 ORDER BY a.seq LIMIT {limit}"
        );
        let rows = sqlx::query(&sql).bind(after).fetch_all(&self.pool).await?;
        rows.iter().map(entry_from_row).collect()
    }

    /// The number and hash of the last entry, kept apart from the chain.
    pub async fn audit_head(&self) -> Result<(i64, String), StoreError> {
        Ok(
            sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
                .fetch_one(&self.pool)
                .await?,
        )
    }
}

fn entry_from_row(row: &AnyRow) -> Result<Entry, StoreError> {
    let capacity: String = row.try_get("capacity")?;
    let action: String = row.try_get("action")?;
    Ok(Entry {
        seq: row.try_get("seq")?,
        at: row.try_get("at")?,
        user: row
            .try_get::<Option<i64>, _>("actor_user")?
            .map(UserId::new),
        capacity: Capacity::parse(&capacity)
            .ok_or(StoreError::Corrupt("audit_entries.capacity"))?,
        tenant: row
            .try_get::<Option<i64>, _>("tenant_id")?
            .map(TenantId::new),
        provider: row
            .try_get::<Option<i64>, _>("provider_id")?
            .map(ProviderId::new),
        address: row.try_get("address")?,
        agent: row.try_get("agent")?,
        action: ActionKind::parse(&action).ok_or(StoreError::Corrupt("audit_entries.action"))?,
        detail: row.try_get("detail")?,
        prev_hash: row.try_get("prev_hash")?,
        hash: row.try_get("hash")?,
    })
}
