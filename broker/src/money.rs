//! Money as integer minor units with an explicit currency, the currency the marketplace trades
//! in, and the one allocation rule that splits an amount into shares that always add up to the
//! whole.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An ISO 4217 currency code: three upper-case ASCII letters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency([u8; 3]);

impl Currency {
    pub const EUR: Currency = Currency(*b"EUR");

    pub fn parse(code: &str) -> Result<Self, MoneyError> {
        match code.as_bytes() {
            [a, b, c] if [a, b, c].iter().all(|x| x.is_ascii_uppercase()) => Ok(Self([*a, *b, *c])),
            _ => Err(MoneyError::InvalidCurrency(code.to_owned())),
        }
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII letters ever get in, through `parse` or the constants.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }

    /// Digits after the decimal point: 0 for the few currencies without minor units.
    pub fn exponent(&self) -> u32 {
        match self.as_str() {
            "JPY" | "KRW" | "ISK" | "CLP" | "VND" | "XAF" | "XOF" | "PYG" | "UGX" => 0,
            "BHD" | "KWD" | "OMR" | "JOD" | "TND" => 3,
            _ => 2,
        }
    }

    /// Writes an amount of minor units for people: `3150` EUR is `31.50 EUR`.
    pub fn display_minor(&self, minor: u64) -> String {
        let exponent = self.exponent();
        if exponent == 0 {
            return format!("{minor} {}", self.as_str());
        }
        let scale = 10u64.pow(exponent);
        let width = exponent as usize;
        format!(
            "{}.{:0width$} {}",
            minor / scale,
            minor % scale,
            self.as_str()
        )
    }
}

/// The currency the marketplace trades in: plans use only offers priced in it, a catalog
/// document in another is refused, and exports hold the offers priced in this one.
pub const MARKETPLACE_CURRENCY: Currency = Currency::EUR;

impl TryFrom<String> for Currency {
    type Error = MoneyError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Currency> for String {
    fn from(value: Currency) -> Self {
        value.as_str().to_owned()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("\"{0}\" is not a currency code (three capital letters, like EUR)")]
    InvalidCurrency(String),
    #[error("cannot combine {0} and {1}")]
    CurrencyMismatch(Currency, Currency),
    #[error("the amount is too large")]
    Overflow,
    #[error("shares must not be empty and must not all be zero")]
    NoShares,
}

/// An amount of money: integer minor units (cents) of one currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    minor: i64,
    currency: Currency,
}

impl Money {
    pub const fn new(minor: i64, currency: Currency) -> Self {
        Self { minor, currency }
    }

    pub const fn zero(currency: Currency) -> Self {
        Self::new(0, currency)
    }

    pub const fn minor(&self) -> i64 {
        self.minor
    }

    pub const fn currency(&self) -> Currency {
        self.currency
    }

    fn same_currency(&self, other: &Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch(self.currency, other.currency))
        }
    }

    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(&other)?;
        let minor = self
            .minor
            .checked_add(other.minor)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(minor, self.currency))
    }

    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(&other)?;
        let minor = self
            .minor
            .checked_sub(other.minor)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(minor, self.currency))
    }

    pub fn checked_mul(self, quantity: i64) -> Result<Money, MoneyError> {
        let minor = self
            .minor
            .checked_mul(quantity)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(minor, self.currency))
    }

    /// Splits this amount in proportion to `weights` (basis points or any integer weights) by the
    /// largest remainder rule: every part is first rounded down, then the cents left over go one
    /// each to the parts with the largest remainders (ties to the earliest part). The parts always
    /// add up to exactly `self`.
    pub fn allocate(self, weights: &[u64]) -> Result<Vec<Money>, MoneyError> {
        let total_weight: u128 = weights.iter().map(|w| u128::from(*w)).sum();
        if total_weight == 0 {
            return Err(MoneyError::NoShares);
        }
        let sign: i128 = if self.minor < 0 { -1 } else { 1 };
        let amount = i128::from(self.minor).abs();
        let total = i128::try_from(total_weight).map_err(|_| MoneyError::Overflow)?;
        let mut parts = Vec::with_capacity(weights.len());
        let mut remainders = Vec::with_capacity(weights.len());
        for (index, weight) in weights.iter().enumerate() {
            let exact = amount * i128::from(*weight);
            parts.push(exact / total);
            remainders.push((exact % total, index));
        }
        let mut left = amount - parts.iter().sum::<i128>();
        remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for (_, index) in remainders {
            if left == 0 {
                break;
            }
            parts[index] += 1;
            left -= 1;
        }
        parts
            .into_iter()
            .map(|part| {
                let minor = i64::try_from(sign * part).map_err(|_| MoneyError::Overflow)?;
                Ok(Money::new(minor, self.currency))
            })
            .collect()
    }
}

