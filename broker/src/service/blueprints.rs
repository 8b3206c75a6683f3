//! A tenant's blueprint drafts: composing a service from a template or from nothing, saving it as
//! typed in the form, and taking it in and out as a `comptoir.blueprint/v1` file.
//!
//! Every member reads the drafts; owners, admins and buyers write them, viewers do not. A draft of
//! another tenant, or a tenant the user is not a member of, is not found.

use crate::account::{CurrentUser, Role, TenantId};
use crate::blueprint::{BlueprintId, BlueprintSummary};
use crate::blueprint_form::{BlueprintForm, Edit, FieldError};
use crate::format::{Blueprint, FormatError};
use crate::store::blueprints::BlueprintRow;
use crate::store::{Store, StoreError};

/// Why a blueprint use case failed.
#[derive(Debug, thiserror::Error)]
pub enum BlueprintsError {
    /// No such draft in this tenant for this user (or not a member at all).
    #[error("not found")]
    NotFound,
    #[error("your role in this organisation does not allow this")]
    Forbidden,
    /// The form does not read: every field at fault.
    #[error("some fields are invalid")]
    Invalid(Vec<FieldError>),
    /// The imported document is not a valid blueprint.
    #[error("not a valid blueprint: {0}")]
    Format(#[from] FormatError),
    /// A template of the marketplace does not read: a fault of the marketplace, not the user's.
    #[error("template {name} does not read: {cause}")]
    Template { name: String, cause: FormatError },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// One draft with its blueprint.
#[derive(Clone, Debug, PartialEq)]
pub struct SavedBlueprint {
    pub id: BlueprintId,
    pub name: String,
    pub blueprint: Blueprint,
    pub updated_at: i64,
}

fn read(row: BlueprintRow) -> Result<SavedBlueprint, BlueprintsError> {
    let blueprint = Blueprint::from_json(&row.document)
        .map_err(|_| StoreError::Corrupt("blueprints.document"))?;
    Ok(SavedBlueprint {
        id: row.id,
        name: row.name,
        blueprint,
        updated_at: row.updated_at,
    })
}

/// The name a draft is listed under: the blueprint's, or a placeholder when it has none.
fn listed_name(blueprint: &Blueprint) -> &str {
    match blueprint.name().trim() {
        "" => "untitled",
        name => name,
    }
}

/// The blueprint draft use cases.
#[derive(Clone, Debug)]
pub struct Blueprints {
    store: Store,
}

impl Blueprints {
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    /// Refuses non-members (not found) and viewers (forbidden).
    async fn require_composer(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
    ) -> Result<Role, BlueprintsError> {
        let role = self
            .store
            .tenant_role(user.id, tenant)
            .await?
            .ok_or(BlueprintsError::NotFound)?;
        if role.can_compose() {
            Ok(role)
        } else {
            Err(BlueprintsError::Forbidden)
        }
    }

    /// The tenant's drafts, the last changed first.
    pub async fn list(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
    ) -> Result<Vec<BlueprintSummary>, BlueprintsError> {
        if self.store.tenant_role(user.id, tenant).await?.is_none() {
            return Err(BlueprintsError::NotFound);
        }
        self.store
            .blueprints_of(user.id, tenant)
            .await?
            .into_iter()
            .map(|row| {
                let draft = read(row)?;
                Ok(BlueprintSummary {
                    id: draft.id,
                    name: draft.name,
                    components: draft.blueprint.components().len(),
                    updated_at: draft.updated_at,
                })
            })
            .collect()
    }

    pub async fn get(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
        id: BlueprintId,
    ) -> Result<SavedBlueprint, BlueprintsError> {
        let row = self
            .store
            .saved_blueprint(user.id, tenant, id)
            .await?
            .ok_or(BlueprintsError::NotFound)?;
        read(row)
    }

    /// Saves a new draft of `blueprint`.
    /// Starts a draft from the marketplace's template `template`, or an empty one called `name`
    /// when there is no template.
    pub async fn start(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
        template: Option<&str>,
        name: &str,
        now: i64,
    ) -> Result<BlueprintId, BlueprintsError> {
        let blueprint = match template {
            None => crate::blueprint_form::BlueprintForm::empty(name)
                .read()
                .map_err(BlueprintsError::Invalid)?,
            Some(template) => crate::templates::find(template)
                .ok_or(BlueprintsError::NotFound)?
                .blueprint()
                .map_err(|cause| BlueprintsError::Template {
                    name: template.to_owned(),
                    cause,
                })?,
        };
        self.create(user, tenant, &blueprint, now).await
    }

    pub async fn create(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
        blueprint: &Blueprint,
        now: i64,
    ) -> Result<BlueprintId, BlueprintsError> {
        self.require_composer(user, tenant).await?;
        self.store
            .insert_blueprint(
                user.id,
                tenant,
                listed_name(blueprint),
                &blueprint.to_json(),
                now,
            )
            .await?
            .ok_or(BlueprintsError::Forbidden)
    }

    /// Replaces the blueprint of a draft.
    pub async fn save(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
        id: BlueprintId,
        blueprint: &Blueprint,
        now: i64,
    ) -> Result<(), BlueprintsError> {
        self.require_composer(user, tenant).await?;
        let saved = self
            .store
            .update_blueprint(
                user.id,
                tenant,
                id,
                listed_name(blueprint),
                &blueprint.to_json(),
                now,
            )
            .await?;
        if saved {
            Ok(())
        } else {
            Err(BlueprintsError::NotFound)
        }
    }

    /// Saves the blueprint the form describes after `edit` (a component added or removed), or
    /// names every field that does not read (and saves nothing).
    pub async fn save_form(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
        id: BlueprintId,
        form: &BlueprintForm,
        edit: Edit,
        now: i64,
    ) -> Result<(), BlueprintsError> {
        self.require_composer(user, tenant).await?;
        let blueprint = form.edit(edit).map_err(BlueprintsError::Invalid)?;
        self.save(user, tenant, id, &blueprint, now).await
    }

    pub async fn delete(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
        id: BlueprintId,
    ) -> Result<(), BlueprintsError> {
        self.require_composer(user, tenant).await?;
        if self.store.remove_blueprint(user.id, tenant, id).await? {
            Ok(())
        } else {
            Err(BlueprintsError::NotFound)
        }
    }

    /// Reads a blueprint document's text into a new draft; a document that does not read is
    /// refused with the format's error, which names the component and field at fault.
    pub async fn import(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
        document: &str,
        now: i64,
    ) -> Result<BlueprintId, BlueprintsError> {
        self.require_composer(user, tenant).await?;
        let blueprint = Blueprint::from_json(document)?;
        self.create(user, tenant, &blueprint, now).await
    }

    /// The draft as a `comptoir.blueprint/v1` document.
    pub async fn export(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
        id: BlueprintId,
    ) -> Result<String, BlueprintsError> {
        Ok(self.get(user, tenant, id).await?.blueprint.to_json())
    }
}
