//! Pieces shared by several pages.

pub mod failure;
pub mod field;
pub mod header;
pub mod invitations;
pub mod live;
pub mod organisation_switch;
pub mod resources;
pub mod submit_form;
