//! The commentary model end to end (DESIGN §4): fixture sites built in temporary folders,
//! checked on the parsed HTML and feeds.
//!
//! `tests/fixtures/commentary/site` is a small blog of three posts that between them use
//! every form of quoted passage, footnote and update notice; smaller sites are written
//! inline where a test needs one thing only.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use gloss::config::Config;
use gloss::site::{self, BuildOptions, Built};
use scraper::{ElementRef, Html, Selector};

struct Site {
    _dir: tempfile::TempDir,
    built: Built,
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

impl Site {
    fn build_at(dir: tempfile::TempDir) -> Site {
        let config = Config::load(dir.path()).unwrap();
        let built = site::build(&config, &BuildOptions::default())
            .unwrap_or_else(|d| panic!("build failed: {d:#?}"));
        Site { _dir: dir, built }
    }

    /// The fixture site `tests/fixtures/commentary/NAME`, built.
    fn fixture(name: &str) -> Site {
        let dir = tempfile::tempdir().unwrap();
        let from: PathBuf = [
            env!("CARGO_MANIFEST_DIR"),
            "tests/fixtures/commentary",
            name,
        ]
        .iter()
        .collect();
        copy_dir(&from, dir.path());
        Site::build_at(dir)
    }

    /// A site of the given files (paths relative to the site root), built.
    fn of(files: &[(&str, &str)]) -> Site {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        Site::build_at(dir)
    }

    fn text(&self, path: &str) -> String {
        let bytes = self
            .built
            .output
            .read(path)
            .unwrap_or_else(|| panic!("no output file {path}"));
        String::from_utf8(bytes.into_owned()).unwrap()
    }

    fn page(&self, path: &str) -> Html {
        Html::parse_document(&self.text(path))
    }

    fn html_paths(&self) -> Vec<String> {
        self.built
            .output
            .iter()
            .map(|(p, _)| p.to_string())
            .filter(|p| p.ends_with(".html"))
            .collect()
    }

    fn warnings(&self) -> Vec<String> {
        self.built
            .warnings
            .iter()
            .map(std::string::ToString::to_string)
            .collect()
    }
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn all<'a>(doc: &'a Html, s: &str) -> Vec<ElementRef<'a>> {
    doc.select(&sel(s)).collect()
}

fn one<'a>(doc: &'a Html, s: &str) -> ElementRef<'a> {
    let found = all(doc, s);
    assert_eq!(found.len(), 1, "expected one {s}, found {}", found.len());
    found[0]
}

fn text_of(e: ElementRef) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn attr<'a>(e: ElementRef<'a>, name: &str) -> &'a str {
    e.value().attr(name).unwrap_or_default()
}

const BRIDGE: &str = "posts/bridge-vote/index.html";
const LIBRARY: &str = "posts/library-hours/index.html";
const EDGES: &str = "posts/edge-cases/index.html";

// ── Quoted passages ─────────────────────────────────────────────────────────────────

#[test]
fn top_level_block_quotes_become_numbered_figures() {
    let s = Site::fixture("site");
    let doc = s.page(BRIDGE);
    let figures = all(&doc, "article figure.quote");
    let ids: Vec<&str> = figures.iter().map(|f| attr(*f, "id")).collect();
    assert_eq!(ids, ["quote-1", "quote-2", "quote-3"]);
    for f in &figures {
        assert_eq!(f.select(&sel(":scope > blockquote")).count(), 1);
    }
    // The alert and the update notice are not quoted passages.
    assert_eq!(
        all(&doc, "figure.quote .alert, figure.quote aside").len(),
        0
    );
    assert_eq!(all(&doc, "div.alert").len(), 1);
}

