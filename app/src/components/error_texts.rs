//! The sentences for every refusal a form or page can show, and the names the server gives the
//! fields it refuses.

use crate::error::{AppError, FieldProblem};
use crate::i18n::*;
use crate::text::RefusalTexts;
use broker::account::{Field, InputError};
use broker::billing::{ProfileError, Settlement};
use broker::blueprint_form::BlueprintInputError;
use broker::catalog::CatalogInputError;
use broker::reports::TokenNameError;
use serde::{Deserialize, Serialize};

/// The name a field has in an [`AppError::Invalid`] answer (`price`, `legal_name`).
pub fn field_name(field: Field) -> String {
    serde_json::to_value(field)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The sentences for every error a form can show, translated on the server and handed to the
/// form's island as a prop, so that the translations never weigh on the WASM.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorTexts {
    email_invalid: String,
    email_taken: String,
    password_too_short: String,
    password_too_long: String,
    password_weak: String,
    empty: String,
    too_long: String,
    wrong_current_password: String,
    form: String,
    bad_credentials: String,
    suspended: String,
    too_many_attempts: String,
    unauthorized: String,
    forbidden: String,
    not_found: String,
    internal: String,
    malformed: String,
    conflict: String,
    too_many_offers: String,
    import_refused: String,
    stale: String,
    unticked: String,
    already_invited: String,
    token_name_too_long: String,
    vat_id: String,
    settlement: SettlementTexts,
    refused: String,
    catalog: CatalogTexts,
    blueprint: BlueprintTexts,
    planning: PlanningTexts,
    /// The sentences of refusals with figures, on the pages whose forms meet them.
    refusals: Option<RefusalTexts>,
}

/// The sentences for a plan the broker could not make: a blueprint too large, every planner
/// busy, a search stopped before any plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct PlanningTexts {
    too_large: String,
    busy: String,
    out_of_time: String,
}

/// The sentences for the problems of blueprint fields, and for a refused blueprint file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct BlueprintTexts {
    duplicate: String,
    objective: String,
    quantity: String,
    money: String,
    carbon: String,
    availability: String,
    attribute: String,
    country: String,
    unknown_component: String,
    repeated_in_group: String,
    format: String,
    refused: String,
    too_many_components: String,
    too_many_names: String,
}

/// The sentences for the problems of provider and offer fields.
/// The operator's billing refusals, one per [`Settlement`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct SettlementTexts {
    no_invoice: String,
    not_open: String,
    not_positive: String,
    overpayment: String,
    partly_paid: String,
    reference: String,
    received_on: String,
    rate: String,
    from_month: String,
    no_card_payment: String,
    refund_too_large: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct CatalogTexts {
    slug: String,
    taken: String,
    country: String,
    jurisdiction: String,
    website: String,
    currency: String,
    availability: String,
    negative: String,
    too_large: String,
    attribute: String,
    certification: String,
    number: String,
    meter: String,
    meter_unit: String,
    meter_twice: String,
}

