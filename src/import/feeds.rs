//! The old site's feeds, kept reachable: each old feed URL gets a `[redirects]` line to
//! the feed gloss writes for the same list (the site's, a section's, a term's).
//!
//! Hugo writes RSS at `/index.xml`, `/SECTION/index.xml` and `/TAXONOMY/TERM/index.xml`
//! (gohugo.io/templates/rss/), TERM made by its `urlize` ([`hugo_urlize`]); the
//! jekyll-feed plugin writes Atom at `/feed.xml` (or its `feed.path`). gloss writes its
//! feeds beside each list, named by format (`/rss.xml`, `/posts/rss.xml`,
//! `/tags/x/rss.xml`, see `site::feeds`), so each old feed redirects to gloss's feed of
//! the same list in the same format when `feeds` has it, else in its first format.
//! Zola's feeds (`atom.xml`, `rss.xml` beside each list) are where gloss writes its own.
//!
//! Which lists the new site has is read from the site written, as a build reads it
//! (drafts and posts held back by their date left out): a redirect to a feed the build
//! does not write would fail it.

use crate::config::{Config, FeedFormat};
use crate::content::{Content, Drafts};

/// A feed of the old site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OldFeed {
    /// Which lists it was written for, and where.
    pub at: FeedAt,
    /// Its format: the one gloss's matching feed should have, when `feeds` lists it.
    pub format: FeedFormat,
}

/// Where an old feed was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedAt {
    /// The site's feed, at this site path (`/index.xml`, `/feed.xml`).
    Site(String),
    /// Each section's, `/SECTION/` then this file name (`index.xml`).
    Sections(String),
    /// Each term's, `/TAXONOMY/TERM/` then this file name, TERM as Hugo's `urlize` made
    /// it.
    HugoTerms(String),
}

/// The `[redirects]` lines (old path, gloss feed's site path) for `feeds`, in the site
/// `config` reads; `Err` with what to report when `feeds` in gloss.toml is empty.
pub(super) fn redirects(
    feeds: &[OldFeed],
    config: &Config,
) -> Result<Vec<(String, String)>, String> {
    if feeds.is_empty() {
        return Ok(Vec::new());
    }
    if config.feeds.is_empty() {
        return Err("gloss.toml's `feeds` is empty, so gloss writes no feed to redirect them to; list formats in `feeds` (docs/configuration.md) and the old feed URLs under [redirects]".into());
    }
    let (content, _) = crate::content::load(config, Drafts::Exclude);
    let mut out = Vec::new();
    for feed in feeds {
        let format = if config.feeds.contains(&feed.format) {
            feed.format
        } else {
            config.feeds[0]
        };
        let file = format.file_name();
        match &feed.at {
            FeedAt::Site(path) => out.push((path.clone(), format!("/{file}"))),
            FeedAt::Sections(old) => {
                for (name, section) in &content.sections {
                    if !name.is_empty() {
                        let from = format!("/{}/{old}", name.to_lowercase());
                        out.push((from, format!("{}{file}", section.path)));
                    }
                }
            }
            FeedAt::HugoTerms(old) => {
                for (taxonomy, term) in terms(config, &content) {
                    let from = format!("/{taxonomy}/{}/{old}", hugo_urlize(term));
                    let slug = crate::content::slug::term_slug(term);
                    out.push((from, format!("/{taxonomy}/{slug}/{file}")));
                }
            }
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// Every (taxonomy, term name) of the posts a build lists (pages in a section, not
/// unlisted, written as HTML), which are those gloss writes term pages and feeds for.
fn terms<'a>(config: &'a Config, content: &'a Content) -> Vec<(&'a str, &'a str)> {
    let mut out = Vec::new();
    for page in &content.pages {
        if page.section.is_empty() || page.front.unlisted || !page.is_html() {
            continue;
        }
        for (taxonomy, names) in config.taxonomies.iter().zip(&page.front.terms) {
            out.extend(names.iter().map(|n| (taxonomy.as_str(), n.as_str())));
        }
    }
    out
}

/// A term as Hugo's `urlize` writes it in a URL (Hugo's `paths.Sanitize`, then
/// lowercase): letters, digits, marks and `. / \ _ # + ~ - @` kept, a `%` when two
/// hexadecimal digits follow, a run of spaces one `-` (none at the start, none after a
/// `-`), anything else dropped. `Fares & Prices` → `fares-prices`.
pub fn hugo_urlize(term: &str) -> String {
    let chars: Vec<char> = term.chars().collect();
    let allowed = |i: usize| {
        let c = chars[i];
        c.is_alphanumeric()
            || matches!(c, '.' | '/' | '\\' | '_' | '#' | '+' | '~' | '-' | '@')
            || (c == '%'
                && chars.get(i + 1).is_some_and(char::is_ascii_hexdigit)
                && chars.get(i + 2).is_some_and(char::is_ascii_hexdigit))
            || is_mark(c)
    };
    let mut out = String::with_capacity(term.len());
    let (mut hyphen_next, mut was_hyphen) = (false, false);
    for (i, &c) in chars.iter().enumerate() {
        if c != ' ' && allowed(i) {
            was_hyphen = c == '-';
            if hyphen_next && !was_hyphen {
                out.push('-');
            }
            hyphen_next = false;
            out.push(c);
        } else if !out.is_empty() && !was_hyphen && c.is_whitespace() {
            hyphen_next = true;
        }
    }
    out.to_lowercase()
}

/// Whether `c` is a combining mark, which Hugo keeps in URLs: told by its canonical
/// combining class (not 0), which the nonspacing marks have; the few spacing marks of
/// class 0 are dropped.
fn is_mark(c: char) -> bool {
    icu_normalizer::properties::CanonicalCombiningClassMapBorrowed::new().get_u8(c) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_as_hugo_writes_them() {
        assert_eq!(hugo_urlize("Fares & Prices"), "fares-prices");
        assert_eq!(hugo_urlize("ferries"), "ferries");
        assert_eq!(hugo_urlize("C++ tips"), "c++-tips");
        assert_eq!(hugo_urlize("a - b"), "a-b");
        assert_eq!(hugo_urlize("Éclair 100%"), "éclair-100");
    }
}