#[test]
fn lead_in_becomes_figcaption_and_its_last_link_the_source() {
    let s = Site::fixture("site");
    let doc = s.page(BRIDGE);
    let first = one(&doc, "#quote-1");
    let caption = first
        .select(&sel(":scope > figcaption.lead-in"))
        .next()
        .unwrap();
    assert!(text_of(caption).starts_with("The city published its summary"));
    assert!(text_of(caption).ends_with("the Riverside Ledger:"));
    // The lead-in is not left behind as a paragraph of its own.
    assert!(
        all(&doc, ".e-content > p")
            .iter()
            .all(|p| !text_of(*p).starts_with("The city published"))
    );
    let bq = first.select(&sel("blockquote")).next().unwrap();
    assert_eq!(
        attr(bq, "cite"),
        "https://ledger.example/2026/03/02/bridge-vote/"
    );
    let page = s
        .built
        .rendered
        .iter()
        .find(|r| r.page.slug == "bridge-vote")
        .unwrap();
    let source = page.rendered.quotes[0].source.as_ref().unwrap();
    assert_eq!(source.name, "the Riverside Ledger");
    assert_eq!(source.url, "https://ledger.example/2026/03/02/bridge-vote/");
    // A lead-in without a link gives no cite.
    assert_eq!(attr(one(&doc, "#quote-2 blockquote"), "cite"), "");
}

#[test]
fn trailing_dash_paragraph_is_the_attribution() {
    let s = Site::fixture("site");
    let doc = s.page(BRIDGE);
    let cite = one(&doc, "#quote-1 > footer > cite");
    assert_eq!(text_of(cite), "Office of the City Clerk");
    assert!(!text_of(one(&doc, "#quote-1 blockquote")).contains("City Clerk"));
    // `--` (smart punctuation turns it into an en dash) works too.
    let edges = s.page(EDGES);
    assert_eq!(
        text_of(one(&edges, "#quote-3 > footer > cite")),
        "A. Reader"
    );
}

#[test]
fn repeat_links_back_and_marks_the_earlier_quote() {
    let s = Site::fixture("site");
    let doc = s.page(BRIDGE);
    let repeat = one(&doc, "#quote-3");
    assert!(repeat.value().classes().any(|c| c == "repeat"));
    assert!(
        !one(&doc, "#quote-2")
            .value()
            .classes()
            .any(|c| c == "repeat")
    );
    let back = repeat.select(&sel("a[href='#quote-2']")).count();
    assert_eq!(back, 1);
    let marked: String = all(&doc, "#quote-2 mark")
        .iter()
        .map(|m| m.text().collect::<String>())
        .collect();
    assert_eq!(
        marked,
        "Closing the span for eighteen months is the only schedule that keeps the project within budget."
    );
    assert_eq!(all(&doc, "#quote-3 mark, #quote-1 mark").len(), 0);
}

#[test]
fn every_figure_has_a_permalink_and_web_sources_a_text_fragment() {
    let s = Site::fixture("site");
    let doc = s.page(BRIDGE);
    for f in all(&doc, "figure.quote") {
        let id = attr(f, "id");
        assert_eq!(
            f.select(&sel(&format!("a[href='#{id}']"))).count(),
            1,
            "{id}"
        );
    }
    let source = one(&doc, "#quote-1 a.quote-source");
    assert_eq!(
        attr(source, "href"),
        "https://ledger.example/2026/03/02/bridge-vote/#:~:text=The%20council%20approved%20the,plan%20until%20April%201."
    );
    // http:// counts as a web source; its fragment starts with the quote's first words.
    let edges = s.page(EDGES);
    let courier = one(&edges, "#quote-2 a.quote-source");
    assert!(
        attr(courier, "href")
            .starts_with("http://courier.example/transit#:~:text=Our%20riders%20come%20first.,"),
        "{}",
        attr(courier, "href")
    );
}

#[test]
fn nested_quotes_lists_code_and_notes_stay_inside_the_passage() {
    let s = Site::fixture("site");
    let doc = s.page(EDGES);
    let passage = one(&doc, "#quote-2 > blockquote");
    assert_eq!(passage.select(&sel("blockquote")).count(), 1);
    assert_eq!(passage.select(&sel("figure")).count(), 0);
    assert_eq!(passage.select(&sel("ul > li")).count(), 2);
    assert_eq!(passage.select(&sel("pre code")).count(), 1);
    assert_eq!(
        passage
            .select(&sel("sup.footnote-ref a[href='#fn-1']"))
            .count(),
        1
    );
    // The lead-in is a whole paragraph of commentary, kept whole, its link the source.
    let caption = text_of(one(&doc, "#quote-2 > figcaption.lead-in"));
    assert!(caption.starts_with("The transit agency, in a statement"));
    assert!(caption.ends_with("printed in full:"));
}

