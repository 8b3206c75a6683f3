//! A forgotten password reset from the mail a real SMTP server received: `aiosmtpd` (PyPI,
//! installed by `make tools`) runs beside the app, which sends through it from its outbox; the
//! link in the mail sets the new password and ends the account's other sessions.

use crate::api::helpers::{Browser, Person, TestApp, for_each_bare_backend};
use reqwest::StatusCode;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// An SMTP server that keeps every message it receives in a maildir.
struct Smtpd {
    child: Child,
    maildir: PathBuf,
    port: u16,
}

impl Smtpd {
    async fn start(dir: &Path) -> Smtpd {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let maildir = dir.join("maildir");
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .spawn()
            .expect("python3 -m aiosmtpd (make tools installs it)");
        let started = Instant::now();
        while tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err()
        {
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "aiosmtpd did not start"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Smtpd {
            child,
            maildir,
            port,
        }
    }

    /// The messages received so far.
    fn messages(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.maildir.join("new")) else {
            return Vec::new();
        };
        entries
            .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path()).ok())
            .collect()
    }

    /// Waits for the `count`th message.
    async fn wait_for(&self, count: usize) -> Vec<String> {
        let started = Instant::now();
        loop {
            let messages = self.messages();
            if messages.len() >= count {
                return messages;
            }
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "no mail arrived"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Smtpd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The reset link of a message, its quoted-printable soft breaks and `=3D` undone.
fn reset_link(message: &str) -> String {
    let plain = message
        .replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=");
    let start = plain.find("http://").expect("a link");
    plain[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || ":/.?=_-".contains(*c))
        .collect()
}

async fn forgot(browser: &Browser, email: &str) -> String {
    let answer = browser
        .call(
            "forgot_password",
            &[("form[email]", email), ("form[language]", "fr")],
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.body
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_forgotten_password_is_reset_from_the_mail_the_smtp_server_received() {
    for_each_bare_backend(|backend| async move {
        let (database_url, dir) = TestApp::fresh_database(&backend).await;
        let smtpd = Smtpd::start(dir.path()).await;
        let url = format!("smtp://127.0.0.1:{}", smtpd.port);
        let env = [
            ("COMPTOIR_SMTP_URL", url.as_str()),
            ("COMPTOIR_MAIL_FROM", "Comptoir <no-reply@comptoir.test>"),
        ];
        let app = TestApp::spawn_on_with(database_url, dir, &env).await;
        let b = app.backend;
        let ada = Person::new("ada");
        let elsewhere = app.browser();
        assert_eq!(elsewhere.sign_up(&ada).await.status, StatusCode::OK, "{b}");

        let visitor = app.browser();
        let known = forgot(&visitor, &ada.email).await;
        let unknown = forgot(&visitor, "nobody@example.org").await;
        assert_eq!(known, unknown, "{b}: the same answer for an unknown email");
        let messages = smtpd.wait_for(1).await;
        let message = &messages[0];
        assert!(message.contains("To: ada@example.org"), "{b}: {message}");
        assert!(
            message.contains("multipart/alternative"),
            "{b}: text and HTML"
        );
        assert!(message.contains("Message-ID: <outbox-"), "{b}");
        assert!(
            message.contains("lang=3D\"fr\""),
            "{b}: in the language of the page"
        );

        let link = reset_link(message);
        assert!(
            link.starts_with(&app.url("/reset-password?token=cpt_")),
            "{b}: {link}"
        );
        let path = link.trim_start_matches(&app.url(""));
        let page = visitor
            .get(&format!("/{}", path.trim_start_matches('/')))
            .await;
        assert!(page.body.contains("form[token]"), "{b}: {}", page.body);
        let token = link.split_once("token=").expect("a token").1;
        let new = "copper meadow whistle tomorrow";
        let reset = visitor
            .call(
                "reset_password",
                &[("form[token]", token), ("form[password]", new)],
            )
            .await;
        assert_eq!(reset.status, StatusCode::OK, "{b}: {}", reset.body);
        let session = elsewhere.call("session", &[]).await;
        assert_eq!(session.body, "null", "{b}: the other session ended");
        assert_eq!(
            visitor.log_in(&ada.email, new).await.status,
            StatusCode::OK,
            "{b}"
        );
        let used = visitor
            .get(&format!("/{}", path.trim_start_matches('/')))
            .await;
        assert!(
            used.body.contains("data-reset-invalid"),
            "{b}: the link works once"
        );
        // Only the known address got a message.
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(smtpd.messages().len(), 1, "{b}");
    })
    .await;
}
