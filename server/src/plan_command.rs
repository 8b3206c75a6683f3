//! The `plan` subcommand: runs the broker on a catalog file and a blueprint file.
//!
//! It prints the plan document on standard output and exits 0, feasible or not. Invalid input
//! (an unreadable file, malformed JSON, an unknown field or format, an invalid blueprint) gets one
//! line on standard error naming the file and the problem, and exit code 2.

use std::fmt::Display;
use std::path::Path;
use std::process::ExitCode;

use broker::format::{Blueprint, Catalog, FormatError};

/// Exit code for invalid input.
const INVALID_INPUT: u8 = 2;

pub fn run(catalog: &Path, blueprint: &Path) -> ExitCode {
    match load(catalog, blueprint) {
        Ok((catalog, blueprint)) => {
            let placement = broker::placement::plan(&catalog, &blueprint);
            println!("{}", placement.plan.to_json_pretty());
            ExitCode::SUCCESS
        }
        Err(line) => {
            eprintln!("{line}");
            ExitCode::from(INVALID_INPUT)
        }
    }
}

/// Reads and parses both files; the error is the one line to print.
fn load(catalog: &Path, blueprint: &Path) -> Result<(Catalog, Blueprint), String> {
    let catalog = parse(catalog, Catalog::from_json)?;
    let blueprint = parse(blueprint, Blueprint::from_json)?;
    Ok((catalog, blueprint))
}

fn parse<T>(path: &Path, from_json: fn(&str) -> Result<T, FormatError>) -> Result<T, String> {
    let text = std::fs::read_to_string(path).map_err(|e| problem(path, e))?;
    from_json(&text).map_err(|e| problem(path, e))
}

/// `FILE: problem`, on one line whatever the problem's text holds.
fn problem(path: &Path, error: impl Display) -> String {
    let text = error.to_string().replace(['\n', '\r'], " ");
    format!("{}: {text}", path.display())
}
