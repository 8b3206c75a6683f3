//! Starting the app on a fresh database and talking to it like a browser would.

use app::error::{AppError, FieldProblem};
use broker::account::Field;
use reqwest::cookie::{CookieStore, Jar};
use reqwest::{Client, StatusCode};
use server::config::Config;
use std::net::SocketAddr;
use std::sync::Arc;

/// Runs `test` on a fresh app on every backend, one after the other; a failure names the backend.
pub async fn for_each_backend<F, Fut>(test: F)
where
    F: Fn(TestApp) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    for backend in backends() {
        let app = TestApp::spawn(&backend).await;
        on_backend(&backend, test(app)).await;
    }
}

/// Runs `test` on every backend for a test that starts its app itself (on a database it prepared
/// first, with more settings, or twice); a failure names the backend.
pub async fn for_each_bare_backend<F, Fut>(test: F)
where
    F: Fn(Backend) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    for backend in backends() {
        on_backend(&backend, test(backend.clone())).await;
    }
}

/// Runs one backend's part of a test as a task of its own, so that its failure can be told again
/// with the backend's name.
async fn on_backend(backend: &Backend, part: impl Future<Output = ()> + Send + 'static) {
    if let Err(failure) = tokio::spawn(part).await {
        let message = match failure.try_into_panic() {
            Ok(payload) => payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default(),
            Err(failure) => failure.to_string(),
        };
        panic!("on {backend:?}: {message}");
    }
}

/// The backends every test runs on: SQLite always, PostgreSQL when `TEST_DATABASE_URL` is set.
pub fn backends() -> Vec<Backend> {
    let mut backends = vec![Backend::Sqlite];
    if let Ok(url) = std::env::var("TEST_DATABASE_URL")
        && !url.trim().is_empty()
    {
        backends.push(Backend::Postgres(url));
    }
    backends
}

#[derive(Clone, Debug)]
pub enum Backend {
    Sqlite,
    Postgres(String),
}

pub struct TestApp {
    pub addr: SocketAddr,
    pub database_url: String,
    /// `sqlite` or `postgres`, for failure messages.
    pub backend: &'static str,
    /// The background jobs, at a fast pace; they end with the app.
    jobs: Option<server::jobs::Jobs>,
    serving: tokio::task::JoinHandle<()>,
    /// Taken by [`TestApp::stop`] only.
    dir: Option<tempfile::TempDir>,
}

/// The server stops with its app. Because `TestApp` has a destructor, a test closure that only
/// reads some of its fields still takes the whole app, database folder included, along.
impl Drop for TestApp {
    fn drop(&mut self) {
        self.serving.abort();
    }
}

impl TestApp {
    /// A fresh, empty database on `backend`, and the folder that holds it for SQLite.
    pub async fn fresh_database(backend: &Backend) -> (String, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let database_url = match backend {
            Backend::Sqlite => format!("sqlite://{}", dir.path().join("test.db").display()),
            Backend::Postgres(admin) => {
                crate::postgres::fresh_database(admin, "comptoir_test").await
            }
        };
        (database_url, dir)
    }

    pub async fn spawn(backend: &Backend) -> TestApp {
        let (database_url, dir) = Self::fresh_database(backend).await;
        Self::spawn_on(database_url, dir).await
    }

    /// Starts the app on an existing database (`dir` holds it for SQLite and lives as long as
    /// the app).
    pub async fn spawn_on(database_url: String, dir: tempfile::TempDir) -> TestApp {
        Self::spawn_on_with(database_url, dir, &[]).await
    }

