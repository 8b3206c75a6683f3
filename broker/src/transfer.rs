//! Bulk import and export of offers as `comptoir.catalog/v1` documents: what a refused import
//! reports, what an accepted one did, what an export covers, and the rules between a document and
//! the stored offers. Pure and wasm-safe, so a page can show a report next to the upload;
//! `service::transfer` loads, decides with these rules and writes.
//!
//! An import is all or nothing: every offer of the document is checked (its format, its
//! provider, the rules of [`crate::catalog`]) and one invalid offer refuses the whole document,
//! with a report that names every invalid offer. An import never moves an offer between statuses:
//! new offers are drafts (their first publication goes through the operator's review), existing
//! ones keep their status, and the fields the format does not carry (description, tagline, unit)
//! keep their stored values, so importing what was exported changes nothing.

mod export;
mod import;

pub use export::{ExportScope, FilterProblem, catalog_document, export_search};
pub use import::{ImportPlan, IncomingOffer, OfferUpdate, plan_import, read_document};

use serde::{Deserialize, Serialize};
use std::fmt;

/// What an accepted import did, offer by offer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    /// New offers, created as drafts.
    pub created: usize,
    /// Offers whose terms changed: each got a new version, effective at the import.
    pub updated: usize,
    /// Offers whose terms stayed the same and whose capacity changed.
    pub capacity_changed: usize,
    /// Offers the document leaves exactly as they were.
    pub unchanged: usize,
}

/// One problem of a refused import: where it is (the offer's id and its position in `offers`,
/// when known; none for the document as a whole), which field of the document, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProblem {
    pub offer: Option<String>,
    /// 0-based position in the document's `offers`.
    pub index: Option<usize>,
    /// The document's field (`monthly_price_minor`, `country`, `currency`...).
    pub field: Option<String>,
    /// What is wrong, in English.
    pub message: String,
    /// What is wrong, as data, for a page to word in its reader's language.
    #[serde(default)]
    pub issue: ImportIssue,
}

/// The kind of an import problem.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ImportIssue {
    /// A value the offer form would refuse too, with the form's reason.
    Rule {
        problem: crate::catalog::CatalogInputError,
    },
    /// The offer names another provider than the one importing.
    OtherProvider { provider: String, expected: String },
    /// The stored offer is in `domain`, and an offer's domain never changes.
    DomainFixed { domain: String },
    /// Two offers of the document have the same id.
    DuplicateId,
    /// The document is not in the marketplace's currency.
    Currency { expected: String, found: String },
    /// The operator is reviewing the offer: its terms cannot change until then.
    InReview,
    /// The offer is retired: it must be submitted again before new terms are imported.
    Retired,
    /// The document does not read as a catalog; `message` holds the reader's reason.
    #[default]
    Format,
}

/// Why an import was refused: every problem found, in document order. Nothing was written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub problems: Vec<ImportProblem>,
}

impl ImportReport {
    /// The distinct offers (by position) that have at least one problem.
    pub fn invalid_offers(&self) -> Vec<usize> {
        let mut indexes: Vec<usize> = self.problems.iter().filter_map(|p| p.index).collect();
        indexes.dedup();
        indexes
    }
}

impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.offer, self.index) {
            (Some(id), Some(index)) => write!(f, "offer {id:?} (#{}): ", index + 1)?,
            (None, Some(index)) => write!(f, "offer #{}: ", index + 1)?,
            (Some(id), None) => write!(f, "offer {id:?}: ")?,
            (None, None) => f.write_str("document: ")?,
        }
        if let Some(field) = &self.field {
            write!(f, "field {field}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, problem) in self.problems.iter().enumerate() {
            if n > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
