//! The test support modules, for the benchmark (which lives outside `tests/`).

#[path = "milp.rs"]
pub mod milp;
#[path = "spec.rs"]
pub mod spec;
