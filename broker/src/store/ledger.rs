//! The double-entry ledger's rows: a transaction posts once under its key, its entries in their
//! order, and nothing is ever updated or deleted (triggers refuse it in both backends). Reading
//! rebuilds each transaction through its own checks, so an unbalanced row would show.

use super::{ROWS_PER_STATEMENT, Store, StoreError, value_rows};
use crate::ledger::{Account, Balance, Entry, Side, Transaction};
use serde_json::json;
use sqlx::{Any, Row, Transaction as SqlTransaction};

/// Posts `transaction` inside `tx`; `false` when its key was already posted.
pub(super) async fn post(
    tx: &mut SqlTransaction<'static, Any>,
    transaction: &Transaction,
) -> Result<bool, StoreError> {
    let kind = serde_json::to_value(transaction.kind())
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .ok_or(StoreError::Corrupt("ledger_transactions.kind"))?;
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO ledger_transactions (tx_key, kind, at) VALUES ($1, $2, $3) \
         ON CONFLICT (tx_key) DO NOTHING RETURNING id",
    )
    .bind(transaction.key())
    .bind(kind)
    .bind(transaction.at())
    .fetch_optional(&mut **tx)
    .await?;
    let Some(id) = id else { return Ok(false) };
    let entries: Vec<(i64, &Entry)> = (0_i64..).zip(transaction.entries()).collect();
    for chunk in entries.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO ledger_entries (transaction_id, position, account, debit_minor, \
             credit_minor) VALUES {}",
            value_rows(1, chunk.len(), 5)
        );
        let mut query = sqlx::query(&sql);
        for (position, entry) in chunk {
            let (debit, credit) = match entry.side() {
                Side::Debit => (entry.amount_minor(), 0),
                Side::Credit => (0, entry.amount_minor()),
            };
            query = query
                .bind(id)
                .bind(*position)
                .bind(entry.account().to_string())
                .bind(debit)
                .bind(credit);
        }
        query.execute(&mut **tx).await?;
    }
    Ok(true)
}

impl Store {
    /// Posts one transaction on its own; `false` when its key was already posted.
    pub async fn post_transaction(&self, transaction: &Transaction) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let posted = post(&mut tx, transaction).await?;
        tx.commit().await?;
        Ok(posted)
    }

    /// The transactions posted in `[from, to)`, in the order they were posted.
    pub async fn transactions_between(
        &self,
        from: i64,
        to: i64,
    ) -> Result<Vec<Transaction>, StoreError> {
        let rows = sqlx::query(
            "SELECT t.id, t.tx_key, t.kind, t.at, e.account, e.debit_minor, e.credit_minor \
             FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id \
             WHERE t.at >= $1 AND t.at < $2 ORDER BY t.at, t.id, e.position",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        // The rows come transaction by transaction, each one's entries in their order.
        let mut raw: Vec<(i64, serde_json::Value, Vec<serde_json::Value>)> = Vec::new();
        for row in &rows {
            let id: i64 = row.try_get("id")?;
            let debit: i64 = row.try_get("debit_minor")?;
            let credit: i64 = row.try_get("credit_minor")?;
            let account: String = row.try_get("account")?;
            let entry = if debit > 0 {
                json!({ "account": account, "debit_minor": debit })
            } else {
                json!({ "account": account, "credit_minor": credit })
            };
            match raw.last_mut() {
                Some((last, _, entries)) if *last == id => entries.push(entry),
                _ => raw.push((
                    id,
                    json!({
                        "key": row.try_get::<String, _>("tx_key")?,
                        "kind": row.try_get::<String, _>("kind")?,
                        "at": row.try_get::<i64, _>("at")?,
                    }),
                    vec![entry],
                )),
            }
        }
        raw.into_iter()
            .map(|(_, mut head, entries)| {
                head["entries"] = serde_json::Value::Array(entries);
                serde_json::from_value(head).map_err(|_| StoreError::Corrupt("ledger_transactions"))
            })
            .collect()
    }

    /// Every account's debits and credits posted before `end`, in the order of the accounts'
    /// names.
    pub async fn balances_before(&self, end: i64) -> Result<Vec<Balance>, StoreError> {
        let rows = sqlx::query(
            "SELECT e.account, CAST(SUM(e.debit_minor) AS BIGINT) AS debit, \
             CAST(SUM(e.credit_minor) AS BIGINT) AS credit FROM ledger_entries e \
             JOIN ledger_transactions t ON t.id = e.transaction_id WHERE t.at < $1 \
             GROUP BY e.account ORDER BY e.account",
        )
        .bind(end)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Balance {
                    account: Account::parse(&row.try_get::<String, _>("account")?)
                        .map_err(|_| StoreError::Corrupt("ledger_entries.account"))?,
                    debit_minor: row.try_get("debit")?,
                    credit_minor: row.try_get("credit")?,
                })
            })
            .collect()
    }
}
