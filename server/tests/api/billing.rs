//! An organisation's billing pages over HTTP: its invoice list and an invoice as members read it
//! (viewers too), nothing for another organisation, and the billing profile that only owners and
//! admins save, with a VAT id that does not read refused next to its field.

use crate::api::fixtures::Seed;
use crate::api::helpers::{TestApp, for_each_backend, now};
use app::error::{AppError, FieldProblem};
use broker::account::{Field, Role, TenantId};
use broker::billing::{
    ContractLine, InvoiceInput, InvoiceNumber, Month, ProfileError, VatId, compute_invoice,
};
use broker::contract::ContractId;
use broker::format::{self, CountryCode};
use reqwest::StatusCode;
use serde_json::json;
use std::collections::BTreeMap;

const PASSWORD: &str = "velvet harbour lantern quietly";

/// A finalized invoice of `tenant` for November 2026: 2 × VM at 42.00 EUR for the whole month,
/// to a German business with a VAT id (reverse charge).
pub async fn finalized_invoice(app: &TestApp, tenant: TenantId) {
    let month = Month::parse("2026-11").expect("a month");
    let de = CountryCode::parse("DE").expect("a country");
    let line = ContractLine {
        contract: ContractId::new(1),
        line: 0,
        provider: format::ProviderId::parse("alpha").expect("a slug"),
        offer: format::OfferId::parse("vm").expect("an id"),
        quantity: 2,
        unit_price_minor: 4200,
        availability_bp: 9995,
        active_at: month.start(),
        termination_requested_at: None,
        meters: Vec::new(),
    };
    let input = InvoiceInput {
        month,
        tenant,
        lines: vec![line],
        usage: Vec::new(),
        late_usage: Vec::new(),
        downtime: Vec::new(),
        commission_bp: BTreeMap::from([(
            format::ProviderId::parse("alpha").expect("a slug"),
            1000,
        )]),
        operator_country: CountryCode::parse("FR").expect("a country"),
        customer_country: de,
        customer_vat_id: Some(VatId::parse(de, "DE123456789").expect("a VAT id")),
    };
    let at = month.end() + 5;
    let invoice = compute_invoice(&input)
        .expect("computed")
        .expect("a line")
        .finalize(
            InvoiceNumber::parse("CPT-2026-000001").expect("a number"),
            at,
        )
        .expect("finalized");
    let customer = json!({"name": "Alice GmbH", "address": "Hauptstraße 1, Berlin", "country": "DE", "vat_id": "DE123456789"});
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&app.database_url)
        .await
        .expect("connect");
    sqlx::query(
        "INSERT INTO invoices (tenant_id, month, kind, status, number, customer, document, \
         net_minor, vat_minor, commission_minor, total_minor, created_at, updated_at, \
         finalized_at) VALUES ($1, '2026-11', 'invoice', 'finalized', 'CPT-2026-000001', $2, $3, \
         $4, $4 - $4, $5, $4, $6, $6, $6)",
    )
    .bind(tenant.get())
    .bind(customer.to_string())
    .bind(serde_json::to_string(&invoice).expect("serializable"))
    .bind(invoice.total_minor())
    .bind(invoice.split()[0].commission_minor)
    .bind(at)
    .execute(&pool)
    .await
    .expect("the invoice");
    pool.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn members_read_their_invoices_and_owners_keep_the_billing_profile() {
    for_each_backend(|app| async move {
        let b = app.backend;
        let now = now();
        let seed = Seed::new(&app.database_url, "operator@example.org", "Operator", now).await;
        let alice = seed.user("alice", "Alice", "Alice GmbH").await;
        let tenant = seed.store.memberships(alice.id).await.expect("memberships")[0].tenant;
        let vera = seed.user("vera", "Vera", "Vera's own").await;
        seed.store
            .add_tenant_member(tenant, vera.id, Role::Viewer, now)
            .await
            .expect("a viewer");
        seed.user("bob", "Bob", "Bob Ltd").await;
        finalized_invoice(&app, tenant).await;

        let owner = app.browser();
        owner.log_in("alice@example.org", PASSWORD).await;
        let list = owner.get("/billing").await;
        assert_eq!(list.status, StatusCode::OK, "{b}");
        assert!(
            list.body.contains("data-invoice=\"CPT-2026-000001\""),
            "{b}: {}",
            list.body
        );
        assert!(list.body.contains("data-status=\"finalized\""), "{b}");
        let page = owner.get("/billing/invoices/CPT-2026-000001").await;
        assert_eq!(page.status, StatusCode::OK, "{b}");
        for expected in [
            "Reverse charge: VAT due by the customer",
            "DE123456789",
            "Alice GmbH",
            "2 × vm at 42.00 EUR",
            "Net",
            ">84.00 EUR</td>",
            "data-left=\"\">84.00 EUR",
        ] {
            assert!(
                page.body.contains(expected),
                "{b}: {expected} in {}",
                page.body
            );
        }

        let viewer = app.browser();
        viewer.log_in("vera@example.org", PASSWORD).await;
        viewer
            .call(
                "switch_organisation",
                &[("form[tenant]", &tenant.get().to_string())],
            )
            .await;
        let read = viewer.get("/billing/invoices/CPT-2026-000001").await;
        assert_eq!(read.status, StatusCode::OK, "{b}: viewers read bills");
        assert!(
            !viewer.get("/billing").await.body.contains("form[vat_id]"),
            "{b}: no form for a viewer"
        );
        let fields = [
            ("form[legal_name]", "Alice GmbH"),
            ("form[address]", "Hauptstraße 1\n10115 Berlin"),
            ("form[country]", "de"),
            ("form[vat_id]", "DE 123 456 789"),
        ];
        viewer
            .call("save_billing_profile", &fields)
            .await
            .assert_refused(
                &AppError::Forbidden,
                &format!("{b}: a viewer saves the profile"),
            );

        let stranger = app.browser();
        stranger.log_in("bob@example.org", PASSWORD).await;
        let other = stranger.get("/billing/invoices/CPT-2026-000001").await;
        assert_eq!(other.status, StatusCode::NOT_FOUND, "{b}");
        assert!(!other.body.contains("84.00 EUR"), "{b}");

        let mut wrong = fields;
        wrong[3] = ("form[vat_id]", "FR12345678901");
        owner
            .call("save_billing_profile", &wrong)
            .await
            .assert_field_refused(
                Field::VatId,
                FieldProblem::Billing(ProfileError::VatId),
                &format!("{b}: a French VAT id for a German address"),
            );
        let saved = owner.call("save_billing_profile", &fields).await;
        assert_eq!(saved.status, StatusCode::OK, "{b}: {}", saved.body);
        let activity = owner.get("/dashboard/activity").await.body;
        assert!(
            activity.contains("saved the billing profile"),
            "{b}: in the organisation's log: {activity}"
        );
        let billing = owner.get("/billing").await.body;
        assert!(
            billing.contains("DE123456789"),
            "{b}: the saved VAT id, normalised"
        );
        assert!(
            billing.contains("value=\"DE\""),
            "{b}: the country, upper-cased"
        );
    })
    .await;
}
