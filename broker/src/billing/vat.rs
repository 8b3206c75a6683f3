//! Value added tax: the EU standard rates, VAT ids as customers type them, and the treatment an
//! invoice gets from the operator's country and the customer's (standard rate, reverse charge,
//! or outside the scope of EU VAT).

use super::{BillingError, InvalidValue};
use crate::format::CountryCode;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The EU member states' standard VAT rates in basis points (from 2025), by country code.
pub const EU_STANDARD_RATES_BP: [(&str, u32); 27] = [
    ("AT", 2000),
    ("BE", 2100),
    ("BG", 2000),
    ("CY", 1900),
    ("CZ", 2100),
    ("DE", 1900),
    ("DK", 2500),
    ("EE", 2400),
    ("ES", 2100),
    ("FI", 2550),
    ("FR", 2000),
    ("GR", 2400),
    ("HR", 2500),
    ("HU", 2700),
    ("IE", 2300),
    ("IT", 2200),
    ("LT", 2100),
    ("LU", 1700),
    ("LV", 2100),
    ("MT", 1800),
    ("NL", 2100),
    ("PL", 2300),
    ("PT", 2300),
    ("RO", 2100),
    ("SE", 2500),
    ("SI", 2200),
    ("SK", 2300),
];

/// The standard rate of an EU member state; `None` for a country outside the EU.
pub fn standard_rate_bp(country: CountryCode) -> Option<u32> {
    EU_STANDARD_RATES_BP
        .iter()
        .find(|(code, _)| *code == country.as_str())
        .map(|(_, rate)| *rate)
}

/// The VAT category of an invoice, as the UNCL 5305 codes name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum VatCategory {
    /// Standard rate.
    #[serde(rename = "S")]
    Standard,
    /// Reverse charge: the customer accounts for the VAT.
    #[serde(rename = "AE")]
    ReverseCharge,
    /// Outside the scope of EU VAT.
    #[serde(rename = "O")]
    OutsideScope,
}

impl VatCategory {
    pub fn code(self) -> &'static str {
        match self {
            Self::Standard => "S",
            Self::ReverseCharge => "AE",
            Self::OutsideScope => "O",
        }
    }

    /// The mention the invoice must carry, if any.
    pub fn mention(self) -> Option<&'static str> {
        match self {
            Self::Standard => None,
            Self::ReverseCharge => Some(
                "Reverse charge: VAT due by the customer (Article 196, Directive 2006/112/EC) / Autoliquidation",
            ),
            Self::OutsideScope => Some("Not subject to EU VAT (Article 44, Directive 2006/112/EC)"),
        }
    }
}

impl fmt::Display for VatCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A VAT id: its country's two letters, then 2 to 13 upper-case letters or digits
/// (`DE123456789`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct VatId(String);

impl VatId {
    /// Reads a VAT id of `country` as typed: spaces, dots and hyphens are ignored and letters
    /// upper-cased; anything else that does not read so is refused.
    pub fn parse(country: CountryCode, typed: &str) -> Result<Self, InvalidValue> {
        let id: String = typed
            .chars()
            .filter(|c| !matches!(c, ' ' | '.' | '-'))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let valid = id.strip_prefix(country.as_str()).is_some_and(|rest| {
            (2..=13).contains(&rest.len()) && rest.chars().all(|c| c.is_ascii_alphanumeric())
        });
        if valid {
            Ok(Self(id))
        } else {
            Err(InvalidValue::VatId(typed.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for VatId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How an invoice is taxed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VatTreatment {
    pub category: VatCategory,
    pub rate_bp: u32,
    pub mention: Option<&'static str>,
}

/// The treatment of a sale by an operator established in `operator` to a customer in
/// `customer`: the operator's rate at home; a reverse charge to an EU business with a VAT id;
/// the customer's rate to an EU customer without one; none outside the EU.
pub fn treatment(
    operator: CountryCode,
    customer: CountryCode,
    customer_vat_id: Option<&VatId>,
) -> Result<VatTreatment, BillingError> {
    let home_rate = standard_rate_bp(operator).ok_or(BillingError::OperatorOutsideEu(operator))?;
    let (category, rate_bp) = match standard_rate_bp(customer) {
        _ if customer == operator => (VatCategory::Standard, home_rate),
        Some(_) if customer_vat_id.is_some() => (VatCategory::ReverseCharge, 0),
        Some(rate) => (VatCategory::Standard, rate),
        None => (VatCategory::OutsideScope, 0),
    };
    Ok(VatTreatment {
        category,
        rate_bp,
        mention: category.mention(),
    })
}
