//! Pass 1: update notices and alerts (DESIGN §4, "Update notices and history").
//!
//! Placeholder: passes events through unchanged until the pass is written.

use super::{Options, Rendered, Spanned};

/// Finds update notices, rewrites them as `aside.update`, and records them.
pub fn run<'a>(
    events: Vec<Spanned<'a>>,
    _src: &str,
    _options: &Options,
    _out: &mut Rendered,
) -> Vec<Spanned<'a>> {
    events
}
