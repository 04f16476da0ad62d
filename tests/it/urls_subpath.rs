//! Links a post writes outside its running text — in its sidenotes, in its front matter
//! `updates` notes, and as a quoted passage's source — on a site under a sub-path
//! (`base_url = "https://example.org/blog/"`): each leads where the same link in the
//! post's text leads, on every page and feed that shows it.

use scraper::{ElementRef, Html};
use url::Url;

use crate::common::{self, sel};

const BASE: &str = "https://example.org/blog/";
/// The post's permalink.
const PAGE: &str = "https://example.org/blog/posts/a/";
/// Where the post's links lead.
const OTHER_POST: &str = "https://example.org/blog/posts/b/";

/// A site under [`BASE`] holding `content/posts/a.md` (`post`) and the post it links to.
fn site_with(post: &str) -> common::Site {
    let site = common::empty_site();
    site.write(
        "gloss.toml",
        format!(
            "title = \"T\"\nbase_url = \"{BASE}\"\nauthor = \"A\"\nsearch = false\nfeeds = [\"atom\", \"rss\", \"json\"]\n"
        ),
    );
    site.write("content/posts/a.md", post);
    site.write(
        "content/posts/b.md",
        "---\ntitle: B\ndate: 2026-01-01\n---\n\nEarlier.\n",
    );
    site.write("static/img/c.png", common_png());
    site.build();
    site
}

/// A 4×3 PNG (too small to get resized versions).
fn common_png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(4, 3, |x, y| image::Rgb([x as u8 * 60, y as u8 * 80, 90]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// `urls` (values of `attr` on the elements `selector` finds in `scope`) as a browser on
/// `page` follows them.
fn followed(scope: ElementRef, selector: &str, attr: &str, page: &str) -> Vec<String> {
    let page = Url::parse(page).unwrap();
    scope
        .select(&sel(selector))
        .filter_map(|e| e.value().attr(attr))
        .map(|u| {
            page.join(u)
                .map(String::from)
                .unwrap_or_else(|e| panic!("{u}: {e}"))
        })
        .collect()
}

/// The one element matching `selector` in `doc`.
fn one<'d>(doc: &'d Html, selector: &str) -> ElementRef<'d> {
    let found: Vec<ElementRef> = doc.select(&sel(selector)).collect();
    assert_eq!(found.len(), 1, "{selector}: {}", doc.html());
    found[0]
}

/// A note, referenced in the summary, whose link is root-relative (`/posts/b/`) and
/// relative (`../b/`), and whose image is root-relative (`/img/c.png`).
const NOTED: &str = "---\ntitle: A\ndate: 2026-02-01 10:00\n---\n\n\
Some words[^a].\n\n<!-- more -->\n\nMore words.\n\n\
[^a]: See [the root link](/posts/b/), [the relative link](../b/) and ![a chart](/img/c.png).\n";

/// A footnote's root-relative link and image get the sub-path in its sidenote, as they
/// do in the end list.
#[test]
fn a_sidenotes_root_relative_link_and_image_keep_the_sub_path() {
    let site = site_with(NOTED);
    let doc = site.html("posts/a/index.html");
    for (what, selector) in [
        ("sidenote", "span.sidenote"),
        ("end list", "section.footnotes li"),
    ] {
        let note = one(&doc, selector);
        assert_eq!(
            followed(note, "a:not(.footnote-backref)", "href", PAGE),
            [OTHER_POST, OTHER_POST],
            "{what}: {}",
            note.html()
        );
        assert_eq!(
            followed(note, "img", "src", PAGE),
            ["https://example.org/blog/img/c.png"],
            "{what}: {}",
            note.html()
        );
    }
}

/// A post list shows the summary's notes in an end list (no sidenotes), and their links
/// lead where they lead on the post's page.
#[test]
fn a_summarys_notes_links_lead_from_the_post_on_the_home_page() {
    let site = site_with(NOTED);
    let doc = site.html("index.html");
    assert!(doc.select(&sel(".sidenote")).next().is_none());
    let note = one(&doc, "li[id$='fn-1']");
    assert_eq!(
        followed(note, "a:not(.footnote-backref)", "href", BASE),
        [OTHER_POST, OTHER_POST],
        "{}",
        note.html()
    );
}

