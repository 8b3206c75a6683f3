//! The contract's page: one read for everything its members see on it.

use super::{Contracts, ContractsError};
use crate::account::{CurrentUser, TenantId};
use crate::contract::{ContractId, ContractPage, Signer};

impl Contracts {
    /// Contract `id` of `tenant` as its members read it, with the resources of its lines and the
    /// members who can sign it and what it was billed; not found for anyone outside the tenant.
    pub async fn contract_page(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
        id: ContractId,
    ) -> Result<ContractPage, ContractsError> {
        let view = self.contract(user, tenant, id).await?;
        let role = self.role(user, tenant).await?;
        let resources = self.store.resources(user.id, tenant, Some(id)).await?;
        let members = self
            .store
            .dashboard(user.id, tenant)
            .await?
            .ok_or(ContractsError::NotFound)?
            .members;
        let signed_by = view.signature.as_ref().and_then(|signature| {
            members
                .iter()
                .find(|member| member.user == signature.user)
                .map(|member| member.name.clone())
        });
        let signers = members
            .iter()
            .filter(|member| member.role.can_sign())
            .map(|member| Signer {
                name: member.name.clone(),
                email: member.email.to_string(),
            })
            .collect();
        Ok(ContractPage {
            canonical: view.document.canonical(),
            sha256: view.document.sha256(),
            status: view.status,
            signature: view.signature,
            signed_by,
            events: view.events,
            resources,
            role,
            signers,
            billed: self.store.contract_billed(user.id, tenant, id).await?,
        })
    }
}
