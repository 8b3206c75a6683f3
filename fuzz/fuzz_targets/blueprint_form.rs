//! The blueprint editor form as a tenant member types it (`broker::blueprint_form`), every field
//! an arbitrary string, with the form's buttons (save, add a component, remove one).
//!
//! Reading it never panics, and a refused form names at least one field. A form that reads gives
//! a blueprint that fills a form which reads back as the same blueprint. Adding a component to a
//! form that reads (below the size limit) or removing one keeps it readable.
#![no_main]

use broker::blueprint_form::{BlueprintForm, ComponentForm, Edit};
use broker::blueprint::MAX_COMPONENTS;
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct TypedComponent {
    name: String,
    domain: String,
    quantity: String,
    min: String,
    certifications: String,
    countries: String,
}

#[derive(Arbitrary, Debug)]
enum Button {
    Save,
    Add,
    Remove(u8),
    /// The button's value as sent (`remove:3`, or anything).
    Raw(String),
}

#[derive(Arbitrary, Debug)]
struct Typed {
    name: String,
    objective: String,
    components: Vec<TypedComponent>,
    jurisdictions: String,
    countries: String,
    min_availability: String,
    max_monthly: String,
    max_carbon: String,
    same_provider: String,
    distinct_providers: String,
    max_providers: String,
    button: Button,
}

fuzz_target!(|typed: Typed| {
    let form = BlueprintForm {
        name: typed.name,
        objective: typed.objective,
        components: typed
            .components
            .into_iter()
            .map(|c| ComponentForm {
                name: c.name,
                domain: c.domain,
                quantity: c.quantity,
                min: c.min,
                certifications: c.certifications,
                countries: c.countries,
            })
            .collect(),
        jurisdictions: typed.jurisdictions,
        countries: typed.countries,
        min_availability: typed.min_availability,
        max_monthly: typed.max_monthly,
        max_carbon: typed.max_carbon,
        same_provider: typed.same_provider,
        distinct_providers: typed.distinct_providers,
        max_providers: typed.max_providers,
    };
    let edit = match typed.button {
        Button::Save => Edit::Save,
        Button::Add => Edit::AddComponent,
        Button::Remove(index) => Edit::RemoveComponent(usize::from(index)),
        Button::Raw(op) => Edit::parse(&op),
    };

    let read = form.read();
    let edited = form.edit(edit);
    match edit {
        Edit::Save => assert_eq!(edited, read, "saving reads the form as it is"),
        Edit::AddComponent if read.is_ok() && form.components.len() < MAX_COMPONENTS => {
            let blueprint = edited
                .as_ref()
                .expect("a component added to a form that reads");
            assert_eq!(blueprint.components().len(), form.components.len() + 1);
        }
        Edit::RemoveComponent(index) if read.is_ok() => {
            let blueprint = edited
                .as_ref()
                .expect("a form that reads, less one component");
            let left = form.components.len() - usize::from(index < form.components.len());
            assert_eq!(blueprint.components().len(), left);
        }
        _ => {}
    }
    if let Err(errors) = &edited {
        assert!(!errors.is_empty(), "a refused form names a field");
    }

    let blueprint = match read {
        Ok(blueprint) => blueprint,
        Err(errors) => {
            assert!(!errors.is_empty(), "a refused form names a field");
            return;
        }
    };
    let refilled = BlueprintForm::from_blueprint(&blueprint);
    assert_eq!(
        refilled.read().as_ref(),
        Ok(&blueprint),
        "a blueprint's form reads back as the blueprint: {refilled:?}"
    );
});
