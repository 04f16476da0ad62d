//! Blogs brought over from other engines (Jekyll, Hugo, Zola, Eleventy, Pelican) build as
//! they are: heading ids as their engine wrote them, posts that share a slug, other
//! engines' front matter. Each test builds a small site written in that engine's
//! conventions and asserts on the parsed output.

use crate::common;

use common::{attrs, empty_site, texts};

const POST: &str = "+++\ntitle = \"Release notes\"\ndate = 2024-03-01\n+++\n\n\
## What's new\n\n## cypress.json\n\n## <span id=\"preload\">Preload</span>\n\n## Preload\n\n\
[new](#whats-new)\n";

/// The ids of the post's headings, in order.
fn heading_ids(site: &common::Site) -> Vec<String> {
    attrs(
        &site.html("posts/release-notes/index.html"),
        "article h2",
        "id",
    )
}

#[test]
fn heading_ids_follow_github_by_default_and_zola_on_request() {
    let site = empty_site();
    site.write("content/posts/release-notes.md", POST);
    site.build();
    assert_eq!(
        heading_ids(&site),
        ["whats-new", "cypressjson", "preload-1", "preload-2"]
    );
    let doc = site.html("posts/release-notes/index.html");
    // The span keeps its id; no other element on the page has it.
    assert_eq!(attrs(&doc, "[id=preload]", "id").len(), 1);
    assert_eq!(attrs(&doc, "h2 > span", "id"), ["preload"]);

    site.write("gloss.toml", "heading_ids = \"zola\"\n");
    site.build();
    assert_eq!(
        heading_ids(&site),
        ["what-s-new", "cypress-json", "preload-1", "preload-2"]
    );
}

#[test]
fn an_unknown_heading_id_rule_is_an_error() {
    let site = empty_site();
    site.write("content/posts/release-notes.md", POST);
    site.write("gloss.toml", "title = \"x\"\nheading_ids = \"hugo\"\n");
    let stderr = site.build_fails();
    assert!(
        stderr.contains("gloss.toml:2:1: error: unknown heading_ids \"hugo\""),
        "{stderr}"
    );
}

/// A Jekyll-style blog: two posts named alike, four years apart.
fn reading_notes() -> common::Site {
    let site = empty_site();
    site.write("gloss.toml", "base_url = \"https://example.org/\"\n");
    site.write(
        "content/posts/2017-05-09-reading-notes-may.md",
        "---\ntitle: Reading notes, May 2017\n---\n\nFirst.\n",
    );
    site.write(
        "content/posts/2021-05-28-reading-notes-may.md",
        "---\ntitle: Reading notes, May 2021\n---\n\nSecond.\n",
    );
    site
}

#[test]
fn posts_sharing_a_slug_on_different_dates_both_build() {
    let site = reading_notes();
    let stderr = site.build();
    let first = site.html("posts/reading-notes-may/index.html");
    assert_eq!(texts(&first, "article h1"), ["Reading notes, May 2017"]);
    let later = site.html("posts/2021-05-28-reading-notes-may/index.html");
    assert_eq!(texts(&later, "article h1"), ["Reading notes, May 2021"]);
    // Both are listed, each linking to its own page.
    let list = site.html("posts/index.html");
    let links = attrs(&list, "article h2 a", "href");
    assert_eq!(
        links,
        [
            "/posts/2021-05-28-reading-notes-may/",
            "/posts/reading-notes-may/"
        ]
    );
    let warning = stderr
        .lines()
        .find(|l| l.contains("would share the URL"))
        .unwrap_or_else(|| panic!("no warning in:\n{stderr}"));
    assert_eq!(
        warning,
        "content/posts/2021-05-28-reading-notes-may.md: warning: this post and content/posts/2017-05-09-reading-notes-may.md would share the URL /posts/reading-notes-may/; this one is at /posts/2021-05-28-reading-notes-may/, with its date"
    );
    assert!(stderr.contains("[permalinks]"), "{stderr}");
}

