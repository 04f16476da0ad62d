//! A post's update history: its inline notices and front matter `updates`, when it was
//! last updated, and the views of its updates.

use jiff::ZonedDateTime as Zoned;
use serde::Serialize;

use super::super::RenderedPage;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::render::views::{display_date, machine_date};

/// One entry of a post's update history: an inline notice or a front matter `updates` item.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    /// When, if known.
    pub date: Option<Zoned>,
    /// Whether `date` has a time of day (front matter dates always count as having one).
    pub has_time: bool,
    /// The notice's label word (`Update`, `Edit`, `Correction`); `Update` for front matter.
    pub label: String,
    /// The note as HTML (block level: paragraphs).
    pub html: String,
    /// The same with the Markdown stage's URL marks, for feeds
    /// ([`crate::markdown::resolve_for_feed`]).
    pub marked_html: String,
    /// The note as plain text.
    pub text: String,
    /// A minor update: listed, but moves neither `updated` nor the feeds.
    pub minor: bool,
    /// The notice's id on the page (`update-N`), for inline notices.
    pub anchor: Option<String>,
    /// 1-based line in the body, for inline notices (for messages).
    pub line: Option<usize>,
}

/// An update as templates see it (`page.updates`, `page.latest_update`, `updates` on
/// `/updates/`).
#[derive(Debug, Clone, Serialize)]
pub struct UpdateView {
    /// RFC 3339, or empty for an undated notice.
    pub date: String,
    /// For people (`Nov 28, 2026`), or empty.
    pub date_display: String,
    /// `Update`, `Edit`, `Correction`…
    pub label: String,
    /// The note's HTML (paragraphs).
    pub html: String,
    /// The note's plain text.
    pub text: String,
    /// The note's first sentence, whole.
    pub excerpt: String,
    /// Whether it is minor (a typo fixed).
    pub minor: bool,
    /// The notice's id on the post's page (`update-1`), or empty for front matter updates.
    pub anchor: String,
    /// Root-relative URL of the notice (`/posts/a/#update-1`), or of the post's update
    /// history for front matter updates (`/posts/a/#update_history`).
    pub url: String,
    /// The post's title (filled on `/updates/`; empty in `page.updates`).
    pub post_title: String,
    /// The post's root-relative URL (filled on `/updates/`; empty in `page.updates`).
    pub post_url: String,
    /// The BCP 47 tag of the language the post is written in (front matter `language`,
    /// else the site's), for `lang` on its note and title when it is not the page's
    /// (filled on `/updates/`; empty in `page.updates`).
    pub post_language: String,
    /// That language's writing direction, `ltr` or `rtl` (filled on `/updates/`; empty
    /// in `page.updates`).
    pub post_dir: &'static str,
}

/// The post's update history: inline notices and front matter `updates`, deduplicated
/// (same day and same text) and sorted oldest first; undated notices come last, in the
/// order written. Made once per page (kept in its memo).
pub fn history<'p>(config: &Config, rp: &'p RenderedPage) -> &'p [HistoryEntry] {
    rp.memo.history.get_or_init(|| make_history(config, rp))
}

