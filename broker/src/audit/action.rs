//! What was done, with its subject: each action the audit log records, as typed data.

use crate::account::{Role, TenantId, UserId};
use crate::catalog::{OfferId, ProviderId, ProviderRole};
use crate::contract::ContractId;
use crate::invitation::InvitationId;
use crate::reports::ProviderTokenId;
use serde::{Deserialize, Serialize};

/// One recorded action and its subject. Amounts are integer minor units of `currency`; rates
/// are basis points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "action")]
pub enum Action {
    LoggedIn,
    /// A log-in refused for a wrong email or password, under the email typed.
    LogInFailed {
        email: String,
    },
    PasswordChanged,
    ProviderApproved {
        provider: ProviderId,
    },
    ProviderRejected {
        provider: ProviderId,
        reason: String,
    },
    ProviderSuspended {
        provider: ProviderId,
        reason: String,
    },
    ProviderReinstated {
        provider: ProviderId,
    },
    /// A provider's member sent an offer to review, or published it again.
    OfferSubmitted {
        offer: OfferId,
    },
    OfferRetired {
        offer: OfferId,
    },
    OfferApproved {
        offer: OfferId,
    },
    OfferRejected {
        offer: OfferId,
        reason: String,
    },
    /// The provider's commission from `from_month` (`YYYY-MM`) on; `was_bp` the rate that
    /// applied before.
    CommissionChanged {
        provider: ProviderId,
        was_bp: u32,
        rate_bp: u32,
        from_month: String,
    },
    PaymentRecorded {
        payment: i64,
        invoice: String,
        amount_minor: i64,
        currency: String,
    },
    InvoiceCancelled {
        invoice: String,
        credit_note: String,
        reason: String,
    },
    RefundRequested {
        invoice: String,
        amount_minor: i64,
        currency: String,
        reason: String,
    },
    ProviderTokenCreated {
        token: ProviderTokenId,
        name: String,
    },
    ProviderTokenRevoked {
        token: ProviderTokenId,
    },
    /// A provider's owner invited `email` to join it with `role`.
    MemberInvited {
        invitation: InvitationId,
        email: String,
        role: ProviderRole,
    },
    InvitationRevoked {
        invitation: InvitationId,
    },
    /// An organisation's owner or admin invited `email` to join it with `role`, by mail.
    OrganisationInvited {
        invitation: InvitationId,
        email: String,
        role: Role,
    },
    /// The invitation went again, with a new link (the old one works no more).
    InvitationResent {
        invitation: InvitationId,
    },
    InvitationAccepted {
        invitation: InvitationId,
    },
    ContractSigned {
        contract: ContractId,
    },
    OfferCreated {
        offer: OfferId,
        external_id: String,
    },
    /// The offer's terms as of `version` (a new one, or the current one's presentation).
    OfferTermsChanged {
        offer: OfferId,
        version: i64,
    },
    /// The units for sale of an offer; `None`: unlimited.
    CapacityChanged {
        offer: OfferId,
        was: Option<i64>,
        capacity: Option<i64>,
    },
    /// A provider's member loaded a catalog document: `created` new drafts, `updated` offers
    /// with new terms, `capacity_changed` offers with only a new capacity.
    CatalogImported {
        provider: ProviderId,
        created: u32,
        updated: u32,
        capacity_changed: u32,
    },
    /// The organisation's monthly budget, in minor units of `currency` (`None`: no budget).
    BudgetChanged {
        was: Option<i64>,
        budget: Option<i64>,
        currency: String,
    },
    /// The organisation's billing profile (who its invoices are addressed to).
    BillingProfileSaved,
    /// A payout to a provider made by hand, under the bank transfer's reference.
    PayoutRecorded {
        payout: i64,
        provider: ProviderId,
        amount_minor: i64,
        currency: String,
        reference: String,
    },
    /// The operator's payout run asked the payment method to transfer a provider's share of the
    /// paid invoice `invoice` to its payout account (what became of it is on the payouts page).
    PayoutTransferRequested {
        transfer: i64,
        provider: ProviderId,
        invoice: String,
        amount_minor: i64,
        currency: String,
    },
    /// A provider's owner opened its payout account at the payment method.
    PayoutAccountOpened {
        provider: ProviderId,
        account: String,
    },
    /// An organisation's owner or admin changed a member's role from `was`.
    MemberRoleChanged {
        user: UserId,
        was: Role,
        role: Role,
    },
    /// An organisation's owner or admin removed a member, who held `was`.
    MemberRemoved {
        user: UserId,
        was: Role,
    },
    UserSuspended {
        user: UserId,
        reason: String,
    },
    UserReinstated {
        user: UserId,
    },
    OrganisationSuspended {
        tenant: TenantId,
        reason: String,
    },
    OrganisationReinstated {
        tenant: TenantId,
    },
    OperatorGranted {
        user: UserId,
    },
    OperatorRevoked {
        user: UserId,
    },
}

