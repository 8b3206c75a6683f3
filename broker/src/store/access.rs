//! Who reaches which offer and provider, as SQL: [`Access`] and the tests it is bound into.
//!
//! An access is bound as two parameters, a reach and a user id, and the tests compare them inside
//! the query, so the same statement serves the operator, a provider's members and the public.

use crate::account::UserId;

/// Who reads or changes an offer: the operator reaches every offer, a user only the offers of
/// providers they are a member of, and anyone the published offers of approved providers (for
/// reading only: every change goes through `Operator` or `Member`).
///
/// In SQL an access is two bound parameters, `(reach, user)` from [`Access::binds`]: the reach is
/// [`REACH_ALL`], [`REACH_PUBLISHED`] or [`REACH_MEMBERS`], and the user is the member's id, or
/// [`NO_USER`] when no user is named. [`access_test`] and [`provider_reach`] compare them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Operator,
    Member(UserId),
    Public,
}

/// The operator's reach: every offer and provider.
pub(super) const REACH_ALL: i64 = 1;
/// The public's reach: the published offers of approved providers.
pub(super) const REACH_PUBLISHED: i64 = 2;
/// A member's reach: only what the bound user is a member of.
pub(super) const REACH_MEMBERS: i64 = 0;
/// The user bound when the access names none; ids start at 1, so no member has it.
pub(super) const NO_USER: i64 = 0;

impl Access {
    /// The two values bound to [`access_test`] and [`provider_reach`]: the reach and the user id.
    pub(super) fn binds(self) -> (i64, i64) {
        match self {
            Access::Operator => (REACH_ALL, NO_USER),
            Access::Member(user) => (REACH_MEMBERS, user.get()),
            Access::Public => (REACH_PUBLISHED, NO_USER),
        }
    }
}

/// The test that an `offers` row is within reach of the access bound as `$reach` and `$user`:
/// every offer for the operator, the published offers of approved providers for anyone, else the
/// offers of a provider `$user` is a member of. Only parameter numbers and the reach constants
/// are formatted in.
pub(super) fn access_test(reach: usize, user: usize) -> String {
    format!(
        "(${reach} = {REACH_ALL} OR (${reach} = {REACH_PUBLISHED} AND offers.status = 'published' AND EXISTS \
         (SELECT 1 FROM providers pa WHERE pa.id = offers.provider_id AND pa.status = 'approved')) \
         OR EXISTS (SELECT 1 FROM provider_members pm \
         WHERE pm.provider_id = offers.provider_id AND pm.user_id = ${user}))"
    )
}

/// The test that the provider whose id is the column `provider` is within reach of the access
/// bound as `$reach` and `$user`: the operator reaches every provider, anyone else only those
/// `$user` is a member of (the public reaches none this way).
pub(super) fn provider_reach(provider: &str, reach: usize, user: usize) -> String {
    format!(
        "(${reach} = {REACH_ALL} OR EXISTS (SELECT 1 FROM provider_members me \
         WHERE me.provider_id = {provider} AND me.user_id = ${user}))"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_operator_reaches_everything() {
        assert_eq!(Access::Operator.binds().0, REACH_ALL);
        assert_eq!(Access::Public.binds(), (REACH_PUBLISHED, NO_USER));
        assert_eq!(Access::Member(UserId::new(7)).binds(), (REACH_MEMBERS, 7));
    }

    #[test]
    fn the_tests_compare_the_reach_with_its_constants() {
        assert!(access_test(2, 3).starts_with("($2 = 1 OR ($2 = 2 AND offers.status"));
        assert!(access_test(2, 3).ends_with("AND pm.user_id = $3))"));
        assert_eq!(
            provider_reach("providers.id", 2, 3),
            "($2 = 1 OR EXISTS (SELECT 1 FROM provider_members me \
             WHERE me.provider_id = providers.id AND me.user_id = $3))"
        );
    }
}
