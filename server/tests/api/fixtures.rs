//! What several suites set up the same way: people signed up in their own browser, the operator
//! signed in, the selling forms' server functions called with typed arguments, and a marketplace
//! seeded through the broker's use cases (approved providers, published offers).

use super::helpers::{Answer, Browser, Person, TestApp};
use app::api::compose::BlueprintView;
use broker::account::{CurrentUser, Email, Password, Role, TenantId, UserId};
use broker::catalog::{NewOffer, OfferId, ProviderApplication, ProviderDecision, ProviderId};
use broker::secret::{PasswordHash, hash_password};
use broker::service::catalog::Marketplace;
use broker::service::operator::Operator;
use broker::store::Store;
use reqwest::StatusCode;

pub const OPERATOR_EMAIL: &str = "ops@example.org";
pub const OPERATOR_PASSWORD: &str = "signal lighthouse cobalt ferry";

/// A browser in which `Person::new(tag)` has just signed up.
pub async fn signed_up(app: &TestApp, tag: &str) -> Browser {
    let browser = app.browser();
    let answer = browser.sign_up(&Person::new(tag)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    browser
}

/// Who signed up as `tag@example.org`, by their id.
pub async fn user_id(store: &Store, tag: &str) -> UserId {
    store
        .user_by_email(&format!("{tag}@example.org"))
        .await
        .expect("read")
        .expect("signed up")
}

/// Makes the person signed up as `member` (signed in on `browser`) a member of the organisation
/// that `owner` founded, with `role`, working in it: their ids and the organisation.
pub async fn joined(
    app: &TestApp,
    (owner, member): (&str, &str),
    browser: &Browser,
    role: Role,
) -> (UserId, UserId, TenantId) {
    let store = Store::connect(&app.database_url).await.expect("connect");
    let (owner, member) = (user_id(&store, owner).await, user_id(&store, member).await);
    let tenant = store.memberships(owner).await.expect("memberships")[0].tenant;
    store
        .add_tenant_member(tenant, member, role, 0)
        .await
        .expect("a member");
    let switched = browser
        .call(
            "switch_organisation",
            &[("form[tenant]", &tenant.get().to_string())],
        )
        .await;
    assert_eq!(switched.status, StatusCode::OK, "{}", switched.body);
    (owner, member, tenant)
}

/// Creates the marketplace's operator in the app's database, as `create-operator` does.
pub async fn create_operator(database_url: &str) {
    let store = Store::connect(database_url).await.expect("connect");
    let hash = hash_password(&Password::parse(OPERATOR_PASSWORD, &[]).expect("a strong password"))
        .await
        .expect("hash");
    store
        .create_operator(
            &Email::parse(OPERATOR_EMAIL).expect("email"),
            "Ops",
            &hash,
            0,
        )
        .await
        .expect("the operator");
    store.close().await;
}

/// A browser in which the marketplace's operator, just created, is signed in.
pub async fn signed_in_operator(app: &TestApp) -> Browser {
    create_operator(&app.database_url).await;
    let browser = app.browser();
    let answer = browser.log_in(OPERATOR_EMAIL, OPERATOR_PASSWORD).await;
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "the operator logs in: {}",
        answer.body
    );
    browser
}

/// The application of the provider `alpha` (Alpha SAS, France), which the billing lines and
/// the simulated contracts of several tests name.
pub fn alpha_application() -> ProviderApplication {
    ProviderApplication {
        slug: "alpha".to_owned(),
        legal_name: "Alpha SAS".to_owned(),
        country: "FR".to_owned(),
        jurisdiction: "EU".to_owned(),
        website: "https://alpha.example".to_owned(),
        description: "Sovereign cloud.".to_owned(),
        support_contact: "support@alpha.example".to_owned(),
    }
}

/// The provider application's fields for `slug`, with `values` in place of the defaults.
pub fn application_fields<'a>(
    slug: &'a str,
    values: &[(&'a str, &'a str)],
) -> Vec<(&'a str, String)> {
    let mut fields = vec![
        ("form[slug]", slug.to_owned()),
        ("form[legal_name]", format!("{slug} SAS")),
        ("form[country]", "FR".to_owned()),
        ("form[jurisdiction]", "EU".to_owned()),
        ("form[website]", "https://provider.example".to_owned()),
        ("form[description]", "Sovereign compute.".to_owned()),
        (
            "form[support_contact]",
            "support@provider.example".to_owned(),
        ),
    ];
    for &(key, value) in values {
        fields.retain(|(k, _)| *k != key);
        fields.push((key, value.to_owned()));
    }
    fields
}

/// `browser`'s application for the provider `slug` (`values` in place of the defaults of
/// [`application_fields`]), accepted for review; the provider's id.
pub async fn apply(browser: &Browser, slug: &str, values: &[(&str, &str)]) -> String {
    let fields = application_fields(slug, values);
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let answer = browser.apply_provider(&pairs).await;
    assert_eq!(answer.status, StatusCode::OK, "apply: {}", answer.body);
    answer.number_after("/sell/")
}

/// The selling forms' server functions, with the arguments their forms post.
impl Browser {
    pub async fn apply_provider(&self, fields: &[(&str, &str)]) -> Answer {
        self.call("apply_provider", fields).await
    }