#[test]
fn quotes_at_the_very_start_and_end_of_a_post() {
    let s = Site::fixture("site");
    let doc = s.page(EDGES);
    let content = one(&doc, ".e-content");
    let blocks: Vec<ElementRef> = content.child_elements().collect();
    assert_eq!(attr(blocks[0], "id"), "quote-1");
    assert_eq!(blocks[0].select(&sel("figcaption")).count(), 0);
    // The last block before the notes is the closing quote, with its lead-in (and the
    // empty end search reads after it, which shows nothing).
    let last_figure = blocks
        .iter()
        .rev()
        .find(|b| {
            let search_end = b.value().name() == "div"
                && b.value().attr("data-pagefind-title").is_some()
                && b.text().all(|t| t.trim().is_empty());
            b.value().name() != "section" && !search_end
        })
        .unwrap();
    assert_eq!(attr(*last_figure, "id"), "quote-3");
    assert_eq!(
        text_of(last_figure.select(&sel("figcaption")).next().unwrap()),
        "A last word from a reader:"
    );
}

#[test]
fn quoted_and_own_words_are_counted() {
    let s = Site::of(&[
        (
            "content/posts/a.md",
            "---\ntitle: A\ndate: 2026-01-01\ntemplate: stats.html\n---\n\nMy four own words:\n\n> Five words quoted right here.\n",
        ),
        (
            "templates/stats.html",
            "<p id=q>{{ page.quoted_words }}</p><p id=o>{{ page.own_words }}</p><p id=n>{{ page.quotes | length }}</p><p id=src>{{ page.quotes[0].text }}</p>",
        ),
    ]);
    let doc = s.page("posts/a/index.html");
    assert_eq!(text_of(one(&doc, "#q")), "5");
    assert_eq!(text_of(one(&doc, "#o")), "4");
    assert_eq!(text_of(one(&doc, "#n")), "1");
    assert_eq!(text_of(one(&doc, "#src")), "Five words quoted right here.");
}

#[test]
fn quotes_page_groups_by_source_newest_first_with_links_that_land() {
    let s = Site::fixture("site");
    let doc = s.page("quotes/index.html");
    let groups: Vec<String> = all(&doc, ".quote-group > h2")
        .iter()
        .map(|h| text_of(*h))
        .collect();
    // The edge-cases post (Mar 12) is newest: its unsourced opening quote comes first,
    // grouped by its post (not in one "Other sources" bin for the whole site); a lead-in
    // that names a source without linking it groups by its last sentence.
    assert_eq!(
        groups,
        [
            "Quoted in “Odds and ends from the week”",
            "the Courier courier.example",
            "A. Reader",
            "Quoted in “Library hours, again”",
            "the Riverside Ledger ledger.example",
            "The engineering firm’s report, which the council cited, is more candid",
        ]
    );
    let links: Vec<&str> = all(&doc, "a.quote-in-post")
        .iter()
        .map(|a| attr(*a, "href"))
        .collect();
    // Seven passages, one of them a repeat for emphasis: listed once.
    assert_eq!(links.len(), 6, "{links:?}");
    for link in links {
        let (path, id) = link.split_once('#').unwrap();
        let file = format!("{}index.html", path.trim_start_matches("/blog/"));
        let target = s.page(&file);
        assert_eq!(
            all(&target, &format!("figure[id='{id}']")).len(),
            1,
            "{link}"
        );
    }
}

#[test]
fn site_quotes_reach_every_template() {
    let s = Site::of(&[
        (
            "content/posts/a.md",
            "---\ntitle: A\ndate: 2026-01-01\n---\n\nSee [X](https://x.example/):\n\n> One two three four.\n",
        ),
        (
            "content/posts/b.md",
            "---\ntitle: B\ndate: 2026-01-02\n---\n\n> Five six seven.\n\n**Update 2026-01-03:** More.\n",
        ),
        (
            "templates/page.html",
            "<p id=n>{{ site.quotes | length }} {{ site.updates | length }}</p>",
        ),
        (
            "templates/quotes.html",
            "{% for q in site.quotes %}<a class=q href=\"{{ q.url }}\">{{ q.source_name }}|{{ q.post.title }}</a>{% endfor %}",
        ),
    ]);
    let doc = s.page("quotes/index.html");
    let q: Vec<ElementRef> = all(&doc, "a.q");
    assert_eq!(text_of(q[1]), "X|A");
    assert_eq!(attr(q[1], "href"), "/posts/a/#quote-1");
    assert_eq!(attr(q[0], "href"), "/posts/b/#quote-1");
    let page = s.page("posts/a/index.html");
    assert_eq!(text_of(one(&page, "#n")), "2 1");
}

