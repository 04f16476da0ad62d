//! The commentary model across the site: each post's update history, the `/quotes/` and
//! `/updates/` pages and the `/updates.xml` feed (DESIGN §4).
//!
//! Takes rendered pages (what the Markdown passes learned) and returns view data; it does
//! not parse Markdown itself.

use jiff::ZonedDateTime as Zoned;
use serde::Serialize;

use super::RenderedPage;
use crate::render::views::{display_date, machine_date};

/// One entry of a post's update history: an inline notice or a front matter `updates` item.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    /// When, if known.
    pub date: Option<Zoned>,
    /// The note as HTML.
    pub html: String,
    /// The note as plain text.
    pub text: String,
    /// A minor update: listed, but moves neither `updated` nor the feeds.
    pub minor: bool,
    /// The notice's id on the page (`update-N`), for inline notices.
    pub anchor: Option<String>,
}

/// An update as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct UpdateView {
    /// RFC 3339, or empty.
    pub date: String,
    /// For people, or empty.
    pub date_display: String,
    /// The note's HTML.
    pub html: String,
    /// The note's plain text.
    pub text: String,
    /// Whether it is minor.
    pub minor: bool,
    /// Root-relative URL of the notice on the post's page (`/posts/a/#update-1`), or the
    /// post's URL for front matter updates.
    pub url: String,
}

/// The post's update history: inline notices and front matter `updates`, deduplicated
/// (same day and same text) and sorted oldest first; undated notices come last.
pub fn history(rp: &RenderedPage) -> Vec<HistoryEntry> {
    let mut entries: Vec<HistoryEntry> = rp
        .rendered
        .notices
        .iter()
        .map(|n| HistoryEntry {
            date: n.date.clone(),
            html: n.html.clone(),
            text: n.text.clone(),
            minor: false,
            anchor: Some(n.id.clone()),
        })
        .collect();
    for u in &rp.page.front.updates {
        let dup = entries.iter().any(|e| {
            e.date.as_ref().map(Zoned::date) == Some(u.date.date())
                && normalize(&e.text) == normalize(&u.note)
        });
        if !dup {
            entries.push(HistoryEntry {
                date: Some(u.date.clone()),
                html: crate::render::views::escape_html(&u.note),
                text: u.note.clone(),
                minor: u.minor,
                anchor: None,
            });
        }
    }
    entries.sort_by(|a, b| match (&a.date, &b.date) {
        (Some(x), Some(y)) => x.timestamp().cmp(&y.timestamp()),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    entries
}

/// `page.updated`: the newest of front matter `updated` and the non-minor history dates,
/// when that is later than the publication date.
pub fn effective_updated(rp: &RenderedPage) -> Option<Zoned> {
    let from_history = history(rp)
        .into_iter()
        .filter(|e| !e.minor)
        .filter_map(|e| e.date);
    let newest = rp
        .page
        .front
        .updated
        .clone()
        .into_iter()
        .chain(from_history)
        .max_by_key(Zoned::timestamp)?;
    match &rp.page.date {
        Some(d) if newest.timestamp() <= d.timestamp() => None,
        _ => Some(newest),
    }
}

/// The view of one history entry of the post at site path `page_url`.
pub fn update_view(entry: &HistoryEntry, page_url: &str) -> UpdateView {
    UpdateView {
        date: entry.date.as_ref().map(machine_date).unwrap_or_default(),
        date_display: entry.date.as_ref().map(display_date).unwrap_or_default(),
        html: entry.html.clone(),
        text: entry.text.clone(),
        minor: entry.minor,
        url: match &entry.anchor {
            Some(a) => format!("{page_url}#{a}"),
            None => page_url.to_string(),
        },
    }
}

fn normalize(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Renders `/quotes/` (`quotes.html`), `/updates/` (`updates.html`) and `/updates.xml`
/// for `posts` (newest first), adding them to `output`; template errors go to `errors`.
pub fn render_pages(
    _config: &crate::config::Config,
    config_view: &crate::render::views::ConfigView,
    templates: &crate::render::Templates,
    _posts: &[&RenderedPage],
    output: &mut crate::output::Output,
    errors: &mut Vec<crate::diagnostic::Diagnostic>,
) {
    for name in ["quotes", "updates"] {
        match templates.render(
            &format!("{name}.html"),
            &serde_json::json!({ "config": config_view }),
            None,
        ) {
            Ok(html) => {
                output.insert_bytes(format!("{name}/index.html"), html);
            }
            Err(d) => errors.push(d),
        }
    }
}