impl ErrorTexts {
    pub fn new(locale: Locale) -> Self {
        Self {
            email_invalid: td_string!(locale, errors.email_invalid).to_owned(),
            email_taken: td_string!(locale, errors.email_taken).to_owned(),
            password_too_short: td_string!(locale, errors.password_too_short).to_owned(),
            password_too_long: td_string!(locale, errors.password_too_long).to_owned(),
            password_weak: td_string!(locale, errors.password_weak).to_owned(),
            empty: td_string!(locale, errors.empty).to_owned(),
            too_long: td_string!(locale, errors.too_long).to_owned(),
            wrong_current_password: td_string!(locale, errors.wrong_current_password).to_owned(),
            form: td_string!(locale, errors.form).to_owned(),
            bad_credentials: td_string!(locale, errors.bad_credentials).to_owned(),
            suspended: td_string!(locale, errors.account_suspended).to_owned(),
            too_many_attempts: td_string!(locale, errors.too_many_attempts).to_owned(),
            unauthorized: td_string!(locale, errors.unauthorized).to_owned(),
            forbidden: td_string!(locale, errors.forbidden).to_owned(),
            not_found: td_string!(locale, errors.not_found).to_owned(),
            internal: td_string!(locale, errors.internal).to_owned(),
            malformed: td_string!(locale, errors.malformed).to_owned(),
            conflict: td_string!(locale, errors.conflict).to_owned(),
            too_many_offers: td_string!(locale, errors.too_many_offers).to_owned(),
            import_refused: td_string!(locale, errors.import_refused).to_owned(),
            stale: td_string!(locale, errors.stale).to_owned(),
            unticked: td_string!(locale, errors.unticked).to_owned(),
            already_invited: td_string!(locale, errors.already_invited).to_owned(),
            token_name_too_long: td_string!(locale, tokens.name_too_long).to_owned(),
            vat_id: td_string!(locale, errors.vat_id).to_owned(),
            settlement: SettlementTexts {
                no_invoice: td_string!(locale, errors.no_invoice).to_owned(),
                not_open: td_string!(locale, errors.not_open).to_owned(),
                not_positive: td_string!(locale, errors.not_positive).to_owned(),
                overpayment: td_string!(locale, errors.overpayment).to_owned(),
                partly_paid: td_string!(locale, errors.partly_paid).to_owned(),
                reference: td_string!(locale, errors.reference).to_owned(),
                received_on: td_string!(locale, errors.received_on).to_owned(),
                rate: td_string!(locale, errors.rate).to_owned(),
                from_month: td_string!(locale, errors.from_month).to_owned(),
                no_card_payment: td_string!(locale, errors.no_card_payment).to_owned(),
                refund_too_large: td_string!(locale, errors.refund_too_large).to_owned(),
            },
            refused: td_string!(locale, errors.refused).to_owned(),
            catalog: CatalogTexts {
                slug: td_string!(locale, errors.slug).to_owned(),
                taken: td_string!(locale, errors.taken).to_owned(),
                country: td_string!(locale, errors.country).to_owned(),
                jurisdiction: td_string!(locale, errors.jurisdiction).to_owned(),
                website: td_string!(locale, errors.website).to_owned(),
                currency: td_string!(locale, errors.currency).to_owned(),
                availability: td_string!(locale, errors.availability).to_owned(),
                negative: td_string!(locale, errors.negative).to_owned(),
                too_large: td_string!(locale, errors.too_large).to_owned(),
                attribute: td_string!(locale, errors.attribute).to_owned(),
                certification: td_string!(locale, errors.certification).to_owned(),
                number: td_string!(locale, errors.number).to_owned(),
                meter: td_string!(locale, errors.meter).to_owned(),
                meter_unit: td_string!(locale, errors.meter_unit).to_owned(),
                meter_twice: td_string!(locale, errors.meter_twice).to_owned(),
            },
            blueprint: BlueprintTexts {
                duplicate: td_string!(locale, compose.error_duplicate).to_owned(),
                objective: td_string!(locale, compose.error_objective).to_owned(),
                quantity: td_string!(locale, compose.error_quantity).to_owned(),
                money: td_string!(locale, compose.error_money).to_owned(),
                carbon: td_string!(locale, compose.error_carbon).to_owned(),
                availability: td_string!(locale, compose.error_availability).to_owned(),
                attribute: td_string!(locale, compose.error_attribute).to_owned(),
                country: td_string!(locale, compose.error_country).to_owned(),
                unknown_component: td_string!(locale, compose.error_unknown_component).to_owned(),
                repeated_in_group: td_string!(locale, compose.error_repeated_in_group).to_owned(),
                format: td_string!(locale, compose.error_format).to_owned(),
                refused: td_string!(locale, compose.import_refused).to_owned(),
                too_many_components: format!(
                    "{} {} {}",
                    td_string!(locale, compose.error_too_many_components),
                    broker::blueprint::MAX_COMPONENTS,
                    td_string!(locale, compose.error_too_many_components_end)
                ),
                too_many_names: format!(
                    "{} {} {}",
                    td_string!(locale, compose.error_too_many_names),
                    broker::blueprint::MAX_GROUP_NAMES,
                    td_string!(locale, compose.error_too_many_names_end)
                ),
            },
            planning: PlanningTexts {
                too_large: td_string!(locale, errors.blueprint_too_large).to_owned(),
                busy: td_string!(locale, errors.planner_busy).to_owned(),
                out_of_time: td_string!(locale, errors.plan_out_of_time).to_owned(),
            },
            refusals: None,
        }
    }

    fn catalog(&self, problem: CatalogInputError) -> &str {
        let texts = &self.catalog;
        match problem {
            CatalogInputError::Empty => &self.empty,
            CatalogInputError::TooLong { .. } => &self.too_long,
            CatalogInputError::Slug => &texts.slug,
            CatalogInputError::Taken => &texts.taken,
            CatalogInputError::Country => &texts.country,
            CatalogInputError::Jurisdiction => &texts.jurisdiction,
            CatalogInputError::Website => &texts.website,
            CatalogInputError::Email => &self.email_invalid,
            CatalogInputError::Currency => &texts.currency,
            CatalogInputError::Availability => &texts.availability,
            CatalogInputError::Negative => &texts.negative,
            CatalogInputError::TooLarge => &texts.too_large,
            CatalogInputError::Attribute => &texts.attribute,
            CatalogInputError::Certification => &texts.certification,
            CatalogInputError::Number => &texts.number,
            CatalogInputError::Meter => &texts.meter,
            CatalogInputError::MeterUnit => &texts.meter_unit,
            CatalogInputError::MeterTwice => &texts.meter_twice,
        }
    }

