//! Check: every link of a built site, found in memory (`gloss check`).
//!
//! Takes the [`Built`] site of `site::build` — nothing is written to disk — and returns
//! diagnostics. Every HTML page is parsed with an HTML parser (scraper) for the ids it
//! holds and the URLs it points at (`href`, `src`, `srcset`, `poster`, `data`); Atom and
//! RSS feeds and the sitemap are read as XML (roxmltree), JSON Feeds as JSON (serde_json),
//! and a feed entry's HTML content is checked like a page. Each URL is resolved against its page's URL under the base URL. One that lands
//! on the site must name a file of the output (inside the base URL's path), and its
//! `#fragment` an id on that page; one that leaves the site is gathered for
//! [`external::check`].
//!
//! A broken link is traced back to the Markdown file and line it came from through the
//! Markdown stage's data: `Rendered::urls` (every URL a post gave, as its page, the lists
//! and the feeds write it) and `Rendered::links` (where each was written); a link that is in no post's Markdown (a template's, a section
//! `_index.md`'s) is named by the generated page it is on, once for all such pages.
//!
//! This module never writes files and never opens a connection (that is [`external`]).

pub(crate) mod external;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use percent_encoding::percent_decode_str;
use rayon::prelude::*;
use scraper::{ElementRef, Html};
use url::Url;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::site::{Built, RenderedPage, id_prefix, output_path};
pub(crate) use external::{ExternalLink, Found};

/// What a reference is, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Kind {
    /// `<a href>`, `<area href>`, `<iframe src>`, a feed's or sitemap's link.
    Link,
    /// `<img src>`, `srcset`, `<video poster>`, `<source>`.
    Image,
    /// A stylesheet, script, media file or other embedded resource.
    Asset,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Link => "link",
            Kind::Image => "image",
            Kind::Asset => "asset",
        }
    }
}

/// The result of checking a built site's internal links.
#[derive(Debug, Default)]
pub(crate) struct Report {
    /// Broken links (errors) and unreadable feeds or sitemaps, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// Links that leave the site, each once, with where they were found.
    pub external: Vec<ExternalLink>,
    /// Documents read: HTML pages, feeds, the sitemap.
    pub documents: usize,
    /// References checked (every occurrence).
    pub references: usize,
}

/// What reading one output file gives: its documents, its ids (HTML pages), problems.
type Parsed = (Vec<Doc>, Option<HashSet<String>>, Vec<Diagnostic>);

/// One reference found in a document.
#[derive(Debug, Clone)]
struct Ref {
    /// The attribute value (or XML text) as the parser gives it.
    raw: String,
    kind: Kind,
}

/// A document whose references are checked: an HTML page, a feed, a feed entry's
/// content, the sitemap or robots.txt.
#[derive(Debug)]
struct Doc {
    /// Output path (`posts/a/index.html`, `atom.xml`).
    path: String,
    /// The URL references are resolved against.
    base: Url,
    /// For a feed entry's content: the ids inside it, which its `#fragment`-only links
    /// point at (the entry is a document of its own in a feed reader).
    own_ids: Option<HashSet<String>>,
    refs: Vec<Ref>,
}

/// Checks every internal link, image, asset and `#fragment` of `built`, whose base URL is
/// `config.base_url`, and gathers the external links.
pub(crate) fn internal(config: &Config, built: &Built) -> Report {
    let mut report = Report::default();
    let site = config.base_url.clone();
    let base_path = config.base_path().to_string();
    let output = &built.output;

    // 1. Parse every document, in parallel.
    // Pagefind's files are JSON too, and never a feed.
    let candidates: Vec<&str> = output
        .iter()
        .map(|(p, _)| p)
        .filter(|p| {
            is_html(p)
                || p.ends_with(".xml")
                || p.ends_with(".rss")
                || (p.ends_with(".json") && !p.starts_with("pagefind/"))
                || *p == "robots.txt"
        })
        .collect();
    let parsed: Vec<Parsed> = candidates
        .par_iter()
        .map(|path| read_document(output, &site, path))
        .collect();
    let mut ids: HashMap<&str, HashSet<String>> = HashMap::new();
    let mut docs = Vec::new();
    for (path, (ds, page_ids, problems)) in candidates.iter().zip(parsed) {
        if let Some(i) = page_ids {
            ids.insert(path, i);
        }
        // A JSON file that is not a feed is no document.
        if !ds.is_empty() {
            report.documents += 1;
        }
        docs.extend(ds);
        report.diagnostics.extend(problems);
    }

    // 2. What each post's Markdown links to, for tracing links back to their source.
    let sources = Sources::new(config, &built.rendered);

    // 3. Resolve every reference, and say what is broken where.
    let exists = |path: &str| output.contains(path);
    let resolver = Resolver {
        site: &site,
        base_path: &base_path,
        exists: &exists,
        ids: &ids,
    };
    let mut findings = Findings::default();
    for doc in &docs {
        for r in &doc.refs {
            report.references += 1;
            findings.record(doc, r, resolver.resolve(doc, r), &sources);
        }
    }
    findings.report(&mut report);
    report.diagnostics.sort();
    report
}

