//! Provider API tokens and the usage and downtime providers report with them.
//!
//! A provider's members create, list and revoke its tokens from the console; the token is
//! handed back once, at creation, and only its hash is kept. A token presented to the API makes a
//! [`Reporter`], the only way to report, so a batch is always judged and written as the token's
//! provider's. Each record is judged alone ([`crate::reports::judge`]) as if nothing were kept,
//! and the accepted ones are written together; those not written, because their id was kept
//! before or meanwhile by a concurrent batch, and the refused ones whose id was kept before are
//! then judged as resends of what is kept. A batch of new records costs three statements.

use crate::account::CurrentUser;
use crate::audit::{Action, Actor, Record};
use crate::catalog::ProviderId;
use crate::reports::{
    Batch, BatchTooLarge, DowntimeRecord, ProviderToken, ProviderTokenId, Refusal, Report,
    TokenName, TokenNameError, TokenSecret, UsageRecord, Verdict, judge, judge_resend,
};
use crate::secret::{RandomError, new_token};
use crate::store::reports::Placed;
use crate::store::{Store, StoreError};
use std::collections::{BTreeMap, BTreeSet};

/// Why a token could not be created, listed or revoked.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("invalid token name: {0}")]
    Invalid(TokenNameError),
    /// No such provider, or token, within the caller's reach.
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Random(#[from] RandomError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why a batch was not judged.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    TooLarge(#[from] BatchTooLarge),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A token just created: the only time the token itself is seen.
#[derive(Debug)]
pub struct CreatedToken {
    pub id: ProviderTokenId,
    pub name: String,
    pub secret: TokenSecret,
}

/// The provider a valid token was presented for; made only by [`Reports::authenticate`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reporter {
    provider: ProviderId,
}

impl Reporter {
    pub fn provider(&self) -> ProviderId {
        self.provider
    }
}

/// The tokens and reports use cases.
#[derive(Clone, Debug)]
pub struct Reports {
    store: Store,
}

impl Reports {
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    /// Only the provider's members manage its tokens; the store repeats the test. The member
    /// acting for the provider.
    async fn require_member(
        &self,
        user: &CurrentUser,
        provider: ProviderId,
    ) -> Result<Actor, TokenError> {
        match self.store.provider_role(user.id, provider).await? {
            Some(role) => Ok(Actor::provider_member(user, provider, role)),
            None => Err(TokenError::NotFound),
        }
    }

    /// A member of `provider` creates a token named `name`.
    pub async fn create_token(
        &self,
        user: &CurrentUser,
        provider: ProviderId,
        name: &str,
        now: i64,
    ) -> Result<CreatedToken, TokenError> {
        let actor = self.require_member(user, provider).await?;
        let name = TokenName::parse(name).map_err(TokenError::Invalid)?;
        let secret = new_token()?;
        let record = |token| {
            let action = Action::ProviderTokenCreated {
                token,
                name: name.as_str().to_owned(),
            };
            Record::new(actor, action, now)
        };
        let id = self
            .store
            .create_provider_token(user.id, provider, &name, &secret.hash(), now, record)
            .await?
            // No longer a member by the time of the insert.
            .ok_or(TokenError::NotFound)?;
        Ok(CreatedToken {
            id,
            name: name.as_str().to_owned(),
            secret,
        })
    }

    /// The tokens of `provider`, newest first, for its members.
    pub async fn tokens(
        &self,
        user: &CurrentUser,
        provider: ProviderId,
    ) -> Result<Vec<ProviderToken>, TokenError> {
        self.require_member(user, provider).await?;
        Ok(self.store.provider_tokens(user.id, provider).await?)
    }

    /// A member of `provider` revokes one of its tokens; revoking it again changes nothing.
    pub async fn revoke_token(
        &self,
        user: &CurrentUser,
        provider: ProviderId,
        token: ProviderTokenId,
        now: i64,
    ) -> Result<(), TokenError> {
        let actor = self.require_member(user, provider).await?;
        let record = Record::new(actor, Action::ProviderTokenRevoked { token }, now);
        if self
            .store
            .revoke_provider_token(user.id, provider, token, &record)
            .await?
        {
            Ok(())
        } else {
            Err(TokenError::NotFound)
        }
    }

    /// The reporter of the token `presented`, which is then marked used at `now`; `None` for a
    /// token that is malformed, unknown or revoked.
    pub async fn authenticate(
        &self,
        presented: &str,
        now: i64,
    ) -> Result<Option<Reporter>, StoreError> {
        let Some(secret) = TokenSecret::parse(presented) else {
            return Ok(None);
        };
        let provider = self.store.use_provider_token(&secret.hash(), now).await?;
        Ok(provider.map(|provider| Reporter { provider }))
    }

