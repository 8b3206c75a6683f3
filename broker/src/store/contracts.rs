//! Quotes, contracts, signatures and the contract events' hash chains.
//!
//! Every read names the tenant and repeats the caller's membership inside the query, so a forged
//! quote or contract id finds nothing. Events are only ever inserted: nothing here updates or
//! deletes a `contract_events` row.
//!
//! The ledger keeps one chain per contract (`ledger::append` refuses a predecessor of another
//! contract). An event is appended in the transaction that changes its contract's row, after that
//! change: on PostgreSQL the row lock it takes makes a second writer of the same contract wait,
//! then find the contract changed; on SQLite `BEGIN IMMEDIATE` serialises writers. The unique
//! `(contract_id, seq)` is the backstop: two appends can never share a predecessor.

use super::{Store, StoreError, unique_violation};
use crate::account::{Role, TenantId, UserId};
use crate::catalog::{OfferId, ProviderId};
use crate::contract::{
    ContractDocument, ContractId, ContractStatus, ContractSummary, ProviderParty, Signature,
};
use crate::ledger::{self, ContractEvent, EventKind, EventPayload};
use crate::money::Currency;
use crate::provisioning::{InstanceId, OfferRef, Order, ProvisionRequest, ResourceState};
use crate::quote::{LineTerms, OfferNow, OfferSnapshot, Quote, QuoteId, QuoteTerms};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use std::collections::BTreeMap;

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

/// Why a signature could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SignWriteError {
    #[error("the contract no longer awaits a signature")]
    NotAwaitingSignature,
    #[error("offer {0} has not enough capacity left at its quoted version")]
    Capacity(OfferId),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for SignWriteError {
    fn from(err: sqlx::Error) -> Self {
        Self::Store(err.into())
    }
}

const MEMBER: &str =
    "EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = $2 AND m.user_id = $3)";
/// The same test for queries that bind the tenant first and the user second.
const TENANT_MEMBER: &str =
    "EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = $1 AND m.user_id = $2)";

impl Store {
    /// The role of `user` in `tenant`; `None` when not a member.
    pub async fn tenant_role(
        &self,
        user: UserId,
        tenant: TenantId,
    ) -> Result<Option<Role>, StoreError> {
        let role: Option<String> = sqlx::query_scalar(
            "SELECT role FROM memberships WHERE tenant_id = $1 AND user_id = $2",
        )
        .bind(tenant.get())
        .bind(user.get())
        .fetch_optional(&self.pool)
        .await?;
        role.map(|raw| Role::parse(&raw).ok_or(StoreError::Corrupt("memberships.role")))
            .transpose()
    }