// ── Footnotes ───────────────────────────────────────────────────────────────────────

#[test]
fn notes_are_numbered_by_first_reference_with_one_backref_each() {
    let s = Site::fixture("site");
    let doc = s.page(BRIDGE);
    let refs: Vec<(&str, &str)> = all(&doc, "sup.footnote-ref")
        .iter()
        .map(|r| {
            (
                attr(*r, "id"),
                attr(r.select(&sel("a")).next().unwrap(), "href"),
            )
        })
        .collect();
    assert_eq!(
        refs,
        [
            ("fnref-1", "#fn-1"),
            ("fnref-2", "#fn-2"),
            ("fnref-3", "#fn-3"),
            ("fnref-4", "#fn-4")
        ]
    );
    let notes = all(&doc, "section.footnotes[role='doc-endnotes'] > ol > li");
    assert_eq!(notes.len(), 4);
    assert!(text_of(notes[0]).starts_with("The comment form is on"));
    for (i, n) in notes.iter().enumerate() {
        let back: Vec<&str> = n
            .select(&sel("a[role='doc-backlink']"))
            .map(|a| attr(a, "href"))
            .collect();
        assert_eq!(back, [format!("#fnref-{}", i + 1)]);
    }
}

#[test]
fn a_note_referenced_twice_gets_lettered_backrefs() {
    let s = Site::fixture("site");
    let doc = s.page(LIBRARY);
    let refs: Vec<&str> = all(&doc, "sup.footnote-ref")
        .iter()
        .map(|r| attr(*r, "id"))
        .collect();
    assert_eq!(refs, ["fnref-1", "fnref-1-2"]);
    let back: Vec<(String, &str)> = all(&doc, "#fn-1 a.footnote-backref")
        .iter()
        .map(|a| (text_of(*a).replace('\u{FE0E}', ""), attr(*a, "href")))
        .collect();
    assert_eq!(
        back,
        [
            ("↩ a".to_string(), "#fnref-1"),
            ("↩ b".to_string(), "#fnref-1-2")
        ]
    );
    // One sidenote, at the first reference.
    assert_eq!(all(&doc, ".sidenote").len(), 1);
}

#[test]
fn multi_paragraph_notes_and_notes_in_quotes_lists_and_tables() {
    let s = Site::fixture("site");
    let doc = s.page(BRIDGE);
    assert_eq!(all(&doc, "#fn-2 > p").len(), 2);
    assert_eq!(
        all(&doc, "figure.quote blockquote sup.footnote-ref").len(),
        1
    );
    assert_eq!(all(&doc, "ol > li sup.footnote-ref").len(), 1);
    assert_eq!(all(&doc, "td sup.footnote-ref").len(), 1);
    // The table's note has no sidenote (a cell cannot hold one), so the end list keeps
    // it on wide screens: the list is not marked as all in the margin.
    assert_eq!(all(&doc, "td .sidenote").len(), 0);
    let section = one(&doc, "section.footnotes");
    assert!(
        !section
            .value()
            .classes()
            .any(|c| c == "footnotes-in-margin")
    );
    assert!(
        !one(&doc, "#fn-4")
            .value()
            .classes()
            .any(|c| c == "has-sidenote")
    );
}

#[test]
fn sidenotes_are_hidden_phrasing_beside_their_reference() {
    let s = Site::fixture("site");
    let doc = s.page(BRIDGE);
    let sidenotes = all(&doc, "span.sidenote");
    assert_eq!(sidenotes.len(), 3);
    for n in &sidenotes {
        assert!(n.value().attr("hidden").is_some());
        // Right after its reference, inside the same paragraph or item.
        let prev = n.prev_siblings().find_map(ElementRef::wrap).unwrap();
        assert!(prev.value().classes().any(|c| c == "footnote-ref"));
        for tag in ["p", "div", "ol", "ul", "li", "pre", "table"] {
            assert_eq!(n.select(&sel(tag)).count(), 0, "<{tag}> inside a sidenote");
        }
    }
    assert!(text_of(sidenotes[1]).contains("They have not answered yet"));
}

