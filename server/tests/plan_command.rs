//! The `plan` subcommand, run as a person would: the real binary on the example files.

use std::path::PathBuf;
use std::process::{Command, Output};

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../broker/tests/data")
        .join(name)
}

fn plan(catalog: &PathBuf, blueprint: &PathBuf) -> Output {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("plan")
        .arg("--catalog")
        .arg(catalog)
        .arg("--blueprint")
        .arg(blueprint)
        .output()
        .expect("the server binary runs")
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).expect("stdout is the plan document")
}

const FIELDS: [&str; 8] = [
    "format",
    "feasible",
    "objective",
    "currency",
    "total_monthly_minor",
    "total_carbon_g_month",
    "assignments",
    "reasons",
];

#[test]
fn a_feasible_blueprint_prints_the_optimal_plan_and_exits_0() {
    let output = plan(&data("example-catalog.json"), &data("spec-blueprint.json"));
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let plan = json(&output);
    let keys: Vec<&str> = plan
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = FIELDS.to_vec();
    expected.sort_unstable();
    let mut keys_sorted = keys.clone();
    keys_sorted.sort_unstable();
    assert_eq!(keys_sorted, expected);
    assert_eq!(plan["format"], "comptoir.plan/v1");
    assert_eq!(plan["feasible"], true);
    assert_eq!(plan["total_monthly_minor"], 2 * 1150 + 6200 + 3900);
    assert_eq!(plan["assignments"][0]["offer"], "scw-dev1-m-par2");
    assert_eq!(plan["assignments"][0]["monthly_minor"], 2300);
}

#[test]
fn an_infeasible_blueprint_prints_the_reasons_and_exits_0() {
    let output = plan(&data("spec-catalog.json"), &data("spec-blueprint.json"));
    assert_eq!(output.status.code(), Some(0));
    let plan = json(&output);
    assert_eq!(plan["feasible"], false);
    assert_eq!(plan["assignments"], serde_json::json!([]));
    let reasons = plan["reasons"].as_array().expect("reasons");
    assert!(
        reasons
            .iter()
            .any(|r| r.as_str().is_some_and(|r| r.contains("\"db\""))),
        "{reasons:?}"
    );
}

#[test]
fn invalid_input_prints_one_line_naming_the_file_and_exits_2() {
    let cases = [
        (
            data("invalid-float-price-catalog.json"),
            data("spec-blueprint.json"),
            "monthly_price_minor",
        ),
        (
            data("malformed-catalog.json"),
            data("spec-blueprint.json"),
            "malformed JSON",
        ),
        (
            data("spec-catalog.json"),
            data("invalid-unknown-component-blueprint.json"),
            "cache",
        ),
        (
            data("spec-catalog.json"),
            data("invalid-wrong-format-blueprint.json"),
            "format",
        ),
        (
            data("spec-catalog.json"),
            data("invalid-unknown-objective-blueprint.json"),
            "objective",
        ),
        (
            data("no-such-catalog.json"),
            data("spec-blueprint.json"),
            "no-such-catalog.json",
        ),
    ];
    for (catalog, blueprint, needle) in cases {
        let output = plan(&catalog, &blueprint);
        assert_eq!(output.status.code(), Some(2), "{catalog:?} {blueprint:?}");
        assert!(output.stdout.is_empty());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        let bad = if needle == "cache" || needle == "format" || needle == "objective" {
            &blueprint
        } else {
            &catalog
        };
        let file = bad.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        assert!(stderr.contains(file), "{stderr} should name {file}");
        assert!(stderr.contains(needle), "{stderr} should mention {needle}");
    }
}
