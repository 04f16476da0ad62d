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

    // One `path` and one file name: the page that chose the URL keeps it.
    site.write(
        "content/posts/2017-05-09-reading-notes-may.md",
        "---\ntitle: Notes 2017\n---\n\nText.\n",
    );
    site.write(
        "content/posts/2021-05-28-reading-notes-may.md",
        "---\ntitle: Notes 2021\npath: posts/reading-notes-may\n---\n\nText.\n",
    );
    let stderr = site.build();
    assert_eq!(
        texts(
            &site.html("posts/reading-notes-may/index.html"),
            "article h1"
        ),
        ["Notes 2021"]
    );
    assert_eq!(
        texts(
            &site.html("posts/2017-05-09-reading-notes-may/index.html"),
            "article h1"
        ),
        ["Notes 2017"]
    );
    assert!(stderr.contains("would share the URL"), "{stderr}");
}
