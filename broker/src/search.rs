//! Searching the public catalog: the filters a visitor sets (all carried in the page's URL, so a
//! search can be shared and works without JavaScript), how results are sorted, and the page of
//! results that comes back.

use crate::catalog::OfferListing;
use serde::{Deserialize, Serialize};

/// How many offers a results page shows.
pub const PER_PAGE: u32 = 24;

/// How results are ordered. Ties always fall back to the offer id, so pages never overlap.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CatalogSort {
    /// Cheapest first.
    #[default]
    Price,
    /// Least carbon first.
    Carbon,
    /// Highest availability first.
    Availability,
    /// Alphabetical by offer name.
    Name,
}

impl CatalogSort {
    pub const ALL: [CatalogSort; 4] = [Self::Price, Self::Carbon, Self::Availability, Self::Name];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Price => "price",
            Self::Carbon => "carbon",
            Self::Availability => "availability",
            Self::Name => "name",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|sort| sort.as_str() == raw)
    }
}

/// A catalog search, already cleaned: blank text is no filter, codes are in the case offers are
/// stored in, numbers are within range, the page is at least 1.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogSearch {
    /// Every word must appear in the offer's name or description or the provider's name.
    pub words: Vec<String>,
    pub domain: Option<String>,
    pub country: Option<String>,
    pub jurisdiction: Option<String>,
    pub certification: Option<String>,
    /// Basis points of a percent: 99.9 % is 9990.
    pub min_availability_bp: Option<i64>,
    pub min_price_minor: Option<i64>,
    pub max_price_minor: Option<i64>,
    pub max_carbon_g_month: Option<i64>,
    pub sort: CatalogSort,
    pub page: u32,
}

/// The filters as typed in the page's form or URL: text everywhere, since a visitor may type
/// anything. Prices are in whole currency units (euros), availability in percent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogFilters {
    pub q: Option<String>,
    pub domain: Option<String>,
    pub country: Option<String>,
    pub jurisdiction: Option<String>,
    pub certification: Option<String>,
    pub min_availability: Option<String>,
    pub min_price: Option<String>,
    pub max_price: Option<String>,
    pub max_carbon: Option<String>,
    pub sort: Option<String>,
    pub page: Option<String>,
}

fn text(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// A non-negative decimal with at most `scale` decimals, in units of 10^-scale ("12.5" with scale
/// 2 is 1250). Anything else is no filter: a search never fails on a typo, it just filters less.
pub(crate) fn fixed_point(value: &Option<String>, scale: u32) -> Option<i64> {
    let raw = text(value)?.replace(',', ".");
    let (whole, fraction) = raw.split_once('.').unwrap_or((&raw, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !fraction.chars().all(|c| c.is_ascii_digit())
        || fraction.len() > scale as usize
    {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let fraction: i64 = format!("{fraction:0<width$}", width = scale as usize)
        .parse()
        .unwrap_or(0);
    whole.checked_mul(10_i64.pow(scale))?.checked_add(fraction)
}

impl CatalogFilters {
    pub fn search(&self) -> CatalogSearch {
        CatalogSearch {
            words: text(&self.q)
                .map(|q| {
                    q.split_whitespace()
                        .take(8)
                        .map(str::to_lowercase)
                        .collect()
                })
                .unwrap_or_default(),
            domain: text(&self.domain).map(str::to_ascii_lowercase),
            country: text(&self.country).map(str::to_ascii_uppercase),
            jurisdiction: text(&self.jurisdiction).map(str::to_ascii_uppercase),
            certification: text(&self.certification).map(str::to_owned),
            min_availability_bp: fixed_point(&self.min_availability, 2).filter(|bp| *bp <= 10_000),
            min_price_minor: fixed_point(&self.min_price, 2),
            max_price_minor: fixed_point(&self.max_price, 2),
            max_carbon_g_month: fixed_point(&self.max_carbon, 0),
            sort: text(&self.sort)
                .and_then(CatalogSort::parse)
                .unwrap_or_default(),
            page: text(&self.page)
                .and_then(|p| p.parse().ok())
                .filter(|p| *p >= 1)
                .unwrap_or(1),
        }
    }
}

/// One page of results and how many match in all.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CatalogPage {
    pub offers: Vec<OfferListing>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

impl CatalogPage {
    pub fn pages(&self) -> u32 {
        u32::try_from(self.total.max(0))
            .unwrap_or(u32::MAX)
            .div_ceil(self.per_page)
            .max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filters(pairs: &[(&str, &str)]) -> CatalogFilters {
        let get = |key: &str| {
            pairs
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| (*v).to_owned())
        };
        CatalogFilters {
            q: get("q"),
            domain: get("domain"),
            country: get("country"),
            jurisdiction: get("jurisdiction"),
            certification: get("certification"),
            min_availability: get("min_availability"),
            min_price: get("min_price"),
            max_price: get("max_price"),
            max_carbon: get("max_carbon"),
            sort: get("sort"),
            page: get("page"),
        }
    }

    #[test]
    fn blank_filters_search_everything_from_the_first_page() {
        let search = filters(&[("q", "   "), ("country", "")]).search();
        assert_eq!(
            search,
            CatalogSearch {
                page: 1,
                ..CatalogSearch::default()
            }
        );
    }

    #[test]
    fn codes_are_put_in_the_case_offers_are_stored_in() {
        let search = filters(&[
            ("domain", " Compute "),
            ("country", "fr"),
            ("jurisdiction", "eu"),
        ])
        .search();
        assert_eq!(search.domain.as_deref(), Some("compute"));
        assert_eq!(search.country.as_deref(), Some("FR"));
        assert_eq!(search.jurisdiction.as_deref(), Some("EU"));
    }

    #[test]
    fn prices_in_euros_become_cents_and_availability_becomes_basis_points() {
        let search = filters(&[
            ("min_price", "10"),
            ("max_price", "49,90"),
            ("min_availability", "99.95"),
        ])
        .search();
        assert_eq!(search.min_price_minor, Some(1000));
        assert_eq!(search.max_price_minor, Some(4990));
        assert_eq!(search.min_availability_bp, Some(9995));
    }

    #[test]
    fn a_malformed_number_filters_nothing_rather_than_failing() {
        let search = filters(&[
            ("max_price", "cheap"),
            ("max_carbon", "-5"),
            ("min_availability", "101"),
            ("page", "0"),
        ])
        .search();
        assert_eq!(
            (
                search.max_price_minor,
                search.max_carbon_g_month,
                search.min_availability_bp
            ),
            (None, None, None)
        );
        assert_eq!(search.page, 1);
        assert_eq!(
            filters(&[("max_price", "1.234")]).search().max_price_minor,
            None
        );
    }

    #[test]
    fn words_are_lower_cased_and_an_unknown_sort_falls_back_to_price() {
        let search = filters(&[("q", "Managed  PostgreSQL"), ("sort", "popularity")]).search();
        assert_eq!(search.words, vec!["managed", "postgresql"]);
        assert_eq!(search.sort, CatalogSort::Price);
        assert_eq!(
            filters(&[("sort", "carbon")]).search().sort,
            CatalogSort::Carbon
        );
    }

    #[test]
    fn the_page_count_rounds_up_and_is_never_zero() {
        let page = |total| {
            CatalogPage {
                offers: vec![],
                total,
                page: 1,
                per_page: PER_PAGE,
            }
            .pages()
        };
        assert_eq!((page(0), page(24), page(25)), (1, 1, 2));
    }
}
