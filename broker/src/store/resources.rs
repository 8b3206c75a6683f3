//! A tenant's resources: the orders of its contracts as its members see them, and the moves
//! they ask for (retrying a failed line, ending one).
//!
//! Every read and move names the tenant and repeats the caller's membership inside the query, so
//! a forged contract id or line finds nothing.

use super::provisioning::{line_of, percent_of};
use super::{Store, StoreError, tenant_member};
use crate::account::{TenantId, UserId};
use crate::contract::ContractId;
use crate::money::{Currency, Money};
use crate::provisioning::{Resource, ResourceState};
use sqlx::Row;
use sqlx::any::AnyRow;

impl Store {
    /// The resources of `tenant`'s contracts (of `contract` alone when given), newest contract
    /// first then by line, when `user` is one of its members.
    pub async fn resources(
        &self,
        user: UserId,
        tenant: TenantId,
        contract: Option<ContractId>,
    ) -> Result<Vec<Resource>, StoreError> {
        let member = tenant_member(1, 2);
        let only = if contract.is_some() {
            "AND c.id = $3"
        } else {
            ""
        };
        let query = format!(
            "SELECT o.contract_id, o.line, l.component, l.offer_name, o.provider_slug, \
             o.quantity, l.unit_price_minor, l.currency, l.carbon_g_month, o.state, \
             o.progress_percent, o.description, o.updated_at \
             FROM orders o JOIN contracts c ON c.id = o.contract_id \
             JOIN quote_lines l ON l.quote_id = c.quote_id AND l.position = o.line \
             WHERE c.tenant_id = $1 AND {member} {only} \
             ORDER BY c.created_at DESC, c.id DESC, o.line"
        );
        let mut query = sqlx::query(&query).bind(tenant.get()).bind(user.get());
        if let Some(contract) = contract {
            query = query.bind(contract.get());
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter().map(resource_from_row).collect()
    }

    /// Where a line of a contract of `tenant` stands, when `user` is one of its members.
    pub async fn order_state(
        &self,
        user: UserId,
        tenant: TenantId,
        contract: ContractId,
        line: u32,
    ) -> Result<Option<ResourceState>, StoreError> {
        let member = tenant_member(1, 2);
        let state: Option<String> = sqlx::query_scalar(&format!(
            "SELECT o.state FROM orders o JOIN contracts c ON c.id = o.contract_id \
             WHERE c.tenant_id = $1 AND {member} AND o.contract_id = $3 AND o.line = $4"
        ))
        .bind(tenant.get())
        .bind(user.get())
        .bind(contract.get())
        .bind(i64::from(line))
        .fetch_optional(&self.pool)
        .await?;
        state
            .map(|raw| ResourceState::parse(&raw).ok_or(StoreError::Corrupt("orders.state")))
            .transpose()
    }

    /// Moves a line of a contract of `tenant` from `from` to `to` for `user`, one of its members:
    /// its operation forgotten, due at once. False when it was not in `from` (or not found).
    #[expect(
        clippy::too_many_arguments,
        reason = "who, which line, which move, when"
    )]
    pub async fn move_order(
        &self,
        user: UserId,
        tenant: TenantId,
        contract: ContractId,
        line: u32,
        from: ResourceState,
        to: ResourceState,
        description: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let member = tenant_member(1, 2);
        let moved = sqlx::query(&format!(
            "UPDATE orders SET state = $5, operation = NULL, progress_percent = 0, \
             description = $6, attempts = 0, next_poll_at = $7, updated_at = $7 \
             WHERE contract_id = $3 AND line = $4 AND state = $8 AND EXISTS \
             (SELECT 1 FROM contracts c WHERE c.id = orders.contract_id AND c.tenant_id = $1 \
             AND {member})"
        ))
        .bind(tenant.get())
        .bind(user.get())
        .bind(contract.get())
        .bind(i64::from(line))
        .bind(to.as_str())
        .bind(description)
        .bind(now)
        .bind(from.as_str())
        .execute(&self.pool)
        .await?;
        Ok(moved.rows_affected() == 1)
    }
}

fn resource_from_row(row: &AnyRow) -> Result<Resource, StoreError> {
    let quantity: i64 = row.try_get("quantity")?;
    let per_unit = |column: &'static str| -> Result<i64, StoreError> {
        row.try_get::<i64, _>(column)?
            .checked_mul(quantity)
            .ok_or(StoreError::Corrupt(column))
    };
    let currency = Currency::parse(&row.try_get::<String, _>("currency")?)
        .map_err(|_| StoreError::Corrupt("quote_lines.currency"))?;
    Ok(Resource {
        contract: ContractId::new(row.try_get("contract_id")?),
        line: line_of(row)?,
        component: row.try_get("component")?,
        offer_name: row.try_get("offer_name")?,
        provider_slug: row.try_get("provider_slug")?,
        quantity,
        monthly_total: Money::new(per_unit("unit_price_minor")?, currency),
        carbon_g_month: per_unit("carbon_g_month")?,
        state: ResourceState::parse(&row.try_get::<String, _>("state")?)
            .ok_or(StoreError::Corrupt("orders.state"))?,
        progress_percent: percent_of(row)?,
        description: row.try_get("description")?,
        updated_at: row.try_get("updated_at")?,
    })
}
