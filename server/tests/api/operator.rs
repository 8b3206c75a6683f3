//! The `create-operator` command and the operator's access.

use super::helpers::{TestApp, for_each_bare_backend};
use reqwest::StatusCode;
use std::io::Write;
use std::process::{Command, Stdio};

fn create_operator(database_url: &str, email: &str, password: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .args([
            "create-operator",
            "--email",
            email,
            "--name",
            "Grace Hopper",
        ])
        .env("DATABASE_URL", database_url)
        .env("COMPTOIR_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server binary runs");
    writeln!(child.stdin.take().expect("stdin"), "{password}").expect("write the password");
    child.wait_with_output().expect("the command ends")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_operator_created_on_the_command_line_can_open_the_operator_area() {
    for_each_bare_backend(|backend| async move {
        let (database_url, dir) = TestApp::fresh_database(&backend).await;
        let password = "signal lighthouse cobalt ferry";
        let output = create_operator(&database_url, "grace@example.org", password);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            !String::from_utf8_lossy(&output.stdout).contains(password),
            "the password is never echoed"
        );

        let app = TestApp::spawn_on(database_url.clone(), dir).await;
        let browser = app.browser();
        assert_eq!(
            browser.log_in("grace@example.org", password).await.status,
            StatusCode::OK
        );
        let page = browser.get("/admin").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Operator area"));

        let weak = create_operator(&database_url, "other@example.org", "password");
        assert!(!weak.status.success(), "a weak password is refused");
        let again = create_operator(&database_url, "grace@example.org", password);
        assert!(!again.status.success(), "the email is taken");
    })
    .await;
}
