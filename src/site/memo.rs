//! Memo: what assembly derives from one page alone, made at most once per page.
//!
//! A [`Memo`] travels with each [`RenderedPage`](super::RenderedPage) and holds the values
//! the assembly steps ask for again and again: the page's update history and
//! `page.updated` (read by its summary, its page, the feeds, the sitemap, the navigation
//! and `/updates/`), its list summary, its quotes and updates as `/quotes/` and
//! `/updates/` show them, its feed entry, its terms' slugs, its sitemap entry and its item in lists' JSON-LD. Each is made by the module that owns it,
//! the first time it is asked for.
//!
//! Every value here depends on the page (its source file) and the config only, never on
//! another page: that is what lets `gloss serve` keep a page's memo from one rebuild to
//! the next while the page's source and the config stay the same (see
//! [`super::cache`]). A value that depends on other pages must not go here.

use std::sync::OnceLock;

use jiff::ZonedDateTime as Zoned;

use super::commentary::{HistoryEntry, PostQuotes};

/// The values derived from one page (see the module docs). Empty until asked for.
#[derive(Debug, Default)]
pub(crate) struct Memo {
    /// [`commentary::history`](super::commentary::history).
    pub(super) history: OnceLock<Vec<HistoryEntry>>,
    /// [`commentary::effective_updated`](super::commentary::effective_updated).
    pub(super) updated: OnceLock<Option<Zoned>>,
    /// The list summary ([`pages::summary_value`](super::pages::summary_value)).
    pub(super) summary: OnceLock<crate::render::Value>,
    /// The page's quotes as `site.quotes` holds them.
    pub(super) quotes: OnceLock<PostQuotes>,
    /// The page's updates as `site.updates` holds them, each with its date for sorting.
    pub(super) updates: OnceLock<Vec<(Option<jiff::Timestamp>, crate::render::Value)>>,
    /// The page's entry in the feeds ([`feeds`](super::feeds)).
    pub(super) feed_entry: OnceLock<crate::render::Value>,
    /// [`taxonomy::term_slugs`](super::taxonomy::term_slugs), for every taxonomy.
    pub(super) term_slugs: OnceLock<Vec<Vec<String>>>,
    /// The page's `sitemap.xml` entry, with its URL for sorting.
    pub(super) sitemap_entry: OnceLock<(String, crate::render::Value)>,
    /// The page as an item of a list's JSON-LD, and its own image
    /// ([`sharing::list_item`](super::sharing::list_item)).
    pub(super) list_item: OnceLock<(serde_json::Value, Option<super::sharing::ShareImage>)>,
    /// The list item's JSON as it stands in a list's `<script>` element
    /// ([`sharing::list_item`](super::sharing::list_item)).
    pub(super) list_item_text: OnceLock<String>,
    /// What the page is filed under for related posts ([`related`](super::related)).
    pub(super) related_keys: OnceLock<Vec<super::related::Key>>,
}
