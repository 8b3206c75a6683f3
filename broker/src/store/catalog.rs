//! Providers, their members and their versioned offers.
//!
//! Whoever is not the operator reaches an offer only through a membership test inside the query,
//! so a forged offer or provider id finds nothing. Status changes name the status they start
//! from, so two concurrent changes cannot both apply: the second finds no row and reports it.

use super::{Store, StoreError, unique_violation};
use crate::account::UserId;
use crate::catalog::{
    OfferDetail, OfferId, OfferListing, OfferStatus, OfferTerms, OfferVersion, Provider,
    ProviderId, ProviderMember, ProviderRole, ProviderStatus, ValidApplication, ValidNewOffer,
    ValidOfferTerms,
};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

/// Who reads or changes an offer: the operator reaches every offer, a user only the offers of
/// providers they are a member of, and anyone the published offers of approved providers (for
/// reading only: every change goes through `Operator` or `Member`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Operator,
    Member(UserId),
    Public,
}

impl Access {
    /// The two values bound to [`access_test`]: the operator flag and the user id.
    pub(super) fn binds(self) -> (i64, i64) {
        match self {
            Access::Operator => (1, 0),
            Access::Member(user) => (0, user.get()),
            Access::Public => (2, 0),
        }
    }
}

/// The test that an offer `offers` row is within reach: `$flag` is 1 for the operator, 2 for
/// anyone when the offer is published by an approved provider, else `$user` must be a member of
/// its provider. Only parameter numbers are formatted in.
pub(super) fn access_test(flag: usize, user: usize) -> String {
    format!(
        "(${flag} = 1 OR (${flag} = 2 AND offers.status = 'published' AND EXISTS \
         (SELECT 1 FROM providers pa WHERE pa.id = offers.provider_id AND pa.status = 'approved')) \
         OR EXISTS (SELECT 1 FROM provider_members pm \
         WHERE pm.provider_id = offers.provider_id AND pm.user_id = ${user}))"
    )
}

const PROVIDER_COLUMNS: &str = "providers.id, providers.slug, providers.legal_name, \
     providers.country, providers.jurisdiction, providers.website, providers.description, \
     providers.support_contact, providers.status, providers.decision_reason, \
     providers.created_at, providers.decided_at";

/// The columns [`listing_from_row`] reads, from `offers`, its version `v` and its provider `p`.
macro_rules! listing_columns {
    () => {
        "offers.id, offers.provider_id, p.slug, p.legal_name, \
         offers.external_id, offers.domain, offers.status, offers.capacity, v.version, v.name, \
         v.description, v.tagline, v.unit, v.country, v.jurisdiction, v.attributes, v.certifications, \
         v.availability_bp, v.currency, v.monthly_price_minor, v.carbon_g_month"
    };
}
pub(super) use listing_columns;

pub(super) const LISTING: &str = concat!(
    "SELECT ",
    listing_columns!(),
    " FROM offers JOIN offer_versions v ON v.offer_id = offers.id \
     AND v.version = offers.current_version JOIN providers p ON p.id = offers.provider_id"
);

