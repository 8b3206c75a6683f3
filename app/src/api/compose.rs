//! Server functions of the composer: a tenant's blueprint drafts, started from a template or from
//! nothing, edited as a form, imported and exported as `comptoir.blueprint/v1` files.

#[cfg(feature = "ssr")]
use super::ssr::{Ctx, now, redirect_to};
use crate::error::AppError;
use broker::blueprint::BlueprintSummary;
use broker::blueprint_form::BlueprintForm;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The composer's home: the active organisation's drafts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComposeHome {
    pub tenant_name: String,
    pub drafts: Vec<BlueprintSummary>,
    /// False for viewers, who read drafts but do not write them.
    pub can_write: bool,
}

/// One draft in its editor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlueprintView {
    pub id: i64,
    pub form: BlueprintForm,
    /// The `comptoir.blueprint/v1` document, for the export link.
    pub document: String,
    pub updated_at: i64,
    pub can_write: bool,
}

#[cfg(feature = "ssr")]
mod composer {
    use super::*;
    use broker::account::{CurrentUser, Membership};

    /// The signed-in user and their membership of the organisation they work in.
    pub async fn load(ctx: &Ctx) -> Result<(CurrentUser, Membership), AppError> {
        let (_, user) = ctx.require_user().await?;
        let memberships = ctx.state.accounts.memberships(user.id).await?;
        let tenant = ctx
            .active_tenant(&memberships)
            .await?
            .ok_or(AppError::NotFound)?;
        let membership = memberships
            .into_iter()
            .find(|m| m.tenant == tenant)
            .ok_or(AppError::NotFound)?;
        Ok((user, membership))
    }

    /// Where the session keeps a refused form, for a browser without JavaScript to find it
    /// again on the page it is sent back to.
    const REFUSED: &str = "refused_blueprint_form";

    pub async fn keep_refused(ctx: &Ctx, id: i64, form: &BlueprintForm) -> Result<(), AppError> {
        ctx.session
            .insert(REFUSED, (id, form))
            .await
            .map_err(|err| crate::error::internal(&err))
    }

    /// The form of draft `id` as it was refused, once.
    pub async fn take_refused(ctx: &Ctx, id: i64) -> Result<Option<BlueprintForm>, AppError> {
        let kept: Option<(i64, BlueprintForm)> = ctx
            .session
            .remove(REFUSED)
            .await
            .map_err(|err| crate::error::internal(&err))?;
        Ok(kept.filter(|(draft, _)| *draft == id).map(|(_, form)| form))
    }
}

#[server(prefix = "/api", endpoint = "compose_home")]
pub async fn load_compose_home() -> Result<ComposeHome, AppError> {
    let ctx = Ctx::load().await?;
    let (user, membership) = composer::load(&ctx).await?;
    let drafts = ctx.state.blueprints.list(&user, membership.tenant).await?;
    Ok(ComposeHome {
        tenant_name: membership.tenant_name,
        drafts,
        can_write: membership.role.can_compose(),
    })
}

/// Starts a draft from the template `template`, or an empty one called `name` when `template`
/// is empty.
#[server(prefix = "/api", endpoint = "start_blueprint")]
pub async fn start_blueprint(template: String, name: String) -> Result<String, AppError> {
    let ctx = Ctx::load().await?;
    let (user, membership) = composer::load(&ctx).await?;
    let template = Some(template.as_str()).filter(|t| !t.is_empty());
    let id = ctx
        .state
        .blueprints
        .start(&user, membership.tenant, template, &name, now())
        .await?;
    Ok(redirect_to(&format!("/compose/{id}")))
}

/// Reads a blueprint file's text into a new draft, or says why it does not read.
#[server(prefix = "/api", endpoint = "import_blueprint")]
pub async fn import_blueprint(document: String) -> Result<String, AppError> {
    let ctx = Ctx::load().await?;
    let (user, membership) = composer::load(&ctx).await?;
    // The marketplace plans no larger blueprint, so none is taken in as a draft.
    broker::blueprint::check_document_size(&document)?;
    let id = ctx
        .state
        .blueprints
        .import(&user, membership.tenant, &document, now())
        .await?;
    Ok(redirect_to(&format!("/compose/{id}")))
}

/// The draft, in the form as last refused when `refused` (a browser without JavaScript sent back
/// to the editor), so that nothing typed is lost.
#[server(prefix = "/api", endpoint = "blueprint")]
pub async fn load_blueprint(
    id: i64,
    #[server(default)] refused: bool,
) -> Result<BlueprintView, AppError> {
    let ctx = Ctx::load().await?;
    let (user, membership) = composer::load(&ctx).await?;
    let draft = ctx
        .state
        .blueprints
        .get(
            &user,
            membership.tenant,
            broker::blueprint::BlueprintId::new(id),
        )
        .await?;
    let typed = if refused {
        composer::take_refused(&ctx, id).await?
    } else {
        None
    };
    Ok(BlueprintView {
        id,
        form: typed.unwrap_or_else(|| BlueprintForm::from_blueprint(&draft.blueprint)),
        document: draft.blueprint.to_json(),
        updated_at: draft.updated_at,
        can_write: membership.role.can_compose(),
    })
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct BlueprintSubmission {
    pub id: i64,
    #[serde(default)]
    pub fields: BlueprintForm,
}

/// Saves the draft as typed; `op` is the pressed button: `save`, `add` (a component) or
/// `remove:N` (component N). Nothing is saved while a field does not read.
#[server(prefix = "/api", endpoint = "save_blueprint")]
pub async fn save_blueprint(
    form: BlueprintSubmission,
    #[server(default)] op: String,
) -> Result<String, AppError> {
    use broker::blueprint_form::Edit;
    let ctx = Ctx::load().await?;
    let (user, membership) = composer::load(&ctx).await?;
    let edit = Edit::parse(&op);
    let id = broker::blueprint::BlueprintId::new(form.id);
    let saved = ctx
        .state
        .blueprints
        .save_form(&user, membership.tenant, id, &form.fields, edit, now())
        .await;
    if let Err(broker::service::blueprints::BlueprintsError::Invalid(_)) = &saved {
        composer::keep_refused(&ctx, form.id, &form.fields).await?;
    }
    saved?;
    let anchor = match edit {
        Edit::Save => "?saved=1".to_owned(),
        Edit::AddComponent => format!("#component-{}", form.fields.components.len()),
        Edit::RemoveComponent(_) => "#components".to_owned(),
    };
    Ok(redirect_to(&format!("/compose/{id}{anchor}")))
}

#[server(prefix = "/api", endpoint = "delete_blueprint")]
pub async fn delete_blueprint(id: i64) -> Result<String, AppError> {
    let ctx = Ctx::load().await?;
    let (user, membership) = composer::load(&ctx).await?;
    ctx.state
        .blueprints
        .delete(
            &user,
            membership.tenant,
            broker::blueprint::BlueprintId::new(id),
        )
        .await?;
    Ok(redirect_to("/compose"))
}

/// The draft as a `comptoir.blueprint/v1` document's text.
#[server(prefix = "/api", endpoint = "export_blueprint")]
pub async fn export_blueprint(id: i64) -> Result<String, AppError> {
    let ctx = Ctx::load().await?;
    let (user, membership) = composer::load(&ctx).await?;
    Ok(ctx
        .state
        .blueprints
        .export(
            &user,
            membership.tenant,
            broker::blueprint::BlueprintId::new(id),
        )
        .await?)
}
