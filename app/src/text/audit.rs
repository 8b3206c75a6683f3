//! The audit log's words: what each action did, with its subject, and in which capacity its
//! actor acted.

use super::{fill, provider_role_text, role_text};
use crate::format::{money, percent};
use crate::i18n::*;
use broker::account::Role;
use broker::audit::{Action, ActionKind, Capacity};
use broker::catalog::ProviderRole;
use broker::money::Currency;

/// The capacity an actor acted in.
pub fn capacity_text(locale: Locale, capacity: Capacity) -> &'static str {
    match capacity {
        Capacity::Visitor => td_string!(locale, audit.capacity_visitor),
        Capacity::User => td_string!(locale, audit.capacity_user),
        Capacity::Operator => td_string!(locale, audit.capacity_operator),
        Capacity::Tenant(Role::Owner) => td_string!(locale, audit.capacity_tenant_owner),
        Capacity::Tenant(Role::Admin) => td_string!(locale, audit.capacity_tenant_admin),
        Capacity::Tenant(Role::Buyer) => td_string!(locale, audit.capacity_tenant_buyer),
        Capacity::Tenant(Role::Viewer) => td_string!(locale, audit.capacity_tenant_viewer),
        Capacity::Provider(ProviderRole::Owner) => {
            td_string!(locale, audit.capacity_provider_owner)
        }
        Capacity::Provider(ProviderRole::Member) => {
            td_string!(locale, audit.capacity_provider_member)
        }
    }
}

/// The name of a kind of action, as the log's filter lists it.
pub fn kind_text(locale: Locale, kind: ActionKind) -> &'static str {
    match kind {
        ActionKind::LoggedIn => td_string!(locale, audit.kind_logged_in),
        ActionKind::LogInFailed => td_string!(locale, audit.kind_log_in_failed),
        ActionKind::PasswordChanged => td_string!(locale, audit.kind_password_changed),
        ActionKind::ProviderApproved => td_string!(locale, audit.kind_provider_approved),
        ActionKind::ProviderRejected => td_string!(locale, audit.kind_provider_rejected),
        ActionKind::ProviderSuspended => td_string!(locale, audit.kind_provider_suspended),
        ActionKind::ProviderReinstated => td_string!(locale, audit.kind_provider_reinstated),
        ActionKind::OfferSubmitted => td_string!(locale, audit.kind_offer_submitted),
        ActionKind::OfferRetired => td_string!(locale, audit.kind_offer_retired),
        ActionKind::OfferApproved => td_string!(locale, audit.kind_offer_approved),
        ActionKind::OfferRejected => td_string!(locale, audit.kind_offer_rejected),
        ActionKind::CommissionChanged => td_string!(locale, audit.kind_commission_changed),
        ActionKind::PaymentRecorded => td_string!(locale, audit.kind_payment_recorded),
        ActionKind::InvoiceCancelled => td_string!(locale, audit.kind_invoice_cancelled),
        ActionKind::RefundRequested => td_string!(locale, audit.kind_refund_requested),
        ActionKind::ProviderTokenCreated => td_string!(locale, audit.kind_provider_token_created),
        ActionKind::ProviderTokenRevoked => td_string!(locale, audit.kind_provider_token_revoked),
        ActionKind::MemberInvited => td_string!(locale, audit.kind_member_invited),
        ActionKind::InvitationRevoked => td_string!(locale, audit.kind_invitation_revoked),
        ActionKind::InvitationAccepted => td_string!(locale, audit.kind_invitation_accepted),
        ActionKind::OrganisationInvited => td_string!(locale, audit.kind_organisation_invited),
        ActionKind::InvitationResent => td_string!(locale, audit.kind_invitation_resent),
        ActionKind::ContractSigned => td_string!(locale, audit.kind_contract_signed),
        ActionKind::OfferCreated => td_string!(locale, audit.kind_offer_created),
        ActionKind::OfferTermsChanged => td_string!(locale, audit.kind_offer_terms_changed),
        ActionKind::CapacityChanged => td_string!(locale, audit.kind_capacity_changed),
        ActionKind::CatalogImported => td_string!(locale, audit.kind_catalog_imported),
        ActionKind::BudgetChanged => td_string!(locale, audit.kind_budget_changed),
        ActionKind::BillingProfileSaved => td_string!(locale, audit.kind_billing_profile_saved),
        ActionKind::PayoutRecorded => td_string!(locale, audit.kind_payout_recorded),
        ActionKind::PayoutTransferRequested => {
            td_string!(locale, audit.kind_payout_transfer_requested)
        }
        ActionKind::PayoutAccountOpened => td_string!(locale, audit.kind_payout_account_opened),
        ActionKind::MemberRoleChanged => td_string!(locale, audit.kind_member_role_changed),
        ActionKind::MemberRemoved => td_string!(locale, audit.kind_member_removed),
        ActionKind::UserSuspended => td_string!(locale, audit.kind_user_suspended),
        ActionKind::UserReinstated => td_string!(locale, audit.kind_user_reinstated),
        ActionKind::OrganisationSuspended => td_string!(locale, audit.kind_organisation_suspended),
        ActionKind::OrganisationReinstated => {
            td_string!(locale, audit.kind_organisation_reinstated)
        }
        ActionKind::OperatorGranted => td_string!(locale, audit.kind_operator_granted),
        ActionKind::OperatorRevoked => td_string!(locale, audit.kind_operator_revoked),
    }
}

