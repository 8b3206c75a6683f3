//! Contracts: preparing one from a quote, reading it with its signature, events and orders, and
//! a tenant's contracts and monthly commitment.
//!
//! Every read on behalf of a person names the tenant and repeats the caller's membership inside
//! the query, so a forged contract id finds nothing.

use super::events::append_event;
use super::signatures::signature_from_row;
use super::{Store, StoreError, placeholders, tenant_member, unique_violation};
use crate::account::{TenantId, UserId};
use crate::catalog::ProviderId;
use crate::contract::events::{self, ContractEvent, EventPayload};
use crate::contract::{
    Commitment, ContractDocument, ContractId, ContractStatus, ContractSummary, ProviderParty,
    Signature,
};
use crate::money::{Currency, Money};
use crate::provisioning::{InstanceId, OfferRef, Order, ProvisionRequest, ResourceState};
use crate::quote::QuoteId;
use sqlx::Row;
use sqlx::any::AnyRow;

pub use super::signatures::SignWriteError;

/// A stored contract as its tenant's members read it.
#[derive(Clone, Debug)]
pub struct StoredContract {
    pub document: ContractDocument,
    pub status: ContractStatus,
    pub head_hash: Option<String>,
    pub signature: Option<Signature>,
    pub events: Vec<ContractEvent>,
    /// One per line once signed, in line order.
    pub orders: Vec<Order>,
}

/// The lines of the signed and active contracts of the tenant `$1` whose resource is not
/// terminated: what it is committed to each month.
pub(super) const RUNNING_LINES: &str = "FROM contracts c JOIN orders o ON o.contract_id = c.id \
     JOIN quote_lines l ON l.quote_id = c.quote_id AND l.position = o.line \
     WHERE c.tenant_id = $1 AND c.status IN ('signed', 'active') AND o.state <> 'terminated'";

impl Store {
    /// The legal name of a tenant and the parties of `providers`.
    pub async fn parties(
        &self,
        tenant: TenantId,
        providers: &[ProviderId],
    ) -> Result<(Option<String>, Vec<ProviderParty>), StoreError> {
        let tenant_name: Option<String> =
            sqlx::query_scalar("SELECT name FROM tenants WHERE id = $1")
                .bind(tenant.get())
                .fetch_optional(&self.pool)
                .await?;
        let mut parties = Vec::new();
        if !providers.is_empty() {
            let sql = format!(
                "SELECT id, slug, legal_name FROM providers WHERE id IN ({}) ORDER BY id",
                placeholders(1, providers.len())
            );
            let mut query = sqlx::query(&sql);
            for provider in providers {
                query = query.bind(provider.get());
            }
            for row in query.fetch_all(&self.pool).await? {
                parties.push(ProviderParty {
                    id: ProviderId::new(row.try_get("id")?),
                    slug: row.try_get("slug")?,
                    legal_name: row.try_get("legal_name")?,
                });
            }
        }
        Ok((tenant_name, parties))
    }

    /// The last contract prepared from a quote of `tenant` (the caller reached the quote through
    /// its tenant).
    pub async fn contract_of_quote(
        &self,
        tenant: TenantId,
        quote: QuoteId,
    ) -> Result<Option<ContractId>, StoreError> {
        let id: Option<i64> =
            sqlx::query_scalar("SELECT id FROM contracts WHERE quote_id = $1 AND tenant_id = $2")
                .bind(quote.get())
                .bind(tenant.get())
                .fetch_optional(&self.pool)
                .await?;
        Ok(id.map(ContractId::new))
    }

