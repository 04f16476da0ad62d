//! Related posts: for each post, the posts that quote the same source, then the posts
//! that share its tags (`page.related`, `<aside class="related">` in the default theme).
//!
//! Every post is filed under its keys: each source it quotes (the address without its
//! fragment, or the attribution when nothing is linked), each source's site (its host,
//! so that two posts quoting different Techcrunch stories meet), and each tag. A post's
//! candidates are the posts nearest it in date under each of its keys, at most
//! [`WINDOW`] a key, so a tag that every post carries costs no more than a rare one: the
//! work is linear in the posts, never a pass over all pairs. Candidates are ranked by
//! what they share (a source counts [`SOURCE`], a site [`SITE`], a tag [`TAG`]), then by
//! nearness in date, then newest first.

use std::collections::HashMap;

use super::RenderedPage;
use super::commentary::host;
use crate::content::slug::term_slug;

/// What a shared source weighs.
const SOURCE: u32 = 4;
/// What a shared site (a source's host) weighs, when the sources differ.
const SITE: u32 = 2;
/// What a shared tag weighs.
const TAG: u32 = 1;

/// Candidates taken under each key of a post: this many nearest in date on each side.
const WINDOW: usize = 8;

/// Why a post is related to another: the strongest thing they share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reason {
    /// `source` (both quote the same source or the same site) or `tag`.
    pub kind: &'static str,
    /// The source's name as the post's lead-in links it (else its host, else its
    /// attribution), or the tag.
    pub name: String,
    /// For a source, its address as linked (without fragment), or empty (an
    /// attribution); empty for a tag (its term page is the caller's to make).
    pub url: String,
}

/// One key a post is filed under.
#[derive(Debug)]
pub(crate) struct Key {
    id: String,
    weight: u32,
    reason: Reason,
}

/// Every post filed under its keys: what ranking one post's related posts reads
/// ([`Index::of`]). Made in one pass over the posts, so that a rebuild that needs one
/// post's related posts (`gloss serve` after an edit) ranks that post alone.
pub(crate) struct Index<'a> {
    /// Each post's keys (from its memo), in post order.
    keys: Vec<&'a [Key]>,
    /// Each key's posts, newest first.
    lists: HashMap<&'a str, Vec<usize>>,
    /// Each post's place in each of its keys' lists.
    places: Vec<Vec<usize>>,
    limit: usize,
}

