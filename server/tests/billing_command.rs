//! `server billing run` and `server billing export` as a person types them: the month's summary,
//! the month's `comptoir.billing/v1` document on standard output with the operator from the
//! environment, and clear refusals of a month or an operator that does not read.

use std::process::{Command, Output};

fn billing(url: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("billing")
        .args(args)
        .env("DATABASE_URL", url)
        .env("COMPTOIR_LOG", "warn")
        .envs(env.iter().copied())
        .output()
        .expect("the server binary runs")
}

#[test]
fn a_month_runs_and_exports_with_the_configured_operator() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = format!("sqlite://{}", dir.path().join("comptoir.db").display());
    let operator = [
        ("COMPTOIR_OPERATOR_COUNTRY", "DE"),
        ("COMPTOIR_OPERATOR_VAT_ID", "DE123456789"),
    ];

    let run = billing(&url, &["run", "--month", "2026-11"], &operator);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&run.stdout).trim(),
        "2026-11: 0 drafts, 0 finalized"
    );

    let export = billing(&url, &["export", "--month", "2026-11"], &operator);
    assert_eq!(
        export.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    let document: serde_json::Value =
        serde_json::from_slice(&export.stdout).expect("standard output is the document alone");
    assert_eq!(document["format"], "comptoir.billing/v1");
    assert_eq!(document["month"], "2026-11");
    assert_eq!(document["currency"], "EUR");
    assert_eq!(
        document["operator"],
        serde_json::json!({"country": "DE", "vat_id": "DE123456789"})
    );
    assert_eq!(document["invoices"], serde_json::json!([]));
}

#[test]
fn a_month_or_an_operator_that_does_not_read_is_refused() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = format!("sqlite://{}", dir.path().join("comptoir.db").display());

    let month = billing(&url, &["export", "--month", "2026-13"], &[]);
    assert_eq!(month.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&month.stderr).contains("2026-13"));

    let outside = billing(
        &url,
        &["run", "--month", "2026-11"],
        &[("COMPTOIR_OPERATOR_COUNTRY", "US")],
    );
    assert_eq!(outside.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&outside.stderr).contains("COMPTOIR_OPERATOR_COUNTRY"),
        "{}",
        String::from_utf8_lossy(&outside.stderr)
    );

    let vat_id = billing(
        &url,
        &["run", "--month", "2026-11"],
        &[("COMPTOIR_OPERATOR_VAT_ID", "DE123456789")],
    );
    assert_eq!(
        vat_id.status.code(),
        Some(2),
        "a German VAT id for a French operator"
    );
}