#[test]
fn feeds_and_lists_get_the_end_list_without_sidenotes() {
    let s = Site::fixture("site");
    let feed = s.text("atom.xml");
    assert!(!feed.contains("sidenote"), "sidenotes in the feed");
    assert!(feed.contains("doc-endnotes"));
    let home = s.text("index.html");
    assert!(!home.contains("sidenote"));
}

#[test]
fn footnote_warnings_name_file_and_line() {
    let s = Site::fixture("site");
    let w = s.warnings();
    assert!(
        w.iter().any(|w| w.starts_with(
            "content/posts/2026-03-12-edge-cases.md:10:45: warning: footnote reference [^nowhere] has no definition"
        )),
        "{w:#?}"
    );
    assert!(
        w.iter().any(|w| w.starts_with(
            "content/posts/2026-03-12-edge-cases.md:30:1: warning: footnote [^spare] is defined but never referenced"
        )),
        "{w:#?}"
    );
}

// ── Ids and fragment links on every page ────────────────────────────────────────────

/// Every id once; every `href="#x"` pointing at an id of the same document. Returns how
/// many fragment links it checked.
fn check_ids_and_fragments(name: &str, doc: &Html) -> usize {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for e in all(doc, "[id]") {
        *seen.entry(attr(e, "id").to_string()).or_default() += 1;
    }
    let dups: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(dups.is_empty(), "{name}: duplicate ids {dups:?}");
    let links = all(doc, "a[href^='#']");
    for a in &links {
        let target = &attr(*a, "href")[1..];
        assert!(
            target.is_empty() || seen.contains_key(target),
            "{name}: href=#{target} has no target"
        );
    }
    links.len()
}

#[test]
fn ids_are_unique_and_fragment_links_land_on_every_page() {
    let s = Site::fixture("site");
    let mut checked = BTreeMap::new();
    for path in s.html_paths() {
        checked.insert(path.clone(), check_ids_and_fragments(&path, &s.page(&path)));
    }
    // Quote permalinks, repeat links, references, back-references, the updated line.
    let expected = 3 + 1 + 4 + 4 + 1;
    assert!(checked[BRIDGE] >= expected, "{checked:#?}");
}

#[test]
fn ids_are_unique_and_fragment_links_land_in_feeds() {
    let s = Site::fixture("site");
    for feed in ["atom.xml", "updates.xml", "tags/bridges/atom.xml"] {
        // Read as HTML: `<category/>` does not close there, so select descendants.
        let xml = Html::parse_document(&s.text(feed));
        // Feed readers may show every entry on one page: ids must be unique feed-wide.
        let contents: String = all(&xml, "entry content")
            .iter()
            .map(|c| c.text().collect::<String>())
            .collect();
        let doc = Html::parse_fragment(&contents);
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for e in all(&doc, "[id]") {
            *seen.entry(attr(e, "id").to_string()).or_default() += 1;
        }
        let dups: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
        assert!(dups.is_empty(), "{feed}: duplicate ids {dups:?}");
        // Feed readers resolve a bare `#fn-1` against the feed's URL: every fragment
        // link leads to the post's own page, to an id that page has.
        let mut links = 0;
        for a in all(&doc, "a[href*='#']") {
            let href = attr(a, "href");
            let Some(rest) = href.strip_prefix("https://example.org/blog/") else {
                assert!(href.contains("://"), "{feed}: relative {href:?}");
                continue;
            };
            let (path, id) = rest.split_once('#').unwrap();
            let page = s.page(&format!("{path}index.html"));
            assert_eq!(
                all(&page, &format!("[id='{id}']")).len(),
                1,
                "{feed}: {href} has no target"
            );
            links += 1;
        }
        if feed == "atom.xml" {
            assert!(links > 10, "{feed}: {links} fragment links");
        }
    }
    let xml = Html::parse_document(&s.text("atom.xml"));
    let contents: String = all(&xml, "entry content")
        .iter()
        .map(|c| c.text().collect::<String>())
        .collect();
    let doc = Html::parse_fragment(&contents);
    assert!(all(&doc, "[id='posts/bridge-vote/quote-1']").len() == 1);
    assert!(all(&doc, "[id='posts/library-hours/fn-1']").len() == 1);
    assert!(
        !all(
            &doc,
            "a[href='https://example.org/blog/posts/library-hours/#fn-1']"
        )
        .is_empty()
    );
}

