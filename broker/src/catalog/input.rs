//! What a person types into the provider and offer forms, and how each becomes a value the
//! store takes: every field checked, every refused field named.

use super::check::{
    CatalogInputError, FieldCheck, FieldErrors, capacity, country, jurisdiction, slug, text,
    website,
};
use super::offer::{OfferTerms, ValidOfferTerms};
use crate::account::{Email, Field};
use serde::{Deserialize, Serialize};

/// What a person types to apply as a provider; [`ProviderApplication::validate`] parses it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderApplication {
    pub slug: String,
    pub legal_name: String,
    pub country: String,
    pub jurisdiction: String,
    pub website: String,
    pub description: String,
    pub support_contact: String,
}

/// An application whose every field passed its rule; only these reach the store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidApplication(ProviderApplication);

impl ProviderApplication {
    /// Trims and normalises every field (upper-case codes, lower-case slug and email), or says
    /// what is wrong with each refused field.
    pub fn validate(&self) -> Result<ValidApplication, FieldErrors> {
        let mut check = FieldCheck::default();
        let application = ProviderApplication {
            slug: check.field(Field::Slug, slug(&self.slug)),
            legal_name: check.field(Field::LegalName, text(&self.legal_name, 120)),
            country: check.field(Field::Country, country(&self.country)),
            jurisdiction: check.field(Field::Jurisdiction, jurisdiction(&self.jurisdiction)),
            website: check.field(Field::Website, website(&self.website)),
            description: check.field(Field::Description, text(&self.description, 4000)),
            support_contact: check.field(
                Field::SupportContact,
                Email::parse(&self.support_contact)
                    .map(String::from)
                    .map_err(|_| CatalogInputError::Email),
            ),
        };
        check.finish(|| ValidApplication(application))
    }
}

impl ValidApplication {
    pub fn get(&self) -> &ProviderApplication {
        &self.0
    }
}

/// What a provider member fills in to create an offer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewOffer {
    /// The offer's id in catalog documents, unique within the provider.
    pub external_id: String,
    pub domain: String,
    pub terms: OfferTerms,
    /// Units for sale; `None` is unlimited.
    pub capacity: Option<i64>,
}

/// A [`NewOffer`] whose fields passed their rules; only these reach the store.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidNewOffer {
    external_id: String,
    domain: String,
    terms: ValidOfferTerms,
    capacity: Option<i64>,
}

impl ValidNewOffer {
    pub fn external_id(&self) -> &str {
        &self.external_id
    }

    /// The domain, lower-cased.
    pub fn domain(&self) -> &str {
        &self.domain
    }

    pub fn terms(&self) -> &ValidOfferTerms {
        &self.terms
    }

    pub fn capacity(&self) -> Option<i64> {
        self.capacity
    }
}

impl NewOffer {
    pub fn validate(&self) -> Result<ValidNewOffer, FieldErrors> {
        let mut check = FieldCheck::default();
        let external_id = check.field(Field::ExternalId, text(&self.external_id, 80));
        let domain = check.field(
            Field::Domain,
            text(&self.domain, 40).map(|domain| domain.to_ascii_lowercase()),
        );
        let capacity = check.field(Field::Capacity, capacity(self.capacity));
        let terms = self.terms.normalised(&mut check);
        check.finish(|| ValidNewOffer {
            external_id,
            domain,
            terms: ValidOfferTerms(terms),
            capacity,
        })
    }
}