fn amount(minor: i64, currency: &str) -> String {
    match Currency::parse(currency) {
        Ok(currency) => money(minor, currency),
        Err(_) => format!("{minor} {currency}"),
    }
}

/// What `action` did, with its subject, in a sentence without its actor ("approved provider 4").
pub fn action_text(locale: Locale, action: &Action) -> String {
    let id = |id: i64| id.to_string();
    match action {
        Action::LoggedIn => td_string!(locale, audit.logged_in).to_owned(),
        Action::LogInFailed { email } => {
            fill(td_string!(locale, audit.log_in_failed), &[("email", email)])
        }
        Action::PasswordChanged => td_string!(locale, audit.password_changed).to_owned(),
        Action::ProviderApproved { provider } => fill(
            td_string!(locale, audit.provider_approved),
            &[("provider", &id(provider.get()))],
        ),
        Action::ProviderRejected { provider, reason } => fill(
            td_string!(locale, audit.provider_rejected),
            &[("provider", &id(provider.get())), ("reason", reason)],
        ),
        Action::ProviderSuspended { provider, reason } => fill(
            td_string!(locale, audit.provider_suspended),
            &[("provider", &id(provider.get())), ("reason", reason)],
        ),
        Action::ProviderReinstated { provider } => fill(
            td_string!(locale, audit.provider_reinstated),
            &[("provider", &id(provider.get()))],
        ),
        Action::OfferSubmitted { offer } => fill(
            td_string!(locale, audit.offer_submitted),
            &[("offer", &id(offer.get()))],
        ),
        Action::OfferRetired { offer } => fill(
            td_string!(locale, audit.offer_retired),
            &[("offer", &id(offer.get()))],
        ),
        Action::OfferApproved { offer } => fill(
            td_string!(locale, audit.offer_approved),
            &[("offer", &id(offer.get()))],
        ),
        Action::OfferRejected { offer, reason } => fill(
            td_string!(locale, audit.offer_rejected),
            &[("offer", &id(offer.get())), ("reason", reason)],
        ),
        Action::CommissionChanged {
            provider,
            was_bp,
            rate_bp,
            from_month,
        } => fill(
            td_string!(locale, audit.commission_changed),
            &[
                ("provider", &id(provider.get())),
                ("was", &percent(*was_bp)),
                ("rate", &percent(*rate_bp)),
                ("month", from_month),
            ],
        ),
        Action::PaymentRecorded {
            payment,
            invoice,
            amount_minor,
            currency,
        } => fill(
            td_string!(locale, audit.payment_recorded),
            &[
                ("payment", &id(*payment)),
                ("amount", &amount(*amount_minor, currency)),
                ("invoice", invoice),
            ],
        ),
        Action::InvoiceCancelled {
            invoice,
            credit_note,
            reason,
        } => fill(
            td_string!(locale, audit.invoice_cancelled),
            &[
                ("invoice", invoice),
                ("credit_note", credit_note),
                ("reason", reason),
            ],
        ),
        Action::RefundRequested {
            invoice,
            amount_minor,
            currency,
            reason,
        } => fill(
            td_string!(locale, audit.refund_requested),
            &[
                ("amount", &amount(*amount_minor, currency)),
                ("invoice", invoice),
                ("reason", reason),
            ],
        ),
        Action::ProviderTokenCreated { token, name } => fill(
            td_string!(locale, audit.provider_token_created),
            &[("token", &id(token.get())), ("name", name)],
        ),
        Action::ProviderTokenRevoked { token } => fill(
            td_string!(locale, audit.provider_token_revoked),
            &[("token", &id(token.get()))],
        ),
        Action::MemberInvited {
            invitation,
            email,
            role,
        } => fill(
            td_string!(locale, audit.member_invited),
            &[
                ("email", email),
                ("role", provider_role_text(locale, *role)),
                ("invitation", &id(invitation.get())),
            ],
        ),
        Action::OrganisationInvited {
            invitation,
            email,
            role,
        } => fill(
            td_string!(locale, audit.organisation_invited),
            &[
                ("invitation", &id(invitation.get())),
                ("email", email),
                ("role", role_text(locale, *role)),
            ],
        ),
        Action::InvitationResent { invitation } => fill(
            td_string!(locale, audit.invitation_resent),
            &[("invitation", &id(invitation.get()))],
        ),
        Action::InvitationRevoked { invitation } => fill(
            td_string!(locale, audit.invitation_revoked),
            &[("invitation", &id(invitation.get()))],
        ),
        Action::InvitationAccepted { invitation } => fill(
            td_string!(locale, audit.invitation_accepted),
            &[("invitation", &id(invitation.get()))],
        ),
        Action::ContractSigned { contract } => fill(
            td_string!(locale, audit.contract_signed),
            &[("contract", &id(contract.get()))],
        ),
        Action::OfferCreated { offer, external_id } => fill(
            td_string!(locale, audit.offer_created),
            &[("offer", &id(offer.get())), ("external_id", external_id)],
        ),
        Action::OfferTermsChanged { offer, version } => fill(
            td_string!(locale, audit.offer_terms_changed),
            &[("offer", &id(offer.get())), ("version", &id(*version))],
        ),
        Action::CapacityChanged {
            offer,
            was,
            capacity,
        } => {
            let units = |units: &Option<i64>| match units {
                Some(units) => units.to_string(),
                None => td_string!(locale, audit.unlimited).to_owned(),
            };
            fill(
                td_string!(locale, audit.capacity_changed),
                &[
                    ("offer", &id(offer.get())),
                    ("was", &units(was)),
                    ("capacity", &units(capacity)),
                ],
            )
        }
        Action::CatalogImported {
            provider,
            created,
            updated,
            capacity_changed,
        } => fill(
            td_string!(locale, audit.catalog_imported),
            &[
                ("provider", &id(provider.get())),
                ("created", &created.to_string()),
                ("updated", &updated.to_string()),
                ("capacity", &capacity_changed.to_string()),
            ],
        ),
        Action::BudgetChanged {
            was,
            budget,
            currency,
        } => {
            let shown = |minor: &Option<i64>| match minor {
                Some(minor) => amount(*minor, currency),
                None => td_string!(locale, audit.no_budget).to_owned(),
            };
            fill(
                td_string!(locale, audit.budget_changed),
                &[("was", &shown(was)), ("budget", &shown(budget))],
            )
        }
        Action::BillingProfileSaved => td_string!(locale, audit.billing_profile_saved).to_owned(),
        Action::PayoutRecorded {
            payout,
            provider,
            amount_minor,
            currency,
            reference,
        } => fill(
            td_string!(locale, audit.payout_recorded),
            &[
                ("payout", &id(*payout)),
                ("amount", &amount(*amount_minor, currency)),
                ("provider", &id(provider.get())),
                ("reference", reference),
            ],
        ),
        Action::PayoutTransferRequested {
            transfer,
            provider,
            invoice,
            amount_minor,
            currency,
        } => fill(
            td_string!(locale, audit.payout_transfer_requested),
            &[
                ("transfer", &id(*transfer)),
                ("amount", &amount(*amount_minor, currency)),
                ("provider", &id(provider.get())),
                ("invoice", invoice),
            ],
        ),
        Action::PayoutAccountOpened { provider, account } => fill(
            td_string!(locale, audit.payout_account_opened),
            &[("provider", &id(provider.get())), ("account", account)],
        ),
        Action::MemberRoleChanged { user, was, role } => fill(
            td_string!(locale, audit.member_role_changed),
            &[
                ("user", &id(user.get())),
                ("was", role_text(locale, *was)),
                ("role", role_text(locale, *role)),
            ],
        ),
        Action::MemberRemoved { user, was } => fill(
            td_string!(locale, audit.member_removed),
            &[("user", &id(user.get())), ("was", role_text(locale, *was))],
        ),
        Action::UserSuspended { user, reason } => fill(
            td_string!(locale, audit.user_suspended),
            &[("user", &id(user.get())), ("reason", reason)],
        ),
        Action::UserReinstated { user } => fill(
            td_string!(locale, audit.user_reinstated),
            &[("user", &id(user.get()))],
        ),
        Action::OrganisationSuspended { tenant, reason } => fill(
            td_string!(locale, audit.organisation_suspended),
            &[("organisation", &id(tenant.get())), ("reason", reason)],
        ),
        Action::OrganisationReinstated { tenant } => fill(
            td_string!(locale, audit.organisation_reinstated),
            &[("organisation", &id(tenant.get()))],
        ),
        Action::OperatorGranted { user } => fill(
            td_string!(locale, audit.operator_granted),
            &[("user", &id(user.get()))],
        ),
        Action::OperatorRevoked { user } => fill(
            td_string!(locale, audit.operator_revoked),
            &[("user", &id(user.get()))],
        ),
    }
}