#[test]
fn author_headings_named_like_the_generated_sections_do_not_clash() {
    let s = Site::of(&[(
        "content/posts/a.md",
        "---\ntitle: A\ndate: 2026-01-01\n---\n\n## Notes\n\nText.[^1]\n\n## Update history\n\n**Update 2026-01-02:** More.\n\n[^1]: A note.\n",
    )]);
    let doc = s.page("posts/a/index.html");
    let links = check_ids_and_fragments("posts/a/index.html", &doc);
    assert!(links >= 3);
}

#[test]
fn summaries_carry_the_notes_they_reference() {
    let s = Site::fixture("site");
    let page = s
        .built
        .rendered
        .iter()
        .find(|r| r.page.slug == "library-hours")
        .unwrap();
    let summary = Html::parse_fragment(
        &page
            .rendered
            .embedded_summary("lib-", &"https://example.org/posts/lib/".parse().unwrap())
            .unwrap(),
    );
    check_ids_and_fragments("summary", &summary);
    assert_eq!(all(&summary, "li[id='lib-fn-1']").len(), 1);
}

// ── Update notices and history ──────────────────────────────────────────────────────

#[test]
fn inline_notices_become_asides_with_times() {
    let s = Site::fixture("site");
    let doc = s.page(BRIDGE);
    let asides = all(&doc, "article aside.update");
    let found: Vec<(&str, &str)> = asides
        .iter()
        .map(|a| {
            (
                attr(*a, "id"),
                attr(a.select(&sel("time")).next().unwrap(), "datetime"),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("update-1", "2026-03-04"),
            ("update-2", "2026-03-04T16:30:00-06:00")
        ]
    );
    assert!(!text_of(asides[1]).contains("[!UPDATE]"));
    let library = s.page(LIBRARY);
    let edit = one(&library, "aside.update");
    assert_eq!(
        attr(edit.select(&sel("time")).next().unwrap(), "datetime"),
        "2026-03-10"
    );
    assert!(text_of(edit).contains("The board’s post now links"));
}

#[test]
fn look_alikes_are_not_notices() {
    let s = Site::fixture("site");
    let doc = s.page(EDGES);
    assert_eq!(all(&doc, "aside.update").len(), 0);
    assert!(text_of(one(&doc, ".e-content")).contains("Update the config before you run"));
}

#[test]
fn alerts_of_every_kind_render_as_callouts() {
    let mut body = String::from("---\ntitle: A\ndate: 2026-01-01\n---\n\n");
    for kind in ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"] {
        body.push_str(&format!("> [!{kind}]\n> Body of {kind}.\n\n"));
    }
    body.push_str("> [!TIP] A titled tip\n> With a body.\n");
    let s = Site::of(&[("content/posts/a.md", &body)]);
    let doc = s.page("posts/a/index.html");
    let kinds: Vec<String> = all(&doc, "div.alert[role='note']")
        .iter()
        .map(|a| {
            a.value()
                .classes()
                .find(|c| c.starts_with("alert-"))
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "alert-note",
            "alert-tip",
            "alert-important",
            "alert-warning",
            "alert-caution",
            "alert-tip"
        ]
    );
    let titles: Vec<String> = all(&doc, ".alert-title")
        .iter()
        .map(|t| text_of(*t))
        .collect();
    assert_eq!(titles[5], "Tip A titled tip");
    assert_eq!(all(&doc, "figure.quote, blockquote").len(), 0);
}

