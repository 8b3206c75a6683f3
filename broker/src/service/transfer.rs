//! Bulk import and export of offers as `comptoir.catalog/v1` documents, as more use cases of the
//! [`Marketplace`]: a provider member loads a whole catalog file at once (all or nothing, and
//! idempotent), and anyone exports the public catalog, one provider's offers or a search result
//! as a document that `server plan --catalog` reads. The rules are in [`crate::transfer`].

use super::catalog::Marketplace;
use crate::account::CurrentUser;
use crate::audit::{Action, Actor, Record};
use crate::catalog::ProviderId;
use crate::format::{self, FormatError};
use crate::store::StoreError;
use crate::store::catalog::Access;
use crate::transfer::{self, ExportScope, ImportReport, ImportSummary};

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The document or some of its offers are invalid; the report names every problem.
    #[error("the catalog was not imported:\n{0}")]
    Invalid(ImportReport),
    #[error("only a member of the provider can import its offers")]
    Forbidden,
    /// Someone changed the provider's offers while the import was decided; try again.
    #[error("the offers changed during the import")]
    Conflict,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why an export could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("no approved provider has this slug")]
    UnknownProvider,
    /// A stored offer does not fit the catalog format: a bug or a damaged database.
    #[error("a stored offer does not fit the catalog format: {0}")]
    Document(FormatError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Marketplace {
    /// A member of `provider` loads a catalog document of its offers. Every offer must name the
    /// provider by its slug and pass the offer rules, or nothing is written and the report lists
    /// every problem. Otherwise, in one transaction: new ids become draft offers, offers whose
    /// terms changed get a new version effective `now` (as [`Marketplace::update_terms`] does),
    /// capacities follow the document (absent: unlimited), and the rest is untouched, so
    /// importing the same document twice changes nothing the second time (and the audit log
    /// records the import, in the same transaction, only when it changed something). Offers of other
    /// providers are never reached, whatever their ids.
    pub async fn import_catalog(
        &self,
        user: &CurrentUser,
        provider: ProviderId,
        document: &str,
        now: i64,
    ) -> Result<ImportSummary, ImportError> {
        let seller = self
            .store
            .provider_for(Access::Member(user.id), provider)
            .await?
            .ok_or(ImportError::Forbidden)?;
        let role = self
            .store
            .provider_role(user.id, provider)
            .await?
            .ok_or(ImportError::Forbidden)?;
        let incoming = transfer::read_document(document, seller.slug.as_str())
            .map_err(ImportError::Invalid)?;
        let existing = self.store.provider_offers(user.id, provider).await?;
        let plan = transfer::plan_import(&existing, incoming).map_err(ImportError::Invalid)?;
        if plan.creates.is_empty() && plan.updates.is_empty() {
            return Ok(plan.summary);
        }
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let action = Action::CatalogImported {
            provider,
            created: count(plan.summary.created),
            updated: count(plan.summary.updated),
            capacity_changed: count(plan.summary.capacity_changed),
        };
        let record = Record::new(Actor::provider_member(user, provider, role), action, now);
        match self
            .store
            .import_offers(user.id, provider, &plan, &record)
            .await
        {
            Ok(true) => Ok(plan.summary),
            Ok(false) | Err(StoreError::Duplicate(_)) => Err(ImportError::Conflict),
            Err(other) => Err(other.into()),
        }
    }

    /// The catalog document of the public offers in `scope`, open to visitors.
    pub async fn export_catalog(
        &self,
        scope: &ExportScope,
    ) -> Result<format::Catalog, ExportError> {
        if let Some(slug) = &scope.provider
            && self.store.approved_provider(slug).await?.is_none()
        {
            return Err(ExportError::UnknownProvider);
        }
        let offers = self.store.export_offers(scope).await?;
        transfer::catalog_document(&offers).map_err(ExportError::Document)
    }
}
