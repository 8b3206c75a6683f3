//! The one rounding rule of the billing: every division of an amount rounds half up on the
//! absolute value, in integer arithmetic.

use super::BillingError;

/// `round(a / b)` for `b > 0`: `(2|a| + b) div (2b)`, with the sign of `a` restored, so a half
/// rounds away from zero (`5 / 2 = 3`, `-5 / 2 = -3`) and `round(-x) = -round(x)`.
///
/// `a` is an `i128` so that a product of `i64` factors (`quantity * unit_price * seconds`) is
/// formed without overflow; the result is an amount of minor units, and one that does not fit an
/// `i64` is [`BillingError::Overflow`]. A divisor that is not positive is refused.
pub fn round_half_up(a: i128, b: i128) -> Result<i64, BillingError> {
    if b <= 0 {
        return Err(BillingError::NotPositiveDivisor(b));
    }
    let divisor = b.unsigned_abs();
    let rounded = a
        .unsigned_abs()
        .checked_mul(2)
        .and_then(|twice| twice.checked_add(divisor))
        .and_then(|numerator| divisor.checked_mul(2).map(|twice| numerator / twice))
        .ok_or(BillingError::Overflow)?;
    let magnitude = i64::try_from(rounded).map_err(|_| BillingError::Overflow)?;
    Ok(if a < 0 { -magnitude } else { magnitude })
}

/// `a * b * c` in `i128`, refusing an overflow.
pub(super) fn product(factors: &[i64]) -> Result<i128, BillingError> {
    factors.iter().try_fold(1i128, |acc, factor| {
        acc.checked_mul(i128::from(*factor))
            .ok_or(BillingError::Overflow)
    })
}

/// The sum of amounts, refusing an overflow.
pub(super) fn sum<I: IntoIterator<Item = i64>>(amounts: I) -> Result<i64, BillingError> {
    amounts
        .into_iter()
        .try_fold(0i64, |acc, amount| acc.checked_add(amount))
        .ok_or(BillingError::Overflow)
}