impl fmt::Display for Money {
    /// `12.34 EUR`: as many decimals as the currency's exponent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.currency.display_minor(self.minor.unsigned_abs());
        write!(f, "{sign}{abs}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn eur(minor: i64) -> Money {
        Money::new(minor, Currency::EUR)
    }

    #[test]
    fn amounts_in_different_currencies_do_not_add() {
        let usd = Money::new(100, Currency::parse("USD").unwrap());
        assert_eq!(
            eur(1).checked_add(usd),
            Err(MoneyError::CurrencyMismatch(Currency::EUR, usd.currency()))
        );
    }

    #[test]
    fn overflow_is_an_error_not_a_wrap() {
        assert_eq!(eur(i64::MAX).checked_add(eur(1)), Err(MoneyError::Overflow));
        assert_eq!(eur(i64::MAX).checked_mul(2), Err(MoneyError::Overflow));
    }

    #[test]
    fn a_currency_code_is_three_capital_letters() {
        assert!(Currency::parse("EUR").is_ok());
        assert!(Currency::parse("eur").is_err());
        assert!(Currency::parse("EURO").is_err());
    }

    #[test]
    fn money_displays_with_two_decimals() {
        assert_eq!(eur(3150).to_string(), "31.50 EUR");
        assert_eq!(eur(-5).to_string(), "-0.05 EUR");
    }

    #[test]
    fn minor_units_are_shown_with_the_currency_exponent() {
        let eur = Currency::parse("EUR").expect("valid");
        assert_eq!(eur.display_minor(3150), "31.50 EUR");
        assert_eq!(eur.display_minor(5), "0.05 EUR");
        let jpy = Currency::parse("JPY").expect("valid");
        assert_eq!(jpy.display_minor(3150), "3150 JPY");
    }

    #[test]
    fn money_follows_its_currency_exponent() {
        let yen = Money::new(-3150, Currency::parse("JPY").expect("valid"));
        assert_eq!(yen.to_string(), "-3150 JPY");
        let dinar = Money::new(1005, Currency::parse("KWD").expect("valid"));
        assert_eq!(dinar.to_string(), "1.005 KWD");
    }

    #[test]
    fn a_cent_left_over_goes_to_the_largest_remainder() {
        let parts = eur(100).allocate(&[1, 1, 1]).unwrap();
        assert_eq!(parts, vec![eur(34), eur(33), eur(33)]);
        let parts = eur(1000).allocate(&[8500, 1500]).unwrap();
        assert_eq!(parts, vec![eur(850), eur(150)]);
    }

    #[test]
    fn allocating_to_no_weight_is_an_error() {
        assert_eq!(eur(10).allocate(&[]), Err(MoneyError::NoShares));
        assert_eq!(eur(10).allocate(&[0, 0]), Err(MoneyError::NoShares));
    }

    proptest! {
        #[test]
        fn a_split_always_adds_up_to_the_whole(minor in -10_000_000i64..10_000_000, weights in prop::collection::vec(0u64..10_000, 1..8)) {
            prop_assume!(weights.iter().any(|w| *w > 0));
            let parts = eur(minor).allocate(&weights).unwrap();
            prop_assert_eq!(parts.iter().map(Money::minor).sum::<i64>(), minor);
            for (part, weight) in parts.iter().zip(&weights) {
                let exact = minor as f64 * *weight as f64 / weights.iter().sum::<u64>() as f64;
                prop_assert!((part.minor() as f64 - exact).abs() < 1.0);
            }
        }
    }
}