    /// Stores a contract prepared from `quote`, and its `Created` event, in one transaction.
    /// `document` receives the new contract's id and gives the document to store. A quote that
    /// already has a contract is `Duplicate("contract")`: one quote, one contract, whatever the
    /// concurrency.
    pub async fn insert_contract<E>(
        &self,
        tenant: TenantId,
        quote: QuoteId,
        by: UserId,
        now: i64,
        document: impl FnOnce(ContractId) -> Result<ContractDocument, E>,
    ) -> Result<Result<ContractId, E>, StoreError> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO contracts (quote_id, tenant_id, status, canonical, sha256, prepared_by, \
             created_at) VALUES ($1, $2, $3, '', '', $4, $5) RETURNING id",
        )
        .bind(quote.get())
        .bind(tenant.get())
        .bind(ContractStatus::AwaitingSignature.as_str())
        .bind(by.get())
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(|err| unique_violation(err, "contract"))?;
        let id = ContractId::new(id);
        let document = match document(id) {
            Ok(document) => document,
            Err(err) => return Ok(Err(err)),
        };
        let sha256 = document.sha256();
        sqlx::query("UPDATE contracts SET canonical = $1, sha256 = $2 WHERE id = $3")
            .bind(document.canonical())
            .bind(&sha256)
            .bind(id.get())
            .execute(&mut *tx)
            .await?;
        let payload = EventPayload::Created(events::Creation {
            by,
            document_sha256: sha256,
        });
        append_event(&mut tx, id, &payload, now).await?;
        tx.commit().await?;
        Ok(Ok(id))
    }

    /// A contract of `tenant` with its signature and events, when `user` is one of its members.
    pub async fn contract(
        &self,
        user: UserId,
        tenant: TenantId,
        id: ContractId,
    ) -> Result<Option<StoredContract>, StoreError> {
        let member = tenant_member(2, 3);
        let Some(row) = sqlx::query(&format!(
            "SELECT canonical, status, head_hash FROM contracts \
             WHERE id = $1 AND tenant_id = $2 AND {member}"
        ))
        .bind(id.get())
        .bind(tenant.get())
        .bind(user.get())
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let document = ContractDocument::from_canonical(&row.try_get::<String, _>("canonical")?)
            .map_err(|_| StoreError::Corrupt("contracts.canonical"))?;
        let status = ContractStatus::parse(&row.try_get::<String, _>("status")?)
            .ok_or(StoreError::Corrupt("contracts.status"))?;
        let signature = sqlx::query(
            "SELECT user_id, role, signed_at, address, user_agent, document_sha256 \
             FROM signatures WHERE contract_id = $1",
        )
        .bind(id.get())
        .fetch_optional(&self.pool)
        .await?
        .map(|row| signature_from_row(&row))
        .transpose()?;
        Ok(Some(StoredContract {
            document,
            status,
            head_hash: row.try_get("head_hash")?,
            signature,
            events: self.events_of(id).await?,
            orders: self.orders_of(id).await?,
        }))
    }

    /// The contracts of `tenant`, newest first, when `user` is one of its members: each with its
    /// service's name and the monthly totals of its lines.
    pub async fn contracts_of(
        &self,
        user: UserId,
        tenant: TenantId,
    ) -> Result<Vec<ContractSummary>, StoreError> {
        let member = tenant_member(1, 2);
        let rows = sqlx::query(&contract_summaries(&format!(
            "c.tenant_id = $1 AND {member}"
        )))
        .bind(tenant.get())
        .bind(user.get())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(contract_summary).collect()
    }

    /// What `tenant` is committed to each month: the lines of its signed and active contracts
    /// whose resource is not terminated, when `user` is one of its members (nothing otherwise).
    pub async fn committed(
        &self,
        user: UserId,
        tenant: TenantId,
    ) -> Result<Commitment, StoreError> {
        let member = tenant_member(1, 2);
        let rows = sqlx::query(&format!(
            "SELECT l.currency, CAST(SUM(l.unit_price_minor * l.quantity) AS BIGINT) AS monthly_minor, \
             CAST(SUM(l.carbon_g_month * l.quantity) AS BIGINT) AS carbon_g_month \
             {RUNNING_LINES} AND {member} GROUP BY l.currency"
        ))
        .bind(tenant.get())
        .bind(user.get())
        .fetch_all(&self.pool)
        .await?;
        // Plans use only offers priced in the marketplace currency, so lines come in that one.
        match rows.as_slice() {
            [] => Ok(Commitment::nothing()),
            [row] => Ok(Commitment {
                monthly: Money::new(
                    row.try_get("monthly_minor")?,
                    Currency::parse(&row.try_get::<String, _>("currency")?)
                        .map_err(|_| StoreError::Corrupt("quote_lines.currency"))?,
                ),
                carbon_g_month: row.try_get("carbon_g_month")?,
            }),
            _ => Err(StoreError::Corrupt("quote_lines.currency")),
        }
    }

    /// The orders of a contract, in line order (the caller reached the contract through its
    /// tenant).
    async fn orders_of(&self, contract: ContractId) -> Result<Vec<Order>, StoreError> {
        let rows = sqlx::query(
            "SELECT line, instance_id, provider_id, provider_slug, offer_external_id, \
             offer_version, quantity, state FROM orders WHERE contract_id = $1 ORDER BY line",
        )
        .bind(contract.get())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| order_from_row(contract, row))
            .collect()
    }
}