/// The images written in the posts' Markdown, and in the sections' `_index.md` bodies,
/// that the output lacks (`exists` answers whether it has a file at a path such as
/// `posts/a/chart.png`), as warnings for `gloss build` and `gloss serve`: the same
/// message, at the same place, as [`internal`] gives (as errors) for them on their own
/// pages, once each. Only the Markdown stage's data is read (each body's image links),
/// not the pages: a build has no time to parse every page it wrote, as `gloss check`
/// does.
pub(crate) fn missing_images(
    config: &Config,
    pages: &[crate::site::RenderedPage],
    sections: &[crate::site::SectionImages],
    exists: &dyn Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    let site = config.base_url.clone();
    let base_path = config.base_path().to_string();
    let no_ids = HashMap::new();
    let resolver = Resolver {
        site: &site,
        base_path: &base_path,
        exists,
        ids: &no_ids,
    };
    let bodies = pages
        .iter()
        .map(|rp| {
            (
                &rp.page.source,
                rp.page.body_line,
                rp.page.path.as_str(),
                rp.rendered.links.as_slice(),
            )
        })
        .chain(
            sections
                .iter()
                .map(|s| (&s.source, s.body_line, s.path.as_str(), s.links.as_slice())),
        );
    let mut found = Vec::new();
    for (source, body_line, page_path, links) in bodies {
        let images = links.iter().filter(|l| l.image);
        let mut doc = None;
        for link in images {
            let doc = doc.get_or_insert_with(|| {
                let path = output_path(page_path);
                Doc {
                    base: url_of(&site, &path),
                    path,
                    own_ids: None,
                    refs: Vec::new(),
                }
            });
            // As the page writes it (`src`), which is what `gloss check` reads and names.
            let url = link.url.trim();
            let raw =
                crate::markdown::with_base_path(url, &base_path).unwrap_or_else(|| url.to_string());
            let r = Ref {
                raw,
                kind: Kind::Image,
            };
            if let Outcome::Broken { reason, help } = resolver.resolve(doc, &r) {
                found.push(
                    Diagnostic::warning(source, format!("broken image `{}`: {reason}", r.raw))
                        .at(body_line + link.line.saturating_sub(1), link.column)
                        .with_help(help),
                );
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

/// Reads one output file: its documents (a feed holds one per entry besides its own),
/// its ids (HTML pages), and the ids repeated on it.
fn read_document(output: &crate::output::Output, site: &Url, path: &str) -> Parsed {
    let Some(bytes) = output.read(path) else {
        return (Vec::new(), None, Vec::new());
    };
    let text = String::from_utf8_lossy(&bytes);
    let page_url = url_of(site, path);
    if is_html(path) {
        let read = read_html(&text, &page_url, false);
        // Links to a repeated id all land on its first element.
        let problems = read
            .repeated
            .iter()
            .map(|id| {
                Diagnostic::warning(
                    path,
                    format!("the id \"{id}\" is used more than once on {}; links to it land on the first", page_label(path)),
                )
                .with_help("ids must be unique on a page: check the template, or a `{#id}` given twice")
            })
            .collect();
        let doc = Doc {
            path: path.to_string(),
            base: read.base,
            own_ids: None,
            refs: read.refs,
        };
        (vec![doc], Some(read.ids), problems)
    } else if path == "robots.txt" {
        (vec![read_robots(&text, path, page_url)], None, Vec::new())
    } else if path.ends_with(".json") {
        match read_json_feed(&text, path, &page_url) {
            Ok(docs) => (docs, None, Vec::new()),
            Err(d) => (Vec::new(), None, vec![d]),
        }
    } else {
        match read_xml(&text, path, &page_url) {
            Ok(docs) => (docs, None, Vec::new()),
            Err(d) => (Vec::new(), None, vec![d]),
        }
    }
}

/// Broken links traced to a source, grouped by (source, reason), each with whether it
/// is on the source's own page, whether it is the link as written there, and where it is
/// (feeds after pages, then by path).
type Attributed = BTreeMap<(PathBuf, String), Vec<(bool, bool, (bool, String), Diagnostic)>>;

/// What resolving the references found, gathered to be reported once per link.
#[derive(Default)]
struct Findings {
    /// Broken links that come from a post's Markdown.
    attributed: Attributed,
    /// Broken links that come from no post (a template's, a section's): by (link,
    /// reason), with the help, the kind and the pages they are on.
    generated: BTreeMap<(String, String), (String, Kind, Vec<String>)>,
    /// Links that leave the site, with where each is written.
    external: BTreeMap<String, Vec<Found>>,
}

impl Findings {
    /// Records what resolving `r`, found in `doc`, gave.
    fn record(&mut self, doc: &Doc, r: &Ref, outcome: Outcome, sources: &Sources<'_>) {
        match outcome {
            Outcome::Fine => {}
            Outcome::External(url) => {
                let found = match sources.trace(&doc.path, &r.raw) {
                    Some(at) => Found {
                        path: at.path,
                        line: at.line,
                        column: at.column,
                    },
                    None => Found {
                        path: PathBuf::from(&doc.path),
                        line: None,
                        column: None,
                    },
                };
                let list = self.external.entry(url).or_default();
                if !list.contains(&found) {
                    list.push(found);
                }
            }
            Outcome::Broken { reason, help } => match sources.trace(&doc.path, &r.raw) {
                Some(at) => {
                    let on = if at.own_page {
                        String::new()
                    } else {
                        format!(" (on {})", page_label(&doc.path))
                    };
                    let mut d = Diagnostic::error(
                        &at.path,
                        format!("broken {} `{}`{on}: {reason}", r.kind.noun(), r.raw),
                    )
                    .with_help(help);
                    d.line = at.line;
                    d.column = at.column;
                    let where_ = (!is_html(&doc.path), doc.path.clone());
                    self.attributed.entry((at.path, reason)).or_default().push((
                        at.own_page,
                        at.as_written,
                        where_,
                        d,
                    ));
                }
                None => {
                    let entry = self
                        .generated
                        .entry((r.raw.clone(), reason.clone()))
                        .or_insert_with(|| (help.to_string(), r.kind, Vec::new()));
                    entry.2.push(doc.path.clone());
                }
            },
        }
    }

    /// Puts the findings into `report`: a link broken on its source's own page is
    /// reported there only; one broken only where a list or feed shows it (a relative
    /// link, say) once, from an HTML page when there is one; a link from no post once,
    /// naming how many pages hold it.
    fn report(self, report: &mut Report) {
        let mut kept = BTreeSet::new();
        for (_, group) in self.attributed {
            if group.iter().any(|(own, ..)| *own) {
                kept.extend(one_per_place(
                    group
                        .into_iter()
                        .filter(|(own, ..)| *own)
                        .map(|(_, as_written, _, d)| (as_written, d)),
                ));
            } else if let Some((.., d)) = group.into_iter().min_by(|a, b| a.2.cmp(&b.2)) {
                kept.insert(d);
            }
        }
        report.diagnostics.extend(kept);
        for ((raw, reason), (help, kind, pages)) in self.generated {
            report
                .diagnostics
                .push(generated_broken(&raw, &reason, &help, kind, pages));
        }
        report.external = self
            .external
            .into_iter()
            .map(|(url, found)| ExternalLink { url, found })
            .collect();
    }
}

/// One diagnostic per place in the source (line and column) of `found`, each with
/// whether its link is the one written there: a link the post's page writes in two forms
/// (a quote's source `../press/` in its lead-in, and absolute in its source link) is
/// reported once, in the form the author wrote. Those without a place are all kept.
fn one_per_place(found: impl Iterator<Item = (bool, Diagnostic)>) -> Vec<Diagnostic> {
    let mut found: Vec<(bool, Diagnostic)> = found.collect();
    // The form as written first at each place.
    found.sort_by_key(|a| (a.1.line, a.1.column, !a.0));
    let mut kept: Vec<Diagnostic> = Vec::with_capacity(found.len());
    for (_, d) in found {
        let same_place = kept.last().is_some_and(|k: &Diagnostic| {
            d.line.is_some() && (k.line, k.column) == (d.line, d.column)
        });
        if !same_place {
            kept.push(d);
        }
    }
    kept
}

/// The error for a broken link that is in no post's Markdown, on `pages`.
fn generated_broken(
    raw: &str,
    reason: &str,
    help: &str,
    kind: Kind,
    mut pages: Vec<String>,
) -> Diagnostic {
    pages.sort();
    pages.dedup();
    let others = match pages.len() {
        0 | 1 => String::new(),
        2 => " (also on 1 other page)".to_string(),
        n => format!(" (also on {} other pages)", n - 1),
    };
    Diagnostic::error(
        pages.first().cloned().unwrap_or_default(),
        format!(
            "broken {} `{raw}` on the generated page {}{others}: {reason}",
            kind.noun(),
            page_label(pages.first().map_or("", String::as_str)),
        ),
    )
    .with_help(format!(
        "{help}; this link is in no post's Markdown: it comes from a template or a section's _index.md"
    ))
}

/// Whether an output path is an HTML page.
fn is_html(path: &str) -> bool {
    path.ends_with(".html") || path.ends_with(".htm")
}

/// The URL an output file is served at: `posts/a/index.html` → `BASE/posts/a/`.
fn url_of(site: &Url, path: &str) -> Url {
    let served = match path.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => dir,
        _ => path,
    };
    site.join(served).unwrap_or_else(|_| site.clone())
}

/// A page as people know it: `posts/a/index.html` → `/posts/a/`.
fn page_label(path: &str) -> String {
    match path.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("/{dir}"),
        _ => format!("/{path}"),
    }
}

fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// What an HTML document or fragment holds.
struct ReadHtml {
    /// Its ids (and `<a name>`s).
    ids: HashSet<String>,
    /// Ids given to more than one element.
    repeated: BTreeSet<String>,
    /// Its references, in document order.
    refs: Vec<Ref>,
    /// The URL its references resolve against (`<base href>` when it has one).
    base: Url,
}

/// Reads an HTML document or fragment served at `page_url`.
fn read_html(text: &str, page_url: &Url, fragment: bool) -> ReadHtml {
    let html = if fragment {
        Html::parse_fragment(text)
    } else {
        Html::parse_document(text)
    };
    let mut ids = HashSet::new();
    let mut repeated = BTreeSet::new();
    let mut refs = Vec::new();
    let mut base = page_url.clone();
    for node in html.root_element().descendants() {
        let Some(el) = ElementRef::wrap(node) else {
            continue;
        };
        let v = el.value();
        if let Some(id) = v.id()
            && !ids.insert(id.to_string())
        {
            repeated.insert(id.to_string());
        }
        let name = v.name();
        if name == "a"
            && let Some(n) = v.attr("name")
        {
            ids.insert(n.to_string());
        }
        let mut push = |raw: Option<&str>, kind: Kind| {
            if let Some(raw) = raw {
                refs.push(Ref {
                    raw: raw.trim().to_string(),
                    kind,
                });
            }
        };
        match name {
            "base" => {
                if let Some(b) = v.attr("href").and_then(|h| page_url.join(h).ok()) {
                    base = b;
                }
            }
            "a" | "area" => push(v.attr("href"), Kind::Link),
            "iframe" => push(v.attr("src"), Kind::Link),
            "link" => {
                let rel = v.attr("rel").unwrap_or("").to_ascii_lowercase();
                // Hints name hosts, not documents.
                if !rel
                    .split_whitespace()
                    .any(|r| r == "preconnect" || r == "dns-prefetch")
                {
                    let kind = if rel.split_whitespace().any(|r| r == "stylesheet") {
                        Kind::Asset
                    } else {
                        Kind::Link
                    };
                    push(v.attr("href"), kind);
                }
            }
            "img" => {
                push(v.attr("src"), Kind::Image);
                for src in srcset(v.attr("srcset")) {
                    push(Some(src), Kind::Image);
                }
            }
            "source" => {
                push(v.attr("src"), Kind::Asset);
                for src in srcset(v.attr("srcset")) {
                    push(Some(src), Kind::Image);
                }
            }
            "video" => {
                push(v.attr("src"), Kind::Asset);
                push(v.attr("poster"), Kind::Image);
            }
            "audio" | "track" | "embed" | "script" => push(v.attr("src"), Kind::Asset),
            "object" => push(v.attr("data"), Kind::Asset),
            _ => {}
        }
    }
    ReadHtml {
        ids,
        repeated,
        refs,
        base,
    }
}

/// The URLs of a `srcset` attribute (`a.png 1x, b.png 2x`).
fn srcset(value: Option<&str>) -> Vec<&str> {
    value
        .map(|v| {
            v.split(',')
                .filter_map(|c| c.split_whitespace().next())
                .collect()
        })
        .unwrap_or_default()
}

/// robots.txt: its `Sitemap:` lines.
fn read_robots(text: &str, path: &str, url: Url) -> Doc {
    let refs = text
        .lines()
        .filter_map(|l| {
            let (key, value) = l.split_once(':')?;
            key.trim().eq_ignore_ascii_case("sitemap").then(|| Ref {
                raw: value.trim().to_string(),
                kind: Kind::Link,
            })
        })
        .collect();
    Doc {
        path: path.to_string(),
        base: url,
        own_ids: None,
        refs,
    }
}

const ATOM: &str = "http://www.w3.org/2005/Atom";
/// RSS's `content:encoded` (an item's whole HTML).
const RSS_CONTENT: &str = "http://purl.org/rss/1.0/modules/content/";
const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// An Atom or RSS 2.0 feed (its links, and each entry's HTML content as a document of its
/// own) or a sitemap (its `<loc>`s). Other XML files are not read.
///
/// Errors: the file is not well-formed XML.
fn read_xml(text: &str, path: &str, url: &Url) -> Result<Vec<Doc>, Diagnostic> {
    let xml = roxmltree::Document::parse(text).map_err(|e| {
        let pos = e.pos();
        Diagnostic::error(
            path,
            format!("this generated file is not well-formed XML: {e}"),
        )
        .at(pos.row as usize, pos.col as usize)
        .with_help("check the template that makes it (atom.xml, sitemap.xml) for unescaped text")
    })?;
    let root = xml.root_element();
    let mut docs = Vec::new();
    let mut top = Doc {
        path: path.to_string(),
        base: url.clone(),
        own_ids: None,
        refs: Vec::new(),
    };
    if root.has_tag_name((ATOM, "feed")) {
        for node in root
            .descendants()
            .filter(|n| n.has_tag_name((ATOM, "link")))
        {
            if let Some(href) = node.attribute("href") {
                top.refs.push(Ref {
                    raw: href.trim().to_string(),
                    kind: Kind::Link,
                });
            }
        }
        for (n, entry) in root
            .children()
            .filter(|n| n.has_tag_name((ATOM, "entry")))
            .enumerate()
        {
            // Readers resolve an entry's relative URLs against the entry's own page.
            let entry_url = entry
                .children()
                .find(|c| {
                    c.has_tag_name((ATOM, "link"))
                        && c.attribute("rel").is_none_or(|r| r == "alternate")
                })
                .and_then(|c| c.attribute("href"))
                .and_then(|h| url.join(h).ok())
                .unwrap_or_else(|| url.clone());
            for content in entry.children().filter(|c| {
                (c.has_tag_name((ATOM, "content")) || c.has_tag_name((ATOM, "summary")))
                    && c.attribute("type") == Some("html")
            }) {
                let html: String = content
                    .descendants()
                    .filter_map(|d| d.text())
                    .collect::<Vec<_>>()
                    .concat();
                let read = read_html(&html, &entry_url, true);
                docs.push(Doc {
                    path: format!("{path}#entry-{}", n + 1),
                    base: read.base,
                    own_ids: Some(read.ids),
                    refs: read.refs,
                });
            }
        }
    } else if root.has_tag_name("rss") && root.tag_name().namespace().is_none() {
        read_rss(root, path, url, &mut top, &mut docs);
    } else if root.has_tag_name((SITEMAP, "urlset")) {
        for loc in root
            .descendants()
            .filter(|n| n.has_tag_name((SITEMAP, "loc")))
        {
            top.refs.push(Ref {
                raw: loc.text().unwrap_or("").trim().to_string(),
                kind: Kind::Link,
            });
        }
    }
    docs.insert(0, top);
    Ok(docs)
}

/// An RSS 2.0 feed's links: the channel's `<link>` and `atom:link`, and each item's
/// `<link>`, permalink `<guid>`, `<comments>` and `<enclosure url>` (into `top`); each
/// item's `<description>` and `content:encoded`, HTML, as a document of its own, whose
/// relative URLs resolve against the item's page (its permalink guid, else its link).
fn read_rss(
    root: roxmltree::Node<'_, '_>,
    path: &str,
    url: &Url,
    top: &mut Doc,
    docs: &mut Vec<Doc>,
) {
    // RSS's own elements have no namespace.
    let plain = |n: &roxmltree::Node<'_, '_>, name: &str| {
        n.is_element() && n.tag_name().namespace().is_none() && n.tag_name().name() == name
    };
    let text = |n: &roxmltree::Node<'_, '_>| n.text().unwrap_or("").trim().to_string();
    let link = |raw: String, kind: Kind| Ref { raw, kind };
    let mut n = 0;
    for channel in root.children().filter(|c| plain(c, "channel")) {
        for node in channel.children() {
            if plain(&node, "link") {
                top.refs.push(link(text(&node), Kind::Link));
            } else if node.has_tag_name((ATOM, "link"))
                && let Some(href) = node.attribute("href")
            {
                top.refs.push(link(href.trim().to_string(), Kind::Link));
            }
        }
        for item in channel.children().filter(|c| plain(c, "item")) {
            n += 1;
            let mut page: Option<String> = None;
            for child in item.children() {
                if plain(&child, "link") || plain(&child, "comments") {
                    page.get_or_insert_with(|| text(&child));
                    top.refs.push(link(text(&child), Kind::Link));
                } else if plain(&child, "guid") && child.attribute("isPermaLink") != Some("false") {
                    page = Some(text(&child));
                    top.refs.push(link(text(&child), Kind::Link));
                } else if plain(&child, "enclosure")
                    && let Some(src) = child.attribute("url")
                {
                    top.refs.push(link(src.trim().to_string(), Kind::Asset));
                }
            }
            let item_url = page
                .and_then(|p| url.join(&p).ok())
                .unwrap_or_else(|| url.clone());
            for content in item
                .children()
                .filter(|c| plain(c, "description") || c.has_tag_name((RSS_CONTENT, "encoded")))
            {
                let html: String = content
                    .descendants()
                    .filter_map(|d| d.text())
                    .collect::<Vec<_>>()
                    .concat();
                let read = read_html(&html, &item_url, true);
                docs.push(Doc {
                    path: format!("{path}#item-{n}"),
                    base: read.base,
                    own_ids: Some(read.ids),
                    refs: read.refs,
                });
            }
        }
    }
}

/// The version URLs a JSON Feed starts with (`https://jsonfeed.org/version/1.1`).
const JSON_FEED: &str = "https://jsonfeed.org/version/";

/// A JSON Feed (1.0 or 1.1): its links (`home_page_url`, `feed_url`, `icon`, `favicon`;
/// each item's `url`, `external_url`, `image`, `banner_image` and attachments' `url`),
/// and each item's `content_html` as a document of its own, whose relative URLs resolve
/// against the item's `url`. A JSON file that is not a JSON Feed gives no document.
///
/// Errors: a file named as gloss names its JSON Feeds (`feed.json`, `updates.json`)
/// that is not valid JSON.
fn read_json_feed(text: &str, path: &str, url: &Url) -> Result<Vec<Doc>, Diagnostic> {
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let name = path.rsplit('/').next().unwrap_or(path);
            if !matches!(name, "feed.json" | "updates.json") {
                return Ok(Vec::new());
            }
            return Err(Diagnostic::error(
                path,
                format!("this generated feed is not valid JSON: {e}"),
            )
            .at(e.line(), e.column())
            .with_help("check the template that makes it (feed.json, updates.json): write each value with `| json_encode`"));
        }
    };
    let is_feed = value
        .get("version")
        .and_then(|v| v.as_str())
        .is_some_and(|v| v.starts_with(JSON_FEED));
    if !is_feed {
        return Ok(Vec::new());
    }
    let string = |v: &serde_json::Value, key: &str| {
        v.get(key)
            .and_then(|s| s.as_str())
            .map(|s| s.trim().to_string())
    };
    let mut top = Doc {
        path: path.to_string(),
        base: url.clone(),
        own_ids: None,
        refs: Vec::new(),
    };
    let mut docs = Vec::new();
    for (key, kind) in [
        ("home_page_url", Kind::Link),
        ("feed_url", Kind::Link),
        ("icon", Kind::Image),
        ("favicon", Kind::Image),
    ] {
        if let Some(raw) = string(&value, key) {
            top.refs.push(Ref { raw, kind });
        }
    }
    let items = value.get("items").and_then(|i| i.as_array());
    for (n, item) in items.into_iter().flatten().enumerate() {
        for (key, kind) in [
            ("url", Kind::Link),
            ("external_url", Kind::Link),
            ("image", Kind::Image),
            ("banner_image", Kind::Image),
        ] {
            if let Some(raw) = string(item, key) {
                top.refs.push(Ref { raw, kind });
            }
        }
        let attachments = item.get("attachments").and_then(|a| a.as_array());
        for attachment in attachments.into_iter().flatten() {
            if let Some(raw) = string(attachment, "url") {
                top.refs.push(Ref {
                    raw,
                    kind: Kind::Asset,
                });
            }
        }
        if let Some(html) = item.get("content_html").and_then(|h| h.as_str()) {
            let item_url = string(item, "url")
                .and_then(|u| url.join(&u).ok())
                .unwrap_or_else(|| url.clone());
            let read = read_html(html, &item_url, true);
            docs.push(Doc {
                path: format!("{path}#item-{}", n + 1),
                base: read.base,
                own_ids: Some(read.ids),
                refs: read.refs,
            });
        }
    }
    docs.insert(0, top);
    Ok(docs)
}