#[test]
fn pages_that_choose_one_url_are_still_an_error() {
    let site = reading_notes();
    site.build();
    // Both posts now claim the URL with `slug`: neither is renamed.
    for (file, year) in [
        ("content/posts/2017-05-09-reading-notes-may.md", 2017),
        ("content/posts/2021-05-28-reading-notes-may.md", 2021),
    ] {
        site.write(
            file,
            format!("---\ntitle: Notes {year}\nslug: reading-notes-may\n---\n\nText.\n"),
        );
    }
    let before = site.tree();
    let stderr = site.build_fails();
    assert!(
        stderr.contains("content/posts/2021-05-28-reading-notes-may.md:3:1: error: this page has the same URL /posts/reading-notes-may/ as content/posts/2017-05-09-reading-notes-may.md"),
        "{stderr}"
    );
    assert!(!stderr.contains("would share the URL"), "{stderr}");
    assert!(site.tree() == before, "a failed build changed public/");

    // One `path` and one file name: the page that chose the URL keeps it from a later
    // post, which takes its date.
    site.write(
        "content/posts/2017-05-09-reading-notes-may.md",
        "---\ntitle: Notes 2017\npath: posts/reading-notes-may\n---\n\nText.\n",
    );
    site.write(
        "content/posts/2021-05-28-reading-notes-may.md",
        "---\ntitle: Notes 2021\n---\n\nText.\n",
    );
    let stderr = site.build();
    assert_eq!(
        texts(
            &site.html("posts/reading-notes-may/index.html"),
            "article h1"
        ),
        ["Notes 2017"]
    );
    assert_eq!(
        texts(
            &site.html("posts/2021-05-28-reading-notes-may/index.html"),
            "article h1"
        ),
        ["Notes 2021"]
    );
    assert!(stderr.contains("would share the URL"), "{stderr}");
}

/// A new post that chooses the URL of an earlier one (`slug: launch` beside
/// `launch/index.md`) is an error at its `slug`: the earlier post, maybe published and
/// linked to, is not moved to a dated URL.
#[test]
fn a_later_post_choosing_an_earlier_posts_url_is_an_error_not_a_move() {
    let site = empty_site();
    site.write("gloss.toml", "base_url = \"https://example.org/\"\n");
    site.write(
        "content/posts/launch/index.md",
        "---\ntitle: Launch\ndate: 2026-01-10\n---\n\nWe launched.\n",
    );
    site.build();
    site.write(
        "content/posts/dup.md",
        "---\ntitle: Dup\ndate: 2026-01-11\nslug: launch\n---\n\nAnother.\n",
    );
    let before = site.tree();
    let stderr = site.build_fails();
    assert!(
        stderr.contains("content/posts/dup.md:4:1: error: this page has the same URL /posts/launch/ as content/posts/launch/index.md"),
        "{stderr}"
    );
    assert!(!stderr.contains("would share the URL"), "{stderr}");
    assert!(site.tree() == before, "a failed build changed public/");
}

/// The `content` of the page's `<meta name="description">`.
fn description(doc: &scraper::Html) -> Vec<String> {
    attrs(doc, "meta[name=description]", "content")
}

#[test]
fn other_engines_front_matter_is_read() {
    let site = empty_site();
    site.write("gloss.toml", "base_url = \"https://example.org/\"\n");
    // A WordPress → Jekyll export: a one-item list for a text field.
    site.write(
        "content/posts/2015-06-01-exported.md",
        "---\ntitle: Exported\ndescription:\n  - One sentence.\nlast_modified_at: 2016-01-02\ncategories: [Notes]\n---\n\nText.\n",
    );
    // Jekyll: `excerpt` as the description; `published: false` is a draft.
    site.write(
        "content/posts/2015-07-01-excerpted.md",
        "---\ntitle: Excerpted\nexcerpt: What lists show.\n---\n\nText.\n",
    );
    site.write(
        "content/posts/2015-08-01-unpublished.md",
        "---\ntitle: Unpublished\npublished: false\n---\n\nText.\n",
    );
    // Hugo: `publishDate` gives the date; `expiryDate`, `series`, `weight` stay quietly.
    site.write(
        "content/posts/hugo.md",
        "+++\ntitle = \"Hugo\"\npublishDate = 2019-02-03\nexpiryDate = 2030-01-01\nseries = [\"Trips\"]\nweight = 3\n+++\n\nText.\n",
    );
    // An export with only `published_at`: used, with a warning.
    site.write(
        "content/posts/ghost.md",
        "---\ntitle: Ghost\npublished_at: 2018-04-05T06:07:08Z\neleventyExcludeFromCollections: false\n---\n\nText.\n",
    );
    let stderr = site.build();

    let exported = site.html("posts/exported/index.html");
    assert_eq!(description(&exported), ["One sentence."]);
    assert_eq!(
        attrs(&exported, "article time.dt-updated", "datetime"),
        ["2016-01-02T00:00:00+00:00"]
    );
    assert!(
        stderr.contains("content/posts/2015-06-01-exported.md:3:1: warning: `description` is a list; its items were joined into one text"),
        "{stderr}"
    );
    assert_eq!(
        description(&site.html("posts/excerpted/index.html")),
        ["What lists show."]
    );
    assert!(!site.public().join("posts/unpublished").exists());
    assert_eq!(
        attrs(
            &site.html("posts/hugo/index.html"),
            "article time.dt-published",
            "datetime"
        ),
        ["2019-02-03T00:00:00+00:00"]
    );
    assert_eq!(
        attrs(
            &site.html("posts/ghost/index.html"),
            "article time.dt-published",
            "datetime"
        ),
        ["2018-04-05T06:07:08+00:00"]
    );
    assert!(
        stderr.contains("content/posts/ghost.md:3:1: warning: `published_at` gives this post's date, as it has no `date`"),
        "{stderr}"
    );
    assert!(!stderr.contains("unknown front matter key"), "{stderr}");
}

