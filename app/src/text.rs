//! The words for Comptoir's domain values in the page's language: roles, the statuses of
//! offers, providers, contracts and resources, the service domains, contract events, catalog
//! sort orders, plan objectives and requirements, and the composer's templates; and the
//! sentences of the broker's refusals, with their figures (`refusals`). Pages and
//! components take their labels from here, so one value reads the same everywhere.

mod audit;
mod invoice;
mod refusals;

pub use audit::{action_text, capacity_text, kind_text};
pub use invoice::{invoice_status, line_kind, line_text};
pub use refusals::RefusalTexts;

use crate::i18n::*;
use broker::account::Role;
use broker::catalog::{OfferStatus, ProviderRole, ProviderStatus};
use broker::contract::ContractStatus;
use broker::contract::events::EventKind;
use broker::format::Objective;
use broker::placement::Requirement;
use broker::provisioning::ResourceState;
use broker::search::CatalogSort;
use broker::templates::Template;

/// `template` with each `{name}` replaced by its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut text = template.to_owned();
    for (name, value) in values {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

/// The service domains an offer can belong to, in the order the forms list them.
pub const DOMAINS: [&str; 6] = [
    "compute", "storage", "database", "network", "platform", "software",
];

/// A member's role in an organisation.
pub fn role_text(locale: Locale, role: Role) -> &'static str {
    match role {
        Role::Owner => td_string!(locale, roles.owner),
        Role::Admin => td_string!(locale, roles.admin),
        Role::Buyer => td_string!(locale, roles.buyer),
        Role::Viewer => td_string!(locale, roles.viewer),
    }
}

/// A member's role in a provider's team.
pub fn provider_role_text(locale: Locale, role: ProviderRole) -> &'static str {
    match role {
        ProviderRole::Owner => td_string!(locale, roles.owner),
        ProviderRole::Member => td_string!(locale, sell.role_member),
    }
}

pub fn provider_status_text(locale: Locale, status: ProviderStatus) -> &'static str {
    match status {
        ProviderStatus::Pending => td_string!(locale, sell.status_pending),
        ProviderStatus::Approved => td_string!(locale, sell.status_approved),
        ProviderStatus::Rejected => td_string!(locale, sell.status_rejected),
        ProviderStatus::Suspended => td_string!(locale, sell.status_suspended),
    }
}

pub fn offer_status_text(locale: Locale, status: OfferStatus) -> &'static str {
    match status {
        OfferStatus::Draft => td_string!(locale, offers.status_draft),
        OfferStatus::InReview => td_string!(locale, offers.status_in_review),
        OfferStatus::Published => td_string!(locale, offers.status_published),
        OfferStatus::Retired => td_string!(locale, offers.status_retired),
        OfferStatus::Rejected => td_string!(locale, offers.status_rejected),
    }
}

pub fn contract_status_text(locale: Locale, status: ContractStatus) -> &'static str {
    match status {
        ContractStatus::AwaitingSignature => td_string!(locale, contract.awaiting_signature),
        ContractStatus::Signed => td_string!(locale, contract.signed),
        ContractStatus::Active => td_string!(locale, contract.active),
        ContractStatus::Terminated => td_string!(locale, contract.terminated),
    }
}

/// An event of a contract's history.
pub fn event_text(locale: Locale, kind: EventKind) -> &'static str {
    match kind {
        EventKind::Created => td_string!(locale, contract.event_created),
        EventKind::Signed => td_string!(locale, contract.event_signed),
        EventKind::LineActivated => td_string!(locale, contract.event_line_activated),
        EventKind::LineFailed => td_string!(locale, contract.event_line_failed),
        EventKind::Activated => td_string!(locale, contract.event_activated),
        EventKind::LineTerminated => td_string!(locale, contract.event_line_terminated),
        EventKind::Terminated => td_string!(locale, contract.event_terminated),
    }
}

/// Where a contract line's resource is in its provisioning.
pub fn resource_state_text(locale: Locale, state: ResourceState) -> &'static str {
    match state {
        ResourceState::Requested => td_string!(locale, resources.requested),
        ResourceState::Provisioning => td_string!(locale, resources.provisioning),
        ResourceState::Active => td_string!(locale, resources.active),
        ResourceState::Failed => td_string!(locale, resources.failed),
        ResourceState::Terminating => td_string!(locale, resources.terminating),
        ResourceState::Terminated => td_string!(locale, resources.terminated),
    }
}

/// A service domain; a domain Comptoir does not know shows as it is written.
pub fn domain_text(locale: Locale, domain: &str) -> String {
    match domain {
        "compute" => td_string!(locale, domains.compute).to_owned(),
        "storage" => td_string!(locale, domains.storage).to_owned(),
        "database" => td_string!(locale, domains.database).to_owned(),
        "network" => td_string!(locale, domains.network).to_owned(),
        "platform" => td_string!(locale, domains.platform).to_owned(),
        "software" => td_string!(locale, domains.software).to_owned(),
        other => other.to_owned(),
    }
}

/// An order of the catalog's results.
pub fn sort_text(locale: Locale, sort: CatalogSort) -> &'static str {
    match sort {
        CatalogSort::Price => td_string!(locale, catalog.sort_price),
        CatalogSort::Carbon => td_string!(locale, catalog.sort_carbon),
        CatalogSort::Availability => td_string!(locale, catalog.sort_availability),
        CatalogSort::Name => td_string!(locale, catalog.sort_name),
    }
}

/// A requirement of a blueprint component that no offer met.
pub fn requirement_text(locale: Locale, requirement: Requirement) -> &'static str {
    match requirement {
        Requirement::Attributes => td_string!(locale, plan.req_attributes),
        Requirement::Certifications => td_string!(locale, plan.req_certifications),
        Requirement::Countries => td_string!(locale, plan.req_countries),
        Requirement::Jurisdictions => td_string!(locale, plan.req_jurisdictions),
        Requirement::Availability => td_string!(locale, plan.req_availability),
        Requirement::Capacity => td_string!(locale, plan.req_capacity),
    }
}

/// The title of the plan made for an objective.
pub fn objective_title(locale: Locale, objective: Objective) -> &'static str {
    match objective {
        Objective::Cost => td_string!(locale, plan.cost_optimal),
        Objective::Carbon => td_string!(locale, plan.carbon_optimal),
    }
}

/// A blueprint template's title and summary; a template without a translation keeps its own.
pub fn template_text(locale: Locale, template: &Template) -> (&'static str, &'static str) {
    match template.name {
        "web-shop" => (
            td_string!(locale, compose.template_web_shop),
            td_string!(locale, compose.template_web_shop_summary),
        ),
        "erp" => (
            td_string!(locale, compose.template_erp),
            td_string!(locale, compose.template_erp_summary),
        ),
        "hpc-batch" => (
            td_string!(locale, compose.template_hpc_batch),
            td_string!(locale, compose.template_hpc_batch_summary),
        ),
        "data-lake" => (
            td_string!(locale, compose.template_data_lake),
            td_string!(locale, compose.template_data_lake_summary),
        ),
        _ => (template.title, template.summary),
    }
}
