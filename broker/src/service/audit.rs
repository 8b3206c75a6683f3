//! Reading the audit log: the operator reads every entry, an organisation's owners and admins
//! and a provider's owners the entries done for or on it; a page at a time, newest first, or
//! all of a filter's entries as CSV. And checking the whole chain, for `server verify-chain`.

use crate::account::CurrentUser;
use crate::audit::{AuditPage, ChainBreak, Filter, Scope, Verifier, csv, describe};
use crate::catalog::ProviderRole;
use crate::store::{Store, StoreError};

/// Entries on one page of the log.
pub const PAGE: u32 = 50;
/// Entries read at once for an export or a check of the chain.
const BATCH: u32 = 1_000;

/// Why the log could not be read.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    /// The scope is beyond the reader's reach.
    #[error("forbidden")]
    Forbidden,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why the chain does not hold, or could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ChainError {
    #[error("audit log: {}", describe(.0))]
    Broken(ChainBreak),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The audit log's use cases.
#[derive(Clone, Debug)]
pub struct Audit {
    store: Store,
}

impl Audit {
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    /// Whether `user` reaches `scope`; the store repeats the test inside its query.
    async fn require(&self, user: &CurrentUser, scope: Scope) -> Result<(), AuditError> {
        let reaches = match scope {
            Scope::Marketplace => user.is_operator,
            Scope::Tenant(tenant) => self
                .store
                .tenant_role(user.id, tenant)
                .await?
                .is_some_and(|role| role.can_manage()),
            Scope::Provider(provider) => {
                self.store.provider_role(user.id, provider).await? == Some(ProviderRole::Owner)
            }
        };
        if reaches {
            Ok(())
        } else {
            Err(AuditError::Forbidden)
        }
    }

    /// The page of `scope`'s entries that `filter` keeps, numbered below `before`.
    pub async fn page(
        &self,
        user: &CurrentUser,
        scope: Scope,
        filter: &Filter,
        before: Option<i64>,
    ) -> Result<AuditPage, AuditError> {
        self.require(user, scope).await?;
        let mut entries = self
            .store
            .audit_entries(user.id, scope, filter, before, PAGE + 1)
            .await?;
        let older = if entries.len() > PAGE as usize {
            entries.truncate(PAGE as usize);
            entries.last().map(|listed| listed.entry.seq)
        } else {
            None
        };
        Ok(AuditPage { entries, older })
    }

    /// Every entry of `scope` that `filter` keeps, newest first, as CSV.
    pub async fn export(
        &self,
        user: &CurrentUser,
        scope: Scope,
        filter: &Filter,
    ) -> Result<String, AuditError> {
        self.require(user, scope).await?;
        let mut text = csv::header();
        let mut before = None;
        loop {
            let entries = self
                .store
                .audit_entries(user.id, scope, filter, before, BATCH)
                .await?;
            for listed in &entries {
                text.push_str(&csv::row(listed));
            }
            match entries.last() {
                Some(last) if entries.len() == BATCH as usize => before = Some(last.entry.seq),
                _ => return Ok(text),
            }
        }
    }

    /// Checks the whole chain against its head; returns how many entries it holds.
    pub async fn verify_chain(&self) -> Result<i64, ChainError> {
        let mut verifier = Verifier::default();
        let mut after = 0;
        loop {
            let entries = self.store.audit_chain(after, BATCH).await?;
            for entry in &entries {
                verifier.check(entry).map_err(ChainError::Broken)?;
            }
            match entries.last() {
                Some(last) if entries.len() == BATCH as usize => after = last.seq,
                _ => break,
            }
        }
        let (seq, hash) = self.store.audit_head().await?;
        verifier.finish(seq, &hash).map_err(ChainError::Broken)
    }
}