impl Store {
    /// Records an application: the provider, pending, and the applicant as its owner.
    pub async fn apply_for_provider(
        &self,
        applicant: UserId,
        application: &ValidApplication,
        now: i64,
    ) -> Result<ProviderId, StoreError> {
        let app = application.get();
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO providers (slug, legal_name, country, jurisdiction, website, description, \
             support_contact, status, applied_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(&app.slug)
        .bind(&app.legal_name)
        .bind(&app.country)
        .bind(&app.jurisdiction)
        .bind(&app.website)
        .bind(&app.description)
        .bind(&app.support_contact)
        .bind(ProviderStatus::Pending.as_str())
        .bind(applicant.get())
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(|err| unique_violation(err, "slug"))?;
        sqlx::query(
            "INSERT INTO provider_members (provider_id, user_id, role, created_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(applicant.get())
        .bind(ProviderRole::Owner.as_str())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(ProviderId::new(id))
    }

    /// Any provider, whatever its status: for use cases that decide on it themselves.
    pub async fn provider(&self, provider: ProviderId) -> Result<Option<Provider>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {PROVIDER_COLUMNS} FROM providers WHERE id = $1"
        ))
        .bind(provider.get())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(provider_from_row).transpose()
    }

    /// A provider within reach: the operator's, or one `user` is a member of.
    pub async fn provider_for(
        &self,
        access: Access,
        provider: ProviderId,
    ) -> Result<Option<Provider>, StoreError> {
        let (flag, member) = access.binds();
        let row = sqlx::query(&format!(
            "SELECT {PROVIDER_COLUMNS} FROM providers WHERE id = $1 AND ($2 = 1 OR EXISTS \
             (SELECT 1 FROM provider_members pm WHERE pm.provider_id = providers.id \
             AND pm.user_id = $3))"
        ))
        .bind(provider.get())
        .bind(flag)
        .bind(member)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(provider_from_row).transpose()
    }

    /// An approved provider by its slug, for its public page; others are not shown.
    pub async fn approved_provider(&self, slug: &str) -> Result<Option<Provider>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {PROVIDER_COLUMNS} FROM providers WHERE slug = $1 AND status = $2"
        ))
        .bind(slug)
        .bind(ProviderStatus::Approved.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(provider_from_row).transpose()
    }

    /// Applications waiting for the operator, oldest first.
    pub async fn pending_providers(&self) -> Result<Vec<Provider>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {PROVIDER_COLUMNS} FROM providers WHERE status = $1 ORDER BY created_at, id"
        ))
        .bind(ProviderStatus::Pending.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(provider_from_row).collect()
    }

    /// The providers `user` belongs to, with the user's role in each.
    pub async fn providers_of(
        &self,
        user: UserId,
    ) -> Result<Vec<(Provider, ProviderRole)>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {PROVIDER_COLUMNS}, pm.role FROM providers \
             JOIN provider_members pm ON pm.provider_id = providers.id \
             WHERE pm.user_id = $1 ORDER BY providers.legal_name, providers.id"
        ))
        .bind(user.get())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| Ok((provider_from_row(row)?, role_from_row(row)?)))
            .collect()
    }

    /// Moves a provider from `from` to `to`; false when its status is no longer `from`.
    pub async fn decide_provider(
        &self,
        provider: ProviderId,
        from: ProviderStatus,
        to: ProviderStatus,
        reason: Option<&str>,
        now: i64,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE providers SET status = $1, decision_reason = $2, decided_at = $3 \
             WHERE id = $4 AND status = $5",
        )
        .bind(to.as_str())
        .bind(reason)
        .bind(now)
        .bind(provider.get())
        .bind(from.as_str())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The role of `user` in `provider`, if a member.
    pub async fn provider_role(
        &self,
        user: UserId,
        provider: ProviderId,
    ) -> Result<Option<ProviderRole>, StoreError> {
        let row = sqlx::query(
            "SELECT role FROM provider_members WHERE provider_id = $1 AND user_id = $2",
        )
        .bind(provider.get())
        .bind(user.get())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(role_from_row).transpose()
    }

    /// The user with this (already normalised) email.
    pub async fn user_by_email(&self, email: &str) -> Result<Option<UserId>, StoreError> {
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
            .bind(email)
            .fetch_optional(&self.pool)
            .await?;
        Ok(id.map(UserId::new))
    }

    /// Creates a draft offer with its first version, when `user` is a member of `provider`;
    /// `None` otherwise.
    pub async fn create_offer(
        &self,
        user: UserId,
        provider: ProviderId,
        offer: &ValidNewOffer,
        now: i64,
    ) -> Result<Option<OfferId>, StoreError> {
        let mut tx = self.begin_write().await?;
        let Some(id) = insert_offer(&mut tx, user, provider, offer, now).await? else {
            return Ok(None);
        };
        tx.commit().await?;
        Ok(Some(id))
    }

    /// Changes the terms of an offer still at `status` and `version`, as a member of its
    /// provider: a new version when `new_version`, else the current version's presentation
    /// (description and tagline) in place. Returns the version now current, or `None` when the
    /// offer is out of reach or changed meanwhile.
    pub async fn update_offer_terms(
        &self,
        user: UserId,
        offer: OfferId,
        (status, version): (OfferStatus, i64),
        terms: &ValidOfferTerms,
        new_version: bool,
        now: i64,
    ) -> Result<Option<i64>, StoreError> {
        let mut tx = self.begin_write().await?;
        let guard = format!(
            "offers.id = $1 AND offers.status = $2 AND offers.current_version = $3 AND {}",
            access_test(4, 5)
        );
        let (flag, member) = Access::Member(user).binds();
        let current = if new_version {
            let next: Option<i64> = sqlx::query_scalar(&format!(
                "UPDATE offers SET current_version = current_version + 1 WHERE {guard} \
                 RETURNING current_version"
            ))
            .bind(offer.get())
            .bind(status.as_str())
            .bind(version)
            .bind(flag)
            .bind(member)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(next) = next else { return Ok(None) };
            insert_version(&mut tx, offer.get(), next, terms.get(), now).await?;
            next
        } else {
            let done = sqlx::query(&format!(
                "UPDATE offer_versions SET description = $6, tagline = $7 \
                 WHERE offer_id = $1 AND version = $3 AND EXISTS (SELECT 1 FROM offers WHERE {guard})"
            ))
            .bind(offer.get())
            .bind(status.as_str())
            .bind(version)
            .bind(flag)
            .bind(member)
            .bind(&terms.get().description)
            .bind(&terms.get().tagline)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Ok(None);
            }
            version
        };
        tx.commit().await?;
        Ok(Some(current))
    }

    /// Moves an offer within reach from `from` to `to`, recording the review's reason; false
    /// when it is out of reach or no longer at `from`. Reaching `published` marks the offer as
    /// published once, so that later submissions skip the review.
    pub async fn move_offer(
        &self,
        access: Access,
        offer: OfferId,
        (from, to): (OfferStatus, OfferStatus),
        reason: Option<&str>,
    ) -> Result<bool, StoreError> {
        let (flag, member) = access.binds();
        let done = sqlx::query(&format!(
            "UPDATE offers SET status = $1, review_reason = $2, \
             published_once = CASE WHEN $1 = 'published' THEN 1 ELSE published_once END \
             WHERE id = $3 AND status = $4 AND {}",
            access_test(5, 6)
        ))
        .bind(to.as_str())
        .bind(reason)
        .bind(offer.get())
        .bind(from.as_str())
        .bind(flag)
        .bind(member)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Sets the units for sale (`None`: unlimited) of an offer `user` may manage.
    pub async fn set_offer_capacity(
        &self,
        user: UserId,
        offer: OfferId,
        capacity: Option<i64>,
    ) -> Result<bool, StoreError> {
        let (flag, member) = Access::Member(user).binds();
        let done = sqlx::query(&format!(
            "UPDATE offers SET capacity = $1 WHERE id = $2 AND {}",
            access_test(3, 4)
        ))
        .bind(capacity)
        .bind(offer.get())
        .bind(flag)
        .bind(member)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// An offer within reach with every version it had, oldest first.
    pub async fn offer_detail(
        &self,
        access: Access,
        offer: OfferId,
    ) -> Result<Option<OfferDetail>, StoreError> {
        let (flag, member) = access.binds();
        let Some(row) = sqlx::query(&format!(
            "SELECT id, provider_id, external_id, domain, status, review_reason, capacity, \
             current_version, published_once, created_at FROM offers WHERE id = $1 AND {}",
            access_test(2, 3)
        ))
        .bind(offer.get())
        .bind(flag)
        .bind(member)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        // The versions repeat the access test, so that this query alone never reveals them.
        let versions = sqlx::query(&format!(
            "SELECT v.* FROM offer_versions v JOIN offers ON offers.id = v.offer_id \
             WHERE v.offer_id = $1 AND {} ORDER BY v.version",
            access_test(2, 3)
        ))
        .bind(offer.get())
        .bind(flag)
        .bind(member)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| {
            Ok(OfferVersion {
                version: row.try_get("version")?,
                terms: terms_from_row(row)?,
                effective_from: row.try_get("effective_from")?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
        Ok(Some(OfferDetail {
            id: OfferId::new(row.try_get("id")?),
            provider: ProviderId::new(row.try_get("provider_id")?),
            external_id: row.try_get("external_id")?,
            domain: row.try_get("domain")?,
            status: offer_status_from_row(&row)?,
            review_reason: row.try_get("review_reason")?,
            capacity: row.try_get("capacity")?,
            current_version: row.try_get("current_version")?,
            published_once: row.try_get::<i64, _>("published_once")? == 1,
            created_at: row.try_get("created_at")?,
            versions,
        }))
    }

    /// Offers waiting for the operator's review, oldest first.
    pub async fn offers_in_review(&self) -> Result<Vec<OfferListing>, StoreError> {
        let rows = sqlx::query(&format!(
            "{LISTING} WHERE offers.status = $1 ORDER BY offers.created_at, offers.id"
        ))
        .bind(OfferStatus::InReview.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(listing_from_row).collect()
    }

    /// Every offer of a provider, for its members only.
    pub async fn provider_offers(
        &self,
        user: UserId,
        provider: ProviderId,
    ) -> Result<Vec<OfferListing>, StoreError> {
        let (flag, member) = Access::Member(user).binds();
        let rows = sqlx::query(&format!(
            "{LISTING} WHERE offers.provider_id = $1 AND {} ORDER BY offers.external_id",
            access_test(2, 3)
        ))
        .bind(provider.get())
        .bind(flag)
        .bind(member)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(listing_from_row).collect()
    }
    /// Every provider, for the operator's list, by name.
    pub async fn all_providers(&self) -> Result<Vec<Provider>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {PROVIDER_COLUMNS} FROM providers ORDER BY providers.legal_name, providers.id"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(provider_from_row).collect()
    }

    /// The members of a provider with their names, when `access` reaches the provider.
    pub async fn provider_members(
        &self,
        access: Access,
        provider: ProviderId,
    ) -> Result<Vec<ProviderMember>, StoreError> {
        let (flag, member) = access.binds();
        let rows = sqlx::query(
            "SELECT u.id, u.name, u.email, pm.role FROM provider_members pm \
             JOIN users u ON u.id = pm.user_id WHERE pm.provider_id = $1 AND ($2 = 1 OR EXISTS \
             (SELECT 1 FROM provider_members me WHERE me.provider_id = pm.provider_id \
             AND me.user_id = $3)) ORDER BY u.name, u.id",
        )
        .bind(provider.get())
        .bind(flag)
        .bind(member)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ProviderMember {
                    user: UserId::new(row.try_get("id")?),
                    name: row.try_get("name")?,
                    email: row.try_get("email")?,
                    role: role_from_row(row)?,
                })
            })
            .collect()
    }

    /// The published offers of an approved provider, for its public page, by domain and name.
    pub async fn public_provider_offers(
        &self,
        provider: ProviderId,
    ) -> Result<Vec<OfferListing>, StoreError> {
        let rows = sqlx::query(&format!(
            "{LISTING} WHERE offers.provider_id = $1 AND offers.status = $2 AND p.status = $3 \
             ORDER BY offers.domain, v.name, offers.id"
        ))
        .bind(provider.get())
        .bind(OfferStatus::Published.as_str())
        .bind(ProviderStatus::Approved.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(listing_from_row).collect()
    }

    /// The published offers of approved providers among `ids`, in the order of `ids`.
    pub async fn published_listings(
        &self,
        ids: &[OfferId],
    ) -> Result<Vec<OfferListing>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = (0..ids.len())
            .map(|i| format!("${}", i + 3))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "{LISTING} WHERE offers.status = $1 AND p.status = $2 AND offers.id IN ({list})"
        );
        let mut rows = sqlx::query(&sql)
            .bind(OfferStatus::Published.as_str())
            .bind(ProviderStatus::Approved.as_str());
        for id in ids {
            rows = rows.bind(id.get());
        }
        let listings = rows
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(listing_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ids
            .iter()
            .filter_map(|id| listings.iter().find(|l| l.id == *id).cloned())
            .collect())
    }
}

