//! The three documents of the broker specification (`comptoir.catalog/v1`,
//! `comptoir.blueprint/v1`, `comptoir.plan/v1`) read from arbitrary bytes.
//!
//! Reading never panics, whatever the text, and its error always displays. A document that reads
//! survives writing and reading back: `from_json(to_json(x)) == x`, and reading the same text
//! already parsed as JSON (`from_value`) gives the same value as reading it as text.
#![no_main]

use broker::format::{Blueprint, Catalog, PlanDocument};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let value: Option<serde_json::Value> = serde_json::from_str(text).ok();

    match Catalog::from_json(text) {
        Ok(catalog) => {
            let written = catalog.to_json();
            assert_eq!(
                Catalog::from_json(&written).as_ref(),
                Ok(&catalog),
                "a catalog reads back as written:\n{written}"
            );
            let value = value.clone().expect("a catalog is JSON");
            assert_eq!(Catalog::from_value(value).as_ref(), Ok(&catalog));
        }
        Err(error) => {
            let _ = error.to_string();
        }
    }

    match Blueprint::from_json(text) {
        Ok(blueprint) => {
            let written = blueprint.to_json();
            assert_eq!(
                Blueprint::from_json(&written).as_ref(),
                Ok(&blueprint),
                "a blueprint reads back as written:\n{written}"
            );
            let value = value.clone().expect("a blueprint is JSON");
            assert_eq!(Blueprint::from_value(value).as_ref(), Ok(&blueprint));
        }
        Err(error) => {
            let _ = error.to_string();
        }
    }

    match PlanDocument::from_json(text) {
        Ok(plan) => {
            let written = plan.to_json_pretty();
            assert_eq!(
                PlanDocument::from_json(&written).as_ref(),
                Ok(&plan),
                "a plan reads back as written:\n{written}"
            );
        }
        Err(error) => {
            let _ = error.to_string();
        }
    }
});
