//! Pass 2: quoted passages (DESIGN §4, "Quoted passages").
//!
//! Placeholder: passes events through unchanged until the pass is written.

use super::{Rendered, Spanned};

/// Wraps top-level block quotes as `figure.quote` and records them.
pub fn run<'a>(events: Vec<Spanned<'a>>, _src: &str, _out: &mut Rendered) -> Vec<Spanned<'a>> {
    events
}