impl<'a> Index<'a> {
    /// Files `posts` (newest first, as [`super::Site::posts`]) under their keys, for at
    /// most `limit` related posts each (0: none).
    pub(crate) fn new(posts: &[&'a RenderedPage], limit: usize) -> Self {
        if limit == 0 {
            return Index {
                keys: Vec::new(),
                lists: HashMap::new(),
                places: Vec::new(),
                limit,
            };
        }
        // A post's keys depend on it alone: made once per post (kept in its memo).
        let keys: Vec<&[Key]> = posts
            .iter()
            .map(|rp| rp.memo.related_keys.get_or_init(|| keys(rp)).as_slice())
            .collect();
        let mut lists: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut places: Vec<Vec<usize>> = Vec::with_capacity(posts.len());
        for post_keys in &keys {
            places.push(
                post_keys
                    .iter()
                    .map(|k| {
                        let list = lists.entry(k.id.as_str()).or_default();
                        list.push(places.len());
                        list.len() - 1
                    })
                    .collect(),
            );
        }
        Index {
            keys,
            lists,
            places,
            limit,
        }
    }

    /// The related posts of post `i`, as indices into the posts with the reason, best
    /// first (none when `limit` is 0).
    pub(crate) fn of(&self, i: usize) -> Vec<(usize, Reason)> {
        let (Some(post_keys), Some(places)) = (self.keys.get(i), self.places.get(i)) else {
            return Vec::new();
        };
        let window = WINDOW.max(self.limit);
        // Each candidate under each key, in key order; then per candidate its score
        // and its strongest reason (the first key of the highest weight). A few
        // dozen pairs: a sorted list costs less than a map per post.
        let mut pairs: Vec<(usize, &Key)> = Vec::new();
        for (key, &place) in post_keys.iter().zip(places) {
            let Some(list) = self.lists.get(key.id.as_str()) else {
                continue;
            };
            let from = place.saturating_sub(window);
            let to = (place + window + 1).min(list.len());
            pairs.extend(
                list[from..to]
                    .iter()
                    .filter(|&&other| other != i)
                    .map(|&other| (other, key)),
            );
        }
        // Stable: each candidate's keys stay in key order.
        pairs.sort_by_key(|&(other, _)| other);
        let mut ranked: Vec<(usize, u32, &Reason)> = Vec::new();
        for group in pairs.chunk_by(|a, b| a.0 == b.0) {
            let score = group.iter().map(|(_, key)| key.weight).sum();
            let mut strongest = group[0].1;
            for (_, key) in group {
                if key.weight > strongest.weight {
                    strongest = key;
                }
            }
            ranked.push((group[0].0, score, &strongest.reason));
        }
        ranked
            .sort_by_key(|&(other, score, _)| (std::cmp::Reverse(score), other.abs_diff(i), other));
        ranked.truncate(self.limit);
        ranked
            .into_iter()
            .map(|(other, _, reason)| (other, reason.clone()))
            .collect()
    }
}

/// The keys of a post: its sources, their sites and its tags, each once.
fn keys(rp: &RenderedPage) -> Vec<Key> {
    let mut out: Vec<Key> = Vec::new();
    let mut push = |id: String, weight: u32, reason: Reason| {
        if !out.iter().any(|k| k.id == id) {
            out.push(Key { id, weight, reason });
        }
    };
    let quoted = rp.rendered.quotes.iter().filter(|q| q.repeat_of.is_none());
    // A link post is about its link as much as about what it quotes.
    let link = rp.page.front.link.as_deref().map(|url| (url, ""));
    let linked = quoted
        .clone()
        .filter_map(|q| q.source.as_ref().map(|s| (s.url.as_str(), s.name.as_str())));
    for (url, name) in link.into_iter().chain(linked) {
        let url = url.split('#').next().unwrap_or_default();
        let host = host(url);
        if host.is_empty() {
            continue;
        }
        let host = host.as_str();
        let reason = Reason {
            kind: "source",
            name: source_name(name, host),
            url: url.to_string(),
        };
        push(format!("url:{url}"), SOURCE, reason.clone());
        push(format!("host:{host}"), SITE, reason);
    }
    for q in quoted {
        let linked = q.source.as_ref().is_some_and(|s| !host(&s.url).is_empty());
        if linked {
            continue;
        }
        if let Some(by) = q
            .attribution_text
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty())
        {
            let reason = Reason {
                kind: "source",
                name: by.to_string(),
                url: String::new(),
            };
            push(format!("by:{}", by.to_lowercase()), SOURCE, reason);
        }
    }
    for tag in &rp.page.front.tags {
        push(
            format!("tag:{}", term_slug(tag)),
            TAG,
            Reason {
                kind: "tag",
                name: tag.clone(),
                url: String::new(),
            },
        );
    }
    out
}

/// What a source is called: its link text when that names the site (`TechCrunch` for
/// techcrunch.com), else the host: link text is as often a phrase ("account of the
/// meeting") as a name.
fn source_name(link_text: &str, host: &str) -> String {
    let letters = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let name = letters(link_text);
    let site = host.rsplit_once('.').map_or(host, |(site, _)| site);
    if name.chars().count() >= 3 && letters(site).contains(&name) {
        link_text.trim().to_string()
    } else {
        host.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_is_named_by_its_link_text_only_when_that_names_the_site() {
        assert_eq!(source_name("TechCrunch", "techcrunch.com"), "TechCrunch");
        assert_eq!(source_name("The Verge", "theverge.com"), "The Verge");
        assert_eq!(source_name("Ledger", "harlowledger.example"), "Ledger");
        assert_eq!(
            source_name("account of the meeting", "harlowledger.example"),
            "harlowledger.example"
        );
        assert_eq!(source_name("", "example.org"), "example.org");
    }
}
