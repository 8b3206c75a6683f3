//! What an organisation is invoiced as: its legal name, address, country and, for a business in
//! the EU, its VAT id. The operator freezes it on each invoice at finalization; an organisation
//! that never saved one is invoiced under its own name in the operator's country.

use super::vat::VatId;
use crate::account::Field;
use crate::format::CountryCode;
use serde::{Deserialize, Serialize};

/// The billing profile form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileForm {
    pub legal_name: String,
    pub address: String,
    pub country: String,
    /// Empty for none.
    pub vat_id: String,
}

/// A billing profile whose every field passed its rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BillingProfile {
    pub legal_name: String,
    pub address: String,
    pub country: CountryCode,
    pub vat_id: Option<VatId>,
}

/// Why a field of the billing profile was refused; the page translates it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum ProfileError {
    #[error("this field cannot be empty")]
    Empty,
    #[error("this field is too long (at most {max} characters)")]
    TooLong { max: usize },
    #[error("use the two-letter code of a country (FR, DE, US)")]
    Country,
    #[error("a VAT id is the country's two letters then 2 to 13 letters or digits")]
    VatId,
}

fn text(raw: &str, max: usize) -> Result<String, ProfileError> {
    let text = raw.trim();
    match text.chars().count() {
        0 => Err(ProfileError::Empty),
        n if n > max => Err(ProfileError::TooLong { max }),
        _ => Ok(text.to_owned()),
    }
}

impl ProfileForm {
    /// The form of a saved profile.
    pub fn of(profile: &BillingProfile) -> Self {
        Self {
            legal_name: profile.legal_name.clone(),
            address: profile.address.clone(),
            country: profile.country.to_string(),
            vat_id: profile
                .vat_id
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        }
    }

    /// The profile, or every refused field with its reason.
    pub fn validate(&self) -> Result<BillingProfile, Vec<(Field, ProfileError)>> {
        let mut errors = Vec::new();
        let mut check = |field, outcome: Result<String, ProfileError>| {
            outcome.unwrap_or_else(|err| {
                errors.push((field, err));
                String::new()
            })
        };
        let legal_name = check(Field::LegalName, text(&self.legal_name, 120));
        let address = check(Field::Address, text(&self.address, 400));
        let country = CountryCode::parse(&self.country.trim().to_ascii_uppercase());
        if country.is_err() {
            errors.push((Field::Country, ProfileError::Country));
        }
        let vat_id = match (&country, self.vat_id.trim()) {
            (_, "") => None,
            (Ok(country), typed) => match VatId::parse(*country, typed) {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.push((Field::VatId, ProfileError::VatId));
                    None
                }
            },
            // The VAT id is read against the country, which does not read.
            (Err(_), _) => None,
        };
        match country {
            Ok(country) if errors.is_empty() => Ok(BillingProfile {
                legal_name,
                address,
                country,
                vat_id,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ProfileForm {
        ProfileForm {
            legal_name: " Brauhaus GmbH ".to_owned(),
            address: "Hauptstraße 1\n10115 Berlin".to_owned(),
            country: "de".to_owned(),
            vat_id: "de 123 456 789".to_owned(),
        }
    }

    #[test]
    fn a_profile_reads_trimmed_with_its_vat_id_in_the_countrys_letters() {
        let profile = form().validate().expect("valid");
        assert_eq!(profile.legal_name, "Brauhaus GmbH");
        assert_eq!(profile.country.as_str(), "DE");
        assert_eq!(
            profile.vat_id.map(|id| id.to_string()).as_deref(),
            Some("DE123456789")
        );
        assert_eq!(
            ProfileForm::of(&form().validate().expect("valid")).validate(),
            form().validate()
        );
    }

    #[test]
    fn no_vat_id_is_a_profile_without_one() {
        let profile = ProfileForm {
            vat_id: "  ".to_owned(),
            ..form()
        }
        .validate()
        .expect("valid");
        assert_eq!(profile.vat_id, None);
    }

    #[test]
    fn every_refused_field_is_named() {
        let errors = ProfileForm {
            legal_name: " ".to_owned(),
            address: "x".repeat(401),
            country: "DE".to_owned(),
            vat_id: "FR12345678901".to_owned(),
        }
        .validate()
        .expect_err("refused");
        assert_eq!(
            errors,
            [
                (Field::LegalName, ProfileError::Empty),
                (Field::Address, ProfileError::TooLong { max: 400 }),
                (Field::VatId, ProfileError::VatId),
            ]
        );
        let errors = ProfileForm {
            country: "Germany".to_owned(),
            ..form()
        }
        .validate()
        .expect_err("refused");
        assert_eq!(errors, [(Field::Country, ProfileError::Country)]);
    }
}
