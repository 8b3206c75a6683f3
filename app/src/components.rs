//! Pieces shared by several pages.

pub mod failure;
pub mod field;
pub mod header;
pub mod live;
pub mod resources;
pub mod submit_form;