    /// The sentence for a problem with one field of the blueprint form.
    pub fn blueprint_problem(&self, problem: BlueprintInputError) -> &str {
        let texts = &self.blueprint;
        match problem {
            BlueprintInputError::Empty => &self.empty,
            BlueprintInputError::TooLong => &self.too_long,
            BlueprintInputError::Duplicate => &texts.duplicate,
            BlueprintInputError::Objective => &texts.objective,
            BlueprintInputError::Quantity => &texts.quantity,
            BlueprintInputError::Money => &texts.money,
            BlueprintInputError::Carbon => &texts.carbon,
            BlueprintInputError::Availability => &texts.availability,
            BlueprintInputError::Attribute => &texts.attribute,
            BlueprintInputError::Country => &texts.country,
            BlueprintInputError::UnknownComponent => &texts.unknown_component,
            BlueprintInputError::RepeatedInGroup => &texts.repeated_in_group,
            BlueprintInputError::Format => &texts.format,
            BlueprintInputError::TooManyComponents => &texts.too_many_components,
            BlueprintInputError::TooManyNames => &texts.too_many_names,
        }
    }

    /// The sentence under the field named `key` in the form, when `error` refuses it.
    pub fn field_text(&self, error: &AppError, key: &str) -> Option<&str> {
        match error {
            AppError::Invalid(errors) => errors
                .iter()
                .find(|e| field_name(e.field) == key)
                .map(|e| self.problem(e.problem)),
            AppError::BlueprintInvalid(errors) => errors
                .iter()
                .find(|e| e.field == key)
                .map(|e| self.blueprint_problem(e.problem)),
            _ => None,
        }
    }

    /// The sentence for a problem with one field.
    pub fn problem(&self, problem: FieldProblem) -> &str {
        match problem {
            FieldProblem::Input(InputError::EmailInvalid) => &self.email_invalid,
            FieldProblem::Input(InputError::PasswordTooShort) => &self.password_too_short,
            FieldProblem::Input(InputError::PasswordTooLong) => &self.password_too_long,
            FieldProblem::Input(InputError::PasswordWeak) => &self.password_weak,
            FieldProblem::Input(InputError::Empty) => &self.empty,
            FieldProblem::Input(InputError::TooLong) => &self.too_long,
            FieldProblem::EmailTaken => &self.email_taken,
            FieldProblem::WrongCurrentPassword => &self.wrong_current_password,
            FieldProblem::Catalog(problem) => self.catalog(problem),
            FieldProblem::Unticked => &self.unticked,
            FieldProblem::AlreadyInvited => &self.already_invited,
            FieldProblem::TokenName(TokenNameError::Empty) => &self.empty,
            FieldProblem::TokenName(TokenNameError::TooLong) => &self.token_name_too_long,
            FieldProblem::Billing(ProfileError::Empty) => &self.empty,
            FieldProblem::Billing(ProfileError::TooLong { .. }) => &self.too_long,
            FieldProblem::Billing(ProfileError::Country) => &self.catalog.country,
            FieldProblem::Billing(ProfileError::VatId) => &self.vat_id,
            FieldProblem::Settlement(problem) => self.settlement(problem),
        }
    }

    fn settlement(&self, problem: Settlement) -> &str {
        let texts = &self.settlement;
        match problem {
            Settlement::NoInvoice => &texts.no_invoice,
            Settlement::NotOpen => &texts.not_open,
            Settlement::NotPositive => &texts.not_positive,
            Settlement::Overpayment => &texts.overpayment,
            Settlement::PartlyPaid => &texts.partly_paid,
            Settlement::NoReason => &self.empty,
            Settlement::Reference => &texts.reference,
            Settlement::ReceivedOn => &texts.received_on,
            Settlement::Rate => &texts.rate,
            Settlement::FromMonth => &texts.from_month,
            Settlement::NoCardPayment => &texts.no_card_payment,
            Settlement::RefundTooLarge => &texts.refund_too_large,
            Settlement::CardUnavailable => &self.internal,
            Settlement::NotOperator => &self.forbidden,
            Settlement::Changed => &self.conflict,
        }
    }

    /// The sentence for an error that is not about one field.
    pub fn error(&self, error: &AppError) -> &str {
        match error {
            AppError::Invalid(_) => &self.form,
            AppError::BadCredentials => &self.bad_credentials,
            AppError::Suspended { .. } => &self.suspended,
            AppError::TooManyAttempts { .. } => &self.too_many_attempts,
            AppError::Unauthorized => &self.unauthorized,
            AppError::Forbidden => &self.forbidden,
            AppError::NotFound => &self.not_found,
            AppError::Conflict => &self.conflict,
            AppError::TooManyOffers => &self.too_many_offers,
            AppError::ImportRefused(_) => &self.import_refused,
            AppError::Stale(_) => &self.stale,
            AppError::Refused(_) => &self.refused,
            AppError::BlueprintInvalid(_) => &self.form,
            AppError::BlueprintRefused(_) => &self.blueprint.refused,
            AppError::Malformed => &self.malformed,
            AppError::Internal | AppError::ServerFn(_) => &self.internal,
            AppError::BlueprintTooLarge { .. } => &self.planning.too_large,
            AppError::PlannerBusy { .. } => &self.planning.busy,
            AppError::PlanOutOfTime { .. } => &self.planning.out_of_time,
        }
    }
}

mod refusals;