/// An order read from a row that has the `orders` columns of a line and its request.
pub(super) fn order_from_row(contract: ContractId, row: &AnyRow) -> Result<Order, StoreError> {
    Ok(Order {
        contract,
        line: u32::try_from(row.try_get::<i64, _>("line")?)
            .map_err(|_| StoreError::Corrupt("orders.line"))?,
        request: ProvisionRequest {
            instance: InstanceId::parse(&row.try_get::<String, _>("instance_id")?)
                .ok_or(StoreError::Corrupt("orders.instance_id"))?,
            offer: OfferRef {
                provider: ProviderId::new(row.try_get("provider_id")?),
                provider_slug: row.try_get("provider_slug")?,
                external_id: row.try_get("offer_external_id")?,
                version: row.try_get("offer_version")?,
            },
            quantity: row.try_get("quantity")?,
        },
        state: ResourceState::parse(&row.try_get::<String, _>("state")?)
            .ok_or(StoreError::Corrupt("orders.state"))?,
    })
}

/// The query of contract summaries, newest first, of the contracts `condition` keeps (on `c`).
pub(super) fn contract_summaries(condition: &str) -> String {
    format!(
        "SELECT c.id, c.status, c.created_at, q.blueprint, CAST(COUNT(l.position) AS BIGINT) AS lines, \
         CAST(SUM(l.unit_price_minor * l.quantity) AS BIGINT) AS monthly_minor, \
         CAST(SUM(l.carbon_g_month * l.quantity) AS BIGINT) AS carbon_g_month, MIN(l.currency) AS currency \
         FROM contracts c JOIN quotes q ON q.id = c.quote_id \
         JOIN quote_lines l ON l.quote_id = q.id \
         WHERE {condition} \
         GROUP BY c.id, c.status, c.created_at, q.blueprint ORDER BY c.id DESC"
    )
}

/// A row of [`contract_summaries`].
pub(super) fn contract_summary(row: &AnyRow) -> Result<ContractSummary, StoreError> {
    Ok(ContractSummary {
        id: ContractId::new(row.try_get("id")?),
        status: ContractStatus::parse(&row.try_get::<String, _>("status")?)
            .ok_or(StoreError::Corrupt("contracts.status"))?,
        service: row.try_get("blueprint")?,
        created_at: row.try_get("created_at")?,
        lines: row.try_get("lines")?,
        monthly: Money::new(
            row.try_get("monthly_minor")?,
            Currency::parse(&row.try_get::<String, _>("currency")?)
                .map_err(|_| StoreError::Corrupt("quote_lines.currency"))?,
        ),
        carbon_g_month: row.try_get("carbon_g_month")?,
    })
}
