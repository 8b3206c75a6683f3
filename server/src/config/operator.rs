//! Who invoices, from `COMPTOIR_OPERATOR_*`: the operator's legal name, address, country and VAT
//! id as its invoices show them, the bank account tenants pay by transfer, the default commission
//! (`COMPTOIR_COMMISSION_BP`) and the billing grace (`COMPTOIR_BILLING_GRACE_HOURS`).

use super::ConfigError;
use broker::billing::Operator;
use broker::billing::{VatId, standard_rate_bp};
use broker::format::CountryCode;

/// Hours after a month's end before the billing job finalizes it, unless told otherwise.
pub const DEFAULT_GRACE_HOURS: i64 = 24;
/// The commission of a provider without a rate of its own: 10 %.
pub const DEFAULT_COMMISSION_BP: u32 = 1000;

/// The operator and the grace in hours.
pub fn operator(get: &impl Fn(&str) -> Option<String>) -> Result<(Operator, i64), ConfigError> {
    let invalid = |name: &'static str, rule: &'static str, raw: &str| {
        ConfigError::Operator(name, rule, raw.to_owned())
    };
    let country = match get("COMPTOIR_OPERATOR_COUNTRY") {
        Some(raw) => CountryCode::parse(raw.trim())
            .ok()
            .filter(|code| standard_rate_bp(*code).is_some())
            .ok_or_else(|| invalid("COMPTOIR_OPERATOR_COUNTRY", "an EU country code", &raw))?,
        None => {
            CountryCode::parse("FR").map_err(|_| invalid("COMPTOIR_OPERATOR_COUNTRY", "", ""))?
        }
    };
    let vat_id = match get("COMPTOIR_OPERATOR_VAT_ID") {
        Some(raw) => Some(
            VatId::parse(country, &raw)
                .map_err(|_| {
                    invalid(
                        "COMPTOIR_OPERATOR_VAT_ID",
                        "a VAT id of the operator's country",
                        &raw,
                    )
                })?
                .to_string(),
        ),
        None => None,
    };
    let commission_bp = match get("COMPTOIR_COMMISSION_BP") {
        Some(raw) => raw
            .trim()
            .parse()
            .ok()
            .filter(|bp: &u32| *bp <= 10_000)
            .ok_or_else(|| {
                invalid(
                    "COMPTOIR_COMMISSION_BP",
                    "a whole number from 0 to 10000",
                    &raw,
                )
            })?,
        None => DEFAULT_COMMISSION_BP,
    };
    let grace = match get("COMPTOIR_BILLING_GRACE_HOURS") {
        Some(raw) => raw
            .trim()
            .parse()
            .ok()
            .filter(|hours: &i64| (0..=24 * 31).contains(hours))
            .ok_or_else(|| {
                invalid(
                    "COMPTOIR_BILLING_GRACE_HOURS",
                    "a whole number of hours from 0 to 744",
                    &raw,
                )
            })?,
        None => DEFAULT_GRACE_HOURS,
    };
    let operator = Operator {
        legal_name: get("COMPTOIR_OPERATOR_NAME").unwrap_or_else(|| "Comptoir".to_owned()),
        address: get("COMPTOIR_OPERATOR_ADDRESS").unwrap_or_default(),
        country,
        vat_id,
        bank_account: get("COMPTOIR_OPERATOR_BANK_ACCOUNT").unwrap_or_default(),
        commission_bp,
    };
    Ok((operator, grace))
}