#[test]
fn history_merges_front_matter_and_notices_sorted_with_minor_marked() {
    let s = Site::fixture("site");
    let doc = s.page(BRIDGE);
    let items: Vec<String> = all(&doc, "section.update-history li")
        .iter()
        .map(|li| text_of(*li))
        .collect();
    assert_eq!(items.len(), 4, "{items:#?}");
    assert!(items[0].starts_with("Mar 3, 2026 — Added the vote count"));
    assert!(items[1].starts_with("Mar 4, 2026 — Update: The bus authority"));
    assert!(items[2].starts_with("Mar 4, 2026 — Update: The clerk corrected"));
    assert!(items[3].starts_with("Mar 5, 2026 — Fixed a misspelled"));
    assert!(items[3].ends_with("(minor)"));
}

#[test]
fn duplicate_updates_are_listed_once() {
    let s = Site::of(&[(
        "content/posts/a.md",
        "---\ntitle: A\ndate: 2026-01-01\nupdates:\n  - date: 2026-01-05\n    note: \"Added the  numbers.\"\n---\n\nText.\n\n**Update 2026-01-05:** Added the numbers.\n",
    )]);
    let doc = s.page("posts/a/index.html");
    assert_eq!(all(&doc, "section.update-history li").len(), 1);
}

#[test]
fn updated_is_the_newest_substantive_date_and_shown_under_the_title() {
    let s = Site::fixture("site");
    let doc = s.page(BRIDGE);
    // The notice at 16:30 is newer than front matter `updated: 2026-03-04`; the minor
    // fix of Mar 5 does not count.
    let line = one(&doc, "article header .updated-line");
    assert_eq!(
        attr(line.select(&sel("time")).next().unwrap(), "datetime"),
        "2026-03-04T16:30:00-06:00"
    );
    assert!(text_of(line).starts_with("Updated Mar 4, 2026 — The clerk corrected the vote count"));
    assert_eq!(
        attr(line.select(&sel("a")).next().unwrap(), "href"),
        "#update-2"
    );
    let feed = Html::parse_document(&s.text("atom.xml"));
    let entry = all(&feed, "entry")
        .into_iter()
        .find(|e| text_of(e.select(&sel("title")).next().unwrap()).contains("Fifth Street"))
        .unwrap();
    assert_eq!(
        text_of(entry.select(&sel("updated")).next().unwrap()),
        "2026-03-04T16:30:00-06:00"
    );
}

#[test]
fn post_lists_mark_updated_posts() {
    let s = Site::fixture("site");
    let doc = s.page("posts/index.html");
    let marked: BTreeSet<String> = all(&doc, ".post-item")
        .iter()
        .filter(|li| li.select(&sel(".updated-mark")).count() == 1)
        .map(|li| text_of(li.select(&sel("a")).next().unwrap()))
        .collect();
    assert_eq!(
        marked,
        BTreeSet::from([
            "The council votes on the Fifth Street bridge".to_string(),
            "Library hours, again".to_string()
        ])
    );
}

#[test]
fn updated_pill_keeps_its_separator_outside() {
    let s = Site::fixture("site");
    let doc = s.page("posts/index.html");
    let marks = all(&doc, ".post-item .meta .updated-mark");
    assert!(!marks.is_empty());
    for mark in marks {
        assert!(text_of(mark).starts_with("updated "), "{}", text_of(mark));
        let meta = ElementRef::wrap(mark.parent().unwrap()).unwrap();
        assert!(text_of(meta).contains(" · updated "), "{}", text_of(meta));
    }
    // The separator is text beside the pill, not generated inside it.
    for css in ["style.css", "commentary.css"] {
        let text = s.text(css).replace(char::is_whitespace, "");
        assert!(!text.contains(".updated-mark::before"), "{css}");
    }
}

#[test]
fn summary_in_a_post_list_has_a_continue_reading_link() {
    let s = Site::of(&[
        (
            "content/posts/cut.md",
            "---\ntitle: Cut short\ndate: 2026-01-02\n---\n\nThe opening.\n\n<!-- more -->\n\nThe rest.\n",
        ),
        (
            "content/posts/whole.md",
            "---\ntitle: Whole\ndate: 2026-01-01\n---\n\nAll of it.\n",
        ),
    ]);
    for list in ["posts/index.html", "index.html"] {
        let doc = s.page(list);
        let items = all(&doc, ".post-item");
        let cut = items
            .iter()
            .find(|i| text_of(**i).contains("Cut short"))
            .unwrap();
        let link = cut.select(&sel(".summary + .more-link a")).next();
        let link = link.unwrap_or_else(|| panic!("no link after the summary in {list}"));
        assert_eq!(attr(link, "href"), "/posts/cut/");
        // The accessible name says which post, not only "Continue reading".
        assert_eq!(text_of(link), "Continue reading “Cut short”");
        let whole = items
            .iter()
            .find(|i| text_of(**i).contains("Whole"))
            .unwrap();
        assert_eq!(whole.select(&sel(".more-link")).count(), 0, "{list}");
    }
}