/// The kind of an [`Action`], without its subject: what the log is filtered by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    LoggedIn,
    LogInFailed,
    PasswordChanged,
    ProviderApproved,
    ProviderRejected,
    ProviderSuspended,
    ProviderReinstated,
    OfferSubmitted,
    OfferRetired,
    OfferApproved,
    OfferRejected,
    CommissionChanged,
    PaymentRecorded,
    InvoiceCancelled,
    RefundRequested,
    ProviderTokenCreated,
    ProviderTokenRevoked,
    MemberInvited,
    InvitationRevoked,
    InvitationAccepted,
    OrganisationInvited,
    InvitationResent,
    ContractSigned,
    OfferCreated,
    OfferTermsChanged,
    CapacityChanged,
    CatalogImported,
    BudgetChanged,
    BillingProfileSaved,
    PayoutRecorded,
    PayoutTransferRequested,
    PayoutAccountOpened,
    MemberRoleChanged,
    MemberRemoved,
    UserSuspended,
    UserReinstated,
    OrganisationSuspended,
    OrganisationReinstated,
    OperatorGranted,
    OperatorRevoked,
}

impl ActionKind {
    pub const ALL: [Self; 40] = [
        Self::LoggedIn,
        Self::LogInFailed,
        Self::PasswordChanged,
        Self::ProviderApproved,
        Self::ProviderRejected,
        Self::ProviderSuspended,
        Self::ProviderReinstated,
        Self::OfferSubmitted,
        Self::OfferRetired,
        Self::OfferApproved,
        Self::OfferRejected,
        Self::CommissionChanged,
        Self::PaymentRecorded,
        Self::InvoiceCancelled,
        Self::RefundRequested,
        Self::ProviderTokenCreated,
        Self::ProviderTokenRevoked,
        Self::MemberInvited,
        Self::InvitationRevoked,
        Self::InvitationAccepted,
        Self::OrganisationInvited,
        Self::InvitationResent,
        Self::ContractSigned,
        Self::OfferCreated,
        Self::OfferTermsChanged,
        Self::CapacityChanged,
        Self::CatalogImported,
        Self::BudgetChanged,
        Self::BillingProfileSaved,
        Self::PayoutRecorded,
        Self::PayoutTransferRequested,
        Self::PayoutAccountOpened,
        Self::MemberRoleChanged,
        Self::MemberRemoved,
        Self::UserSuspended,
        Self::UserReinstated,
        Self::OrganisationSuspended,
        Self::OrganisationReinstated,
        Self::OperatorGranted,
        Self::OperatorRevoked,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::LoggedIn => "logged_in",
            Self::LogInFailed => "log_in_failed",
            Self::PasswordChanged => "password_changed",
            Self::ProviderApproved => "provider_approved",
            Self::ProviderRejected => "provider_rejected",
            Self::ProviderSuspended => "provider_suspended",
            Self::ProviderReinstated => "provider_reinstated",
            Self::OfferSubmitted => "offer_submitted",
            Self::OfferRetired => "offer_retired",
            Self::OfferApproved => "offer_approved",
            Self::OfferRejected => "offer_rejected",
            Self::CommissionChanged => "commission_changed",
            Self::PaymentRecorded => "payment_recorded",
            Self::InvoiceCancelled => "invoice_cancelled",
            Self::RefundRequested => "refund_requested",
            Self::ProviderTokenCreated => "provider_token_created",
            Self::ProviderTokenRevoked => "provider_token_revoked",
            Self::MemberInvited => "member_invited",
            Self::InvitationRevoked => "invitation_revoked",
            Self::InvitationAccepted => "invitation_accepted",
            Self::OrganisationInvited => "organisation_invited",
            Self::InvitationResent => "invitation_resent",
            Self::ContractSigned => "contract_signed",
            Self::OfferCreated => "offer_created",
            Self::OfferTermsChanged => "offer_terms_changed",
            Self::CapacityChanged => "capacity_changed",
            Self::CatalogImported => "catalog_imported",
            Self::BudgetChanged => "budget_changed",
            Self::BillingProfileSaved => "billing_profile_saved",
            Self::PayoutRecorded => "payout_recorded",
            Self::PayoutTransferRequested => "payout_transfer_requested",
            Self::PayoutAccountOpened => "payout_account_opened",
            Self::MemberRoleChanged => "member_role_changed",
            Self::MemberRemoved => "member_removed",
            Self::UserSuspended => "user_suspended",
            Self::UserReinstated => "user_reinstated",
            Self::OrganisationSuspended => "organisation_suspended",
            Self::OrganisationReinstated => "organisation_reinstated",
            Self::OperatorGranted => "operator_granted",
            Self::OperatorRevoked => "operator_revoked",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == raw)
    }
}