#[test]
fn posts_without_front_matter_get_a_title() {
    let site = empty_site();
    site.write(
        "content/posts/2020-01-02-plain.md",
        "# The *real* title\n\nText.\n",
    );
    site.write(
        "content/posts/2020-01-03-reading-notes-may.md",
        "Just text.\n",
    );
    site.build();
    let plain = site.html("posts/plain/index.html");
    // The heading is the title, and the page has one `<h1>`.
    assert_eq!(texts(&plain, "h1"), ["The real title"]);
    assert_eq!(texts(&plain, "title"), ["The real title · My gloss site"]);
    let notes = site.html("posts/reading-notes-may/index.html");
    assert_eq!(texts(&notes, "h1"), ["Reading notes may"]);
}

#[test]
fn a_pelican_header_is_front_matter() {
    let site = empty_site();
    site.write(
        "content/posts/pelican.md",
        "Title: Notes from the river\nDate: 2019-03-04 10:20\nTags: alpha, beta gamma\nCategory: Field notes\nSlug: river-notes\nSummary: Where the river bends.\n\nBody text.\n",
    );
    site.write(
        "content/posts/unfinished.md",
        "Title: Unfinished\nDate: 2019-03-05\nStatus: draft\n\nBody.\n",
    );
    // Prose that opens with a colon is not a header.
    site.write(
        "content/posts/2019-03-06-note.md",
        "Note: this is prose.\n\nMore.\n",
    );
    site.build();
    let doc = site.html("posts/river-notes/index.html");
    assert_eq!(texts(&doc, "article h1"), ["Notes from the river"]);
    assert_eq!(
        attrs(&doc, "article time.dt-published", "datetime"),
        ["2019-03-04T10:20:00+00:00"]
    );
    assert_eq!(
        texts(&doc, "article a[rel=tag]"),
        ["alpha", "beta gamma", "Field notes"]
    );
    assert_eq!(description(&doc), ["Where the river bends."]);
    assert_eq!(texts(&doc, "article .e-content p"), ["Body text."]);
    assert!(!site.public().join("posts/unfinished").exists());
    let note = site.html("posts/note/index.html");
    assert_eq!(
        texts(&note, "article .e-content p"),
        ["Note: this is prose.", "More."]
    );
}

#[test]
fn output_tags_left_in_a_post_are_warned_with_their_place() {
    let site = empty_site();
    site.write(
        "content/posts/2014-12-12-old.md",
        "---\ntitle: Old\n---\n\nPosted {{ \"12 Dec 2014\" | timePosted }}.\n\n`{{ page.title }}`\n",
    );
    let stderr = site.build();
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("template output tag"))
        .collect();
    assert_eq!(
        warnings,
        [
            "content/posts/2014-12-12-old.md:5:8: warning: template output tag `{{ \"12 Dec 2014\" | timePosted }}` (Jekyll, Eleventy, Hugo or Zola) is not supported; it is left as text"
        ]
    );
    let doc = site.html("posts/old/index.html");
    assert_eq!(
        texts(&doc, "article .e-content p"),
        [
            "Posted {{ \"12 Dec 2014\" | timePosted }}.",
            "{{ page.title }}"
        ]
    );
}
