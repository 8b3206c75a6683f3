use super::*;
use crate::templates::TEMPLATES;

fn shop() -> BlueprintForm {
    BlueprintForm {
        name: "Shop".into(),
        objective: "cost".into(),
        components: vec![
            ComponentForm {
                name: "web".into(),
                domain: "Compute".into(),
                quantity: "2".into(),
                min: "vcpu=2, ram_gb: 4".into(),
                certifications: "ISO27001, HDS".into(),
                countries: "fr, de".into(),
            },
            ComponentForm {
                name: "db".into(),
                domain: "database".into(),
                quantity: "1".into(),
                ..ComponentForm::default()
            },
            ComponentForm {
                name: "cache".into(),
                domain: "database".into(),
                quantity: "1".into(),
                ..ComponentForm::default()
            },
        ],
        jurisdictions: "eu, CH".into(),
        countries: String::new(),
        min_availability: "99,9".into(),
        max_monthly: "250.00".into(),
        max_carbon: "12.5".into(),
        same_provider: "web, cache".into(),
        distinct_providers: "web, db\ndb, cache".into(),
        max_providers: "3".into(),
    }
}

fn errors_of(form: &BlueprintForm) -> Vec<(String, BlueprintInputError)> {
    form.read()
        .expect_err("refused")
        .into_iter()
        .map(|e| (e.field, e.problem))
        .collect()
}

fn refused(form: &BlueprintForm, field: &str, problem: BlueprintInputError) {
    assert_eq!(errors_of(form), [(field.to_owned(), problem)]);
}

#[test]
fn every_template_fills_a_form_that_reads_back_as_the_same_blueprint() {
    for template in &TEMPLATES {
        let blueprint = template.blueprint().expect(template.name);
        let form = BlueprintForm::from_blueprint(&blueprint);
        assert_eq!(
            form.read().expect(template.name),
            blueprint,
            "{}",
            template.name
        );
    }
}

#[test]
fn money_carbon_and_availability_are_typed_in_units_for_people() {
    let blueprint = shop().read().expect("reads");
    let constraints = blueprint.constraints();
    assert_eq!(constraints.max_monthly_minor(), Some(25_000));
    assert_eq!(constraints.max_carbon_g_month(), Some(12_500));
    assert_eq!(constraints.min_availability(), Some(99.9));
    assert_eq!(constraints.max_providers(), Some(3));
    assert_eq!(constraints.distinct_providers().len(), 2);
    let web = &blueprint.components()[0];
    assert_eq!(web.domain(), "compute");
    assert_eq!(web.min()["ram_gb"], 4.0);
    assert_eq!(web.countries().map(|c| c.len()), Some(2));
    let form = BlueprintForm::from_blueprint(&blueprint);
    assert_eq!(form.max_monthly, "250.00");
    assert_eq!(form.max_carbon, "12.5");
    assert_eq!(form.jurisdictions, "CH, EU");
    assert_eq!(form.same_provider, "web, cache");
    assert_eq!(form.distinct_providers, "web, db; db, cache");
}

#[test]
fn a_bad_quantity_is_named_by_its_component_position() {
    for quantity in ["0", "1.5", "", "two", "-1"] {
        let mut form = shop();
        form.components[2].quantity = quantity.into();
        refused(
            &form,
            "components[2].quantity",
            BlueprintInputError::Quantity,
        );
    }
}

#[test]
fn component_names_are_required_and_unique() {
    let mut form = shop();
    form.components[1].name = " ".into();
    form.same_provider.clear();
    form.distinct_providers.clear();
    refused(&form, "components[1].name", BlueprintInputError::Empty);
    let mut form = shop();
    form.components[2].name = "web".into();
    form.same_provider.clear();
    form.distinct_providers.clear();
    refused(&form, "components[2].name", BlueprintInputError::Duplicate);
}

#[test]
fn each_component_field_that_does_not_read_is_named() {
    let mut form = shop();
    form.components[0].domain = "".into();
    form.components[0].min = "vcpu".into();
    form.components[1].countries = "France".into();
    form.components[2].min = "ram_gb=-4".into();
    assert_eq!(
        errors_of(&form),
        [
            (
                "components[0].domain".to_owned(),
                BlueprintInputError::Empty
            ),
            (
                "components[0].min".to_owned(),
                BlueprintInputError::Attribute
            ),
            (
                "components[1].countries".to_owned(),
                BlueprintInputError::Country
            ),
            (
                "components[2].min".to_owned(),
                BlueprintInputError::Attribute
            ),
        ]
    );
}