/// Inserts a draft offer with its first version, when `user` is a member of `provider`; `None`
/// (having written nothing) otherwise.
pub(super) async fn insert_offer(
    tx: &mut Transaction<'static, Any>,
    user: UserId,
    provider: ProviderId,
    offer: &ValidNewOffer,
    now: i64,
) -> Result<Option<OfferId>, StoreError> {
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO offers (provider_id, external_id, domain, status, capacity, \
         current_version, created_at) \
         SELECT $1, $2, $3, $4, $5, 1, $6 WHERE EXISTS (SELECT 1 FROM provider_members \
         WHERE provider_id = $1 AND user_id = $7) RETURNING id",
    )
    .bind(provider.get())
    .bind(offer.external_id())
    .bind(offer.domain())
    .bind(OfferStatus::Draft.as_str())
    .bind(offer.capacity())
    .bind(now)
    .bind(user.get())
    .fetch_optional(&mut **tx)
    .await
    .map_err(|err| unique_violation(err, "external_id"))?;
    let Some(id) = id else { return Ok(None) };
    insert_version(tx, id, 1, offer.terms().get(), now).await?;
    Ok(Some(OfferId::new(id)))
}

pub(super) async fn insert_version(
    tx: &mut Transaction<'static, Any>,
    offer: i64,
    version: i64,
    terms: &OfferTerms,
    now: i64,
) -> Result<(), StoreError> {
    // Serialising a map of strings to finite numbers and a set of strings cannot fail.
    let attributes = serde_json::to_string(&terms.attributes).unwrap_or_default();
    let certifications = serde_json::to_string(&terms.certifications).unwrap_or_default();
    sqlx::query(
        "INSERT INTO offer_versions (offer_id, version, name, description, tagline, unit, \
         country, jurisdiction, attributes, certifications, availability_bp, currency, \
         monthly_price_minor, carbon_g_month, effective_from) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
    )
    .bind(offer)
    .bind(version)
    .bind(&terms.name)
    .bind(&terms.description)
    .bind(&terms.tagline)
    .bind(&terms.unit)
    .bind(&terms.country)
    .bind(&terms.jurisdiction)
    .bind(attributes)
    .bind(certifications)
    .bind(i64::from(terms.availability_bp))
    .bind(&terms.currency)
    .bind(terms.monthly_price_minor)
    .bind(terms.carbon_g_month)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn terms_from_row(row: &AnyRow) -> Result<OfferTerms, StoreError> {
    let attributes: String = row.try_get("attributes")?;
    let certifications: String = row.try_get("certifications")?;
    Ok(OfferTerms {
        name: row.try_get("name")?,
        description: row.try_get("description")?,
        tagline: row.try_get("tagline")?,
        unit: row.try_get("unit")?,
        country: row.try_get("country")?,
        jurisdiction: row.try_get("jurisdiction")?,
        attributes: serde_json::from_str(&attributes)
            .map_err(|_| StoreError::Corrupt("offer_versions.attributes"))?,
        certifications: serde_json::from_str(&certifications)
            .map_err(|_| StoreError::Corrupt("offer_versions.certifications"))?,
        availability_bp: u32::try_from(row.try_get::<i64, _>("availability_bp")?)
            .map_err(|_| StoreError::Corrupt("offer_versions.availability_bp"))?,
        currency: row.try_get("currency")?,
        monthly_price_minor: row.try_get("monthly_price_minor")?,
        carbon_g_month: row.try_get("carbon_g_month")?,
    })
}

pub(super) fn listing_from_row(row: &AnyRow) -> Result<OfferListing, StoreError> {
    Ok(OfferListing {
        id: OfferId::new(row.try_get("id")?),
        provider: ProviderId::new(row.try_get("provider_id")?),
        provider_slug: row.try_get("slug")?,
        provider_name: row.try_get("legal_name")?,
        external_id: row.try_get("external_id")?,
        domain: row.try_get("domain")?,
        status: offer_status_from_row(row)?,
        version: row.try_get("version")?,
        terms: terms_from_row(row)?,
        capacity: row.try_get("capacity")?,
    })
}

fn provider_from_row(row: &AnyRow) -> Result<Provider, StoreError> {
    Ok(Provider {
        id: ProviderId::new(row.try_get("id")?),
        slug: row.try_get("slug")?,
        legal_name: row.try_get("legal_name")?,
        country: row.try_get("country")?,
        jurisdiction: row.try_get("jurisdiction")?,
        website: row.try_get("website")?,
        description: row.try_get("description")?,
        support_contact: row.try_get("support_contact")?,
        status: ProviderStatus::parse(&row.try_get::<String, _>("status")?)
            .ok_or(StoreError::Corrupt("providers.status"))?,
        decision_reason: row.try_get("decision_reason")?,
        created_at: row.try_get("created_at")?,
        decided_at: row.try_get("decided_at")?,
    })
}

fn offer_status_from_row(row: &AnyRow) -> Result<OfferStatus, StoreError> {
    OfferStatus::parse(&row.try_get::<String, _>("status")?)
        .ok_or(StoreError::Corrupt("offers.status"))
}

fn role_from_row(row: &AnyRow) -> Result<ProviderRole, StoreError> {
    ProviderRole::parse(&row.try_get::<String, _>("role")?)
        .ok_or(StoreError::Corrupt("provider_members.role"))
}