impl Action {
    pub fn kind(&self) -> ActionKind {
        match self {
            Self::LoggedIn => ActionKind::LoggedIn,
            Self::LogInFailed { .. } => ActionKind::LogInFailed,
            Self::PasswordChanged => ActionKind::PasswordChanged,
            Self::ProviderApproved { .. } => ActionKind::ProviderApproved,
            Self::ProviderRejected { .. } => ActionKind::ProviderRejected,
            Self::ProviderSuspended { .. } => ActionKind::ProviderSuspended,
            Self::ProviderReinstated { .. } => ActionKind::ProviderReinstated,
            Self::OfferSubmitted { .. } => ActionKind::OfferSubmitted,
            Self::OfferRetired { .. } => ActionKind::OfferRetired,
            Self::OfferApproved { .. } => ActionKind::OfferApproved,
            Self::OfferRejected { .. } => ActionKind::OfferRejected,
            Self::CommissionChanged { .. } => ActionKind::CommissionChanged,
            Self::PaymentRecorded { .. } => ActionKind::PaymentRecorded,
            Self::InvoiceCancelled { .. } => ActionKind::InvoiceCancelled,
            Self::RefundRequested { .. } => ActionKind::RefundRequested,
            Self::ProviderTokenCreated { .. } => ActionKind::ProviderTokenCreated,
            Self::ProviderTokenRevoked { .. } => ActionKind::ProviderTokenRevoked,
            Self::MemberInvited { .. } => ActionKind::MemberInvited,
            Self::InvitationRevoked { .. } => ActionKind::InvitationRevoked,
            Self::InvitationAccepted { .. } => ActionKind::InvitationAccepted,
            Self::OrganisationInvited { .. } => ActionKind::OrganisationInvited,
            Self::InvitationResent { .. } => ActionKind::InvitationResent,
            Self::ContractSigned { .. } => ActionKind::ContractSigned,
            Self::OfferCreated { .. } => ActionKind::OfferCreated,
            Self::OfferTermsChanged { .. } => ActionKind::OfferTermsChanged,
            Self::CapacityChanged { .. } => ActionKind::CapacityChanged,
            Self::CatalogImported { .. } => ActionKind::CatalogImported,
            Self::BudgetChanged { .. } => ActionKind::BudgetChanged,
            Self::BillingProfileSaved => ActionKind::BillingProfileSaved,
            Self::PayoutRecorded { .. } => ActionKind::PayoutRecorded,
            Self::PayoutTransferRequested { .. } => ActionKind::PayoutTransferRequested,
            Self::PayoutAccountOpened { .. } => ActionKind::PayoutAccountOpened,
            Self::MemberRoleChanged { .. } => ActionKind::MemberRoleChanged,
            Self::MemberRemoved { .. } => ActionKind::MemberRemoved,
            Self::UserSuspended { .. } => ActionKind::UserSuspended,
            Self::UserReinstated { .. } => ActionKind::UserReinstated,
            Self::OrganisationSuspended { .. } => ActionKind::OrganisationSuspended,
            Self::OrganisationReinstated { .. } => ActionKind::OrganisationReinstated,
            Self::OperatorGranted { .. } => ActionKind::OperatorGranted,
            Self::OperatorRevoked { .. } => ActionKind::OperatorRevoked,
        }
    }

    /// The action as compact JSON, its kind under `action` and its fields in declaration order;
    /// `serde_json` escapes every control character, so the text holds no line feed. (Strings
    /// and integers always serialize: the text is never empty.)
    pub fn detail(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn parse(detail: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(detail)
    }
}