/// A front matter update note with a root-relative and a relative link.
const UPDATED: &str = "---\ntitle: A\ndate: 2026-02-01 10:00\n\
updates:\n  - date: 2026-02-03 09:00\n    note: \"Moved to [the root link](/posts/b/) and [the relative link](../b/).\"\n---\n\n\
My own words.\n";

/// A front matter note's links lead to the other post in the post's update history, on
/// `/updates/` and in the updates feeds.
#[test]
fn a_front_matter_notes_links_keep_the_sub_path_everywhere() {
    let site = site_with(UPDATED);
    let post = site.html("posts/a/index.html");
    assert_eq!(
        followed(one(&post, "#update_history li"), "a", "href", PAGE),
        [OTHER_POST, OTHER_POST]
    );
    let updates = site.html("updates/index.html");
    assert_eq!(
        followed(
            one(&updates, ".update-note"),
            "a",
            "href",
            &format!("{BASE}updates/")
        ),
        [OTHER_POST, OTHER_POST]
    );
    for file in ["updates.xml", "updates.rss", "updates.json"] {
        let text = site.read(file);
        let feed = feed_rs::parser::parse(text.as_bytes())
            .unwrap_or_else(|e| panic!("{file} is not a feed: {e}\n{text}"));
        let entry = &feed.entries[0];
        let body = entry
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .or_else(|| entry.summary.as_ref().map(|s| s.content.clone()))
            .unwrap_or_else(|| panic!("{file}: entry without content"));
        let doc = Html::parse_fragment(&body);
        // Absolute as written: feed readers resolve nothing. (gloss's own link to the
        // post's update history left out.)
        let hrefs: Vec<String> = common::attrs(&doc, "a", "href")
            .into_iter()
            .filter(|h| !h.contains('#'))
            .collect();
        assert_eq!(hrefs, [OTHER_POST, OTHER_POST], "{file}");
    }
}

/// Two passages whose lead-ins link their source relatively (`../../press/`) and
/// root-relatively (`/press/`): both the site's press page.
const QUOTING: &str = "---\ntitle: A\ndate: 2026-02-01 10:00\n---\n\n\
The [press office](../../press/) said:\n\n> First words.\n\n\
Then the [press office](/press/) said:\n\n> Second words.\n";

/// Where both sources are.
const PRESS: &str = "https://example.org/blog/press/";

/// A passage's `cite` is the source's absolute URL, and its source link leads there (the
/// root-relative one missed the sub-path).
#[test]
fn a_relative_source_gives_an_absolute_cite_and_a_working_source_link() {
    let site = site_with(QUOTING);
    let doc = site.html("posts/a/index.html");
    assert_eq!(
        common::attrs(&doc, "figure.quote blockquote", "cite"),
        [PRESS, PRESS]
    );
    // Now a web page's, the source link lands on the passage (`#:~:text=…`).
    let sources: Vec<String> = followed(
        doc.root_element(),
        "figure.quote a.quote-source",
        "href",
        PAGE,
    )
    .iter()
    .map(|u| {
        u.split_once("#:~:text=")
            .map_or(u.as_str(), |(page, _)| page)
            .to_string()
    })
    .collect();
    assert_eq!(sources, [PRESS, PRESS]);
}

/// On `/quotes/` the passages keep the absolute `cite`, and share one source group
/// whose link leads to the source.
#[test]
fn a_relative_source_on_the_quotes_page_leads_to_the_source() {
    let site = site_with(QUOTING);
    let doc = site.html("quotes/index.html");
    assert_eq!(
        common::attrs(&doc, "figure.quote blockquote", "cite"),
        [PRESS, PRESS]
    );
    assert_eq!(
        followed(
            doc.root_element(),
            "section.quote-group h2 a",
            "href",
            &format!("{BASE}quotes/")
        ),
        [PRESS]
    );
}