    /// Adds `user` to `tenant` with `role`.
    pub async fn add_tenant_member(
        &self,
        tenant: TenantId,
        user: UserId,
        role: Role,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO memberships (tenant_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(tenant.get())
        .bind(user.get())
        .bind(role.as_str())
        .bind(now)
        .execute(&self.pool)
        .await
        .map_err(|err| super::unique_violation(err, "membership"))?;
        Ok(())
    }

    /// The current version of a published offer of an approved provider, by the ids a plan
    /// document uses (provider slug, offer external id).
    pub async fn offer_snapshot(
        &self,
        provider_slug: &str,
        external_id: &str,
    ) -> Result<Option<OfferSnapshot>, StoreError> {
        let row = sqlx::query(&format!(
            "{} WHERE p.slug = $1 AND offers.external_id = $2 AND offers.status = 'published' \
             AND p.status = 'approved'",
            super::catalog::LISTING
        ))
        .bind(provider_slug)
        .bind(external_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let listing = super::catalog::listing_from_row(&row)?;
        Ok(OfferSnapshot::from_listing(&listing))
    }

    /// The state of `ids` now; an offer is for sale when published by an approved provider.
    pub async fn offers_now(
        &self,
        ids: &[OfferId],
    ) -> Result<BTreeMap<OfferId, OfferNow>, StoreError> {
        if ids.is_empty() {
            return Ok(BTreeMap::new());
        }
        let sql = format!(
            "SELECT offers.id, offers.current_version, offers.capacity, \
             CASE WHEN offers.status = 'published' AND p.status = 'approved' THEN 1 ELSE 0 END \
             AS for_sale FROM offers JOIN providers p ON p.id = offers.provider_id \
             WHERE offers.id IN ({})",
            placeholders(ids.len())
        );
        let mut query = sqlx::query(&sql);
        for id in ids {
            query = query.bind(id.get());
        }
        let mut now = BTreeMap::new();
        for row in query.fetch_all(&self.pool).await? {
            now.insert(
                OfferId::new(row.try_get("id")?),
                OfferNow {
                    version: row.try_get("current_version")?,
                    published: row.try_get::<i64, _>("for_sale")? == 1,
                    capacity: row.try_get("capacity")?,
                },
            );
        }
        Ok(now)
    }

    /// Stores a quote with its lines.
    pub async fn insert_quote(&self, quote: &Quote, by: UserId) -> Result<QuoteId, StoreError> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO quotes (tenant_id, created_by, blueprint, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(quote.tenant().get())
        .bind(by.get())
        .bind(quote.blueprint())
        .bind(quote.created_at())
        .bind(quote.expires_at())
        .fetch_one(&mut *tx)
        .await?;
        for (position, line) in (0_i64..).zip(quote.lines()) {
            let offer = line.offer();
            sqlx::query(
                "INSERT INTO quote_lines (quote_id, position, component, quantity, offer_id, \
                 offer_external_id, offer_version, offer_name, unit, provider_id, provider_slug, \
                 currency, unit_price_minor, availability_bp, country, jurisdiction, carbon_g_month) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
            )
            .bind(id)
            .bind(position)
            .bind(line.component())
            .bind(line.quantity())
            .bind(offer.offer.get())
            .bind(&offer.external_id)
            .bind(offer.version)
            .bind(&offer.name)
            .bind(&offer.unit)
            .bind(offer.provider.get())
            .bind(&offer.provider_slug)
            .bind(offer.currency.as_str())
            .bind(offer.monthly_price_minor)
            .bind(i64::from(offer.availability_bp))
            .bind(&offer.country)
            .bind(&offer.jurisdiction)
            .bind(offer.carbon_g_month)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(QuoteId::new(id))
    }

    /// A quote of `tenant`, when `user` is one of its members.
    pub async fn quote(
        &self,
        user: UserId,
        tenant: TenantId,
        id: QuoteId,
    ) -> Result<Option<Quote>, StoreError> {
        let Some(row) = sqlx::query(&format!(
            "SELECT blueprint, created_at FROM quotes WHERE id = $1 AND tenant_id = $2 AND {MEMBER}"
        ))
        .bind(id.get())
        .bind(tenant.get())
        .bind(user.get())
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let lines = sqlx::query(&format!(
            "SELECT l.* FROM quote_lines l JOIN quotes q ON q.id = l.quote_id \
             WHERE l.quote_id = $1 AND q.tenant_id = $2 AND {MEMBER} ORDER BY l.position"
        ))
        .bind(id.get())
        .bind(tenant.get())
        .bind(user.get())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(line_from_row)
        .collect::<Result<_, _>>()?;
        Quote::new(QuoteTerms {
            tenant,
            blueprint: row.try_get("blueprint")?,
            created_at: row.try_get("created_at")?,
            lines,
        })
        .map(Some)
        .map_err(|_| StoreError::Corrupt("quote_lines"))
    }

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
                placeholders(providers.len())
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
        let payload = EventPayload::Created(ledger::Creation {
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
        let Some(row) = sqlx::query(&format!(
            "SELECT canonical, status, head_hash FROM contracts \
             WHERE id = $1 AND tenant_id = $2 AND {MEMBER}"
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

    /// Writes a signature in one transaction: the contract moves to signed (only from awaiting a
    /// signature), the capacity of every offer is reserved at its quoted version, the signature,
    /// the `Signed` event and the orders of its lines are recorded. Any failure leaves nothing
    /// behind.
    pub async fn write_signature(
        &self,
        tenant: TenantId,
        contract: ContractId,
        reserve: &BTreeMap<OfferId, (i64, i64)>,
        signature: &Signature,
        orders: &[Order],
    ) -> Result<(), SignWriteError> {
        let mut tx = self.begin_write().await?;
        let moved = sqlx::query(
            "UPDATE contracts SET status = $1 WHERE id = $2 AND tenant_id = $3 AND status = $4",
        )
        .bind(ContractStatus::Signed.as_str())
        .bind(contract.get())
        .bind(tenant.get())
        .bind(ContractStatus::AwaitingSignature.as_str())
        .execute(&mut *tx)
        .await?;
        if moved.rows_affected() != 1 {
            return Err(SignWriteError::NotAwaitingSignature);
        }
        // In offer id order, so that two signatures wanting the same offers cannot deadlock.
        for (offer, (version, quantity)) in reserve {
            let reserved = sqlx::query(
                "UPDATE offers SET capacity = capacity - $2 WHERE id = $1 \
                 AND current_version = $3 AND status = 'published' \
                 AND (capacity IS NULL OR capacity >= $2)",
            )
            .bind(offer.get())
            .bind(*quantity)
            .bind(*version)
            .execute(&mut *tx)
            .await?;
            if reserved.rows_affected() != 1 {
                return Err(SignWriteError::Capacity(*offer));
            }
        }
        sqlx::query(
            "INSERT INTO signatures (contract_id, user_id, role, signed_at, address, user_agent, \
             document_sha256) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(contract.get())
        .bind(signature.user.get())
        .bind(signature.role.as_str())
        .bind(signature.at)
        .bind(signature.address.to_string())
        .bind(&signature.user_agent)
        .bind(&signature.document_sha256)
        .execute(&mut *tx)
        .await?;
        for order in orders {
            let request = &order.request;
            sqlx::query(
                "INSERT INTO orders (contract_id, line, instance_id, provider_id, provider_slug, \
                 offer_external_id, offer_version, quantity, state, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(contract.get())
            .bind(i64::from(order.line))
            .bind(request.instance.as_str())
            .bind(request.offer.provider.get())
            .bind(&request.offer.provider_slug)
            .bind(&request.offer.external_id)
            .bind(request.offer.version)
            .bind(request.quantity)
            .bind(order.state.as_str())
            .bind(signature.at)
            .execute(&mut *tx)
            .await?;
        }
        let payload = EventPayload::Signed(signature.clone());
        append_event(&mut tx, contract, &payload, signature.at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The contracts of `tenant`, newest first, when `user` is one of its members: each with its
    /// service's name and the monthly totals of its lines.
    pub async fn contracts_of(
        &self,
        user: UserId,
        tenant: TenantId,
    ) -> Result<Vec<ContractSummary>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT c.id, c.status, c.created_at, q.blueprint, CAST(COUNT(l.position) AS BIGINT) AS lines, \
             CAST(SUM(l.unit_price_minor * l.quantity) AS BIGINT) AS monthly_minor, \
             CAST(SUM(l.carbon_g_month * l.quantity) AS BIGINT) AS carbon_g_month, MIN(l.currency) AS currency \
             FROM contracts c JOIN quotes q ON q.id = c.quote_id \
             JOIN quote_lines l ON l.quote_id = q.id \
             WHERE c.tenant_id = $1 AND {TENANT_MEMBER} \
             GROUP BY c.id, c.status, c.created_at, q.blueprint ORDER BY c.id DESC"
        ))
        .bind(tenant.get())
        .bind(user.get())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ContractSummary {
                    id: ContractId::new(row.try_get("id")?),
                    status: ContractStatus::parse(&row.try_get::<String, _>("status")?)
                        .ok_or(StoreError::Corrupt("contracts.status"))?,
                    service: row.try_get("blueprint")?,
                    created_at: row.try_get("created_at")?,
                    lines: row.try_get("lines")?,
                    monthly_minor: row.try_get("monthly_minor")?,
                    carbon_g_month: row.try_get("carbon_g_month")?,
                    currency: row.try_get("currency")?,
                })
            })
            .collect()
    }

    /// What `tenant` is committed to each month: the lines of its signed and active contracts
    /// whose resource is not terminated, as (money in minor units, grams of CO2e), when `user` is
    /// one of its members.
    pub async fn committed(
        &self,
        user: UserId,
        tenant: TenantId,
    ) -> Result<(i64, i64), StoreError> {
        let row = sqlx::query(&format!(
            "SELECT CAST(COALESCE(SUM(l.unit_price_minor * l.quantity), 0) AS BIGINT) AS monthly_minor, \
             CAST(COALESCE(SUM(l.carbon_g_month * l.quantity), 0) AS BIGINT) AS carbon_g_month \
             FROM contracts c JOIN orders o ON o.contract_id = c.id \
             JOIN quote_lines l ON l.quote_id = c.quote_id AND l.position = o.line \
             WHERE c.tenant_id = $1 AND {TENANT_MEMBER} \
             AND c.status IN ('signed', 'active') AND o.state <> 'terminated'"
        ))
        .bind(tenant.get())
        .bind(user.get())
        .fetch_one(&self.pool)
        .await?;
        Ok((
            row.try_get("monthly_minor")?,
            row.try_get("carbon_g_month")?,
        ))
    }

    /// Every contract's id and recorded head hash, by id.
    pub async fn contract_heads(&self) -> Result<Vec<(ContractId, Option<String>)>, StoreError> {
        let rows = sqlx::query("SELECT id, head_hash FROM contracts ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    ContractId::new(row.try_get("id")?),
                    row.try_get("head_hash")?,
                ))
            })
            .collect()
    }

    /// The events of one contract's chain, in `seq` order.
    pub async fn events_of(&self, contract: ContractId) -> Result<Vec<ContractEvent>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, contract_id, kind, payload, at, prev_hash, hash FROM contract_events \
             WHERE contract_id = $1 ORDER BY seq",
        )
        .bind(contract.get())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(event_from_row).collect()
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

    /// Events whose contract has no row: they cannot be checked against a head.
    pub async fn orphan_event_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM contract_events e \
             WHERE NOT EXISTS (SELECT 1 FROM contracts c WHERE c.id = e.contract_id)",
        )
        .fetch_one(&self.pool)
        .await?)
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

