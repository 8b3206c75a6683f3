//! The form's own buttons: a component added or removed, without losing what was typed.

use super::{BlueprintForm, FieldError, component_field};
use crate::format::Blueprint;

/// What a person asked of the form besides its text: save it as it is, or with one component
/// more or less. Without JavaScript each is a submit button of the same form, so that nothing
/// typed is lost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edit {
    Save,
    AddComponent,
    RemoveComponent(usize),
}

impl Edit {
    /// `save`, `add`, or `remove:N`; anything else (an absent button included) saves.
    pub fn parse(op: &str) -> Self {
        match op.split_once(':') {
            Some(("remove", index)) => index
                .parse()
                .map(Self::RemoveComponent)
                .unwrap_or(Self::Save),
            _ if op == "add" => Self::AddComponent,
            _ => Self::Save,
        }
    }
}

impl BlueprintForm {
    /// Applies `edit` and reads the result. Errors name the fields as the person sees them in
    /// the form they sent (before a component was removed).
    pub fn edit(&self, edit: Edit) -> Result<Blueprint, Vec<FieldError>> {
        let mut edited = self.clone();
        match edit {
            Edit::Save => {}
            Edit::AddComponent => edited.add_component(),
            Edit::RemoveComponent(index) => edited.remove_component(index),
        }
        edited.read().map_err(|errors| match edit {
            Edit::RemoveComponent(removed) => errors
                .into_iter()
                .map(|error| FieldError {
                    field: shifted(&error.field, removed),
                    ..error
                })
                .collect(),
            _ => errors,
        })
    }
}

/// `components[j].x` as it was named before component `removed` left: `j + 1` from it on.
fn shifted(field: &str, removed: usize) -> String {
    let parsed = field
        .strip_prefix("components[")
        .and_then(|rest| rest.split_once("]."))
        .and_then(|(index, tail)| Some((index.parse::<usize>().ok()?, tail)));
    match parsed {
        Some((index, tail)) if index >= removed => component_field(index + 1, tail),
        _ => field.to_owned(),
    }
}
