//! A tenant's blueprint drafts against a real database: every test runs on SQLite, and on
//! PostgreSQL too when `TEST_DATABASE_URL` is set (a fresh database per test).
#![cfg(feature = "server")]

use broker::account::Role;
use broker::blueprint::BlueprintId;
use broker::blueprint_form::{BlueprintForm, BlueprintInputError, Edit};
use broker::format::{Blueprint, FormatError};
use broker::service::blueprints::{Blueprints, BlueprintsError};
use broker::templates;

#[path = "support/db.rs"]
mod db;

use db::{NOW, for_each_database};

fn template(name: &str) -> Blueprint {
    templates::find(name)
        .expect(name)
        .blueprint()
        .expect("valid")
}

#[tokio::test]
async fn a_member_creates_lists_reads_saves_and_deletes_drafts() {
    for_each_database(|db| async move {
        let blueprints = Blueprints::new(db.store.clone());
        let owner = db.user("alice").await;
        let tenant = db.tenant_of(&owner).await;
        let buyer = db.member("bob", tenant, Role::Buyer).await;
        let shop = blueprints
            .create(&owner, tenant, &template("web-shop"), NOW)
            .await
            .expect("create");
        let erp = blueprints
            .create(&buyer, tenant, &template("erp"), NOW + 10)
            .await
            .expect("a buyer composes too");
        let list = blueprints.list(&owner, tenant).await.expect("list");
        assert_eq!(
            list.iter().map(|d| d.id).collect::<Vec<_>>(),
            [erp, shop],
            "{}",
            db.backend
        );
        assert_eq!(list[1].name, "web shop");
        assert_eq!(list[1].components, 6);

        let draft = blueprints.get(&buyer, tenant, shop).await.expect("get");
        assert_eq!(draft.blueprint, template("web-shop"));
        let mut form = BlueprintForm::from_blueprint(&draft.blueprint);
        form.name = "Boutique".into();
        blueprints
            .save_form(
                &owner,
                tenant,
                shop,
                &form,
                Edit::RemoveComponent(5),
                NOW + 20,
            )
            .await
            .expect("save");
        let saved = blueprints.get(&owner, tenant, shop).await.expect("get");
        assert_eq!(saved.name, "Boutique");
        assert_eq!(saved.updated_at, NOW + 20);
        assert_eq!(saved.blueprint.components().len(), 5);
        assert_eq!(blueprints.list(&owner, tenant).await.unwrap()[0].id, shop);

        blueprints
            .delete(&buyer, tenant, erp)
            .await
            .expect("delete");
        assert!(matches!(
            blueprints.get(&owner, tenant, erp).await,
            Err(BlueprintsError::NotFound)
        ));
        assert_eq!(blueprints.list(&owner, tenant).await.unwrap().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn a_form_that_does_not_read_saves_nothing_and_names_the_field() {
    for_each_database(|db| async move {
        let blueprints = Blueprints::new(db.store.clone());
        let owner = db.user("alice").await;
        let tenant = db.tenant_of(&owner).await;
        let id = blueprints
            .create(&owner, tenant, &template("erp"), NOW)
            .await
            .unwrap();
        let mut form = BlueprintForm::from_blueprint(&template("erp"));
        form.components[1].quantity = "0".into();
        let Err(BlueprintsError::Invalid(errors)) = blueprints
            .save_form(&owner, tenant, id, &form, Edit::Save, NOW + 5)
            .await
        else {
            panic!("a quantity of 0 is refused");
        };
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "components[1].quantity");
        assert_eq!(errors[0].problem, BlueprintInputError::Quantity);
        let kept = blueprints.get(&owner, tenant, id).await.unwrap();
        assert_eq!(kept.updated_at, NOW, "{}", db.backend);
        assert_eq!(kept.blueprint, template("erp"));
    })
    .await;
}

#[tokio::test]
async fn another_tenant_finds_nothing_by_a_forged_id() {
    for_each_database(|db| async move {
        let blueprints = Blueprints::new(db.store.clone());
        let owner = db.user("alice").await;
        let tenant = db.tenant_of(&owner).await;
        let id = blueprints
            .create(&owner, tenant, &template("data-lake"), NOW)
            .await
            .unwrap();
        let mallory = db.user("mallory").await;
        let theirs = db.tenant_of(&mallory).await;
        let shop = template("web-shop");
        let not_found = |outcome: Result<(), BlueprintsError>| {
            assert!(
                matches!(outcome, Err(BlueprintsError::NotFound)),
                "{outcome:?} on {}",
                db.backend
            );
        };
        // Their own tenant with our draft's id, and our tenant they are not a member of.
        for tenant in [theirs, tenant] {
            not_found(blueprints.get(&mallory, tenant, id).await.map(|_| ()));
            not_found(blueprints.export(&mallory, tenant, id).await.map(|_| ()));
            not_found(blueprints.save(&mallory, tenant, id, &shop, NOW).await);
            not_found(blueprints.delete(&mallory, tenant, id).await);
        }
        not_found(blueprints.list(&mallory, tenant).await.map(|_| ()));
        not_found(
            blueprints
                .create(&mallory, tenant, &shop, NOW)
                .await
                .map(|_| ()),
        );
        assert!(blueprints.list(&mallory, theirs).await.unwrap().is_empty());
        let kept = blueprints.get(&owner, tenant, id).await.unwrap();
        assert_eq!(kept.blueprint, template("data-lake"));
        not_found(
            blueprints
                .get(&owner, tenant, BlueprintId::new(id.get() + 1000))
                .await
                .map(|_| ()),
        );
    })
    .await;
}

#[tokio::test]
async fn a_viewer_reads_drafts_but_may_not_write_them() {
    for_each_database(|db| async move {
        let blueprints = Blueprints::new(db.store.clone());
        let owner = db.user("alice").await;
        let tenant = db.tenant_of(&owner).await;
        let viewer = db.member("victor", tenant, Role::Viewer).await;
        let id = blueprints
            .create(&owner, tenant, &template("hpc-batch"), NOW)
            .await
            .unwrap();
        assert_eq!(blueprints.list(&viewer, tenant).await.unwrap().len(), 1);
        let text = blueprints
            .export(&viewer, tenant, id)
            .await
            .expect("export");
        let forbidden = |outcome: Result<(), BlueprintsError>| {
            assert!(
                matches!(outcome, Err(BlueprintsError::Forbidden)),
                "{outcome:?} on {}",
                db.backend
            );
        };
        let shop = template("web-shop");
        forbidden(
            blueprints
                .create(&viewer, tenant, &shop, NOW)
                .await
                .map(|_| ()),
        );
        forbidden(blueprints.save(&viewer, tenant, id, &shop, NOW).await);
        forbidden(blueprints.delete(&viewer, tenant, id).await);
        forbidden(
            blueprints
                .import(&viewer, tenant, &text, NOW)
                .await
                .map(|_| ()),
        );
        assert_eq!(
            blueprints.get(&owner, tenant, id).await.unwrap().blueprint,
            template("hpc-batch")
        );
    })
    .await;
}

#[tokio::test]
async fn an_exported_draft_imports_as_the_same_blueprint() {
    for_each_database(|db| async move {
        let blueprints = Blueprints::new(db.store.clone());
        let owner = db.user("alice").await;
        let tenant = db.tenant_of(&owner).await;
        let id = blueprints
            .create(&owner, tenant, &template("web-shop"), NOW)
            .await
            .unwrap();
        let text = blueprints.export(&owner, tenant, id).await.unwrap();
        assert!(text.contains("\"format\": \"comptoir.blueprint/v1\""));
        let copy = blueprints
            .import(&owner, tenant, &text, NOW + 1)
            .await
            .expect("import");
        assert_ne!(copy, id);
        assert_eq!(
            blueprints
                .get(&owner, tenant, copy)
                .await
                .unwrap()
                .blueprint,
            template("web-shop"),
            "{}",
            db.backend
        );
    })
    .await;
}

#[tokio::test]
async fn an_import_that_does_not_read_says_why_and_saves_nothing() {
    for_each_database(|db| async move {
        let blueprints = Blueprints::new(db.store.clone());
        let owner = db.user("alice").await;
        let tenant = db.tenant_of(&owner).await;
        let cases = [
            ("{ nope", "malformed JSON"),
            (
                r#"{"format": "comptoir.catalog/v1", "offers": []}"#,
                "field format",
            ),
            (
                r#"{"format": "comptoir.blueprint/v1", "objective": "cost", "components": [
                    {"name": "web", "domain": "compute", "quantity": 0}]}"#,
                r#"component "web": field quantity"#,
            ),
            (
                r#"{"format": "comptoir.blueprint/v1", "objective": "cost", "components": [],
                    "constraints": {"same_provider": [["web"]]}}"#,
                "unknown component",
            ),
            (
                r#"{"format": "comptoir.blueprint/v1", "objective": "cost", "components": [],
                    "budget": 3}"#,
                "unknown field",
            ),
        ];
        for (text, expected) in cases {
            match blueprints.import(&owner, tenant, text, NOW).await {
                Err(BlueprintsError::Format(err)) => {
                    assert!(err.to_string().contains(expected), "{err} for {text}");
                    if expected == "malformed JSON" {
                        assert!(matches!(err, FormatError::Json(_)));
                    }
                }
                other => panic!("{other:?} for {text} on {}", db.backend),
            }
        }
        assert!(blueprints.list(&owner, tenant).await.unwrap().is_empty());
    })
    .await;
}
