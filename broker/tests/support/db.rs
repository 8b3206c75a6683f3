//! A migrated, empty database per test on every backend under test: SQLite always, PostgreSQL
//! too when `TEST_DATABASE_URL` is set.

use broker::account::{CurrentUser, Email, Password};
use broker::catalog::{ProviderApplication, ProviderDecision, ProviderId};
use broker::secret::{PasswordHash, hash_password};
use broker::service::catalog::Marketplace;
use broker::service::operator::Operator;
use broker::store::Store;

#[path = "fixtures.rs"]
mod fixtures;
#[path = "postgres.rs"]
mod postgres;

#[allow(unused_imports, reason = "only some test binaries sign contracts")]
pub use fixtures::{Shop, prepared_contract, signed_contract, signing};

pub const NOW: i64 = 1_700_000_000;

pub struct TestDb {
    pub backend: &'static str,
    pub store: Store,
    pub market: Marketplace,
    /// The operator's use cases.
    #[allow(
        dead_code,
        reason = "only some test binaries need the operator's decisions"
    )]
    pub console: Operator,
    /// The database's URL, for tests that reach under the store (to tamper with a row, say).
    #[allow(dead_code, reason = "only some test binaries reach under the store")]
    pub url: String,
    hash: PasswordHash,
    /// Holds the SQLite file.
    dir: Option<tempfile::TempDir>,
}

/// Runs `test` on a fresh database of every backend, one after the other; a failure names the
/// backend.
pub async fn for_each_database<F, Fut>(test: F)
where
    F: Fn(TestDb) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    for mut db in databases().await {
        let backend = db.backend;
        // Kept here until the test ends: a test closure that reads only some fields of `db` takes
        // only those along, and the SQLite file would go with the rest.
        let _dir = db.dir.take();
        // A task of its own, so that its failure can be told again with the backend's name.
        if let Err(failure) = tokio::spawn(test(db)).await {
            let message = match failure.try_into_panic() {
                Ok(payload) => payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default(),
                Err(failure) => failure.to_string(),
            };
            panic!("on {backend}: {message}");
        }
    }
}

async fn databases() -> Vec<TestDb> {
    let password = Password::parse("velvet harbour lantern quietly", &[]).expect("strong");
    let hash = hash_password(&password).await.expect("hash");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let sqlite = format!("sqlite://{}", dir.path().join("test.db").display());
    let mut urls = vec![("sqlite", sqlite, Some(dir))];
    if let Ok(admin) = std::env::var("TEST_DATABASE_URL")
        && !admin.trim().is_empty()
    {
        urls.push((
            "postgres",
            postgres::fresh_database(&admin, "comptoir_btest").await,
            None,
        ));
    }
    let mut databases = Vec::new();
    for (backend, url, dir) in urls {
        let store = Store::connect(&url).await.expect("connect");
        store.migrate().await.expect("migrate");
        databases.push(TestDb {
            backend,
            market: Marketplace::new(store.clone()),
            console: Operator::new(store.clone()),
            store,
            url,
            hash: hash.clone(),
            dir,
        });
    }
    databases
}

impl TestDb {
    pub async fn user(&self, tag: &str) -> CurrentUser {
        let email = Email::parse(&format!("{tag}@example.org")).expect("email");
        let (id, _) = self
            .store
            .create_user_with_tenant(&email, tag, &self.hash, &format!("{tag} org"), NOW)
            .await
            .expect("user");
        self.store
            .current_user(id, 0)
            .await
            .expect("read")
            .expect("exists")
    }

    #[allow(dead_code, reason = "only some test binaries need an operator")]
    pub async fn operator(&self) -> CurrentUser {
        let email = Email::parse("operator@example.org").expect("email");
        let id = self
            .store
            .create_operator(&email, "Operator", &self.hash, NOW)
            .await
            .expect("operator");
        self.store
            .current_user(id, 0)
            .await
            .expect("read")
            .expect("exists")
    }

    /// A provider applied for by `owner`, approved by `operator` when given.
    #[allow(dead_code, reason = "only some test binaries need a provider")]
    pub async fn provider(
        &self,
        owner: &CurrentUser,
        slug: &str,
        operator: Option<&CurrentUser>,
    ) -> ProviderId {
        let application = ProviderApplication {
            slug: slug.to_owned(),
            legal_name: format!("{slug} SAS"),
            country: "FR".to_owned(),
            jurisdiction: "EU".to_owned(),
            website: format!("https://{slug}.example"),
            description: "Sovereign cloud.".to_owned(),
            support_contact: format!("support@{slug}.example"),
        };
        let provider = self
            .market
            .apply(owner, &application, NOW)
            .await
            .expect("apply");
        if let Some(operator) = operator {
            self.console
                .decide_provider(operator, provider, &ProviderDecision::Approve, NOW)
                .await
                .expect("approve");
        }
        provider
    }
}