/// `$1, $2, …, $count`, the placeholders of an `IN` list.
fn placeholders(count: usize) -> String {
    (1..=count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Appends `payload` to `contract`'s chain inside `tx`, after the last event of that chain read in
/// the same transaction, and records the new head on the contract's row.
pub(super) async fn append_event(
    tx: &mut Transaction<'static, Any>,
    contract: ContractId,
    payload: &EventPayload,
    at: i64,
) -> Result<(), StoreError> {
    let prev = sqlx::query(
        "SELECT seq, contract_id, kind, payload, at, prev_hash, hash FROM contract_events \
         WHERE contract_id = $1 ORDER BY seq DESC LIMIT 1",
    )
    .bind(contract.get())
    .fetch_optional(&mut **tx)
    .await?
    .map(|row| event_from_row(&row))
    .transpose()?;
    let event = ledger::append(prev.as_ref(), contract, payload, at)
        .map_err(|_| StoreError::Corrupt("contract_events.contract_id"))?;
    sqlx::query(
        "INSERT INTO contract_events (contract_id, seq, kind, payload, at, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(contract.get())
    .bind(event.seq)
    .bind(event.kind.as_str())
    .bind(&event.payload)
    .bind(event.at)
    .bind(&event.prev_hash)
    .bind(&event.hash)
    .execute(&mut **tx)
    .await
    .map_err(|err| super::unique_violation(err, "contract event seq"))?;
    sqlx::query("UPDATE contracts SET head_hash = $1 WHERE id = $2")
        .bind(&event.hash)
        .bind(contract.get())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

fn event_from_row(row: &AnyRow) -> Result<ContractEvent, StoreError> {
    Ok(ContractEvent {
        seq: row.try_get("seq")?,
        contract: ContractId::new(row.try_get("contract_id")?),
        kind: EventKind::parse(&row.try_get::<String, _>("kind")?)
            .ok_or(StoreError::Corrupt("contract_events.kind"))?,
        payload: row.try_get("payload")?,
        at: row.try_get("at")?,
        prev_hash: row.try_get("prev_hash")?,
        hash: row.try_get("hash")?,
    })
}

fn signature_from_row(row: &AnyRow) -> Result<Signature, StoreError> {
    Ok(Signature {
        user: UserId::new(row.try_get("user_id")?),
        role: Role::parse(&row.try_get::<String, _>("role")?)
            .ok_or(StoreError::Corrupt("signatures.role"))?,
        at: row.try_get("signed_at")?,
        address: row
            .try_get::<String, _>("address")?
            .parse()
            .map_err(|_| StoreError::Corrupt("signatures.address"))?,
        user_agent: row.try_get("user_agent")?,
        document_sha256: row.try_get("document_sha256")?,
    })
}

fn line_from_row(row: &AnyRow) -> Result<LineTerms, StoreError> {
    Ok(LineTerms {
        component: row.try_get("component")?,
        quantity: row.try_get("quantity")?,
        offer: OfferSnapshot {
            offer: OfferId::new(row.try_get("offer_id")?),
            external_id: row.try_get("offer_external_id")?,
            version: row.try_get("offer_version")?,
            name: row.try_get("offer_name")?,
            unit: row.try_get("unit")?,
            provider: ProviderId::new(row.try_get("provider_id")?),
            provider_slug: row.try_get("provider_slug")?,
            currency: Currency::parse(&row.try_get::<String, _>("currency")?)
                .map_err(|_| StoreError::Corrupt("quote_lines.currency"))?,
            monthly_price_minor: row.try_get("unit_price_minor")?,
            availability_bp: u32::try_from(row.try_get::<i64, _>("availability_bp")?)
                .map_err(|_| StoreError::Corrupt("quote_lines.availability_bp"))?,
            country: row.try_get("country")?,
            jurisdiction: row.try_get("jurisdiction")?,
            carbon_g_month: row.try_get("carbon_g_month")?,
        },
    })
}