/// Where a reference goes.
enum Outcome {
    /// It resolves (or is not a web link: `mailto:`, `tel:`, `data:`).
    Fine,
    /// It leaves the site: the URL without its fragment.
    External(String),
    /// It does not resolve.
    Broken { reason: String, help: &'static str },
}

struct Resolver<'a> {
    site: &'a Url,
    base_path: &'a str,
    /// Whether the output has a file at a path (`posts/a/index.html`).
    exists: &'a dyn Fn(&str) -> bool,
    ids: &'a HashMap<&'a str, HashSet<String>>,
}

impl Resolver<'_> {
    fn resolve(&self, doc: &Doc, r: &Ref) -> Outcome {
        let raw = r.raw.as_str();
        if raw.is_empty() {
            return Outcome::Fine;
        }
        if let (Some(own), Some(fragment)) = (&doc.own_ids, raw.strip_prefix('#')) {
            return self.fragment_in(own, fragment, "this feed entry");
        }
        let url = match doc.base.join(raw) {
            Ok(u) => u,
            Err(e) => {
                return Outcome::Broken {
                    reason: format!("it is not a valid URL ({e})"),
                    help: "fix the link's spelling; spaces must be written %20",
                };
            }
        };
        match url.scheme() {
            "http" | "https" => {}
            "file" => {
                return Outcome::Broken {
                    reason: "it points at a file on this computer, which readers cannot open"
                        .to_string(),
                    help: "copy the file into static/ or beside the post, and link to it there",
                };
            }
            _ => return Outcome::Fine,
        }
        if url.host_str() != self.site.host_str() || url.port() != self.site.port() {
            let mut bare = url.clone();
            bare.set_fragment(None);
            return Outcome::External(bare.to_string());
        }
        let path = url.path();
        let rel = if let Some(rest) = path.strip_prefix(self.base_path) {
            rest
        } else if format!("{path}/") == self.base_path {
            ""
        } else {
            return Outcome::Broken {
                reason: format!(
                    "it points at {path}, outside the site's base path {}",
                    self.base_path
                ),
                help: "the site is served under its base URL's path: write links relative to the page, or start them with that path",
            };
        };
        let rel = decode(rel);
        let target = if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else if (self.exists)(&rel) {
            rel.clone()
        } else {
            format!("{rel}/index.html")
        };
        if !(self.exists)(&target) {
            let (reason, help) = match r.kind {
                Kind::Image => (
                    format!("there is no image at {path}"),
                    "check the file name, and that the image is in static/ or beside the post (a page bundle)",
                ),
                Kind::Asset => (
                    format!("there is no file at {path}"),
                    "check the file name, and that the file is in static/ or the theme's static/",
                ),
                Kind::Link => (
                    format!("there is no page or file at {path}"),
                    "fix the link, or add the page it points at (an old URL can redirect with `aliases`)",
                ),
            };
            return Outcome::Broken { reason, help };
        }
        match (url.fragment(), self.ids.get(target.as_str())) {
            (Some(fragment), Some(ids)) => {
                self.fragment_in(ids, fragment, &format!("the page {}", page_label(&target)))
            }
            _ => Outcome::Fine,
        }
    }

    /// Checks that `fragment` (as written, percent-encoded) names an id in `ids`.
    fn fragment_in(&self, ids: &HashSet<String>, fragment: &str, what: &str) -> Outcome {
        // A text fragment (`#:~:text=…`) or `#top` needs no element.
        let fragment = fragment.split(":~:").next().unwrap_or("");
        let id = decode(fragment);
        if id.is_empty() || id.eq_ignore_ascii_case("top") || ids.contains(&id) {
            return Outcome::Fine;
        }
        Outcome::Broken {
            reason: format!("{what} has no element with id \"{id}\""),
            help: "link to an id the page has: headings, quotes (quote-N), footnotes (fn-N) and updates (update-N) get theirs from gloss",
        }
    }
}

