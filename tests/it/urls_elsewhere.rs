//! A post's quoted passages and update notices shown on other pages than its own
//! (`/quotes/`, `/updates/`, the updates feeds) and in its update history: their links
//! and images lead where they lead on the post's page, on a site under a sub-path.

use scraper::{ElementRef, Html};
use url::Url;

use crate::common::{self, sel};

const BASE: &str = "https://example.org/blog/";

/// Where every link the author wrote in the passage and the notice leads.
const OTHER_POST: &str = "https://example.org/blog/posts/b/";
/// Where the bundle's picture is.
const PICTURE: &str = "https://example.org/blog/posts/a/pic.png";

/// A bundle whose quoted passage (lead-in and attribution included) and update notice
/// each link to another post relatively (`../b/`) and root-relatively (`/posts/b/`) and
/// show the bundle's picture (`pic.png`).
const POST: &str = "---\ntitle: A\ndate: 2026-02-01 10:00\n---\n\n\
As [the other post](../b/) put it:\n\n\
> The [earlier note](../b/) and the [root link](/posts/b/) with ![a chart](pic.png).\n\
>\n\
> — [The editor](/posts/b/)\n\n\
My own words.\n\n\
> [!UPDATE] 2026-02-02 10:00\n\
> See [the other post](../b/), the [root link](/posts/b/) and ![a chart](pic.png).\n";

fn site() -> common::Site {
    let site = common::empty_site();
    site.write(
        "gloss.toml",
        format!(
            "title = \"T\"\nbase_url = \"{BASE}\"\nauthor = \"A\"\nsearch = false\nfeeds = [\"atom\", \"rss\", \"json\"]\n"
        ),
    );
    site.write("content/posts/a/index.md", POST);
    site.write("content/posts/a/pic.png", png());
    site.write(
        "content/posts/b.md",
        "---\ntitle: B\ndate: 2026-01-01\n---\n\nEarlier.\n",
    );
    site.build();
    site
}

/// A 4×3 PNG (too small to get resized versions).
fn png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(4, 3, |x, y| image::Rgb([x as u8 * 60, y as u8 * 80, 90]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// The `href` and `src` values inside `scope`, links to a fragment of a post (gloss's
/// own "quoted in", update and "from" links) left out.
fn urls_in(scope: ElementRef) -> (Vec<String>, Vec<String>) {
    let hrefs = scope
        .select(&sel("a[href]"))
        .filter_map(|a| a.value().attr("href"))
        .filter(|h| !h.contains('#'))
        .map(str::to_string)
        .collect();
    let srcs = scope
        .select(&sel("img[src]"))
        .filter_map(|i| i.value().attr("src"))
        .map(str::to_string)
        .collect();
    (hrefs, srcs)
}

/// `urls` as a browser on `page` (a URL of the site) follows them.
fn followed(page: &str, urls: &[String]) -> Vec<String> {
    let page = Url::parse(page).unwrap();
    urls.iter()
        .map(|u| {
            page.join(u)
                .map(String::from)
                .unwrap_or_else(|e| panic!("{u}: {e}"))
        })
        .collect()
}

/// The one element matching `selector` in `doc` whose text holds `words`.
fn holding<'d>(doc: &'d Html, selector: &str, words: &str) -> ElementRef<'d> {
    let found: Vec<ElementRef> = doc
        .select(&sel(selector))
        .filter(|e| e.text().collect::<String>().contains(words))
        .collect();
    assert_eq!(found.len(), 1, "{selector} holding {words:?}");
    found[0]
}

/// Asserts that the links of a passage or notice shown at `page` lead to the other post
/// (`links` of them) and its image to the bundle's picture.
fn assert_lead_home(scope: ElementRef, page: &str, links: usize, what: &str) {
    let (hrefs, srcs) = urls_in(scope);
    assert_eq!(
        followed(page, &hrefs),
        vec![OTHER_POST; links],
        "{what}: {hrefs:?}"
    );
    assert_eq!(followed(page, &srcs), [PICTURE], "{what}: {srcs:?}");
}

#[test]
fn quotes_and_notices_keep_their_links_on_the_posts_page() {
    let site = site();
    let page = format!("{BASE}posts/a/");
    let doc = site.html("posts/a/index.html");
    // The passage (lead-in, text, attribution, source link) and the notice, in the
    // post's text.
    assert_lead_home(
        holding(&doc, "figure.quote", "earlier note"),
        &page,
        5,
        "passage",
    );
    assert_lead_home(holding(&doc, "aside.update", "See"), &page, 2, "notice");
    // The update history under the post shows the notice's HTML again.
    assert_lead_home(
        holding(&doc, "#update_history li", "See"),
        &page,
        2,
        "update history",
    );
}

