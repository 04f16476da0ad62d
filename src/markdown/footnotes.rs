//! Pass 4: footnotes (DESIGN §4, "Footnotes").
//!
//! Placeholder: leaves pulldown-cmark's own footnote rendering until the pass is written.

use super::{Rendered, Spanned};

/// Numbers footnotes by first reference and writes references, sidenotes and the end list.
pub fn run<'a>(events: Vec<Spanned<'a>>, _src: &str, _out: &mut Rendered) -> Vec<Spanned<'a>> {
    events
}