    /// Starts the app on an existing database with more environment variables; the demo
    /// marketplace stays off unless `extra_env` sets `COMPTOIR_DEMO`.
    pub async fn spawn_on_with(
        database_url: String,
        dir: tempfile::TempDir,
        extra_env: &[(&str, &str)],
    ) -> TestApp {
        // Mail without an SMTP server goes to files beside the database.
        let mail_dir = dir.path().join("mail").display().to_string();
        let config = Config::from_lookup(|name| match name {
            "DATABASE_URL" => Some(database_url.clone()),
            _ => extra_env
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
                .or_else(|| (name == "COMPTOIR_DEMO").then(|| "0".to_owned()))
                .or_else(|| (name == "COMPTOIR_MAIL_DIR").then(|| mail_dir.clone())),
        })
        .expect("test configuration");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind port 0");
        let addr = listener.local_addr().expect("local address");
        let options = leptos::prelude::LeptosOptions::builder()
            .output_name("comptoir")
            .site_root("target/site")
            .site_pkg_dir("pkg")
            .site_addr(addr)
            .build();
        let origin = config
            .site_url
            .clone()
            .unwrap_or_else(|| format!("http://{addr}"));
        let app = server::build_app(&config, options, &origin)
            .await
            .expect("the app starts");
        let jobs = server::spawn_jobs(&app.state, std::time::Duration::from_millis(100));
        let serving = tokio::spawn(async move {
            axum::serve(
                listener,
                app.router
                    .into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .expect("serve");
        });
        let backend = if database_url.starts_with("postgres") {
            "postgres"
        } else {
            "sqlite"
        };
        TestApp {
            addr,
            backend,
            database_url,
            jobs: Some(jobs),
            serving,
            dir: Some(dir),
        }
    }

    /// Where the app writes its mail as `.eml` files, unless the test gave it an SMTP server.
    pub fn mail_dir(&self) -> std::path::PathBuf {
        self.dir.as_ref().expect("running").path().join("mail")
    }

    /// Stops the app as an operator would (the jobs finish their round), and hands back the
    /// folder of its database for another app to start on.
    pub async fn stop(mut self) -> tempfile::TempDir {
        if let Some(jobs) = self.jobs.take() {
            jobs.stop().await;
        }
        self.serving.abort();
        self.dir.take().expect("stopped once")
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// A new browser: its own cookie jar, no redirects followed (tests look at them).
    pub fn browser(&self) -> Browser {
        let jar = Arc::new(Jar::default());
        let client = Client::builder()
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            // A server that stops answering fails the test instead of holding the suite.
            .timeout(std::time::Duration::from_secs(180))
            .build()
            .expect("an HTTP client");
        Browser {
            client,
            jar,
            base: self.url(""),
        }
    }
}

pub struct Browser {
    pub client: Client,
    jar: Arc<Jar>,
    base: String,
}

pub struct Answer {
    pub status: StatusCode,
    pub location: Option<String>,
    pub body: String,
}

impl Browser {
    /// Calls a server function the way the hydrated form does (form-encoded, same origin).
    pub async fn call(&self, function: &str, fields: &[(&str, &str)]) -> Answer {
        let response = self
            .client
            .post(format!("{}/api/{function}", self.base))
            .header("Origin", &self.base)
            .header("Sec-Fetch-Site", "same-origin")
            .form(fields)
            .send()
            .await
            .expect("the server answers");
        Answer::read(response).await
    }

    /// Submits a form the way a browser without JavaScript does: it expects HTML back and says
    /// which page the form was on.
    pub async fn submit_form(
        &self,
        function: &str,
        from_page: &str,
        fields: &[(&str, &str)],
    ) -> Answer {
        let response = self
            .client
            .post(format!("{}/api/{function}", self.base))
            .header("Origin", &self.base)
            .header("Accept", "text/html,application/xhtml+xml")
            .header("Referer", format!("{}{from_page}", self.base))
            .form(fields)
            .send()
            .await
            .expect("the server answers");
        Answer::read(response).await
    }

    pub async fn get(&self, path: &str) -> Answer {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .header("Accept", "text/html,application/xhtml+xml")
            .send()
            .await
            .expect("the server answers");
        Answer::read(response).await
    }

    pub fn session_cookie(&self) -> Option<String> {
        let url = self.base.parse().expect("base url");
        let header = self.jar.cookies(&url)?;
        header.to_str().ok()?.split("; ").find_map(|pair| {
            pair.strip_prefix(&format!("{}=", server::sessions::COOKIE_NAME))
                .map(str::to_owned)
        })
    }

    /// Replaces this browser's session cookie, as someone replaying a stolen or old one would.
    pub fn set_session_cookie(&self, value: &str) {
        let url = self.base.parse().expect("base url");
        self.jar.add_cookie_str(
            &format!("{}={value}; Path=/", server::sessions::COOKIE_NAME),
            &url,
        );
    }

    pub async fn sign_up(&self, person: &Person) -> Answer {
        self.call(
            "sign_up",
            &[
                ("form[email]", &person.email),
                ("form[password]", &person.password),
                ("form[name]", &person.name),
                ("form[organisation]", &person.organisation),
            ],
        )
        .await
    }

    pub async fn log_in(&self, email: &str, password: &str) -> Answer {
        self.call(
            "log_in",
            &[("form[email]", email), ("form[password]", password)],
        )
        .await
    }
}

impl Answer {
    /// The refusal in the body, read as the app's error type.
    pub fn error(&self) -> AppError {
        refusal(&self.body).unwrap_or_else(|| panic!("not an error: {} {}", self.status, self.body))
    }

    /// The answer is the refusal `expected`, with the status the app gives it.
    pub fn assert_refused(&self, expected: &AppError, context: &str) {
        assert_eq!(
            self.status.as_u16(),
            expected.status(),
            "{context}: expected {expected:?}, got {} {}",
            self.status,
            self.body
        );
        assert_eq!(&self.error(), expected, "{context}");
    }

    /// The answer refuses the form's `field` for `problem` (among others, maybe).
    pub fn assert_field_refused(&self, field: Field, problem: FieldProblem, context: &str) {
        assert_eq!(
            self.status,
            StatusCode::BAD_REQUEST,
            "{context}: expected {field:?} {problem:?}, got {}",
            self.body
        );
        assert_eq!(
            self.error().field(field),
            Some(problem),
            "{context}: {}",
            self.body
        );
    }

    /// The digits after `key` in the body (an address such as `/sell/3?saved=7`).
    pub fn number_after(&self, key: &str) -> String {
        let start = self
            .body
            .find(key)
            .unwrap_or_else(|| panic!("{key} in {}", self.body))
            + key.len();
        self.body[start..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect()
    }

    async fn read(response: reqwest::Response) -> Answer {
        let status = response.status();
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = response.text().await.unwrap_or_default();
        Answer {
            status,
            location,
            body,
        }
    }
}

pub struct Person {
    pub email: String,
    pub password: String,
    pub name: String,
    pub organisation: String,
}

impl Person {
    pub fn new(tag: &str) -> Person {
        Person {
            email: format!("{tag}@example.org"),
            password: "velvet harbour lantern quietly".to_owned(),
            name: format!("Person {tag}"),
            organisation: format!("Organisation {tag}"),
        }
    }
}

/// The app's error in a server function's answer, if the body is one.
pub fn refusal(body: &str) -> Option<AppError> {
    serde_json::from_str(body).ok()
}

/// The time in seconds on the clock the app reads.
pub fn now() -> i64 {
    use broker::provisioning::port::Clock;
    broker::provisioning::port::SystemClock.now()
}