#[test]
fn each_constraint_that_does_not_read_is_named() {
    let cases = [
        ("max_monthly", "250.005", BlueprintInputError::Money),
        ("max_monthly", "-3", BlueprintInputError::Money),
        ("max_carbon", "1.0001", BlueprintInputError::Carbon),
        ("min_availability", "101", BlueprintInputError::Availability),
        (
            "min_availability",
            "high",
            BlueprintInputError::Availability,
        ),
        ("max_providers", "0", BlueprintInputError::Quantity),
        ("countries", "FRA", BlueprintInputError::Country),
        (
            "same_provider",
            "web, nope",
            BlueprintInputError::UnknownComponent,
        ),
        (
            "distinct_providers",
            "db, db",
            BlueprintInputError::RepeatedInGroup,
        ),
        ("objective", "speed", BlueprintInputError::Objective),
        ("name", "  ", BlueprintInputError::Empty),
    ];
    for (field, text, problem) in cases {
        let mut form = shop();
        match field {
            "max_monthly" => form.max_monthly = text.into(),
            "max_carbon" => form.max_carbon = text.into(),
            "min_availability" => form.min_availability = text.into(),
            "max_providers" => form.max_providers = text.into(),
            "countries" => form.countries = text.into(),
            "same_provider" => form.same_provider = text.into(),
            "distinct_providers" => form.distinct_providers = text.into(),
            "objective" => form.objective = text.into(),
            _ => form.name = text.into(),
        }
        refused(&form, field, problem);
    }
}

#[test]
fn a_name_too_long_is_refused() {
    let mut form = shop();
    form.name = "x".repeat(NAME_MAX_CHARS + 1);
    refused(&form, "name", BlueprintInputError::TooLong);
}

#[test]
fn blank_constraints_do_not_constrain() {
    let mut form = BlueprintForm::empty("Nothing yet");
    let blueprint = form.read().expect("an empty blueprint reads");
    assert!(blueprint.components().is_empty());
    assert_eq!(blueprint.constraints().max_monthly_minor(), None);
    form.add_component();
    assert_eq!(form.read().expect("reads").components().len(), 1);
}

#[test]
fn an_added_component_reads_and_takes_a_free_name() {
    let mut form = shop();
    form.components[2].name = "component-4".into();
    form.same_provider.clear();
    form.distinct_providers.clear();
    form.add_component();
    assert_eq!(form.components[3].name, "component-5");
    assert!(form.read().is_ok());
}

#[test]
fn a_removed_component_leaves_the_groups_that_named_it() {
    let mut form = shop();
    form.remove_component(2);
    assert_eq!(form.same_provider, "web");
    assert_eq!(form.distinct_providers, "web, db; db");
    assert_eq!(form.read().expect("reads").components().len(), 2);
    form.remove_component(9);
    assert_eq!(form.components.len(), 2);
}

#[test]
fn edits_are_parsed_from_the_pressed_button() {
    assert_eq!(Edit::parse("add"), Edit::AddComponent);
    assert_eq!(Edit::parse("remove:3"), Edit::RemoveComponent(3));
    assert_eq!(Edit::parse("remove:x"), Edit::Save);
    assert_eq!(Edit::parse(""), Edit::Save);
}

#[test]
fn errors_after_a_removal_name_the_fields_as_they_were_sent() {
    let mut form = shop();
    form.components[2].quantity = "none".into();
    form.components[0].min = "vcpu".into();
    let errors: Vec<String> = form
        .edit(Edit::RemoveComponent(1))
        .expect_err("still refused")
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(errors, ["components[0].min", "components[2].quantity"]);
    let mut form = shop();
    form.components[1].quantity = "none".into();
    let blueprint = form
        .edit(Edit::RemoveComponent(1))
        .expect("the bad one left");
    assert_eq!(blueprint.components().len(), 2);
    assert_eq!(
        shop().edit(Edit::AddComponent).unwrap().components().len(),
        4
    );
}

#[test]
fn a_form_of_more_components_than_the_marketplace_plans_is_refused_on_its_components() {
    let mut form = BlueprintForm::empty("Farm");
    for _ in 0..crate::blueprint::MAX_COMPONENTS {
        form.add_component();
    }
    assert!(form.read().is_ok(), "the limit itself is accepted");
    let refusal = form
        .edit(Edit::AddComponent)
        .expect_err("one more is refused");
    assert_eq!(
        refusal,
        [FieldError::new(
            "components",
            BlueprintInputError::TooManyComponents
        )]
    );
}

#[test]
fn groups_naming_more_components_than_the_marketplace_takes_are_refused_on_their_field() {
    let mut form = shop();
    let pair = "web, db";
    form.distinct_providers = vec![pair; crate::blueprint::MAX_GROUP_NAMES / 2 + 1].join("; ");
    refused(
        &form,
        "distinct_providers",
        BlueprintInputError::TooManyNames,
    );
}