    pub async fn save_offer(&self, fields: &[(&str, &str)]) -> Answer {
        self.call("save_offer", fields).await
    }

    /// The operator's decision on a `provider` or an `offer`.
    pub async fn decide(&self, subject: &str, id: &str, decision: &str, reason: &str) -> Answer {
        self.call(
            "decide",
            &[
                ("form[subject]", subject),
                ("form[id]", id),
                ("form[reason]", reason),
                ("decision", decision),
            ],
        )
        .await
    }

    /// An action of the provider on its offer (`submit`, `retire`).
    pub async fn offer_action(&self, provider: &str, offer: &str, action: &str) -> Answer {
        self.call(
            "offer_action",
            &[("provider", provider), ("offer", offer), ("action", action)],
        )
        .await
    }

    pub async fn add_provider_member(&self, provider: &str, email: &str, role: &str) -> Answer {
        self.call(
            "add_provider_member",
            &[
                ("form[provider]", provider),
                ("form[email]", email),
                ("form[role]", role),
            ],
        )
        .await
    }
}

/// The composer's and the contracts' server functions.
impl Browser {
    pub async fn start_blueprint(&self, template: &str, name: &str) -> Answer {
        self.call("start_blueprint", &[("template", template), ("name", name)])
            .await
    }

    /// The draft `id` as its editor reads it.
    pub async fn draft(&self, id: &str) -> BlueprintView {
        let answer = self.call("blueprint", &[("id", id)]).await;
        assert_eq!(answer.status, StatusCode::OK, "draft: {}", answer.body);
        serde_json::from_str(&answer.body).expect("a draft")
    }

    pub async fn export_blueprint(&self, id: &str) -> Answer {
        self.call("export_blueprint", &[("id", id)]).await
    }

    pub async fn import_blueprint(&self, document: &str) -> Answer {
        self.call("import_blueprint", &[("document", document)])
            .await
    }

    pub async fn prepare_contract(&self, quote: &str) -> Answer {
        self.call("prepare_contract", &[("quote", quote)]).await
    }

    /// Accepts an invitation as the page's button does, coming back to `back`.
    pub async fn accept_invitation(&self, invitation: &str, back: &str) -> Answer {
        self.call(
            "accept_invitation",
            &[("form[invitation]", invitation), ("form[back]", back)],
        )
        .await
    }
}

/// The marketplace under a running app, reached through the broker's use cases: an operator and
/// the people a test needs, created at `now`.
pub struct Seed {
    pub store: Store,
    pub market: Marketplace,
    /// The operator's use cases.
    pub console: Operator,
    pub operator: CurrentUser,
    hash: PasswordHash,
    now: i64,
}

impl Seed {
    /// The operator `operator_email` on the database at `database_url`.
    pub async fn new(
        database_url: &str,
        operator_email: &str,
        operator_name: &str,
        now: i64,
    ) -> Seed {
        let store = Store::connect(database_url).await.expect("connect");
        let password = Password::parse("velvet harbour lantern quietly", &[]).expect("strong");
        let hash = hash_password(&password).await.expect("hash");
        let operator = store
            .create_operator(
                &Email::parse(operator_email).expect("email"),
                operator_name,
                &hash,
                now,
            )
            .await
            .expect("operator");
        let operator = store
            .current_user(operator, 0)
            .await
            .expect("read")
            .expect("the operator exists");
        Seed {
            market: Marketplace::new(store.clone()),
            console: Operator::new(store.clone()),
            store,
            operator,
            hash,
            now,
        }
    }

    /// `tag@example.org`, named `name`, who founded the organisation `organisation`.
    pub async fn user(&self, tag: &str, name: &str, organisation: &str) -> CurrentUser {
        let email = Email::parse(&format!("{tag}@example.org")).expect("email");
        let (id, _) = self
            .store
            .create_user_with_tenant(&email, name, &self.hash, organisation, self.now)
            .await
            .expect("user");
        self.store
            .current_user(id, 0)
            .await
            .expect("read")
            .expect("the user exists")
    }

    /// A provider applied for by `owner` and approved by the operator.
    pub async fn approved_provider(
        &self,
        owner: &CurrentUser,
        application: &ProviderApplication,
    ) -> ProviderId {
        let provider = self
            .market
            .apply(owner, application, self.now)
            .await
            .expect("apply");
        self.console
            .decide_provider(
                &self.operator,
                provider,
                &ProviderDecision::Approve,
                self.now,
            )
            .await
            .expect("approve the provider");
        provider
    }

    /// An offer of `provider` created by `owner`, submitted and published by the operator.
    pub async fn published_offer(
        &self,
        owner: &CurrentUser,
        provider: ProviderId,
        offer: &NewOffer,
    ) -> OfferId {
        let offer = self
            .market
            .create_offer(owner, provider, offer, self.now)
            .await
            .expect("create the offer");
        self.market
            .submit(owner, offer, self.now)
            .await
            .expect("submit");
        self.console
            .review_offer(&self.operator, offer, true, "", self.now)
            .await
            .expect("publish");
        offer
    }
}
