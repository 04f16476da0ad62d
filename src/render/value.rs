//! What templates are given, in the template engine's own form: [`Value`] (one view,
//! converted once and shared by every render that shows it) and [`Context`] (one
//! render's variables).
//!
//! The rest of gloss makes view structs (`serde::Serialize`) and hands them over as
//! these two types; no tera type is seen outside `render/`, so changing the template
//! engine stays here.

use serde::Serialize;

/// A view converted for the templates. Cloning one shares its contents (a section's
/// every post goes into each of its pager pages at the cost of one), so views shown on
/// many pages are converted once and cloned.
#[derive(Debug, Clone, PartialEq)]
pub struct Value(pub(super) tera::Value);

impl Value {
    /// Converts a view. View structs always convert; a failure would give an empty
    /// value, which templates report where they read it.
    pub fn of(view: &impl Serialize) -> Value {
        Value(tera::Value::try_from_serializable(view).unwrap_or_else(|_| tera::Value::none()))
    }

    /// A list of values, each shared.
    pub fn list(items: impl IntoIterator<Item = Value>) -> Value {
        Value(tera::Value::from(
            items.into_iter().map(|v| v.0).collect::<Vec<_>>(),
        ))
    }

    /// A map of the given fields, in order.
    pub fn map<'a>(fields: impl IntoIterator<Item = (&'a str, Value)>) -> Value {
        let mut map = tera::Map::new();
        for (name, value) in fields {
            map.insert(name.to_string().into(), value.0);
        }
        Value(tera::Value::from(map))
    }

    /// This value (a view of a struct: a map) with the field `name` set to `value`,
    /// shared: a view with a list of posts adds the list already converted.
    #[must_use]
    pub fn with(self, name: &str, value: Value) -> Value {
        let mut map = self.0.into_map().unwrap_or_default();
        map.insert(name.to_string().into(), value.0);
        Value(tera::Value::from(map))
    }

    /// This value (a map) with every field of `other` (a map) set on it: a field both
    /// have takes `other`'s value, in this value's place.
    #[must_use]
    pub fn merged(self, other: Value) -> Value {
        let mut map = self.0.into_map().unwrap_or_default();
        if let Some(fields) = other.0.into_map() {
            map.extend(fields);
        }
        Value(tera::Value::from(map))
    }
}

/// The variables of one render: `config`, and `page`, `section`… as [`Value`]s.
#[derive(Debug, Clone, Default)]
pub struct Context(pub(super) tera::Context);

impl Context {
    /// An empty context.
    pub fn new() -> Context {
        Context(tera::Context::new())
    }

    /// Sets the variable `name` (shared, not copied).
    pub fn insert(&mut self, name: &'static str, value: Value) {
        self.0.insert_value(name, value.0);
    }
}