fn make_history(config: &Config, rp: &RenderedPage) -> Vec<HistoryEntry> {
    let mut entries: Vec<HistoryEntry> = rp
        .rendered
        .notices
        .iter()
        .map(|n| HistoryEntry {
            date: n.date.clone(),
            has_time: n.has_time,
            label: n.label.clone(),
            html: n.html.clone(),
            marked_html: n.marked_html.clone(),
            text: n.text.clone(),
            minor: false,
            anchor: Some(n.id.clone()),
            line: Some(n.line),
        })
        .collect();
    for u in &rp.page.front.updates {
        let dup = entries.iter().any(|e| {
            e.date.as_ref().map(Zoned::date) == Some(u.date.date())
                && normalize(&e.text) == normalize(&u.note)
        });
        if !dup {
            let note = note_html(config, &u.note);
            entries.push(HistoryEntry {
                date: Some(u.date.clone()),
                has_time: true,
                label: "Update".to_string(),
                html: note.page_html(),
                marked_html: note.html,
                text: u.note.clone(),
                minor: u.minor,
                anchor: None,
                line: None,
            });
        }
    }
    // A stable sort: notices of the same moment keep the order they are written in.
    entries.sort_by(|a, b| match (&a.date, &b.date) {
        (Some(x), Some(y)) => x.timestamp().cmp(&y.timestamp()),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    entries
}

/// A front matter note (one line of inline Markdown) rendered as a paragraph, its
/// root-relative links and images with the base URL's path, as in the post's text.
fn note_html(config: &Config, note: &str) -> crate::markdown::Rendered {
    let options = crate::markdown::Options {
        dialect: crate::markdown::Dialect::Gfm,
        base_path: config.base_path().to_string(),
        ..Default::default()
    };
    crate::markdown::render(note, &options)
}

/// `page.updated`: the newest of front matter `updated` and the non-minor history dates,
/// when that is later than the publication date. Made once per page (kept in its memo).
pub fn effective_updated(config: &Config, rp: &RenderedPage) -> Option<Zoned> {
    rp.memo
        .updated
        .get_or_init(|| make_effective_updated(config, rp))
        .clone()
}

fn make_effective_updated(config: &Config, rp: &RenderedPage) -> Option<Zoned> {
    let from_history = history(config, rp)
        .iter()
        .filter(|e| !e.minor)
        .filter_map(|e| e.date.clone());
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

/// The newest substantive update: the last dated, non-minor history entry, or the last
/// undated notice when none is dated.
pub fn latest(history: &[HistoryEntry]) -> Option<&HistoryEntry> {
    history
        .iter()
        .rev()
        .filter(|e| !e.minor)
        .find(|e| e.date.is_some())
        .or_else(|| history.iter().rev().find(|e| !e.minor))
}

/// Problems with a post's updates: a notice dated before the post itself (it cannot move
/// `page.updated`), and front matter `updated` older than a dated notice (the page shows
/// the notice's date). Lines are relative to the body, like the Markdown stage's
/// diagnostics.
pub fn check(rp: &RenderedPage) -> Vec<Diagnostic> {
    let mut diags = before_the_post(rp);
    let Some(updated) = &rp.page.front.updated else {
        return diags;
    };
    diags.extend(rp.rendered
        .notices
        .iter()
        .filter_map(|n| {
            let date = n.date.as_ref()?;
            // A front matter date written without a time is midnight: compare days then.
            let day_only = updated.time() == jiff::civil::Time::midnight();
            let older = if n.has_time && !day_only {
                updated.timestamp() < date.timestamp()
            } else {
                updated.with_time_zone(date.time_zone().clone()).date() < date.date()
            };
            older.then(|| {
                Diagnostic::warning(
                    "",
                    format!(
                        "front matter `updated` ({}) is older than this update notice ({}); the page shows the notice's date",
                        machine_date(updated),
                        if n.has_time { machine_date(date) } else { date.strftime("%Y-%m-%d").to_string() }
                    ),
                )
                .at_line(n.line)
                .with_help("set `updated` to the notice's date, or remove `updated` and let the notices give it")
            })
        }));
    diags
}

/// Notices dated before the post's `date`, compared as precisely as the notice is
/// written: to the minute for a time (`gloss update` writes `2026-11-29 19:59` for a
/// post dated 19:59:17), by day for a date alone.
fn before_the_post(rp: &RenderedPage) -> Vec<Diagnostic> {
    let Some(published) = &rp.page.date else {
        return Vec::new();
    };
    rp.rendered
        .notices
        .iter()
        .filter_map(|n| {
            let date = n.date.as_ref()?;
            let earlier = if n.has_time {
                let minute = published.timestamp().as_second() - i64::from(published.second());
                date.timestamp().as_second() < minute
            } else {
                date.date() < published.with_time_zone(date.time_zone().clone()).date()
            };
            earlier.then(|| {
                Diagnostic::warning(
                    "",
                    format!(
                        "this update notice is dated before the post itself ({} is before the post's date {}), so it does not change the post's updated date",
                        if n.has_time { machine_date(date) } else { date.strftime("%Y-%m-%d").to_string() },
                        machine_date(published),
                    ),
                )
                .at_line(n.line)
                .with_help("correct the notice's date, or the post's `date` in the front matter")
            })
        })
        .collect()
}

/// The id of the post's update history section (`partials/update_history.html`). The
/// underscore keeps it apart from every heading slug, which never holds one.
pub const HISTORY_ID: &str = "update_history";

/// The view of one history entry of the post at site path `page_url`.
pub fn update_view(
    language: &crate::i18n::Language,
    entry: &HistoryEntry,
    page_url: &str,
) -> UpdateView {
    UpdateView {
        date: entry.date.as_ref().map(machine_date).unwrap_or_default(),
        date_display: entry
            .date
            .as_ref()
            .map(|d| display_date(language, d))
            .unwrap_or_default(),
        label: entry.label.clone(),
        html: entry.html.clone(),
        text: entry.text.clone(),
        excerpt: excerpt(&entry.text),
        minor: entry.minor,
        anchor: entry.anchor.clone().unwrap_or_default(),
        url: match &entry.anchor {
            Some(a) => format!("{page_url}#{a}"),
            None => format!("{page_url}#{HISTORY_ID}"),
        },
        post_title: String::new(),
        post_url: String::new(),
        post_language: String::new(),
        post_dir: "",
    }
}

/// The first sentence of `text`, whole (never cut inside a sentence): it ends at `.`, `!`
/// or `?` followed by a space and a capital letter or a digit, unless the word before the
/// stop is a short capitalised abbreviation (`St.`, `Dr.`, `No.`). Text of one sentence
/// comes back whole.
pub(super) fn excerpt(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let end = words
        .windows(2)
        .position(|w| ends_sentence(w[0], w[1]))
        .map_or(words.len(), |i| i + 1);
    words[..end].join(" ")
}

/// The last sentence of `text` (sentences end as [`excerpt`] reads them), or the whole text.
pub(super) fn last_sentence(text: &str) -> &str {
    let words: Vec<&str> = text.split_whitespace().collect();
    let start = words
        .windows(2)
        .rposition(|w| ends_sentence(w[0], w[1]))
        .map_or(0, |i| {
            words[i + 1].as_ptr() as usize - text.as_ptr() as usize
        });
    &text[start..]
}

/// Whether a sentence ends with `word`, `next` being the word after it.
fn ends_sentence(word: &str, next: &str) -> bool {
    let closers = [')', '”', '"', '’'];
    let ends = word.trim_end_matches(closers).ends_with(['.', '!', '?']);
    let stem = word.trim_end_matches(|c: char| !c.is_alphanumeric());
    let abbreviation = word.ends_with('.')
        && stem.chars().count() <= 3
        && stem.chars().next().is_some_and(char::is_uppercase)
        && stem.chars().all(char::is_alphabetic);
    let starts = next
        .trim_start_matches(['“', '"', '‘', '(', '['])
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    ends && starts && !abbreviation
}

pub(super) fn normalize(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::{excerpt, last_sentence};

    #[test]
    fn an_excerpt_is_the_first_sentence_whole() {
        let long = "Tessera 3.0.1 is out and fixes a bug where repeated_times = \"both\" ran the \
                    second occurrence a full hour late. Upgrade when you can.";
        assert_eq!(
            excerpt(long),
            "Tessera 3.0.1 is out and fixes a bug where repeated_times = \"both\" ran the \
             second occurrence a full hour late."
        );
        assert_eq!(
            excerpt("Met Dr. Okafor at St. Mark's. Then left."),
            "Met Dr. Okafor at St. Mark's."
        );
        assert_eq!(excerpt("One sentence, no stop"), "One sentence, no stop");
        assert_eq!(
            excerpt("Version 3.0 ships. 2 bugs remain."),
            "Version 3.0 ships."
        );
    }

    #[test]
    fn the_last_sentence_of_a_lead_in_names_the_source() {
        assert_eq!(
            last_sentence("It was a long night. The firm’s report is more candid"),
            "The firm’s report is more candid"
        );
        assert_eq!(
            last_sentence("An unsigned press release said"),
            "An unsigned press release said"
        );
    }
}