/// `gloss check` reports a broken source written relative once, at its line in the form
/// written there, though the post's page links it both as written (in the lead-in) and
/// absolute (the source link), and `/quotes/` shows it too.
#[test]
fn check_reports_a_broken_relative_source_once() {
    let site = common::empty_site();
    site.write(
        "gloss.toml",
        format!("title = \"T\"\nbase_url = \"{BASE}\"\nsearch = false\n"),
    );
    site.write(
        "content/posts/a.md",
        "---\ntitle: A\ndate: 2026-02-01\n---\n\nThe [office](../../nowhere/) said:\n\n> Words here.\n",
    );
    let (errors, stderr) = site.check_errors();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(
        errors[0].starts_with("content/posts/a.md:6:") && errors[0].contains("`../../nowhere/`"),
        "{stderr}"
    );
}

/// The page's JSON-LD, parsed.
fn json_ld(doc: &Html) -> serde_json::Value {
    let script: String = one(doc, "script[type=\"application/ld+json\"]")
        .text()
        .collect();
    serde_json::from_str(&script).unwrap_or_else(|e| panic!("not JSON: {e}\n{script}"))
}

/// The post's JSON-LD cites its source at the source's address, sub-path included (the
/// root-relative one missed it).
#[test]
fn json_ld_cites_a_relative_source_at_its_address() {
    let site = site_with(QUOTING);
    let ld = json_ld(&site.html("posts/a/index.html"));
    assert_eq!(
        ld["citation"],
        serde_json::json!([{"@type": "CreativeWork", "name": "press office", "url": PRESS}]),
        "{ld}"
    );
}

/// A front matter `image` written relative to the page (`../img/c.png`) is shared at the
/// file's own address, with the size read from the same image in the body (the dot
/// segments were kept, and the size not found).
#[test]
fn a_relative_front_matter_image_is_shared_at_its_address() {
    let site = site_with(
        "---\ntitle: A\ndate: 2026-02-01 10:00\nimage: ../../img/c.png\n---\n\n\
         A chart: ![a chart](../../img/c.png)\n",
    );
    let doc = site.html("posts/a/index.html");
    let meta =
        |property: &str| common::attrs(&doc, &format!("meta[property=\"{property}\"]"), "content");
    assert_eq!(meta("og:image"), ["https://example.org/blog/img/c.png"]);
    assert_eq!(meta("og:image:width"), ["4"]);
    assert_eq!(
        json_ld(&doc)["image"]["url"],
        "https://example.org/blog/img/c.png"
    );
}

/// A link post whose front matter `link` is root-relative (`/posts/b/`): its title leads
/// to the linked post on its own page, in lists and in the feeds (the sub-path was
/// missing everywhere).
#[test]
fn a_link_posts_root_relative_link_keeps_the_sub_path() {
    let site =
        site_with("---\ntitle: A\ndate: 2026-02-01 10:00\nlink: /posts/b/\n---\n\nAbout it.\n");
    let post = site.html("posts/a/index.html");
    assert_eq!(
        followed(post.root_element(), "h1 a.u-bookmark-of", "href", PAGE),
        [OTHER_POST]
    );
    let home = site.html("index.html");
    assert_eq!(
        followed(home.root_element(), "a.u-bookmark-of", "href", BASE),
        [OTHER_POST]
    );
    let feed = feed_rs::parser::parse(site.read("rss.xml").as_bytes()).unwrap();
    let entry = feed
        .entries
        .iter()
        .find(|e| e.title.as_ref().is_some_and(|t| t.content == "A"))
        .unwrap();
    let links: Vec<&str> = entry.links.iter().map(|l| l.href.as_str()).collect();
    assert_eq!(links, [OTHER_POST]);
}

/// A section's own text quoting a source written root-relative: the `cite` is absolute,
/// with the sub-path, as in a post.
#[test]
fn a_sections_relative_source_gives_an_absolute_cite() {
    let site = common::empty_site();
    site.write(
        "gloss.toml",
        format!("title = \"T\"\nbase_url = \"{BASE}\"\nsearch = false\n"),
    );
    site.write(
        "content/posts/_index.md",
        "---\ntitle: Posts\n---\n\nThe [press office](/press/) said:\n\n> Words.\n",
    );
    site.write(
        "content/posts/b.md",
        "---\ntitle: B\ndate: 2026-01-01\n---\n\nEarlier.\n",
    );
    site.build();
    let doc = site.html("posts/index.html");
    assert_eq!(
        common::attrs(&doc, "figure.quote blockquote", "cite"),
        [PRESS]
    );
}