#[test]
fn a_quoted_passages_links_and_images_work_on_the_quotes_page() {
    let site = site();
    let doc = site.html("quotes/index.html");
    assert_lead_home(
        holding(&doc, "figure.quote", "earlier note"),
        &format!("{BASE}quotes/"),
        // The lead-in, the text and the attribution (the source link is gloss's).
        4,
        "/quotes/",
    );
}

#[test]
fn an_update_notices_links_and_images_work_on_the_updates_page() {
    let site = site();
    let doc = site.html("updates/index.html");
    assert_lead_home(
        holding(&doc, ".update-note", "See"),
        &format!("{BASE}updates/"),
        2,
        "/updates/",
    );
}

#[test]
fn an_update_notices_links_and_images_are_absolute_in_the_updates_feeds() {
    let site = site();
    for file in ["updates.xml", "updates.rss", "updates.json"] {
        let text = site.read(file);
        let feed = feed_rs::parser::parse(text.as_bytes())
            .unwrap_or_else(|e| panic!("{file} is not a feed: {e}\n{text}"));
        assert_eq!(feed.entries.len(), 1, "{file}");
        // RSS carries the content in `description`, which feed-rs reads as the summary.
        let entry = &feed.entries[0];
        let body = entry
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .or_else(|| entry.summary.as_ref().map(|s| s.content.clone()))
            .unwrap_or_else(|| panic!("{file}: entry without content"));
        let doc = Html::parse_fragment(&body);
        let (hrefs, srcs) = urls_in(doc.root_element());
        // Absolute as written: feed readers resolve nothing.
        assert_eq!(hrefs, [OTHER_POST, OTHER_POST], "{file}");
        assert_eq!(srcs, [PICTURE], "{file}");
    }
}

/// A link to a heading of the post (`#details`) leads to the post's page from `/quotes/`
/// and `/updates/`, where the heading is not.
#[test]
fn a_fragment_link_in_a_passage_or_notice_leads_to_the_posts_page() {
    let site = common::empty_site();
    site.write(
        "gloss.toml",
        format!("title = \"T\"\nbase_url = \"{BASE}\"\nsearch = false\n"),
    );
    site.write(
        "content/posts/a.md",
        "---\ntitle: A\ndate: 2026-02-01\n---\n\n\
         > The figures are [below](#details).\n\n\
         > [!UPDATE] 2026-02-02\n> Added the [details](#details).\n\n\
         ## Details\n\nFigures.\n",
    );
    site.build();
    let post = site.html("posts/a/index.html");
    assert_eq!(
        common::attrs(&post, "figure.quote blockquote a, aside.update a", "href"),
        ["#details", "#details"]
    );
    let quotes = site.html("quotes/index.html");
    assert_eq!(
        common::attrs(&quotes, "figure.quote blockquote a", "href"),
        ["/blog/posts/a/#details"]
    );
    let updates = site.html("updates/index.html");
    assert_eq!(
        common::attrs(&updates, ".update-note a", "href"),
        ["/blog/posts/a/#details"]
    );
}

/// `gloss check` traces a broken link in a passage or notice, found on `/quotes/` and
/// `/updates/` in the form written there, back to the line of the post that holds it,
/// and reports it once.
#[test]
fn check_traces_a_broken_link_shown_apart_to_its_post() {
    let site = common::empty_site();
    site.write(
        "gloss.toml",
        format!("title = \"T\"\nbase_url = \"{BASE}\"\nsearch = false\n"),
    );
    site.write(
        "content/posts/a.md",
        "---\ntitle: A\ndate: 2026-02-01\n---\n\n\
         > The figures are [elsewhere](../missing/).\n\n\
         > [!UPDATE] 2026-02-02\n> Moved to [a page](../gone/).\n",
    );
    let (errors, stderr) = site.check_errors();
    assert_eq!(errors.len(), 2, "{stderr}");
    assert!(
        errors[0].starts_with("content/posts/a.md:6:") && errors[0].contains("../missing/"),
        "{stderr}"
    );
    assert!(
        errors[1].starts_with("content/posts/a.md:9:") && errors[1].contains("../gone/"),
        "{stderr}"
    );
}
