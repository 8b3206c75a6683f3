//! What the store suites set up alike: the members of a tenant, an approved provider with its
//! published offers, and a plan taken through to a signed contract.
#![allow(dead_code, reason = "each test binary uses a part of it")]

use super::{NOW, TestDb};
use broker::account::{CurrentUser, Role, TenantId};
use broker::catalog::{NewOffer, OfferId, ProviderId};
use broker::contract::ContractId;
use broker::format::PlanDocument;
use broker::service::contracts::{Contracts, Signing};

/// An approved provider of a new seller, and the operator who approved it.
pub struct Shop {
    pub operator: CurrentUser,
    pub seller: CurrentUser,
    pub provider: ProviderId,
    /// The published offers, in the order they were given.
    pub offers: Vec<OfferId>,
}

impl TestDb {
    /// The organisation `user` founded.
    pub async fn tenant_of(&self, user: &CurrentUser) -> TenantId {
        self.store.memberships(user.id).await.expect("memberships")[0].tenant
    }

    /// A user who belongs to `tenant` with `role` (and owns an organisation of their own).
    pub async fn member(&self, tag: &str, tenant: TenantId, role: Role) -> CurrentUser {
        let user = self.user(tag).await;
        self.store
            .add_tenant_member(tenant, user.id, role, NOW)
            .await
            .expect("add member");
        user
    }

    /// `offer` of `provider`, created by `seller`, submitted and published by `operator`.
    pub async fn publish(
        &self,
        seller: &CurrentUser,
        operator: &CurrentUser,
        provider: ProviderId,
        offer: &NewOffer,
    ) -> OfferId {
        let offer = self
            .market
            .create_offer(seller, provider, offer, NOW)
            .await
            .expect("create offer");
        self.market
            .submit(seller, offer, NOW)
            .await
            .expect("submit");
        self.console
            .review_offer(operator, offer, true, "", NOW)
            .await
            .expect("publish");
        offer
    }

    /// The token of the newest mail to `email` with a link to `page` (`…?token=`), claimed from
    /// the outbox at `at` as a sender would; the link is in its HTML too.
    pub async fn mailed_token(&self, email: &str, page: &str, at: i64) -> String {
        let due = self.store.claim_mail(at, 1, 100).await.expect("the outbox");
        let mail = due
            .iter()
            .rev()
            .find(|queued| queued.mail.to.as_str() == email)
            .expect("a mail to the address");
        let link = mail
            .mail
            .text
            .lines()
            .find(|line| line.starts_with(page))
            .expect("the link in the text");
        assert!(mail.mail.html.contains(link), "the link in the HTML too");
        link.split_once("?token=").expect("a token").1.to_owned()
    }

    /// The operator, the seller `seller`, the provider `slug` they applied for and the operator
    /// approved, and `offers` published in its name.
    pub async fn shop(&self, slug: &str, offers: &[NewOffer]) -> Shop {
        let operator = self.operator().await;
        let seller = self.user("seller").await;
        let provider = self.provider(&seller, slug, Some(&operator)).await;
        let mut published = Vec::new();
        for offer in offers {
            published.push(self.publish(&seller, &operator, provider, offer).await);
        }
        Shop {
            operator,
            seller,
            provider,
            offers: published,
        }
    }
}

/// `owner`'s contract for `plan`, accepted and prepared at [`NOW`], and the SHA-256 of the
/// document the owner is shown.
pub async fn prepared_contract(
    contracts: &Contracts,
    owner: &CurrentUser,
    tenant: TenantId,
    plan: &PlanDocument,
) -> (ContractId, String) {
    let quote = contracts
        .accept_plan(owner, tenant, plan, "web shop", NOW)
        .await
        .expect("accept");
    let contract = contracts
        .prepare_contract(owner, tenant, quote, NOW)
        .await
        .expect("prepare");
    let sha = contracts
        .contract(owner, tenant, contract)
        .await
        .expect("read")
        .document
        .sha256();
    (contract, sha)
}

/// A signature of the document whose SHA-256 is `shown_sha256`, from a browser at 192.0.2.7.
pub fn signing(shown_sha256: &str) -> Signing<'_> {
    Signing {
        shown_sha256,
        address: "192.0.2.7".parse().expect("address"),
        user_agent: "Mozilla/5.0",
    }
}

/// `owner`'s contract for `plan`: accepted and prepared at [`NOW`], signed at `signed_at` on the
/// document the owner was shown.
pub async fn signed_contract(
    contracts: &Contracts,
    owner: &CurrentUser,
    tenant: TenantId,
    plan: &PlanDocument,
    signed_at: i64,
) -> ContractId {
    let (contract, sha) = prepared_contract(contracts, owner, tenant, plan).await;
    let signing = signing(&sha);
    contracts
        .sign(owner, tenant, contract, &signing, signed_at)
        .await
        .expect("sign");
    contract
}
