//! Pass 5: links, images and shortcodes found in the body.
//!
//! Placeholder until the pass is written.

use super::{Rendered, Spanned};

/// Records link and image targets with their lines; warns about shortcodes.
pub fn run(_events: &[Spanned], _src: &str, _out: &mut Rendered) {}
