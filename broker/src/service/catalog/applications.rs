//! Applying as a provider. The operator's decisions on the applications, the providers and the
//! offers in review are in [`crate::service::operator`].

use super::{CatalogError, Marketplace, invalid};
use crate::account::{CurrentUser, Field};
use crate::catalog::{CatalogInputError, ProviderApplication, ProviderId};
use crate::store::StoreError;

impl Marketplace {
    /// Records an application; the applicant becomes the provider's owner.
    pub async fn apply(
        &self,
        user: &CurrentUser,
        application: &ProviderApplication,
        now: i64,
    ) -> Result<ProviderId, CatalogError> {
        let valid = application.validate().map_err(CatalogError::Invalid)?;
        self.store
            .apply_for_provider(user.id, &valid, now)
            .await
            .map_err(|err| match err {
                StoreError::Duplicate(_) => invalid(Field::Slug, CatalogInputError::Taken),
                other => CatalogError::Store(other),
            })
    }
}