/// Where a reference was written.
struct At {
    path: PathBuf,
    line: Option<usize>,
    column: Option<usize>,
    /// Found on the page made from that source (not a list or feed showing it).
    own_page: bool,
    /// The link is the one written at `line` in the form written there (with the base
    /// URL's path), not that link made absolute (a quote's source: see
    /// [`crate::markdown::Source::url`]).
    as_written: bool,
}

/// What each post's Markdown links to, so that a link found on a page can be traced back
/// to the file (and, through `Rendered::links`, the line) it was written in.
struct Sources<'a> {
    config: &'a Config,
    pages: &'a [RenderedPage],
    /// The base URL's path: links written root-relative are prefixed with it in pages.
    base_path: String,
    /// Output path of each post's own page → its index.
    by_output: HashMap<String, usize>,
    /// Per post: the references of its body as written into pages and feeds (decoded).
    refs: Vec<HashSet<String>>,
    /// Decoded reference → the first post whose body holds it.
    first: HashMap<String, usize>,
}

impl<'a> Sources<'a> {
    fn new(config: &'a Config, pages: &'a [RenderedPage]) -> Self {
        let refs: Vec<HashSet<String>> = pages
            .par_iter()
            .map(|rp| {
                // Every URL the post's Markdown gave, as its page, the lists and the feeds
                // write it: what the Markdown stage made, not its HTML read again.
                let Ok(page) = Url::parse(&config.permalink(&rp.page.path)) else {
                    return HashSet::new();
                };
                rp.rendered
                    .urls(&id_prefix(&rp.page), &page)
                    .iter()
                    .map(|u| decode(u))
                    .collect()
            })
            .collect();
        let mut first = HashMap::new();
        for (i, set) in refs.iter().enumerate() {
            for r in set {
                first.entry(r.clone()).or_insert(i);
            }
        }
        let by_output = pages
            .iter()
            .enumerate()
            .map(|(i, rp)| (output_path(&rp.page.path), i))
            .collect();
        Sources {
            config,
            pages,
            base_path: config.base_path().to_string(),
            by_output,
            refs,
            first,
        }
    }

