//! Sums per month in one statement: a `CASE` per month over the rows' times, the months'
//! bounds bound as parameters, for the charts of the operator's and the providers' pages.

use super::{Store, StoreError};
use crate::billing::Month;
use sqlx::Row;

/// The placeholder of the `n`th (from 1) parameter after the bounds of `months`, for the
/// conditions of a [`Store::per_month`] statement.
pub(super) fn after_months(months: &[Month], n: usize) -> String {
    format!("${}", months.len() + 1 + n)
}

/// One `CASE` sum of `value` per month of `months` over the rows whose `column` falls in it,
/// named `m0`, `m1`...
fn sums(column: &str, value: &str, months: &[Month]) -> String {
    let sums: Vec<String> = (0..months.len())
        .map(|at| {
            format!(
                "CAST(COALESCE(SUM(CASE WHEN {column} >= ${} AND {column} < ${} THEN {value} ELSE 0 END), 0) \
                 AS BIGINT) AS m{at}",
                at + 1,
                at + 2
            )
        })
        .collect();
    sums.join(", ")
}

/// The months' bounds, then `extra`, bound to `statement`.
fn bound<'q>(
    statement: &'q str,
    months: &[Month],
    extra: &[i64],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    let mut query = sqlx::query(statement);
    for month in months {
        query = query.bind(month.start());
    }
    query = query.bind(months.last().map_or(0, |month| month.end()));
    for value in extra {
        query = query.bind(*value);
    }
    query
}

fn read_months(row: &sqlx::any::AnyRow, months: &[Month]) -> Result<Vec<i64>, StoreError> {
    (0..months.len())
        .map(|at| Ok(row.try_get(format!("m{at}").as_str())?))
        .collect()
}

impl Store {
    /// The sum of `value` over the rows of `from` (a table, with its joins and a `WHERE` whose
    /// parameters, numbered by [`after_months`], are `extra`) whose `column` (a time) falls in
    /// each of `months` (`1` for `value`: how many rows).
    pub(super) async fn per_month(
        &self,
        from: &str,
        column: &str,
        value: &str,
        months: &[Month],
        extra: &[i64],
    ) -> Result<Vec<i64>, StoreError> {
        let statement = format!("SELECT {} FROM {from}", sums(column, value, months));
        let row = bound(&statement, months, extra)
            .fetch_one(&self.pool)
            .await?;
        read_months(&row, months)
    }

    /// The same sums for each value of `key` (an integer column of `from`), one row per key
    /// that has rows at all.
    pub(super) async fn per_month_by(
        &self,
        key: &str,
        (from, column, value): (&str, &str, &str),
        months: &[Month],
    ) -> Result<Vec<(i64, Vec<i64>)>, StoreError> {
        let statement = format!(
            "SELECT {key} AS k, {} FROM {from} GROUP BY {key} ORDER BY {key}",
            sums(column, value, months)
        );
        let rows = bound(&statement, months, &[]).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| Ok((row.try_get("k")?, read_months(row, months)?)))
            .collect()
    }
}
