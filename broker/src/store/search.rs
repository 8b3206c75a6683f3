//! The public catalog search: published offers of approved providers, filtered, sorted and paged
//! in SQL, with the total count for the pager. Filters are bound parameters, never text spliced
//! into the query.

use super::catalog::{listing_columns, listing_from_row};
use super::{Store, StoreError};
use crate::catalog::{OfferStatus, ProviderStatus};
use crate::search::{CatalogPage, CatalogSearch, CatalogSort, PER_PAGE};
use sqlx::Row;

pub(super) enum Bind {
    Text(String),
    Int(i64),
}

/// The WHERE clause of a search and its parameters, numbered from `$1`.
pub(super) struct Filter {
    clauses: Vec<String>,
    pub(super) binds: Vec<Bind>,
}

impl Filter {
    pub(super) fn push(&mut self, clause: impl Fn(usize) -> String, bind: Bind) {
        self.binds.push(bind);
        self.clauses.push(clause(self.binds.len()));
    }

    pub(super) fn of(search: &CatalogSearch) -> Self {
        let mut filter = Filter {
            clauses: Vec::new(),
            binds: Vec::new(),
        };
        filter.push(
            |n| format!("offers.status = ${n}"),
            Bind::Text(OfferStatus::Published.as_str().to_owned()),
        );
        filter.push(
            |n| format!("p.status = ${n}"),
            Bind::Text(ProviderStatus::Approved.as_str().to_owned()),
        );
        for word in &search.words {
            let pattern = format!("%{}%", escape_like(word));
            filter.push(
                |n| {
                    format!(
                        "(LOWER(v.name) LIKE ${n} ESCAPE '\\' OR LOWER(v.description) LIKE ${n} ESCAPE '\\' \
                         OR LOWER(p.legal_name) LIKE ${n} ESCAPE '\\')"
                    )
                },
                Bind::Text(pattern),
            );
        }
        if let Some(domain) = &search.domain {
            filter.push(
                |n| format!("offers.domain = ${n}"),
                Bind::Text(domain.clone()),
            );
        }
        if let Some(country) = &search.country {
            filter.push(|n| format!("v.country = ${n}"), Bind::Text(country.clone()));
        }
        if let Some(jurisdiction) = &search.jurisdiction {
            filter.push(
                |n| format!("v.jurisdiction = ${n}"),
                Bind::Text(jurisdiction.clone()),
            );
        }
        if let Some(certification) = &search.certification {
            // Certifications are a JSON array of strings: match one whole quoted element.
            let pattern = format!(
                "%{}%",
                escape_like(&serde_json::Value::from(certification.as_str()).to_string())
            );
            filter.push(
                |n| format!("v.certifications LIKE ${n} ESCAPE '\\'"),
                Bind::Text(pattern),
            );
        }
        let bounds = [
            ("v.availability_bp >=", search.min_availability_bp),
            ("v.monthly_price_minor >=", search.min_price_minor),
            ("v.monthly_price_minor <=", search.max_price_minor),
            ("v.carbon_g_month <=", search.max_carbon_g_month),
        ];
        for (test, value) in bounds {
            if let Some(value) = value {
                filter.push(|n| format!("{test} ${n}"), Bind::Int(value));
            }
        }
        filter
    }

    pub(super) fn sql(&self) -> String {
        self.clauses.join(" AND ")
    }
}

fn escape_like(raw: &str) -> String {
    raw.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// Each order is that of an index on `offer_versions` (migration 0003), so that a page walks the
/// index and stops when it is full instead of sorting every match. `v.offer_id` is `offers.id`.
pub(super) fn order_by(sort: CatalogSort) -> &'static str {
    match sort {
        CatalogSort::Price => "v.monthly_price_minor, v.offer_id",
        CatalogSort::Carbon => "v.carbon_g_month, v.monthly_price_minor, v.offer_id",
        CatalogSort::Availability => "v.availability_bp DESC, v.monthly_price_minor, v.offer_id",
        CatalogSort::Name => "LOWER(v.name), v.offer_id",
    }
}

/// The page's rows. Versions come first: SQLite keeps the order of a `CROSS JOIN`, so it walks the
/// version index of the sort; PostgreSQL plans a `CROSS JOIN` with join conditions in `WHERE` like
/// any inner join.
const PAGE_FROM: &str = concat!(
    "SELECT ",
    listing_columns!(),
    " FROM offer_versions v CROSS JOIN offers CROSS JOIN providers p \
     WHERE v.offer_id = offers.id AND v.version = offers.current_version \
     AND p.id = offers.provider_id"
);

pub(super) fn bind_all<'q>(
    mut query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    binds: &'q [Bind],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for bind in binds {
        query = match bind {
            Bind::Text(text) => query.bind(text.as_str()),
            Bind::Int(value) => query.bind(*value),
        };
    }
    query
}

/// The two statements of a search (the count, then the page) and their parameters.
pub(super) struct Statements {
    pub(super) count: String,
    pub(super) list: String,
    binds: Vec<Bind>,
}

impl Statements {
    pub(super) fn of(search: &CatalogSearch) -> Self {
        let filter = Filter::of(search);
        // The count reads every match whatever the order, so it starts from the offers' covering
        // index (status, domain, provider, current version) rather than from a sort index.
        let count = format!(
            "SELECT COUNT(*) AS total FROM offers \
             JOIN offer_versions v ON v.offer_id = offers.id AND v.version = offers.current_version \
             JOIN providers p ON p.id = offers.provider_id WHERE {}",
            filter.sql()
        );
        let offset = i64::from(search.page.max(1) - 1) * i64::from(PER_PAGE);
        let list = format!(
            "{PAGE_FROM} AND {} ORDER BY {} LIMIT {} OFFSET {offset}",
            filter.sql(),
            order_by(search.sort),
            PER_PAGE
        );
        Statements {
            count,
            list,
            binds: filter.binds,
        }
    }

    /// `sql` (one of this search's statements, possibly prefixed) with the parameters bound.
    pub(super) fn bind<'q>(
        &'q self,
        sql: &'q str,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        bind_all(sqlx::query(sql), &self.binds)
    }
}

impl Store {
    /// One page of the public catalog for `search`, and the number of offers that match.
    pub async fn search_catalog(&self, search: &CatalogSearch) -> Result<CatalogPage, StoreError> {
        let statements = Statements::of(search);
        let total: i64 = statements
            .bind(&statements.count)
            .fetch_one(&self.pool)
            .await?
            .try_get("total")?;
        let page = search.page.max(1);
        let rows = statements
            .bind(&statements.list)
            .fetch_all(&self.pool)
            .await?;
        let offers = rows
            .iter()
            .map(listing_from_row)
            .collect::<Result<_, _>>()?;
        Ok(CatalogPage {
            offers,
            total,
            page,
            per_page: PER_PAGE,
        })
    }
}