    /// The source of reference `raw` found in document `doc` (an output path), if a
    /// post's Markdown holds it: the page's own post first, else the first post that does.
    fn trace(&self, doc: &str, raw: &str) -> Option<At> {
        let key = decode(raw);
        let own = self
            .by_output
            .get(doc)
            .copied()
            .filter(|&i| self.refs[i].contains(&key));
        let (i, own_page) = match own {
            Some(i) => (i, true),
            None => (*self.first.get(&key)?, false),
        };
        let rp = &self.pages[i];
        let as_written = |url: &str| {
            decode(url) == key
                || decode(url.trim()) == key
                || crate::markdown::with_base_path(url.trim(), &self.base_path)
                    .is_some_and(|u| decode(&u) == key)
        };
        let links = &rp.rendered.links;
        let (link, written) = match links.iter().find(|l| as_written(&l.url)) {
            Some(l) => (Some(l), true),
            None => (self.made_absolute(rp, &key), false),
        };
        Some(At {
            path: rp.page.source.clone(),
            line: link.map(|l| rp.page.body_line + l.line.saturating_sub(1)),
            column: link.map(|l| l.column),
            own_page,
            as_written: written,
        })
    }

    /// The link of `rp` that, made absolute against its permalink, is `key` (a quote's
    /// source, which the post writes absolute: see [`crate::markdown::Source::url`]).
    fn made_absolute<'r>(
        &self,
        rp: &'r RenderedPage,
        key: &str,
    ) -> Option<&'r crate::markdown::Link> {
        let page = self.config.permalink(&rp.page.path);
        rp.rendered.links.iter().find(|l| {
            crate::markdown::urls::absolute_target(l.url.trim(), &self.base_path, &page)
                .is_some_and(|u| decode(&u) == key)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn served_urls_and_labels() {
        let site = Url::parse("https://u.github.io/blog/").unwrap();
        assert_eq!(
            url_of(&site, "posts/a/index.html").as_str(),
            "https://u.github.io/blog/posts/a/"
        );
        assert_eq!(
            url_of(&site, "index.html").as_str(),
            "https://u.github.io/blog/"
        );
        assert_eq!(
            url_of(&site, "atom.xml").as_str(),
            "https://u.github.io/blog/atom.xml"
        );
        assert_eq!(page_label("posts/a/index.html"), "/posts/a/");
        assert_eq!(page_label("index.html"), "/");
        assert_eq!(page_label("404.html"), "/404.html");
    }

    #[test]
    fn reads_ids_and_references() {
        let page = Url::parse("https://x.org/a/").unwrap();
        let read = read_html(
            r##"<h2 id="h">H</h2><p id="twice"></p><p id="twice"></p><a name="old"></a><a href="#h">1</a>
            <img src="i.png" srcset="i2.png 2x, i3.png 3x"><link rel="preconnect" href="https://cdn/">
            <link rel="stylesheet" href="/s.css"><script src="/j.js"></script>"##,
            &page,
            true,
        );
        let (ids, refs) = (&read.ids, &read.refs);
        assert!(ids.contains("h") && ids.contains("old"));
        assert_eq!(read.repeated.iter().collect::<Vec<_>>(), ["twice"]);
        let raws: Vec<&str> = refs.iter().map(|r| r.raw.as_str()).collect();
        assert_eq!(raws, ["#h", "i.png", "i2.png", "i3.png", "/s.css", "/j.js"]);
        assert_eq!(refs[1].kind, Kind::Image);
        assert_eq!(refs[4].kind, Kind::Asset);
        assert_eq!(read.base, page);
    }

    #[test]
    fn malformed_xml_is_located() {
        let url = Url::parse("https://x.org/atom.xml").unwrap();
        let e = read_xml("<feed>\n<a>&nbsp;</a></feed>", "atom.xml", &url).unwrap_err();
        assert_eq!(e.line, Some(2));
    }
}