    /// Judges and keeps a batch of usage records; the verdicts are in the batch's order.
    pub async fn report_usage(
        &self,
        reporter: &Reporter,
        batch: &Batch<UsageRecord>,
        now: i64,
    ) -> Result<Vec<Verdict>, ReportError> {
        self.report(reporter, batch, now).await
    }

    /// Judges and keeps a batch of downtime records; the verdicts are in the batch's order.
    pub async fn report_downtime(
        &self,
        reporter: &Reporter,
        batch: &Batch<DowntimeRecord>,
        now: i64,
    ) -> Result<Vec<Verdict>, ReportError> {
        self.report(reporter, batch, now).await
    }

    async fn report<R: Table>(
        &self,
        reporter: &Reporter,
        batch: &Batch<R>,
        now: i64,
    ) -> Result<Vec<Verdict>, ReportError> {
        batch.check_size()?;
        let provider = reporter.provider;
        let records = &batch.records;
        let mut instances: Vec<&str> = records.iter().map(Report::instance_id).collect();
        instances.sort_unstable();
        instances.dedup();
        let targets = self.store.report_targets(provider, &instances).await?;
        // Judged first as if nothing were kept, and written: a record whose id was kept before
        // (or meanwhile, by a concurrent batch) is not written, and is judged again below.
        let mut verdicts = judge(records, &targets, &BTreeMap::new(), now);
        let (positions, placed): (Vec<usize>, Vec<Placed<'_, R>>) = verdicts
            .iter()
            .zip(records)
            .enumerate()
            .filter_map(|(position, (verdict, record))| match *verdict {
                Verdict::Accept { contract, line } => Some((
                    position,
                    Placed {
                        record,
                        contract,
                        line,
                    },
                )),
                _ => None,
            })
            .unzip();
        let written = R::keep(&self.store, provider, &placed, now).await?;
        let (written, unwritten): (Vec<_>, Vec<_>) = positions
            .into_iter()
            .zip(written)
            .partition(|(_, written)| *written);
        let written: BTreeSet<usize> = written.into_iter().map(|(position, _)| position).collect();
        let unwritten: BTreeSet<usize> = unwritten
            .into_iter()
            .map(|(position, _)| position)
            .collect();
        // A record kept before makes a resend of every record of its id, whatever the first
        // judgement said: those not written, and those refused (but for an invalid id).
        let mut again: Vec<&str> = verdicts
            .iter()
            .enumerate()
            .filter(|(position, verdict)| {
                unwritten.contains(position)
                    || (matches!(verdict, Verdict::Refused(_))
                        && !matches!(verdict, Verdict::Refused(Refusal::InvalidId)))
            })
            .map(|(position, _)| records[position].id())
            .collect();
        if again.is_empty() {
            return Ok(verdicts);
        }
        again.sort_unstable();
        again.dedup();
        let kept = R::kept(&self.store, provider, &again).await?;
        for (position, record) in records.iter().enumerate() {
            if written.contains(&position) {
                continue;
            }
            match kept.get(record.id()) {
                Some(earlier) => verdicts[position] = judge_resend(earlier, record),
                // Written by nobody, yet not written: the store would have said why.
                None if unwritten.contains(&position) => {
                    return Err(StoreError::Corrupt("record ids").into());
                }
                None => {}
            }
        }
        Ok(verdicts)
    }
}

/// Where the records of a kind are kept.
trait Table: Report + Sized {
    async fn kept(
        store: &Store,
        provider: ProviderId,
        ids: &[&str],
    ) -> Result<BTreeMap<String, Self>, StoreError>;

    async fn keep(
        store: &Store,
        provider: ProviderId,
        records: &[Placed<'_, Self>],
        now: i64,
    ) -> Result<Vec<bool>, StoreError>;
}

impl Table for UsageRecord {
    async fn kept(
        store: &Store,
        provider: ProviderId,
        ids: &[&str],
    ) -> Result<BTreeMap<String, Self>, StoreError> {
        store.kept_usage(provider, ids).await
    }

    async fn keep(
        store: &Store,
        provider: ProviderId,
        records: &[Placed<'_, Self>],
        now: i64,
    ) -> Result<Vec<bool>, StoreError> {
        store.keep_usage(provider, records, now).await
    }
}

impl Table for DowntimeRecord {
    async fn kept(
        store: &Store,
        provider: ProviderId,
        ids: &[&str],
    ) -> Result<BTreeMap<String, Self>, StoreError> {
        store.kept_downtime(provider, ids).await
    }

    async fn keep(
        store: &Store,
        provider: ProviderId,
        records: &[Placed<'_, Self>],
        now: i64,
    ) -> Result<Vec<bool>, StoreError> {
        store.keep_downtime(provider, records, now).await
    }
}
