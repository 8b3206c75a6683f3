//! How the database runs the catalog search: the plans of its two statements, as the database
//! tells them (`EXPLAIN QUERY PLAN` on SQLite, `EXPLAIN` on PostgreSQL). The catalog benchmark
//! prints them to show which indexes a search uses; nothing in serving a request reads them.

use super::search::Statements;
use super::{Backend, Store, StoreError};
use crate::search::CatalogSearch;
use sqlx::Row;

/// The plan of one statement of a search, one line per step, nested steps indented.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryPlan {
    /// `count` (the number of matching offers) or `page` (the offers shown).
    pub statement: &'static str,
    pub lines: Vec<String>,
}

impl Store {
    /// Refreshes PostgreSQL's planner statistics, as autovacuum does a little after a bulk load;
    /// plans read before that assume near-empty tables. SQLite keeps no statistics unless told
    /// to, and Comptoir never tells it, so there this does nothing.
    pub async fn refresh_statistics(&self) -> Result<(), StoreError> {
        if self.backend == Backend::Postgres {
            sqlx::query("ANALYZE").execute(&self.pool).await?;
        }
        Ok(())
    }

    /// The plans of the count and the page statements of `search`, with its parameters bound.
    pub async fn catalog_search_plans(
        &self,
        search: &CatalogSearch,
    ) -> Result<Vec<QueryPlan>, StoreError> {
        let statements = Statements::of(search);
        let mut plans = Vec::with_capacity(2);
        for (statement, sql) in [("count", &statements.count), ("page", &statements.list)] {
            let lines = match self.backend {
                Backend::Sqlite => {
                    let explain = format!("EXPLAIN QUERY PLAN {sql}");
                    let rows = statements.bind(&explain).fetch_all(&self.pool).await?;
                    let steps = rows
                        .iter()
                        .map(|row| {
                            Ok((
                                row.try_get::<i64, _>("id")?,
                                row.try_get::<i64, _>("parent")?,
                                row.try_get::<String, _>("detail")?,
                            ))
                        })
                        .collect::<Result<Vec<_>, StoreError>>()?;
                    indent_sqlite_steps(&steps)
                }
                Backend::Postgres => {
                    let explain = format!("EXPLAIN {sql}");
                    let rows = statements.bind(&explain).fetch_all(&self.pool).await?;
                    rows.iter()
                        .map(|row| row.try_get::<String, _>(0))
                        .collect::<Result<_, _>>()?
                }
            };
            plans.push(QueryPlan { statement, lines });
        }
        Ok(plans)
    }
}

/// SQLite gives each step its parent's id; a step is indented one level deeper than its parent.
fn indent_sqlite_steps(steps: &[(i64, i64, String)]) -> Vec<String> {
    let mut depths: Vec<(i64, usize)> = Vec::with_capacity(steps.len());
    steps
        .iter()
        .map(|(id, parent, detail)| {
            let depth = depths
                .iter()
                .find(|(step, _)| step == parent)
                .map_or(0, |(_, depth)| depth + 1);
            depths.push((*id, depth));
            format!("{}{detail}", "  ".repeat(depth))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_is_indented_under_its_parent() {
        let steps = [
            (2, 0, "SCAN offers".to_owned()),
            (5, 0, "CORRELATED SCALAR SUBQUERY 1".to_owned()),
            (7, 5, "SEARCH v USING INDEX".to_owned()),
        ];
        assert_eq!(
            indent_sqlite_steps(&steps),
            [
                "SCAN offers",
                "CORRELATED SCALAR SUBQUERY 1",
                "  SEARCH v USING INDEX"
            ]
        );
    }
}