#[test]
fn updates_page_lists_every_update_newest_first() {
    let s = Site::fixture("site");
    let doc = s.page("updates/index.html");
    let dates: Vec<&str> = all(&doc, ".update-item .update-meta time")
        .iter()
        .map(|t| attr(*t, "datetime"))
        .collect();
    assert_eq!(dates.len(), 5);
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
    assert!(dates[0].starts_with("2026-03-10"));
    assert_eq!(all(&doc, ".update-item.minor").len(), 1);
}

#[test]
fn updates_feed_has_one_entry_per_substantive_update_with_stable_ids() {
    let feed_ids = |s: &Site| -> Vec<String> {
        let xml = Html::parse_document(&s.text("updates.xml"));
        all(&xml, "entry id").iter().map(|i| text_of(*i)).collect()
    };
    let s = Site::fixture("site");
    let ids = feed_ids(&s);
    // Four dated updates; the minor one is left out.
    assert_eq!(ids.len(), 4, "{ids:#?}");
    assert_eq!(ids.iter().collect::<BTreeSet<_>>().len(), 4);
    // A notice inserted above the others renumbers them on the page, not in the feed.
    let dir = tempfile::tempdir().unwrap();
    let from: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests/fixtures/commentary/site"]
        .iter()
        .collect();
    copy_dir(&from, dir.path());
    let post = dir.path().join("content/posts/2026-03-02-bridge-vote.md");
    let text = std::fs::read_to_string(&post).unwrap().replace(
        "Eighteen months is a long time",
        "**Correction, March 6, 2026:** An earlier version misdated the meeting.\n\nEighteen months is a long time",
    );
    std::fs::write(&post, text).unwrap();
    let again = Site::build_at(dir);
    let new_ids = feed_ids(&again);
    assert_eq!(new_ids.len(), 5);
    for id in &ids {
        assert!(new_ids.contains(id), "{id} changed");
    }
}

#[test]
fn notice_dated_before_the_post_warns() {
    let s = Site::of(&[(
        "content/posts/a.md",
        "---\ntitle: A\ndate: 2026-11-29T19:59:17+00:00\n---\n\nText.\n\n> [!UPDATE] 2026-11-28 10:00\n> Earlier news.\n\n> [!UPDATE] 2026-11-29 19:59\n> Same minute.\n\n**Update 2026-11-29:** Same day.\n",
    )]);
    let warnings = s.warnings();
    let before: Vec<&String> = warnings
        .iter()
        .filter(|w| w.contains("dated before the post itself"))
        .collect();
    assert_eq!(before.len(), 1, "{warnings:#?}");
    assert!(before[0].starts_with("content/posts/a.md:8:"), "{before:?}");
}

#[test]
fn older_front_matter_updated_than_a_notice_warns() {
    let s = Site::of(&[(
        "content/posts/a.md",
        "---\ntitle: A\ndate: 2026-01-01\nupdated: 2026-01-02\n---\n\nText.\n\n> [!UPDATE] 2026-01-09\n> Later news.\n",
    )]);
    assert_eq!(
        s.warnings()
            .iter()
            .filter(|w| w.starts_with("content/posts/a.md:9:")
                && w.contains("older than this update notice"))
            .count(),
        1,
        "{:#?}",
        s.warnings()
    );
    let doc = s.page("posts/a/index.html");
    assert_eq!(
        attr(one(&doc, ".updated-line time"), "datetime"),
        "2026-01-09T00:00:00+00:00"
    );
}

#[test]
fn gloss_check_finds_every_generated_link_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let from: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests/fixtures/commentary/site"]
        .iter()
        .collect();
    copy_dir(&from, dir.path());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(["check", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains(" 0 broken"), "{stderr}");
}
