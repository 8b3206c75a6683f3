//! An organisation's monthly budget through the server: an owner sets it from the dashboard's
//! form (a typo is refused next to the field), the dashboard shows what is committed of it, and
//! no one else sets it.

use crate::api::fixtures::{joined, signed_up};
use crate::api::helpers::for_each_backend;
use app::error::FieldProblem;
use broker::account::{Field, Role};
use broker::billing::Settlement;
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_owner_sets_the_budget_that_the_dashboard_shows_and_no_one_else_does() {
    for_each_backend(|app| async move {
        let b = app.backend;
        let owner = signed_up(&app, "olga").await;
        let typo = owner.call("set_budget", &[("form[budget]", "mille")]).await;
        typo.assert_field_refused(
            Field::Amount,
            FieldProblem::Settlement(Settlement::NotPositive),
            b,
        );
        let set = owner
            .call("set_budget", &[("form[budget]", "1000,50")])
            .await;
        assert_eq!(set.status, StatusCode::OK, "{b}: {}", set.body);
        let page = owner.get("/dashboard").await.body;
        assert!(
            page.contains("0.00 EUR committed of 1000.50 EUR (0.00 %)"),
            "{b}: {page}"
        );
        assert!(page.contains("value=\"1000.50\""), "{b}: the form shows it");

        let bea = signed_up(&app, "bea").await;
        joined(&app, ("olga", "bea"), &bea, Role::Admin).await;
        let by_admin = bea.call("set_budget", &[("form[budget]", "1")]).await;
        assert_eq!(
            by_admin.status,
            StatusCode::FORBIDDEN,
            "{b}: only owners set it"
        );
        let lifted = owner.call("set_budget", &[("form[budget]", "")]).await;
        assert_eq!(lifted.status, StatusCode::OK, "{b}");
        assert!(
            owner.get("/dashboard").await.body.contains("No budget"),
            "{b}"
        );
    })
    .await;
}
