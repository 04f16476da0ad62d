//! Pass 3: heading ids.
//!
//! Placeholder until the pass is written.

use super::{Rendered, Spanned};

/// Gives every heading a unique id and records the headings.
pub fn run<'a>(events: Vec<Spanned<'a>>, _out: &mut Rendered) -> Vec<Spanned<'a>> {
    events
}
